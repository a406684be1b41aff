"""The one filter of the project list, shared by the list page, its Excel export and
``GET /api/v1/projects``: the same query parameters (``q``/``search``, ``unit`` with its subtree,
``kind``, ``state``, ``programme``, ``year`` active in that year, ``funding_source``, ``regime``,
``group``, ``sort`` — by default the best match first when searching, else the newest), the same
rows in the same order, the same Vietnamese messages for a value that is not one of the choices (the page and the export ignore it; the API answers 400 with them).

Filtering costs no query of its own but the unit's path when ``unit`` is given, so a list page
costs the same few queries whatever its filters (tests/projects/test_queries.py)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from cds.core.forms import TextFilter
from cds.orgs.models import Unit
from cds.text.format import format_number, vndate
from cds.text.normalize import search_terms

from .models import BudgetEntry, Group, Kind, Project, Stage, State
from .permissions import scope_projects

SORTS = {
    "code": "code", "-code": "-code",
    "name": "name", "-name": "-name",
    "year": "start_year", "-year": "-start_year",
    "state": "state", "-state": "-state",
    "approved": "total_approved", "-approved": "-total_approved",
    "disbursed": "total_disbursed", "-disbursed": "-total_disbursed",
    "updated": "updated_at", "-updated": "-updated_at",
}
RELEVANCE = "relevance"  # with a search term: best match first (see relevance); without: DEFAULT_SORT
DEFAULT_SORT = "-year"
MAX_SEARCH = 200
MAX_ID = 2**31 - 1


def choice_error(label: str, values) -> str:
    return f"{label} không hợp lệ; dùng một trong: {', '.join(values)}."


SORT_ERROR = "Cách sắp xếp không hợp lệ; dùng một trong: " + ", ".join([*SORTS, RELEVANCE]) + "."


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


def relevance(text: str):
    """How well a project matches the search ``text`` (None without a term): 3 — the whole
    query as a phrase in the name, 2 — every term in the name, 1 — terms elsewhere (the
    objectives, scope, unit, tags). Evaluated on the matching rows only, from the folded name."""
    terms = search_terms(text)
    if not terms:
        return None
    in_name = Q()
    for term in terms:
        in_name &= Q(search_name__contains=f" {term} ")
    return Case(When(search_name__contains=f" {' '.join(terms)} ", then=Value(3)), When(in_name, then=Value(2)),
                default=Value(1), output_field=IntegerField())


def year_elapsed(today) -> tuple[int, int]:
    """(days of ``today``'s year gone by, including today; days in that year)."""
    first = today.replace(month=1, day=1)
    return (today - first).days + 1, (first.replace(year=first.year + 1) - first).days


def behind_help(today=None) -> str:
    """What "giải ngân chậm" means today, in words (the filter's title and the home page's hint)."""
    today = today or timezone.localdate()
    elapsed, days = year_elapsed(today)
    return (f"Giải ngân trong năm {today.year} chưa đạt {format_number(elapsed * 100 / days)}% kế hoạch vốn "
            f"được giao năm {today.year} (tỷ lệ thời gian đã qua của năm, đến ngày {vndate(today)})")


def behind_hint(today) -> str:
    """The same, short (under the home page's item)."""
    elapsed, days = year_elapsed(today)
    return (f"Giải ngân năm {today.year} chưa đạt {format_number(elapsed * 100 / days)}% kế hoạch vốn năm "
            "(tỷ lệ thời gian đã qua)")


def behind_lines(today):
    """The projects behind this year's capital plan, one row each with ``project``,
    ``year_allocated`` and ``year_disbursed``: a capital allocation (kế hoạch vốn) for ``today``'s
    year, and disbursed in that year less than that allocation times the share of the year gone
    by (at 30 June, less than half of it). Current ledger lines only (not voided, not superseded).

    One grouped pass over the year's ledger lines (``GROUP BY project HAVING …``) rather than two
    correlated sub-queries per project: the cost follows the year's lines, not the registry."""
    elapsed, days = year_elapsed(today)
    return (BudgetEntry.objects.filter(year=today.year, voided=False, superseded_by__isnull=True,
                                       stage__in=(Stage.ALLOCATED, Stage.DISBURSED))
            .order_by().values("project")
            .annotate(year_allocated=Coalesce(Sum("amount", filter=Q(stage=Stage.ALLOCATED)), Value(0)),
                      year_disbursed=Coalesce(Sum("amount", filter=Q(stage=Stage.DISBURSED)), Value(0)))
            # disbursed / allocated < elapsed / days, in whole numbers (no rounding on either database)
            .filter(year_allocated__gt=0)
            .annotate(shortfall=F("year_allocated") * elapsed - F("year_disbursed") * days)
            .filter(shortfall__gt=0))


def behind_plan(qs, today):
    """The projects of ``qs`` behind this year's capital plan (:func:`behind_lines`), the lines
    grouped over ``qs``'s projects only (a province's list does not group the country's lines)."""
    return qs.filter(pk__in=behind_lines(today).filter(project__in=qs.order_by().values("pk")).values("project"))


@dataclass
class ProjectFilter:
    """The filters in force, as the page shows them, the export describes them and the
    selectors take them (``selectors.project_list``)."""

    search: str = ""
    unit: int | None = None  # with its subtree
    kind: str = ""
    state: str = ""
    programme: int | None = None
    year: int | None = None  # active in that year
    funding_source: int | None = None
    regime: int | None = None
    group: str = ""
    disbursement: str = ""  # "behind": disbursed this year behind the year's allocation (DISBURSEMENT)
    sort: str = ""  # none chosen: RELEVANCE with a search term, DEFAULT_SORT without

    @classmethod
    def from_params(cls, params) -> "ProjectFilter":
        """The filters of query ``params``, read by :class:`ProjectFilterSet`."""
        return ProjectFilterSet(params).values

    def as_params(self) -> dict:
        return {k: v for k, v in dataclasses.asdict(self).items() if v not in (None, "")}


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def _choices(label, choices):
    values = [value for value, _label in choices]
    return django_filters.ChoiceFilter(choices=choices, error_messages={"invalid_choice": choice_error(label, values)})


class ProjectFilterSet(django_filters.FilterSet):
    q = TextFilter(method="filter_search", noun="từ khóa tìm kiếm")
    search = TextFilter(method="filter_search", noun="từ khóa tìm kiếm")
    unit = IdFilter(method="filter_unit")
    kind = _choices("Loại", Kind.choices)
    state = _choices("Trạng thái", State.choices)
    programme = IdFilter(field_name="programme_id")
    year = IdFilter(method="filter_year", max_value=9999)
    funding_source = IdFilter(field_name="funding_sources__id")
    regime = IdFilter(field_name="regime_id")
    group = _choices("Nhóm dự án", Group.choices)
    disbursement = django_filters.ChoiceFilter(
        choices=[("behind", "Giải ngân chậm so với kế hoạch vốn năm nay")], method="filter_disbursement",
        error_messages={"invalid_choice": choice_error("Giải ngân", ["behind"])})
    sort = django_filters.ChoiceFilter(choices=[(s, s) for s in [*SORTS, RELEVANCE]], method="keep",
                                       error_messages={"invalid_choice": SORT_ERROR})

    class Meta:
        model = Project
        fields: list[str] = []

    @classmethod
    def for_user(cls, data, user):
        """The filter of ``data`` (a QueryDict or a dict) over the projects ``user`` may read."""
        return cls(data if data is not None else {}, queryset=scope_projects(user))

    def filter_search(self, qs, name, value):
        return apply_search(qs, value.strip()[:MAX_SEARCH])

    def filter_unit(self, qs, name, value):
        unit = Unit.objects.filter(pk=value).only("path").first()
        return qs.filter(investor_unit__in=Unit.objects.filter(path__startswith=unit.path).values("pk")) if unit \
            else qs.none()

    def filter_year(self, qs, name, value):
        return qs.filter(start_year__lte=value).filter(Q(end_year__gte=value) | Q(end_year__isnull=True))

    def filter_disbursement(self, qs, name, value):
        return behind_plan(qs, timezone.localdate()) if value == "behind" else qs

    def keep(self, qs, name, value):
        return qs   # the order is set last, in filter_queryset

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset).select_related("investor_unit", "programme", "regime")
        flt = self.values
        rank = relevance(flt.search) if flt.sort == RELEVANCE else None
        if rank is not None:  # best match first; equal matches newest first
            return qs.annotate(relevance=rank).order_by("-relevance", SORTS[DEFAULT_SORT], "-id")
        return qs.order_by(SORTS.get(flt.sort, SORTS[DEFAULT_SORT]), "-id")

    @property
    def values(self) -> ProjectFilter:
        """The valid filters (a wrong value is left out, as if it had not been sent)."""
        self.errors  # noqa: B018 — validates the form
        cd = self.form.cleaned_data
        search = (cd.get("q") or cd.get("search") or "").strip()[:MAX_SEARCH]
        return ProjectFilter(
            search=search, unit=cd.get("unit"),
            kind=cd.get("kind") or "", state=cd.get("state") or "", programme=cd.get("programme"),
            year=cd.get("year"), funding_source=cd.get("funding_source"), regime=cd.get("regime"),
            group=cd.get("group") or "", disbursement=cd.get("disbursement") or "",
            sort=cd.get("sort") or (RELEVANCE if search_terms(search) else DEFAULT_SORT))
