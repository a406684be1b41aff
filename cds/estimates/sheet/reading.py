"""Reading the estimate sheet officials already use ("Bảng tổng hợp dự toán", "Dự toán chi
tiết"): a title block, a header row, then group heading rows (I, II …), the items of each group,
a "Cộng" row per group and a "Tổng cộng" row.

Limits are enforced before and while reading: the upload checks of :mod:`cds.core.uploads`
(real .xlsx, size, zip-bomb ratio), the uncompressed size of every part, a worksheet without its
dimension given one (openpyxl would read it whole on opening), a read-only workbook read row by row that
stops after :data:`BLANK_RUN` blank rows in a row, at most :data:`MAX_LINES` items and
:data:`MAX_COLUMNS` columns, and a deadline. Nothing is written; every problem found is returned
with the row number Excel shows and the column's letter and name."""
from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.core.files.base import ContentFile
from openpyxl.utils import column_index_from_string, get_column_letter

from cds.core.errors import ServiceError
from cds.core.uploads import check_xlsx_upload
from cds.text.chars import scrub
from cds.text.format import num
from cds.text.normalize import expand, fold

from .cells import (
    CellProblem,
    basis_label,
    cell_text,
    is_blank,
    read_amount,
    read_quantity,
    read_rate,
    read_text,
    recognise_basis,
    round_half_up,
)
from .samples import SAMPLE_NAMES
from .shapes import GroupSpec, ParsedSheet, RowError, SheetLine

MAX_LINES = 5_000                      # items of one estimate
MAX_ROWS_READ = 2 * MAX_LINES          # non-blank rows below the header (headings, sums, notes included)
MAX_COLUMNS = 40
HEADER_SCAN_ROWS = 15
BLANK_RUN = 200                        # blank rows in a row after which reading stops
MAX_ERRORS = 200
MAX_WARNINGS = 100
MAX_SECONDS = 20
MAX_PART_BYTES = 60 * 1024 * 1024
UNSIZED_PART_BYTES = 2 * 1024 * 1024   # a worksheet without <dimension> larger than this is given one
MAX_MERGED_CELLS = 20_000
MAX_NAME, MAX_UNIT, MAX_STT, MAX_NOTE = 500, 50, 20, 1000
GUIDE_SHEET = "Hướng dẫn"

LABELS = {
    "stt": "STT", "name": "Nội dung chi phí", "unit": "Đơn vị tính", "quantity": "Khối lượng",
    "unit_price": "Đơn giá", "amount": "Thành tiền", "vat_rate": "Thuế GTGT (%)",
    "vat_amount": "Thuế GTGT (đồng)", "basis": "Căn cứ", "note": "Ghi chú",
}
NUMBER_KEYS = ("quantity", "unit_price", "amount", "vat_rate", "vat_amount")
NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_NUMERAL_NAME = re.compile(r"^(X|IX|IV|V?I{1,3}|V)\s*[.):\-–]\s*(\S.*)$")
# Some sheets letter their groups ("A", "B." or "A. Chi phí thiết bị"): such a row is a heading
# only when what follows the letter is the name of one of the structure's groups.
_LETTER = re.compile(r"^([A-H])\.?$")
_LETTER_NAME = re.compile(r"^([A-H])\s*[.):\-–]\s*(\S.*)$")
TOTAL_WORDS = ("tong cong", "tong so tien", "tong du toan", "tong muc dau tu", "tong kinh phi", "tong gia tri")
SUMMARY_WORDS = ("cong truoc thue", "tong truoc thue", "cong sau thue", "gia tri sau thue", "thue gtgt",
                 "thue vat", "bang chu")
SUBTOTAL_SECOND = {"nhom", "chi", "muc", "phan", "gia", "so", "cac"} | {n.lower() for n in NUMERALS}

UNREADABLE = "Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx)."


class _Refused(Exception):
    """A limit was reached: ``str(exc)`` says which, in Vietnamese."""


