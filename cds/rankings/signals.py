"""Projects' cost and schedule signals at the ends of quarters, and the follow-up items they open.

For every project not in a final state (stopped, rejected, retired) and the ends of the last
quarters up to a day, :func:`refresh` stores one :class:`~cds.rankings.models.ProjectSignal`:

* **Cost variance** — (the approved total in force at the quarter's end − the first approved
  total) ÷ the first approved total, and the gap in đồng. The approved total in force on a day is
  read from the ledger as the registry reads it: approved lines that are not voided, dated by
  their decision (or the day they were entered when they have none); for each funding source the
  newest such line stands — a rebaseline replaces the figure it adjusts, it is not added to it.
  The first approved total is that reading on the day of the first approved line.
* **Schedule variance** — (projected end − planned end) ÷ planned duration, and the gap in days.
  The planned end is 31/12 of the end year first recorded for the project (its history; its
  present end year when it has none), the planned duration runs from 01/01 of its start year to
  that day (both counted). The projected end is 31/12 of the end year recorded at the quarter's
  end — or the quarter's end itself when the project was past that year and not finished then
  (in operation, settled and retired count as finished).
* **Recent-weighted values** — ``recent = now + (now − previous quarter)``: the change during
  the last quarter counts double, so a recent slip is not hidden by an old good record (a project
  10 % over for years that slips 15 % in one quarter reads 40 %, red, not 25 %).
* **Colour** — the worse of the colours of the cumulative and the recent values, cost and
  schedule alike: green under :data:`GREEN_BELOW`, yellow under :data:`RED_FROM`, red from it; an
  underrun is green. No figure at all (no approved line, no end year) is "not enough data".
* **Trend** — +1 when the larger overrun of the two grew by more than :data:`TREND_STEP` since the
  previous quarter, −1 when it shrank by more, else 0.

Recomputing is idempotent: rows are upserted by (project, quarter end), and ``is_latest`` is set
on each project's newest row only. Everything is read in bulk (a handful of queries whatever the
number of projects) and written in batches. The alerts it opens are
:func:`cds.rankings.services_alerts.open_alerts`'s.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cds.core.errors import ServiceError
from cds.projects.filters import behind_lines, year_elapsed
from cds.projects.models import TERMINAL_STATES, BudgetEntry, Project, Stage, State
from cds.text.format import DASH, format_number, vnd, vndate

from .models import AlertKind, Colour, ProjectSignal
from .services_alerts import Candidate, open_alerts

GREEN_BELOW = 0.10                 # under 10 % over: green
RED_FROM = 0.30                    # 30 % over or more: red (yellow between)
TREND_STEP = 0.005                 # a change under half a percentage point is no trend
FINISHED = frozenset({State.IN_OPERATION, State.SETTLED, State.RETIRED})
QUARTERS = 4                       # quarter ends computed by a daily run
MAX_QUARTERS = 40
BEHIND_FROM = (9, 30)              # (month, day): from this day of the year, "behind plan" opens an item
BATCH = 2000
LIMIT = 99999.0                    # the column holds 9 digits, 4 after the point
QUARTER_ENDS = ((12, 31), (9, 30), (6, 30), (3, 31))


# ------------------------------------------------------------------ quarters

def quarter_end(day: dt.date) -> dt.date:
    """The end of the last quarter ended on or before ``day`` (``day`` itself on a quarter end)."""
    for month, last in QUARTER_ENDS:
        end = dt.date(day.year, month, last)
        if end <= day:
            return end
    return dt.date(day.year - 1, 12, 31)


def previous_quarter_end(end: dt.date) -> dt.date:
    return quarter_end(end.replace(day=1) - dt.timedelta(days=1))


def quarter_ends(today: dt.date, count: int) -> list[dt.date]:
    """The ends of the last ``count`` quarters up to ``today``, oldest first."""
    ends = [quarter_end(today)]
    while len(ends) < count:
        ends.append(previous_quarter_end(ends[-1]))
    return ends[::-1]


# ------------------------------------------------------------------ figures
#
# Variances are shares (0.28 = 28 %) rounded to four places, as the columns store them; the
# arithmetic runs on floats — a national run computes half a million of them.

def ratio(gap: int, base: int) -> float:
    return max(-LIMIT, min(LIMIT, round(gap / base, 4)))


@dataclass(frozen=True)
class ApprovedLine:
    """One approved line of the ledger (not voided), in entry order."""

    pk: int
    source: int
    amount: int
    day: dt.date


def approved_total(lines: Sequence[ApprovedLine], day: dt.date) -> int | None:
    """The approved total in force at the end of ``day``: for each funding source the newest line
    dated on or before it (a rebaseline replaces the figure before it); None before the first."""
    standing: dict[int, int] = {}
    for line in lines:
        if line.day <= day:
            standing[line.source] = line.amount
    return sum(standing.values()) if standing else None


def baseline(lines: Sequence[ApprovedLine]) -> int | None:
    """The first approved total: the total in force on the day of the first approved line."""
    return approved_total(lines, min(line.day for line in lines)) if lines else None


def cost_at(lines: Sequence[ApprovedLine], day: dt.date, base: int | None = None) -> tuple[float | None, int]:
    """(cost variance, gap in đồng) at the end of ``day``; (None, 0) without a baseline then."""
    base = baseline(lines) if base is None else base
    current = approved_total(lines, day) if base else None
    if current is None:
        return None, 0
    gap = current - base
    return ratio(gap, base), gap


@dataclass
class Plan:
    """A project's years as recorded: ``changes`` are (day recorded, end year, state) in order."""

    start_year: int
    end_year: int | None
    state: str
    changes: list[tuple[dt.date, int | None, str]] = field(default_factory=list)

    @cached_property
    def first_end_year(self) -> int | None:
        return next((end for _day, end, _state in self.changes if end), None) or self.end_year

    @cached_property
    def planned(self) -> tuple[dt.date, int] | None:
        """(planned end, planned duration in days), or None without an end year or with none left."""
        first = self.first_end_year
        if not first:
            return None
        end = dt.date(first, 12, 31)
        duration = (end - dt.date(self.start_year, 1, 1)).days + 1
        return (end, duration) if duration > 0 else None

    def at(self, day: dt.date) -> tuple[int | None, str]:
        """(end year, state) as recorded at the end of ``day`` — the first record before it."""
        if not self.changes:
            return self.end_year, self.state
        found = self.changes[0]
        for change in self.changes:
            if change[0] > day:
                break
            found = change
        return found[1], found[2]


