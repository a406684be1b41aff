"""Import of an existing portfolio from an .xlsx file: parse → preview → apply all or nothing.

Entry points (no HTTP here; the views in :mod:`cds.projects.io_views` call them):

* :func:`parse` ``(user, data, file_name="") -> ImportResult`` — read and validate every row,
  write nothing. Errors carry the Excel row number the user sees and the column name, in
  Vietnamese (``Dòng 7, cột “Năm bắt đầu”: phải là năm, ví dụ 2024``).
* :func:`preview` ``(user, upload) -> (ImportResult, bytes | None)`` — the upload checks
  (size, real .xlsx, zip bomb), :func:`parse`, and the audit event ``import.previewed`` (or
  ``import.rejected`` when the file itself is unusable).
* :func:`apply` ``(user, data, file_name="") -> int`` — re-parse and re-validate the bytes
  (never trusting the preview), then create every row in one transaction or none; raises
  :class:`ImportRejected` (a :class:`ServiceError` carrying the result) when anything is wrong.
* :func:`build_template` ``(user) -> bytes`` — the downloadable template with a catalogue
  sheet and drop-down lists.
* :func:`stash` / :func:`load_stash` / :func:`discard` — keep the uploaded bytes between
  preview and confirmation in ``MEDIA_ROOT/imports/<random token>.xlsx``.

Applying is built for volume (10.000 rows in a few seconds on SQLite): codes are reserved
per (kind, year) in one statement, projects, their history records, funding-source links
(and the links' history), creation events and ledger lines are all bulk-inserted, and the
ledger totals are written with the project instead of being recomputed row by row.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import itertools
import math
import os
import re
import secrets
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.catalog.models import FundingSource, Programme
from cds.core.db import refresh_statistics
from cds.core.errors import ServiceError
from cds.core.uploads import check_xlsx_upload
from cds.orgs.models import Unit, UnitAlias
from cds.orgs.selectors import UnitMatcher
from cds.rules.models import LegalRegime
from cds.text.normalize import fold, search_document

from . import services
from .models import (
    BudgetEntry,
    EventKind,
    Group,
    Kind,
    Project,
    ProjectEvent,
    Stage,
    State,
)
from .permissions import can_create_project_for, can_import

MAX_ROWS = 20_000
MAX_COLUMNS = 60
HEADER_SCAN_ROWS = 10
MAX_NAME = 500
MAX_TEXT = 10_000
MAX_DECISION = 80
MAX_AMOUNT = 10**15
MAX_KEPT_ERRORS = 2_000
STASH_DIR = "imports"
STASH_MAX_AGE = 24 * 3600
TEMPLATE_ROWS = 5_000
DATA_SHEET = "Nhập dự án"
CATALOG_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
EXAMPLE_NAME = "Ví dụ: Xây dựng cơ sở dữ liệu chuyên ngành y tế (xóa dòng này trước khi nhập)"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# States a legacy project may arrive in. "Tạm dừng" needs the state to resume to and
# "Đang thẩm định" needs an appraisal opened in the system, so both are done on screen.
IMPORT_STATES = tuple(s for s in State.values if s not in (State.PAUSED, State.IN_APPRAISAL))
KIND_SHORT_LABELS = {
    Kind.INVESTMENT: "Dự án đầu tư",
    Kind.RECURRENT: "Nhiệm vụ chi thường xuyên",
    Kind.RENTAL: "Thuê dịch vụ CNTT",
    Kind.PROCUREMENT: "Mua sắm",
}
TRUE_WORDS = {"co", "x", "1", "true", "yes", "c", "dung", "chuyen tiep"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "k", "sai"}


# ----------------------------------------------------------------- columns ----

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 18
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("name", "Tên nhiệm vụ/dự án", True, ("ten nhiem vu", "ten du an", "ten"), 50,
           "Bắt buộc, tối đa 500 ký tự."),
    Column("kind", "Loại", True, ("loai nhiem vu du an", "loai hinh"), 26,
           "Bắt buộc: Dự án đầu tư, Nhiệm vụ chi thường xuyên, Thuê dịch vụ CNTT hoặc Mua sắm."),
    Column("group", "Nhóm", False, ("nhom du an",), 8, "QG, A, B, C hoặc - (không phân nhóm); để trống = -."),
    Column("regime", "Chế độ pháp lý", True, ("che do phap ly ap dung", "che do"), 18,
           "Bắt buộc: tên ngắn (VD: NĐ 73/2019) hoặc mã, xem sheet “Danh mục”."),
    Column("unit", "Đơn vị chủ đầu tư", True,
           ("chu dau tu", "don vi chu tri", "chu dau tu don vi chu tri", "don vi"), 32,
           "Bắt buộc: mã đơn vị, tên đầy đủ, tên viết tắt hoặc tên gọi khác."),
    Column("programme", "Chương trình", False, ("chuong trinh ke hoach", "chuong trinh de an ke hoach"), 30,
           "Tên hoặc mã chương trình, đề án, kế hoạch."),
    Column("start_year", "Năm bắt đầu", True, (), 10, "Bắt buộc, 4 chữ số, VD: 2024."),
    Column("end_year", "Năm kết thúc", False, ("nam hoan thanh",), 10, "Không trước năm bắt đầu."),
    Column("carried_over", "Chuyển tiếp", False, (), 10, "Có / Không (hoặc x / để trống)."),
    Column("state", "Trạng thái", False, (), 22, "Để trống = Đề xuất."),
    Column("objectives", "Mục tiêu", False, (), 36, ""),
    Column("scope", "Phạm vi", False, ("quy mo pham vi", "quy mo"), 30, ""),
    Column("funding_sources", "Nguồn vốn", False, (), 30,
           "Một hoặc nhiều nguồn (tên hoặc mã), cách nhau bằng dấu chấm phẩy “;”."),
    Column("approved", "Tổng mức/dự toán được duyệt", False,
           ("tong muc du toan duyet", "tong muc dau tu du toan duoc duyet", "tong muc dau tu",
            "du toan duoc duyet"), 20,
           "Số nguyên đồng, VD: 1.250.000.000. Khi có giá trị: bắt buộc số, ngày QĐ và nguồn vốn."),
    Column("decision_number", "Số QĐ phê duyệt", False, ("so quyet dinh phe duyet", "so qd"), 18, "VD: 1234/QĐ-UBND."),
    Column("decision_date", "Ngày QĐ phê duyệt", False, ("ngay quyet dinh phe duyet", "ngay qd"), 14,
           "dd/mm/yyyy, VD: 15/03/2024."),
    Column("disbursed", "Lũy kế giải ngân", False, ("da giai ngan", "giai ngan"), 20, "Số nguyên đồng."),
)
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED_KEYS = tuple(c.key for c in COLUMNS if c.required)


_cfold = functools.lru_cache(maxsize=4096)(fold)  # catalogue cells repeat on every row


def _header_key(text) -> str:
    """Folded header without notes in brackets or the required-marker asterisk."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text or ""))
    return fold(text)


