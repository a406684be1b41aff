"""The audit log's one filter, shared by its page and its Excel export: date range (dd/mm/yyyy),
person, unit (with its subtree), action (a verb, or every verb of one app) and object (code or
name). People and units offered are those of the reader's scope; a value outside them, or a
date that does not read, is refused with a Vietnamese message and leaves that filter unused."""
from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cds.accounts import access
from cds.core.forms import TextFilter, VNDateField
from cds.orgs.models import Unit
from cds.text.format import vndate

from . import registry
from .models import AuditEvent

GROUP_PREFIX = "app:"
MAX_TEXT = 100


def verb_choices() -> list:
    """The action filter's choices: per app, "every action of the app" then its verbs."""
    return [(heading, [(GROUP_PREFIX + owner, f"Mọi hành động: {heading.lower()}"), *verbs])
            for owner, heading, verbs in registry.grouped_verbs()]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.unit.short_name or obj.unit.name if obj.unit_id else ""
        return f"{obj.display_name} ({obj.username})" + (f" — {unit}" if unit else "")


class DateFilter(django_filters.DateFilter):
    field_class = VNDateField


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class AuditFilterForm(forms.Form):
    def clean(self):
        cd = super().clean()
        start, end = cd.get("date_from"), cd.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải từ “Từ ngày” trở đi.")
        return cd


def _start_of(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AuditFilterSet(django_filters.FilterSet):
    date_from = DateFilter(method="filter_from", label="Từ ngày")
    date_to = DateFilter(method="filter_to", label="Đến ngày")
    person = PersonFilter(
        field_name="actor", queryset=get_user_model().objects.none(), label="Người thực hiện",
        empty_label="Mọi người",
        error_messages={"invalid_choice": "Người thực hiện không có trong phạm vi được xem."})
    unit = django_filters.ModelChoiceFilter(
        method="filter_unit", queryset=Unit.objects.none(), label="Đơn vị",
        error_messages={"invalid_choice": "Đơn vị không có trong phạm vi được xem."})
    verb = django_filters.ChoiceFilter(method="filter_verb", choices=[], label="Hành động", empty_label="Mọi hành động",
                                       error_messages={"invalid_choice": "Hành động không có trong danh sách."})
    kind = django_filters.ChoiceFilter(method="filter_kind", choices=list(registry.KINDS.items()), label="Loại",
                                       empty_label="Mọi loại",
                                       error_messages={"invalid_choice": "Loại hành động không có trong danh sách."})
    q = TextFilter(method="filter_object", label="Đối tượng", max_length=MAX_TEXT,
                   error_messages={"max_length": f"Đối tượng tìm tối đa {MAX_TEXT} ký tự."})

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        units = access.scope_units(user, Unit.objects.all())
        people = get_user_model().objects.select_related("unit").order_by("unit__path", "last_name", "first_name")
        if not access.scope_for(user).everything:
            people = people.filter(unit__in=units.values("pk"))
        self.filters["person"].queryset = people
        self.filters["unit"].queryset = units.order_by("path")
        self.filters["verb"].extra["choices"] = verb_choices()

    def filter_from(self, qs, name, value):
        return qs.filter(created_at__gte=_start_of(value))

    def filter_to(self, qs, name, value):
        return qs.filter(created_at__lt=_start_of(value + dt.timedelta(days=1)))

    def filter_unit(self, qs, name, value):
        """Events about the unit's subtree, or by its people (at the time, or now for old events)."""
        subtree = Unit.objects.filter(path__startswith=value.path).values("pk")
        return qs.filter(Q(unit__in=subtree) | Q(actor_unit__in=subtree)
                         | Q(actor_unit__isnull=True, actor__unit__in=subtree))

    def filter_verb(self, qs, name, value):
        if value.startswith(GROUP_PREFIX):
            return qs.filter(verb__in=registry.verbs_of(value[len(GROUP_PREFIX):]))
        return qs.filter(verb=value)

    def filter_kind(self, qs, name, value):
        """Data changed, or data taken out (the verbs each app declares, cds.audit.registry)."""
        return qs.filter(verb__in=registry.verbs_of_kind(value))

    def filter_object(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(target_repr__icontains=value) | Q(data__icontains=value))

    def describe(self) -> str:
        """The filters in force, in words (the export's subtitle and its audit event)."""
        self.errors  # noqa: B018 — validates the form
        cd = self.form.cleaned_data
        parts = []
        if cd.get("date_from"):
            parts.append(f"từ ngày {vndate(cd['date_from'])}")
        if cd.get("date_to"):
            parts.append(f"đến ngày {vndate(cd['date_to'])}")
        if cd.get("person"):
            parts.append(f"người thực hiện {cd['person'].display_name} ({cd['person'].username})")
        if cd.get("unit"):
            parts.append(f"đơn vị {cd['unit'].name}")
        if cd.get("verb"):
            verb = cd["verb"]
            owner = verb[len(GROUP_PREFIX):] if verb.startswith(GROUP_PREFIX) else ""
            parts.append(f"hành động: {registry.GROUPS.get(owner, owner).lower()}" if owner
                         else f"hành động “{registry.label(verb)}”")
        if cd.get("kind"):
            parts.append(f"loại: {registry.KINDS[cd['kind']].lower()}")
        if (cd.get("q") or "").strip():
            parts.append(f"đối tượng “{cd['q'].strip()}”")
        return ", ".join(parts)
