"""Reading a workbook: the upload checks (size, real .xlsx, zip bomb) and the limits enforced
before and while any work is done — the declared uncompressed size of every part, the rows a
sheet declares (its ``<dimension>``), every row *read* (blank ones too) against the row cap, the
columns, the header rows scanned and a deadline checked at each row —, the sheet and header
found, every row validated with its Excel row number, duplicates within the file and against
the registry reported. Nothing is written but the audit event of :func:`preview`."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re
import time
import zipfile
import zlib

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.uploads import MAX_XLSX_UNCOMPRESSED, check_xlsx_upload
from cds.text.chars import scrub
from cds.text.format import num
from cds.text.normalize import fold

from ..models import Project, State
from ..permissions import can_import
from .cells import (
    CellError,
    cell_text,
    check_cell,
    is_blank,
    parse_bool,
    parse_date,
    parse_money,
    parse_year,
)
from .columns import (
    BY_KEY,
    CATALOG_SHEET,
    EXAMPLE_FOLDED,
    GUIDE_SHEET,
    HEADER_LOOKUP,
    IMPORT_STATES,
    KIND_SHORT_LABELS,
    REQUIRED_KEYS,
    cached_fold,
    header_key,
)
from .lookups import Lookups
from .result import ImportResult, ImportRow

MAX_ROWS = 20_000                       # rows read below the header, blank ones included
MAX_COLUMNS = 60
HEADER_SCAN_ROWS = 10
MAX_NAME = 500
MAX_TEXT = 10_000
MAX_DECISION = 80
MAX_PART_BYTES = 60 * 1024 * 1024       # one sheet's XML, uncompressed: 20.000 full rows need ≈ 15 MB
MAX_SHEET_ROWS = 5 * MAX_ROWS           # rows any sheet may hold (a list of units beside the data is fine)
MAX_SECONDS = 30                        # reading and checking one file



def too_many_rows() -> str:
    return (f"Tệp có hơn {num(MAX_ROWS)} dòng bên dưới dòng tiêu đề (kể cả dòng trống); hãy xóa các dòng thừa "
            f"hoặc chia thành nhiều tệp, mỗi tệp tối đa {num(MAX_ROWS)} dòng.")


def too_big() -> str:
    return ("Tệp Excel có dung lượng giải nén bất thường (nghi ngờ tệp nén độc hại) hoặc quá lớn để nhập một lần; "
            f"hãy chia thành nhiều tệp, mỗi tệp tối đa {num(MAX_ROWS)} dòng.")


def too_slow() -> str:
    return (f"Đọc tệp mất quá {MAX_SECONDS} giây nên đã dừng; hãy xóa các dòng, cột, trang tính thừa hoặc chia "
            "thành nhiều tệp nhỏ hơn.")


def open_workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _recognise(header_values) -> dict[int, str]:
    """Column index → field key for one candidate header row (first occurrence wins)."""
    found: dict[int, str] = {}
    for idx, value in enumerate(header_values):
        if is_blank(value) or not isinstance(value, str):
            continue
        key = HEADER_LOOKUP.get(header_key(value))
        if key:
            found[idx] = key
    return found


def _score(mapping: dict[int, str]) -> int:
    keys = set(mapping.values())
    return 100 * len(keys & set(REQUIRED_KEYS)) + len(keys)


class ReadError(Exception):
    """The workbook's XML could not be read (tampered or truncated file)."""


class Refused(Exception):
    """A limit was reached; ``str(exc)`` says which, in Vietnamese."""


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_SCAN_CHUNK = 1024 * 1024


