"""Reading a packages file: the upload checks (size, real .xlsx or CSV text, zip bomb), then the
rows of the table whose header best matches the mapping — with the registry import's limits on
an .xlsx (declared part sizes and row elements counted before openpyxl opens a sheet, a deadline
at every row), CSV in UTF-8 (with or without BOM) or UTF-16 with its delimiter sniffed among
comma, semicolon and tab. Reading stops after :data:`BLANK_RUN` blank rows in a row; more than
:data:`MAX_ROWS` packages refuse the file. Nothing is written here."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import time
from dataclasses import dataclass, field

from django.conf import settings

from cds.core.errors import ServiceError
from cds.core.uploads import check_xlsx_upload
from cds.projects.importer import parsing as workbook
from cds.projects.importer.cells import is_blank
from cds.text.format import num
from cds.text.normalize import fold

from .columns import header_keys

# Packages in one file. Every package goes through the services (history, audit, checks), about
# 11 ms each on a 2-core machine, and a file is written twice (tried when uploaded, written when
# confirmed): 2,000 packages keep each step well inside the server's request timeout.
MAX_ROWS = 2_000
BLANK_RUN = 200            # blank rows in a row after which the file is not read further
HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 80
DELIMITERS = (",", ";", "\t")
CSV_EXTENSIONS = ("csv", "txt")
GUIDE_SHEET = "Hướng dẫn"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_TEXT = "Nội dung tệp không phải là văn bản CSV (tệp giả mạo, tệp nhị phân hoặc bị hỏng)."
BAD_ENCODING = ("Tệp CSV phải được lưu bằng mã UTF-8 hoặc UTF-16 (trong Excel: “CSV UTF-8” hoặc “Văn bản Unicode”); "
                "không đọc được tệp này.")
WRONG_TYPE = "Chỉ nhận tệp Excel .xlsx hoặc tệp .csv (kết quả xuất từ Hệ thống mạng đấu thầu quốc gia)."


def too_many_rows() -> str:
    return (f"Tệp có hơn {num(MAX_ROWS)} gói thầu; hãy chia thành nhiều tệp, mỗi tệp tối đa {num(MAX_ROWS)} "
            "dòng.")


def too_many_sheet_rows() -> str:
    return (f"Trang tính có hơn {num(workbook.MAX_SHEET_ROWS)} dòng (kể cả dòng trống, dòng chỉ có định dạng); hãy "
            f"xóa các dòng thừa bên dưới dữ liệu hoặc chia thành nhiều tệp, mỗi tệp tối đa {num(MAX_ROWS)} gói thầu.")


def _read_limited(upload) -> bytes:
    limit = settings.MAX_IMPORT_BYTES
    size = getattr(upload, "size", None)
    mb = f"{limit / 1024 / 1024:.1f} MB".replace(".", ",")
    if size is not None and size > limit:
        raise ServiceError(f"Tệp quá lớn; dung lượng tối đa là {mb}.")
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ServiceError(f"Tệp quá lớn; dung lượng tối đa là {mb}.")
    if not data:
        raise ServiceError("Tệp rỗng.")
    return data


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not) or UTF-16 (BOM or not); :class:`ServiceError`
    for anything else, or for bytes that are not text."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff")):
        raise ServiceError(NOT_TEXT)
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[3:].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif len(data) >= 2 and not any(data[1:400:2]):
            text = data.decode("utf-16-le")
        elif len(data) >= 2 and not any(data[0:400:2]):
            text = data.decode("utf-16-be")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError(BAD_ENCODING) from None
    if _CONTROL.search(text):
        raise ServiceError(NOT_TEXT)
    return text


def check_upload(upload) -> tuple[str, bytes]:
    """("xlsx" | "csv", the bytes) of an upload checked by size and content, never by its name alone."""
    name = (getattr(upload, "name", "") or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext == "xlsx":
        return "xlsx", check_xlsx_upload(upload)
    if ext in CSV_EXTENSIONS:
        data = _read_limited(upload)
        decode_csv(data)
        return "csv", data
    raise ServiceError(WRONG_TYPE)


@dataclass
class Table:
    """The rows below the header of the table found: (row number, values)."""
    sheet: str = ""
    header_row: int | None = None
    columns: dict[int, str] = field(default_factory=dict)       # column index → field code
    headers: dict[int, str] = field(default_factory=dict)       # column index → the header as written
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _recognise(values, lookup: dict) -> tuple[dict[int, str], dict[int, str]]:
    columns, headers = {}, {}
    for idx, value in enumerate(values or ()):
        if not isinstance(value, str) or not value.strip():
            continue
        for key in header_keys(value):
            if key in lookup:
                columns[idx], headers[idx] = lookup[key], " ".join(value.split())
                break
    return columns, headers


def _score(columns: dict) -> int:
    keys = set(columns.values())
    return len(keys) + (100 if "name" in keys else 0) if len(keys) >= 2 else 0


def _header(buffer, lookup) -> tuple[int | None, dict, dict, int]:
    best = (None, {}, {}, 0)
    for i, values in enumerate(buffer):
        columns, headers = _recognise(values, lookup)
        score = _score(columns)
        if score > best[3]:
            best = (i + 1, columns, headers, score)
    return best


def _collect(table: Table, buffer: list, rest, deadline: float) -> None:
    row_no, blank_run = table.header_row, 0
    for values in itertools.chain(buffer[table.header_row:], rest):
        row_no += 1
        if time.monotonic() > deadline:
            raise workbook.Refused(workbook.too_slow())
        if not values or all(is_blank(v) for v in values):
            blank_run += 1
            if blank_run >= BLANK_RUN:
                table.warnings.append(f"Dừng đọc ở dòng {num(row_no)} sau {BLANK_RUN} dòng trống liên tiếp; các "
                                      "dòng bên dưới (nếu có) không được đọc.")
                return
            continue
        blank_run = 0
        if len(table.rows) >= MAX_ROWS:
            raise workbook.Refused(too_many_rows())
        table.rows.append((row_no, tuple(values)))


def read_xlsx(data: bytes, lookup: dict, deadline: float) -> Table:
    """The table of the first sheet whose header matches the mapping. Raises
    :class:`~cds.projects.importer.parsing.Refused` (a limit) or ``ReadError`` (broken XML)."""
    try:
        workbook.check_parts(data)
    except workbook.Refused as exc:
        if str(exc) == workbook.too_many_rows():
            raise workbook.Refused(too_many_sheet_rows()) from None
        raise
    try:
        wb = workbook.open_workbook(data)
    except Exception:  # noqa: BLE001 - any parser failure is the same answer for the user
        raise workbook.ReadError() from None
    try:
        table = Table()
        for ws in wb.worksheets:
            if fold(ws.title) == fold(GUIDE_SHEET):
                continue
            ws.reset_dimensions()  # the rows read are what counts, whatever the sheet declares
            rows = workbook.safe_rows(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), deadline)
            buffer = list(itertools.islice(rows, HEADER_SCAN_ROWS))
            header_row, columns, headers, score = _header(buffer, lookup)
            if header_row is None:
                continue
            table = Table(sheet=ws.title, header_row=header_row, columns=columns, headers=headers)
            _collect(table, buffer, rows, deadline)
            return table
        return table
    finally:
        wb.close()


def _csv_rows(text: str, delimiter: str, deadline: float):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return workbook.safe_rows(reader, deadline)


def read_csv(data: bytes, lookup: dict, deadline: float) -> Table:
    """The table of a CSV file, its delimiter the one whose first lines give the best header."""
    text = decode_csv(data)
    head = text[:65_536]
    best = None
    for delimiter in DELIMITERS:
        buffer = list(itertools.islice(_csv_rows(head, delimiter, deadline), HEADER_SCAN_ROWS))
        header_row, columns, headers, score = _header(buffer, lookup)
        if header_row is not None and (best is None or score > best[1]):
            best = (delimiter, score, header_row, columns, headers)
    if best is None:
        return Table()
    delimiter, _score_, header_row, columns, headers = best
    table = Table(sheet="CSV", header_row=header_row, columns=columns, headers=headers)
    rows = _csv_rows(text, delimiter, deadline)
    buffer = list(itertools.islice(rows, header_row))
    _collect(table, buffer, rows, deadline)
    return table
