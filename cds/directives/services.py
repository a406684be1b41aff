"""Writes of the directives register. Each function is one transaction with the acting user
explicit: permission through :mod:`cds.accounts.access`, the domain rule, an audit event, and
notifications that go out only if the transaction commits (:func:`cds.notifications.services.notify`).
A refusal raises :class:`~cds.core.errors.ServiceError` with a Vietnamese message and writes
nothing."""
from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people, tree_people
from cds.audit.models import AuditEvent
from cds.audit.services import record_event
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.history import change_reason
from cds.core.uploads import store_document
from cds.core.validation import clean_text, parse_date
from cds.notifications.services import notify
from cds.orgs.handover import Handover, Outcome
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects
from cds.text.normalize import search_document

from . import extract
from .models import (
    DeadlineKind,
    Directive,
    DirectiveKind,
    ExtensionRequest,
    ExtensionStatus,
    Progress,
    ProgressReport,
    Task,
)
from .permissions import (
    can_decide_extension,
    can_issue_for,
    can_manage_directive,
    can_register_directives,
    can_report_task,
    can_request_extension,
)
from .status import effective_due, missing_five_r, next_period

MAX_FULL_TEXT = 200_000         # characters of a directive's full text (a long Kế hoạch ≈ 80 pages)
MAX_TASK_TEXT = 5_000
MAX_ROWS = 200                  # tasks saved at once from the extraction assistant
NUMBER_RE = re.compile(r"^\d{1,6}[A-Za-z]?/[0-9A-Za-zÀ-ỹĐđ&.\-]+(?:/[0-9A-Za-zÀ-ỹĐđ&.\-]+)*$")
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def today() -> dt.date:
    return timezone.localdate()


def directive_url(directive: Directive) -> str:
    return reverse("directives:directive", args=[directive.pk])


def task_url(task: Task) -> str:
    return reverse("directives:task", args=[task.pk])


# ------------------------------------------------------------------ checks ----

def _text(value, label: str, *, required: bool = True, limit: int = MAX_TASK_TEXT) -> str:
    return clean_text(value, label, required=required, limit=limit)


def _date(value, label: str, *, required: bool = True) -> dt.date | None:
    return parse_date(value, label, required=required)


def _lock(model, obj, expected_version: int | None):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError()
    return locked


def _tree_unit(directive_or_root: Unit, value, label: str) -> Unit | None:
    """A unit of the issuer's tree, from a Unit or an id; None for empty."""
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Unit) else value
    try:
        unit = Unit.objects.get(pk=int(pk))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ServiceError(f"{label}: không tìm thấy đơn vị.") from None
    if not unit.path.startswith(directive_or_root.tree_prefix):
        raise ServiceError(f"{label}: đơn vị “{unit.name}” không thuộc {directive_or_root.root().name}.")
    return unit


# -------------------------------------------------------------- directives ----

def _directive_fields(actor, data: dict, *, existing: Directive | None = None) -> dict:
    kind = data.get("kind") or ""
    if kind not in DirectiveKind.values:
        raise ServiceError("Loại văn bản không hợp lệ.")
    number = " ".join(str(data.get("number") or "").split())
    if not number:
        raise ServiceError("Chưa nhập số, ký hiệu văn bản.")
    if len(number) > 60 or not NUMBER_RE.match(number):
        raise ServiceError("Số, ký hiệu phải có dạng “số/ký hiệu”, ví dụ 8826/UBND-VXNV hoặc 61/TB-UBND.")
    issued_on = _date(data.get("issued_on"), "ngày ban hành")
    if issued_on > today():
        raise ServiceError("Ngày ban hành không được sau ngày hôm nay.")
    issuer = data.get("issuer")
    if not isinstance(issuer, Unit):
        try:
            issuer = Unit.objects.get(pk=int(issuer))
        except (Unit.DoesNotExist, ValueError, TypeError):
            raise ServiceError("Chưa chọn cơ quan ban hành.") from None
    if not can_issue_for(actor, issuer):
        raise PermissionDenied("Bạn không được nhập văn bản của cơ quan này.")
    dup = Directive.objects.filter(issuer=issuer, number__iexact=number, issued_on=issued_on)
    if existing is not None:
        dup = dup.exclude(pk=existing.pk)
    if dup.exists():
        raise ServiceError(f"Văn bản số {number} ngày {issued_on:%d/%m/%Y} của {issuer.name} đã có trong sổ.")
    return {
        "kind": kind, "number": number, "issued_on": issued_on, "issuer": issuer,
        "signer": _text(data.get("signer"), "người ký", required=False, limit=200),
        "title": _text(data.get("title"), "trích yếu", limit=500),
        "full_text": _text(data.get("full_text"), "toàn văn", required=False, limit=MAX_FULL_TEXT),
    }