class _ReadError(Exception):
    """The worksheet's XML could not be read."""


def too_slow() -> str:
    return (f"Đọc tệp mất quá {MAX_SECONDS} giây nên đã dừng; hãy xóa các dòng, cột, trang tính thừa rồi tải "
            "lên lại.")


def too_many_lines() -> str:
    return (f"Bảng có hơn {num(MAX_LINES)} khoản mục (hoặc hơn {num(MAX_ROWS_READ)} dòng có dữ liệu bên dưới "
            "dòng tiêu đề); hãy gộp bớt khoản mục hoặc lập phụ lục chi tiết riêng.")


# ------------------------------------------------------------------ header


def header_key(value) -> str | None:
    """The field a header cell names, or None. "Thuế GTGT (%)" is the rate, "Thuế GTGT
    (đồng)" the amount; "… sau thuế" is recognised only to be ignored."""
    if not isinstance(value, str):
        return None
    f = fold(value)
    if not f:
        return None
    if "sau thue" in f:
        return "after_tax"
    if f.startswith(("thue gtgt", "thue vat", "vat", "thue suat", "tien thue", "gtgt")):
        if "%" in value or "suat" in f or "ty le" in f:
            return "vat_rate"
        if "dong" in f.split() or "tien thue" in f or "vnd" in f:
            return "vat_amount"
        return "vat_rate"
    prefixes = [
        ("basis", ("can cu",)), ("note", ("ghi chu",)), ("unit", ("don vi tinh", "dvt")),
        ("unit_price", ("don gia", "gia don vi")), ("quantity", ("khoi luong", "so luong")),
        ("amount", ("thanh tien", "gia tri", "kinh phi", "chi phi truoc thue", "truoc thue")),
        ("name", ("noi dung", "hang muc", "khoan muc", "ten ", "dien giai", "danh muc")),
    ]
    if f in ("stt", "tt", "so tt", "so thu tu"):
        return "stt"
    if f == "don vi":
        return "unit"
    for key, words in prefixes:
        if f.startswith(words):
            return key
    return None


def _mapping(values) -> dict[str, int]:
    found: dict[str, int] = {}
    for idx, value in enumerate(values[:MAX_COLUMNS]):
        key = header_key(value)
        if key and key not in found:
            found[key] = idx
    return found


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """(index in ``rows``, key → column index) of the best header among the first rows."""
    best = None
    for i, values in enumerate(rows):
        mapping = _mapping(values)
        if "name" in mapping and "amount" in mapping and (best is None or len(mapping) > len(best[1])):
            best = (i, mapping)
    if best is None:
        return None
    i, mapping = best
    if i + 1 < len(rows):  # a second header row under a merged "Thành tiền": Trước thuế | Thuế | Sau thuế
        sub = _mapping(rows[i + 1])
        if len(sub) >= 2 and "name" not in sub:
            taken = {idx: key for key, idx in mapping.items()}
            for key, idx in sub.items():
                if taken.get(idx) not in (None, key):
                    mapping.pop(taken[idx], None)
                mapping[key] = idx
    mapping.pop("after_tax", None)
    return best[0], mapping


# ------------------------------------------------------------------ package checks


_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b")
_AFTER_DIMENSION = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)(?:sheetViews|sheetFormatPr|cols|sheetData)\b")


