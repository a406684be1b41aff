"""Reads of the appraisal tracking page ("Theo dõi thẩm định") and of its reminders: open
dossiers by deadline, overdue ones, late opinions, opinions asked of the user's unit, and the
average time each stage takes.

Every list starts from :func:`cds.appraisal.permissions.scope_dossiers` (a unit user sees its own
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
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, F, Q, Sum, When
from django.utils import timezone

from cds.accounts import access
from cds.orgs.models import Unit
from cds.rules.models import DayUnit, LegalRegime, Step
from cds.workdays.calendar import WorkCalendar

from .models import OPEN_STATUSES, Dossier, Opinion, RoundTime, Status
from .permissions import scope_dossiers
from .stage_times import STAGE_KEYS, WorkingDayCounts, round_durations  # noqa: F401 — read here by callers

ANSWERABLE = (Status.IN_APPRAISAL, Status.SUPPLEMENT)   # opinions are still taken in these
DEADLINE = Case(When(status=Status.COUNTERSIGNED, then=F("approval_due")),
                When(status__in=(Status.SUPPLEMENT, Status.DRAFT, Status.RETURNED), then=None),
                default=F("due_date"), output_field=DateField())
# Besides the open dossiers, the page lists on demand those waiting on their investor unit.
LISTED_STATUSES = (Status.DRAFT, *OPEN_STATUSES, Status.RETURNED)


# ------------------------------------------------------------ open dossiers ----

def open_dossiers(user):
    """Open dossiers the user may read, the nearest deadline first (paused ones last), each
    annotated with ``deadline`` (see the module docstring)."""
    qs = scope_dossiers(user, Dossier.objects.filter(status__in=OPEN_STATUSES))
    return (qs.select_related("project__investor_unit", "procedure__regime")
            .prefetch_related("procedure__time_limits")
            .annotate(deadline=DEADLINE)
            .order_by(F("deadline").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "pk"))


def dossiers(user, status: str = "", mine: bool = False, only_overdue: bool = False, today: dt.date | None = None,
             unit: int | None = None):
    """The dossier list of the tracking page, as :func:`open_dossiers` orders and annotates it:
    the open ones, or those of one status of :data:`LISTED_STATUSES`; with ``mine`` only the
    dossiers of projects the user's unit invests in (unit users: not those it was only asked
    about); with ``only_overdue`` those past their deadline; with ``unit`` those of projects
    invested by that unit or its subtree. The home page and the dashboard count the same."""
    if status in OPEN_STATUSES or status not in LISTED_STATUSES:
        qs = open_dossiers(user)
        qs = qs.filter(status=status) if status in OPEN_STATUSES else qs
    else:
        qs = (scope_dossiers(user, Dossier.objects.filter(status=status))
              .select_related("project__investor_unit", "procedure__regime").prefetch_related("procedure__time_limits")
              .annotate(deadline=DEADLINE).order_by("-pk"))
    if mine:
        qs = (qs.filter(project__investor_unit__in=access.scope_for(user).unit_ids_query())
              if access.has_role(user, *access.UNIT_ROLES) else qs.none())
    if unit:
        chosen = Unit.objects.filter(pk=unit).only("path").first()
        qs = qs.filter(project__investor_unit__path__startswith=chosen.path) if chosen else qs.none()
    return overdue(qs, today or timezone.localdate()) if only_overdue else qs


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
    cal = WorkCalendar.covering(today, *(d.deadline for d in rows))
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
                                   dossier__in=scope_dossiers(user).values("pk"))
            .select_related("unit", "dossier__project", "requested_by").order_by("due_date", "pk"))


def opinions_for_my_unit(user, pending_only: bool = False):
    """Opinions asked of the user's unit (its subtree and the units it succeeded), unanswered
    first (nearest due date first), then the answered ones, latest first (``pending_only``: only
    the unanswered). Only unit users answer opinions; for anyone else the list is empty. An
    unanswered opinion on a dossier already concluded can no longer be answered and is left out."""
    if not access.has_role(user, *access.UNIT_ROLES):
        return Opinion.objects.none()
    answerable = Q(answered_on__isnull=True, dossier__status__in=ANSWERABLE)
    return (Opinion.objects.filter(access.scope_for(user).q("unit"))
            .filter(answerable if pending_only else Q(answered_on__isnull=False) | answerable)
            .select_related("unit", "dossier__project")
            .order_by(F("answered_on").desc(nulls_first=True), "due_date", "pk"))


def with_lateness(opinions, today: dt.date) -> list:
    """Set ``op.standing`` on each opinion (calendar and working days to or past its due date)."""
    rows = list(opinions)
    cal = WorkCalendar.covering(today, *(o.due_date for o in rows))
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
assert tuple(s[0] for s in STAGES) == STAGE_KEYS


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

    def merge(self, other: "Cell") -> None:
        self.n += other.n
        self.calendar_sum += other.calendar_sum
        self.working_sum += other.working_sum

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

    def merge(self, other: "StatRow") -> None:
        self.rounds += other.rounds
        for key, cell in other.by_stage.items():
            self.by_stage[key].merge(cell)


@dataclass
class StageStats:
    stages: tuple = STAGES
    by_unit: list[StatRow] = field(default_factory=list)
    by_regime: list[StatRow] = field(default_factory=list)
    total: StatRow = field(default_factory=lambda: StatRow("Tổng cộng"))

    @property
    def empty(self) -> bool:
        return self.total.rounds == 0


def stage_stats(user, today: dt.date | None = None, dossiers=None) -> StageStats:
    """Average days per stage of the dossiers the user may read (every status, every round; or
    only those of the ``dossiers`` queryset, still within the user's scope), by investor unit and
    by legal regime: the stored :class:`~cds.appraisal.models.RoundTime` rows summed by the
    database per (unit, regime), then the names of those units and regimes — three queries
    whatever the length of the history. ``today`` is accepted for the callers' symmetry; the
    durations of completed stages do not depend on it."""
    sums = {f"sum_{k}_{part}": agg(f"{k}_{col}") for k in STAGE_KEYS
            for part, agg, col in (("n", Count, "days"), ("days", Sum, "days"), ("working", Sum, "working"))}
    grouped = (RoundTime.objects.filter(dossier__in=scope_dossiers(user, dossiers).values("pk"))
               .values_list("dossier__project__investor_unit_id", "dossier__procedure__regime_id")
               .annotate(rounds=Count("pk"), **sums).order_by())
    names = list(sums)
    stats = StageStats()
    rows: dict[tuple[int, int], StatRow] = {}
    for unit_id, regime_id, rounds, *values in grouped:
        row = rows[(unit_id, regime_id)] = StatRow("")
        row.rounds = rounds
        got = dict(zip(names, values))
        for k in STAGE_KEYS:
            cell = row.by_stage[k]
            cell.n = got[f"sum_{k}_n"]
            cell.calendar_sum, cell.working_sum = got[f"sum_{k}_days"] or 0, got[f"sum_{k}_working"] or 0
    if not rows:
        return stats
    unit_names = {pk: (short, name) for pk, short, name in Unit.objects.filter(
        pk__in={u for u, _ in rows}).values_list("pk", "short_name", "name")}
    regime_names = {pk: (short, name, order) for pk, short, name, order in LegalRegime.objects.filter(
        pk__in={r for _, r in rows}).values_list("pk", "short_name", "name", "sort_order")}
    units: dict[int, StatRow] = {}
    regimes: dict[int, tuple[int, StatRow]] = {}
    for (unit_id, regime_id), row in rows.items():
        unit_short, unit_name = unit_names[unit_id]
        regime_short, regime_name, regime_order = regime_names[regime_id]
        units.setdefault(unit_id, StatRow(unit_short or unit_name, unit_name)).merge(row)
        regimes.setdefault(regime_id, (regime_order, StatRow(regime_short or regime_name, regime_name)))[1].merge(row)
        stats.total.merge(row)
    stats.by_unit = sorted((r for r in units.values() if r.rounds), key=lambda r: r.label.lower())
    stats.by_regime = [r for _, r in sorted(regimes.values(), key=lambda p: (p[0], p[1].label)) if r.rounds]
    return stats
