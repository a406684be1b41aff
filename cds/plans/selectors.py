"""Reads of the yearly plan, scoped to the user, at a constant number of queries per page."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Sum

from cds.catalog.models import FundingSource
from cds.core.db import count_of
from cds.projects.models import BudgetEntry, Stage
from cds.text.format import format_vnd

from .models import (
    Envelope,
    Funding,
    PlanItemCost,
    PlanStatus,
    PlanVersion,
    Proposal,
    ProposalCost,
    ProposalStatus,
    Round,
    Score,
)
from .permissions import scope_plans, scope_proposals, scope_rounds


def round_list(user):
    sent = Proposal.objects.filter(round=OuterRef("pk")).exclude(status=ProposalStatus.DRAFT)
    called = Round.called_units.through.objects.filter(round=OuterRef("pk"))
    return (scope_rounds(user).select_related("root_unit", "receiving_unit", "rubric")
            .annotate(n_proposals=count_of(sent, "round"), n_called=count_of(called, "round")))


def proposals_of_round(user, round_: Round):
    """The round's proposals the user may read, with what a list shows."""
    return (scope_proposals(user).filter(round=round_)
            .select_related("unit", "project", "merged_into", "regime", "programme")
            .prefetch_related(Prefetch("costs", queryset=ProposalCost.objects.select_related("funding_source"))))


def proposal_page(proposal: Proposal):
    return (Proposal.objects.filter(pk=proposal.pk)
            .select_related("round", "round__rubric", "round__root_unit", "unit", "project", "regime", "programme",
                            "merged_into", "prepared_by", "submitted_by", "decided_by")
            .prefetch_related("capabilities", "data_entities", "systems",
                              Prefetch("costs", queryset=ProposalCost.objects.select_related("funding_source")),
                              "findings__other_proposal__unit", "findings__other_project", "findings__system",
                              Prefetch("scores", queryset=Score.objects.select_related("reviewer")))
            .get())


def scored_ids(user, round_: Round) -> set[int]:
    """The proposals of the round this user has scored."""
    return set(Score.objects.filter(reviewer=user, proposal__round=round_).values_list("proposal_id", flat=True))


@dataclass
class EnvelopeRow:
    source: str
    source_id: int
    year: int
    envelope: int = 0
    requested: int = 0   # every sent proposal
    funded: int = 0      # the proposals recommended for funding

    @property
    def left(self) -> int:
        return self.envelope - self.funded

    @property
    def over(self) -> bool:
        return self.funded > self.envelope


def envelope_usage(round_: Round) -> list[EnvelopeRow]:
    """Per source and year: the envelope, what units ask for, what the recommendation funds —
    sums by the database (three queries whatever the number of proposals)."""
    rows: dict[tuple[int, int], EnvelopeRow] = {}
    for e in Envelope.objects.filter(round=round_).select_related("funding_source"):
        rows[(e.funding_source_id, e.year)] = EnvelopeRow(e.funding_source.name, e.funding_source_id, e.year, e.amount)
    sums = (ProposalCost.objects.filter(proposal__round=round_, proposal__status=ProposalStatus.SUBMITTED)
            .values("funding_source_id", "funding_source__name", "year")
            .annotate(requested=Sum("amount"),
                      funded=Sum("amount", filter=Q(proposal__funding=Funding.FUNDED))))
    for s in sums:
        key = (s["funding_source_id"], s["year"])
        row = rows.setdefault(key, EnvelopeRow(s["funding_source__name"], key[0], key[1]))
        row.requested, row.funded = s["requested"] or 0, s["funded"] or 0
    return sorted(rows.values(), key=lambda r: (r.year, r.source))


def round_counts(user, round_: Round) -> dict:
    qs = scope_proposals(user).filter(round=round_)
    # (the count is named apart from the field ``total`` it would otherwise shadow in the sum)
    c = qs.aggregate(
        n_total=Count("pk"), draft=Count("pk", filter=Q(status=ProposalStatus.DRAFT)),
        sent=Count("pk", filter=Q(status=ProposalStatus.SUBMITTED)),
        returned=Count("pk", filter=Q(status=ProposalStatus.RETURNED)),
        merged=Count("pk", filter=Q(status=ProposalStatus.MERGED)),
        rejected=Count("pk", filter=Q(status=ProposalStatus.REJECTED)),
        warned=Count("pk", filter=Q(warnings__gt=0, status=ProposalStatus.SUBMITTED)),
        funded=Count("pk", filter=Q(funding=Funding.FUNDED, status=ProposalStatus.SUBMITTED)),
        amount=Sum("total", filter=Q(status=ProposalStatus.SUBMITTED)),
    )
    c["amount"] = c["amount"] or 0
    c["total"] = c.pop("n_total")
    return c


def late_units(round_: Round) -> list:
    """Units called that have sent nothing (after the deadline: late)."""
    sent = set(Proposal.objects.filter(round=round_).exclude(status=ProposalStatus.DRAFT)
               .values_list("unit_id", flat=True))
    return [u for u in round_.called_units.order_by("name") if u.pk not in sent]


def plans_of_round(user, round_: Round):
    return scope_plans(user).filter(round=round_).select_related("prepared_by", "approved_by").order_by("-number")


def plan_items(plan: PlanVersion):
    return (plan.items.select_related("unit", "proposal", "project")
            .prefetch_related(Prefetch("costs", queryset=PlanItemCost.objects.select_related("funding_source"))))


