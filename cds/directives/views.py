"""Pages of the directives register (``/chi-dao/``): the tasks assigned by directives (overdue
first), the directives, the extraction assistant, a task's page with its progress reports and
extension requests, the deadline calendar and the results by unit.

Views parse input, call selectors/services and render. Every object comes through the access
helper (404 outside the user's scope, 403 for what they may see but not do); every write is a
service call, and a refusal re-renders the page with the Vietnamese message beside the form and
what the user typed (400, nothing written)."""
from __future__ import annotations

import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.core.errors import ConflictError, ServiceError, error_messages, posted_version
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects

from . import selectors, services
from .extract import MAX_CHARS as MAX_EXTRACT_CHARS
from .models import (
    DeadlineKind,
    DirectiveKind,
    ExtensionRequest,
    Progress,
    ProgressReport,
)
from .permissions import (
    can_decide_extension,
    can_issue_for,
    can_manage_directive,
    can_register_directives,
    can_report_task,
    can_request_extension,
    can_view_directive_overview,
    get_directive_for,
    get_task_for,
    scope_directives,
    scope_tasks,
)
from .status import FIVE_R

DIRECTIVE_FIELDS = ("kind", "number", "issued_on", "issuer", "signer", "title", "full_text")
TASK_TEXT_FIELDS = ("content", "lead_text", "coordinating_text", "responsible", "deadline_kind", "deadline",
                    "deadline_text", "expected_product")
ROW_KEYS = ("content", "lead_units", "lead_text", "coordinating_units", "coordinating_text", "deadline_kind",
            "deadline", "deadline_text", "responsible", "expected_product")
DIRECTIVE_OPTIONS = 200      # directives offered in the filter bar (most recent first)
PROJECT_OPTIONS = 300        # projects offered when linking a task (most recent first)
MAX_FORM_ROWS = 500          # cards read back from the assistant's form
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
ROW_ERROR_RE = re.compile(r"^Dòng (\d+): (.*)$", re.S)


# ------------------------------------------------------------------ helpers ----



def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).strip().isdigit()]


def _ctx(request, tab: str, **extra) -> dict:
    """What every page of the register needs: the tabs and the "Nhập văn bản" button."""
    user = request.user
    ctx = {
        "nav": "directives", "tab": tab, "today": timezone.localdate(),
        "can_register": can_register_directives(user),
        "wide": can_view_directive_overview(user),
    }
    ctx.update(extra)
    return ctx


def _tree_units(user, directive):
    """Units of the directive's tree the user may pick as lead or coordinating units."""
    return list(access.scope_units(user, Unit.objects.filter(path__startswith=directive.issuer.tree_prefix))
                .order_by("path"))


def _directive(request, pk):
    return get_directive_for(request.user, pk, selectors.directive_queryset())


def _managed_directive(request, pk):
    directive = _directive(request, pk)
    if not can_manage_directive(request.user, directive):
        raise PermissionDenied("Chỉ cơ quan ban hành văn bản (người nhập văn bản) được giao, sửa nhiệm vụ.")
    return directive


def _task(request, pk):
    return get_task_for(request.user, pk, selectors.task_queryset())


def _download(field, name: str):
    if not field:
        raise Http404("Không có tệp.")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or os.path.basename(field.name))


# --------------------------------------------------------------------- home ----