def schedule_at(plan: Plan, day: dt.date) -> tuple[float | None, int]:
    """(schedule variance, gap in days) at the end of ``day``; (None, 0) without an end year."""
    if plan.planned is None:
        return None, 0
    planned, duration = plan.planned
    end_year, state = plan.at(day)
    projected = dt.date(end_year, 12, 31) if end_year else planned
    if state not in FINISHED and day > projected:
        projected = day
    gap = (projected - planned).days
    return ratio(gap, duration), gap


def colour_of(value: float | None) -> str:
    """The colour of a variance (of the worst of several: the colour is monotonic)."""
    if value is None:
        return Colour.NONE
    if value < GREEN_BELOW:
        return Colour.GREEN
    return Colour.YELLOW if value < RED_FROM else Colour.RED


def recent(now: float | None, before: float | None) -> float | None:
    """``now`` with the last quarter's change counted twice (``now`` itself without a previous value)."""
    if now is None:
        return None
    if before is None:
        return now
    return max(-LIMIT, min(LIMIT, round(now + (now - before), 4)))


def overrun(*values: float | None) -> float | None:
    """The larger overrun of the values given (an underrun counts as none); None without any."""
    worst = None
    for v in values:
        if v is not None and (worst is None or v > worst):
            worst = v
    return None if worst is None else max(worst, 0.0)


def trend(now: float | None, before: float | None) -> int:
    if now is None or before is None:
        return 0
    if now - before > TREND_STEP:
        return 1
    return -1 if before - now > TREND_STEP else 0


class Figures(NamedTuple):
    day: dt.date
    cost: float | None
    cost_gap: int
    schedule: float | None
    schedule_gap: int


def figures(plan: Plan, lines: Sequence[ApprovedLine], day: dt.date, base: int | None = None) -> Figures:
    cost, cost_gap = cost_at(lines, day, base)
    schedule, schedule_gap = schedule_at(plan, day)
    return Figures(day, cost, cost_gap, schedule, schedule_gap)


class Row(NamedTuple):
    """One signal as stored (the fields of :class:`~cds.rankings.models.ProjectSignal`)."""

    project_id: int
    period_end: dt.date
    cost_variance: float | None
    cost_gap: int
    schedule_variance: float | None
    schedule_gap_days: int
    recent_cost_variance: float | None
    recent_schedule_variance: float | None
    colour: str
    trend: int
    is_latest: bool


