"""Every change to a dossier: one transaction, the acting user explicit, permission and
maker ≠ checker checked here, a dossier event and an audit event written, notifications after
commit — the rule of every ``services`` module. Views and the API only call these functions."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cds.accounts import access
from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people, tree_people
from cds.audit.services import record_event
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.uploads import store_document
from cds.core.validation import clean_text
from cds.notifications.services import notify
from cds.orgs.handover import Handover, Outcome
from cds.projects import services as project_services
from cds.projects.models import DocType, ProjectDocument, State
from cds.rules.models import ItemKind, Step
from cds.rules.selectors import route
from cds.workdays.calendar import WorkCalendar
from cds.workdays.calendar import due_date as calendar_due

from . import clock, stage_times
from .models import (
    OPEN_STATUSES,
    ChecklistResult,
    ClockPause,
    Conclusion,
    DocKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    EventKind,
    Opinion,
    Result,
    Status,
)
from .permissions import (
    can_answer_opinion,
    can_appraise,
    can_countersign,
    can_decide_dossier,
    can_prepare_dossier,
    can_submit_dossier,
)

MAX_TEXT = 20_000
EDITABLE = (Status.DRAFT, Status.RETURNED, Status.SUPPLEMENT)
PREPARABLE_STATES = (State.PROPOSED, State.POLICY_APPROVED, State.DOSSIER_PREPARING)


def _today() -> dt.date:
    return timezone.localdate()


def _text(value, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    return clean_text(value, label, required=required, limit=limit)


def _lock(dossier: Dossier, expected_version: int | None = None) -> Dossier:
    locked = Dossier.objects.select_for_update().select_related(
        "project__investor_unit", "procedure__regime").get(pk=dossier.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError()
    return locked


def _save(dossier: Dossier, actor, fields: list[str]) -> None:
    dossier.version += 1
    dossier._history_user = actor
    dossier.save(update_fields=fields + ["version"])


def _event(dossier: Dossier, actor, kind: str, note: str = "", **audit) -> DossierEvent:
    event = DossierEvent.objects.create(dossier=dossier, kind=kind, round=dossier.round, actor=actor, note=note)
    if kind in stage_times.TRANSITIONS:   # a stage started or ended: the stored stage times follow
        stage_times.refresh(dossier)
    data = {"dossier": dossier.code, **audit}
    if note:
        data["note"] = note[:300]   # the timeline's own words, for the audit log
    record_event(actor, f"appraisal.{kind}", dossier.project, data=data)
    return event


def dossier_url(dossier: Dossier) -> str:
    return reverse("appraisal:dossier", args=[dossier.pk])


def _tell(users, text: str, dossier: Dossier, key: str) -> None:
    url = dossier_url(dossier)
    for user in users:
        notify(user, text, url, key=f"appraisal-{key}:{dossier.pk}:{dossier.round}", kind="appraisal")


def _unit_people(dossier: Dossier, roles=(Role.UNIT_STAFF, Role.UNIT_HEAD)):
    return responsible_people({dossier.project.investor_unit_id}, roles).get(dossier.project.investor_unit_id, [])


# ------------------------------------------------------------------ clock ----

def limit_of(dossier: Dossier, step: str):
    return dossier.procedure.limit(step, dossier.project.group)


def clock_state(dossier: Dossier, today: dt.date | None = None, cal: WorkCalendar | None = None):
    """The appraisal clock of the current round, or None before submission."""
    limit = limit_of(dossier, Step.APPRAISAL)
    if dossier.clock_start is None or limit is None:
        return None
    return clock.state(dossier.clock_start, limit.days, limit.unit, _pauses(dossier), today or _today(), cal)


def _pauses(dossier: Dossier) -> list[clock.Pause]:
    """The supplement pauses of the current round (reads the prefetched pauses when present)."""
    return [clock.Pause(p.started_on, p.ended_on) for p in dossier.pauses.all() if p.round == dossier.round]


def _refresh_due(dossier: Dossier) -> None:
    state = clock_state(dossier)
    dossier.due_date = state.due if state else None


# --------------------------------------------------------------- dossiers ----

def routing(project, amount: int):
    """The procedure the project's regime prescribes for this amount (ServiceError if none)."""
    return route(project.regime, project.kind, amount)


