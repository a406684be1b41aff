"""The list filters of systems, shared by the list page, its exports, the map and the API."""
from __future__ import annotations

import django_filters
from django import forms

from cds.core.forms import TextFilter
from cds.orgs.models import Unit
from cds.text.normalize import search_terms

from .models import Category, InformationSystem, Lifecycle
from .permissions import inventory_systems

MAX_SEARCH = 200
MAX_ID = 2**31 - 1


def _choice_error(label, choices) -> str:
    return f"{label} không hợp lệ; dùng một trong: {', '.join(v for v, _ in choices)}."


class _Id(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SystemFilterSet(django_filters.FilterSet):
    """``q`` (diacritic-insensitive: "dat dai" finds "đất đai"), ``loai`` (category),
    ``vong_doi`` (lifecycle), ``don_vi`` (owner unit and its subtree), ``du_lieu`` (a data entity
    the system holds), ``loi`` (a core system and what derives from it)."""

    q = TextFilter(method="filter_search", noun="từ khóa tìm kiếm")
    loai = django_filters.ChoiceFilter(choices=Category.choices, field_name="category",
                                       error_messages={"invalid_choice": _choice_error("Loại", Category.choices)})
    vong_doi = django_filters.ChoiceFilter(choices=Lifecycle.choices, field_name="lifecycle",
                                           error_messages={"invalid_choice": _choice_error("Vòng đời",
                                                                                           Lifecycle.choices)})
    don_vi = _Id(method="filter_unit")
    du_lieu = _Id(method="filter_entity")
    loi = _Id(method="filter_core")

    class Meta:
        model = InformationSystem
        fields: list[str] = []

    @classmethod
    def for_user(cls, data, user):
        return cls(data if data is not None else {}, queryset=inventory_systems(user))

    def filter_search(self, qs, name, value):
        for term in search_terms(value.strip()[:MAX_SEARCH]):
            qs = qs.filter(search_text__contains=f" {term} ")
        return qs

    def filter_unit(self, qs, name, value):
        unit = Unit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(owner_unit__in=Unit.objects.filter(path__startswith=unit.path).values("pk"))

    def filter_entity(self, qs, name, value):
        return qs.filter(holdings__entity_id=value).distinct()

    def filter_core(self, qs, name, value):
        return qs.filter(pk=value) | qs.filter(core_system_id=value)