def _prepared(data: bytes) -> bytes:
    """The package as openpyxl will read it. Refused: a part larger than
    :data:`MAX_PART_BYTES` once decompressed. A large worksheet without its ``<dimension>``
    (openpyxl's write-only mode writes none) gets a placeholder one: openpyxl reads such a sheet
    whole merely to size it when the workbook is opened, which half a million blank rows make
    seconds of work; the rows are read until the data ends whatever the dimension says."""
    unsized = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.file_size > MAX_PART_BYTES:
                    raise _Refused("Tệp Excel có một phần quá lớn khi giải nén (nghi ngờ tệp nén độc hại), đã từ chối.")
                if (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                        and info.file_size > UNSIZED_PART_BYTES):
                    with zf.open(info) as part:
                        head = part.read(64 * 1024)
                    before = _AFTER_DIMENSION.search(head)
                    if before is None:
                        raise _Refused(UNREADABLE)
                    if not _DIMENSION.search(head, 0, before.start()):
                        unsized[info.filename] = before
            if not unsized:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
                for info in zf.infolist():
                    body = zf.read(info)
                    found = unsized.get(info.filename)
                    if found is not None:
                        body = b"%s<%sdimension ref=\"A1\"/>%s" % (body[:found.start()], found.group(1),
                                                                    body[found.start():])
                    dst.writestr(info, body)
            return out.getvalue()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        raise _Refused(UNREADABLE) from None


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_MERGE = re.compile(rb"<" + _NS + rb'mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
# A formula cell and its cached value: <c r="F7" s="3"><f>D7*E7</f><v>96000000</v></c>, or no <v>
# (Excel's file never calculated), or an empty <v></v> (openpyxl writes formulas that way).
_FORMULA_CELL = re.compile(rb"<" + _NS + rb"c\b([^>]*)>\s*<" + _NS + rb"f\b[^>]*(?:/>|>[^<]*</" + _NS + rb"f>)\s*"
                           rb"(?:<" + _NS + rb"v\s*/>|<" + _NS + rb"v>([^<]*)</" + _NS + rb"v>)?\s*</" + _NS + rb"c>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_TEXT_RESULT = re.compile(rb'\bt="str"')


@dataclass
class _PartScan:
    merges: list[tuple[int, int, int, int, str]]   # first row, last row, first column, last column, "D7:F7"
    uncached: set[tuple[int, int]]                 # (row, column) of formula cells without a cached value


def _scan_part(data: bytes, part: str | None) -> _PartScan:
    """What openpyxl's read-only reader does not tell: the merged ranges (they follow the cell
    data in the XML) and the formula cells without a cached value (in data-only mode they read
    as empty). The part is scanned as bytes; its size was bounded by :func:`_prepared`."""
    scan = _PartScan([], set())
    if not part:
        return scan
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read(part)
    for m in _FORMULA_CELL.finditer(body):
        value = m.group(2)
        if value is not None and (value.strip() or _TEXT_RESULT.search(m.group(1))):
            continue
        ref = _CELL_REF.search(m.group(1))
        if ref:
            scan.uncached.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))
        if len(scan.uncached) >= MAX_MERGED_CELLS:
            break
    start = body.find(b"mergeCells")
    for m in _MERGE.finditer(body, max(start - 8, 0)) if start >= 0 else ():
        c1, r1 = m.group(1).decode(), int(m.group(2))
        c2, r2 = (m.group(3).decode(), int(m.group(4))) if m.group(3) else (c1, r1)
        ref = f"{c1}{r1}:{c2}{r2}" if m.group(3) else f"{c1}{r1}"
        scan.merges.append((min(r1, r2), max(r1, r2), column_index_from_string(c1), column_index_from_string(c2),
                            ref))
        if len(scan.merges) >= MAX_MERGED_CELLS:
            break
    return scan


# ------------------------------------------------------------------ rows


def _rows(ws, deadline: float):
    """The rows of ``ws`` as value tuples of :data:`MAX_COLUMNS` + 1 cells (the extra one tells
    a sheet too wide); XML failures become :class:`_ReadError`, a passed deadline :class:`_Refused`."""
    if not hasattr(ws, "declared_rows"):
        ws.declared_rows = ws.max_row  # what its <dimension> says, for the warning when reading stops early
    ws.reset_dimensions()  # the <dimension> may be wrong: rows are read until the data ends
    iterator = ws.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True)
    while True:
        if time.monotonic() > deadline:
            raise _Refused(too_slow())
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - lxml/zip/openpyxl errors alike
            raise _ReadError() from exc
        yield values