@transaction.atomic
def create_dossier(actor, project, data: dict) -> Dossier:
    if not can_prepare_dossier(actor, project):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo đơn vị chủ đầu tư được lập hồ sơ thẩm định.")
    errors = {}
    amount = data.get("amount")
    if not isinstance(amount, int) or amount <= 0:
        errors["amount"] = "Kinh phí đề nghị phải là số tiền lớn hơn 0 (đồng)."
    elif amount > 10**15:
        errors["amount"] = "Kinh phí đề nghị quá lớn."
    title = (data.get("title") or "").strip() or f"Hồ sơ đề nghị thẩm định {project.name}"
    if len(title) > 500:
        errors["title"] = "Trích yếu quá dài (tối đa 500 ký tự)."
    if errors:
        raise ServiceError(errors)
    if project.state not in PREPARABLE_STATES:
        raise ServiceError(f"Không lập hồ sơ thẩm định khi nhiệm vụ/dự án đang “{project.get_state_display()}”.")
    if project.dossiers.exclude(status__in=(Status.APPROVED, Status.REJECTED)).exists():
        raise ServiceError("Nhiệm vụ/dự án đã có hồ sơ thẩm định đang xử lý; hãy tiếp tục hồ sơ đó.")
    procedure = routing(project, amount)
    if not procedure.needs_appraisal:
        raise ServiceError(f"Theo {procedure.regime.short_name}, “{procedure.name}” không phải thẩm định "
                           f"({procedure.citation}).")
    if project.state != State.DOSSIER_PREPARING:
        project_services.transition(actor, project, "start_dossier")
        project.refresh_from_db()
    dossier = Dossier(
        code=project_services.next_prefixed_code("HS", _today().year), project=project, procedure=procedure,
        amount=amount, title=title, created_by=actor,
    )
    dossier._history_user = actor
    dossier.save()
    _event(dossier, actor, EventKind.CREATED, f"Thủ tục: {procedure.name}", procedure=procedure.code)
    return dossier


def approval_subject(dossier: Dossier) -> str:
    """What the decision approves, e.g. "đề cương và dự toán chi tiết Xây dựng CSDL …"."""
    proc = dossier.procedure
    return f"{proc.approval_subject or proc.dossier_name[:1].lower() + proc.dossier_name[1:]} {dossier.project.name.strip()}"


def open_dossier_of(dossiers):
    """The dossier still in progress among a project's dossiers (not approved nor rejected)."""
    return next((d for d in dossiers if d.status not in (Status.APPROVED, Status.REJECTED)), None)


def current_documents(dossier: Dossier) -> dict[str, DossierDocument]:
    """The latest version of each kind of document (reads the prefetched documents)."""
    latest: dict[str, DossierDocument] = {}
    for doc in dossier.documents.all():
        if doc.kind not in latest or doc.version > latest[doc.kind].version:
            latest[doc.kind] = doc
    return latest


def missing_documents(dossier: Dossier) -> list:
    """Required document items of the checklist with no uploaded document of their kind(s)."""
    have = set(current_documents(dossier))
    return [item for item in dossier.procedure.checklist.all()
            if item.kind == ItemKind.DOCUMENT and item.required
            and not have.intersection(k for k in item.document_kind.split("|") if k)]