EXAMPLE_FOLDED = fold(EXAMPLE_NAME)
HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _alias in (_c.label, *_c.aliases):
        HEADER_LOOKUP.setdefault(_header_key(_alias), _c.key)


# ------------------------------------------------------------------ result ----

@dataclass
class RowError:
    row: int | None  # the Excel row number; None for an error about the whole file
    column: str  # column label, "" when the error is about the file or the whole row
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return f"Dòng {self.row}: {self.message}"
        return f"Dòng {self.row}, cột “{self.column}”: {self.message}"


@dataclass
class ImportRow:
    row: int
    name: str
    kind: str
    group: str
    regime_id: int
    unit: Unit
    programme_id: int | None
    start_year: int
    end_year: int | None
    carried_over: bool
    state: str
    objectives: str
    scope: str
    funding_source_ids: list[int]
    approved: int | None
    decision_number: str
    decision_date: dt.date | None
    disbursed: int | None
    code: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_SHORT_LABELS.get(self.kind, self.kind)

    @property
    def state_label(self) -> str:
        return State(self.state).label if self.state in State.values else self.state


@dataclass
class ImportResult:
    file_name: str = ""
    sha256: str = ""
    sheet: str = ""
    header_row: int | None = None
    total_rows: int = 0  # non-blank data rows read
    rows: list[ImportRow] = field(default_factory=list)  # rows without any error
    errors: list[RowError] = field(default_factory=list)  # capped at MAX_KEPT_ERRORS
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)
    columns: list[str] = field(default_factory=list)  # recognised column labels
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]

    @property
    def ok_count(self) -> int:
        return len(self.rows)

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    def add(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if row is not None:
            self.error_rows.add(row)
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(row, column, message))

    def file_error(self, message: str) -> "ImportResult":
        self.add(None, "", message)
        return self

    def summary(self) -> dict:
        return {
            "file_name": self.file_name, "sha256": self.sha256, "rows": self.total_rows,
            "ok_rows": self.ok_count, "error_rows": len(self.error_rows), "errors": self.error_count,
            "first_errors": self.messages[:20],
        }


class ImportRejected(ServiceError):
    """The file (or one of its rows) is not valid: nothing was written."""

    def __init__(self, result: ImportResult):
        self.result = result
        n = result.error_count
        super().__init__(
            f"Tệp có {_num(n)} lỗi, chưa nhập dòng nào. " + "; ".join(result.messages[:5]),
            code="import_rejected",
        )