@login_required
def home(request):
    """Province-wide roles: every task of the tree, overdue first, with the headline figures and a
    filter bar. Unit users: the tasks their unit leads and those it coordinates."""
    user = request.user
    today = timezone.localdate()
    if not can_view_directive_overview(user):
        return render(request, "directives/mine.html", _ctx(request, "tasks", **selectors.my_unit_tasks(
            user, today, request.GET.get("page"), request.GET.get("cpage"))))
    flt = selectors.TaskFilter.from_params(request.GET)
    page = Paginator(selectors.filter_tasks(user, flt, today), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_status(page.object_list, today)
    scoped = scope_tasks(user)
    return render(request, "directives/home.html", _ctx(
        request, "tasks", flt=flt, page=page, rows=rows, counts=selectors.counts(user, today),
        status_filters=selectors.STATUS_FILTERS,
        unit_options=Unit.objects.filter(pk__in=scoped.filter(lead_unit__isnull=False).values("lead_unit"))
        .order_by("path").only("pk", "name", "short_name", "path", "depth"),
        directive_options=scope_directives(user).order_by("-issued_on", "-id")
        .only("pk", "number", "issued_on")[:DIRECTIVE_OPTIONS],
        years=sorted({d.year for d in scoped.dates("due_on", "year")} | {today.year}, reverse=True),
        filtered=bool(flt.q or flt.status or flt.unit or flt.directive or flt.year),
    ))


# --------------------------------------------------------------- directives ----

@login_required
def directive_list(request):
    q = (request.GET.get("q") or "").strip()[:200]
    page = Paginator(selectors.directive_list(request.user, q), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_task_counts(request.user, page.object_list)
    return render(request, "directives/directives.html", _ctx(request, "directives", page=page, rows=rows, q=q))


def _issuers(user) -> list[Unit]:
    """Units the user may register a directive for: their own unit (unit users), every unit of
    their tree (CĐS agency, admins)."""
    if access.has_role(user, *access.UNIT_ROLES):
        qs = Unit.objects.filter(pk=user.unit_id)
    else:
        qs = access.scope_units(user, Unit.objects.all()).order_by("path")
    return [u for u in qs if can_issue_for(user, u)]


def _directive_form(request, *, directive=None, posted, status=200, errors=(), conflict=False):
    return render(request, "directives/directive_form.html", _ctx(
        request, "directives", d=directive, posted=posted, issuers=_issuers(request.user),
        kinds=DirectiveKind.choices, errors=list(errors), conflict=conflict,
    ), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request):
    user = request.user
    if not can_register_directives(user):
        raise PermissionDenied("Bạn không có quyền nhập văn bản chỉ đạo.")
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in DIRECTIVE_FIELDS}
        try:
            directive = services.create_directive(user, data, request.FILES.get("file"))
        except ServiceError as exc:
            return _directive_form(request, posted=request.POST, status=400, errors=error_messages(exc))
        if directive.full_text:
            messages.success(request, f"Đã nhập văn bản số {directive.number}. Kiểm tra các nhiệm vụ hệ thống đề "
                                      "xuất từ toàn văn rồi lưu.")
            return redirect("directives:assistant", directive.pk)
        messages.success(request, f"Đã nhập văn bản số {directive.number}. Thêm các nhiệm vụ được giao.")
        return redirect(services.directive_url(directive))
    if access.has_role(user, *access.UNIT_ROLES):
        default = user.unit_id
    else:
        default = user.unit.root_pk if user.unit_id else ""
    return _directive_form(request, posted={"kind": DirectiveKind.CONG_VAN, "issuer": str(default)})


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    user = request.user
    directive = _managed_directive(request, pk)
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in DIRECTIVE_FIELDS}
        try:
            directive = services.update_directive(user, directive, data, version=posted_version(request),
                                                  upload=request.FILES.get("file"))
        except ServiceError as exc:
            return _directive_form(request, directive=directive, posted=request.POST, status=400,
                                   errors=error_messages(exc), conflict=isinstance(exc, ConflictError))
        messages.success(request, "Đã lưu văn bản.")
        return redirect(services.directive_url(directive))
    posted = {
        "kind": directive.kind, "number": directive.number, "issued_on": f"{directive.issued_on:%d/%m/%Y}",
        "issuer": str(directive.issuer_id), "signer": directive.signer, "title": directive.title,
        "full_text": directive.full_text, "version": str(directive.version),
    }
    return _directive_form(request, directive=directive, posted=posted)


def _task_values(post=None, task=None) -> dict:
    """The task form's values: what was typed (a refusal keeps it) or the task's."""
    if post is not None:
        values = {name: post.get(name, "") for name in TASK_TEXT_FIELDS}
        values.update(lead_unit=_int(post.get("lead_unit")), coordinating_units=_ints(post.getlist("coordinating_units")),
                      projects=_ints(post.getlist("projects")))
        return values
    if task is not None:
        values = {name: getattr(task, name) or "" for name in TASK_TEXT_FIELDS}
        values.update(deadline=f"{task.deadline:%d/%m/%Y}" if task.deadline else "", lead_unit=task.lead_unit_id,
                      coordinating_units=[u.pk for u in task.coordinating_units.all()],
                      projects=list(task.projects.values_list("pk", flat=True)))
        return values
    return {name: "" for name in TASK_TEXT_FIELDS} | {
        "deadline_kind": DeadlineKind.DATE, "lead_unit": None, "coordinating_units": [], "projects": []}


