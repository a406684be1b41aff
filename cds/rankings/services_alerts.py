"""Writes of the follow-up items (alerts): opening them (the signals' daily run,
:func:`cds.rankings.signals.refresh`), assigning them and closing them with an outcome.

* Opening is idempotent by ``key`` ("red_twice:<project>:<quarter end>", "behind:<project>:<year>"),
  and a project with an item of the same kind still open gets no second one: the review under way
  answers for it. Each item goes to a CĐS appraiser of the project's tree — the one with the
  fewest open items — with :data:`REVIEW_DAYS` working days to conclude; each owner is told once
  per run (one notification for all the items the run gave them).
* A CĐS appraiser or the administrator of the tree assigns an open item to another appraiser of
  the tree, with a due date; the owner (or the administrator) closes it with an outcome and a
  note. Both check the version the form was opened with.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cds.accounts import access
from cds.accounts.models import Role, User
from cds.audit.services import record_event, record_events
from cds.core.errors import ServiceError, check_version
from cds.core.history import saved
from cds.core.validation import clean_text
from cds.notifications.services import notify
from cds.projects.models import Project
from cds.text.format import vndate
from cds.workdays.calendar import due_date

from .models import Alert, AlertOutcome, AlertState
from .permissions import can_manage_alerts, scope_alerts

REVIEW_DAYS = 10          # working days the owner has to conclude an item
NOTE_LIMIT = 4000
CHUNK = 500               # ids per IN (…) when reading the candidates
BATCH = 2000
OWNER_ERROR = "Người phụ trách phải là chuyên viên cơ quan chuyên trách chuyển đổi số của tỉnh/bộ này."


@dataclass(frozen=True)
class Candidate:
    """An item that should be open: its project, kind, idempotency key and the reason, in words
    (or a function giving it: only the items actually opened are worded)."""

    project_id: int
    kind: str
    key: str
    reason: str | Callable[[], str]

    def text(self) -> str:
        return self.reason() if callable(self.reason) else self.reason


def _chunks(items: Sequence, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _fresh(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates whose key was never used and whose project has no open item of that kind
    (every item read once: a few columns of a table that grows by the items opened)."""
    used, busy = set(), set()
    for key, project_id, kind, state in Alert.objects.order_by().values_list("key", "project_id", "kind", "state"):
        used.add(key)
        if state == AlertState.OPEN:
            busy.add((project_id, kind))
    unique = {c.key: c for c in candidates}.values()
    return [c for c in unique if c.key not in used and (c.project_id, c.kind) not in busy]


class Owners:
    """The CĐS appraisers of each tree and their open items: :meth:`pick` gives the least loaded."""

    def __init__(self):
        self.by_root: dict[int, list[User]] = defaultdict(list)
        for user in (User.objects.filter(role=Role.CDS_APPRAISER, is_active=True, unit__isnull=False)
                     .select_related("unit").order_by("pk")):
            self.by_root[user.unit.root_pk].append(user)
        self.load = dict(Alert.objects.filter(state=AlertState.OPEN, owner__isnull=False).order_by()
                         .values_list("owner").annotate(n=Count("pk")))

    def pick(self, root_pk: int) -> User | None:
        users = self.by_root.get(root_pk)
        if not users:
            return None
        owner = min(users, key=lambda u: (self.load.get(u.pk, 0), u.pk))
        self.load[owner.pk] = self.load.get(owner.pk, 0) + 1
        return owner


def _tell(owner: User, alerts: list[Alert], due: dt.date) -> None:
    if len(alerts) == 1:
        alert = alerts[0]
        text = (f"Việc theo dõi dự án mới giao cho bạn: {alert.project} — {alert.get_kind_display().lower()}. "
                f"Hạn xem xét, kết luận: {vndate(due)}.")
        url = reverse("rankings:alert", args=[alert.pk])
    else:
        text = (f"{len(alerts)} việc theo dõi dự án mới giao cho bạn (dự án ở mức đỏ hai quý liên tiếp hoặc "
                f"giải ngân chậm so với kế hoạch vốn năm). Hạn xem xét, kết luận: {vndate(due)}.")
        url = reverse("rankings:alerts") + "?owner=me&state=open"
    notify(owner, text, url, key=f"alert.opened:{alerts[0].pk}", kind="alert")


def _projects(ids: Sequence[int]) -> dict[int, Project]:
    out: dict[int, Project] = {}
    for part in _chunks(sorted(ids)):
        out.update(Project.objects.select_related("investor_unit")
                   .only("pk", "code", "name", "investor_unit__path", "investor_unit__name").in_bulk(part))
    return out


def _with_ids(alerts: list[Alert]) -> list[Alert]:
    """The ids of items just bulk-created, on a database that does not return them."""
    missing = [a for a in alerts if a.pk is None]
    found: dict[str, int] = {}
    for part in _chunks([a.key for a in missing]):
        found.update(Alert.objects.filter(key__in=part).values_list("key", "pk"))
    for alert in missing:
        alert.pk = alert.id = found[alert.key]
    return alerts