class CellError(Exception):
    pass


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ------------------------------------------------------------ cell values ----

def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if not (value.hour or value.minute) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_year(value) -> int | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("phải là năm, ví dụ 2024")
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        year = int(value.strip())
    else:
        raise CellError("phải là năm, ví dụ 2024")
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise CellError(f"năm phải trong khoảng {services.MIN_YEAR}–{services.MAX_YEAR}")
    return year


_MONEY_SUFFIX = re.compile(r"\s*(đồng|vnđ|vnd|đ)\s*$", re.IGNORECASE)
MONEY_HINT = "phải là số nguyên đồng, ví dụ 1.250.000.000"


def parse_money(value) -> int | None:
    """Integer VND from a numeric cell or a "1.250.000.000" string; negatives, decimals and
    words are refused."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(MONEY_HINT)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(MONEY_HINT)
        if not value.is_integer():
            raise CellError("số tiền phải là số nguyên đồng, không có phần thập phân")
        amount = int(value)
    elif isinstance(value, str):
        text = _MONEY_SUFFIX.sub("", value.strip().replace("\u00a0", " ")).strip()
        negative = text.startswith(("-", "−"))
        body = text[1:].strip() if negative else text
        body = body.replace(" ", "")
        if re.fullmatch(r"\d+", body) or re.fullmatch(r"\d{1,3}(\.\d{3})+", body):
            amount = int(body.replace(".", ""))
        elif re.fullmatch(r"\d[\d.,]*", body):
            raise CellError("số tiền phải là số nguyên đồng, không có phần thập phân "
                            "(dùng dấu chấm phân cách hàng nghìn, ví dụ 1.250.000.000)")
        else:
            raise CellError(MONEY_HINT)
        if negative:
            amount = -amount
    else:
        raise CellError(MONEY_HINT)
    if amount < 0:
        raise CellError("số tiền không được âm")
    if amount > MAX_AMOUNT:
        raise CellError("số tiền quá lớn")
    return amount


_DATE_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


def parse_date(value, *, today: dt.date | None = None) -> dt.date | None:
    """A real Excel date or a dd/mm/yyyy string; impossible dates (31/02/2024) and dates in
    the future are refused."""
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        m = _DATE_RE.fullmatch(value.strip())
        if not m:
            raise CellError("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)")
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            raise CellError(f"ngày “{value.strip()}” không tồn tại")
    else:
        raise CellError("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)")
    today = today or timezone.localdate()
    if day > today:
        raise CellError("ngày quyết định không được sau ngày hôm nay")
    if day.year < 1990:
        raise CellError("ngày quá xa trong quá khứ, hãy kiểm tra lại")
    return day


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = _cfold(_text(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError("chỉ nhận “Có” hoặc “Không” (hoặc x / để trống)")


# --------------------------------------------------------------- catalogues ----

class Lookups:
    """Every catalogue the rows are matched against, loaded once per file."""

    def __init__(self, user):
        self.user = user
        self.kinds: dict[str, str] = {}
        for code, label in Kind.choices:
            for text in (code, label, _header_key(label), KIND_SHORT_LABELS[code],
                         services.KIND_CODE_PREFIX[code]):
                self.kinds[fold(text)] = code
        self.groups: dict[str, str] = {"": Group.NONE}
        for code, label in Group.choices:
            self.groups[fold(code)] = code
            self.groups[fold(label)] = code
            self.groups[fold(f"Nhóm {code}")] = code
        self.states: dict[str, str] = {}
        self.all_states: dict[str, str] = {}
        for code, label in State.choices:
            self.all_states[fold(code)] = code
            self.all_states[fold(label)] = code
        self.regimes: dict[str, int] = {}
        for pk, code, short, name in LegalRegime.objects.values_list("pk", "code", "short_name", "name"):
            for text in (name, code, short):
                self.regimes[fold(text)] = pk
        self.programmes: dict[str, int] = {}
        self.programme_names: dict[int, str] = {}
        for pk, code, name in Programme.objects.filter(is_active=True).values_list("pk", "code", "name"):
            self.programmes[fold(name)] = pk
            self.programmes[fold(code)] = pk
            self.programme_names[pk] = name
        self.sources: dict[str, int] = {}
        for pk, code, name in FundingSource.objects.filter(is_active=True).values_list("pk", "code", "name"):
            self.sources[fold(name)] = pk
            self.sources[fold(code)] = pk
        self.scope_matcher = UnitMatcher(access.scope_units(user, Unit.objects.all()))
        self._tree_matcher = None
        self._units: dict[str, Unit | str] = {}  # cell text → unit, or the error message

    def tree_matcher(self) -> UnitMatcher:
        """Units of the user's own tree(s): to tell "not yours" apart from "does not exist"
        without revealing units of other provinces or ministries."""
        if self._tree_matcher is None:
            scope = access.scope_for(self.user)
            if scope.everything or not getattr(self.user, "unit_id", None):
                qs = access.scope_units(self.user, Unit.objects.all())
            else:
                roots = {"/" + p.strip("/").split("/")[0] + "/" for p in scope.paths if p.strip("/")}
                roots.add(self.user.unit.tree_prefix)
                qs = Unit.objects.none()
                for root in roots:
                    qs = qs | Unit.objects.filter(path__startswith=root)
            self._tree_matcher = UnitMatcher(qs)
        return self._tree_matcher

    def unit(self, value) -> Unit:
        """The unit a cell names (cached per distinct text: a file names few units many times)."""
        text = _text(value)
        found = self._units.get(text)
        if found is None:
            try:
                found = self._match_unit(text)
            except CellError as exc:
                found = str(exc)
            self._units[text] = found
        if isinstance(found, str):
            raise CellError(found)
        return found

    def _match_unit(self, text: str) -> Unit:
        unit, reason = self.scope_matcher.match(text)
        if unit is None:
            if self.scope_matcher.by_key.get(fold(text)):  # several units answer to this name
                raise CellError(reason)
            other, _ = self.tree_matcher().match(text)
            if other is not None:
                raise CellError(f"Bạn không được đăng ký cho đơn vị “{other.name}” (ngoài phạm vi đơn vị bạn quản lý)")
            raise CellError(f"không tìm thấy đơn vị “{text}” (nhập mã, tên đầy đủ, tên viết tắt hoặc tên gọi khác)")
        if not can_create_project_for(self.user, unit):
            raise CellError(f"Bạn không được đăng ký cho đơn vị “{unit.name}”")
        return unit


# ------------------------------------------------------------------ reading ----

def _open_workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _recognise(header_values) -> dict[int, str]:
    """Column index → field key for one candidate header row (first occurrence wins)."""
    found: dict[int, str] = {}
    for idx, value in enumerate(header_values):
        if _is_blank(value) or not isinstance(value, str):
            continue
        key = HEADER_LOOKUP.get(_header_key(value))
        if key:
            found[idx] = key
    return found


def _score(mapping: dict[int, str]) -> int:
    keys = set(mapping.values())
    return 100 * len(keys & set(REQUIRED_KEYS)) + len(keys)


class _ReadError(Exception):
    """The workbook's XML could not be read (tampered or truncated file)."""


