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


def record_event(actor, verb: str, target=None, *, data: dict | None = None, ip: str | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        unit=_unit_of(target, actor),
        **_actor_fields(actor),
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:300] if target is not None else "",
        data=data or {},
        ip=ip or current_ip(),
    )
