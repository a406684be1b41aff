"""Writing audit events. Called inside the service transaction so the event and the change
commit (or roll back) together."""
from cds.core.request_context import current_ip
from cds.orgs.models import Unit

from .models import AuditEvent


def _unit_of(target, actor):
    if isinstance(target, Unit):
        return target
    for attr in ("investor_unit", "unit", "lead_unit", "issuer"):
        unit = getattr(target, attr, None) if target is not None else None
        if unit is not None:
            return unit
    return getattr(actor, "unit", None) if getattr(actor, "pk", None) else None


def _actor_fields(actor) -> dict:
    """The actor as they were at the time: name, role and unit."""
    if not getattr(actor, "pk", None):
        return {"actor": None, "actor_name": getattr(actor, "username", "") or ""}
    unit = actor.unit if actor.unit_id else None
    return {
        "actor": actor, "actor_name": actor.username, "actor_full_name": actor.get_full_name()[:300],
        "actor_role": actor.role, "actor_unit": unit, "actor_unit_name": unit.name[:300] if unit else "",
    }


def _event(actor, verb: str, target, data: dict | None, ip: str | None, actor_fields: dict) -> AuditEvent:
    return AuditEvent(
        unit=_unit_of(target, actor),
        **actor_fields,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:300] if target is not None else "",
        data=data or {},
        ip=ip or current_ip(),
    )


def record_event(actor, verb: str, target=None, *, data: dict | None = None, ip: str | None = None) -> AuditEvent:
    event = _event(actor, verb, target, data, ip, _actor_fields(actor))
    event.save(force_insert=True)
    return event


def record_events(actor, verb: str, items, *, batch_size: int = 2000) -> int:
    """:func:`record_event` for many targets at once — a daily job that opens thousands of records
    writes the same rows, in batches. ``items``: (target, data) pairs. Returns the number written."""
    fields = _actor_fields(actor)
    events = [_event(actor, verb, target, data, None, fields) for target, data in items]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)