def _safe_rows(iterator):
    """Rows of a sheet; any failure of the XML reader becomes :class:`_ReadError` so that
    it is never confused with a validation problem (or hidden bugs)."""
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - lxml/expat/zip/openpyxl errors alike
            raise _ReadError() from exc
        yield values


def _rows_of(ws):
    ws.reset_dimensions()  # never trust the <dimension> tag some generators write wrongly
    return _safe_rows(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True))


SKIPPED_SHEETS = {fold(CATALOG_SHEET), fold(GUIDE_SHEET)}


def _pick_sheet(wb):
    """(sheet, header row number or None, mapping, buffered first rows, rest of the rows)
    for the sheet whose header best matches the expected columns."""
    first = best = None
    for ws in wb.worksheets:
        if fold(ws.title) in SKIPPED_SHEETS:
            continue
        rows = _rows_of(ws)
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
    result = ImportResult(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        wb = _open_workbook(data)
    except Exception:  # noqa: BLE001 - any parser failure is the same answer for the user
        return result.file_error(UNREADABLE)
    try:
        return _parse_workbook(user, wb, result)
    except _ReadError:
        result.rows = []
        return result.file_error(UNREADABLE)
    finally:
        wb.close()


def _parse_workbook(user, wb, result: ImportResult) -> ImportResult:
    picked = _pick_sheet(wb)
    if picked is None:
        return result.file_error("Tệp Excel trống, không có trang tính nào có dữ liệu.")
    ws, header_row, mapping, buffer, rest = picked
    result.sheet = ws.title
    if header_row is None:
        if not any(any(not _is_blank(v) for v in row) for row in buffer):
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
        if not _is_blank(value) and idx not in mapping:
            result.ignored_columns.append(_text(value))
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
        if not values or all(_is_blank(v) for v in values):
            continue
        result.total_rows += 1
        if result.total_rows > MAX_ROWS:
            return result.file_error(
                f"Tệp có hơn {_num(MAX_ROWS)} dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa {_num(MAX_ROWS)} dòng."
            )
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


def _parse_row(row_no: int, cells: dict, lk: Lookups, result: ImportResult, today: dt.date):
    """Validate one row. Returns (ImportRow or None, unit or None, folded name) — the unit and
    name are returned even for a row with errors so duplicates can still be reported."""
    errors_before = result.error_count

    def err(key: str, message: str) -> None:
        result.add(row_no, BY_KEY[key].label, message)

    def required(key: str) -> bool:
        if _is_blank(cells.get(key)):
            err(key, "chưa nhập (cột bắt buộc)")
            return False
        return True

    # name
    name = ""
    if required("name"):
        name = " ".join(_text(cells["name"]).split())
    folded = fold(name)
    if len(name) > MAX_NAME:
        err("name", f"tên quá dài ({_num(len(name))} ký tự; tối đa {MAX_NAME})")
    elif folded and folded == EXAMPLE_FOLDED:
        err("name", "đây là dòng ví dụ của tệp mẫu, hãy xóa hoặc thay bằng dữ liệu thật")

    kind = ""
    if required("kind"):
        kind = lk.kinds.get(_cfold(_text(cells["kind"]))) or lk.kinds.get(_header_key(_text(cells["kind"])))
        if not kind:
            err("kind", f"loại “{_text(cells['kind'])}” không hợp lệ; chọn: " + ", ".join(KIND_SHORT_LABELS.values()))

    group = lk.groups.get(_cfold(_text(cells.get("group"))))
    if group is None:
        err("group", f"nhóm “{_text(cells.get('group'))}” không hợp lệ; chọn QG, A, B, C hoặc -")

    regime_id = None
    if required("regime"):
        regime_id = lk.regimes.get(_cfold(_text(cells["regime"])))
        if regime_id is None:
            err("regime", f"không tìm thấy chế độ pháp lý “{_text(cells['regime'])}” (xem sheet “Danh mục”)")

    unit = None
    if required("unit"):
        try:
            unit = lk.unit(cells["unit"])
        except CellError as exc:
            err("unit", str(exc))

    programme_id = None
    if not _is_blank(cells.get("programme")):
        programme_id = lk.programmes.get(_cfold(_text(cells["programme"])))
        if programme_id is None:
            err("programme", f"không tìm thấy chương trình “{_text(cells['programme'])}” (xem sheet “Danh mục”)")

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
    if not _is_blank(cells.get("state")):
        state = lk.all_states.get(_cfold(_text(cells["state"])))
        if state is None:
            err("state", f"trạng thái “{_text(cells['state'])}” không hợp lệ (xem sheet “Danh mục”)")
        elif state not in IMPORT_STATES:
            err("state", f"trạng thái “{State(state).label}” không nhập được từ Excel; hãy nhập trạng thái trước đó "
                         "rồi thực hiện bước này trên hệ thống")

    objectives = _text(cells.get("objectives"))
    scope = _text(cells.get("scope"))
    for key, value in (("objectives", objectives), ("scope", scope)):
        if len(value) > MAX_TEXT:
            err(key, f"quá dài ({_num(len(value))} ký tự; tối đa {_num(MAX_TEXT)})")

    source_ids: list[int] = []
    raw_sources = _text(cells.get("funding_sources"))
    for part in re.split(r"[;\n]", raw_sources):
        part = part.strip()
        if not part:
            continue
        pk = lk.sources.get(_cfold(part))
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
    decision_number = _text(cells.get("decision_number"))
    if len(decision_number) > MAX_DECISION:
        err("decision_number", f"quá dài (tối đa {MAX_DECISION} ký tự)")
    try:
        decision_date = parse_date(cells.get("decision_date"), today=today)
    except CellError as exc:
        err("decision_date", str(exc))
    if approved:
        if not decision_number:
            err("decision_number", "bắt buộc khi có tổng mức/dự toán được duyệt")
        if decision_date is None and _is_blank(cells.get("decision_date")):
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


# -------------------------------------------------------------- preview ----

def preview(user, upload) -> tuple[ImportResult, bytes | None]:
    """Check and parse an uploaded file; writes only the audit event. Returns the result
    and the bytes (None when the upload itself was refused)."""
    if not can_import(user):
        raise PermissionDenied("Bạn không có quyền nhập danh mục từ Excel.")
    name = (getattr(upload, "name", "") or "")[-255:]
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


# ---------------------------------------------------------------- apply ----

def apply(user, data: bytes, file_name: str = "") -> int:
    """Validate ``data`` again and create every row in one transaction (or nothing).

    Returns the number of projects created; raises :class:`ImportRejected` when the file
    has any error and ``PermissionDenied`` when the user may not import.
    """
    if not can_import(user):
        raise PermissionDenied("Bạn không có quyền nhập danh mục từ Excel.")
    try:
        with transaction.atomic():
            result = parse(user, data, file_name)
            if not result.ok:
                if not result.error_count:
                    result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
                raise ImportRejected(result)
            count = _write(user, result)
            record_event(user, "import.applied", data={
                "count": count, "sha256": result.sha256, "file_name": file_name[-255:],
                "first_code": result.rows[0].code, "last_code": result.rows[-1].code,
            })
    except IntegrityError:
        raise ServiceError("Không nhập được do trùng mã hoặc dữ liệu thay đổi trong lúc nhập; "
                           "chưa có dòng nào được ghi. Hãy thử lại.")
    if count >= 1000:
        refresh_statistics(Project, BudgetEntry, ProjectEvent)  # a large import changes the shape of the tables
    return count


def _write(user, result: ImportResult) -> int:
    rows = result.rows
    now = timezone.now()
    today = timezone.localdate()

    by_kind_year: dict[tuple[str, int], list[ImportRow]] = defaultdict(list)
    for r in rows:
        by_kind_year[(r.kind, r.start_year)].append(r)
    for (kind, year), group in sorted(by_kind_year.items()):
        for r, code in zip(group, services.reserve_codes(kind, year, len(group))):
            r.code = code

    unit_ids = {r.unit.pk for r in rows}
    aliases: dict[int, list[str]] = defaultdict(list)
    for unit_id, alias in UnitAlias.objects.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "alias"):
        aliases[unit_id].append(alias)
    programme_names = dict(Programme.objects.filter(pk__in={r.programme_id for r in rows if r.programme_id})
                           .values_list("pk", "name"))

    projects = []
    for r in rows:
        unit = r.unit
        projects.append(Project(
            code=r.code, name=r.name, objectives=r.objectives, scope=r.scope, kind=r.kind, group=r.group,
            regime_id=r.regime_id, programme_id=r.programme_id, investor_unit_id=unit.pk,
            start_year=r.start_year, end_year=r.end_year, carried_over=r.carried_over, state=r.state,
            state_changed_at=now, total_approved=r.approved or 0, total_disbursed=r.disbursed or 0,
            search_text=search_document(
                r.code, r.name, r.objectives, r.scope, unit.name, unit.short_name, *aliases.get(unit.pk, ()),
                programme_names.get(r.programme_id, "") if r.programme_id else "",
            ),
            created_by=user, created_at=now, updated_at=now,
        ))

    from simple_history.utils import bulk_create_with_history

    projects = bulk_create_with_history(projects, Project, default_user=user, default_date=now)
    if any(p.pk is None for p in projects):  # databases that do not return ids from bulk inserts
        ids = _ids_by(Project, "code", [p.code for p in projects])
        for p in projects:
            p.pk = p.id = ids[p.code]
    pk_of_row = {r.row: p.pk for r, p in zip(rows, projects)}

    # Funding sources, with the matching many-to-many history snapshot of the "+" record.
    Through = Project.funding_sources.through
    links = [Through(project_id=pk_of_row[r.row], fundingsource_id=fid) for r in rows for fid in r.funding_source_ids]
    if links:
        links = Through.objects.bulk_create(links)
        if any(link.pk is None for link in links):
            got = {}
            for chunk in _chunks([link.project_id for link in links]):
                for pk, project_id, source_id in Through.objects.filter(project_id__in=chunk).values_list(
                        "pk", "project_id", "fundingsource_id"):
                    got[(project_id, source_id)] = pk
            for link in links:
                link.pk = link.id = got[(link.project_id, link.fundingsource_id)]
        history_ids = {}
        HistoricalProject = Project.history.model
        for chunk in _chunks(list({link.project_id for link in links})):
            history_ids.update(HistoricalProject.objects.filter(id__in=chunk, history_type="+")
                               .values_list("id", "history_id"))
        M2MHistory = apps.get_model("projects", "HistoricalProject_funding_sources")
        M2MHistory.objects.bulk_create([
            M2MHistory(id=link.pk, project_id=link.project_id, fundingsource_id=link.fundingsource_id,
                       history_id=history_ids[link.project_id])
            for link in links
        ])

    reason = f"Nhập từ tệp Excel “{result.file_name}”" if result.file_name else "Nhập từ tệp Excel"
    ProjectEvent.objects.bulk_create([
        ProjectEvent(project_id=pk_of_row[r.row], kind=EventKind.CREATED, to_state=r.state, occurred_on=today,
                     reason=reason[:1000], actor=user, created_at=now)
        for r in rows
    ])

    entries = []
    note = "Nhập từ Excel"
    for r in rows:
        pid = pk_of_row[r.row]
        source_id = r.funding_source_ids[0] if r.funding_source_ids else None
        if r.approved:
            entries.append(BudgetEntry(
                project_id=pid, year=r.start_year, funding_source_id=source_id, stage=Stage.APPROVED,
                amount=r.approved, decision_number=r.decision_number, decision_date=r.decision_date,
                note=note, created_by=user, created_at=now,
            ))
        if r.disbursed:
            entries.append(BudgetEntry(
                project_id=pid, year=r.end_year or r.start_year, funding_source_id=source_id,
                stage=Stage.DISBURSED, amount=r.disbursed, note=f"{note} (lũy kế)", created_by=user, created_at=now,
            ))
    if entries:
        bulk_create_with_history(entries, BudgetEntry, default_user=user, default_date=now)
    return len(projects)


