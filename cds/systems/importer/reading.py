"""Reading the inventory workbook: the upload checks and limits (those of the projects' import:
real .xlsx, declared part sizes, row elements counted before openpyxl opens a sheet, a deadline),
then each sheet read row by row in read-only mode — reading stops after :data:`BLANK_RUN` blank
rows in a row, and more than :data:`MAX_SYSTEMS` systems or :data:`MAX_LINKS` integrations
refuse the file. Every cell is checked (text that cannot be stored, choices, numbers, whole-đồng
money, dates), units, data entities and systems are resolved within what the user may reach,
and each problem is named by sheet, Excel row and column. Nothing is written here."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import time

from cds.accounts import access
from cds.catalog.models import DataEntity
from cds.core.validation import MAX_AMOUNT
from cds.orgs.models import Unit
from cds.orgs.selectors import UnitMatcher
from cds.projects.importer import parsing as workbook
from cds.projects.importer.cells import CellError, cell_text, check_cell, is_blank, parse_bool, parse_money
from cds.projects.importer.columns import header_key
from cds.text.chars import scrub
from cds.text.format import num
from cds.text.normalize import fold

from ..models import SHARED_CATEGORIES, InformationSystem, IntegrationStatus, Mechanism
from ..permissions import can_create_system_for, can_edit_system, scope_systems
from .columns import (
    CATALOG_SHEET,
    CATEGORY_WORDS,
    CRITICALITY_WORDS,
    FIT_WORDS,
    GUIDE_SHEET,
    HOSTING_WORDS,
    LIFECYCLE_WORDS,
    LINK_BY_KEY,
    LINK_HEADERS,
    LINKS_SHEET,
    MECHANISM_WORDS,
    SHARING_WORDS,
    STATUS_WORDS,
    SYSTEM_BY_KEY,
    SYSTEM_HEADERS,
    SYSTEMS_SHEET,
)
from .result import ImportResult, LinkRow, SystemRow

MAX_SYSTEMS = 5_000
MAX_LINKS = 20_000
BLANK_RUN = 200            # blank rows in a row after which a sheet is not read further
HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 40
MAX_SECONDS = workbook.MAX_SECONDS   # its refusal names this limit
TEXT_LIMITS = {"name": 255, "aliases": 2000, "user_groups": 500, "security_decision": 120, "vendor": 255,
               "contract": 255, "description": 5000}
CHOICES = {"category": (CATEGORY_WORDS, "Loại"), "lifecycle": (LIFECYCLE_WORDS, "Vòng đời"),
           "criticality": (CRITICALITY_WORDS, "Mức độ quan trọng"), "hosting": (HOSTING_WORDS, "Nơi đặt")}
_SPLIT = re.compile(r"[;\n]")
_ITEM = re.compile(r"^(.*?)\s*(?:\(([^()]*)\))?\s*$", re.S)


def too_many(what: str, cap: int) -> str:
    return (f"Trang “{what}” có hơn {num(cap)} dòng dữ liệu; hãy chia thành nhiều tệp, "
            f"mỗi tệp tối đa {num(cap)} dòng.")


def _date(value) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        m = re.fullmatch(r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})", cell_text(value))
        if not m:
            raise CellError("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)")
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            raise CellError(f"ngày “{cell_text(value)}” không tồn tại") from None
    if not 1990 <= day.year <= 2100:
        raise CellError("ngày phải trong khoảng năm 1990–2100, hãy kiểm tra lại")
    return day


def _int(value, lo: int, hi: int) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) < 12:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise CellError(f"phải là số nguyên từ {num(lo)} đến {num(hi)}")
    return value


def _text(value, limit: int, *, multiline: bool = False) -> str:
    text = check_cell(cell_text(value), multiline=multiline)
    text = text if multiline else " ".join(text.split())
    if len(text) > limit:
        raise CellError(f"quá dài ({num(len(text))} ký tự; tối đa {num(limit)})")
    return text


class _Units:
    """Units named by a cell: the owner among the units the user may register systems for, the
    operating unit anywhere in the owner's tree; "not yours" told apart from "does not exist"
    without naming units of another tree."""

    def __init__(self, user):
        self.user = user
        self.scope = UnitMatcher(access.scope_units(user, Unit.objects.all()))
        self._tree = None

    def tree(self) -> UnitMatcher:
        if self._tree is None:
            scope = access.scope_for(self.user)
            if scope.everything or not getattr(self.user, "unit_id", None):
                self._tree = self.scope
            else:
                self._tree = UnitMatcher(Unit.objects.filter(path__startswith=self.user.unit.tree_prefix))
        return self._tree

    def owner(self, text: str) -> Unit:
        unit, reason = self.scope.match(text)
        if unit is None:
            other, _ = self.tree().match(text)
            if other is not None and not self.scope.by_key.get(fold(text)):
                raise CellError(f"Bạn không được khai báo hệ thống cho đơn vị “{other.name}” (ngoài phạm vi "
                                "đơn vị bạn quản lý)")
            raise CellError(reason if "nhiều đơn vị" in reason else
                            f"không tìm thấy đơn vị “{text}” (nhập mã, tên đầy đủ, tên viết tắt hoặc tên gọi khác)")
        if not can_create_system_for(self.user, unit):
            raise CellError(f"Bạn không được khai báo hệ thống cho đơn vị “{unit.name}”")
        return unit

    def any_in_tree(self, text: str) -> Unit:
        unit, reason = self.scope.match(text)
        if unit is None:
            unit, reason = self.tree().match(text)
        if unit is None:
            raise CellError(reason if "nhiều đơn vị" in reason else f"không tìm thấy đơn vị “{text}”")
        return unit


class _Context:
    """What rows are matched against, loaded once per file."""

    def __init__(self, user):
        self.user = user
        self.units = _Units(user)
        self.entities: dict[str, DataEntity] = {}
        for e in DataEntity.objects.all():
            self.entities.setdefault(fold(e.code), e)
            self.entities.setdefault(fold(e.name), e)
        self.visible: dict[int, tuple[str, str]] = {}
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, set[int]] = {}
        for pk, code, name in scope_systems(user).values_list("pk", "code", "name"):
            self.visible[pk] = (code, name)
            self.by_code[fold(code)] = pk
            self.by_name.setdefault(fold(name), set()).add(pk)

    def entity(self, text: str) -> DataEntity:
        found = self.entities.get(fold(text))
        if found is None:
            raise CellError(f"không tìm thấy dữ liệu “{text}” trong danh mục dữ liệu (nhập tên hoặc mã)")
        return found


def _header(rows_buffer, headers: dict[str, str]) -> tuple[int | None, dict[int, str]]:
    best, best_row = {}, None
    for i, values in enumerate(rows_buffer):
        mapping = {}
        for idx, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                key = headers.get(header_key(value))
                if key and key not in mapping.values():
                    mapping[idx] = key
        if len(mapping) > len(best):
            best, best_row = mapping, i + 1
    return best_row, best


def _sheet(wb, title: str):
    """(the sheet named ``title``, diacritics and case aside, or None; the sheets not named as
    any sheet of the template)."""
    named = [ws for ws in wb.worksheets if fold(ws.title) == fold(title)]
    others = [ws for ws in wb.worksheets if ws not in named
              and fold(ws.title) not in {fold(CATALOG_SHEET), fold(GUIDE_SHEET), fold(SYSTEMS_SHEET), fold(LINKS_SHEET)}]
    return named[0] if named else None, others


def _rows(ws, deadline: float):
    ws.reset_dimensions()  # the rows read are what counts, whatever the sheet declares
    return workbook.safe_rows(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), deadline)


def _read(ws, headers, required: str, cap: int, result: ImportResult, deadline: float):
    """(header mapping, [(Excel row number, {key: value})]) of one sheet; a file error when its
    header lacks ``required`` or it holds more than ``cap`` rows of data."""
    rows = _rows(ws, deadline)
    buffer = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    header_row, mapping = _header(buffer, headers)
    if header_row is None or required not in mapping.values():
        return None, []
    out, blank_run = [], 0
    row_no = header_row
    for values in itertools.chain(buffer[header_row:], rows):
        row_no += 1
        if all(is_blank(v) for v in values):
            blank_run += 1
            if blank_run >= BLANK_RUN:
                result.warnings.append(f"Trang “{ws.title}”: dừng đọc ở dòng {num(row_no)} sau {BLANK_RUN} dòng trống "
                                       "liên tiếp; các dòng bên dưới (nếu có) không được đọc.")
                break
            continue
        blank_run = 0
        if len(out) >= cap:
            raise workbook.Refused(too_many(ws.title, cap))
        out.append((row_no, {key: values[idx] if idx < len(values) else None for idx, key in mapping.items()}))
    return mapping, out


def parse(user, data: bytes, file_name: str = "") -> ImportResult:
    """Read and check the workbook ``data`` for ``user``; write nothing."""
    deadline = time.monotonic() + MAX_SECONDS
    result = ImportResult(file_name=scrub(file_name)[-255:], sha256=hashlib.sha256(data).hexdigest())
    try:
        workbook.check_parts(data)
    except workbook.Refused as exc:
        return result.file_error(str(exc))
    try:
        wb = workbook.open_workbook(data)
    except Exception:  # noqa: BLE001 - any parser failure is the same answer for the user
        return result.file_error(workbook.UNREADABLE)
    try:
        _parse_workbook(user, wb, result, deadline)
    except workbook.ReadError:
        result.systems, result.links = [], []
        result.file_error(workbook.UNREADABLE)
    except workbook.Refused as exc:
        result.systems, result.links = [], []
        result.file_error(str(exc))
    finally:
        wb.close()
    return result


def _parse_workbook(user, wb, result: ImportResult, deadline: float) -> None:
    systems_ws, others = _sheet(wb, SYSTEMS_SHEET)
    links_ws, _ = _sheet(wb, LINKS_SHEET)
    # A sheet renamed by the user is read when its header is the systems' header.
    candidates = [systems_ws] if systems_ws is not None else others[:1]
    system_rows, link_rows, sheet = [], [], SYSTEMS_SHEET
    if candidates:
        mapping, system_rows = _read(candidates[0], SYSTEM_HEADERS, "name", MAX_SYSTEMS, result, deadline)
        if mapping is not None:
            sheet = candidates[0].title
        elif systems_ws is not None:
            result.file_error(f"Trang “{systems_ws.title}” thiếu cột bắt buộc “Tên hệ thống”. "
                              "Hãy dùng tệp mẫu tải về từ hệ thống.")
            return
    if links_ws is not None:
        mapping, link_rows = _read(links_ws, LINK_HEADERS, "source", MAX_LINKS, result, deadline)
        if mapping is None or "target" not in mapping.values():
            result.file_error(f"Trang “{links_ws.title}” thiếu cột bắt buộc “Hệ thống gửi” hoặc “Hệ thống nhận”. "
                              "Hãy dùng tệp mẫu tải về từ hệ thống.")
            return
    if not system_rows and not link_rows:
        result.file_error(f"Tệp không có dòng dữ liệu nào ở trang “{SYSTEMS_SHEET}” hoặc “{LINKS_SHEET}”. "
                          "Hãy dùng tệp mẫu tải về từ hệ thống.")
        return
    result.systems_sheet = sheet
    if links_ws is not None:
        result.links_sheet = links_ws.title
    ctx = _Context(user)
    file_index: dict[str, int] = {}  # folded code or name of a row of the file → its row number
    _system_rows(ctx, sheet, system_rows, result, file_index, deadline)
    _link_rows(ctx, links_ws.title if links_ws is not None else LINKS_SHEET, link_rows, result, file_index, deadline)


# ------------------------------------------------------------------ systems

def _system_rows(ctx: _Context, sheet: str, rows, result: ImportResult, file_index: dict,  # noqa: C901
                 deadline: float) -> None:
    codes = {}
    for row_no, cells in rows:
        code = cell_text(cells.get("code"))
        if code:
            key = fold(code)
            if key in codes:
                result.add(sheet, row_no, SYSTEM_BY_KEY["code"].label,
                           f"mã “{code}” đã có ở dòng {codes[key]} của tệp; mỗi hệ thống một dòng")
            codes.setdefault(key, row_no)
    existing = {fold(c): (pk, c) for pk, c in InformationSystem.objects.filter(
        code__in=[cell_text(cells.get("code")) for _r, cells in rows if cell_text(cells.get("code"))])
        .values_list("pk", "code")}
    editable = {s.pk: s for s in InformationSystem.objects.filter(pk__in=[pk for pk, _c in existing.values()])
                .select_related("owner_unit", "root_unit")}
    pending_core = []
    for row_no, cells in rows:
        if time.monotonic() > deadline:
            raise workbook.Refused(workbook.too_slow())
        parsed = _system_row(ctx, sheet, row_no, cells, result, existing, editable)
        if parsed is None:
            continue
        for key in (fold(parsed.code), fold(parsed.name)):
            if key:
                file_index.setdefault(key, row_no)
        result.systems.append(parsed)
        core = cell_text(cells.get("core_system"))
        if core:
            pending_core.append((parsed, core))
    by_row = {r.row: r for r in result.systems}
    for parsed, core in pending_core:
        ref = _resolve(ctx, core, file_index)
        label = SYSTEM_BY_KEY["core_system"].label
        if ref is None:
            result.add(sheet, parsed.row, label, f"không tìm thấy hệ thống lõi “{core}” (nhập mã hoặc tên)")
        elif ref[0] == "ambiguous":
            result.add(sheet, parsed.row, label, f"“{core}” khớp với nhiều hệ thống, hãy dùng mã")
        elif ref[0] == "row":
            if ref[1] == parsed.row:
                result.add(sheet, parsed.row, label, "một hệ thống không thể phát triển từ chính nó")
            elif ref[1] in by_row:
                parsed.core_row = ref[1]
            else:
                result.add(sheet, parsed.row, label, f"hệ thống lõi “{core}” ở dòng {ref[1]} có lỗi")
        else:
            parsed.core_id = ref[1]
    _order(sheet, result)


def _resolve(ctx: _Context, text: str, file_index: dict):
    """("row", n) for a row of the file, ("id", pk) for a registered system, ("ambiguous",) or None."""
    key = fold(text)
    if key in file_index:
        return ("row", file_index[key])
    if key in ctx.by_code:
        return ("id", ctx.by_code[key])
    ids = ctx.by_name.get(key, set())
    if len(ids) == 1:
        return ("id", next(iter(ids)))
    if ids:
        return ("ambiguous",)
    return None


def _order(sheet: str, result: ImportResult) -> None:
    """Rows whose core system is another row come after that row; a cycle is an error."""
    by_row = {r.row: r for r in result.systems}
    done: dict[int, int] = {}  # row → 1 visiting, 2 done
    ordered = []

    def visit(r: SystemRow, chain: tuple) -> bool:
        if done.get(r.row) == 2:
            return True
        if done.get(r.row) == 1:
            result.add(sheet, r.row, SYSTEM_BY_KEY["core_system"].label,
                       "hệ thống lõi tạo thành vòng lặp giữa các dòng " + ", ".join(str(n) for n in chain))
            return False
        done[r.row] = 1
        ok = r.core_row is None or visit(by_row[r.core_row], (*chain, r.row))
        done[r.row] = 2
        ordered.append(r)
        return ok

    for r in list(result.systems):
        visit(r, ())
    result.systems = ordered


def _choice(cells, key, words, label, err):
    if is_blank(cells.get(key)):
        return None
    value = words.get(fold(cell_text(cells[key])))
    if value is None:
        err(key, f"“{cell_text(cells[key])}” không hợp lệ; chọn một giá trị trong danh sách (xem trang “{CATALOG_SHEET}”)")
    return value


def _system_row(ctx, sheet, row_no, cells, result, existing, editable) -> SystemRow | None:  # noqa: C901
    before = result.error_count

    def err(key, message):
        result.add(sheet, row_no, SYSTEM_BY_KEY[key].label, message)

    data: dict = {}
    for key, limit in TEXT_LIMITS.items():
        if key in cells and not is_blank(cells.get(key)):
            try:
                text = _text(cells[key], limit, multiline=key == "description")
            except CellError as exc:
                err(key, str(exc))
                continue
            if key == "aliases":
                text = "\n".join(a.strip() for a in _SPLIT.split(text) if a.strip())
            if text:  # only invisible characters: as blank
                data[key] = text
    code = ""
    try:
        code = _text(cells.get("code"), 40)
    except CellError as exc:
        err("code", str(exc))
    found = existing.get(fold(code)) if code else None
    system = None
    if found is not None:
        system = editable.get(found[0])
        if found[0] not in ctx.visible:
            err("code", f"mã “{code}” đã được dùng cho hệ thống khác")
        elif not can_edit_system(ctx.user, system):
            err("code", f"Bạn không có quyền sửa hệ thống “{system.name}” (mã {found[1]})")
    elif code:
        data["code"] = code
    if system is None and "name" not in data:
        err("name", "bắt buộc với hệ thống mới")
    for key, (words, label) in CHOICES.items():
        value = _choice(cells, key, words, label, err)
        if value is not None:
            data[key] = value
    if system is None and "category" not in data and is_blank(cells.get("category")):
        err("category", "bắt buộc với hệ thống mới; chọn trong danh sách")
    category = data.get("category", system.category if system else "")
    for key, lo, hi in (("user_count", 0, 200_000_000), ("security_level", 1, 5)):
        try:
            value = _int(cells.get(key), lo, hi)
        except CellError as exc:
            err(key, str(exc))
            continue
        if value is not None:
            data[key] = value
    for key in ("functional_fit", "technical_fit"):
        value = _choice(cells, key, FIT_WORDS, SYSTEM_BY_KEY[key].label, err)
        if value is not None:
            data[key] = int(value)
    try:
        day = _date(cells.get("operate_on"))
        if day is not None:
            data["operate_on"] = day
    except CellError as exc:
        err("operate_on", str(exc))
    owner_text = cell_text(cells.get("owner_unit"))
    if owner_text:
        if category in SHARED_CATEGORIES:
            err("owner_unit", "nền tảng quốc gia, phần mềm phổ biến không thuộc đơn vị nào; để trống ô này")
        else:
            try:
                data["owner_unit"] = ctx.units.owner(owner_text)
            except CellError as exc:
                err("owner_unit", str(exc))
    elif system is None and category and category not in SHARED_CATEGORIES:
        err("owner_unit", "bắt buộc với hệ thống của tỉnh/bộ")
    operating_text = cell_text(cells.get("operating_unit"))
    if operating_text:
        try:
            data["operating_unit"] = ctx.units.any_in_tree(operating_text)
        except CellError as exc:
            err("operating_unit", str(exc))
    holdings = _holdings(ctx, cells, err, category)
    cost = _cost(cells, err)
    if result.error_count != before:
        return None
    return SystemRow(row=row_no, code=code, name=data.get("name") or (system.name if system else ""), data=data,
                     existing_id=system.pk if system else None, holdings=holdings, cost=cost)


def _holdings(ctx, cells, err, category) -> list:
    out, seen = [], set()
    try:
        text = _text(cells.get("data"), 5000, multiline=True)
    except CellError as exc:
        err("data", str(exc))
        return out
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        m = _ITEM.match(part)
        name, sharing_text = m.group(1).strip(), (m.group(2) or "").strip()
        sharing = ""
        if sharing_text:
            sharing = SHARING_WORDS.get(fold(sharing_text), "")
            if not sharing:
                err("data", f"phân loại chia sẻ “{sharing_text}” không hợp lệ; chọn: mở, dùng chung mặc định, "
                            "dùng chung có điều kiện")
                continue
        elif category not in SHARED_CATEGORIES:
            err("data", f"dữ liệu “{name}” cần ghi phân loại chia sẻ trong ngoặc, ví dụ “{name} (dùng chung mặc định)”")
            continue
        try:
            entity = ctx.entity(name)
        except CellError as exc:
            err("data", str(exc))
            continue
        if entity.pk not in seen:
            seen.add(entity.pk)
            out.append((entity, sharing))
    return out


def _cost(cells, err):
    amounts = {}
    for key in ("operating_cost", "development_cost"):
        try:
            amounts[key] = parse_money(cells.get(key))
        except CellError as exc:
            err(key, str(exc))
            amounts[key] = None
            continue
        if amounts[key] is not None and amounts[key] > MAX_AMOUNT:
            err(key, "số tiền quá lớn")
    try:
        year = _int(cells.get("cost_year"), 2000, dt.date.today().year + 5)
    except CellError as exc:
        err("cost_year", str(exc))
        return None
    if amounts["operating_cost"] is None and amounts["development_cost"] is None:
        if year is not None:
            err("cost_year", "có năm chi phí nhưng chưa có chi phí vận hành hoặc phát triển")
        return None
    if year is None:
        err("cost_year", "bắt buộc khi có chi phí vận hành hoặc phát triển")
        return None
    return (year, amounts["operating_cost"] or 0, amounts["development_cost"] or 0)


# ------------------------------------------------------------------ integrations

def _link_rows(ctx, sheet, rows, result: ImportResult, file_index: dict, deadline: float) -> None:  # noqa: C901
    good_rows = {r.row for r in result.systems}
    seen: dict[tuple, int] = {}
    for row_no, cells in rows:
        if time.monotonic() > deadline:
            raise workbook.Refused(workbook.too_slow())
        before = result.error_count

        def err(key, message, row_no=row_no):
            result.add(sheet, row_no, LINK_BY_KEY[key].label, message)

        ends = {}
        for key in ("source", "target"):
            text = cell_text(cells.get(key))
            if not text:
                err(key, "bắt buộc: mã hoặc tên hệ thống")
                continue
            ref = _resolve(ctx, text, file_index)
            if ref is None:
                err(key, f"không tìm thấy hệ thống “{text}” (nhập mã hoặc tên; hệ thống mới khai báo ở trang "
                         f"“{SYSTEMS_SHEET}”)")
            elif ref[0] == "ambiguous":
                err(key, f"“{text}” khớp với nhiều hệ thống, hãy dùng mã")
            elif ref[0] == "row" and ref[1] not in good_rows:
                err(key, f"hệ thống “{text}” ở dòng {ref[1]} trang “{SYSTEMS_SHEET}” có lỗi")
            else:
                ends[key] = (ref, text)
        if len(ends) == 2:
            if ends["source"][0] == ends["target"][0]:
                err("target", "hai đầu kết nối phải là hai hệ thống khác nhau")
            pair = (ends["source"][0], ends["target"][0])
            if pair in seen:
                err("target", f"kết nối này đã có ở dòng {seen[pair]} của trang")
            seen.setdefault(pair, row_no)
        both = False
        try:
            both = parse_bool(cells.get("both_ways"))
        except CellError as exc:
            err("both_ways", str(exc))
        mechanism = _choice(cells, "mechanism", MECHANISM_WORDS, "", err) or Mechanism.HUB
        status = _choice(cells, "status", STATUS_WORDS, "", err) or IntegrationStatus.ACTIVE
        since = None
        try:
            since = _date(cells.get("since"))
        except CellError as exc:
            err("since", str(exc))
        entities = []
        try:
            text = _text(cells.get("entities"), 5000, multiline=True)
            for part in _SPLIT.split(text):
                if part.strip():
                    try:
                        e = ctx.entity(part.strip())
                        if e not in entities:
                            entities.append(e)
                    except CellError as exc:
                        err("entities", str(exc))
        except CellError as exc:
            err("entities", str(exc))
        note = ""
        try:
            note = _text(cells.get("note"), 500)
        except CellError as exc:
            err("note", str(exc))
        if result.error_count == before:
            result.links.append(LinkRow(row=row_no, source=ends["source"][0], target=ends["target"][0],
                                        source_label=ends["source"][1], target_label=ends["target"][1],
                                        both_ways=both, mechanism=mechanism, status=status, since=since,
                                        entities=entities, note=note))