def signal(project_id: int, now: Figures, before: Figures | None, *, latest: bool) -> Row:
    """The signal of ``now`` with the recent values and trend against ``before`` (the previous quarter)."""
    recent_cost = recent(now.cost, before.cost if before else None)
    recent_schedule = recent(now.schedule, before.schedule if before else None)
    colour = colour_of(overrun(now.cost, recent_cost, now.schedule, recent_schedule))
    return Row(project_id, now.day, now.cost, now.cost_gap, now.schedule, now.schedule_gap, recent_cost,
               recent_schedule, colour,
               trend(overrun(now.cost, now.schedule), overrun(before.cost, before.schedule) if before else None),
               latest)


def project_signals(project_id: int, plan: Plan, lines: Sequence[ApprovedLine], ends: Sequence[dt.date]) -> list[Row]:
    """The signals at ``ends[1:]`` (oldest first); ``ends[0]`` is only the previous quarter of the first."""
    base = baseline(lines) or 0
    quarters = [figures(plan, lines, day, base) for day in ends]
    return [signal(project_id, quarters[n], quarters[n - 1], latest=n == len(ends) - 1)
            for n in range(1, len(quarters))]


# ------------------------------------------------------------------ bulk reads

def _local_day(moment) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def read_plans() -> dict[int, Plan]:
    """Every project not in a final state, with its recorded end years and states (two queries)."""
    plans = {pk: Plan(start, end, state) for pk, start, end, state in
             Project.objects.exclude(state__in=TERMINAL_STATES).order_by()
             .values_list("pk", "start_year", "end_year", "state").iterator(chunk_size=BATCH)}
    records = (Project.history.order_by("history_date", "history_id")
               .values_list("id", "history_date", "end_year", "state").iterator(chunk_size=BATCH))
    for pk, moment, end, state in records:
        plan = plans.get(pk)
        if plan is not None:
            plan.changes.append((_local_day(moment), end, state))
    return plans


def read_approved_lines() -> dict[int, list[ApprovedLine]]:
    """Every approved ledger line that is not voided, by project, in entry order (one query)."""
    out: dict[int, list[ApprovedLine]] = defaultdict(list)
    rows = (BudgetEntry.objects.filter(stage=Stage.APPROVED, voided=False).order_by("project_id", "pk")
            .values_list("project_id", "pk", "funding_source_id", "amount", "decision_date", "created_at")
            .iterator(chunk_size=BATCH))
    for project_id, pk, source, amount, decided, created in rows:
        out[project_id].append(ApprovedLine(pk, source, amount, decided or _local_day(created)))
    return out


# ------------------------------------------------------------------ writes

COLUMNS = Row._fields + ("computed_at",)