def _chunks(items: list, size: int = 900):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _ids_by(model, field_name: str, values: list) -> dict:
    out = {}
    for chunk in _chunks(values):
        out.update(model.objects.filter(**{f"{field_name}__in": chunk}).values_list(field_name, "pk"))
    return out


# ----------------------------------------------------------------- stash ----

_TOKEN_RE = re.compile(r"[A-Za-z0-9_\-]{20,64}")


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / STASH_DIR


def _stash_path(token: str) -> Path | None:
    if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
        return None
    return _stash_dir() / f"{token}.xlsx"


def stash(data: bytes) -> str:
    """Keep uploaded bytes until the user confirms; return the random token naming them."""
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _purge_old(folder)
    token = secrets.token_urlsafe(32)
    path = folder / f"{token}.xlsx"
    with open(path, "xb") as fh:
        fh.write(data)
    return token


def load_stash(token: str) -> bytes | None:
    path = _stash_path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def claim_stash(token: str) -> bytes | None:
    """Take the stashed bytes for applying, exactly once: the file is renamed away atomically,
    so two simultaneous confirmations of one preview cannot both apply it."""
    path = _stash_path(token)
    if path is None:
        return None
    claimed = path.with_suffix(f".claimed-{secrets.token_hex(4)}")
    try:
        os.replace(path, claimed)
    except OSError:  # already claimed by a concurrent confirmation, or expired
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def discard(token: str) -> None:
    path = _stash_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _purge_old(folder: Path) -> None:
    limit = time.time() - STASH_MAX_AGE
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            pass


