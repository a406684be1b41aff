"""Scoped reads of reuse: the proposals that reused a library entry, as a user may read them
(a reuse is read with its project: :func:`cds.projects.permissions.scope_projects`).

One filter (:func:`filter_reuses`) serves the list page of reuse proposals and the dashboard's
tile, so the tile's number is the list's total. Its query parameters: ``unit`` (the project's
investor unit with its subtree), ``year`` (the year the reuse was started), ``programme`` (the
project's programme), ``practice`` (the entry reused). A value that is not a number is ignored.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects

from .models import Practice, Reuse
from .permissions import readable_q


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class ReuseFilter:
    unit: int | None = None
    year: int | None = None
    programme: int | None = None
    practice: int | None = None

    @classmethod
    def of(cls, params) -> "ReuseFilter":
        params = params or {}
        year = _int(params.get("year"))
        return cls(unit=_int(params.get("unit")), year=year if year and 2000 <= year <= 2100 else None,
                   programme=_int(params.get("programme")), practice=_int(params.get("practice")))


def reuses(user):
    """The reuses whose project the user may read."""
    return Reuse.objects.filter(project__in=scope_projects(user).order_by().values("pk"))


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


def filter_reuses(user, params):
    """The reuses the user may read, filtered by ``params`` (see the module docstring), newest first."""
    flt = ReuseFilter.of(params)
    qs = reuses(user)
    if flt.unit is not None:
        unit = Unit.objects.filter(pk=flt.unit).only("path").first()
        qs = qs.filter(project__investor_unit__path__startswith=unit.path) if unit else qs.none()
    if flt.year is not None:
        start, end = _year_bounds(flt.year)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    if flt.programme is not None:
        qs = qs.filter(project__programme_id=flt.programme)
    if flt.practice is not None:
        qs = qs.filter(practice_id=flt.practice)
    return qs.order_by("-created_at", "-pk")


def reuse_count(user, params=None) -> int:
    return filter_reuses(user, params or {}).count()


def reuse_rows(user, params):
    return filter_reuses(user, params).select_related("project", "project__investor_unit", "practice", "unit")


def readable_practice_ids(user, ids) -> set[int]:
    """Among ``ids``, the entries the user may read (others are shown by code only)."""
    return set(Practice.objects.filter(readable_q(user), pk__in=list(ids)).values_list("pk", flat=True))


def practice_reuses(user, practice: Practice) -> tuple[int, list]:
    """(how many proposals reused ``practice`` — every one, a number names nothing —, those of
    them the user may read, newest first)."""
    total = Reuse.objects.filter(practice=practice).count()
    mine = list(reuses(user).filter(practice=practice).select_related("project", "project__investor_unit")
                .order_by("-created_at", "-pk"))
    return total, mine
