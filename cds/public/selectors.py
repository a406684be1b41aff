"""Reads of publication. The public page and the feeds read through :func:`published` and
:func:`current` only: published snapshots, never drafts, never the live registry."""
from __future__ import annotations

from cds.accounts import access
from cds.orgs.models import Unit

from .models import PublishedRecord, Snapshot, SnapshotStatus, Withholding


def published():
    """The current (published, not superseded) snapshot of every tree."""
    return Snapshot.objects.filter(status=SnapshotStatus.PUBLISHED).select_related("root_unit")


def current(code: str) -> Snapshot | None:
    """The current snapshot of the tree whose root unit has ``code`` (None when it has none)."""
    return published().filter(root_unit__code=code, root_unit__parent__isnull=True).first()


def records(snapshots, dataset: str):
    """The published records of ``dataset`` in ``snapshots`` (a snapshot or a queryset of them),
    in a stable order (snapshot, key) for pagination."""
    qs = PublishedRecord.objects.filter(dataset=dataset)
    if isinstance(snapshots, Snapshot):
        qs = qs.filter(snapshot=snapshots)
    else:
        qs = qs.filter(snapshot__in=snapshots)
    return qs.order_by("snapshot_id", "key")


# ---------------------------------------------------------------- staff side

def snapshots_for(user):
    """Snapshots of the trees the user reads (management pages)."""
    scope = access.scope_for(user)
    qs = Snapshot.objects.select_related("root_unit", "prepared_by", "decided_by")
    if scope.everything:
        return qs
    return qs.filter(root_unit__in=access.scope_units(user, Unit.objects.filter(parent__isnull=True)))


def withholdings_for(user, *, active_only=True):
    scope = access.scope_for(user)
    qs = Withholding.objects.select_related("project", "project__investor_unit", "withheld_by", "lifted_by")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.filter(scope.q("project__investor_unit")) if not scope.everything else qs


def roots_for(user):
    """Root units (provinces, ministries) the user may manage publication of."""
    roots = Unit.objects.filter(parent__isnull=True).order_by("name")
    return access.scope_units(user, roots)


def active_withholding(project) -> Withholding | None:
    return Withholding.objects.filter(project=project, is_active=True).first()