def _blank_row(values) -> bool:
    return all(is_blank(v) for v in values)


def _group_words(text: str) -> str:
    return f" {expand(text)} "


class _Reader:
    """The state of one pass over the chosen sheet."""

    def __init__(self, groups: list[GroupSpec], mapping: dict[str, int], result: ParsedSheet):
        self.groups = groups
        self.cols = mapping
        self.result = result
        self.current: GroupSpec | None = None
        self.unknown = False                  # under a heading that matched no group: its rows are skipped
        self.seen_heading = False
        self.seen_codes: dict[str, int] = {}
        self.heading = None                   # (row, cells, numeral, title, amount) of the current group
        self.segment: list[SheetLine] = []
        self.orphans: list[tuple[int, str]] = []
        self.after_total = False
        self.item_rows = 0
        self.merges: dict[int, list[tuple[int, int, str]]] = {}
        self.uncached: set[tuple[int, int]] = set()
        self.rounded: list[int] = []
        self.computed: list[int] = []
        self.names = {g.code: _group_words(g.name) for g in groups}

    # -------------------------------------------------------------- messages

    def column(self, key: str) -> str:
        return f"{get_column_letter(self.cols[key] + 1)} ({LABELS[key]})"

    def error(self, row: int, key: str | None, message: str) -> None:
        if key:
            col = self.column(key)
            self.result.errors.append(RowError(row, col, f"Dòng {row}, cột {col}: {message}."))
        else:
            self.result.errors.append(RowError(row, "", f"Dòng {row}: {message}."))

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    # -------------------------------------------------------------- cells

    def cells(self, values) -> dict:
        return {key: values[idx] for key, idx in self.cols.items()}

    def text(self, row: int, key: str, cells: dict, limit: int, *, one_line: bool = True) -> str:
        if key not in cells:
            return ""
        try:
            return read_text(cells[key], limit, one_line=one_line)
        except CellProblem as exc:
            self.error(row, key, str(exc))
            return ""

    def amount(self, row: int, key: str, cells: dict) -> int | None:
        if key not in cells:
            return None
        try:
            value, rounded = read_amount(cells[key])
        except CellProblem as exc:
            self.error(row, key, str(exc))
            return None
        if rounded:
            self.rounded.append(row)
        return value

    def number(self, row: int, key: str, cells: dict, reader) -> Decimal | None:
        if key not in cells:
            return None
        try:
            return reader(cells[key])
        except CellProblem as exc:
            self.error(row, key, str(exc))
            return None

    def missing_cache(self, row: int, values) -> bool:
        """A formula with no cached result reads as empty: refuse it rather than read a blank."""
        found = False
        for key, idx in self.cols.items():
            if values[idx] is None and (row, idx + 1) in self.uncached:
                letter = get_column_letter(idx + 1)
                self.error(row, key, f"ô {letter}{row} có công thức nhưng chưa có giá trị tính sẵn: mở tệp bằng Excel, "
                                     "lưu lại rồi tải lên")
                found = True
        return found

    # -------------------------------------------------------------- one row

    def row(self, row: int, values) -> None:
        if self.after_total:
            return
        if self.missing_cache(row, values):
            return
        cells = self.cells(values)
        stt = " ".join(cell_text(cells.get("stt")).split())
        name = " ".join(cell_text(cells.get("name")).split())
        measured = any(not is_blank(cells.get(k)) for k in ("quantity", "unit_price"))
        label = fold(name or stt)
        if not measured and (fold(name).startswith(TOTAL_WORDS) or fold(stt).startswith(TOTAL_WORDS)):
            self.total_row(row, cells)
            return
        if not measured and not stt and label.startswith(SUMMARY_WORDS):
            return
        if not measured and (not stt or fold(stt) in ("cong", "tong")) and self._subtotal_words(label):
            self.subtotal_row(row, cells)
            return
        heading = self._heading(stt, name)
        if heading is not None:
            self.heading_row(row, cells, *heading)
            return
        has_numbers = measured or any(not is_blank(cells.get(k)) for k in ("amount", "vat_amount"))
        if not has_numbers and is_blank(cells.get("unit")):
            return  # a sub-heading, a note, a signature line
        if self.current is None and not self.unknown:
            if len(name) > 4 or len(stt) > 4:  # short cells under the header are column numbers (1), (2) …
                self.orphans.append((row, name))
            return
        if self.unknown:
            return
        self.item_rows += 1
        if self.item_rows > MAX_LINES:
            raise _Refused(too_many_lines())
        line = self.line(row, cells, self.current)
        if line is not None:
            self.segment.append(line)

    @staticmethod
    def _subtotal_words(label: str) -> bool:
        words = label.split()
        if not words or words[0] not in ("cong", "tong"):
            return False
        return len(words) == 1 or words[1] in SUBTOTAL_SECOND

    def _heading(self, stt: str, name: str) -> tuple[str, str] | None:
        """(numeral, title) of a group heading row, or None."""
        if stt.rstrip(".") in NUMERALS:
            m = _NUMERAL_NAME.match(name)
            return stt.rstrip("."), (m.group(2) if m and m.group(1) == stt.rstrip(".") else name)
        m = _NUMERAL_NAME.match(name)
        if m and not stt:
            return m.group(1), m.group(2)
        if not stt and name and _group_words(name) in self.names.values():
            return "", name
        m = _LETTER_NAME.match(name) if not stt else None
        title = m.group(2) if m else (name if _LETTER.match(stt) else "")
        if title and _group_words(title) in self.names.values():
            return "", title
        return None

    def match_group(self, numeral: str, title: str) -> GroupSpec | None:
        """The group a heading names: by its name (exactly, containing the group's name, or by the
        group's keywords, CNTT and the like expanded), else by its numeral when it has no name."""
        if not title.strip():
            return next((g for g in self.groups if g.numeral == numeral), None)
        words = _group_words(title)
        core = words.removeprefix(" chi phi")  # "Chi phí" alone names no group
        named = [g for g in self.groups
                 if self.names[g.code] in words or (core.strip() and core in self.names[g.code])]
        if named:
            return max(named, key=lambda g: (len(self.names[g.code]), g.numeral == numeral))
        scored = []
        for g in self.groups:
            hits = [len(k) for k in g.keywords if k and f" {k} " in words]
            if hits:
                scored.append((max(hits), g.numeral == numeral, -self.groups.index(g), g))
        if scored:
            return max(scored, key=lambda s: s[:3])[3]
        return None

    def heading_row(self, row: int, cells: dict, numeral: str, title: str) -> None:
        group = self.match_group(numeral, title)
        if (group is not None and group == self.current and not self.segment and self.heading is not None
                and self.heading[4] is None):
            # The heading repeated with the group's amount under it (a group of one item, as the
            # export writes it): that row carries the group's amount.
            amount = self.amount(row, "amount", cells)
            if amount is not None:
                self.result.subtotals.setdefault(group.code, amount)
                self.heading = (row, cells, numeral or group.numeral, title or group.name, amount)
            return
        self.close_group()
        self.seen_heading = True
        if group is None:
            shown = scrub(f"{numeral}. {title}" if numeral and title else (title or numeral))[:120]
            known = "; ".join(g.label for g in self.groups)
            key = "name" if title else "stt"
            self.error(row, key if key in self.cols else None,
                       f"nhóm “{shown}” không có trong cơ cấu dự toán; các nhóm của cơ cấu là: {known}")
            self.current, self.unknown = None, True
            return
        if group.code in self.seen_codes:
            self.warn(f"Nhóm {group.label} có hai dòng tiêu đề (dòng {self.seen_codes[group.code]} và dòng {row}); "
                      "các khoản mục được tính chung vào nhóm này.")
        else:
            self.seen_codes[group.code] = row
        self.current, self.unknown = group, False
        amount = self.amount(row, "amount", cells)
        if amount is not None:
            self.result.subtotals.setdefault(group.code, amount)
        self.heading = (row, cells, numeral or group.numeral, title or group.name, amount)

    def subtotal_row(self, row: int, cells: dict) -> None:
        amount = self.amount(row, "amount", cells)
        if self.current is None:
            if not self.unknown:
                self.warn(f"Dòng {row}: dòng cộng nằm trên mọi dòng tiêu đề nhóm, không được tính.")
            return
        if amount is not None:
            self.result.subtotals[self.current.code] = amount

    def total_row(self, row: int, cells: dict) -> None:
        amount = self.amount(row, "amount", cells)
        if self.result.total is None:
            self.result.total = amount
            if amount is None:
                self.warn(f"Dòng {row} (tổng cộng) không có số ở cột {self.column('amount')}.")
        if self.seen_heading:
            self.close_group()
            self.after_total = True

    # -------------------------------------------------------------- items

    def merged_problem(self, row: int) -> None:
        number_cols = {self.cols[k] + 1: k for k in NUMBER_KEYS if k in self.cols}
        for c1, c2, ref in self.merges.get(row, ()):
            hit = next((number_cols[c] for c in sorted(number_cols) if c1 <= c <= c2), None)
            if hit:
                self.error(row, hit, f"ô {ref} đang gộp (Merge Cells) qua cột số liệu; hãy bỏ gộp ô để mỗi ô "
                                     "một giá trị")

    def line(self, row: int, cells: dict, group: GroupSpec, *, check_merges: bool = True) -> SheetLine | None:
        before = len(self.result.errors)
        stt = self.text(row, "stt", cells, MAX_STT)
        name = self.text(row, "name", cells, MAX_NAME)
        unit = self.text(row, "unit", cells, MAX_UNIT)
        basis_text = self.text(row, "basis", cells, MAX_NOTE)
        note = self.text(row, "note", cells, MAX_NOTE, one_line=False)
        quantity = self.number(row, "quantity", cells, read_quantity)
        price = self.amount(row, "unit_price", cells)
        amount = self.amount(row, "amount", cells)
        rate = self.number(row, "vat_rate", cells, read_rate)
        vat = self.amount(row, "vat_amount", cells)
        if check_merges:
            self.merged_problem(row)
        if len(self.result.errors) != before:
            return None
        if not name:
            self.error(row, "name", "chưa có nội dung chi phí")
            return None
        if amount is None:
            if quantity is None or price is None:
                self.error(row, "amount", "chưa có thành tiền (hoặc khối lượng và đơn giá để tính)")
                return None
            amount = round_half_up(quantity * price)
            self.computed.append(row)
        rate = rate if rate is not None else Decimal("0.00")
        if vat is None:
            vat = round_half_up(Decimal(amount) * rate / 100)
        basis = recognise_basis(basis_text) or recognise_basis(note)
        if basis_text and fold(basis_text) != fold(basis_label(basis)):
            joined = f"Căn cứ: {basis_text}" + (f"; {note}" if note else "")
            note = joined if len(joined) <= MAX_NOTE else note
        return SheetLine(row=row, group_code=group.code, stt=stt, name=name, unit=unit, quantity=quantity,
                         unit_price=price, amount=amount, vat_rate=rate, vat_amount=vat, basis=basis, note=note)

    def close_group(self) -> None:
        if self.current is not None:
            lines = self._without_parents(self.segment)
            if not lines and self.heading is not None and self.heading[4] is not None:
                row, cells, numeral, title, _amount = self.heading
                cells = dict(cells, stt=numeral, name=title)
                line = self.line(row, cells, self.current, check_merges=False)
                if line is not None:
                    lines = [line]
            self.result.lines.extend(lines)
        self.segment, self.heading = [], None

    def _without_parents(self, lines: list[SheetLine]) -> list[SheetLine]:
        """Rows whose STT numbers others ("1" above "1.1", "1.2") sum their children: not items."""
        parents = set()
        for ln in lines:
            parts = ln.stt.split(".")
            parents.update(".".join(parts[:i]) for i in range(1, len(parts)))
        out = []
        for ln in lines:
            if ln.stt and ln.stt in parents:
                self.warn(f"Dòng {ln.row} (STT {ln.stt}) là dòng cộng của các mục {ln.stt}.x bên dưới, không tính "
                          "là một khoản mục.")
                continue
            out.append(ln)
        return out

    # -------------------------------------------------------------- end

    def finish(self) -> None:
        self.close_group()
        known = "; ".join(g.label for g in self.groups)
        if self.orphans and not self.seen_heading:
            self.result.errors.append(RowError(0, "", (
                "Bảng chưa có dòng tiêu đề nhóm chi phí nào (I, II … ở cột STT hoặc “I. Chi phí …” ở cột nội dung): "
                f"mỗi khoản mục phải nằm dưới dòng tiêu đề nhóm của cơ cấu dự toán ({known}).")))
        else:
            for row, name in self.orphans:
                self.result.errors.append(RowError(row, "", (
                    f"Dòng {row} chưa thuộc nhóm chi phí nào (thiếu dòng tiêu đề nhóm I, II …): “{scrub(name)[:80]}”.")))
        if self.rounded:
            self.warn("Số tiền có phần lẻ thập phân đã được làm tròn đến đồng ở " + _rows_text(self.rounded) + ".")
        samples = [ln.row for ln in self.result.lines if fold(ln.name) in SAMPLE_NAMES and ln.stt.isdigit()]
        if samples and len(samples) == len(self.result.lines):
            self.warn("Bảng chỉ có các dòng ví dụ của tệp mẫu; hãy thay bằng khoản mục thật của dự toán.")
        if self.computed:
            self.warn("Thành tiền để trống được tính bằng khối lượng × đơn giá (làm tròn đến đồng) ở "
                      + _rows_text(self.computed) + ".")
        if not self.result.lines and not self.result.errors:
            self.result.errors.append(RowError(0, "", "Bảng không có khoản mục nào bên dưới dòng tiêu đề."))


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in sorted(set(rows))[:20])
    more = len(set(rows)) - 20
    return f"dòng {shown}" + (f" và {more} dòng khác" if more > 0 else "")