def _task_data(post) -> dict:
    data = {name: post.get(name, "") for name in TASK_TEXT_FIELDS}
    data.update(lead_unit=post.get("lead_unit") or None, coordinating_units=post.getlist("coordinating_units"),
                projects=post.getlist("projects"))
    return data


def _render_directive(request, directive, status=200, **extra):
    user = request.user
    ctx = _ctx(request, "directives", d=directive, **selectors.directive_page(user, directive))
    ctx.update(can_manage=can_manage_directive(user, directive), errors={}, tv=_task_values(),
               open_add=False)
    if ctx["can_manage"]:
        ctx.update(units=_tree_units(user, directive), deadline_kinds=DeadlineKind.choices)
    ctx.update(extra)
    return render(request, "directives/directive.html", ctx, status=status)


@login_required
def directive_detail(request, pk):
    return _render_directive(request, _directive(request, pk))


@login_required
def directive_file(request, pk):
    directive = get_directive_for(request.user, pk)
    return _download(directive.file, directive.file_name)


@login_required
@require_POST
def task_create(request, pk):
    directive = _managed_directive(request, pk)
    try:
        task = services.add_task(request.user, directive, _task_data(request.POST))
    except ServiceError as exc:
        return _render_directive(request, directive, status=400, errors={"add_task": error_messages(exc)},
                                 tv=_task_values(request.POST), open_add=True)
    messages.success(request, f"Đã thêm nhiệm vụ: {task.content[:120]}")
    return redirect(f"{services.directive_url(directive)}#tasks")


# ---------------------------------------------------------------- assistant ----

def _row_from_assignment(a) -> dict:
    leads = [i for i in (getattr(a, "lead_unit_ids", None) or [a.lead_unit_id]) if i]
    return {
        "keep": True, "content": a.task or "", "lead_units": leads, "lead_text": a.lead or "",
        "coordinating_units": [i for i in a.coordinating_unit_ids or [] if i],
        "coordinating_text": ", ".join(a.coordinating or []),
        "deadline_kind": str(a.deadline_kind or DeadlineKind.DATE),
        "deadline": f"{a.deadline:%d/%m/%Y}" if a.deadline else "", "deadline_text": a.deadline_text or "",
        "responsible": a.responsible or "", "expected_product": "", "warnings": list(a.warnings or []), "errors": [],
    }


def _rows_from_post(post) -> list[dict]:
    n = min(_int(post.get("rows")) or 0, MAX_FORM_ROWS)
    rows = []
    for i in range(n):
        p = f"row-{i}-"
        row = {key: post.get(p + key, "") for key in ROW_KEYS}
        row.update(keep=post.get(p + "keep") == "1", lead_units=_ints(post.getlist(p + "lead_units")),
                   coordinating_units=_ints(post.getlist(p + "coordinating_units")),
                   warnings=post.getlist(p + "warning"), errors=[])
        rows.append(row)
    return rows


def _place_row_errors(msgs: list[str], rows: list[dict], kept: list[int]) -> list[str]:
    """The service numbers the rows it was given ("Dòng 2" = the second kept card); put each
    message on its card and number it as the cards are numbered on the page."""
    out = []
    for msg in msgs:
        m = ROW_ERROR_RE.match(msg)
        if m and 1 <= int(m.group(1)) <= len(kept):
            index = kept[int(m.group(1)) - 1]
            rows[index]["errors"].append(m.group(2))
            out.append(f"Dòng {index + 1}: {m.group(2)}")
        else:
            out.append(msg)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def assistant(request, pk):
    """Propose the tasks of a directive from its text; the user corrects, keeps or drops each
    proposal, and the kept ones are saved together (all or nothing)."""
    user = request.user
    directive = _managed_directive(request, pk)
    text = request.POST.get("text", "") if request.method == "POST" else directive.full_text
    action = request.POST.get("action", "") if request.method == "POST" else ""
    rows, errors, status = None, [], 200
    if action == "extract":
        try:
            rows = [_row_from_assignment(a) for a in services.propose_assignments(user, directive, text)]
        except ServiceError as exc:
            errors, status = error_messages(exc), 400
    elif action == "save":
        rows = _rows_from_post(request.POST)
        kept = [i for i, row in enumerate(rows) if row["keep"]]
        try:
            tasks = services.save_assignments(user, directive, [{k: rows[i][k] for k in ROW_KEYS} for i in kept])
        except ServiceError as exc:
            errors, status = _place_row_errors(error_messages(exc), rows, kept), 400
        else:
            messages.success(request, f"Đã lưu {len(tasks)} nhiệm vụ.")
            return redirect(f"{services.directive_url(directive)}#tasks")
    elif request.method == "POST":
        errors, status = ["Thao tác không hợp lệ."], 400
    return render(request, "directives/assistant.html", _ctx(
        request, "directives", d=directive, text=text, rows=rows, errors=errors, max_chars=MAX_EXTRACT_CHARS,
        units=_tree_units(user, directive) if rows else [], deadline_kinds=DeadlineKind.choices,
    ), status=status)