def _index(directive: Directive) -> None:
    directive.search_text = search_document(directive.number, directive.title, directive.signer)


def create_directive(actor, data: dict, upload=None) -> Directive:
    if not can_register_directives(actor):
        raise PermissionDenied("Bạn không có quyền nhập văn bản chỉ đạo.")
    fields = _directive_fields(actor, data)
    with transaction.atomic():
        directive = Directive(**fields, created_by=actor)
        if upload is not None:
            stored = store_document(upload, directive.file, f"vb-{fields['issued_on']:%Y%m%d}")
            directive.file_name, directive.file_sha256 = stored.name, stored.sha256
        _index(directive)
        directive._history_user = actor
        directive.save()
        record_event(actor, "directive.created", directive, data={"number": directive.number})
    return directive


def update_directive(actor, directive: Directive, data: dict, *, version: int | None, upload=None) -> Directive:
    if not can_manage_directive(actor, directive):
        raise PermissionDenied("Bạn không có quyền sửa văn bản này.")
    fields = _directive_fields(actor, data, existing=directive)
    with transaction.atomic():
        locked = _lock(Directive, directive, version)
        for name, value in fields.items():
            setattr(locked, name, value)
        if upload is not None:
            stored = store_document(upload, locked.file, f"vb-{fields['issued_on']:%Y%m%d}")
            locked.file_name, locked.file_sha256 = stored.name, stored.sha256
        _index(locked)
        locked.version += 1
        locked._history_user = actor
        locked.save()
        record_event(actor, "directive.updated", locked, data={"number": locked.number})
    return locked


# ------------------------------------------------------------------- tasks ----

def _task_fields(actor, directive: Directive, data: dict, *, lead: Unit | None) -> dict:
    deadline_kind = data.get("deadline_kind") or DeadlineKind.DATE
    if deadline_kind not in DeadlineKind.values:
        raise ServiceError("Loại thời hạn không hợp lệ.")
    deadline = _date(data.get("deadline"), "thời hạn", required=deadline_kind != DeadlineKind.NONE)
    if deadline_kind == DeadlineKind.NONE:
        deadline = None
    if deadline is not None:
        if deadline < directive.issued_on:
            raise ServiceError(f"Thời hạn {deadline:%d/%m/%Y} trước ngày ban hành văn bản "
                               f"({directive.issued_on:%d/%m/%Y}).")
        if deadline.year > directive.issued_on.year + 10:
            raise ServiceError(f"Thời hạn {deadline:%d/%m/%Y} quá xa ngày ban hành — kiểm tra lại năm.")
    return {
        "content": _text(data.get("content"), "nội dung nhiệm vụ"),
        "lead_unit": lead,
        "lead_text": _text(data.get("lead_text"), "đơn vị chủ trì", required=False, limit=300),
        "coordinating_text": _text(data.get("coordinating_text"), "đơn vị phối hợp", required=False, limit=500),
        "responsible": _text(data.get("responsible"), "người chịu trách nhiệm", required=False, limit=200),
        "deadline_kind": deadline_kind, "deadline": deadline,
        "deadline_text": _text(data.get("deadline_text"), "thời hạn ghi trong văn bản", required=False, limit=200),
        "expected_product": _text(data.get("expected_product"), "sản phẩm, kết quả", required=False, limit=500),
    }


def _coordinating(directive: Directive, ids, lead: Unit | None) -> list[Unit]:
    units = []
    for value in ids or []:
        unit = _tree_unit(directive.issuer, value, "Đơn vị phối hợp")
        if unit and (lead is None or unit.pk != lead.pk) and unit not in units:
            units.append(unit)
    return units


def _projects(actor, ids) -> list[Project]:
    ids = [int(i) for i in ids or [] if str(i).strip().isdigit()]
    if not ids:
        return []
    found = list(scope_projects(actor, Project.objects.filter(pk__in=ids)))
    if len(found) != len(set(ids)):
        raise ServiceError("Có nhiệm vụ/dự án liên quan không tìm thấy hoặc bạn không được xem.")
    return found


