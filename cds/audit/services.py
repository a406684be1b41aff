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


def record_event(actor, verb: str, target=None, *, data: dict | None = None, ip: str | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        unit=_unit_of(target, actor),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:300] if target is not None else "",
        data=data or {},
        ip=ip or current_ip(),
    )
