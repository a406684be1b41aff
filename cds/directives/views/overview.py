"""The register's overview pages: the tasks (overdue first) with the filter bar, a unit's own
tasks, the deadline calendar and the results by unit."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cds.core.uploads import xlsx_download
from cds.orgs.models import Unit

from .. import exporter, selectors
from ..forms import MonthForm, TaskFilterForm, YearForm
from ..permissions import can_view_directive_overview, scope_directives, scope_tasks
from .base import page_context

DIRECTIVE_OPTIONS = 200      # directives offered in the filter bar (most recent first)
REASSIGN_SHOWN = 10         # tasks to give to another unit shown above the list (all of them: ?status=reassign)
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


@login_required
def home(request):
    """Province-wide roles: every task of the tree, overdue first, with the headline figures and a
    filter bar. Unit users: the tasks their unit leads and those it coordinates."""
    user = request.user
    today = timezone.localdate()
    flt = TaskFilterForm(request.GET).task_filter()
    if not can_view_directive_overview(user):
        return render(request, "directives/mine.html", page_context(request, "tasks", **selectors.my_unit_tasks(
            user, today, request.GET.get("page"), request.GET.get("cpage"), status=flt.status)))
    page = Paginator(selectors.filter_tasks(user, flt, today), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_status(page.object_list, today)
    scoped = scope_tasks(user)
    counts = selectors.counts(user, today)
    reassign = []   # tasks of units that ended, listed apart above the others
    if counts["reassign"] and flt.status != "reassign":
        reassign = selectors.with_status(selectors.filter_tasks(
            user, selectors.TaskFilter(status="reassign"), today)[:REASSIGN_SHOWN], today)
    return render(request, "directives/home.html", page_context(
        request, "tasks", flt=flt, page=page, rows=rows, counts=counts, reassign=reassign,
        status_filters=selectors.STATUS_FILTERS,
        unit_options=Unit.objects.filter(pk__in=scoped.filter(lead_unit__isnull=False).values("lead_unit"))
        .order_by("path").only("pk", "name", "short_name", "path", "depth"),
        directive_options=scope_directives(user).order_by("-issued_on", "-id")
        .only("pk", "number", "issued_on")[:DIRECTIVE_OPTIONS],
        years=sorted({d.year for d in scoped.dates("due_on", "year")} | {today.year}, reverse=True),
        filtered=bool(flt.q or flt.status or flt.unit or flt.directive or flt.year),
    ))


@login_required
@require_GET
def export_xlsx(request):
    """The task list as an Excel file: the list page's filters read the same way, the same rows
    in the same order (a unit user: the tasks its unit leads or coordinates)."""
    flt = TaskFilterForm(request.GET).task_filter()
    out, _count, filename = exporter.export_tasks(request.user, flt)
    return xlsx_download(out, filename)


@login_required
def calendar(request):
    """The month's deadlines by day; ``?ngay=`` lists every task of one day, a page at a time
    (a day of the grid shows only its first few)."""
    today = timezone.localdate()
    year, month = today.year, today.month
    form = MonthForm(request.GET)
    try:
        year, month = form.month() or (year, month)
    except ValueError as exc:
        messages.warning(request, f"Tháng “{str(exc)[:20]}” không hợp lệ (dạng năm-tháng, ví dụ "
                                  f"{today:%Y-%m}); đang hiển thị tháng hiện tại.")
    day, day_page, day_rows = None, None, []
    try:
        day = form.day()
    except ValueError as exc:
        messages.warning(request, f"Ngày “{str(exc)[:20]}” không hợp lệ (dạng năm-tháng-ngày, ví dụ "
                                  f"{today:%Y-%m-%d}).")
    if day is not None:
        year, month = day.year, day.month
        day_page = Paginator(selectors.day_tasks(request.user, day), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        day_rows = selectors.with_status(day_page.object_list, today)
    cal = selectors.deadline_calendar(request.user, year, month, today)
    return render(request, "directives/calendar.html", page_context(
        request, "calendar", cal=cal, weekdays=WEEKDAYS, this_month=f"{today:%Y-%m}",
        prev_param=f"{cal['prev']:%Y-%m}", next_param=f"{cal['next']:%Y-%m}",
        day=day, day_page=day_page, day_rows=day_rows,
    ))


@login_required
def performance(request):
    user = request.user
    if not can_view_directive_overview(user):
        raise PermissionDenied("Chỉ lãnh đạo, cơ quan chuyên trách chuyển đổi số và thanh tra xem được kết quả "
                               "thực hiện theo đơn vị.")
    today = timezone.localdate()
    form = YearForm(request.GET)
    try:
        year = form.year(today.year)
    except ValueError as exc:
        year = today.year
        messages.warning(request, f"Năm “{str(exc)[:20]}” không hợp lệ; đang hiển thị năm {today.year}.")
    overdue_only = form.overdue_only()
    rows = selectors.unit_performance(user, today, year=year, overdue_only=overdue_only)
    totals = {key: 0 for key in ("total", "done_on_time", "done_late", "overdue", "not_due", "periods",
                                 "late_periods", "due", "on_time")}
    for p in rows:
        share = p.on_time_share
        p.percent = None if share is None else round(share * 100)
        for key in totals:
            totals[key] += getattr(p, key)
    totals["percent"] = round(totals["on_time"] * 100 / totals["due"]) if totals["due"] else None
    years = sorted({d.year for d in scope_tasks(user).dates("due_on", "year")} | {today.year}, reverse=True)
    return render(request, "directives/performance.html", page_context(
        request, "performance", rows=rows, totals=totals, year=year, years=years, overdue_only=overdue_only,
    ))