# ------------------------------------------------------------------ entry point


def parse(data: bytes, groups: list[GroupSpec]) -> ParsedSheet:
    """Read the estimate sheet ``data`` against the cost ``groups`` of its structure; write
    nothing. Every problem found is in ``errors`` (at most :data:`MAX_ERRORS`, then a line
    saying how many more); the caller stores the lines only when there is none."""
    if not groups:
        raise ValueError("parse() needs the groups of the estimate's cost structure")
    result = ParsedSheet()
    try:
        check_xlsx_upload(ContentFile(data, name="du-toan.xlsx"))
        data = _prepared(data)
    except ServiceError as exc:
        result.errors = [RowError(0, "", m) for m in exc.messages]
        return result
    except _Refused as exc:
        result.errors = [RowError(0, "", str(exc))]
        return result
    deadline = time.monotonic() + MAX_SECONDS
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open the package is the same answer for the user
        result.errors.append(RowError(0, "", UNREADABLE))
        return result
    try:
        _read(book, data, groups, result, deadline)
    except _ReadError:
        result.errors.append(RowError(0, "", UNREADABLE))
    except _Refused as exc:
        result.errors.append(RowError(0, "", str(exc)))
    finally:
        book.close()
    _finish_lists(result)
    return result


def _finish_lists(result: ParsedSheet) -> None:
    if result.errors:
        result.lines = []
    result.errors.sort(key=lambda e: e.row)
    if len(result.errors) > MAX_ERRORS:
        more = len(result.errors) - MAX_ERRORS
        result.errors = result.errors[:MAX_ERRORS] + [RowError(0, "", f"… và {num(more)} lỗi khác.")]
    if len(result.warnings) > MAX_WARNINGS:
        more = len(result.warnings) - MAX_WARNINGS
        result.warnings = result.warnings[:MAX_WARNINGS] + [f"… và {num(more)} lưu ý khác."]


