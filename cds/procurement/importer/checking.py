"""Checking the rows of a packages file: every cell read as the services read it (money in whole
đồng, dates dd/mm/yyyy, ISO or Excel's, the field and method written as their Vietnamese names),
the project each row goes to — (1) its project code, (2) the existing selection plan with its mã
KHLCNT, (3) the project chosen on the form —, only among the projects the user may record on
(one answer, whether a project is outside the user's reach or does not exist), the rows grouped
into selection plans, and the same package never twice: one mã TBMT (whatever its "-00"/"-01"
version) or, without one, one name per project — in the file and against the registry. Every
problem is named by row and column. Nothing is written here."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from types import SimpleNamespace

from cds.accounts import access
from cds.catalog.models import FundingSource
from cds.core.errors import ServiceError
from cds.projects.importer import parsing as workbook
from cds.projects.importer.cells import CellError, cell_text, check_cell, is_blank
from cds.projects.models import Kind
from cds.projects.permissions import scope_projects
from cds.text.chars import scrub
from cds.text.normalize import fold

from .. import services
from ..models import Budget, ColumnMapping, Package, SelectionPlan, Source
from ..permissions import can_record, can_record_any
from .columns import (
    CHOICE_KEYS,
    DATE_KEYS,
    EXAMPLE_FOLDED,
    FIELDS,
    INTEGER_KEYS,
    LABELS,
    MONEY_KEYS,
    ONLINE_WORDS,
    PACKAGE_KEYS,
    PLAN_KEYS,
    REQUIRED,
    RESULT_KEYS,
    WORDS,
    lookup,
    unknown_fields,
)
from .reading import read_csv, read_xlsx
from .result import ImportResult, PackageRow

NOT_FOUND = "không tìm thấy nhiệm vụ/dự án mã “{code}” trong các nhiệm vụ/dự án bạn được ghi thông tin đấu thầu"
NO_PROJECT = ("chưa xác định được nhiệm vụ/dự án của gói thầu: ghi mã nhiệm vụ/dự án, mã KHLCNT của một kế hoạch "
              "đã có trên hệ thống, hoặc chọn nhiệm vụ/dự án khi tải tệp lên")
EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TIME = re.compile(r"([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?", re.ASCII)
_ISO_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9:.+Z]*", re.ASCII)
_SERIAL = re.compile(r"[0-9]{4,5}(?:\.0+)?", re.ASCII)
_DAYS = re.compile(r"([0-9]+)(?: ngay)?", re.ASCII)
# The services' field names → the file's field codes, for their errors.
PLAN_ERRORS = {service: key for key, service in PLAN_KEYS.items()}
SOURCES = {"sheet": Source.SHEET, "national": Source.NATIONAL}


def source_of(mapping: ColumnMapping) -> str:
    return SOURCES.get(mapping.source, mapping.source if mapping.source in Source.values else Source.SHEET)


class Context:
    """What the rows are matched against, loaded once per file."""

    def __init__(self, user, mapping: ColumnMapping, project=None, file_name: str = ""):
        self.user, self.mapping, self.project, self.file_name = user, mapping, project, file_name
        self.source = source_of(mapping)
        self.funding: dict[str, int] = {}
        for s in FundingSource.objects.all():
            for text in (s.code, s.name):
                self.funding.setdefault(fold(text), s.pk)
        self._may: dict[int, bool] = {}

    def may_record(self, project) -> bool:
        if project.pk not in self._may:
            self._may[project.pk] = can_record(self.user, project)
        return self._may[project.pk]

    def projects(self, codes: set[str]) -> dict[str, object]:
        """Folded code → project, among the projects the user may read."""
        if not codes:
            return {}
        asked = {c.strip() for c in codes} | {c.strip().upper() for c in codes}
        qs = scope_projects(self.user).filter(code__in=list(asked)).select_related("investor_unit")
        return {fold(p.code): p for p in qs}


def recordable_projects(user):
    """The projects the user may record packages on (a select's choices; each is checked again)."""
    if not can_record_any(user):
        return scope_projects(user).none()
    return scope_projects(user).filter(access.scope_for(user).q("investor_unit")).select_related("investor_unit")


def _text(value) -> str:
    return " ".join(cell_text(value).split())


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or is_blank(value):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = _text(value)
    for pattern in (_DATE_TIME, _ISO_TIME):
        m = pattern.fullmatch(text)
        if m:
            return m.group(1)
    if _SERIAL.fullmatch(text):  # a date Excel wrote as its serial number
        days = int(float(text))
        if 1 <= days <= 2_958_465:
            return EXCEL_EPOCH + dt.timedelta(days=days)
    return text


def _money(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return str(value)
    return value if isinstance(value, int) else _text(value)


def _integer(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = fold(_text(value))
    m = _DAYS.fullmatch(text)
    return m.group(1) if m else _text(value)


class Checker:
    """Reads the rows of one file into :class:`PackageRow` s, every error into the result."""

    def __init__(self, ctx: Context, result: ImportResult, columns: dict[int, str], headers: dict[int, str]):
        self.ctx, self.result = ctx, result
        self.columns = columns
        if columns:
            result.labels = {key: headers[idx] for idx, key in sorted(columns.items(), reverse=True)}
        self.labels = result.labels

    def label(self, key: str) -> str:
        return self.labels.get(key) or FIELDS.get(key, "")

    def err(self, row: int, key: str, message: str) -> None:
        self.result.add(row, self.label(key) if key else "", message)

    def service_errors(self, row: int, exc: ServiceError, names: dict | None = None) -> None:
        names = names or {}
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.err(row, names.get(name, name if name in FIELDS else ""), message)
        else:
            for message in exc.messages:
                self.err(row, "", message)

    def cells(self, row: int, values: tuple) -> dict | None:
        cells = {}
        before = self.result.error_count
        for idx, key in self.columns.items():
            value = values[idx] if idx < len(values) else None
            try:
                value = check_cell(value)
            except CellError as exc:
                self.err(row, key, str(exc))
                continue
            if is_blank(value):
                continue
            cells.setdefault(key, value)
        return cells if self.result.error_count == before else None

    def values(self, row: int, cells: dict) -> dict:
        """The cells as the services read them: choices as codes, dates, money and numbers as typed."""
        data: dict = {}
        for key, value in cells.items():
            if key in MONEY_KEYS:
                data[key] = _money(value)
            elif key in DATE_KEYS:
                data[key] = _date(value)
            elif key in INTEGER_KEYS:
                data[key] = _integer(value)
            elif key in CHOICE_KEYS:
                code = WORDS[key].get(fold(_text(value)))
                if code is None:
                    self.err(row, key, f"“{_text(value)}” không hợp lệ; ghi một trong: {LABELS[key]}")
                data[key] = code or ""
            elif key == "online":
                flag = ONLINE_WORDS.get(fold(_text(value)))
                if flag is None:
                    self.err(row, key, f"“{_text(value)}” không hợp lệ; ghi “Qua mạng” hoặc “Không qua mạng”")
                data[key] = bool(flag)
            elif key == "funding_source":
                pk = self.ctx.funding.get(fold(_text(value)))
                if pk is None:
                    self.err(row, key, f"không tìm thấy nguồn vốn “{_text(value)}” trong danh mục")
                data[key] = pk
            else:
                data[key] = _text(value)
        if "online" not in data and "qua mang" in fold(_text(cells.get("method"))):
            data["online"] = True
        return data


def _plan_name(data: dict, ctx: Context) -> str:
    if data.get("plan_name"):
        return data["plan_name"]
    if data.get("plan_code"):
        return f"Kế hoạch lựa chọn nhà thầu {data['plan_code']}"
    return f"Kế hoạch lựa chọn nhà thầu nhập từ tệp {ctx.file_name}".strip()[:500]


def check_rows(ctx: Context, result: ImportResult, table, deadline: float) -> None:  # noqa: C901
    checker = Checker(ctx, result, table.columns, table.headers)
    parsed = []
    for row, values in table.rows:
        if time.monotonic() > deadline:
            raise workbook.Refused(workbook.too_slow())
        cells = checker.cells(row, values)
        if cells is None:
            continue
        parsed.append((row, checker.values(row, cells)))
    codes = {d["project_code"] for _r, d in parsed if d.get("project_code")}
    projects = ctx.projects(codes)
    plan_codes = {services.PLAN_CODE.fullmatch(d.get("plan_code", "").upper().replace(" ", ""))
                  for _r, d in parsed}
    plan_codes = {m.group(0) for m in plan_codes if m}
    plans = {p.plan_code: p for p in SelectionPlan.objects.filter(plan_code__in=plan_codes)
             .select_related("project__investor_unit")} if plan_codes else {}

    seen_notice: dict[str, int] = {}
    seen_name: dict[tuple[int, str], int] = {}
    for row, data in parsed:
        before = result.error_count
        if fold(data.get("name")) == EXAMPLE_FOLDED:
            checker.err(row, "name", "đây là dòng ví dụ của tệp mẫu, hãy xóa hoặc thay bằng dữ liệu thật")
        # the values as the services will read them
        plan_values, r = services._plan_values({"name": "—", **{PLAN_KEYS[k]: v for k, v in data.items()
                                                               if k in PLAN_KEYS and k != "plan_name"}})
        for name, message in r.errors.items():
            checker.err(row, PLAN_ERRORS.get(name, ""), message)
        package_values, r = services._package_values({k: data.get(k) for k in PACKAGE_KEYS if k in data})
        for name, message in r.errors.items():
            checker.err(row, name if name in FIELDS else "", message)
        outcome = None
        if any(data.get(k) not in (None, "") for k in RESULT_KEYS):
            outcome = {k: data.get(k) for k in RESULT_KEYS if k in data}
            result_values, r = services._result_values(outcome)
            start = SimpleNamespace(selection_start=package_values["selection_start"] or dt.date.max)
            problems = services._result_problems(start, result_values)
            for name, message in {**problems, **r.errors}.items():
                checker.err(row, name if name in FIELDS else "", message)

        # the project, among those the user may record on
        project = plan = None
        if data.get("project_code"):
            project = projects.get(fold(data["project_code"]))
            if project is None or not ctx.may_record(project):
                checker.err(row, "project_code", NOT_FOUND.format(code=data["project_code"]))
                project = False
        code = plan_values["plan_code"]
        if code and code in plans and ctx.may_record(plans[code].project):
            plan = plans[code]
            if project and project.pk != plan.project_id:
                checker.err(row, "plan_code", f"kế hoạch {code} thuộc nhiệm vụ/dự án {plan.project.code}, không "
                                              f"phải {project.code}")
            project = project if project is False else plan.project
        if project is None:
            project = ctx.project
            if project is None:
                checker.err(row, "project_code", NO_PROJECT)

        # one package once
        notice = package_values["notice_code"]
        if notice:
            if notice in seen_notice:
                checker.err(row, "notice_code", f"trùng mã TBMT {notice} với dòng {seen_notice[notice]} của tệp")
            else:
                seen_notice[notice] = row
        elif project and package_values["name"]:
            key = (project.pk, fold(package_values["name"]))
            if key in seen_name:
                checker.err(row, "name", f"trùng tên gói thầu với dòng {seen_name[key]} của tệp (cùng nhiệm vụ/dự án)")
            else:
                seen_name[key] = row
        if result.error_count != before or not project:
            continue
        plan_values["name"] = _plan_name(data, ctx)
        if "budget" not in data:
            plan_values["budget"] = Budget.RECURRENT if project.kind == Kind.RECURRENT else Budget.PROJECT
        plan_key = (project.pk, code or fold(data.get("plan_name")))
        result.rows.append(PackageRow(
            row=row, project=project, plan_key=plan_key,
            plan={**{PLAN_KEYS[k]: data[k] for k in PLAN_KEYS if k in data}, "name": plan_values["name"],
                  "budget": plan_values["budget"]},
            package={k: data[k] for k in PACKAGE_KEYS if k in data}, result=outcome, notice=notice,
            plan_is_new=plan is None, plan_label=plan.name if plan else plan_values["name"],
            price=package_values["package_price"]))
        if plan is not None:
            result.rows[-1].plan["id"] = plan.pk
    _against_registry(checker, result)


def _against_registry(checker: Checker, result: ImportResult) -> None:
    """Rows whose package the registry already holds (a file imported twice), and plans by name."""
    notices = {r.notice for r in result.rows if r.notice}
    taken = set(Package.objects.filter(notice_code__in=notices).values_list("notice_code", flat=True)) \
        if notices else set()
    project_ids = {r.project.pk for r in result.rows}
    names = {(pid, fold(name)) for pid, name in Package.objects.filter(project__in=project_ids)
             .values_list("project_id", "name")} if project_ids else set()
    plans = {}
    for plan in SelectionPlan.objects.filter(project__in=project_ids).only("pk", "project_id", "name"):
        plans.setdefault((plan.project_id, fold(plan.name)), plan)
    kept = []
    for r in result.rows:
        if r.notice and r.notice in taken:
            checker.err(r.row, "notice_code", f"gói thầu có mã TBMT {r.notice} đã có trong hệ thống")
        elif not r.notice and (r.project.pk, fold(r.name)) in names:
            checker.err(r.row, "name", f"nhiệm vụ/dự án {r.project.code} đã có gói thầu cùng tên trong hệ thống")
        else:
            if r.plan_is_new and not r.plan.get("plan_code"):
                existing = plans.get((r.project.pk, fold(r.plan["name"])))
                if existing is not None:
                    r.plan["id"], r.plan_is_new = existing.pk, False
            kept.append(r)
    result.rows = kept


def parse(user, mapping: ColumnMapping, kind: str, data: bytes, file_name: str = "", project=None) -> ImportResult:
    """Read and check a file of ``kind`` ("xlsx" or "csv") with ``mapping``; write nothing."""
    deadline = time.monotonic() + workbook.MAX_SECONDS
    name = scrub(file_name)[-255:]
    result = ImportResult(file_name=name, mapping=mapping.code, kind=kind, sha256=hashlib.sha256(data).hexdigest())
    bad = unknown_fields(mapping.columns)
    if bad:
        return result.file_error(f"Ánh xạ cột “{mapping.name}” có cột không hợp lệ ({', '.join(bad[:5])}); quản trị "
                                 "hệ thống cần sửa ánh xạ trước khi nhập.")
    try:
        reader = read_xlsx if kind == "xlsx" else read_csv
        table = reader(data, lookup(mapping.columns), deadline)
    except workbook.ReadError:
        return result.file_error(workbook.UNREADABLE if kind == "xlsx" else "Không đọc được nội dung tệp CSV.")
    except workbook.Refused as exc:
        return result.file_error(str(exc))
    except ServiceError as exc:
        for message in exc.messages:
            result.file_error(message)
        return result
    result.warnings = table.warnings
    if table.header_row is None:
        expected = ", ".join(f"“{h}”" for h, k in mapping.columns.items() if k in REQUIRED)
        return result.file_error(f"Không tìm thấy dòng tiêu đề theo ánh xạ “{mapping.name}” (các cột {expected}). "
                                 "Hãy kiểm tra lại loại tệp đã chọn hoặc dùng tệp mẫu.")
    seen: dict[str, int] = {}
    for idx, key in sorted(table.columns.items()):
        if key in seen:
            result.file_error(f"Cột “{FIELDS[key]}” xuất hiện nhiều lần (“{table.headers[seen[key]]}” và "
                              f"“{table.headers[idx]}”).")
        seen.setdefault(key, idx)
    for key in REQUIRED:
        if key not in seen:
            header = next((h for h, k in mapping.columns.items() if k == key), FIELDS[key])
            result.file_error(f"Thiếu cột bắt buộc “{header}”.")
    if result.error_count:
        return result
    if not table.rows:
        return result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
    ctx = Context(user, mapping, project, name)
    try:
        check_rows(ctx, result, table, deadline)
    except workbook.Refused as exc:
        result.rows = []
        result.file_error(str(exc))
    return result
