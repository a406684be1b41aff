"""Reads of the registry, always scoped through the access helper and with the joins a
page needs, so a list page costs the same few queries whatever its length."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.expressions import RawSQL

from cds.orgs.models import Unit
from cds.text.format import vnd
from cds.text.normalize import search_terms

from .history import project_history
from .models import BudgetEntry, Project, ProjectDocument, ProjectEvent, State
from .permissions import get_project_for, scope_projects

SORTS = {
    "code": "code", "-code": "-code",
    "name": "name", "-name": "-name",
    "year": "start_year", "-year": "-start_year",
    "state": "state", "-state": "-state",
    "approved": "total_approved", "-approved": "-total_approved",
    "disbursed": "total_disbursed", "-disbursed": "-total_disbursed",
    "updated": "updated_at", "-updated": "-updated_at",
}
DEFAULT_SORT = "-year"


@dataclass
class ProjectFilter:
    search: str = ""
    unit: int | None = None  # with its subtree
    kind: str = ""
    state: str = ""
    programme: int | None = None
    year: int | None = None  # active in that year
    funding_source: int | None = None
    regime: int | None = None
    group: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> "ProjectFilter":
        def as_int(key):
            try:
                return int(params.get(key) or "") or None
            except (TypeError, ValueError):
                return None

        sort = params.get("sort") or DEFAULT_SORT
        return cls(
            search=(params.get("q") or params.get("search") or "").strip()[:200],
            unit=as_int("unit"), kind=params.get("kind") or "", state=params.get("state") or "",
            programme=as_int("programme"), year=as_int("year"), funding_source=as_int("funding_source"),
            regime=as_int("regime"), group=params.get("group") or "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )


def apply_search(qs, text: str):
    """Diacritic-insensitive, abbreviation-aware search on the stored ``search_text``.

    Every term must occur on word boundaries. On SQLite the FTS5 index answers (each term a
    quoted phrase, ANDed — terms are ``[0-9a-z ]`` only, so quoting is safe); elsewhere
    ``LIKE '% term %'`` on the space-padded text, which PostgreSQL serves from a trigram index.
    Both give the same rows (migration 0004).
    """
    terms = search_terms(text)
    if not terms:
        return qs
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"' for t in terms)
        return qs.filter(pk__in=RawSQL(
            "SELECT rowid FROM projects_project_fts WHERE projects_project_fts MATCH %s", [match]))
    for term in terms:
        qs = qs.filter(search_text__contains=f" {term} ")
    return qs


def project_list(user, flt: ProjectFilter):
    qs = scope_projects(user)
    if flt.search:
        qs = apply_search(qs, flt.search)
    if flt.unit:
        unit = Unit.objects.filter(pk=flt.unit).only("path").first()
        qs = (qs.filter(investor_unit__in=Unit.objects.filter(path__startswith=unit.path).values("pk"))
              if unit else qs.none())
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.state:
        qs = qs.filter(state=flt.state)
    if flt.programme:
        qs = qs.filter(programme_id=flt.programme)
    if flt.year:
        qs = qs.filter(start_year__lte=flt.year).filter(Q(end_year__gte=flt.year) | Q(end_year__isnull=True))
    if flt.funding_source:
        qs = qs.filter(funding_sources__id=flt.funding_source)
    if flt.regime:
        qs = qs.filter(regime_id=flt.regime)
    if flt.group:
        qs = qs.filter(group=flt.group)
    return qs.select_related("investor_unit", "programme", "regime").order_by(SORTS[flt.sort], "-id")


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