def plan_sums(plan: PlanVersion) -> dict:
    """{(year, funding source): amount} over the whole plan, summed by the database."""
    rows = (PlanItemCost.objects.filter(item__plan=plan).values("year", "funding_source")
            .annotate(s=Sum("amount")).values_list("year", "funding_source", "s"))
    rows = list(rows)
    sources = FundingSource.objects.in_bulk({r[1] for r in rows})
    return {(year, sources[source]): amount for year, source, amount in rows}


def approved_plan(round_: Round) -> PlanVersion | None:
    return round_.plan_versions.filter(status=PlanStatus.APPROVED).first()


@dataclass
class ItemChange:
    kind: str  # "added" | "removed" | "changed"
    name: str
    unit: str
    before: int = 0
    after: int = 0
    lines: list[str] = field(default_factory=list)  # "nguồn X năm Y: a → b"

    @property
    def delta(self) -> int:
        return self.after - self.before


def plan_diff(old: PlanVersion, new: PlanVersion) -> list[ItemChange]:
    """What changed from one version to another, item by item (matched by proposal)."""
    def load(plan):
        out = {}
        for item in plan_items(plan):
            out[item.proposal_id] = (item, {(c.funding_source.name, c.year): c.amount for c in item.costs.all()})
        return out

    a, b = load(old), load(new)
    changes = []
    for pid, (item, costs) in b.items():
        if pid not in a:
            changes.append(ItemChange("added", item.name, item.unit.name, 0, item.total))
            continue
        before_item, before = a[pid]
        lines = [f"nguồn {src} năm {year}: {format_vnd(before.get((src, year), 0))} → "
                 f"{format_vnd(costs.get((src, year), 0))} đồng"
                 for src, year in sorted(set(before) | set(costs), key=lambda k: (k[1], k[0]))
                 if before.get((src, year), 0) != costs.get((src, year), 0)]
        if lines or before_item.name != item.name or before_item.note != item.note:
            changes.append(ItemChange("changed", item.name, item.unit.name, before_item.total, item.total, lines))
    for pid, (item, _) in a.items():
        if pid not in b:
            changes.append(ItemChange("removed", item.name, item.unit.name, item.total, 0))
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(changes, key=lambda c: (order[c.kind], c.name))


def executed_entries(years):
    """The ledger lines that execute a plan in ``years``: money allocated (giao dự toán) or
    disbursed, on lines still in force (not voided, not superseded) — the "allocated →
    disbursed" of :func:`execution`, :func:`execution_overview` and the ranking's criterion of
    executed plan items."""
    return BudgetEntry.objects.filter(year__in=list(years), voided=False, superseded_by__isnull=True,
                                      stage__in=(Stage.ALLOCATED, Stage.DISBURSED))


@dataclass
class Execution:
    approved: int = 0
    allocated: int = 0
    disbursed: int = 0


def execution(plan: PlanVersion, year: int | None = None) -> dict[int, Execution]:
    """{item id: approved → allocated → disbursed} for the plan's items (the year's, or the
    whole period's): the plan's amounts against the ledger of the projects the items became."""
    items = list(plan.items.values_list("pk", "project_id", "total"))
    costs = PlanItemCost.objects.filter(item__plan=plan)
    if year is not None:
        costs = costs.filter(year=year)
    approved = dict(costs.values("item_id").annotate(s=Sum("amount")).values_list("item_id", "s"))
    years = [year] if year is not None else plan.round.years
    projects = {p for _, p, _ in items if p}
    ledger: dict = defaultdict(lambda: defaultdict(int))
    for project_id, stage, amount in (executed_entries(years).filter(project_id__in=projects)
            .values("project_id", "stage").annotate(s=Sum("amount")).values_list("project_id", "stage", "s")):
        ledger[project_id][stage] = amount
    out = {}
    for pk, project_id, _ in items:
        row = Execution(approved=approved.get(pk, 0))
        if project_id:
            row.allocated = ledger[project_id][Stage.ALLOCATED]
            row.disbursed = ledger[project_id][Stage.DISBURSED]
        out[pk] = row
    return out


@dataclass
class PlanExecution:
    plan: PlanVersion
    approved: int = 0
    allocated: int = 0
    disbursed: int = 0

    @property
    def disbursed_share(self) -> float | None:
        return self.disbursed / self.approved if self.approved else None


def execution_overview(user, year: int, limit: int = 5) -> list[PlanExecution]:
    """The approved plans covering ``year`` that the user may read, each with the year's
    approved → allocated → disbursed totals (three queries whatever the number of plans)."""
    plans = list(scope_plans(user).filter(status=PlanStatus.APPROVED, round__year_from__lte=year,
                                          round__year_to__gte=year)
                 .select_related("round", "round__root_unit").order_by("round__root_unit__name", "-number")[:limit])
    rows = {p.pk: PlanExecution(p) for p in plans}
    if not rows:
        return []
    for plan_id, amount in (PlanItemCost.objects.filter(item__plan__in=rows, year=year)
                            .values("item__plan").annotate(s=Sum("amount")).values_list("item__plan", "s")):
        rows[plan_id].approved = amount or 0
    for plan_id, stage, amount in (
            executed_entries([year]).filter(project__plan_items__plan__in=rows)
            .values("project__plan_items__plan", "stage").annotate(s=Sum("amount"))
            .values_list("project__plan_items__plan", "stage", "s")):
        setattr(rows[plan_id], "allocated" if stage == Stage.ALLOCATED else "disbursed", amount or 0)
    return list(rows.values())
