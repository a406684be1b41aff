"""Reads of the bottleneck register: the filtered list (always over the rows
:func:`cds.surveys.permissions.scope_bottlenecks` gives the user), the choices of its filters,
the project page's panel and the home page's count — the same selector each time, so a count
is the number of rows of the page it links to."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cds.orgs.models import Unit
from cds.text.normalize import fold

from .models import Bottleneck, BottleneckSource, BottleneckStatus, GroupKind
from .permissions import scope_bottlenecks

PAGE_SIZE = 25
FINAL = (BottleneckStatus.RESOLVED, BottleneckStatus.CLOSED)
UNANSWERED = "unanswered"          # the home page's list: not answered yet, overdue first


@dataclass(frozen=True)
class BottleneckFilter:
    status: str = ""
    group: str = ""
    source: str = ""
    unit: int | None = None
    responsible: int | None = None
    project: int | None = None
    overdue: bool = False
    todo: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> BottleneckFilter:
        def pick(name, choices):
            value = (params.get(name) or "").strip()
            return value if value in choices else ""

        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None

        return cls(status=pick("status", BottleneckStatus.values), group=pick("group", GroupKind.values),
                   source=pick("source", BottleneckSource.values), unit=number("unit"),
                   responsible=number("responsible"), project=number("project"),
                   overdue=params.get("overdue") in ("1", "on", "true"), todo=pick("todo", (UNANSWERED,)),
                   q=" ".join((params.get("q") or "").split())[:200])

    @property
    def active(self) -> bool:
        return any((self.status, self.group, self.source, self.unit, self.responsible, self.project, self.overdue,
                    self.todo, self.q))


def overdue_q(today: dt.date) -> Q:
    """Not answered and the answer's due date has passed (a closed item is not late)."""
    return Q(answered_at__isnull=True, answer_due__lt=today) & ~Q(status__in=FINAL)


def unanswered_q() -> Q:
    return Q(answered_at__isnull=True) & ~Q(status__in=FINAL)


def row_queryset():
    return Bottleneck.objects.select_related("unit", "project", "responsible_unit", "directive_task",
                                             "directive_task__directive")


def _search(qs, text: str):
    """Rows whose title, description, proposal, unit or project contain every word of ``text``,
    diacritics and case ignored (one query over the already filtered rows)."""
    words = fold(text).split()
    if not words:
        return qs
    found = [pk for pk, *parts in qs.values_list("pk", "title", "description", "proposal", "unit__name",
                                                 "project__name", "responsible_unit__name")
             if all(w in fold(" ".join(p or "" for p in parts)) for w in words)]
    return qs.filter(pk__in=found)


def filter_bottlenecks(user, f: BottleneckFilter, today: dt.date | None = None, queryset=None):
    today = today or timezone.localdate()
    qs = scope_bottlenecks(user, queryset if queryset is not None else Bottleneck.objects.all())
    for field, value in (("status", f.status), ("group", f.group), ("source", f.source),
                         ("responsible_unit_id", f.responsible), ("project_id", f.project)):
        if value:
            qs = qs.filter(**{field: value})
    if f.unit:  # the raising unit and the units under it
        chosen = Unit.objects.filter(pk=f.unit).only("path").first()
        qs = qs.filter(unit__path__startswith=chosen.path) if chosen else qs.none()
    if f.overdue:
        qs = qs.filter(overdue_q(today))
    if f.todo == UNANSWERED:
        qs = qs.filter(unanswered_q())
    if f.q:
        qs = _search(qs, f.q)
    if f.todo or f.overdue:
        return qs.order_by("answer_due", "pk")
    return qs.order_by("-created_at", "-pk")


def mark_rows(rows, today: dt.date | None = None) -> list[Bottleneck]:
    today = today or timezone.localdate()
    rows = list(rows)
    for row in rows:
        row.late = row.answered_at is None and row.status not in FINAL and row.answer_due < today
    return rows


def filter_units(user):
    """(units raising items, units answering them) among the items the user reads."""
    scoped = scope_bottlenecks(user)
    raising = Unit.objects.filter(pk__in=scoped.values("unit_id")).order_by("path")
    answering = Unit.objects.filter(pk__in=scoped.values("responsible_unit_id")).order_by("path")
    return list(raising), list(answering)


def project_items(user, project):
    return mark_rows(scope_bottlenecks(user, row_queryset().filter(project=project)).order_by("-created_at", "-pk"))
