"""Reading a proposals sheet: the upload limits of the registry's import (real .xlsx, declared
part sizes and row elements counted before openpyxl opens a sheet, a deadline at every row), the
sheet read row by row in read-only mode — reading stops after :data:`BLANK_RUN` blank rows in a
row, more than :data:`MAX_PROPOSALS` proposals refuse the file —, then every cell checked against
the round (its years, the sources of its envelopes) and what the user may reach (legal regimes,
programmes, systems by code, the unit's own registry projects for a carried-over task). Every
problem is named by Excel row and column. Nothing is written here."""
from __future__ import annotations

import hashlib
import itertools
import re
import time

from cds.accounts import access
from cds.catalog.models import FundingSource, Programme
from cds.core.validation import MAX_AMOUNT
from cds.projects.importer import parsing as workbook
from cds.projects.importer.cells import CellError, cell_text, check_cell, is_blank, parse_money, parse_year
from cds.projects.importer.columns import header_key
from cds.projects.permissions import scope_projects
from cds.rules.models import LegalRegime
from cds.systems.permissions import scope_systems
from cds.text.chars import scrub
from cds.text.format import format_vnd, num
from cds.text.normalize import fold

from .. import services
from ..models import Basis, Priority, Proposal, Round
from .columns import (
    BASIS_WORDS,
    BY_KEY,
    CATALOG_SHEET,
    DATA_SHEET,
    EXAMPLE_FOLDED,
    GUIDE_SHEET,
    HEADERS,
    KIND_WORDS,
    PRIORITY_WORDS,
    cost_header,
)
from .result import ImportResult, ProposalRow

MAX_PROPOSALS = 500        # one unit's proposals for one round, with room
BLANK_RUN = 200            # blank rows in a row after which the sheet is not read further
HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 80           # the fixed columns and a five-year round's money columns, with room
MAX_NAME = 500
MAX_TEXT = services.TEXT_LIMIT
TEXTS = {"objectives": "mục tiêu", "problem": "vấn đề cần giải quyết", "legal_basis": "căn cứ"}
_SPLIT = re.compile(r"[,;\n]")


class _Context:
    """What the rows are matched against, loaded once per file."""

    def __init__(self, user, round_: Round):
        self.user, self.round = user, round_
        self.unit = user.unit
        self.regimes: dict[str, LegalRegime] = {}
        for r in LegalRegime.objects.all():
            for text in (r.code, r.short_name, r.name):
                self.regimes.setdefault(fold(text), r)
        self.programmes: dict[str, Programme] = {}
        for p in Programme.objects.filter(is_active=True):
            for text in (p.code, p.name):
                self.programmes.setdefault(fold(text), p)
        self.systems = {fold(s.code): s for s in scope_systems(user).only("pk", "code", "name", "root_unit_id")}
        self.sources: dict[str, FundingSource] = {}
        for s in FundingSource.objects.all():
            for text in (s.code, s.name):
                self.sources.setdefault(fold(text), s)
        self.envelope_pairs = set(round_.envelopes.values_list("year", "funding_source_id"))
        self.scope = access.scope_for(user)

    def projects(self, codes: set[str]) -> dict[str, object]:
        """The registry projects the user may read among ``codes`` (folded code → project)."""
        if not codes:
            return {}
        asked = {c.strip() for c in codes} | {c.strip().upper() for c in codes}
        qs = scope_projects(self.user).filter(code__in=list(asked)).select_related("investor_unit")
        return {fold(p.code): p for p in qs}


def _header(buffer) -> tuple[int | None, dict[int, str], dict[int, tuple]]:
    """(header row number, column index → fixed key, column index → (year, source text, label))
    of the best candidate row among the first rows."""
    best = (None, {}, {})
    for i, values in enumerate(buffer):
        fixed, money = {}, {}
        for idx, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                continue
            key = HEADERS.get(header_key(value))
            if key:
                fixed.setdefault(idx, key)
                continue
            cost = cost_header(value)
            if cost:
                money[idx] = (*cost, " ".join(value.split()).rstrip("*"))
        if len(fixed) + len(money) > len(best[1]) + len(best[2]):
            best = (i + 1, fixed, money)
    return best


def _sheet(wb):
    named = [ws for ws in wb.worksheets if fold(ws.title) == fold(DATA_SHEET)]
    if named:
        return named[0]
    others = [ws for ws in wb.worksheets if fold(ws.title) not in {fold(CATALOG_SHEET), fold(GUIDE_SHEET)}]
    return others[0] if others else None