def _count_rows(zf, info, limit: int) -> int:
    """The ``<row>`` elements of a worksheet part, counted on the decompressed bytes without
    parsing the XML; stops once past ``limit``."""
    count, rest = 0, b""
    with zf.open(info) as part:
        while count <= limit:
            chunk = part.read(_SCAN_CHUNK)
            window = rest + chunk
            if not chunk:
                return count + len(_ROW_TAG.findall(window))
            # Count up to the last "<" of the window: a tag cut by the chunk's end is counted next time.
            cut = window.rfind(b"<", max(0, len(window) - 64))
            cut = len(window) if cut < 0 else cut
            count += len(_ROW_TAG.findall(window, 0, cut))
            rest = window[cut:]
    return count


def check_parts(data: bytes) -> None:
    """Refuse, before openpyxl parses anything, a package whose parts declare more than
    :data:`MAX_PART_BYTES` each or :data:`MAX_XLSX_UNCOMPRESSED` together (zipfile never
    returns more than a part declares, so these sizes bound the reading), or a worksheet with
    more than :data:`MAX_SHEET_ROWS` rows: openpyxl reads a whole sheet when opening it if the
    sheet does not state its dimension, which half a million blank rows make a minute's work."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            sizes = [info.file_size for info in infos]
            if sum(sizes) > MAX_XLSX_UNCOMPRESSED or max(sizes, default=0) > MAX_PART_BYTES:
                raise Refused(too_big())
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    if _count_rows(zf, info, MAX_SHEET_ROWS) > MAX_SHEET_ROWS:
                        raise Refused(too_many_rows())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        return  # openpyxl then says it cannot read the file


def safe_rows(iterator, deadline: float):
    """Rows of a sheet; any failure of the XML reader becomes :class:`ReadError` so that
    it is never confused with a validation problem (or hidden bugs), and reading stops with
    :func:`too_slow` once ``deadline`` (``time.monotonic()``) has passed."""
    while True:
        if time.monotonic() > deadline:
            raise Refused(too_slow())
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - lxml/expat/zip/openpyxl errors alike
            raise ReadError() from exc
        yield values


def _rows_of(ws, deadline: float):
    ws.declared_rows = ws.max_row  # what its <dimension> tag says, checked once the sheet is picked
    ws.reset_dimensions()  # the tag may also be wrong or missing: the rows read are counted
    return safe_rows(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), deadline)


SKIPPED_SHEETS = {fold(CATALOG_SHEET), fold(GUIDE_SHEET)}


def _pick_sheet(wb, deadline: float):
    """(sheet, header row number or None, mapping, buffered first rows, rest of the rows)
    for the sheet whose header best matches the expected columns."""
    first = best = None
    for ws in wb.worksheets:
        if fold(ws.title) in SKIPPED_SHEETS:
            continue
        rows = _rows_of(ws, deadline)
        buffer = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        if first is None:
            first = (ws, None, {}, buffer, rows)
        for i, values in enumerate(buffer):
            mapping = _recognise(values)
            if len(mapping) >= 2 and (best is None or _score(mapping) > _score(best[2])):
                best = (ws, i + 1, mapping, buffer, rows)
        if best is not None and set(REQUIRED_KEYS) <= set(best[2].values()):
            break
    return best or first


UNREADABLE = "Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx)."


def parse(user, data: bytes, file_name: str = "") -> ImportResult:
    """Read and validate the workbook ``data`` for ``user``; write nothing."""
    deadline = time.monotonic() + MAX_SECONDS
    result = ImportResult(file_name=scrub(file_name), sha256=hashlib.sha256(data).hexdigest())
    try:
        check_parts(data)
    except Refused as exc:
        return result.file_error(str(exc))
    try:
        wb = open_workbook(data)
    except Exception:  # noqa: BLE001 - any parser failure is the same answer for the user
        return result.file_error(UNREADABLE)
    try:
        return _parse_workbook(user, wb, result, deadline)
    except ReadError:
        result.rows = []
        return result.file_error(UNREADABLE)
    except Refused as exc:
        result.rows = []
        return result.file_error(str(exc))
    finally:
        wb.close()


def _parse_workbook(user, wb, result: ImportResult, deadline: float) -> ImportResult:  # noqa: C901
    picked = _pick_sheet(wb, deadline)
    if picked is None:
        return result.file_error("Tệp Excel trống, không có trang tính nào có dữ liệu.")
    ws, header_row, mapping, buffer, rest = picked
    result.sheet = ws.title
    if (ws.declared_rows or 0) > HEADER_SCAN_ROWS + MAX_ROWS:
        return result.file_error(too_many_rows())
    if header_row is None:
        if not any(any(not is_blank(v) for v in row) for row in buffer):
            return result.file_error("Tệp Excel trống, không có dữ liệu.")
        for key in REQUIRED_KEYS:
            result.file_error(f"Thiếu cột bắt buộc “{BY_KEY[key].label}”. Hãy dùng tệp mẫu tải về từ hệ thống.")
        return result
    result.header_row = header_row
    header_values = buffer[header_row - 1]
    seen: dict[str, int] = {}
    for idx, key in sorted(mapping.items()):
        if key in seen:
            result.file_error(
                f"Cột “{BY_KEY[key].label}” xuất hiện nhiều lần (cột {_col_letter(seen[key])} và cột {_col_letter(idx)})."
            )
        else:
            seen[key] = idx
    for idx, value in enumerate(header_values):
        if not is_blank(value) and idx not in mapping:
            result.ignored_columns.append(scrub(cell_text(value)))
    missing = [k for k in REQUIRED_KEYS if k not in seen]
    for key in missing:
        result.file_error(f"Thiếu cột bắt buộc “{BY_KEY[key].label}”. Hãy dùng tệp mẫu tải về từ hệ thống.")
    result.columns = [BY_KEY[k].label for k in sorted(seen, key=seen.get)]
    if result.error_count:
        return result

    lookups = Lookups(user)
    today = timezone.localdate()
    columns = [(idx, key) for key, idx in seen.items()]
    seen_rows: dict[tuple[int, str], int] = {}
    candidates: list[tuple[int, int, str]] = []  # (row number, unit id, folded name) for the DB check
    pending: list[ImportRow] = []

    def data_rows():
        row_no = header_row
        for values in buffer[header_row:]:
            row_no += 1
            yield row_no, values
        for values in rest:
            row_no += 1
            yield row_no, values

    for row_no, values in data_rows():
        if row_no - header_row > MAX_ROWS:  # rows read, blank or not: reading stops here
            return result.file_error(too_many_rows())
        if not values or all(is_blank(v) for v in values):
            continue
        result.total_rows += 1
        cells = {key: (values[idx] if idx < len(values) else None) for idx, key in columns}
        row, unit, folded = _parse_row(row_no, cells, lookups, result, today)
        if unit is not None and folded:
            first = seen_rows.get((unit.pk, folded))
            if first is not None:
                result.add(row_no, BY_KEY["name"].label,
                           f"trùng với dòng {first} trong tệp (cùng tên và cùng đơn vị chủ đầu tư)")
                row = None
            else:
                seen_rows[(unit.pk, folded)] = row_no
                candidates.append((row_no, unit.pk, folded))
        if row is not None:
            pending.append(row)

    if result.total_rows == 0:
        return result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")

    existing = _existing_codes({unit_id for _r, unit_id, _f in candidates})
    clashes = set()
    for row_no, unit_id, folded in candidates:
        code = existing.get((unit_id, folded))
        if code:
            result.add(row_no, BY_KEY["name"].label,
                       f"đã có nhiệm vụ/dự án {code} cùng tên của đơn vị chủ đầu tư này trong hệ thống")
            clashes.add(row_no)
    result.rows = [r for r in pending if r.row not in clashes and r.row not in result.error_rows]
    return result


def _col_letter(idx: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(idx + 1)


def _existing_codes(unit_ids: set[int]) -> dict[tuple[int, str], str]:
    out: dict[tuple[int, str], str] = {}
    if not unit_ids:
        return out
    qs = Project.objects.filter(investor_unit_id__in=list(unit_ids)).values_list("investor_unit_id", "name", "code")
    for unit_id, name, code in qs.iterator(chunk_size=5000):
        out.setdefault((unit_id, fold(name)), code)
    return out


def _parse_row(row_no: int, cells: dict, lk: Lookups, result: ImportResult, today: dt.date):  # noqa: C901
    """Validate one row. Returns (ImportRow or None, unit or None, folded name) — the unit and
    name are returned even for a row with errors so duplicates can still be reported."""
    errors_before = result.error_count

    def err(key: str, message: str) -> None:
        result.add(row_no, BY_KEY[key].label, message)

    def required(key: str) -> bool:
        if is_blank(cells.get(key)):
            err(key, "chưa nhập (cột bắt buộc)")
            return False
        return True

    # A text that cannot be stored is refused before anything reads it (nor echoes it back).
    for key in list(cells):
        try:
            cells[key] = check_cell(cells[key])
        except CellError as exc:
            err(key, str(exc))
    if result.error_count != errors_before:
        return None, None, ""

    # name
    name = ""
    if required("name"):
        name = " ".join(cell_text(cells["name"]).split())
    folded = fold(name)
    if len(name) > MAX_NAME:
        err("name", f"tên quá dài ({num(len(name))} ký tự; tối đa {MAX_NAME})")
    elif folded and folded == EXAMPLE_FOLDED:
        err("name", "đây là dòng ví dụ của tệp mẫu, hãy xóa hoặc thay bằng dữ liệu thật")

    kind = ""
    if required("kind"):
        kind = lk.kinds.get(cached_fold(cell_text(cells["kind"]))) or lk.kinds.get(header_key(cell_text(cells["kind"])))
        if not kind:
            err("kind", f"loại “{cell_text(cells['kind'])}” không hợp lệ; chọn: " + ", ".join(KIND_SHORT_LABELS.values()))

    group = lk.groups.get(cached_fold(cell_text(cells.get("group"))))
    if group is None:
        err("group", f"nhóm “{cell_text(cells.get('group'))}” không hợp lệ; chọn QG, A, B, C hoặc -")

    regime_id = None
    if required("regime"):
        regime_id = lk.regimes.get(cached_fold(cell_text(cells["regime"])))
        if regime_id is None:
            err("regime", f"không tìm thấy chế độ pháp lý “{cell_text(cells['regime'])}” (xem sheet “Danh mục”)")

    unit = None
    if required("unit"):
        try:
            unit = lk.unit(cells["unit"])
        except CellError as exc:
            err("unit", str(exc))

    programme_id = None
    if not is_blank(cells.get("programme")):
        programme_id = lk.programmes.get(cached_fold(cell_text(cells["programme"])))
        if programme_id is None:
            err("programme", f"không tìm thấy chương trình “{cell_text(cells['programme'])}” (xem sheet “Danh mục”)")

    start_year = end_year = None
    if required("start_year"):
        try:
            start_year = parse_year(cells["start_year"])
        except CellError as exc:
            err("start_year", str(exc))
    try:
        end_year = parse_year(cells.get("end_year"))
    except CellError as exc:
        err("end_year", str(exc))
    if start_year and end_year and end_year < start_year:
        err("end_year", f"năm kết thúc ({end_year}) không được trước năm bắt đầu ({start_year})")
    if unit is not None and unit.valid_to and start_year and start_year > unit.valid_to.year:
        err("unit", f"đơn vị “{unit.name}” chỉ hoạt động đến {unit.valid_to:%d/%m/%Y}; nhiệm vụ/dự án bắt đầu năm "
                    f"{start_year} phải đăng ký cho đơn vị kế thừa")

    carried_over = False
    try:
        carried_over = parse_bool(cells.get("carried_over"))
    except CellError as exc:
        err("carried_over", str(exc))

    state = State.PROPOSED
    if not is_blank(cells.get("state")):
        state = lk.all_states.get(cached_fold(cell_text(cells["state"])))
        if state is None:
            err("state", f"trạng thái “{cell_text(cells['state'])}” không hợp lệ (xem sheet “Danh mục”)")
        elif state not in IMPORT_STATES:
            err("state", f"trạng thái “{State(state).label}” không nhập được từ Excel; hãy nhập trạng thái trước đó "
                         "rồi thực hiện bước này trên hệ thống")

    objectives = cell_text(cells.get("objectives"))
    scope = cell_text(cells.get("scope"))
    for key, value in (("objectives", objectives), ("scope", scope)):
        if len(value) > MAX_TEXT:
            err(key, f"quá dài ({num(len(value))} ký tự; tối đa {num(MAX_TEXT)})")

    source_ids: list[int] = []
    raw_sources = cell_text(cells.get("funding_sources"))
    for part in re.split(r"[;\n]", raw_sources):
        part = part.strip()
        if not part:
            continue
        pk = lk.sources.get(cached_fold(part))
        if pk is None:
            err("funding_sources", f"không tìm thấy nguồn vốn “{part}” (xem sheet “Danh mục”; nhiều nguồn cách nhau bằng “;”)")
        elif pk not in source_ids:
            source_ids.append(pk)

    approved = disbursed = None
    decision_date = None
    try:
        approved = parse_money(cells.get("approved"))
    except CellError as exc:
        err("approved", str(exc))
    try:
        disbursed = parse_money(cells.get("disbursed"))
    except CellError as exc:
        err("disbursed", str(exc))
    decision_number = cell_text(cells.get("decision_number"))
    if len(decision_number) > MAX_DECISION:
        err("decision_number", f"quá dài (tối đa {MAX_DECISION} ký tự)")
    try:
        decision_date = parse_date(cells.get("decision_date"), today=today)
    except CellError as exc:
        err("decision_date", str(exc))
    if approved:
        if not decision_number:
            err("decision_number", "bắt buộc khi có tổng mức/dự toán được duyệt")
        if decision_date is None and is_blank(cells.get("decision_date")):
            err("decision_date", "bắt buộc khi có tổng mức/dự toán được duyệt")
        if not source_ids and not raw_sources:
            err("funding_sources", "cần ít nhất một nguồn vốn khi có tổng mức/dự toán được duyệt")
    if disbursed and not source_ids and not raw_sources and not approved:
        err("funding_sources", "cần ít nhất một nguồn vốn khi có số giải ngân")

    if result.error_count != errors_before:
        return None, unit, folded
    return ImportRow(
        row=row_no, name=name, kind=kind, group=group, regime_id=regime_id, unit=unit,
        programme_id=programme_id, start_year=start_year, end_year=end_year, carried_over=carried_over,
        state=state, objectives=objectives, scope=scope, funding_source_ids=source_ids,
        approved=approved or None, decision_number=decision_number, decision_date=decision_date,
        disbursed=disbursed or None,
    ), unit, folded


def preview(user, upload) -> tuple[ImportResult, bytes | None]:
    """Check and parse an uploaded file; writes only the audit event. Returns the result
    and the bytes (None when the upload itself was refused)."""
    if not can_import(user):
        raise PermissionDenied("Bạn không có quyền nhập danh mục từ Excel.")
    name = scrub((getattr(upload, "name", "") or "")[-255:])
    try:
        data = check_xlsx_upload(upload)
    except ServiceError as exc:
        result = ImportResult(file_name=name)
        for message in exc.messages:
            result.file_error(message)
        record_event(user, "import.rejected", data=result.summary())
        return result, None
    result = parse(user, data, name)
    verb = "import.rejected" if result.file_errors or not result.total_rows else "import.previewed"
    record_event(user, verb, data=result.summary())
    return result, data