# --------------------------------------------------------------------- task ----

def _render_task(request, task, status=200, **extra):
    user = request.user
    ctx = _ctx(request, "tasks", t=task, **selectors.task_page(user, task))
    open_task = task.progress != Progress.DONE
    missing = set(filter(None, task.missing_5r.split(",")))
    ctx.update({
        "can_report": open_task and can_report_task(user, task),
        "can_request": (open_task and task.deadline is not None and not task.extension_pending
                        and can_request_extension(user, task)),
        "can_decide": ctx["pending_extension"] is not None and can_decide_extension(user, task),
        "can_manage": open_task and can_manage_directive(user, task.directive),
        "five_r_rows": [(label, code not in missing) for code, label in FIVE_R.items()],
        "errors": {}, "posted": {}, "conflict": False,
    })
    ctx.update(extra)
    return render(request, "directives/task.html", ctx, status=status)


def _act(request, task, form_id: str, call, success: str):
    """Run a service call for one of the task page's forms: success → flash and back to the
    page; refusal → the page again (400) with the message beside that form, typed values kept."""
    try:
        call()
    except ServiceError as exc:
        return _render_task(request, _task(request, task.pk), status=400, errors={form_id: error_messages(exc)},
                            posted=request.POST, conflict=isinstance(exc, ConflictError))
    messages.success(request, success)
    return redirect(f"{services.task_url(task)}#{form_id}")


def _allowed_task(request, pk, check, refusal: str):
    task = _task(request, pk)
    if not check(request.user, task):
        raise PermissionDenied(refusal)
    return task


@login_required
def task_detail(request, pk):
    return _render_task(request, _task(request, pk))


@login_required
@require_POST
def task_report(request, pk):
    task = _allowed_task(request, pk, can_report_task, "Chỉ đơn vị chủ trì được báo cáo tiến độ nhiệm vụ này.")
    completes = request.POST.get("completes") == "1"
    percent = request.POST.get("percent", "").strip() or (100 if completes else "")
    return _act(request, task, "report",
                lambda: services.report_progress(request.user, task, percent=percent,
                                                 content=request.POST.get("content", ""), completes=completes,
                                                 upload=request.FILES.get("evidence"), version=posted_version(request)),
                "Đã gửi báo cáo hoàn thành." if completes else "Đã gửi báo cáo tiến độ.")


@login_required
@require_POST
def task_extension(request, pk):
    task = _allowed_task(request, pk, can_request_extension, "Chỉ lãnh đạo đơn vị chủ trì được đề nghị gia hạn.")
    return _act(request, task, "extension",
                lambda: services.request_extension(request.user, task, proposed=request.POST.get("proposed", ""),
                                                   reason=request.POST.get("reason", "")),
                "Đã gửi đề nghị gia hạn; chờ cơ quan giao nhiệm vụ quyết định.")


@login_required
@require_POST
def extension_decide(request, pk, req_id):
    task = _allowed_task(request, pk, can_decide_extension, "Chỉ cơ quan giao nhiệm vụ được quyết định gia hạn.")
    req = get_object_or_404(ExtensionRequest, pk=req_id, task=task)
    decision = request.POST.get("decision", "")

    def call():
        if decision not in ("approve", "reject"):
            raise ServiceError("Chọn đồng ý hoặc không đồng ý gia hạn.")
        services.decide_extension(request.user, req, approve=decision == "approve", note=request.POST.get("note", ""))
    return _act(request, task, "decide", call,
                "Đã đồng ý gia hạn." if decision == "approve" else "Đã ghi ý kiến không đồng ý gia hạn.")


@login_required
def report_evidence(request, pk, report_id):
    task = get_task_for(request.user, pk)
    report = get_object_or_404(ProgressReport, pk=report_id, task=task)
    return _download(report.evidence, report.evidence_name)