def _finish(task: Task) -> None:
    task.due_on = effective_due(task.deadline)
    task.missing_5r = ",".join(missing_five_r(task))
    task.search_text = search_document(task.content, task.lead_text, task.expected_product, task.directive.number,
                                       task.lead_unit.name if task.lead_unit else "")


def _ensure_manage(actor, directive: Directive) -> None:
    if not can_manage_directive(actor, directive):
        raise PermissionDenied("Bạn không có quyền giao, sửa nhiệm vụ của văn bản này.")


def _tell_lead(task: Task, text: str, key: str) -> None:
    if not task.lead_unit_id:
        return
    people = responsible_people({task.lead_unit_id}, UNIT_ROLES).get(task.lead_unit_id, [])
    for user in people:
        notify(user, text, task_url(task), key=f"directive-{key}:{task.pk}", kind="directive")


def _deadline_phrase(task: Task) -> str:
    if task.deadline is None:
        return "không ghi thời hạn"
    return f"hạn {task.deadline:%d/%m/%Y}"


def add_task(actor, directive: Directive, data: dict) -> Task:
    _ensure_manage(actor, directive)
    lead = _tree_unit(directive.issuer, data.get("lead_unit"), "Đơn vị chủ trì")
    fields = _task_fields(actor, directive, data, lead=lead)
    coordinating = _coordinating(directive, data.get("coordinating_units"), lead)
    projects = _projects(actor, data.get("projects"))
    with transaction.atomic():
        return _create_task(actor, directive, fields, coordinating, projects)


