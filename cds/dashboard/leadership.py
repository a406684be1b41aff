"""The leadership dashboard's figures ("Điều hành"), shared by the page and its Word and Excel
outputs.

Every project figure goes through :class:`cds.projects.filters.ProjectFilterSet` with the
dashboard's six filters (unit with its subtree, programme, funding source, year, regime, state),
so a number equals the count or the sum of the project list opened with the same parameters —
each figure links to that list. The drill-down groups the filtered projects (their ledger lines,
signals and the directive tasks) by the direct sub-unit of the current unit they belong to: the
group key is the sub-unit's path, cut from the record's unit path in SQL, so the table costs one
grouped query per column family whatever the number of units or projects.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse

from cds.accounts import access
from cds.appraisal.models import Dossier
from cds.appraisal.tracking import stage_stats
from cds.core import tiles
from cds.directives.models import Task
from cds.directives.selectors import TaskFilter, filter_tasks
from cds.orgs.models import Unit
from cds.plans.selectors import execution_overview
from cds.procurement import selectors as procurement
from cds.projects.filters import ProjectFilterSet
from cds.projects.models import BudgetEntry, Stage
from cds.rankings.models import Colour, ProjectSignal, Result
from cds.rankings.permissions import scope_periods
from cds.rankings.selectors import latest_published, latest_signals
from cds.reviews.models import CampaignStatus
from cds.reviews.selectors import campaign_list, with_late_counts

FILTER_LABELS = {"unit": "Đơn vị", "programme": "Chương trình", "funding_source": "Nguồn vốn", "year": "Năm",
                 "regime": "Chế độ pháp lý", "state": "Trạng thái"}
UNIT_REFUSED = "Đơn vị đã chọn không có hoặc không thuộc phạm vi được xem; số liệu dưới đây không lọc theo đơn vị."
STAGES = (Stage.ESTIMATE, Stage.APPROVED, Stage.ALLOCATED, Stage.DISBURSED, Stage.SETTLED)
LEAF_ROWS = 100          # projects listed when the current unit has no sub-units
MONTHS = tuple(f"T{m}" for m in range(1, 13))
ARROWS = {1: "↑", 0: "→", -1: "↓"}
TREND_WORDS = {1: "xấu đi so với quý trước", 0: "không đổi so với quý trước", -1: "tốt lên so với quý trước"}


# ------------------------------------------------------------------------------ filters

@dataclass
class Chosen:
    """The filters in force: the project filterset over them, the same as tile filters, the
    unit chosen (None: the user's whole scope), the messages for what could not be read, and
    the valid filters as query parameters (the links carry them)."""

    filterset: ProjectFilterSet
    flt: tiles.Filters
    unit: Unit | None
    errors: list[str]
    params: dict                      # the valid filters, as query parameters

    @property
    def projects(self):
        return self.filterset.qs

    def query(self, **changes) -> str:
        """The dashboard's own query string with ``changes`` (None removes a parameter)."""
        params = {**self.params, **changes}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def read_filters(user, data) -> Chosen:
    """The dashboard filters of the query ``data``: each value checked as the project list
    checks it (a wrong one is left out with its message), the unit also against the user's
    scope."""
    raw = {name: data.get(name) for name in tiles.FILTER_NAMES if data.get(name) not in (None, "")}
    first = ProjectFilterSet(raw)
    errors = [message if message.startswith(FILTER_LABELS[name]) else f"{FILTER_LABELS[name]}: {message}"
              for name, messages in first.errors.items() for message in messages]
    values = first.values
    params = {name: getattr(values, name) for name in tiles.FILTER_NAMES if getattr(values, name) not in (None, "")}
    unit = None
    if values.unit:
        unit = access.scope_units(user).filter(pk=values.unit).first()
        if unit is None:
            errors.append(UNIT_REFUSED)
            params.pop("unit")
    flt = tiles.Filters(**params)
    return Chosen(ProjectFilterSet.for_user(params, user), flt, unit, errors, params)


def project_list_url(params: dict) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("projects:list") + (f"?{query}" if query else "")


# ------------------------------------------------------------------------------ drill-down

def _sub_unit_of(prefix: str) -> dict[int, str]:
    """Each unit below the unit with path ``prefix`` (every unit when ``prefix`` is "/") mapped
    to the path of the direct sub-unit it belongs to ("" for the unit itself): one query over
    the units, so the figures can be grouped by unit id — a plain integer GROUP BY — and folded
    into sub-units here instead of cutting every record's path in SQL."""
    depth = prefix.count("/") - 1        # the number of ids in ``prefix``
    out = {}
    for pk, path in Unit.objects.filter(path__startswith=prefix).order_by().values_list("pk", "path"):
        parts = path.strip("/").split("/")
        out[pk] = "/" + "/".join(parts[:depth + 1]) + "/" if len(parts) > depth else ""
    return out


@dataclass
class UnitRow:
    unit: Unit | None                 # None: the records of the current unit itself
    label: str
    projects: int = 0
    approved: int = 0
    allocated: int = 0                # in the year of the figures
    disbursed: int = 0
    red: int = 0
    overdue: int = 0
    result: Result | None = None
    links: dict = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.disbursed * 100 / self.allocated if self.allocated else None

    def add(self, other: "UnitRow") -> None:
        for name in ("projects", "approved", "allocated", "disbursed", "red", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _percent(share) -> float | None:
    return None if share is None else float(share) * 100


@dataclass
class LeafRow:
    project: object
    signal: ProjectSignal | None

    @property
    def cost_pct(self) -> float | None:
        return _percent(self.signal.cost_variance) if self.signal else None

    @property
    def schedule_pct(self) -> float | None:
        return _percent(self.signal.schedule_variance) if self.signal else None

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.signal.trend, "") if self.signal else ""

    @property
    def trend_text(self) -> str:
        return TREND_WORDS.get(self.signal.trend, "") if self.signal else ""


def signals_url(params: dict) -> str:
    return reverse("rankings:signals") + "?" + urlencode({"colour": Colour.RED, **params})


def overdue_url(unit_id: int | None) -> str:
    query = {"status": "overdue", **({"unit": unit_id} if unit_id else {})}
    return reverse("directives:home") + "?" + urlencode(query) + "#tasks"


def _links(chosen: Chosen, unit_id: int | None) -> dict:
    params = {**chosen.params, "unit": unit_id}
    return {"page": "?" + chosen.query(unit=unit_id), "projects": project_list_url(params),
            "red": signals_url({k: v for k, v in params.items() if v not in (None, "")}),
            "overdue": overdue_url(unit_id)}


def _grouped(rows: dict[str, UnitRow], direct: UnitRow, queryset, unit_field: str, keys: dict[int, str], fill,
             *extra: str) -> None:
    """Add each group of ``queryset`` (grouped by ``unit_field``, the record's unit id, and
    ``extra`` fields) to the row of the sub-unit that unit belongs to."""
    for values in queryset.order_by().values(unit_field, *extra).annotate(**fill["aggregates"]):
        fill["apply"](rows.get(keys.get(values[unit_field], ""), direct), values)


def unit_table(user, chosen: Chosen, base: Unit | None, year: int, today: dt.date) -> dict:
    """The direct sub-units of ``base`` (the roots of the user's scope for a national user) with
    their figures; the records of ``base`` itself in a row apart; the total; each number's link."""
    prefix = base.path if base else "/"
    children = access.scope_units(user, Unit.objects.filter(parent=base) if base else
                                  Unit.objects.filter(parent__isnull=True)).order_by("name")
    rows = {u.path: UnitRow(u, u.display_name, links=_links(chosen, u.pk)) for u in children}
    direct = UnitRow(None, f"Trực thuộc {base.name}" if base else "Không thuộc đơn vị nào")
    projects = chosen.projects.order_by()
    ids = projects.values("pk")

    def set_money(row, v):
        if v["stage"] == Stage.ALLOCATED:
            row.allocated += v["s"] or 0
        else:
            row.disbursed += v["s"] or 0

    keys = _sub_unit_of(prefix)

    def add_projects(row, v):
        row.projects += v["n"]
        row.approved += v["approved"] or 0

    _grouped(rows, direct, projects, "investor_unit_id", keys,
             {"aggregates": {"n": Count("pk"), "approved": Sum("total_approved")}, "apply": add_projects})
    lines = BudgetEntry.objects.filter(project__in=ids, year=year, voided=False, superseded_by__isnull=True,
                                       stage__in=(Stage.ALLOCATED, Stage.DISBURSED))
    _grouped(rows, direct, lines, "project__investor_unit_id", keys,
             {"aggregates": {"s": Sum("amount")}, "apply": set_money}, "stage")
    _grouped(rows, direct, ProjectSignal.objects.filter(project__in=ids, is_latest=True, colour=Colour.RED),
             "project__investor_unit_id", keys,
             {"aggregates": {"n": Count("pk")}, "apply": lambda row, v: setattr(row, "red", row.red + v["n"])})
    tasks = filter_tasks(user, TaskFilter(status="overdue", unit=base.pk if base else None), today,
                         queryset=Task.objects.all())
    _grouped(rows, direct, tasks.filter(lead_unit__isnull=False), "lead_unit_id", keys,
             {"aggregates": {"n": Count("pk")}, "apply": lambda row, v: setattr(row, "overdue", row.overdue + v["n"])})
    direct.overdue += tasks.filter(lead_unit__isnull=True).count() if base is None else 0
    period = latest_published(scope_periods(user))
    if period is not None:
        by_unit = {row.unit.pk: row for row in rows.values()}
        for result in Result.objects.filter(period=period, method=period.method_id, unit__in=list(by_unit)):
            by_unit[result.unit_id].result = result
    total = UnitRow(base, "Tổng cộng", links=_links(chosen, base.pk if base else None))
    for row in [*rows.values(), direct]:
        total.add(row)
    return {"rows": list(rows.values()), "direct": direct if any(
        (direct.projects, direct.allocated, direct.disbursed, direct.red, direct.overdue)) else None,
        "total": total, "period": period}


def leaf_projects(chosen: Chosen) -> dict:
    """The current unit's projects (it has no sub-units), with their latest signal."""
    rows = list(chosen.projects.defer("search_text", "objectives", "scope")[:LEAF_ROWS + 1])
    signals = latest_signals(p.pk for p in rows[:LEAF_ROWS])
    return {"rows": [LeafRow(p, signals.get(p.pk)) for p in rows[:LEAF_ROWS]], "more": len(rows) > LEAF_ROWS}


def breadcrumb(user, chosen: Chosen) -> list[tuple[str, str]]:
    """(name, link) from the user's scope root down to the current unit."""
    scope = access.scope_for(user)
    top = [("Toàn quốc" if scope.everything else "Toàn tỉnh", "?" + chosen.query(unit=None))]
    if chosen.unit is None:
        return top
    ids = [int(x) for x in chosen.unit.path.strip("/").split("/")]
    units = {u.pk: u for u in access.scope_units(user, Unit.objects.filter(pk__in=ids))}
    return top + [(units[pk].name, "?" + chosen.query(unit=pk)) for pk in ids if pk in units and
                  (units[pk].parent_id is not None or scope.everything)]


# ------------------------------------------------------------------------------ money

def money_by_stage(chosen: Chosen) -> list[tuple[str, str, int]]:
    agg = chosen.projects.order_by().aggregate(**{s: Sum(f"total_{s}") for s in STAGES}, n=Count("pk"))
    return [(s, s.label, agg[s] or 0) for s in STAGES]


@dataclass
class Trajectory:
    year: int
    allocated: int
    cumulative: list                    # disbursed by the end of each month (None: not yet)
    projection: list                    # the straight line from today's pace to 31/12 (None elsewhere)
    disbursed: int
    projected: int | None

    @property
    def rate(self) -> float | None:
        return self.disbursed * 100 / self.allocated if self.allocated else None

    @property
    def projected_rate(self) -> float | None:
        return self.projected * 100 / self.allocated if self.allocated and self.projected is not None else None


def trajectory(chosen: Chosen, year: int, allocated: int, today: dt.date) -> Trajectory:
    """The year's disbursement month by month (by the decision date of each ledger line, else
    the day it was recorded; a line dated outside the year counts in its first or last month)
    against the year's allocation, and — in the current year — the year-end figure at today's
    pace."""
    by_month = [0] * 12
    lines = BudgetEntry.objects.filter(project__in=chosen.projects.order_by().values("pk"), year=year,
                                       stage=Stage.DISBURSED, voided=False, superseded_by__isnull=True).order_by()
    # grouped by the stored date (no date function per line); the undated lines by the day recorded
    dated = lines.filter(decision_date__isnull=False).values_list("decision_date").annotate(s=Sum("amount"))
    undated = (lines.filter(decision_date__isnull=True).annotate(d=TruncDate("created_at")).values_list("d")
               .annotate(s=Sum("amount")))
    for day, amount in [*dated, *undated]:
        month = 1 if day.year < year else 12 if day.year > year else day.month
        by_month[month - 1] += amount or 0
    total = sum(by_month)
    cumulative, running = [], 0
    last = 12 if year < today.year else today.month if year == today.year else 0
    for m in range(12):
        running += by_month[m]
        cumulative.append(running if m < last else None)
    projection, projected = [None] * 12, None
    if year == today.year:
        elapsed = (today - dt.date(year, 1, 1)).days + 1
        days = 366 if calendar.isleap(year) else 365
        projected = round(total * days / elapsed)
        if today.month > 1:   # the line starts from the last month-end known
            projection[today.month - 2] = cumulative[today.month - 2]
        for m in range(today.month - 1, 12):
            end = dt.date(year, m + 1, calendar.monthrange(year, m + 1)[1])
            projection[m] = round(total * ((end - dt.date(year, 1, 1)).days + 1) / elapsed)
    return Trajectory(year, allocated, cumulative, projection, total, projected)


# ------------------------------------------------------------------------------ processes

def appraisal_times(user, chosen: Chosen, year: int, today: dt.date):
    """Average days per stage of the filtered projects' dossiers concluded in ``year``."""
    dossiers = Dossier.objects.filter(project__in=chosen.projects.order_by().values("pk"), concluded_at__year=year)
    return stage_stats(user, today, dossiers)


def procurement_figures(user, chosen: Chosen, year: int, today: dt.date) -> dict:
    """Contractor selection over the dashboard's unit, programme, funding source and year (of the
    selection's start), as the package list states it; ``url`` opens that list."""
    params = {k: v for k, v in {**chosen.params, "year": year}.items()
              if k in ("unit", "programme", "funding_source", "year")}
    flt = procurement.PackageFilter.from_params({k: str(v) for k, v in params.items()})
    return {**procurement.list_figures(user, flt, today),
            "url": reverse("procurement:index") + "?" + urlencode(params), "year": year}


def open_campaigns(user) -> list:
    return [{"campaign": c, "submitted": c.n_done, "owed": c.n_total - c.n_done, "total": c.n_total,
             "late": c.n_done_late}
            for c in with_late_counts(user, campaign_list(user).filter(status=CampaignStatus.OPEN))]


# ------------------------------------------------------------------------------ the whole

@dataclass
class TileView:
    """A counted tile (:class:`cds.core.tiles.Shown`) and the filters its list could not apply, in words."""

    shown: tiles.Shown

    def __getattr__(self, name):
        return getattr(self.shown, name)

    @property
    def ignored_text(self) -> str:
        names = [FILTER_LABELS[n].lower() for n in self.shown.ignored]
        return f"Không lọc theo {', '.join(names)} (danh sách không có bộ lọc này)" if names else ""


@dataclass
class Figures:
    chosen: Chosen
    today: dt.date
    year: int
    base: Unit | None
    crumbs: list
    table: dict
    leaf: dict | None
    stages: list
    trajectory: Trajectory
    plans: list
    appraisal: object
    campaigns: list
    procurement: dict
    tiles: dict                         # section key → (title, [tiles.Shown])

    @property
    def totals(self) -> dict:
        return {code: amount for code, _label, amount in self.stages}

    def filters_text(self, names: dict) -> str:
        """The filters in force in words ("Đơn vị: Sở Y tế; Năm: 2025"), for the documents."""
        parts = []
        for key, value in self.chosen.params.items():
            parts.append(f"{FILTER_LABELS[key]}: {names.get(key, {}).get(value, value)}")
        return "; ".join(parts) or "không lọc (toàn bộ phạm vi được xem)"


def base_unit(user, chosen: Chosen) -> Unit | None:
    if chosen.unit is not None:
        return chosen.unit
    if access.scope_for(user).everything or not user.unit_id:
        return None
    return user.unit.root()


def figures(user, data, today: dt.date) -> Figures:
    chosen = read_filters(user, data)
    year = chosen.flt.year or today.year
    base = base_unit(user, chosen)
    table = unit_table(user, chosen, base, year, today)
    leaf = leaf_projects(chosen) if chosen.unit is not None and not table["rows"] else None
    shown = [TileView(s) for s in tiles.for_user(user, chosen.flt, today)]
    grouped = {key: (title, [s for s in shown if s.tile.section == key]) for key, title in tiles.SECTIONS.items()}
    return Figures(
        chosen=chosen, today=today, year=year, base=base, crumbs=breadcrumb(user, chosen), table=table, leaf=leaf,
        stages=money_by_stage(chosen), trajectory=trajectory(chosen, year, table["total"].allocated, today),
        plans=execution_overview(user, year), appraisal=appraisal_times(user, chosen, year, today),
        campaigns=open_campaigns(user), procurement=procurement_figures(user, chosen, year, today), tiles={k: v for k, v in grouped.items() if v[1]})


def chart_data(fig: Figures) -> dict:
    """The page's charts, as the JSON its script reads."""
    return {
        "stages": {"labels": [label for _, label, _ in fig.stages],
                   "values": [round(v / 1e9, 3) for _, _, v in fig.stages]},
        "trajectory": {"labels": list(MONTHS), "allocated": round(fig.trajectory.allocated / 1e9, 3),
                       "cumulative": [None if v is None else round(v / 1e9, 3) for v in fig.trajectory.cumulative],
                       "projection": [None if v is None else round(v / 1e9, 3) for v in fig.trajectory.projection]},
    }