def _project_options(user, task, selected: list[int]) -> list[Project]:
    """Projects of the issuer's tree the user may read: the linked ones and the most recent."""
    tree = Project.objects.filter(investor_unit__path__startswith=task.directive.issuer.tree_prefix)
    fields = ("pk", "code", "name")
    chosen = list(scope_projects(user, tree.filter(pk__in=selected)).only(*fields)) if selected else []
    recent = scope_projects(user, tree.exclude(pk__in=selected)).order_by("-id").only(*fields)[:PROJECT_OPTIONS]
    return chosen + list(recent)


def _task_form(request, task, *, values, status=200, errors=(), conflict=False):
    user = request.user
    return render(request, "directives/task_form.html", _ctx(
        request, "tasks", t=task, tv=values, errors=list(errors), conflict=conflict,
        units=_tree_units(user, task.directive), deadline_kinds=DeadlineKind.choices,
        project_options=_project_options(user, task, values["projects"]),
    ), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    user = request.user
    task = _allowed_task(request, pk, lambda u, t: can_manage_directive(u, t.directive),
                         "Chỉ cơ quan ban hành văn bản được sửa nhiệm vụ.")
    if request.method == "POST":
        try:
            task = services.update_task(user, task, _task_data(request.POST), version=posted_version(request))
        except ServiceError as exc:
            return _task_form(request, task, values=_task_values(request.POST), status=400,
                              errors=error_messages(exc), conflict=isinstance(exc, ConflictError))
        messages.success(request, "Đã lưu nhiệm vụ.")
        return redirect(services.task_url(task))
    return _task_form(request, task, values=_task_values(task=task))


@login_required
@require_POST
def task_delete(request, pk):
    user = request.user
    task = _allowed_task(request, pk, lambda u, t: can_manage_directive(u, t.directive),
                         "Chỉ cơ quan ban hành văn bản được xóa nhiệm vụ.")
    directive = task.directive
    try:
        services.delete_task(user, task)
    except ServiceError as exc:
        return _task_form(request, task, values=_task_values(task=task), status=400, errors=error_messages(exc))
    messages.success(request, "Đã xóa nhiệm vụ.")
    return redirect(f"{services.directive_url(directive)}#tasks")


# ----------------------------------------------------------------- calendar ----

@login_required
def calendar(request):
    today = timezone.localdate()
    year, month = today.year, today.month
    raw = (request.GET.get("thang") or "").strip()
    if raw:
        m = MONTH_RE.match(raw)
        if m and 2000 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12:
            year, month = int(m.group(1)), int(m.group(2))
        else:
            messages.warning(request, f"Tháng “{raw[:20]}” không hợp lệ (dạng năm-tháng, ví dụ "
                                      f"{today:%Y-%m}); đang hiển thị tháng hiện tại.")
    cal = selectors.deadline_calendar(request.user, year, month, today)
    return render(request, "directives/calendar.html", _ctx(
        request, "calendar", cal=cal, weekdays=WEEKDAYS, this_month=f"{today:%Y-%m}",
        prev_param=f"{cal['prev']:%Y-%m}", next_param=f"{cal['next']:%Y-%m}",
    ))


# -------------------------------------------------------------- performance ----

@login_required
def performance(request):
    user = request.user
    if not can_view_directive_overview(user):
        raise PermissionDenied("Chỉ lãnh đạo, cơ quan chuyên trách chuyển đổi số và thanh tra xem được kết quả "
                               "thực hiện theo đơn vị.")
    today = timezone.localdate()
    year: int | None = today.year
    raw = (request.GET.get("nam") or "").strip()
    if raw == "tat-ca":
        year = None
    elif raw:
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            year = int(raw)
        else:
            messages.warning(request, f"Năm “{raw[:20]}” không hợp lệ; đang hiển thị năm {today.year}.")
    rows = selectors.unit_performance(user, today, year=year)
    totals = {key: 0 for key in ("total", "done_on_time", "done_late", "overdue", "not_due", "periods",
                                 "late_periods", "due", "on_time")}
    for p in rows:
        share = p.on_time_share
        p.percent = None if share is None else round(share * 100)
        for key in totals:
            totals[key] += getattr(p, key)
    totals["percent"] = round(totals["on_time"] * 100 / totals["due"]) if totals["due"] else None
    years = sorted({d.year for d in scope_tasks(user).dates("due_on", "year")} | {today.year}, reverse=True)
    return render(request, "directives/performance.html", _ctx(
        request, "performance", rows=rows, totals=totals, year=year, years=years,
    ))
