"""Writes to units go through here: the materialised path and search text stay right."""
from django.db import transaction

from .models import Unit, UnitAlias
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
