"""Reads of the registry, always scoped through the access helper and with the joins a
page needs, so a list page costs the same few queries whatever its length."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from cds.text.format import DASH, format_number, vnd

from .filters import ProjectFilter, ProjectFilterSet
from .history import project_history
from .models import BudgetEntry, Project, ProjectDocument, ProjectEvent, Stage, State
from .permissions import get_project_for, scope_projects


def project_list(user, flt: ProjectFilter):
    """The projects ``user`` may read, filtered and sorted by :class:`~cds.projects.filters.ProjectFilterSet`
    (the page, the export and the API filter the same way)."""
    return ProjectFilterSet.for_user(flt.as_params(), user).qs


def project_detail(user, pk):
    qs = Project.objects.select_related(
        "investor_unit", "lead_unit", "programme", "regime", "created_by",
    ).prefetch_related(
        "coordinating_units", "funding_sources", "capabilities", "data_entities",
        Prefetch("documents", queryset=ProjectDocument.objects.select_related("created_by")),
        Prefetch("events", queryset=ProjectEvent.objects.select_related("actor", "checked_by")),
        Prefetch("budget_entries",
                 queryset=BudgetEntry.objects.select_related("funding_source", "created_by__unit")),
    )
    return get_project_for(user, pk, queryset=qs)


# The stages in the order the law reads them: estimate → approved → allocated → disbursed → settled.
STAGE_ORDER = (Stage.ESTIMATE, Stage.APPROVED, Stage.ALLOCATED, Stage.DISBURSED, Stage.SETTLED)
STAGE_RANK = {stage: n for n, stage in enumerate(STAGE_ORDER)}


def disbursement_rate(disbursed: int, allocated: int) -> str:
    """Disbursed ÷ allocated as officials write it ("72,5%"); "—" when nothing is allocated."""
    if not allocated:
        return DASH
    return f"{format_number(Decimal(disbursed) * 100 / Decimal(allocated), 1)}%"


@dataclass
class LedgerRow:
    """One line of the year × stage table: a year (with a funding source when split by source),
    a year's subtotal, or the total. ``amounts`` holds only the stages that have entries."""

    year: int | None
    source: str = ""
    amounts: dict = field(default_factory=dict)
    kind: str = "year"   # "year", "source" (a year's line for one source), "subtotal", "total"

    def add(self, stage: str, amount: int) -> None:
        self.amounts[stage] = self.amounts.get(stage, 0) + amount

    @property
    def cells(self) -> list[tuple[str, int | None]]:
        return [(stage, self.amounts.get(stage)) for stage in STAGE_ORDER]

    @property
    def rate(self) -> str:
        return disbursement_rate(self.amounts.get(Stage.DISBURSED, 0), self.amounts.get(Stage.ALLOCATED, 0))


def ledger_table(entries, *, by_source: bool = False) -> list[LedgerRow]:
    """The year × stage table of the current entries (neither voided nor superseded), years in
    order, ending with the total; ``by_source``: a line per funding source under each year, with
    the year's subtotal where it has more than one source."""
    total = LedgerRow(None, kind="total")
    years: dict[int, LedgerRow] = {}
    lines: dict[tuple[int, str], LedgerRow] = {}
    for e in entries:
        if not e.is_current:
            continue
        years.setdefault(e.year, LedgerRow(e.year, kind="subtotal" if by_source else "year")).add(e.stage, e.amount)
        if by_source:
            name = e.funding_source.name
            lines.setdefault((e.year, name), LedgerRow(e.year, name, kind="source")).add(e.stage, e.amount)
        total.add(e.stage, e.amount)
    rows = []
    for year in sorted(years):
        if by_source:
            own = [line for (y, _name), line in sorted(lines.items()) if y == year]
            rows += own
            if len(own) > 1:
                rows.append(years[year])
        else:
            rows.append(years[year])
    return rows + [total]


def legal_order(entries) -> list:
    """The line log as the law reads it: by year, then stage (estimate → … → settled), then the
    decision's date (or the day it was entered), then entry order."""
    return sorted(entries, key=lambda e: (e.year, STAGE_RANK.get(e.stage, len(STAGE_ORDER)),
                                          e.decision_date or e.created_at.date(), e.pk))