def _pick_sheet(book, deadline: float):
    """(sheet, header row number, mapping) of the first sheet whose first rows hold a header."""
    partial = None
    for ws in book.worksheets:
        if fold(ws.title) == fold(GUIDE_SHEET):
            continue
        rows = []
        for values in _rows(ws, deadline):
            rows.append(values)
            if len(rows) >= HEADER_SCAN_ROWS:
                break
        found = _find_header(rows)
        if found is not None:
            return ws, found[0] + 1, found[1]
        if partial is None:
            partial = next((_mapping(r) for r in rows if "name" in _mapping(r) or "amount" in _mapping(r)), None)
    return None, None, partial


def _read(book, data: bytes, groups, result: ParsedSheet, deadline: float) -> None:
    ws, header_row, mapping = _pick_sheet(book, deadline)
    if ws is None:
        if mapping:
            missing = "Thành tiền" if "amount" not in mapping else "Nội dung chi phí"
            result.errors.append(RowError(0, "", f"Bảng dự toán thiếu cột “{missing}” ở dòng tiêu đề."))
        else:
            result.errors.append(RowError(0, "", (
                f"Không tìm thấy dòng tiêu đề của bảng dự toán trong {HEADER_SCAN_ROWS} dòng đầu (các cột “STT”, "
                "“Nội dung chi phí”, “Đơn vị tính”, “Khối lượng”, “Đơn giá”, “Thành tiền”). Hãy dùng tệp mẫu tải về "
                "từ hệ thống.")))
        return
    result.sheet, result.header_row = ws.title, header_row
    declared_rows = getattr(ws, "declared_rows", None)
    reader = _Reader(groups, mapping, result)
    budget = 10 * MAX_MERGED_CELLS  # (row, range) entries kept: a range over a whole column counts its rows
    scan = _scan_part(data, getattr(ws, "_worksheet_path", None))
    reader.uncached = scan.uncached
    uncached_rows = {r for r, _c in scan.uncached}
    for r1, r2, c1, c2, ref in scan.merges:
        for row in range(max(r1, header_row + 1), min(r2, header_row + MAX_ROWS_READ + BLANK_RUN) + 1):
            reader.merges.setdefault(row, []).append((c1, c2, ref))
            budget -= 1
        if budget <= 0:
            break
    blank_run = non_blank = 0
    wide_reported = False
    row_no = 0
    for values in _rows(ws, deadline):
        row_no += 1
        if row_no <= header_row:
            continue
        if _blank_row(values) and row_no not in uncached_rows:
            blank_run += 1
            if blank_run >= BLANK_RUN:
                if declared_rows and declared_rows > row_no:
                    result.warnings.append(
                        f"Dừng đọc ở dòng {row_no} sau {BLANK_RUN} dòng trống liên tiếp; các dòng bên dưới (trang tính "
                        f"ghi đến dòng {num(declared_rows)}) không được đọc.")
                break
            continue
        blank_run = 0
        non_blank += 1
        if non_blank > MAX_ROWS_READ:
            raise _Refused(too_many_lines())
        if not is_blank(values[MAX_COLUMNS]) and not wide_reported:
            wide_reported = True
            result.errors.append(RowError(row_no, get_column_letter(MAX_COLUMNS + 1), (
                f"Dòng {row_no}, cột {get_column_letter(MAX_COLUMNS + 1)}: bảng dự toán chỉ đọc tối đa {MAX_COLUMNS} "
                "cột; hãy xóa các cột thừa bên phải.")))
        reader.row(row_no, values)
    reader.finish()