@transaction.atomic
def add_document(actor, dossier: Dossier, *, kind: str, upload, note: str = "") -> DossierDocument:
    dossier = _lock(dossier)
    if not can_prepare_dossier(actor, dossier.project):
        raise PermissionDenied("Chỉ đơn vị chủ đầu tư được nộp tài liệu cho hồ sơ này.")
    if dossier.status not in EDITABLE:
        raise ServiceError(f"Không thêm tài liệu khi hồ sơ đang “{dossier.get_status_display()}”.")
    if kind not in DocKind.values:
        raise ServiceError("Chưa chọn loại tài liệu hợp lệ.")
    if upload is None:
        raise ServiceError("Chưa chọn tệp tài liệu.")
    note = _text(note, "ghi chú", required=False, limit=500)
    version = (dossier.documents.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1
    doc = DossierDocument(dossier=dossier, kind=kind, version=version, note=note, round=dossier.round,
                          uploaded_by=actor)
    stored = store_document(upload, doc.file, f"{dossier.code}-{kind}-v{version}")
    doc.file_name, doc.file_size, doc.file_sha256 = stored.name, stored.size, stored.sha256
    sha = stored.sha256
    doc.save()
    _event(dossier, actor, EventKind.DOCUMENT, f"{doc.get_kind_display()} — bản {version}: {doc.file_name}",
           document=doc.kind, version=version, sha256=sha)
    return doc


@transaction.atomic
def submit(actor, dossier: Dossier, *, expected_version: int | None = None) -> Dossier:
    """The unit head submits; the complete dossier starts the clock today."""
    dossier = _lock(dossier, expected_version)
    if not can_submit_dossier(actor, dossier):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị chủ đầu tư được trình hồ sơ thẩm định.")
    if dossier.status not in (Status.DRAFT, Status.RETURNED):
        raise ServiceError(f"Hồ sơ đang “{dossier.get_status_display()}”, không trình lại được.")
    missing = missing_documents(dossier)
    if missing:
        raise ServiceError("Hồ sơ chưa đủ thành phần: " + "; ".join(i.text for i in missing) + ".")
    if limit_of(dossier, Step.APPRAISAL) is None:
        raise ServiceError("Thủ tục này chưa có thời hạn thẩm định trong bảng quy tắc; quản trị viên cần bổ sung.")
    project_services.transition(actor, dossier.project, "submit_appraisal")
    dossier.round += 1
    dossier.status = Status.IN_APPRAISAL
    dossier.submitted_at, dossier.submitted_by, dossier.clock_start = timezone.now(), actor, _today()
    dossier.conclusion, dossier.conclusion_text, dossier.concluded_by, dossier.concluded_at = "", "", None, None
    dossier.countersigned_by = dossier.countersigned_at = dossier.approval_due = None
    dossier.countersign_note = ""
    _refresh_due(dossier)
    _save(dossier, actor, ["round", "status", "submitted_at", "submitted_by", "clock_start", "due_date",
                           "conclusion", "conclusion_text", "concluded_by", "concluded_at", "countersigned_by",
                           "countersigned_at", "countersign_note", "approval_due"])
    _event(dossier, actor, EventKind.SUBMITTED, f"Hạn thẩm định: {dossier.due_date:%d/%m/%Y}",
           due=dossier.due_date.isoformat())
    root = dossier.project.investor_unit
    _tell(tree_people(root, (Role.CDS_APPRAISER,)),
                                        f"Hồ sơ {dossier.code} được trình thẩm định: {dossier.title}. "
                                        f"Hạn {dossier.due_date:%d/%m/%Y}.", dossier, "submitted")
    return dossier


# ---------------------------------------------------------- supplements ----

def _ensure_appraiser(actor, dossier: Dossier) -> None:
    if not can_appraise(actor, dossier):
        raise PermissionDenied("Chỉ chuyên viên cơ quan chuyên trách CĐS được thẩm định hồ sơ này.")
    if actor.pk in {dossier.created_by_id, dossier.submitted_by_id, dossier.project.created_by_id}:
        raise MakerCheckerError()


@transaction.atomic
def request_supplement(actor, dossier: Dossier, *, request: str, expected_version: int | None = None) -> ClockPause:
    """Ask the unit to supplement: allowed only within the procedure's limit for such requests
    (counted from the complete dossier); the clock stops until the unit supplements."""
    dossier = _lock(dossier, expected_version)
    _ensure_appraiser(actor, dossier)
    if dossier.status != Status.IN_APPRAISAL:
        raise ServiceError(f"Không yêu cầu bổ sung khi hồ sơ đang “{dossier.get_status_display()}”.")
    request = _text(request, "nội dung yêu cầu bổ sung")
    limit = limit_of(dossier, Step.SUPPLEMENT)
    if limit is not None:
        used = clock.counted_days(dossier.clock_start, _today(), limit.unit, _pauses(dossier),
                                  WorkCalendar.load(dossier.clock_start, _today()))
        if used > limit.days:
            raise ServiceError(
                f"Đã quá thời hạn yêu cầu bổ sung ({limit.text} kể từ ngày nhận đủ hồ sơ "
                f"{dossier.clock_start:%d/%m/%Y}; {limit.citation}). Hãy kết luận thẩm định trên hồ sơ hiện có.")
    pause = ClockPause.objects.create(dossier=dossier, round=dossier.round, started_on=_today(), request=request,
                                      requested_by=actor)
    dossier.status = Status.SUPPLEMENT
    dossier.due_date = None
    _save(dossier, actor, ["status", "due_date"])
    _event(dossier, actor, EventKind.SUPPLEMENT_REQUESTED, request)
    people = _unit_people(dossier)
    _tell(people, f"Hồ sơ {dossier.code} cần bổ sung: {request[:300]}",
                                        dossier, f"supplement-{pause.pk}")
    return pause


@transaction.atomic
def supplement(actor, dossier: Dossier, *, response: str, expected_version: int | None = None) -> Dossier:
    """The unit head hands in the supplement; the clock resumes from the next day."""
    dossier = _lock(dossier, expected_version)
    if not can_submit_dossier(actor, dossier):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị chủ đầu tư được nộp hồ sơ bổ sung.")
    if dossier.status != Status.SUPPLEMENT:
        raise ServiceError("Hồ sơ không ở trạng thái chờ bổ sung.")
    response = _text(response, "nội dung giải trình, bổ sung")
    missing = missing_documents(dossier)
    if missing:
        raise ServiceError("Hồ sơ chưa đủ thành phần: " + "; ".join(i.text for i in missing) + ".")
    pause = dossier.pauses.filter(round=dossier.round, ended_on__isnull=True).order_by("-id").first()
    pause.ended_on, pause.response = max(_today(), pause.started_on), response
    pause.save(update_fields=["ended_on", "response"])
    dossier.status = Status.IN_APPRAISAL
    _refresh_due(dossier)
    _save(dossier, actor, ["status", "due_date"])
    _event(dossier, actor, EventKind.SUPPLEMENTED, f"{response} — Hạn thẩm định mới: {dossier.due_date:%d/%m/%Y}",
           due=dossier.due_date.isoformat())
    return dossier


# -------------------------------------------------------------- opinions ----

@transaction.atomic
def request_opinion(actor, dossier: Dossier, *, unit, question: str, due: dt.date | None = None) -> Opinion:
    dossier = _lock(dossier)
    _ensure_appraiser(actor, dossier)
    if dossier.status not in (Status.IN_APPRAISAL, Status.SUPPLEMENT):
        raise ServiceError(f"Không xin ý kiến khi hồ sơ đang “{dossier.get_status_display()}”.")
    if unit is None or not access.scope_for(actor).contains(unit):
        raise ServiceError("Chưa chọn đơn vị được xin ý kiến.")
    if unit.pk == dossier.project.investor_unit_id:
        raise ServiceError("Không xin ý kiến chính đơn vị chủ đầu tư của hồ sơ.")
    if unit.has_ended(_today()):
        raise ServiceError(unit.ended_message)
    question = _text(question, "nội dung xin ý kiến")
    today = _today()
    if due is None:
        limit = limit_of(dossier, Step.OPINION)
        due = calendar_due(today, limit.days if limit else 5, limit.unit if limit else "working")
    elif due <= today:
        raise ServiceError("Hạn trả lời phải sau ngày hôm nay.")
    opinion = Opinion.objects.create(dossier=dossier, unit=unit, question=question, requested_by=actor,
                                     requested_on=today, due_date=due)
    _event(dossier, actor, EventKind.OPINION_REQUESTED, f"{unit.name} — hạn {due:%d/%m/%Y}: {question}",
           unit=unit.name, due=due.isoformat())
    people = responsible_people({unit.pk}, (Role.UNIT_STAFF, Role.UNIT_HEAD)).get(unit.pk, [])
    _tell(people, f"Đề nghị {unit.short_name or unit.name} cho ý kiến về hồ sơ "
                                                f"{dossier.code} trước ngày {due:%d/%m/%Y}: {question[:300]}",
                                        dossier, f"opinion-{opinion.pk}")
    return opinion


@transaction.atomic
def answer_opinion(actor, opinion: Opinion, *, answer: str, agrees: bool | None = None, upload=None) -> Opinion:
    opinion = Opinion.objects.select_for_update().select_related("dossier", "unit").get(pk=opinion.pk)
    if not can_answer_opinion(actor, opinion):
        raise PermissionDenied("Chỉ đơn vị được xin ý kiến mới trả lời được.")
    if opinion.answered_on:
        raise ServiceError("Ý kiến này đã được trả lời.")
    if opinion.dossier.status not in (Status.IN_APPRAISAL, Status.SUPPLEMENT):
        raise ServiceError("Hồ sơ đã kết luận thẩm định; ý kiến không còn được tiếp nhận.")
    opinion.answer = _text(answer, "ý kiến trả lời")
    opinion.agrees = agrees
    if upload is not None:
        opinion.answer_file_name = store_document(upload, opinion.answer_file,
                                                  f"{opinion.dossier.code}-y-kien-{opinion.pk}").name
    opinion.answered_by, opinion.answered_on = actor, _today()
    opinion.save()
    late = " (quá hạn)" if opinion.answered_on > opinion.due_date else ""
    _event(opinion.dossier, actor, EventKind.OPINION_ANSWERED, f"{opinion.unit.name}{late}: {opinion.answer}",
           unit=opinion.unit.name, late=bool(late))
    return opinion


def escalate_opinion(opinion: Opinion, today: dt.date, late_working_days: int) -> bool:
    """Mark an unanswered opinion escalated to the leaders (by the daily reminder job), once:
    ``escalated_on`` is set and an ``opinion_escalated`` event written on the dossier's timeline
    (actor: the appraiser who asked). False when it was already escalated (by another run)."""
    if not Opinion.objects.filter(pk=opinion.pk, escalated_on__isnull=True).update(escalated_on=today):
        return False
    opinion.escalated_on = today
    note = (f"{opinion.unit.name} chưa trả lời ý kiến, quá hạn {late_working_days} ngày làm việc "
            f"(hạn {opinion.due_date:%d/%m/%Y}); hệ thống tự động báo cáo lãnh đạo.")
    _event(opinion.dossier, opinion.requested_by, EventKind.OPINION_ESCALATED, note,
           opinion=opinion.pk, unit=opinion.unit.name, late_working_days=late_working_days, automatic=True)
    return True


# ------------------------------------------------------------- appraising ----

@transaction.atomic
def save_checklist(actor, dossier: Dossier, results: dict, *, expected_version: int | None = None) -> Dossier:
    """``results``: {item id: (result, comment)}; items of the dossier's procedure only."""
    dossier = _lock(dossier, expected_version)
    _ensure_appraiser(actor, dossier)
    if dossier.status not in (Status.IN_APPRAISAL, Status.SUPPLEMENT):
        raise ServiceError(f"Không cập nhật kết quả kiểm tra khi hồ sơ đang “{dossier.get_status_display()}”.")
    items = {i.pk: i for i in dossier.procedure.checklist.all()}
    existing = {r.item_id: r for r in dossier.results.all()}
    errors = {}
    for item_id, (result, comment) in results.items():
        if item_id not in items:
            raise ServiceError("Mục kiểm tra không thuộc thủ tục của hồ sơ.")
        if result not in Result.values and result != "":
            errors[f"result_{item_id}"] = "Kết quả phải là Đạt, Không đạt hoặc Không áp dụng."
        comment = (comment or "").strip()
        if len(comment) > 5000:
            errors[f"comment_{item_id}"] = "Nhận xét quá dài (tối đa 5.000 ký tự)."
        if result == Result.FAIL and not comment:
            errors[f"comment_{item_id}"] = "Mục “Không đạt” cần ghi nhận xét."
    if errors:
        raise ServiceError(errors)
    changed = 0
    for item_id, (result, comment) in results.items():
        comment = (comment or "").strip()
        row = existing.get(item_id)
        if row is None:
            if not result and not comment:
                continue
            row = ChecklistResult(dossier=dossier, item=items[item_id], updated_by=actor)
        elif row.result == result and row.comment == comment:
            continue
        row.result, row.comment, row.updated_by, row.updated_at = result, comment, actor, timezone.now()
        row._history_user = actor
        row.save()
        changed += 1
    if changed:
        _save(dossier, actor, [])
        _event(dossier, actor, EventKind.CHECKED, f"Cập nhật {changed} mục kiểm tra", changed=changed)
    return dossier


@transaction.atomic
def conclude(actor, dossier: Dossier, *, conclusion: str, text: str, findings: list | None = None,
             expected_version: int | None = None) -> Dossier:
    dossier = _lock(dossier, expected_version)
    _ensure_appraiser(actor, dossier)
    if dossier.status != Status.IN_APPRAISAL:
        raise ServiceError(f"Không kết luận khi hồ sơ đang “{dossier.get_status_display()}”.")
    if conclusion not in Conclusion.values:
        raise ServiceError({"conclusion": "Chưa chọn kết luận thẩm định."})
    text = _text(text, "ý kiến thẩm định")
    results = {r.item_id: r.result for r in dossier.results.all()}
    content = [i for i in dossier.procedure.checklist.all() if i.kind == ItemKind.CONTENT]
    unchecked = [i.text for i in content if not results.get(i.pk)]
    if unchecked:
        raise ServiceError("Chưa đánh giá các nội dung: " + "; ".join(unchecked) + ".")
    failed = [i.text for i in content if results.get(i.pk) == Result.FAIL]
    if conclusion == Conclusion.ELIGIBLE and failed:
        raise ServiceError("Không thể kết luận “đủ điều kiện” khi còn nội dung không đạt: " + "; ".join(failed) + ".")
    today = _today()
    waiting = [o.unit.name for o in dossier.opinions.select_related("unit") if not o.answered_on and o.due_date >= today]
    if waiting:
        raise ServiceError("Đang chờ ý kiến (chưa đến hạn) của: " + "; ".join(waiting) + ".")
    dossier.conclusion, dossier.conclusion_text = conclusion, text
    dossier.concluded_by, dossier.concluded_at = actor, timezone.now()
    dossier.findings_snapshot = findings or []
    dossier.status = Status.CONCLUDED
    _save(dossier, actor, ["conclusion", "conclusion_text", "concluded_by", "concluded_at", "findings_snapshot",
                           "status"])
    _event(dossier, actor, EventKind.CONCLUDED, f"{dossier.get_conclusion_display()}: {text}",
           conclusion=conclusion)
    people = tree_people(dossier.project.investor_unit, (Role.SUPERVISOR,))
    _tell(people, f"Hồ sơ {dossier.code} đã có kết luận thẩm định, "
                                                "chờ giám sát độc lập xác nhận.", dossier, "concluded")
    return dossier


@transaction.atomic
def countersign(actor, dossier: Dossier, *, agree: bool, note: str = "", expected_version: int | None = None) -> Dossier:
    """The independent supervisor confirms the conclusion — never its author nor the submitter —
    or sends it back to the appraiser with the reason."""
    dossier = _lock(dossier, expected_version)
    if not can_countersign(actor, dossier):
        raise PermissionDenied("Chỉ giám sát độc lập được xác nhận kết luận thẩm định.")
    if actor.pk in {dossier.concluded_by_id, dossier.submitted_by_id, dossier.created_by_id}:
        raise MakerCheckerError()
    if dossier.status != Status.CONCLUDED:
        raise ServiceError("Hồ sơ chưa có kết luận thẩm định chờ xác nhận.")
    note = _text(note, "ý kiến giám sát", required=not agree, limit=5000)
    if not agree:
        dossier.status = Status.IN_APPRAISAL
        dossier.countersign_note = note
        _save(dossier, actor, ["status", "countersign_note"])
        _event(dossier, actor, EventKind.COUNTERSIGN_REFUSED, note)
        concluder = [dossier.concluded_by]
        _tell(concluder, f"Giám sát không xác nhận kết luận hồ sơ {dossier.code}: "
                                                       f"{note[:300]}", dossier, f"refused-{dossier.version}")
        return dossier
    limit = limit_of(dossier, Step.APPROVAL)
    dossier.countersigned_by, dossier.countersigned_at, dossier.countersign_note = actor, timezone.now(), note
    dossier.approval_due = calendar_due(_today(), limit.days, limit.unit) if limit else None
    dossier.status = Status.COUNTERSIGNED
    _save(dossier, actor, ["countersigned_by", "countersigned_at", "countersign_note", "approval_due", "status"])
    _event(dossier, actor, EventKind.COUNTERSIGNED, note)
    people = tree_people(dossier.project.investor_unit, (Role.LEADER,))
    _tell(people, f"Hồ sơ {dossier.code} ({dossier.get_conclusion_display()}) "
                                                "chờ lãnh đạo phê duyệt.", dossier, "countersigned")
    return dossier


DECISIONS = {"approve": "Phê duyệt", "return": "Trả hồ sơ để hoàn thiện", "reject": "Không phê duyệt"}


@transaction.atomic
def decide(actor, dossier: Dossier, *, decision: str, decision_number: str = "", decision_date: dt.date | None = None,
           reason: str = "", expected_version: int | None = None) -> Dossier:
    """The leader decides on the countersigned conclusion; the project moves through its
    lifecycle (approve / return_dossier / reject) and an approval is filed as its decision."""
    dossier = _lock(dossier, expected_version)
    if not can_decide_dossier(actor, dossier):
        raise PermissionDenied("Chỉ lãnh đạo UBND được phê duyệt hồ sơ.")
    if actor.pk in {dossier.concluded_by_id, dossier.countersigned_by_id, dossier.submitted_by_id,
                    dossier.created_by_id}:
        raise MakerCheckerError()
    if dossier.status != Status.COUNTERSIGNED:
        raise ServiceError("Hồ sơ chưa được giám sát xác nhận kết luận thẩm định.")
    if decision not in DECISIONS:
        raise ServiceError("Chưa chọn quyết định.")
    if decision == "approve" and dossier.conclusion != Conclusion.ELIGIBLE:
        raise ServiceError("Chỉ phê duyệt hồ sơ có kết luận “đủ điều kiện”; hãy trả lại hoặc không phê duyệt.")
    reason = (reason or "").strip()
    project = dossier.project
    if decision == "approve":
        project_services.transition(actor, project, "approve", decision_number=decision_number,
                                    decision_date=decision_date, reason=reason)
        ProjectDocument.objects.create(
            project=project, number=decision_number.strip(), issued_on=decision_date, doc_type=DocType.DECISION,
            issuer=project.investor_unit.root().name, is_legal_basis=True, created_by=actor,
            title=f"Phê duyệt {approval_subject(dossier)}"[:500])
        dossier.status, kind = Status.APPROVED, EventKind.APPROVED
        dossier.decision_number, dossier.decision_date = decision_number.strip(), decision_date
    elif decision == "return":
        project_services.transition(actor, project, "return_dossier", reason=reason)
        dossier.status, kind = Status.RETURNED, EventKind.RETURNED
    else:
        project_services.transition(actor, project, "reject", reason=reason)
        dossier.status, kind = Status.REJECTED, EventKind.REJECTED
    dossier.decided_by, dossier.decided_at = actor, timezone.now()
    _save(dossier, actor, ["status", "decision_number", "decision_date", "decided_by", "decided_at"])
    note = (f"Quyết định số {dossier.decision_number} ngày {decision_date:%d/%m/%Y}" if decision == "approve" else reason)
    _event(dossier, actor, kind, note, decision=decision)
    people = _unit_people(dossier) + [dossier.concluded_by]
    _tell(people, f"Hồ sơ {dossier.code}: {DECISIONS[decision].lower()}. {note[:300]}",
                                        dossier, f"decided-{decision}")
    return dossier




# ------------------------------------------------------ units that ended ----

def hand_over_opinions(h: Handover) -> Outcome:
    """The opinions asked of ``h.unit`` (a :class:`cds.orgs.handover.Handover`) and not yet
    answered, on dossiers still in appraisal, are asked of ``h.successor`` instead, with the same
    question and due date: written on the dossier's timeline and in the audit log with who and
    when; the successor's staff are told. With no successor the appraiser who asked is told to ask
    another unit. (A dossier itself belongs to its project's investor unit, whose successor
    already prepares and submits it.)"""
    out = Outcome("ý kiến thẩm định được xin")
    with transaction.atomic():
        opinions = list(Opinion.objects.filter(unit=h.unit, answered_on__isnull=True, dossier__status__in=OPEN_STATUSES)
                        .select_related("dossier", "requested_by").select_for_update(of=("self",)).order_by("pk"))
        for opinion in opinions:
            dossier = opinion.dossier
            if h.successor is None:
                if notify(opinion.requested_by, f"Hồ sơ {dossier.code}: {h.unit.name} đã kết thúc hoạt động, {h.rule}; "
                                                f"ý kiến xin ngày {opinion.requested_on:%d/%m/%Y} chưa có đơn vị trả lời — "
                                                "hãy xin ý kiến đơn vị khác.", dossier_url(dossier),
                          key=f"appraisal-opinion-unowned:{opinion.pk}", kind="appraisal"):
                    record_event(h.actor, "appraisal.opinion_unowned", dossier.project,
                                 data=h.data(dossier=dossier.code, opinion=opinion.pk))
                out.flagged += 1
                continue
            opinion.unit = h.successor
            opinion.save(update_fields=["unit"])
            note = (f"{h.successor.name} trả lời thay {h.unit.name} (đơn vị đã kết thúc hoạt động; {h.rule}) — "
                    f"hạn {opinion.due_date:%d/%m/%Y}")
            if h.actor is not None:
                DossierEvent.objects.create(dossier=dossier, kind=EventKind.OPINION_TRANSFERRED, round=dossier.round,
                                            actor=h.actor, note=note)
            record_event(h.actor, "appraisal.opinion_transferred", dossier.project,
                         data=h.data(dossier=dossier.code, opinion=opinion.pk))
            people = responsible_people({h.successor.pk}, (Role.UNIT_STAFF, Role.UNIT_HEAD)).get(h.successor.pk, [])
            _tell(people, f"Đề nghị {h.successor.short_name or h.successor.name} cho ý kiến về hồ sơ {dossier.code} "
                          f"(thay {h.unit.name}) trước ngày {opinion.due_date:%d/%m/%Y}: {opinion.question[:300]}",
                  dossier, f"opinion-{opinion.pk}-{h.successor.pk}")
            out.details.append(f"{dossier.code}: ý kiến chuyển cho {h.successor.name}")
            out.moved += 1
    return out
