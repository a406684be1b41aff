"""Equipment figures: how many items bought by projects are in use, not yet used, idle, broken
or disposed, and the share not serving (``WASTED``: not yet used, idle, broken) — for a set of
projects (a project, a unit's subtree, a programme, what a user may read) or per investor unit.

Each figure is one aggregate query whatever the number of items; quantities are summed (a row
of 20 cameras counts 20). Disposed items are counted but left out of the share: they no longer
stand for equipment bought and not used.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum

from cds.orgs.models import Unit

from .models import WASTED, Equipment, EquipmentStatus


@dataclass
class EquipmentFigures:
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EquipmentStatus.values, 0))

    @property
    def total(self) -> int:
        """Items still held (every status but disposed)."""
        return sum(n for s, n in self.by_status.items() if s != EquipmentStatus.DISPOSED)

    @property
    def wasted(self) -> int:
        return sum(self.by_status[s] for s in WASTED)

    @property
    def share_wasted(self) -> float | None:
        """Not serving ÷ held, 0–1 (None with nothing held)."""
        return self.wasted / self.total if self.total else None

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        """(status, Vietnamese label, quantity) in the order of the statuses."""
        return [(s, EquipmentStatus(s).label, self.by_status[s]) for s in EquipmentStatus.values]

    def __getitem__(self, status: str) -> int:
        return self.by_status[status]


def _add(figures: EquipmentFigures, status: str, n) -> None:
    if status in figures.by_status:
        figures.by_status[status] += n or 0


def of_items(items) -> EquipmentFigures:
    """The figures of equipment rows already read (a page that lists them anyway)."""
    out = EquipmentFigures()
    for eq in items:
        _add(out, eq.status, eq.quantity)
    return out


def for_equipment(qs) -> EquipmentFigures:
    out = EquipmentFigures()
    for status, n in qs.order_by().values("status").annotate(n=Sum("quantity")).values_list("status", "n"):
        _add(out, status, n)
    return out


def for_projects(projects) -> EquipmentFigures:
    """The equipment bought by ``projects`` (a queryset of projects, e.g. a user's scope)."""
    return for_equipment(Equipment.objects.filter(project__in=projects.order_by().values("pk")))


def for_project(project) -> EquipmentFigures:
    return for_equipment(Equipment.objects.filter(project=project))


def for_unit(unit: Unit, projects=None) -> EquipmentFigures:
    """The equipment bought by the projects whose investor is ``unit`` or a unit under it
    (within ``projects`` when given)."""
    qs = Equipment.objects.filter(project__investor_unit__path__startswith=unit.path)
    if projects is not None:
        qs = qs.filter(project__in=projects.order_by().values("pk"))
    return for_equipment(qs)


def for_programme(programme, projects=None) -> EquipmentFigures:
    qs = Equipment.objects.filter(project__programme=programme)
    if projects is not None:
        qs = qs.filter(project__in=projects.order_by().values("pk"))
    return for_equipment(qs)


@dataclass
class UnitFigures:
    unit_id: int
    name: str  # the unit's short name, else its name
    figures: EquipmentFigures


def by_investor_unit(projects) -> list[UnitFigures]:
    """The figures of ``projects`` per investor unit (units holding equipment only), the largest
    share not serving first. One query."""
    per: dict[int, UnitFigures] = {}
    rows = (Equipment.objects.filter(project__in=projects.order_by().values("pk")).order_by()
            .values("project__investor_unit_id", "project__investor_unit__short_name",
                    "project__investor_unit__name", "status").annotate(n=Sum("quantity"))
            .values_list("project__investor_unit_id", "project__investor_unit__short_name",
                         "project__investor_unit__name", "status", "n"))
    for unit_id, short, name, status, n in rows:
        entry = per.setdefault(unit_id, UnitFigures(unit_id, short or name, EquipmentFigures()))
        _add(entry.figures, status, n)
    out = [u for u in per.values() if u.figures.total]
    return sorted(out, key=lambda u: (-(u.figures.share_wasted or 0), -u.figures.wasted, u.name))
