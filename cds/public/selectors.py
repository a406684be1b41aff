"""Reads of publication. The public page and the feeds read through :func:`published` and
:func:`current` only: published snapshots, never drafts, never the live registry."""
from __future__ import annotations

from cds.accounts import access
from cds.orgs.models import Unit

from .models import Dataset, PublishedRecord, Snapshot, SnapshotStatus, Withholding


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


def withholdings_for(user, *, active_only=True, root=None):
    """Withheld projects of the trees the user reads (of ``root``'s tree only when given)."""
    scope = access.scope_for(user)
    qs = Withholding.objects.select_related("project", "project__investor_unit", "withheld_by", "lifted_by")
    if active_only:
        qs = qs.filter(is_active=True)
    if root is not None:
        qs = qs.filter(project__investor_unit__path__startswith=root.tree_prefix)
    return qs.filter(scope.q("project__investor_unit")) if not scope.everything else qs


def pending_for(user):
    """Drafts waiting for a leader's decision, in the trees the user reads."""
    return snapshots_for(user).filter(status=SnapshotStatus.DRAFT).order_by("root_unit__name", "-number")


def roots_for(user):
    """Root units (provinces, ministries) the user may manage publication of."""
    roots = Unit.objects.filter(parent__isnull=True).order_by("name")
    return access.scope_units(user, roots)


def active_withholding(project) -> Withholding | None:
    return Withholding.objects.select_related("withheld_by").filter(project=project, is_active=True).first()


def project_publication(project) -> dict:
    """Where ``project`` stands on its tree's public page: the active withholding (if any), the
    current published snapshot of its tree and whether the project is one of its records."""
    root_pk = project.investor_unit.root_pk
    snap = published().filter(root_unit_id=root_pk).first()
    listed = bool(snap) and PublishedRecord.objects.filter(snapshot=snap, dataset=Dataset.PROJECTS,
                                                           key=project.pk).exists()
    return {"withholding": active_withholding(project), "snapshot": snap, "listed": listed}