def _upsert(rows: list[Row], at) -> None:
    """Insert the rows, or update those already stored for the same project and quarter end whose
    figures changed: one ``INSERT … ON CONFLICT DO UPDATE … WHERE`` (SQLite and PostgreSQL alike)
    run over the batch, so a daily run rewrites only what moved. The ORM's own bulk upsert spends
    most of a national run building statements, and rewrites every row."""
    ops = connection.ops
    meta = ProjectSignal._meta
    fields = {name: meta.get_field(name.removesuffix("_id")) for name in COLUMNS}
    columns = [fields[name].column for name in COLUMNS]
    quote, table = ops.quote_name, ops.quote_name(meta.db_table)
    figures = columns[2:-1]      # a row whose figures are unchanged is left as it is (computed_at too)
    distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    sql = (f"INSERT INTO {table} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join(['%s'] * len(columns))}) "
           f"ON CONFLICT ({quote(columns[0])}, {quote(columns[1])}) DO UPDATE SET "
           + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns[2:])
           + f" WHERE ({', '.join(f'{table}.{quote(c)}' for c in figures)}) {distinct} "
           f"({', '.join(f'excluded.{quote(c)}' for c in figures)})")

    stamp = ops.adapt_datetimefield_value(at)
    params = [(r.project_id, ops.adapt_datefield_value(r.period_end), *r[2:], stamp) for r in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _mark_latest() -> None:
    """``is_latest`` on each project's newest row, and on it only (two updates)."""
    later = ProjectSignal.objects.filter(project=OuterRef("project"), period_end__gt=OuterRef("period_end"))
    ProjectSignal.objects.filter(is_latest=True).filter(Exists(later)).update(is_latest=False)
    ProjectSignal.objects.filter(is_latest=False).exclude(Exists(later)).update(is_latest=True)


# ------------------------------------------------------------------ the items to open

def variance_text(value: Decimal | float | None) -> str:
    """A variance as officials write it: "+12,5%", "−3,0%", "—" when unknown."""
    if value is None:
        return DASH
    text = format_number(abs(Decimal(str(value))) * 100, 1) + "%"
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _quarter_words(row: Row) -> str:
    return (f"cuối quý {vndate(row.period_end)}: chi phí {variance_text(row.cost_variance)} "
            f"(gần đây {variance_text(row.recent_cost_variance)}), tiến độ {variance_text(row.schedule_variance)} "
            f"(gần đây {variance_text(row.recent_schedule_variance)})")


def red_twice_candidate(project_id: int, before: Row, last: Row) -> Candidate:
    return Candidate(project_id, AlertKind.RED_TWICE, f"red_twice:{project_id}:{last.period_end.isoformat()}",
                     lambda: f"Chênh lệch chi phí hoặc tiến độ ở mức đỏ (từ {format_number(RED_FROM * 100)}% trở "
                             f"lên) hai quý liên tiếp — {_quarter_words(before)}; {_quarter_words(last)}.")


def behind_since(year: int) -> dt.date:
    return dt.date(year, *BEHIND_FROM)


def _behind_words(today: dt.date, allocated: int, disbursed: int) -> str:
    elapsed, days = year_elapsed(today)
    return (f"Giải ngân năm {today.year} đến ngày {vndate(today)}: {vnd(disbursed)}, đạt "
            f"{format_number(Decimal(disbursed) * 100 / allocated, 1)}% kế hoạch vốn năm được giao {vnd(allocated)}"
            f" — thấp hơn tỷ lệ thời gian đã qua của năm ({format_number(Decimal(elapsed) * 100 / days, 1)}%).")


def behind_candidates(today: dt.date) -> list[Candidate]:
    """Projects behind this year's capital plan (:func:`cds.projects.filters.behind_lines`), the
    year's allocation and disbursement read with them for the reason (one query)."""
    rows = (behind_lines(today).filter(project__in=Project.objects.exclude(state__in=TERMINAL_STATES).values("pk"))
            .order_by("project").values_list("project", "year_allocated", "year_disbursed"))
    return [Candidate(pk, AlertKind.BEHIND, f"behind:{pk}:{today.year}",
                      partial(_behind_words, today, allocated, disbursed)) for pk, allocated, disbursed in rows]


@transaction.atomic
def refresh(today: dt.date, *, quarters: int = QUARTERS) -> dict:
    """Compute the signals of every project not in a final state at the ends of the last
    ``quarters`` quarters up to ``today``, then open the follow-up items that are due: a project
    red at the two latest of those quarter ends; from :data:`BEHIND_FROM` of ``today``'s year, a
    project behind the year's capital plan. Returns the counts."""
    if not isinstance(quarters, int) or isinstance(quarters, bool) or not 1 <= quarters <= MAX_QUARTERS:
        raise ServiceError(f"Số quý phải là số nguyên từ 1 đến {MAX_QUARTERS}.")
    # one quarter more than stored (the recent values' previous quarter), and at least the two
    # latest (the red-twice rule)
    ends = quarter_ends(today, max(quarters, 2) + 1)
    plans, lines = read_plans(), read_approved_lines()
    at = timezone.now()
    colours: Counter = Counter()
    worse = written = 0
    red_twice: list[Candidate] = []
    batch: list[Row] = []
    for pk, plan in plans.items():
        rows = project_signals(pk, plan, lines.get(pk, ()), ends)
        last = rows[-1]
        colours[last.colour] += 1
        worse += last.trend > 0
        if last.colour == Colour.RED and rows[-2].colour == Colour.RED:
            red_twice.append(red_twice_candidate(pk, rows[-2], last))
        batch.extend(rows[-quarters:])
        if len(batch) >= BATCH:
            _upsert(batch, at)
            written += len(batch)
            batch = []
    if batch:
        _upsert(batch, at)
        written += len(batch)
    _mark_latest()
    candidates = red_twice
    if today >= behind_since(today.year):
        candidates += behind_candidates(today)
    opened = open_alerts(today, candidates)
    kinds = Counter(alert.kind for alert in opened)
    return {"projects": len(plans), "signals": written, "quarter_end": ends[-1],
            "red": colours[Colour.RED], "yellow": colours[Colour.YELLOW], "green": colours[Colour.GREEN],
            "none": colours[Colour.NONE], "worse": worse,
            "alerts_red_twice": kinds[AlertKind.RED_TWICE], "alerts_behind": kinds[AlertKind.BEHIND]}
