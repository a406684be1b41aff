from django.db.models import Q

from cds.accounts import access

from .models import AuditEvent


def events_for(target_type: str, target_id: int):
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related("actor")


def audit_log(user, *, verb: str = "", actor: str = "", q: str = ""):
    """Events about units in the user's scope (plus the user's own acts), newest first."""
    qs = AuditEvent.objects.select_related("actor", "unit")
    scope = access.scope_for(user)
    if not scope.everything:
        qs = qs.filter(scope.q("unit") | Q(actor=user))
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if q:
        qs = qs.filter(target_repr__icontains=q)
    return qs
