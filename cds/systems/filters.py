"""The list filters of systems, shared by the list page, its exports, the map and the API."""
from __future__ import annotations

import django_filters

from cds.core.forms import IdFilter, TextFilter, choice_error, search_text_filter
from cds.orgs.selectors import subtree_ids

from .models import Category, InformationSystem, Lifecycle
from .permissions import inventory_systems


class SystemFilterSet(django_filters.FilterSet):
    """``q`` (diacritic-insensitive: "dat dai" finds "đất đai"), ``loai`` (category),
    ``vong_doi`` (lifecycle), ``don_vi`` (owner unit and its subtree), ``du_lieu`` (a data entity
    the system holds), ``loi`` (a core system and what derives from it)."""

    q = TextFilter(method="filter_search", noun="từ khóa tìm kiếm")
    loai = django_filters.ChoiceFilter(choices=Category.choices, field_name="category",
                                       error_messages={"invalid_choice": choice_error("Loại", Category.choices)})
    vong_doi = django_filters.ChoiceFilter(choices=Lifecycle.choices, field_name="lifecycle",
                                           error_messages={"invalid_choice": choice_error("Vòng đời",
                                                                                           Lifecycle.choices)})
    don_vi = IdFilter(method="filter_unit")
    du_lieu = IdFilter(method="filter_entity")
    loi = IdFilter(method="filter_core")

    class Meta:
        model = InformationSystem
        fields: list[str] = []

    @classmethod
    def for_user(cls, data, user):
        return cls(data if data is not None else {}, queryset=inventory_systems(user))

    def filter_search(self, qs, name, value):
        return search_text_filter(qs, value)

    def filter_unit(self, qs, name, value):
        return qs.filter(owner_unit__in=subtree_ids(value))

    def filter_entity(self, qs, name, value):
        return qs.filter(holdings__entity_id=value).distinct()

    def filter_core(self, qs, name, value):
        return qs.filter(pk=value) | qs.filter(core_system_id=value)