def parse(user, round_: Round, data: bytes, file_name: str = "") -> ImportResult:
    """Read and check the workbook ``data`` of ``user``'s proposals for ``round_``; write nothing."""
    deadline = time.monotonic() + workbook.MAX_SECONDS
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
        _parse_workbook(user, round_, wb, result, deadline)
    except workbook.ReadError:
        result.rows = []
        result.file_error(workbook.UNREADABLE)
    except workbook.Refused as exc:
        result.rows = []
        result.file_error(str(exc))
    finally:
        wb.close()
    return result


def _read(ws, result: ImportResult, deadline: float):
    """(header row, fixed columns, money columns, [(Excel row number, values)]) of the sheet."""
    ws.reset_dimensions()  # the rows read are what counts, whatever the sheet declares
    rows = workbook.safe_rows(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), deadline)
    buffer = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    header_row, fixed, money = _header(buffer)
    if header_row is None:
        return None, {}, {}, []
    out, blank_run, row_no = [], 0, header_row
    ignored = {idx for idx, key in fixed.items() if key == "stt"}
    for values in itertools.chain(buffer[header_row:], rows):
        row_no += 1
        if all(is_blank(v) for idx, v in enumerate(values) if idx not in ignored):
            blank_run += 1
            if blank_run >= BLANK_RUN:
                result.warnings.append(f"Dừng đọc ở dòng {num(row_no)} sau {BLANK_RUN} dòng trống liên tiếp; "
                                       "các dòng bên dưới (nếu có) không được đọc.")
                break
            continue
        blank_run = 0
        if len(out) >= MAX_PROPOSALS:
            raise workbook.Refused(f"Tệp có hơn {num(MAX_PROPOSALS)} đề xuất; hãy chia thành nhiều tệp, mỗi tệp tối đa "
                                   f"{num(MAX_PROPOSALS)} dòng.")
        out.append((row_no, values))
    return header_row, fixed, money, out


def _money_columns(ctx: _Context, money: dict, result: ImportResult) -> dict[int, tuple]:
    """Column index → (year, source, label) for the money columns the round accepts; a file
    error for each one it does not."""
    round_ = ctx.round
    out, seen = {}, {}
    for idx, (year, text, label) in sorted(money.items()):
        source = ctx.sources.get(text)
        if source is None:
            result.file_error(f"Cột “{label}”: không tìm thấy nguồn vốn “{text}”. Hãy dùng tệp mẫu tải về từ trang "
                              "của đợt lập kế hoạch.")
        elif year not in round_.years:
            result.file_error(f"Cột “{label}”: năm {year} không thuộc thời kỳ {round_.period_label} của đợt lập "
                              "kế hoạch.")
        elif (year, source.pk) not in ctx.envelope_pairs:
            result.file_error(f"Cột “{label}”: đợt lập kế hoạch không có hạn mức nguồn {source.name} năm {year}.")
        elif (year, source.pk) in seen:
            result.file_error(f"Cột “{label}” trùng với cột “{seen[(year, source.pk)]}”.")
        else:
            seen[(year, source.pk)] = label
            out[idx] = (year, source, label)
    return out


def _parse_workbook(user, round_: Round, wb, result: ImportResult, deadline: float) -> None:
    ws = _sheet(wb)
    if ws is None:
        result.file_error("Tệp Excel không có trang tính dữ liệu. Hãy dùng tệp mẫu tải về từ hệ thống.")
        return
    result.sheet = ws.title
    header_row, fixed, money, rows = _read(ws, result, deadline)
    if header_row is None or "name" not in fixed.values() and "project" not in fixed.values():
        result.file_error(f"Trang “{ws.title}” thiếu cột “{BY_KEY['name'].label}”. Hãy dùng tệp mẫu tải về từ trang "
                          "của đợt lập kế hoạch.")
        return
    seen: dict[str, int] = {}
    for idx, key in sorted(fixed.items()):
        if key in seen:
            result.file_error(f"Cột “{BY_KEY[key].label}” xuất hiện nhiều lần.")
        seen.setdefault(key, idx)
    ctx = _Context(user, round_)
    costs = _money_columns(ctx, money, result)
    if result.error_count:
        return
    if not rows:
        result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
        return
    columns = [(idx, key) for key, idx in seen.items()]
    codes = {cell_text(values[idx]) for _r, values in rows for idx, key in columns
             if key == "project" and idx < len(values) and not is_blank(values[idx])}
    projects = ctx.projects(codes)
    names: dict[str, int] = {}
    carried: dict[int, int] = {}
    for row_no, values in rows:
        if time.monotonic() > deadline:
            raise workbook.Refused(workbook.too_slow())
        cells = {key: values[idx] if idx < len(values) else None for idx, key in columns}
        amounts = {idx: values[idx] if idx < len(values) else None for idx in costs}
        parsed = _row(ctx, row_no, cells, amounts, costs, projects, result)
        if parsed is None:
            continue
        folded = fold(parsed.name)
        if folded in names:
            result.add(row_no, BY_KEY["name"].label, f"trùng tên với dòng {names[folded]} của tệp")
            continue
        project = parsed.data.get("project")
        if project is not None and project.pk in carried:
            result.add(row_no, BY_KEY["project"].label,
                       f"nhiệm vụ/dự án {project.code} đã được đề xuất chuyển tiếp ở dòng {carried[project.pk]}")
            continue
        names[folded] = row_no
        if project is not None:
            carried[project.pk] = row_no
        result.rows.append(parsed)
    _against_round(ctx, result)


