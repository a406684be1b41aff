"""Reads of the registry, always scoped through the access helper and with the joins a
page needs, so a list page costs the same few queries whatever its length."""
from __future__ import annotations

from django.db.models import Count, Prefetch, Sum

from cds.text.format import vnd

from .filters import ProjectFilter, ProjectFilterSet
from .history import project_history
from .models import BudgetEntry, Project, ProjectDocument, ProjectEvent, State
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
        Prefetch("budget_entries", queryset=BudgetEntry.objects.select_related("funding_source", "created_by")),
    )
    return get_project_for(user, pk, queryset=qs)


def ledger_summary(project: Project) -> dict:
    """Totals per stage, per year and the warnings an official should see at once."""
    entries = [e for e in project.budget_entries.all()]
    current = [e for e in entries if e.is_current]
    by_year: dict[int, dict[str, int]] = {}
    for e in current:
        by_year.setdefault(e.year, {}).setdefault(e.stage, 0)
        by_year[e.year][e.stage] += e.amount
    warnings = []
    for year, stages in sorted(by_year.items()):
        allocated, disbursed = stages.get("allocated", 0), stages.get("disbursed", 0)
        if disbursed > allocated:
            warnings.append(
                f"Năm {year}: giải ngân {vnd(disbursed)} vượt kế hoạch vốn được giao {vnd(allocated)}."
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
        "entries": entries,
        "by_year": sorted(by_year.items()),
        "warnings": warnings,
    }


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
