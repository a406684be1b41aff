"""Writes of the publication: the masking policy, withheld projects, and snapshots (prepared by
the CĐS authority, approved or rejected by a leader who did not prepare them).

A snapshot's records are written when it is prepared (:func:`prepare`), from the registry as it
stands, under the policy in force; approving it only changes its state, so a leader approves
exactly what they previewed. Approving makes it the tree's current publication and supersedes
the previous one.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cds.audit.services import record_event
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import saved
from cds.core.validation import clean_text
from cds.orgs.models import Unit
from cds.projects.models import Project

from . import dictionary, snapshots
from .models import Dataset, FieldPolicy, PublishedRecord, Snapshot, SnapshotStatus, Withholding
from .permissions import can_approve, can_prepare, can_set_policy, can_withhold, in_tree

REASON_LIMIT = 2000
BATCH = 2000


def _require(allowed: bool, message="Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _tree(actor, unit) -> None:
    _require(in_tree(actor, unit), "Bạn không có quyền với phạm vi này.")


# ------------------------------------------------------------------ policy

def policy_of(root) -> dict[str, list[str]]:
    """{dataset: [masked field]} now in force for ``root`` (the dictionary's defaults where the
    tree has set nothing)."""
    rows = {(p.dataset, p.field): p.masked for p in FieldPolicy.objects.filter(root_unit=root)}
    out = {}
    for ds in Dataset.values:
        out[ds] = [f.name for f in dictionary.fields(ds)
                   if f.maskable and rows.get((ds, f.name), f.masked_by_default)]
    return out


@transaction.atomic
def set_policy(actor, root, dataset: str, masked) -> dict[str, list[str]]:
    """Hide exactly the fields ``masked`` of ``dataset`` (maskable fields only) from the next
    snapshot on."""
    _require(can_set_policy(actor))
    _tree(actor, root)
    if root.parent_id is not None:
        raise ServiceError("Chính sách ẩn trường được đặt cho cả tỉnh/bộ.")
    if dataset not in Dataset.values:
        raise ServiceError("Bộ dữ liệu không hợp lệ.")
    masked = {str(m) for m in (masked or ())}
    known = {f.name: f for f in dictionary.fields(dataset)}
    unknown = sorted(m for m in masked if m not in known)
    if unknown:
        shown = ("".join(ch for ch in u[:40] if ch.isprintable()) or "?" for u in unknown[:5])
        raise ServiceError(f"Trường không có trong từ điển dữ liệu: {', '.join(shown)}.")
    fixed = sorted(known[m].label for m in masked if not known[m].maskable)
    if fixed:
        raise ServiceError(f"Trường luôn được công khai, không thể ẩn: {', '.join(fixed)}.")
    now = timezone.now()
    before = policy_of(root)[dataset]
    for f in dictionary.fields(dataset):
        if f.maskable:
            FieldPolicy.objects.update_or_create(root_unit=root, dataset=dataset, field=f.name,
                                                 defaults={"masked": f.name in masked, "updated_by": actor,
                                                           "updated_at": now})
    after = policy_of(root)[dataset]
    if before != after:
        record_event(actor, "publication.policy_set", root,
                     data={"dataset": Dataset(dataset).label, "masked": [known[m].label for m in after]})
    return policy_of(root)


# ------------------------------------------------------------- withholding

@transaction.atomic
def withhold(actor, project, reason: str) -> Withholding:
    _require(can_withhold(actor))
    _tree(actor, project.investor_unit)
    reason = clean_text(reason, "lý do không công bố", limit=REASON_LIMIT)
    # One active withholding per project: two people withholding it at once wait for each other.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if Withholding.objects.filter(project=project, is_active=True).exists():
        raise ServiceError("Nhiệm vụ/dự án này đã được ghi nhận không công bố.")
    item = saved(Withholding(project=project, reason=reason, withheld_by=actor), actor)
    record_event(actor, "publication.withheld", project, data={"project": project.name, "reason": reason})
    return item


@transaction.atomic
def lift(actor, item: Withholding, reason: str) -> Withholding:
    _require(can_withhold(actor))
    _tree(actor, item.project.investor_unit)
    reason = clean_text(reason, "lý do bỏ không công bố", limit=REASON_LIMIT)
    item = Withholding.objects.select_for_update().get(pk=item.pk)
    if not item.is_active:
        raise ServiceError("Ghi nhận không công bố này đã được bỏ.")
    item.is_active, item.lifted_by, item.lifted_at, item.lift_reason = False, actor, timezone.now(), reason
    saved(item, actor)
    record_event(actor, "publication.withhold_lifted", item.project,
                 data={"project": item.project.name, "reason": reason})
    return item


# --------------------------------------------------------------- snapshots

def _write_records(snapshot: Snapshot, built: snapshots.Built) -> None:
    rows = (PublishedRecord(snapshot=snapshot, dataset=ds, key=r["key"], code=r["code"],
                            last_modified=r["last_modified"], data=r["data"])
            for ds, records in built.records.items() for r in records)
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            PublishedRecord.objects.bulk_create(batch)
            batch = []
    if batch:
        PublishedRecord.objects.bulk_create(batch)


@transaction.atomic
def prepare(actor, root, as_of=None) -> Snapshot:
    """A new draft snapshot of ``root``'s tree with its records, for a leader to approve."""
    _require(can_prepare(actor))
    _tree(actor, root)
    if root.parent_id is not None:
        raise ServiceError("Chỉ lập bản công bố cho cả tỉnh/bộ.")
    today = timezone.localdate()
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        raise ServiceError("Ngày số liệu không hợp lệ.")
    if as_of is not None and as_of > today:
        raise ServiceError("Ngày số liệu không được sau ngày hôm nay.")
    # Two preparations of one tree at once: the second waits, then finds the first's draft.
    Unit.objects.select_for_update().filter(pk=root.pk).first()
    if Snapshot.objects.filter(root_unit=root, status=SnapshotStatus.DRAFT).exists():
        raise ServiceError("Đã có bản công bố chờ lãnh đạo duyệt; hãy duyệt hoặc không duyệt bản đó trước.")
    policy = policy_of(root)
    built = snapshots.build(root, policy)
    number = (Snapshot.objects.filter(root_unit=root).aggregate(m=Max("number"))["m"] or 0) + 1
    snap = Snapshot.objects.create(root_unit=root, number=number, as_of=as_of or today,
                                   prepared_by=actor, policy=policy, summary=built.summary, counts=built.counts)
    _write_records(snap, built)
    record_event(actor, "publication.prepared", snap, data={"number": number, "counts": built.counts})
    return snap