def _create_task(actor, directive, fields, coordinating, projects, *, order: int | None = None) -> Task:
    if order is None:
        order = (directive.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    task = Task(directive=directive, order=order, created_by=actor, **fields)
    _finish(task)
    task._history_user = actor
    task.save()
    task.coordinating_units.set(coordinating)
    task.projects.set(projects)
    record_event(actor, "directive.task_created", task,
                 data={"directive": directive.number, "lead": task.lead_unit.name if task.lead_unit else "",
                       "deadline": task.deadline.isoformat() if task.deadline else None})
    _tell_lead(task, f"{directive}: giao {task.lead_unit.name if task.lead_unit else ''} chủ trì — "
                     f"{task.content[:200]} ({_deadline_phrase(task)}).", "assigned")
    return task


def update_task(actor, task: Task, data: dict, *, version: int | None) -> Task:
    directive = task.directive
    _ensure_manage(actor, directive)
    lead = _tree_unit(directive.issuer, data.get("lead_unit"), "Đơn vị chủ trì")
    fields = _task_fields(actor, directive, data, lead=lead)
    coordinating = _coordinating(directive, data.get("coordinating_units"), lead)
    projects = _projects(actor, data.get("projects"))
    with transaction.atomic():
        locked = _lock(Task, task, version)
        if locked.progress == Progress.DONE:
            raise ServiceError("Nhiệm vụ đã hoàn thành, không sửa được.")
        old_deadline, old_lead, old_unit = locked.deadline, locked.lead_unit_id, locked.lead_unit
        if locked.extension_pending and fields["deadline"] != old_deadline:
            raise ServiceError("Nhiệm vụ đang chờ quyết định gia hạn; thời hạn chỉ đổi qua quyết định đó.")
        for name, value in fields.items():
            setattr(locked, name, value)
        reassigned = old_unit is not None and old_unit.has_ended(today()) and lead is not None and lead.pk != old_lead
        if reassigned:   # the issuer gives the task of a unit that ended to another unit: a transfer too
            locked.transferred_from, locked.transferred_on = old_unit, today()
        _finish(locked)
        locked.version += 1
        locked._history_user = actor
        locked.save()
        locked.coordinating_units.set(coordinating)
        locked.projects.set(projects)
        record_event(actor, "directive.task_updated", locked, data={
            "deadline": [old_deadline.isoformat() if old_deadline else None,
                         locked.deadline.isoformat() if locked.deadline else None],
        })
        if reassigned:
            record_event(actor, "directive.task_transferred", locked, data={
                "from": old_unit.name, "from_id": old_unit.pk, "to": lead.name, "to_id": lead.pk,
                "rule": "cơ quan giao nhiệm vụ giao lại", "automatic": False, "role": "lead"})
        if lead and lead.pk != old_lead:
            _tell_lead(locked, f"{directive}: giao {lead.name} chủ trì — {locked.content[:200]} "
                               f"({_deadline_phrase(locked)}).", f"assigned-{lead.pk}")
    return locked


def delete_task(actor, task: Task) -> None:
    _ensure_manage(actor, task.directive)
    with transaction.atomic():
        locked = _lock(Task, task, None)
        if locked.reports.exists() or locked.extensions.exists():
            raise ServiceError("Nhiệm vụ đã có báo cáo tiến độ hoặc đề nghị gia hạn, không xóa được.")
        record_event(actor, "directive.task_deleted", locked, data={"content": locked.content[:300]})
        locked._history_user = actor
        locked.delete()


def propose_assignments(actor, directive: Directive, text: str):
    """The extraction assistant's proposals for ``text`` of ``directive`` (units of its issuer's
    tree, year-less dates read in its year). Nothing is saved but the audit row of the request."""
    _ensure_manage(actor, directive)
    found = extract.extract_for(actor, text, reference=directive.issued_on, root=directive.issuer.root())
    record_event(actor, "directive.extracted", directive, data={"proposed": len(found)})
    return found


def save_assignments(actor, directive: Directive, rows: list[dict]) -> list[Task]:
    """Save the assignments the user kept and corrected in the extraction assistant: all or
    nothing. A row may name several lead units (a group phrase such as "các sở, ban, ngành"
    expanded by the assistant): each gets its own task, so each reports on its own. Errors are
    collected row by row ("Dòng 3: …") and nothing is saved if any row is wrong."""
    _ensure_manage(actor, directive)
    if not rows:
        raise ServiceError("Chưa chọn nhiệm vụ nào để lưu.")
    if len(rows) > MAX_ROWS:
        raise ServiceError(f"Mỗi lần lưu tối đa {MAX_ROWS} nhiệm vụ.")
    prepared, errors = [], []
    for n, row in enumerate(rows, start=1):
        try:
            leads = [_tree_unit(directive.issuer, v, "Đơn vị chủ trì") for v in row.get("lead_units") or []]
            leads = [u for u in dict.fromkeys(leads) if u] or [None]
            projects = _projects(actor, row.get("projects"))
            for lead in leads:
                fields = _task_fields(actor, directive, row, lead=lead)
                prepared.append((fields, _coordinating(directive, row.get("coordinating_units"), lead), projects))
        except (ServiceError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ServiceError) else str(exc)
            errors.append(f"Dòng {n}: {text}")
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        start = directive.tasks.order_by("-order").values_list("order", flat=True).first() or 0
        return [_create_task(actor, directive, f, c, p, order=start + i)
                for i, (f, c, p) in enumerate(prepared, start=1)]


# -------------------------------------------------------- progress reports ----

def report_progress(actor, task: Task, *, percent, content: str, completes: bool = False,
                    upload=None, version: int | None = None) -> ProgressReport:
    """The lead unit reports. A completing report closes the task (for a recurring task: closes
    the current period and moves the deadline to the next one)."""
    if not can_report_task(actor, task):
        raise PermissionDenied("Chỉ đơn vị chủ trì được báo cáo tiến độ nhiệm vụ này.")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ServiceError("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.") from None
    if not 0 <= percent <= 100:
        raise ServiceError("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.")
    content = _text(content, "kết quả thực hiện")
    if completes and upload is None:
        raise ServiceError("Báo cáo hoàn thành cần kèm minh chứng (văn bản, sản phẩm).")
    day = today()
    with transaction.atomic():
        locked = _lock(Task, task, version)
        if locked.progress == Progress.DONE:
            raise ServiceError("Nhiệm vụ đã hoàn thành.")
        report = ProgressReport(task=locked, reported_on=day, percent=100 if completes else percent,
                                content=content, completes=completes, reported_by=actor)
        if upload is not None:
            stored = store_document(upload, report.evidence, f"mc-{locked.pk}")
            report.evidence_name, report.evidence_sha256 = stored.name, stored.sha256
        if completes and locked.is_recurring:
            report.period_due = locked.due_on
            locked.deadline = next_period(locked.deadline, locked.deadline_kind)
            locked.progress, locked.percent = Progress.IN_PROGRESS, 0
        elif completes:
            locked.progress, locked.percent, locked.completed_on = Progress.DONE, 100, day
        else:
            locked.progress, locked.percent = Progress.IN_PROGRESS, percent
        report.save()
        _finish(locked)
        locked.version += 1
        locked._history_user = actor
        locked.save()
        record_event(actor, "directive.progress", locked,
                     data={"percent": report.percent, "completes": completes,
                           "period_due": report.period_due.isoformat() if report.period_due else None})
        if completes and locked.directive.created_by_id and locked.directive.created_by_id != actor.pk:
            notify(locked.directive.created_by,
                   f"{locked.lead_unit.name} báo cáo hoàn thành nhiệm vụ: {locked.content[:200]}",
                   task_url(locked), key=f"directive-done:{locked.pk}:{report.pk}", kind="directive")
    return report


# ------------------------------------------------------------- extensions ----

def deciders(task: Task):
    issuer = task.directive.issuer
    if issuer.parent_id is None:
        return tree_people(issuer, (Role.LEADER,))
    return responsible_people({issuer.pk}, (Role.UNIT_HEAD,)).get(issuer.pk, [])


def request_extension(actor, task: Task, *, proposed, reason: str) -> ExtensionRequest:
    if not can_request_extension(actor, task):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị chủ trì được đề nghị gia hạn.")
    proposed = _date(proposed, "thời hạn đề nghị")
    reason = _text(reason, "lý do đề nghị gia hạn", limit=2000)
    with transaction.atomic():
        locked = _lock(Task, task, None)
        if locked.progress == Progress.DONE:
            raise ServiceError("Nhiệm vụ đã hoàn thành, không cần gia hạn.")
        if locked.extension_pending:
            raise ServiceError("Nhiệm vụ đang có một đề nghị gia hạn chờ quyết định.")
        if locked.deadline is None:
            raise ServiceError("Nhiệm vụ không có thời hạn để gia hạn.")
        if proposed <= locked.deadline:
            raise ServiceError(f"Thời hạn đề nghị phải sau thời hạn hiện tại ({locked.deadline:%d/%m/%Y}).")
        req = ExtensionRequest.objects.create(task=locked, old_deadline=locked.deadline, proposed_deadline=proposed,
                                              reason=reason, requested_by=actor, requested_on=today())
        locked.extension_pending = True
        locked.version += 1
        locked._history_user = actor
        locked.save(update_fields=["extension_pending", "version"])
        record_event(actor, "directive.extension_requested", locked,
                     data={"from": locked.deadline.isoformat(), "to": proposed.isoformat()})
        for user in deciders(locked):
            notify(user, f"{locked.lead_unit.name} đề nghị gia hạn nhiệm vụ “{locked.content[:150]}” "
                         f"từ {locked.deadline:%d/%m/%Y} đến {proposed:%d/%m/%Y}: {reason[:200]}",
                   task_url(locked), key=f"directive-extension:{req.pk}", kind="directive")
    return req


def decide_extension(actor, req: ExtensionRequest, *, approve: bool, note: str = "") -> ExtensionRequest:
    task = req.task
    if not can_decide_extension(actor, task):
        raise PermissionDenied("Chỉ cơ quan giao nhiệm vụ được quyết định gia hạn.")
    if req.requested_by_id == actor.pk:
        raise MakerCheckerError()
    note = _text(note, "ý kiến", required=not approve, limit=2000)
    with transaction.atomic():
        locked_req = ExtensionRequest.objects.select_for_update().get(pk=req.pk)
        if locked_req.status != ExtensionStatus.PENDING:
            raise ServiceError("Đề nghị này đã được quyết định.")
        locked = _lock(Task, task, None)
        locked_req.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        locked_req.decided_by, locked_req.decided_on, locked_req.decision_note = actor, today(), note
        locked_req.save()
        locked.extension_pending = False
        if approve:
            locked.deadline = locked_req.proposed_deadline
            if locked.deadline_kind not in (DeadlineKind.DATE,) and not locked.is_recurring:
                locked.deadline_kind = DeadlineKind.DATE
        _finish(locked)
        locked.version += 1
        locked._history_user = actor
        locked.save()
        record_event(actor, "directive.extension_decided", locked,
                     data={"approved": approve, "to": locked_req.proposed_deadline.isoformat()})
        verdict = (f"đồng ý gia hạn đến {locked_req.proposed_deadline:%d/%m/%Y}" if approve
                   else f"không đồng ý gia hạn; thời hạn vẫn là {locked.deadline:%d/%m/%Y}")
        _tell_lead(locked, f"{locked.directive}: {verdict} — {locked.content[:150]}"
                           + (f". Ý kiến: {note[:200]}" if note else ""), f"extension-decided-{locked_req.pk}")
    return locked_req


# ------------------------------------------------------ units that ended ----

def _transfer_note(h, role: str) -> str:
    ended = f" (kết thúc hoạt động ngày {h.unit.valid_to:%d/%m/%Y})" if h.unit.valid_to else ""
    return f"{h.successor.name} {role} thay {h.unit.name}{ended}"


def _take_over_lead(h, task: Task, day: dt.date) -> None:
    """``h.successor`` leads ``task`` in place of the ended unit; the other successors coordinate
    (they took over part of the ended unit too). The wording of the directive stays as written."""
    task.lead_unit, task.transferred_from, task.transferred_on = h.successor, h.unit, day
    _finish(task)
    task.version += 1
    task._history_user = h.actor
    task._change_reason = change_reason(_transfer_note(h, "chủ trì"))
    task.save()
    current = set(task.coordinating_units.values_list("pk", flat=True))
    task.coordinating_units.remove(*[u for u in [h.successor] if u.pk in current])
    task.coordinating_units.add(*[u for u in h.others if u.pk not in current])
    record_event(h.actor, "directive.task_transferred", task,
                 data=h.data(role="lead", coordinating=[u.name for u in h.others]))
    _tell_lead(task, f"{task.directive}: {_transfer_note(h, 'chủ trì')} — {task.content[:200]} "
                     f"({_deadline_phrase(task)}).", f"transferred-{h.successor.pk}")


def _take_over_coordination(h, task: Task) -> None:
    task.version += 1
    task._history_user = h.actor
    task._change_reason = change_reason(_transfer_note(h, "phối hợp"))
    task.save(update_fields=["version"])
    task.coordinating_units.remove(h.unit)
    if task.lead_unit_id != h.successor.pk:
        task.coordinating_units.add(h.successor)
    record_event(h.actor, "directive.task_transferred", task, data=h.data(role="coordinating"))


def _flag_unowned(h, tasks: list[Task]) -> int:
    """Tasks led by a unit that ended with no successor: nothing moves; the CĐS authority of the
    tree is told once (they appear in the overview's "Cần giao lại" list until the issuer gives
    them to a unit)."""
    if not tasks:
        return 0
    flagged = set(AuditEvent.objects.filter(verb="directive.task_unowned", target_type=Task._meta.label_lower,
                                            target_id__in=[t.pk for t in tasks]).values_list("target_id", flat=True))
    new = [t for t in tasks if t.pk not in flagged]
    for task in new:
        record_event(h.actor, "directive.task_unowned", task, data=h.data(role="lead"))
    if new:
        url = reverse("directives:home") + "?status=reassign"
        for user in tree_people(h.unit, (Role.CDS_APPRAISER,)):
            notify(user, f"{len(new)} nhiệm vụ do {h.unit.name} chủ trì chưa hoàn thành; đơn vị đã kết thúc hoạt động "
                         f"và {h.rule}: cần giao lại cho đơn vị khác.", url,
                   key=f"directive-reassign:{h.unit.pk}:{max(t.pk for t in new)}", kind="directive")
    return len(tasks)


def hand_over_tasks(h: Handover) -> Outcome:
    """The open tasks of ``h.unit`` (a :class:`cds.orgs.handover.Handover`): those it leads go to
    ``h.successor`` (recorded on the task — ``transferred_from``, its history — and in the audit
    log with who and when); where it coordinates, the successor coordinates instead. Completed
    tasks stay with the unit that did them. With no successor the tasks are flagged."""
    out = Outcome("nhiệm vụ được giao")
    day = today()
    with transaction.atomic():
        open_tasks = Task.objects.exclude(progress=Progress.DONE).select_related("directive", "lead_unit")
        led = list(open_tasks.filter(lead_unit=h.unit).select_for_update(of=("self",)).order_by("pk"))
        coordinated = list(open_tasks.filter(coordinating_units=h.unit).exclude(lead_unit=h.unit).order_by("pk"))
        if h.successor is None:
            out.flagged = _flag_unowned(h, led)
            return out
        for task in led:
            _take_over_lead(h, task, day)
            out.details.append(f"{task}: {h.successor.name} chủ trì")
        for task in coordinated:
            _take_over_coordination(h, task)
            out.details.append(f"{task}: {h.successor.name} phối hợp")
        out.moved = len(led) + len(coordinated)
    return out