# -------------------------------------------------------------- template ----

def template_filename() -> str:
    return "mau-nhap-danh-muc-du-an.xlsx"


def build_template(user) -> bytes:
    """The import template: header row, one example row, a catalogue sheet and drop-downs."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    today = timezone.localdate()
    units = list(access.scope_units(user, Unit.objects.all()).order_by("path")
                 .only("pk", "code", "name", "short_name", "valid_to", "path"))
    creatable = [u for u in units if can_create_project_for(user, u)]
    regimes = list(LegalRegime.objects.all())
    programmes = list(Programme.objects.filter(is_active=True))
    sources = list(FundingSource.objects.filter(is_active=True))
    states = [(s, State(s).label) for s in IMPORT_STATES]

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    cat = wb.create_sheet(CATALOG_SHEET)
    guide = wb.create_sheet(GUIDE_SHEET)

    head_font = Font(bold=True, color="FFFFFF")
    req_fill = PatternFill("solid", fgColor="9C2A2A")
    opt_fill = PatternFill("solid", fgColor="1F4E79")
    for idx, col in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=idx, value=col.label + ("*" if col.required else ""))
        cell.font = head_font
        cell.fill = req_fill if col.required else opt_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if col.help:
            cell.comment = Comment(col.help, "CĐS Portfolio", width=260, height=90)
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "B2"

    own = user.unit if getattr(user, "unit_id", None) and user.unit in creatable else (creatable[0] if creatable else None)
    regime = LegalRegime.for_date(today) or (regimes[0] if regimes else None)
    example = {
        "name": EXAMPLE_NAME,
        "kind": KIND_SHORT_LABELS[Kind.INVESTMENT],
        "group": "C",
        "regime": regime.short_name if regime else "",
        "unit": own.name if own else "",
        "programme": programmes[0].name if programmes else "",
        "start_year": today.year,
        "end_year": today.year + 1,
        "carried_over": "Không",
        "state": State.PROPOSED.label,
        "objectives": "Số hóa hồ sơ, kết nối, chia sẻ dữ liệu với CSDL quốc gia.",
        "scope": "Toàn tỉnh",
        "funding_sources": sources[0].name if sources else "",
        "approved": 1_250_000_000,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": dt.datetime(today.year, 1, 15) if dt.date(today.year, 1, 15) <= today
        else dt.datetime(today.year - 1, 12, 15),
        "disbursed": 500_000_000,
    }
    example_font = Font(italic=True, color="7F7F7F")
    for idx, col in enumerate(COLUMNS, 1):
        cell = ws.cell(row=2, column=idx, value=example[col.key])
        cell.font = example_font
        if col.key in ("approved", "disbursed"):
            cell.number_format = "#,##0"
        elif col.key == "decision_date":
            cell.number_format = "DD/MM/YYYY"
    last = TEMPLATE_ROWS + 1
    col_of = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    for key in ("approved", "disbursed"):
        for row in range(3, 200):
            ws[f"{col_of[key]}{row}"].number_format = "#,##0"
    for row in range(3, 200):
        ws[f"{col_of['decision_date']}{row}"].number_format = "DD/MM/YYYY"

    # Catalogue sheet: each list in its own column, referenced by the drop-downs.
    lists = [
        ("Loại", [KIND_SHORT_LABELS[k] for k in Kind.values]),
        ("Nhóm", [g for g in Group.values]),
        ("Chế độ pháp lý", [r.short_name for r in regimes]),
        ("Mã chế độ", [r.code for r in regimes]),
        ("Chương trình", [p.name for p in programmes]),
        ("Mã chương trình", [p.code for p in programmes]),
        ("Nguồn vốn", [s.name for s in sources]),
        ("Mã nguồn vốn", [s.code for s in sources]),
        ("Trạng thái", [label for _code, label in states]),
        ("Chuyển tiếp", ["Có", "Không"]),
        ("Mã đơn vị", [u.code for u in creatable]),
        ("Tên đơn vị", [u.name for u in creatable]),
        ("Tên viết tắt", [u.short_name for u in creatable]),
        ("Hiệu lực đến", [u.valid_to.strftime("%d/%m/%Y") if u.valid_to else "" for u in creatable]),
    ]
    ranges = {}
    for cidx, (title, values) in enumerate(lists, 1):
        letter = get_column_letter(cidx)
        head = cat.cell(row=1, column=cidx, value=title)
        head.font = Font(bold=True)
        for ridx, value in enumerate(values, 2):
            cat.cell(row=ridx, column=cidx, value=value)
        cat.column_dimensions[letter].width = max(12, min(60, max([len(title)] + [len(str(v)) for v in values]) + 2))
        ranges[title] = f"'{CATALOG_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    cat.freeze_panes = "A2"

    def dropdown(key: str, list_title: str, *, strict: bool = True):
        dv = DataValidation(type="list", formula1=ranges[list_title], allow_blank=True,
                            showErrorMessage=strict, errorStyle="stop" if strict else "information",
                            errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)

    dropdown("kind", "Loại", strict=False)  # codes such as "investment" are accepted too
    dropdown("group", "Nhóm")
    dropdown("regime", "Chế độ pháp lý", strict=False)
    dropdown("unit", "Tên đơn vị", strict=False)  # codes and aliases are accepted too
    dropdown("programme", "Chương trình", strict=False)
    dropdown("state", "Trạng thái", strict=False)
    dropdown("carried_over", "Chuyển tiếp", strict=False)
    dropdown("funding_sources", "Nguồn vốn", strict=False)  # several, separated by ";"
    for key in ("start_year", "end_year"):
        dv = DataValidation(type="whole", operator="between", formula1=str(services.MIN_YEAR),
                            formula2=str(services.MAX_YEAR), allow_blank=True, showErrorMessage=True,
                            errorTitle="Năm không hợp lệ", error="Nhập năm 4 chữ số, ví dụ 2024.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)
    for key in ("approved", "disbursed"):
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Số tiền không hợp lệ",
                            error="Nhập số nguyên đồng, không âm, ví dụ 1250000000.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)

    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide["A1"] = "HƯỚNG DẪN NHẬP DANH MỤC NHIỆM VỤ, DỰ ÁN TỪ EXCEL"
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        "Mỗi dòng của sheet “Nhập dự án” là một nhiệm vụ/dự án; dòng 1 là tiêu đề, không đổi tên cột.",
        "Cột có dấu * là bắt buộc. Dòng 2 là ví dụ: hãy xóa hoặc ghi đè trước khi nhập.",
        "Tiền ghi bằng số nguyên đồng (không có phần thập phân); ngày theo dạng dd/mm/yyyy.",
        f"Tối đa {_num(MAX_ROWS)} dòng mỗi tệp. Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi không có lỗi nào "
        "mới cho xác nhận, và nhập tất cả các dòng cùng lúc (có lỗi thì không nhập dòng nào).",
        "Các giá trị hợp lệ (loại, nhóm, chế độ pháp lý, chương trình, nguồn vốn, trạng thái, đơn vị) "
        "xem ở sheet “Danh mục”.",
    ]
    for i, text in enumerate(notes, 3):
        guide.cell(row=i, column=1, value=f"{i - 2}.")
        guide.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    row = len(notes) + 5
    guide.cell(row=row, column=1, value="Cột").font = Font(bold=True)
    guide.cell(row=row, column=2, value="Cách ghi").font = Font(bold=True)
    for col in COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=col.label + ("*" if col.required else ""))
        guide.cell(row=row, column=2, value=col.help or "Không bắt buộc.").alignment = Alignment(wrap_text=True)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
