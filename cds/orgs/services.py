"""Writes to units go through here: the materialised path and search text stay right; a
reorganisation hands the ended unit's open work to its successor (:mod:`cds.orgs.handover`)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cds.core.errors import ServiceError

from . import handover
from .models import Unit, UnitAlias
from .selectors import reorganised_by
from .signals import unit_changed


@transaction.atomic
def save_unit(unit: Unit, *, actor=None, aliases=None) -> Unit:
    """Insert or update a unit, recomputing its path (and its descendants' if it moved)."""
    is_new = unit.pk is None
    old_path = None if is_new else Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    if actor is not None:
        unit._history_user = actor
    unit.refresh_search_text(aliases=list(aliases or []) if is_new else None)
    unit.save()
    parent_path = unit.parent.path if unit.parent_id else "/"
    new_path = f"{parent_path}{unit.pk}/"
    if new_path != unit.path:
        Unit.objects.filter(pk=unit.pk).update(path=new_path, depth=new_path.count("/") - 2)
        unit.path, unit.depth = new_path, new_path.count("/") - 2
        if old_path:
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
                child.path = new_path + child.path[len(old_path):]
                child.depth = child.path.count("/") - 2
                Unit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)
    for alias in aliases or []:
        UnitAlias.objects.get_or_create(unit=unit, alias=alias)
    if aliases:
        unit.refresh_search_text()
        Unit.objects.filter(pk=unit.pk).update(search_text=unit.search_text)
    if actor is not None:
        unit_changed.send(sender=Unit, actor=actor, verb="unit.created" if is_new else "unit.updated", unit=unit, data={})
    return unit


@transaction.atomic
def set_successors(unit: Unit, successors, *, actor=None, valid_to=None) -> None:
    """Record a reorganisation: ``unit`` ends on ``valid_to`` and is continued by ``successors``."""
    if valid_to is not None:
        unit.valid_to = valid_to
        if actor is not None:
            unit._history_user = actor
        unit.save(update_fields=["valid_to"])
    unit.successors.add(*successors)
    if actor is not None:
        unit_changed.send(sender=Unit, actor=actor, verb="unit.reorganised", unit=unit,
                          data={"successors": [s.pk for s in successors],
                                "successor_names": [s.name for s in successors],
                                "valid_to": unit.valid_to.isoformat() if unit.valid_to else None})
    if unit.has_ended(timezone.localdate()):
        hand_over_work(unit, actor=actor, automatic=True)


@transaction.atomic
def hand_over_work(unit: Unit, *, actor=None, successor: Unit | None = None, automatic: bool = False,
                   day: dt.date | None = None) -> list[handover.Outcome]:
    """Move the open work still assigned to ``unit``, which has ended, to its successor (chosen by
    the rule of :func:`cds.orgs.handover.plan`, or ``successor`` if given), app by app, in one
    transaction. ``actor`` is the user acting; without one the hand-over is the system's, on
    behalf of whoever recorded the reorganisation. Running it again moves nothing new."""
    day = day or timezone.localdate()
    if not unit.has_ended(day):
        raise ServiceError(f"{unit.name} chưa kết thúc hoạt động; chưa chuyển giao công việc.")
    if actor is None:
        actor, automatic = reorganised_by(unit), True
    plan = handover.plan(unit, day, successor=successor, actor=actor, automatic=automatic)
    return [handle(plan) for handle in handover.HANDLERS.values()]


def transfer_ended_work(*, actor=None, day: dt.date | None = None, units=None) -> dict[Unit, list[handover.Outcome]]:
    """Hand over the open work of every unit that ended before ``day`` (or of ``units``): for
    units that ended before their work was moved (the daily job, or data entered afterwards).
    One transaction per unit; returns the outcomes by unit."""
    day = day or timezone.localdate()
    qs = Unit.objects.filter(valid_to__lt=day) if units is None else units
    return {unit: hand_over_work(unit, actor=actor, day=day) for unit in qs.order_by("valid_to", "path")}