@transaction.atomic
def decide(actor, snapshot: Snapshot, approve: bool, note: str = "", *, expected_version) -> Snapshot:
    """A leader approves (publishes) or rejects a prepared snapshot."""
    _require(can_approve(actor), "Chỉ lãnh đạo duyệt công bố.")
    _tree(actor, snapshot.root_unit)
    snap = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    check_version(snap, expected_version)
    if snap.status != SnapshotStatus.DRAFT:
        raise ServiceError("Bản công bố này đã được xử lý.")
    if snap.prepared_by_id == actor.pk:
        raise MakerCheckerError()
    note = clean_text(note, "ý kiến", required=not approve, limit=REASON_LIMIT)
    now = timezone.now()
    snap.decided_by, snap.decided_at, snap.decision_note = actor, now, note
    if approve:
        Snapshot.objects.filter(root_unit=snap.root_unit, status=SnapshotStatus.PUBLISHED).update(
            status=SnapshotStatus.SUPERSEDED)
        snap.status, snap.published_at = SnapshotStatus.PUBLISHED, now
    else:
        snap.status = SnapshotStatus.REJECTED
        PublishedRecord.objects.filter(snapshot=snap).delete()
    snap.version += 1
    snap.save()
    record_event(actor, "publication.approved" if approve else "publication.rejected", snap,
                 data={"number": snap.number, "note": note})
    return snap
