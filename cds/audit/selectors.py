"""Reads of the audit log, scoped to the reader: events about units of their scope, plus their
own acts, newest first."""
from django.db.models import Q

from cds.accounts import access

from .filters import AuditFilterSet
from .models import AuditEvent


def events_for(target_type: str, target_id: int):
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related("actor")


def scoped_events(user):
    """Events about units in the user's scope (plus the user's own acts), newest first, with the
    joins the log needs (the actor and their current unit for events recorded before the
    actor's unit was kept)."""
    qs = AuditEvent.objects.select_related("actor__unit", "unit")
    scope = access.scope_for(user)
    if not scope.everything:
        qs = qs.filter(scope.q("unit") | Q(actor=user))
    return qs


def audit_filter(user, params=None) -> AuditFilterSet:
    """The log's filter over what ``user`` may read (the page and its export read the same)."""
    return AuditFilterSet(params if params is not None else {}, queryset=scoped_events(user), user=user)


def audit_log(user, params=None):
    """The events ``user`` may read, filtered by ``params`` (see :class:`AuditFilterSet`)."""
    return audit_filter(user, params).qs
