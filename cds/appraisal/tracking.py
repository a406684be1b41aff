"""Reads of the appraisal tracking page ("Theo dõi thẩm định") and of its reminders: open
dossiers by deadline, overdue ones, late opinions, opinions asked of the user's unit, and the
average time each stage takes.

Every list starts from :func:`cds.accounts.access.scope_dossiers` (a unit user sees its own
dossiers and those its unit was asked about; province-wide roles their tree) and costs a
constant number of queries whatever the number of rows.

The deadline of an open dossier is the one its current step runs against: the appraisal due
date while it is appraised or waits for the supervisor, the approval due date once
countersigned, none while the clock is paused for a supplement. Days are shown both as
calendar days and — where the step's limit is in working days — as working days
(:class:`cds.workdays.calendar.WorkCalendar`, the day of the deadline itself not counted).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, F, Q, When
from django.utils import timezone

from cds.accounts import access
from cds.rules.models import DayUnit, Step
from cds.workdays.calendar import DAY, WorkCalendar

from .models import OPEN_STATUSES, Dossier, DossierEvent, EventKind, Opinion, Status

ANSWERABLE = (Status.IN_APPRAISAL, Status.SUPPLEMENT)   # opinions are still taken in these
DEADLINE = Case(When(status=Status.COUNTERSIGNED, then=F("approval_due")),
                When(status=Status.SUPPLEMENT, then=None),
                default=F("due_date"), output_field=DateField())


# ------------------------------------------------------------ open dossiers ----

def open_dossiers(user):
    """Open dossiers the user may read, the nearest deadline first (paused ones last), each
    annotated with ``deadline`` (see the module docstring)."""
    qs = access.scope_dossiers(user, Dossier.objects.filter(status__in=OPEN_STATUSES))
    return (qs.select_related("project__investor_unit", "procedure__regime")
            .prefetch_related("procedure__time_limits")
            .annotate(deadline=DEADLINE)
            .order_by(F("deadline").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "pk"))


def overdue(dossiers, today: dt.date):
    """Those of ``dossiers`` (an :func:`open_dossiers` queryset) whose deadline has passed."""
    return dossiers.filter(deadline__lt=today)


def summary(dossiers, today: dt.date) -> dict[str, int]:
    """Counts by step of an :func:`open_dossiers` queryset, in one query."""
    return dossiers.order_by().aggregate(
        total=Count("pk"),
        in_appraisal=Count("pk", filter=Q(status=Status.IN_APPRAISAL)),
        supplement=Count("pk", filter=Q(status=Status.SUPPLEMENT)),
        concluded=Count("pk", filter=Q(status=Status.CONCLUDED)),
        countersigned=Count("pk", filter=Q(status=Status.COUNTERSIGNED)),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
    )


@dataclass(frozen=True)
class Deadline:
    """How a dossier (or an opinion) stands against its deadline, for display."""

    date: dt.date | None
    paused: bool = False
    days: int = 0              # calendar days left (>= 0) or late (< 0)
    working: int | None = None  # the same in working days, when the limit is in working days

    @property
    def overdue(self) -> bool:
        return self.date is not None and self.days < 0

    @property
    def text(self) -> str:
        if self.paused:
            return "Tạm dừng"
        if self.date is None:
            return "—"
        if self.days < 0:
            return f"Quá hạn {-self.days} ngày"
        if self.days == 0:
            return "Hạn là hôm nay"
        return f"Còn {self.days} ngày"

    @property
    def working_text(self) -> str:
        if self.paused or self.date is None or self.working is None:
            return ""
        return f"{abs(self.working)} ngày làm việc"

    @property
    def css(self) -> str:
        if self.paused:
            return "text-warning"
        if self.date is None:
            return "text-muted"
        if self.days < 0:
            return "text-danger fw-semibold"
        return "text-warning" if (self.working if self.working is not None else self.days) <= 2 else "text-success"


def calendar_for(dates, today: dt.date) -> WorkCalendar:
    """One working calendar covering ``today`` and every date given (one query)."""
    dates = [d for d in dates if d] + [today]
    return WorkCalendar.load(min(dates), max(dates))


def standing(deadline: dt.date | None, today: dt.date, unit: str | None, cal: WorkCalendar,
             paused: bool = False) -> Deadline:
    if paused or deadline is None:
        return Deadline(None, paused=paused)
    days = (deadline - today).days
    working = None
    if unit == DayUnit.WORKING:
        working = (cal.working_days_between(today, deadline) if days >= 0
                   else -cal.working_days_between(deadline, today))
    return Deadline(deadline, days=days, working=working)


def with_deadlines(dossiers, today: dt.date) -> list:
    """Set ``row.standing`` (a :class:`Deadline`) on each dossier of an :func:`open_dossiers`
    page: no query but the one for the working calendar."""
    rows = list(dossiers)
    cal = calendar_for([d.deadline for d in rows], today)
    for d in rows:
        step = Step.APPROVAL if d.status == Status.COUNTERSIGNED else Step.APPRAISAL
        limit = d.procedure.limit(step, d.project.group)
        d.standing = standing(d.deadline, today, limit.unit if limit else None, cal,
                              paused=d.status == Status.SUPPLEMENT)
    return rows


# ----------------------------------------------------------------- opinions ----

def late_opinions(user, today: dt.date):
    """Unanswered opinions past their due date on dossiers the user may read that still take
    them, the longest overdue first."""
    return (Opinion.objects.filter(answered_on__isnull=True, due_date__lt=today, dossier__status__in=ANSWERABLE,
                                   dossier__in=access.scope_dossiers(user).values("pk"))
            .select_related("unit", "dossier__project", "requested_by").order_by("due_date", "pk"))


def opinions_for_my_unit(user):
    """Opinions asked of the user's unit (its subtree and the units it succeeded), unanswered
    first (nearest due date first), then the answered ones, latest first. Only unit users
    answer opinions; for anyone else the list is empty. An unanswered opinion on a dossier
    already concluded can no longer be answered and is left out."""
    if not access.has_role(user, *access.UNIT_ROLES):
        return Opinion.objects.none()
    return (Opinion.objects.filter(access.scope_for(user).q("unit"))
            .filter(Q(answered_on__isnull=False) | Q(dossier__status__in=ANSWERABLE))
            .select_related("unit", "dossier__project")
            .order_by(F("answered_on").desc(nulls_first=True), "due_date", "pk"))


def with_lateness(opinions, today: dt.date) -> list:
    """Set ``op.standing`` on each opinion (calendar and working days to or past its due date)."""
    rows = list(opinions)
    cal = calendar_for([o.due_date for o in rows], today)
    for o in rows:
        o.standing = (Deadline(None) if o.answered_on
                      else standing(o.due_date, today, DayUnit.WORKING, cal))
    return rows


# --------------------------------------------------------------- stage times ----

STAGES = (
    ("appraisal", "Nộp → kết luận thẩm định", "Từ ngày trình đến ngày chuyên viên kết luận, không tính thời gian "
                                              "tạm dừng chờ bổ sung (gồm cả lần làm lại khi giám sát không xác nhận)"),
    ("countersign", "Kết luận → giám sát xác nhận", "Từ ngày kết luận đến ngày giám sát độc lập xác nhận"),
    ("decision", "Giám sát → phê duyệt", "Từ ngày giám sát xác nhận đến ngày lãnh đạo quyết định "
                                         "(phê duyệt, trả lại hoặc không phê duyệt)"),
    ("pause", "Tạm dừng chờ bổ sung", "Từ ngày yêu cầu bổ sung đến ngày đơn vị nộp hồ sơ bổ sung; "
                                      "trung bình trên các lượt trình có yêu cầu bổ sung"),
)
STAGE_KEYS = tuple(s[0] for s in STAGES)
# event kind → (stage it ends, stage it starts)
_TRANSITIONS = {
    EventKind.SUBMITTED: (None, "appraisal"),
    EventKind.SUPPLEMENT_REQUESTED: (None, "pause"),
    EventKind.SUPPLEMENTED: ("pause", None),
    EventKind.CONCLUDED: ("appraisal", "countersign"),
    EventKind.COUNTERSIGN_REFUSED: ("countersign", "appraisal"),
    EventKind.COUNTERSIGNED: ("countersign", "decision"),
    EventKind.APPROVED: ("decision", None),
    EventKind.RETURNED: ("decision", None),
    EventKind.REJECTED: ("decision", None),
}


def _avg_text(total: float, n: int) -> str:
    if not n:
        return "—"
    return f"{total / n:.1f}".replace(".", ",")


@dataclass
class Cell:
    """Average duration of one stage over ``n`` submission rounds that completed it."""

    n: int = 0
    calendar_sum: int = 0
    working_sum: int = 0

    def add(self, calendar: int, working: int) -> None:
        self.n += 1
        self.calendar_sum += calendar
        self.working_sum += working

    @property
    def calendar(self) -> float | None:
        return self.calendar_sum / self.n if self.n else None

    @property
    def working(self) -> float | None:
        return self.working_sum / self.n if self.n else None

    @property
    def calendar_text(self) -> str:
        return _avg_text(self.calendar_sum, self.n)

    @property
    def working_text(self) -> str:
        return _avg_text(self.working_sum, self.n)


@dataclass
class StatRow:
    label: str
    title: str = ""
    rounds: int = 0        # submission rounds with at least one completed stage
    by_stage: dict[str, Cell] = field(default_factory=lambda: {k: Cell() for k in STAGE_KEYS})

    @property
    def cells(self) -> list[Cell]:
        return [self.by_stage[k] for k in STAGE_KEYS]

    def add(self, durations: dict[str, tuple[int, int]]) -> None:
        self.rounds += 1
        for key, (calendar, working) in durations.items():
            self.by_stage[key].add(calendar, working)


@dataclass
class StageStats:
    stages: tuple = STAGES
    by_unit: list[StatRow] = field(default_factory=list)
    by_regime: list[StatRow] = field(default_factory=list)
    total: StatRow = field(default_factory=lambda: StatRow("Tổng cộng"))

    @property
    def empty(self) -> bool:
        return self.total.rounds == 0


def round_durations(events, cal: WorkCalendar) -> dict[int, dict[str, tuple[int, int]]]:
    """``events``: (kind, round, day) of one dossier in time order → {round: {stage:
    (calendar days, working days)}} for the stages completed in that round. A stage visited
    twice in a round (appraisal again after the supervisor's refusal) is summed; a stage still
    running is left out, and so is the appraisal of a round while any of its parts still runs.
    The appraisal is counted net of the supplement pauses of its round, so the four stages add
    up to the whole time from submission to decision."""
    spans: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    running: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for kind, rnd, day in events:
        ends, starts = _TRANSITIONS.get(kind, (None, None))
        if kind == EventKind.SUBMITTED:
            running[rnd].clear()
        if ends and ends in running[rnd]:
            began = running[rnd].pop(ends)
            span = spans[rnd][ends]
            span[0] += (day - began).days
            span[1] += cal.working_days_between(began, day)
        if starts:
            running[rnd][starts] = day
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for rnd, stages in spans.items():
        still = running.get(rnd, {})
        done = {k: tuple(v) for k, v in stages.items() if k not in still}
        if "appraisal" in done:
            pause = stages.get("pause", (0, 0)) if "pause" not in still else (0, 0)
            done["appraisal"] = (done["appraisal"][0] - pause[0], done["appraisal"][1] - pause[1])
        if done:
            out[rnd] = done
    return out


class WorkingDayCounts:
    """``working_days_between`` of a :class:`WorkCalendar` in constant time over a span of days
    (a running count of working days from ``first`` to ``last``, built once). The stage
    statistics ask it for every stage of every round — tens of thousands of spans on a
    province's history, each a day-by-day walk in :meth:`WorkCalendar.working_days_between`."""

    def __init__(self, cal: WorkCalendar, first: dt.date, last: dt.date):
        self.cal, self.first, self.last = cal, first, last
        running, counts = 0, []
        for i in range((last - first).days + 1):
            running += cal.is_working_day(first + i * DAY)
            counts.append(running)
        self.counts = counts

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end <= start:
            return 0
        if start < self.first or end > self.last:
            return self.cal.working_days_between(start, end)
        return self.counts[(end - self.first).days] - self.counts[(start - self.first).days]


def stage_stats(user, today: dt.date | None = None) -> StageStats:
    """Average days per stage of the dossiers the user may read (every status, every round),
    by investor unit and by legal regime, from the dossier events: three queries (the events,
    their dossiers' unit and regime, and the working calendar) whatever the number of rows.

    A province's whole history is tens of thousands of events (bench/appraisal.py): they are
    read as bare (dossier, kind, round, time) rows — the unit and regime names come once per
    dossier, not once per event —, turned into local days with one time zone object, and
    working days are counted from a running count (:class:`WorkingDayCounts`)."""
    today = today or timezone.localdate()
    dossiers = access.scope_dossiers(user)
    events = list(
        DossierEvent.objects.filter(dossier__in=dossiers.values("pk"), kind__in=list(_TRANSITIONS))
        .order_by("dossier_id", "at", "id").values_list("dossier_id", "kind", "round", "at"))
    stats = StageStats()
    if not events:
        return stats
    meta = {row[0]: row[1:] for row in dossiers.order_by().values_list(
        "pk", "project__investor_unit_id", "project__investor_unit__short_name", "project__investor_unit__name",
        "procedure__regime_id", "procedure__regime__short_name", "procedure__regime__name",
        "procedure__regime__sort_order")}
    tz = timezone.get_current_timezone()
    per_dossier: dict[int, list] = defaultdict(list)
    first = last = today
    for dossier_id, kind, rnd, at in events:
        day = at.astimezone(tz).date()
        first, last = min(first, day), max(last, day)
        per_dossier[dossier_id].append((kind, rnd, day))
    cal = WorkingDayCounts(WorkCalendar.load(first, last), first, last)
    units: dict[int, StatRow] = {}
    regimes: dict[int, tuple[int, StatRow]] = {}
    for dossier_id, events in per_dossier.items():
        unit_id, unit_short, unit_name, regime_id, regime_short, regime_name, regime_order = meta[dossier_id]
        unit_row = units.setdefault(unit_id, StatRow(unit_short or unit_name, unit_name))
        regime_row = regimes.setdefault(regime_id, (regime_order, StatRow(regime_short or regime_name, regime_name)))[1]
        for durations in round_durations(events, cal).values():
            for row in (unit_row, regime_row, stats.total):
                row.add(durations)
    stats.by_unit = sorted((r for r in units.values() if r.rounds), key=lambda r: r.label.lower())
    stats.by_regime = [r for _, r in sorted(regimes.values(), key=lambda p: (p[0], p[1].label)) if r.rounds]
    return stats
