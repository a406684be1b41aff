"""Reads of the directives register, scoped by :mod:`cds.accounts.access` and costing a fixed
number of queries per page whatever the number of rows (one calendar query for every status)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from cds.accounts import access
from cds.audit.history import build_history
from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects
from cds.text.normalize import search_terms
from cds.workdays.calendar import WorkCalendar

from .models import (
    Directive,
    ExtensionRequest,
    ExtensionStatus,
    Progress,
    ProgressReport,
    Task,
)
from .permissions import coordinated_tasks, scope_directives, scope_tasks
from .status import five_r_labels, task_status

PAGE_SIZE = 50


def task_queryset():
    # Lists never show a directive's full text: leaving it (up to 200,000 characters a row) out of
    # the join and the sort saves most of a busy calendar month's time (bench/README.md).
    return (Task.objects.select_related("directive__issuer", "lead_unit", "transferred_from")
            .prefetch_related("coordinating_units")
            .defer("directive__full_text", "directive__search_text", "search_text"))


def directive_queryset():
    return Directive.objects.select_related("issuer", "created_by")


@dataclass(frozen=True)
class Extended:
    """A deadline moved by granted extensions: the one first set (as the document worded it, in
    ``Task.deadline_text``) is history, the granted one is current."""

    original: dt.date          # the deadline before the first granted extension
    decided_on: dt.date | None  # when the last one was granted
    times: int


def extensions_granted(tasks) -> dict[int, Extended]:
    """{task id: :class:`Extended`} for the tasks whose current deadline is the one an extension
    granted (one query; a deadline changed since — the next period of a recurring task, an edit
    by the issuer — is no longer "extended")."""
    by_id = {t.pk: t for t in tasks if t.deadline}
    granted = defaultdict(list)
    for req in (ExtensionRequest.objects.filter(task__in=list(by_id), status=ExtensionStatus.APPROVED)
                .order_by("decided_on", "pk").only("task_id", "old_deadline", "proposed_deadline", "decided_on")):
        granted[req.task_id].append(req)
    out = {}
    for pk, reqs in granted.items():
        if reqs[-1].proposed_deadline == by_id[pk].deadline:
            out[pk] = Extended(reqs[0].old_deadline or reqs[0].proposed_deadline, reqs[-1].decided_on, len(reqs))
    return out


def with_status(tasks, today: dt.date | None = None) -> list[Task]:
    """Attach ``task.st`` (:class:`~cds.directives.status.StatusInfo`), ``task.five_r`` (labels
    of the missing "5 rõ"), ``task.extended`` (:class:`Extended` or None) and ``task.unowned``
    (open, but its lead unit has ended: to be given to another unit) to each task, reading the
    working-day calendar once and the granted extensions in one query."""
    tasks = list(tasks)
    today = today or timezone.localdate()
    cal = WorkCalendar.covering(today, *(t.due_on for t in tasks), *(t.completed_on for t in tasks))
    extended = extensions_granted(tasks)
    for t in tasks:
        t.st = task_status(t, today, cal)
        t.five_r = five_r_labels(t.missing_5r)
        t.extended = extended.get(t.pk)
        t.unowned = (t.progress != Progress.DONE and t.lead_unit_id is not None
                     and t.lead_unit.has_ended(today))
    return tasks


def _overdue_q(today: dt.date) -> Q:
    return ~Q(progress=Progress.DONE) & Q(due_on__lt=today)


def unowned_q(today: dt.date) -> Q:
    """Open tasks whose lead unit has ended and which no unit has taken over (no successor, or
    not handed over yet): the overview lists them apart as "cần giao lại", not as anyone's
    overdue work."""
    return ~Q(progress=Progress.DONE) & Q(lead_unit__valid_to__lt=today)


def urgency_order(today: dt.date):
    """Overdue first (longest overdue first), then extension requests, then open tasks by
    deadline, completed last."""
    return Case(
        When(_overdue_q(today) & Q(extension_pending=False), then=Value(0)),
        When(extension_pending=True, then=Value(1)),
        When(~Q(progress=Progress.DONE), then=Value(2)),
        default=Value(3), output_field=IntegerField(),
    )


STATUS_FILTERS = {
    "overdue": "Quá hạn",
    "open": "Chưa hoàn thành",
    "due_soon": "Đến hạn trong 7 ngày",
    "extension": "Đề nghị gia hạn",
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "missing_5r": "Chưa đủ “5 rõ”",
    "reassign": "Cần giao lại (đơn vị chủ trì đã kết thúc)",
}


@dataclass
class TaskFilter:
    q: str = ""
    status: str = ""
    unit: int | None = None        # lead unit (and its subtree)
    directive: int | None = None
    year: int | None = None        # year of the deadline
    errors: list[str] = field(default_factory=list)   # what the filter bar could not read (cds.directives.forms)


def status_q(status: str, today: dt.date) -> Q | None:
    """The condition of one of :data:`STATUS_FILTERS` (None for another value): the filter bar,
    the headline figures (:func:`counts`) and the home page's items all read it from here. Every
    status but ``reassign`` leaves out the open tasks of units that ended (:func:`unowned_q`)."""
    not_done = ~Q(progress=Progress.DONE)
    conditions = {
        "overdue": lambda: _overdue_q(today),
        "open": lambda: not_done,
        "due_soon": lambda: not_done & Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)),
        "extension": lambda: Q(extension_pending=True),
        "done": lambda: Q(progress=Progress.DONE),
        "done_late": lambda: Q(progress=Progress.DONE, completed_on__gt=F("due_on")),
        "missing_5r": lambda: ~Q(missing_5r=""),
    }
    if status == "reassign":
        return unowned_q(today)
    return ~unowned_q(today) & conditions[status]() if status in conditions else None


def filter_tasks(user, f: TaskFilter, today: dt.date | None = None, queryset=None):
    today = today or timezone.localdate()
    qs = scope_tasks(user, queryset if queryset is not None else task_queryset())
    for term in search_terms(f.q):
        qs = qs.filter(search_text__contains=f" {term} ")
    # The tasks of units that ended, not taken over, are a list of their own (status "reassign").
    condition = status_q(f.status, today)
    qs = qs.filter(condition) if condition is not None else qs.exclude(unowned_q(today))
    if f.unit:
        unit = Unit.objects.filter(pk=f.unit).only("path").first()
        qs = qs.filter(lead_unit__path__startswith=unit.path) if unit else qs.none()
    if f.directive:
        qs = qs.filter(directive_id=f.directive)
    if f.year:
        qs = qs.filter(due_on__year=f.year)
    return qs.annotate(urgency=urgency_order(today)).order_by("urgency", F("due_on").asc(nulls_last=True), "pk")


def counts(user, today: dt.date | None = None, queryset=None) -> dict:
    """Headline figures over the tasks the user may see (one query). Each figure counts the rows
    :func:`filter_tasks` lists for its status (:func:`status_q`): the tasks to give to another unit
    (``reassign``) are counted there and in no other figure."""
    today = today or timezone.localdate()
    qs = queryset if queryset is not None else scope_tasks(user)
    return qs.aggregate(total=Count("pk", filter=~unowned_q(today)),
                        **{key: Count("pk", filter=status_q(key, today)) for key in STATUS_FILTERS})


def unit_lead_tasks(user, status: str = "", today: dt.date | None = None, queryset=None):
    """The tasks the user's unit leads (its subtree and the units it succeeded), of one of
    :data:`STATUS_FILTERS` when ``status`` is given, urgent first: the unit's page lists them and
    the home page counts them."""
    today = today or timezone.localdate()
    qs = scope_tasks(user, queryset if queryset is not None else Task.objects.all()).filter(
        lead_unit__in=access.scope_for(user).unit_ids_query())
    if (condition := status_q(status, today)) is not None:
        qs = qs.filter(condition)
    return qs.annotate(urgency=urgency_order(today)).order_by("urgency", F("due_on").asc(nulls_last=True), "pk")


def my_unit_tasks(user, today: dt.date | None = None, page=None, cpage=None, status: str = "") -> dict:
    """A unit user's tasks: those it leads (urgent first; only those of one of
    :data:`STATUS_FILTERS` when ``status`` is given) and those it coordinates, each list a page of
    :data:`PAGE_SIZE` (a department may lead thousands of tasks over the years). The figures
    count the tasks it leads, as the list does."""
    from django.core.paginator import Paginator

    today = today or timezone.localdate()
    units = access.scope_for(user).unit_ids_query()
    order = ("urgency", F("due_on").asc(nulls_last=True), "pk")
    lead = Paginator(unit_lead_tasks(user, status, today, task_queryset()), PAGE_SIZE).get_page(page)
    coordinating = Paginator(scope_tasks(user, task_queryset()).annotate(urgency=urgency_order(today))
                             .filter(pk__in=coordinated_tasks(units)).exclude(lead_unit__in=units)
                             .order_by(*order), PAGE_SIZE).get_page(cpage)
    return {"lead": with_status(lead.object_list, today), "lead_page": lead,
            "coordinating": with_status(coordinating.object_list, today), "coordinating_page": coordinating,
            "counts": counts(user, today, unit_lead_tasks(user, today=today).order_by()),
            "status": status if status_q(status, today) is not None else "",
            "status_label": STATUS_FILTERS.get(status, "")}


def directive_list(user, q: str = ""):
    """Directives the user may read, newest first (counts per page: :func:`with_task_counts`)."""
    qs = scope_directives(user, directive_queryset())
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=f" {term} ")
    return qs.order_by("-issued_on", "-id")


def with_task_counts(user, directives, today: dt.date | None = None) -> list[Directive]:
    """Attach ``n_tasks``, ``n_done`` and ``n_overdue`` (tasks the user may see) to the directives
    of one page — one grouped query over those directives only, rather than a count over every
    directive before the page is cut (measured 356 → … ms on SQLite at 3,000 directives)."""
    today = today or timezone.localdate()
    directives = list(directives)
    rows = (scope_tasks(user).filter(directive__in=[d.pk for d in directives]).values("directive_id")
            .annotate(n=Count("pk"), done=Count("pk", filter=Q(progress=Progress.DONE)),
                      overdue=Count("pk", filter=_overdue_q(today))))
    by_id = {r["directive_id"]: r for r in rows}
    for d in directives:
        r = by_id.get(d.pk, {})
        d.n_tasks, d.n_done, d.n_overdue = r.get("n", 0), r.get("done", 0), r.get("overdue", 0)
    return directives


def directive_page(user, directive: Directive, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    tasks = scope_tasks(user, task_queryset().filter(directive=directive)).order_by("order", "pk")
    return {"tasks": with_status(tasks, today)}


def task_page(user, task: Task, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    with_status([task], today)
    extensions = list(ExtensionRequest.objects.filter(task=task).select_related("requested_by", "decided_by"))
    return {
        "reports": list(ProgressReport.objects.filter(task=task).select_related("reported_by")),
        "extensions": extensions,
        "pending_extension": next((e for e in extensions if e.status == ExtensionStatus.PENDING), None),
        "projects": list(scope_projects(user, task.projects.all()).select_related("investor_unit")),
        "history": task_history(task),
    }


# What a task's history shows: the fields people set (derived columns, the directive link and the
# bookkeeping of creation are left out).
HISTORY_FIELDS = {"content", "lead_unit", "lead_text", "coordinating_units", "coordinating_text", "responsible",
                  "deadline_kind", "deadline", "deadline_text", "expected_product", "progress", "percent",
                  "completed_on", "extension_pending"}


def task_history(task: Task) -> list:
    """Field changes of a task, newest first (the registry's differ: names resolved in bulk)."""
    rows = build_history([(Task, task.history.select_related("history_user").all(), lambda r: "Nhiệm vụ")])
    for row in rows:
        row.changes = [c for c in row.changes if c.field in HISTORY_FIELDS]
    return [r for r in rows if r.changes or r.action != "Sửa"]


# -------------------------------------------------------------- performance ----

@dataclass
class UnitPerformance:
    unit: Unit
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    open: int
    late_periods: int = 0     # periods of recurring tasks reported after their deadline
    periods: int = 0

    @property
    def not_due(self) -> int:
        """Open tasks whose deadline has not come yet."""
        return self.open - self.overdue

    @property
    def due(self) -> int:
        """Tasks (and periods) whose deadline has come: the base of the on-time share."""
        return self.done_on_time + self.done_late + self.overdue + self.periods

    @property
    def on_time(self) -> int:
        return self.done_on_time + self.periods - self.late_periods

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None


def _performance_tasks(user, year: int | None):
    tasks = scope_tasks(user).filter(lead_unit__isnull=False)
    return tasks.filter(due_on__year=year) if year else tasks


def _performance_rows(tasks, today: dt.date, overdue_only: bool = False):
    rows = tasks.values("lead_unit").annotate(
        total=Count("pk"),
        done_on_time=Count("pk", filter=Q(progress=Progress.DONE) & (Q(due_on__isnull=True)
                                                                      | Q(completed_on__lte=F("due_on")))),
        done_late=Count("pk", filter=Q(progress=Progress.DONE, completed_on__gt=F("due_on"))),
        overdue=Count("pk", filter=_overdue_q(today)),
        open=Count("pk", filter=~Q(progress=Progress.DONE)),
    )
    return rows.filter(overdue__gt=0) if overdue_only else rows


def late_units(user, today: dt.date | None = None, year: int | None = None):
    """The rows of :func:`unit_performance` with ``overdue_only`` (lead units with an overdue
    task), as a query: the home page counts them."""
    return _performance_rows(_performance_tasks(user, year), today or timezone.localdate(), overdue_only=True)


def unit_performance(user, today: dt.date | None = None, year: int | None = None,
                     overdue_only: bool = False) -> list[UnitPerformance]:
    """Per lead unit: tasks, completed on time / late, overdue, open — the inputs of the later
    compliance ranking. On-time share = on time ÷ (tasks whose deadline has come + reported
    periods of recurring tasks); units with nothing due yet have no share. Lateness compares the
    completion day with the working-day deadline ``due_on``. ``overdue_only``: only the units
    with an overdue task (:func:`late_units`)."""
    today = today or timezone.localdate()
    tasks = _performance_tasks(user, year)
    rows = _performance_rows(tasks, today, overdue_only)
    periods = defaultdict(lambda: [0, 0])
    period_qs = ProgressReport.objects.filter(task__in=tasks.values("pk"), period_due__isnull=False)
    for row in period_qs.values("task__lead_unit").annotate(
            n=Count("pk"), late=Count("pk", filter=Q(reported_on__gt=F("period_due")))):
        periods[row["task__lead_unit"]] = [row["n"], row["late"]]
    units = Unit.objects.in_bulk([r["lead_unit"] for r in rows])
    out = [UnitPerformance(unit=units[r["lead_unit"]], total=r["total"], done_on_time=r["done_on_time"],
                           done_late=r["done_late"], overdue=r["overdue"], open=r["open"],
                           periods=periods[r["lead_unit"]][0], late_periods=periods[r["lead_unit"]][1])
           for r in rows]
    out.sort(key=lambda p: (p.on_time_share is None, -(p.on_time_share or 0), p.overdue, p.unit.name))
    return out


# ---------------------------------------------------------------- calendar ----

DAY_SHOWN = 6   # tasks shown in a day of the calendar; the others are listed on demand (?ngay=)
# What a task of the calendar grid shows (its status, lead unit and text): nothing else is read.
CALENDAR_FIELDS = ("content", "lead_text", "deadline", "due_on", "completed_on", "progress", "extension_pending",
                   "missing_5r", "lead_unit__name", "lead_unit__short_name", "lead_unit__valid_to")


def _calendar_order():
    """Within a day: the open tasks first (what still needs doing), then by id."""
    return [Case(When(progress=Progress.DONE, then=Value(1)), default=Value(0), output_field=IntegerField()), "pk"]


def day_tasks(user, day: dt.date):
    """The tasks due on one day the user may read, in the calendar's order (a queryset to page)."""
    return scope_tasks(user, task_queryset()).filter(due_on=day).order_by(*_calendar_order())


def deadline_calendar(user, year: int, month: int, today: dt.date | None = None) -> dict:
    """Open and completed tasks whose (working-day) deadline falls in the month, by day, as
    weeks of seven days (Monday first) for a calendar grid: each day shows its first
    :data:`DAY_SHOWN` tasks (open ones first) and the number of the others — a day can hold
    hundreds of deadlines ("within the year"). Three queries whatever the number of tasks: the
    month's task ids by day (bare pairs), the tasks shown and the working calendar."""
    import calendar as _cal

    today = today or timezone.localdate()
    first = dt.date(year, month, 1)
    last = dt.date(year, month, _cal.monthrange(year, month)[1])
    per_day: dict[dt.date, int] = defaultdict(int)
    shown = []
    for pk, due_on in (scope_tasks(user).filter(due_on__range=(first, last))
                       .order_by("due_on", *_calendar_order()).values_list("pk", "due_on")):
        per_day[due_on] += 1
        if per_day[due_on] <= DAY_SHOWN:
            shown.append(pk)
    tasks = with_status(Task.objects.filter(pk__in=shown).select_related("lead_unit").only(*CALENDAR_FIELDS)
                        .order_by("due_on", *_calendar_order()), today)
    by_day = defaultdict(list)
    for t in tasks:
        by_day[t.due_on].append(t)
    weeks = []
    for week in _cal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d, "in_month": d.month == month, "tasks": by_day.get(d, []), "today": d == today,
                       "more": per_day.get(d, 0) - len(by_day.get(d, ()))} for d in week])
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return {"weeks": weeks, "first": first, "prev": prev_month, "next": next_month, "n": sum(per_day.values())}