def ledger_summary(project: Project, *, by_source: bool = False) -> dict:
    """The ledger tab: the year × stage table, the line log in legal order and the warnings an
    official should see at once."""
    entries = [e for e in project.budget_entries.all()]
    year_rows = ledger_table(entries)
    rows = ledger_table(entries, by_source=True) if by_source else year_rows
    warnings = []
    for row in year_rows[:-1]:
        allocated, disbursed = row.amounts.get(Stage.ALLOCATED, 0), row.amounts.get(Stage.DISBURSED, 0)
        if disbursed > allocated:
            warnings.append(
                f"Năm {row.year}: giải ngân {vnd(disbursed)} vượt kế hoạch vốn được giao {vnd(allocated)}."
            )
    if project.total_settled and project.total_approved and project.total_settled > project.total_approved:
        warnings.append(
            f"Giá trị quyết toán {vnd(project.total_settled)} vượt tổng mức/dự toán được duyệt "
            f"{vnd(project.total_approved)}."
        )
    if project.total_disbursed > project.total_approved > 0:
        warnings.append("Lũy kế giải ngân vượt tổng mức/dự toán được duyệt.")
    rebaselines = [e for e in entries if e.is_rebaseline and not e.voided]
    if rebaselines:
        warnings.append(
            f"Tổng mức/dự toán đã được điều chỉnh {len(rebaselines)} lần "
            f"(lần gần nhất theo {rebaselines[-1].decision_number})."
        )
    return {
        "entries": legal_order(entries),
        "stages": [(stage, stage.label) for stage in STAGE_ORDER],
        "rows": rows[:-1],
        "total": rows[-1],
        "by_source": by_source,
        "warnings": warnings,
    }


@dataclass
class TraceLine:
    """Where one amount of the ledger comes from and what became of it."""

    entry: BudgetEntry
    entered_by: object = None          # the user who entered it
    entered_at: object = None
    replaces: list = field(default_factory=list)     # the approved figures this rebaseline replaced
    replaced_by: BudgetEntry | None = None
    replaced_at: object = None
    voided_by: object = None
    voided_at: object = None
    restored: bool = False             # replaced once, in force again since its replacement was voided

    @property
    def status(self) -> str:
        if self.entry.voided:
            return "voided"
        return "replaced" if self.replaced_by is not None else "current"


def ledger_trace(project: Project) -> list[TraceLine]:
    """Every amount of the ledger, voided and replaced ones too, in legal order: who entered it
    and when, from which decision, which figure it replaced, by whom it was replaced or voided.
    Read from the entries (``project_detail`` prefetches them) and their field history, in one
    query for the history."""
    entries = legal_order(project.budget_entries.all())
    by_id = {e.pk: e for e in entries}
    lines = {e.pk: TraceLine(e, entered_by=e.created_by, entered_at=e.created_at) for e in entries}
    records = (BudgetEntry.history.filter(project_id=project.pk)
               .select_related("history_user__unit").order_by("history_date", "history_id"))
    previous: dict[int, object] = {}
    ever_replaced_by: dict[int, int] = {}
    for rec in records:
        line = lines.get(rec.id)
        if line is None:
            continue
        before = previous.get(rec.id)
        previous[rec.id] = rec
        if before is None:
            line.entered_by = line.entered_by or rec.history_user
            continue
        if rec.voided and not before.voided:
            line.voided_by, line.voided_at = rec.history_user, rec.history_date
        if rec.superseded_by_id and rec.superseded_by_id != before.superseded_by_id:
            ever_replaced_by[rec.id] = rec.superseded_by_id
            line.replaced_at = rec.history_date
    for pk, line in lines.items():
        e = line.entry
        if e.superseded_by_id:
            line.replaced_by = by_id.get(e.superseded_by_id)
        elif pk in ever_replaced_by and not e.voided:
            line.restored = True
        newer = by_id.get(e.superseded_by_id or ever_replaced_by.get(pk))
        if newer is not None:
            lines[newer.pk].replaces.append(e)
    return [lines[e.pk] for e in entries]


def history_for(project: Project):
    """Field-level history of the project and its ledger, newest first, with diffs."""
    return project_history(project)


def home_stats(user) -> dict:
    qs = scope_projects(user)
    by_state = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    totals = qs.aggregate(
        estimate=Sum("total_estimate"), approved=Sum("total_approved"), allocated=Sum("total_allocated"),
        disbursed=Sum("total_disbursed"), settled=Sum("total_settled"), n=Count("id"),
    )
    states = [(s, label, by_state.get(s, 0)) for s, label in State.choices]
    return {"states": states, "totals": {k: v or 0 for k, v in totals.items()}}