def _against_round(ctx: _Context, result: ImportResult) -> None:
    """Rows whose name the unit already proposed in this round (a file sent twice)."""
    existing = {}
    for code, name in (Proposal.objects.filter(round=ctx.round, unit=ctx.unit)
                       .exclude(status__in=services.TERMINAL_PROPOSALS).values_list("code", "name")):
        existing.setdefault(fold(name), code)
    kept = []
    for r in result.rows:
        code = existing.get(fold(r.name))
        if code:
            result.add(r.row, BY_KEY["name"].label, f"đơn vị đã có đề xuất {code} cùng tên trong đợt này")
        else:
            kept.append(r)
    result.rows = kept


def _text(value, limit: int, *, multiline: bool = True) -> str:
    text = check_cell(cell_text(value), multiline=multiline)
    text = text if multiline else " ".join(text.split())
    if len(text) > limit:
        raise CellError(f"quá dài ({num(len(text))} ký tự; tối đa {num(limit)})")
    return text


def _row(ctx: _Context, row_no: int, cells: dict, amounts: dict, costs: dict, projects: dict,  # noqa: C901
         result: ImportResult) -> ProposalRow | None:
    """One row checked; None when it has an error (each one reported)."""
    before = result.error_count
    round_ = ctx.round

    def err(key: str, message: str) -> None:
        result.add(row_no, BY_KEY[key].label, message)

    texts = {}
    for key, limit, multiline in (("name", MAX_NAME, False), ("objectives", MAX_TEXT, True),
                                  ("problem", MAX_TEXT, True), ("legal_basis", MAX_TEXT, True)):
        try:
            texts[key] = _text(cells.get(key), limit, multiline=multiline)
        except CellError as exc:
            err(key, str(exc))
    if fold(texts.get("name")) == EXAMPLE_FOLDED:
        err("name", "đây là dòng ví dụ của tệp mẫu, hãy xóa hoặc thay bằng dữ liệu thật")

    code = cell_text(cells.get("project"))
    basis = Basis.CARRIED if code else Basis.NEW
    if not is_blank(cells.get("basis")):
        basis = BASIS_WORDS.get(fold(cell_text(cells["basis"])))
        if basis is None:
            err("basis", f"“{cell_text(cells['basis'])}” không hợp lệ; ghi Mới hoặc Chuyển tiếp")
    project = None
    if basis == Basis.CARRIED:
        if not code:
            err("project", "bắt buộc với đề xuất chuyển tiếp: mã nhiệm vụ/dự án trong danh mục")
        else:
            project = projects.get(fold(code))
            if project is None:
                err("project", f"không tìm thấy nhiệm vụ/dự án mã “{code}” của đơn vị trong danh mục")
            elif not ctx.scope.contains(project.investor_unit) or not (
                    project.investor_unit.path.startswith(round_.root_unit.tree_prefix)):
                err("project", f"nhiệm vụ/dự án {project.code} do đơn vị khác làm chủ đầu tư; chỉ chủ đầu tư đề "
                               "xuất chuyển tiếp")
                project = None
            elif project.is_terminal:
                err("project", f"nhiệm vụ/dự án {project.code} đã {project.get_state_display().lower()}; không "
                               "chuyển tiếp được")
                project = None
    elif basis == Basis.NEW and code:
        err("project", "chỉ ghi mã nhiệm vụ/dự án với đề xuất chuyển tiếp")
    carried = project is not None

    kind = None
    if not is_blank(cells.get("kind")):
        kind = KIND_WORDS.get(fold(cell_text(cells["kind"])))
        if kind is None:
            err("kind", f"loại “{cell_text(cells['kind'])}” không hợp lệ; chọn: Dự án đầu tư, Nhiệm vụ chi thường "
                        "xuyên, Thuê dịch vụ CNTT hoặc Mua sắm")
    elif basis == Basis.NEW:
        err("kind", "chưa nhập (bắt buộc với đề xuất mới)")

    regime = None
    if not is_blank(cells.get("regime")):
        regime = ctx.regimes.get(fold(cell_text(cells["regime"])))
        if regime is None:
            err("regime", f"không tìm thấy chế độ pháp lý “{cell_text(cells['regime'])}” (xem sheet “Danh mục”)")
    elif basis == Basis.NEW:
        err("regime", "chưa nhập (bắt buộc với đề xuất mới)")

    programme = None
    if not is_blank(cells.get("programme")):
        programme = ctx.programmes.get(fold(cell_text(cells["programme"])))
        if programme is None:
            err("programme", f"không tìm thấy chương trình “{cell_text(cells['programme'])}” (xem sheet “Danh mục”)")

    systems = None
    if not is_blank(cells.get("systems")):
        systems = []
        for part in _SPLIT.split(cell_text(cells["systems"])):
            part = part.strip()
            if not part:
                continue
            system = ctx.systems.get(fold(part))
            if system is None:
                err("systems", f"không tìm thấy hệ thống mã “{part}” (ghi mã hệ thống, cách nhau bằng dấu phẩy)")
            elif system not in systems:
                systems.append(system)

    years = {}
    for key in ("start_year", "end_year"):
        try:
            years[key] = parse_year(cells.get(key))
        except CellError as exc:
            err(key, str(exc))
    start, end = years.get("start_year"), years.get("end_year")
    if start is None and basis == Basis.NEW and "start_year" in years:
        err("start_year", "chưa nhập (bắt buộc với đề xuất mới)")
    if start and basis == Basis.NEW and not round_.year_from <= start <= round_.year_to:
        err("start_year", f"năm {start} không thuộc thời kỳ {round_.period_label} của đợt lập kế hoạch")
    elif start and start > round_.year_to:
        err("start_year", f"năm {start} sau thời kỳ {round_.period_label} của đợt lập kế hoạch")
    if end and start and end < start:
        err("end_year", f"năm kết thúc ({end}) không được trước năm bắt đầu ({start})")
    elif end and end < round_.year_from:
        err("end_year", f"năm {end} trước thời kỳ {round_.period_label} của đợt lập kế hoạch")

    priority = None
    if not is_blank(cells.get("priority")):
        priority = PRIORITY_WORDS.get(fold(cell_text(cells["priority"])))
        if priority is None:
            err("priority", f"“{cell_text(cells['priority'])}” không hợp lệ; ghi Cao, Trung bình hoặc Thấp")

    money = []
    for idx, (year, source, label) in costs.items():
        try:
            amount = parse_money(amounts.get(idx))
        except CellError as exc:
            result.add(row_no, label, str(exc))
            continue
        if amount:
            money.append((year, source, amount))
    if sum(a for _y, _s, a in money) > MAX_AMOUNT:
        result.add(row_no, "", f"tổng kinh phí quá lớn (tối đa {format_vnd(MAX_AMOUNT)} đồng)")
    if not money and basis == Basis.NEW and result.error_count == before:
        result.add(row_no, "", "chưa nhập kinh phí ở cột “Kinh phí …” nào")

    if not texts.get("name") and not carried and "name" in texts and basis == Basis.NEW:
        err("name", "chưa nhập (bắt buộc với đề xuất mới)")
    if result.error_count != before:
        return None

    data = services.carried_over_data(round_, project) if carried else {"priority": Priority.MEDIUM}
    data["unit"] = ctx.unit
    for key in ("name", "objectives", "problem", "legal_basis"):
        if texts.get(key):
            data[key] = texts[key]
    for key, value in (("kind", kind), ("regime", regime), ("programme", programme), ("systems", systems),
                       ("priority", priority), ("start_year", start)):
        if value is not None:
            data[key] = value
    if end is not None:
        data["end_year"] = end
    elif start is not None and (not carried or data.get("end_year", start) < start):
        data["end_year"] = start
    if money or not carried:
        data["costs"] = [{"year": y, "funding_source": s, "amount": a} for y, s, a in money]
    row_costs = [(c["year"], c["funding_source"], c["amount"]) for c in data.get("costs") or []]
    return ProposalRow(row=row_no, data=data, costs=row_costs, project_code=project.code if project else "")