def open_alerts(today: dt.date, candidates: Sequence[Candidate]) -> list[Alert]:
    """Open the items of ``candidates`` not opened before (see the module's rules) and return them:
    written in batches with their history rows and their "alert.opened" audit events (a first
    run over a national registry may open thousands)."""
    fresh = _fresh(candidates)
    if not fresh:
        return []
    projects = _projects({c.project_id for c in fresh})
    owners = Owners()
    due = due_date(today, REVIEW_DAYS)
    alerts = []
    for c in fresh:
        project = projects[c.project_id]
        unit = project.investor_unit
        alerts.append(Alert(root_unit_id=unit.root_pk, project=project, unit=unit, kind=c.kind, key=c.key,
                            reason=c.text(), opened_on=today, owner=owners.pick(unit.root_pk), due_on=due))
    alerts = _with_ids(bulk_create_with_history(alerts, Alert, batch_size=BATCH, default_date=timezone.now()))
    record_events(None, "alert.opened", ((a, {
        "project": str(a.project), "kind": a.kind, "reason": a.reason[:500].rstrip("."), "due_on": due.isoformat(),
        "owner": a.owner.display_name if a.owner else ""}) for a in alerts), batch_size=BATCH)
    told: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        if alert.owner is not None:
            told[alert.owner_id].append(alert)
    for mine in told.values():
        _tell(mine[0].owner, mine, due)
    return alerts


# ------------------------------------------------------------------ assign, close

def _locked(actor, alert: Alert) -> Alert:
    """The item, locked, as ``actor`` may read it (a refusal when they may not)."""
    found = scope_alerts(actor, Alert.objects.select_for_update()).filter(pk=alert.pk).first()
    if found is None:
        raise PermissionDenied("Bạn không có quyền với việc theo dõi này.")
    return found


def _open(alert: Alert) -> None:
    if alert.state != AlertState.OPEN:
        raise ServiceError("Việc theo dõi này đã được kết luận.")


@transaction.atomic
def assign(actor, alert: Alert, *, version, owner: User | None, due_on: dt.date | None) -> Alert:
    """Give an open item to a CĐS appraiser of its tree, with a due date (not before it opened)."""
    if not can_manage_alerts(actor):
        raise PermissionDenied("Chỉ chuyên viên cơ quan chuyên trách chuyển đổi số hoặc quản trị hệ thống "
                               "phân công việc theo dõi.")
    alert = _locked(actor, alert)
    check_version(alert, version)
    _open(alert)
    errors = {}
    if (owner is None or owner.role != Role.CDS_APPRAISER or not owner.is_active or not owner.unit_id
            or owner.unit.root_pk != alert.root_unit_id):
        errors["owner"] = OWNER_ERROR
    if not isinstance(due_on, dt.date):
        errors["due_on"] = "Chưa nhập hạn xem xét."
    elif due_on < alert.opened_on:
        errors["due_on"] = f"Hạn xem xét không được trước ngày mở việc theo dõi ({vndate(alert.opened_on)})."
    if errors:
        raise ServiceError(errors)
    changed = owner.pk != alert.owner_id
    alert.owner, alert.due_on = owner, due_on
    alert.version += 1
    saved(alert, actor)
    record_event(actor, "alert.assigned", alert, data={
        "project": str(alert.project), "owner": owner.display_name, "owner_id": owner.pk,
        "due_on": due_on.isoformat()})
    if changed and owner.pk != actor.pk:
        notify(owner, f"Bạn được giao theo dõi dự án {alert.project} — {alert.get_kind_display().lower()}. "
                      f"Hạn xem xét, kết luận: {vndate(due_on)}.",
               reverse("rankings:alert", args=[alert.pk]), key=f"alert.assigned:{alert.pk}:{alert.version}",
               kind="alert")
    return alert


def can_close(user, alert: Alert) -> bool:
    return alert.state == AlertState.OPEN and (
        access.has_role(user, Role.ADMIN) or (user.is_authenticated and alert.owner_id == user.pk))


@transaction.atomic
def close(actor, alert: Alert, *, version, outcome: str, note: str) -> Alert:
    """The owner (or the administrator) concludes an open item: an outcome and what was found."""
    alert = _locked(actor, alert)
    if not can_close(actor, alert) and alert.state == AlertState.OPEN:
        raise PermissionDenied("Chỉ người phụ trách hoặc quản trị hệ thống kết luận việc theo dõi này.")
    check_version(alert, version)
    _open(alert)
    errors = {}
    if outcome not in AlertOutcome.values:
        errors["outcome"] = "Chưa chọn kết luận."
    try:
        note = clean_text(note, "nội dung kết luận", limit=NOTE_LIMIT)
    except ServiceError as exc:
        errors["outcome_note"] = exc.messages
    if errors:
        raise ServiceError(errors)
    alert.state, alert.outcome, alert.outcome_note = AlertState.CLOSED, outcome, note
    alert.closed_by, alert.closed_at = actor, timezone.now()
    alert.version += 1
    saved(alert, actor)
    record_event(actor, "alert.closed", alert, data={
        "project": str(alert.project), "outcome": alert.get_outcome_display(), "note": note[:300]})
    return alert
