"""Writes to the registry. Each function: one transaction, the acting user explicit, the
permission and maker ≠ checker checks, an audit event, history attributed to the actor."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.uploads import store_document
from cds.core.validation import BadInput, check_text, sentence, too_long_message
from cds.text.format import vnd
from cds.text.normalize import search_document

from . import lifecycle
from .models import (
    KIND_CODE_PREFIX,
    BudgetEntry,
    CodeSequence,
    EventKind,
    Project,
    ProjectDocument,
    ProjectEvent,
    Stage,
    State,
)
from .permissions import (
    can_create_project_for,
    can_create_projects,
    can_edit_budget,
    can_supervise,
    can_transition,
    ensure_can_edit_project,
)
from .signals import investor_changed, project_text_saved

M2M_FIELDS = ("coordinating_units", "funding_sources", "capabilities", "data_entities")
EDITABLE_FIELDS = (
    "name", "objectives", "scope", "kind", "group", "regime", "programme", "investor_unit",
    "lead_unit", "start_year", "end_year", "carried_over",
)
MIN_YEAR, MAX_YEAR = 2000, 2100


# ------------------------------------------------------------------ codes ----

def next_code(kind: str, year: int) -> str:
    """Next free code such as DA-2024-0012; the counter row is locked so two users never clash."""
    return next_prefixed_code(KIND_CODE_PREFIX[kind], year)


def next_prefixed_code(prefix: str, year: int) -> str:
    """Next free ``PREFIX-YEAR-NNNN`` (also the appraisal dossiers' HS- numbers)."""
    seq, _ = CodeSequence.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    seq.last = F("last") + 1
    seq.save(update_fields=["last"])
    seq.refresh_from_db(fields=["last"])
    return f"{prefix}-{year}-{seq.last:04d}"


def reserve_codes(kind: str, year: int, count: int) -> list[str]:
    """Reserve ``count`` consecutive codes at once (imports)."""
    prefix = KIND_CODE_PREFIX[kind]
    seq, _ = CodeSequence.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    start = seq.last + 1
    seq.last = seq.last + count
    seq.save(update_fields=["last"])
    return [f"{prefix}-{year}-{n:04d}" for n in range(start, start + count)]


# ------------------------------------------------------------ validation ----

FK_FIELDS = {"regime", "programme", "investor_unit", "lead_unit"}
TEXT_FIELDS = {"name": "tên nhiệm vụ/dự án", "objectives": "mục tiêu", "scope": "quy mô, phạm vi"}
TEXT_LIMIT = 10_000   # objectives, scope (the name's limit is checked with its own wording)


def _texts(data: dict, errors: dict) -> dict:
    """The texts of ``data`` as stored (NFC, trimmed; the name on one line), or their refusal
    in ``errors``."""
    texts = {}
    for field, label in TEXT_FIELDS.items():
        if field not in data:
            continue
        try:
            texts[field] = check_text(data[field], multiline=field != "name")
        except BadInput as exc:
            errors[field] = sentence(label, exc)
        else:
            if field != "name" and len(texts[field]) > TEXT_LIMIT:
                errors[field] = too_long_message(label, TEXT_LIMIT)
    return texts


def _validate(data: dict, actor, *, check_unit: bool = True, day: dt.date | None = None) -> dict:
    """Field rules shared by create and edit (the web form and the API alike); ``check_unit``
    asks whether the actor may register work for the investor unit and whether that unit still
    exists on ``day`` (skipped when an edit keeps the unit: it may have merged since). Returns
    the texts as they are stored."""
    errors = {}
    texts = _texts(data, errors)
    name = texts.get("name", "")
    if not name and "name" not in errors:
        errors["name"] = "Tên nhiệm vụ/dự án không được để trống."
    elif len(name) > 500:
        errors["name"] = "Tên quá dài (tối đa 500 ký tự)."
    start, end = data.get("start_year"), data.get("end_year")
    if start is None:
        errors["start_year"] = "Chưa nhập năm bắt đầu."
    elif not MIN_YEAR <= start <= MAX_YEAR:
        errors["start_year"] = f"Năm bắt đầu phải trong khoảng {MIN_YEAR}–{MAX_YEAR}."
    if end is not None and start is not None and end < start:
        errors["end_year"] = "Năm kết thúc không được trước năm bắt đầu."
    unit = data.get("investor_unit")
    if unit is None:
        errors["investor_unit"] = "Chưa chọn đơn vị chủ đầu tư."
    elif check_unit and not can_create_project_for(actor, unit):
        errors["investor_unit"] = "Bạn không được đăng ký nhiệm vụ/dự án cho đơn vị này."
    elif check_unit and unit.has_ended(day or timezone.localdate()):
        errors["investor_unit"] = unit.ended_message
    if data.get("regime") is None:
        errors["regime"] = "Chưa chọn chế độ pháp lý."
    if data.get("kind") not in KIND_CODE_PREFIX:
        errors["kind"] = "Loại nhiệm vụ/dự án không hợp lệ."
    if errors:
        raise ServiceError(errors)
    return texts


def _value(project: Project, field: str):
    return getattr(project, f"{field}_id") if field in FK_FIELDS else getattr(project, field)


def refresh_search_text(project: Project) -> str:
    unit = project.investor_unit
    aliases = list(unit.aliases.values_list("alias", flat=True)) if unit else []
    parts = [project.code, project.name, project.objectives, project.scope]
    if unit:
        parts += [unit.name, unit.short_name, *aliases]
    if project.programme_id:
        parts.append(project.programme.name)
    if project.pk:
        parts += [c.name for c in project.capabilities.all()]
        parts += [d.name for d in project.data_entities.all()]
    project.search_text = search_document(*parts)
    project.search_name = search_document(project.name)
    return project.search_text


def _save_with_m2m(project: Project, data: dict, *, created: bool) -> None:
    """Save fields and many-to-many tags as *one* history record (simple-history would
    otherwise write one record per ``.set()``), attributed to ``project._history_user``."""
    project.skip_history_when_saving = True
    try:
        project.save()
        for field in M2M_FIELDS:
            if field in data and data[field] is not None:
                getattr(project, field).set(list(data[field]))
        refresh_search_text(project)
    finally:
        del project.skip_history_when_saving
    project.save()  # writes the history record, with the m2m snapshot
    if created:
        project.history.filter(pk=project.history.latest().pk).update(history_type="+")


# ----------------------------------------------------------- create/edit ----

@transaction.atomic
def create_project(actor, data: dict, *, occurred_on: dt.date | None = None) -> Project:
    if not can_create_projects(actor):
        raise PermissionDenied("Bạn không có quyền đăng ký nhiệm vụ/dự án.")
    texts = _validate(data, actor, day=occurred_on)
    project = Project(**{f: data.get(f) for f in EDITABLE_FIELDS if f in data} | texts)
    project.carried_over = bool(data.get("carried_over"))
    project.code = next_code(project.kind, project.start_year)
    project.created_by = actor
    project.state = State.PROPOSED
    project._history_user = actor
    refresh_search_text(project)
    _save_with_m2m(project, data, created=True)
    ProjectEvent.objects.create(
        project=project, kind=EventKind.CREATED, to_state=State.PROPOSED,
        occurred_on=occurred_on or timezone.localdate(), actor=actor,
    )
    record_event(actor, "project.created", project)
    transaction.on_commit(lambda: _text_saved(project.pk))
    return project


@transaction.atomic
def update_project(actor, project: Project, data: dict, *, expected_version: int) -> Project:
    """Save edits only if nobody saved in between (else :class:`ConflictError`, nothing written)."""
    ensure_can_edit_project(actor, project)
    merged = {f: getattr(project, f) for f in EDITABLE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    # Keeping the current investor unit is always allowed (it may be a unit that has since merged).
    texts = _validate(merged, actor, check_unit=merged["investor_unit"] != project.investor_unit)
    bumped = Project.objects.filter(pk=project.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError()
    before = {f: _value(project, f) for f in EDITABLE_FIELDS}
    before_unit = project.investor_unit_id
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(project, field, texts[field] if field in texts else data[field])
    project.version = expected_version + 1
    project.updated_at = timezone.now()
    project._history_user = actor
    _save_with_m2m(project, data, created=False)
    changed = [f for f in EDITABLE_FIELDS if before[f] != _value(project, f)]
    record_event(actor, "project.updated", project, data={"fields": changed})
    if "investor_unit" in changed:
        investor_changed.send(sender=Project, project_id=project.pk, old_unit_id=before_unit,
                                      new_unit_id=project.investor_unit_id)
    if {"name", "objectives", "scope", "capabilities", "data_entities"} & set(changed):
        transaction.on_commit(lambda: _text_saved(project.pk))
    return project


def _text_saved(project_id: int) -> None:
    """After a save commits: tell the apps that match project texts (the overlap queue). Their
    failure never undoes or blocks the save (``send_robust``; the daily scan catches up)."""
    project_text_saved.send_robust(sender=Project, project_id=project_id)


# -------------------------------------------------------------- lifecycle ----

def _makers(project: Project) -> set[int]:
    """People whose work a checking step checks: the creator and whoever took the last step."""
    makers = {project.created_by_id}
    last = project.events.filter(kind=EventKind.TRANSITION).order_by("-id").first()
    if last is not None:
        makers.add(last.actor_id)
    makers.discard(None)
    return makers


@transaction.atomic
def transition(
    actor, project: Project, action: str, *, decision_number: str = "", decision_date: dt.date | None = None,
    reason: str = "", occurred_on: dt.date | None = None, expected_version: int | None = None,
) -> ProjectEvent:
    rule = lifecycle.BY_ACTION.get(action)
    if rule is None:
        raise ServiceError("Thao tác không hợp lệ.")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise ConflictError()
    if project.state not in rule.source:
        raise ServiceError(
            f"Không thể “{rule.label}” khi nhiệm vụ/dự án đang ở trạng thái “{project.get_state_display()}”."
        )
    if not can_transition(actor, project, rule):
        raise PermissionDenied(f"Bạn không có quyền “{rule.label}” nhiệm vụ/dự án này.")
    if rule.checker and actor.pk in _makers(project):
        raise MakerCheckerError()
    decision_number = (decision_number or "").strip()
    reason = (reason or "").strip()
    errors = {}
    if rule.needs_decision and not decision_number:
        errors["decision_number"] = "Bước này cần số, ký hiệu văn bản quyết định."
    if rule.needs_decision and not decision_date:
        errors["decision_date"] = "Bước này cần ngày của văn bản quyết định."
    if rule.needs_reason and not reason:
        errors["reason"] = "Bước này cần ghi rõ lý do."
    today = timezone.localdate()
    if decision_date and decision_date > today:
        errors["decision_date"] = "Ngày văn bản không được sau ngày hôm nay."
    if occurred_on and occurred_on > today:
        errors["occurred_on"] = "Ngày thực hiện không được sau ngày hôm nay."
    if len(reason) > 5000:
        errors["reason"] = "Lý do quá dài (tối đa 5.000 ký tự)."
    if errors:
        raise ServiceError(errors)
    source = project.state
    target = lifecycle.target_of(rule, project)
    project.paused_from = source if target == State.PAUSED else ""
    project.state = target
    project.state_changed_at = project.updated_at = timezone.now()
    project.version += 1
    project._history_user = actor
    project.save(update_fields=["state", "state_changed_at", "paused_from", "version", "updated_at"])
    event = ProjectEvent.objects.create(
        project=project, kind=EventKind.TRANSITION, from_state=source, to_state=target,
        occurred_on=occurred_on or decision_date or today, decision_number=decision_number,
        decision_date=decision_date, reason=reason, actor=actor,
    )
    record_event(actor, "project.transition", project, data={
        "action": action, "from": source, "to": target, "decision": decision_number, "reason": reason[:500],
    })
    return event


@transaction.atomic
def scale_down(actor, project: Project, *, decision_number: str, decision_date: dt.date, reason: str) -> ProjectEvent:
    """Record a decision to reduce scale (giảm quy mô): the project keeps its state."""
    if not access.has_role(actor, *lifecycle.SCALE_DOWN_ROLES) or not access.scope_for(actor).contains(project.investor_unit):
        raise PermissionDenied("Bạn không có quyền quyết định điều chỉnh quy mô.")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state not in lifecycle.SCALE_DOWN_STATES:
        raise ServiceError("Chỉ điều chỉnh quy mô nhiệm vụ/dự án đã được phê duyệt và đang thực hiện.")
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = "Cần số, ký hiệu văn bản quyết định điều chỉnh."
    if not decision_date:
        errors["decision_date"] = "Cần ngày văn bản quyết định."
    if not (reason or "").strip():
        errors["reason"] = "Cần ghi rõ lý do điều chỉnh giảm quy mô."
    if errors:
        raise ServiceError(errors)
    event = ProjectEvent.objects.create(
        project=project, kind=EventKind.ADJUSTMENT, from_state=project.state, to_state=project.state,
        occurred_on=decision_date, decision_number=decision_number.strip(), decision_date=decision_date,
        reason=reason.strip(), actor=actor,
    )
    record_event(actor, "project.adjusted", project, data={"decision": decision_number, "reason": reason[:500]})
    return event


@transaction.atomic
def check_event(actor, event: ProjectEvent, *, note: str = "") -> ProjectEvent:
    """An independent supervisor confirms a step; never the person who took it."""
    if not can_supervise(actor) or not access.scope_for(actor).contains(event.project.investor_unit):
        raise PermissionDenied("Chỉ giám sát độc lập được xác nhận bước này.")
    if actor.pk in {event.actor_id, event.project.created_by_id}:
        raise MakerCheckerError()
    if event.checked_by_id:
        raise ServiceError("Bước này đã được giám sát xác nhận.")
    event.checked_by = actor
    event.checked_at = timezone.now()
    event.check_note = (note or "").strip()[:2000]
    event.save(update_fields=["checked_by", "checked_at", "check_note"])
    record_event(actor, "project.checked", event.project, data={
        "event": event.pk, "kind": event.kind, "from": event.from_state, "to": event.to_state,
        "occurred_on": event.occurred_on.isoformat() if event.occurred_on else None, "note": event.check_note})
    return event


# -------------------------------------------------------------- documents ----

@transaction.atomic
def add_document(actor, project: Project, data: dict, upload=None) -> ProjectDocument:
    if not can_edit_budget(actor, project):
        raise PermissionDenied("Bạn không có quyền thêm văn bản cho nhiệm vụ/dự án này.")
    errors = {}
    if not (data.get("number") or "").strip():
        errors["number"] = "Chưa nhập số, ký hiệu văn bản."
    if not data.get("issued_on"):
        errors["issued_on"] = "Chưa nhập ngày ban hành."
    elif data["issued_on"] > timezone.localdate():
        errors["issued_on"] = "Ngày ban hành không được sau ngày hôm nay."
    if not (data.get("issuer") or "").strip():
        errors["issuer"] = "Chưa nhập cơ quan ban hành."
    if errors:
        raise ServiceError(errors)
    doc = ProjectDocument(
        project=project, number=data["number"].strip(), issued_on=data["issued_on"],
        issuer=data["issuer"].strip(), doc_type=data.get("doc_type") or "other",
        title=(data.get("title") or "").strip(), is_legal_basis=data.get("is_legal_basis", True),
        created_by=actor,
    )
    if upload is not None:
        stored = store_document(upload, doc.file, project.code)
        doc.file_name, doc.file_sha256 = stored.name, stored.sha256
    doc._history_user = actor
    doc.save()
    record_event(actor, "project.document_added", project, data={"document": str(doc)})
    return doc


@transaction.atomic
def remove_document(actor, doc: ProjectDocument, *, reason: str) -> None:
    """Documents are never deleted: they are marked removed with a reason and stay in history."""
    if not can_edit_budget(actor, doc.project):
        raise PermissionDenied("Bạn không có quyền gỡ văn bản này.")
    if not (reason or "").strip():
        raise ServiceError({"reason": "Cần ghi lý do gỡ văn bản."})
    doc.is_removed = True
    doc.removed_reason = reason.strip()[:500]
    doc._history_user = actor
    doc.save(update_fields=["is_removed", "removed_reason"])
    record_event(actor, "project.document_removed", doc.project, data={"document": str(doc), "reason": doc.removed_reason})


# ----------------------------------------------------------------- budget ----

def recompute_totals(project: Project) -> None:
    """Refresh the ledger totals stored on the project (used by lists, sorting and the home page)."""
    rows = (
        BudgetEntry.objects.filter(project=project, voided=False, superseded_by__isnull=True)
        .values("stage").annotate(total=Sum("amount"))
    )
    totals = {r["stage"]: r["total"] or 0 for r in rows}
    rebaselines = BudgetEntry.objects.filter(project=project, voided=False, is_rebaseline=True).count()
    Project.objects.filter(pk=project.pk).update(
        total_estimate=totals.get(Stage.ESTIMATE, 0), total_approved=totals.get(Stage.APPROVED, 0),
        total_allocated=totals.get(Stage.ALLOCATED, 0), total_disbursed=totals.get(Stage.DISBURSED, 0),
        total_settled=totals.get(Stage.SETTLED, 0), rebaseline_count=rebaselines,
    )
    project.refresh_from_db(fields=["total_estimate", "total_approved", "total_allocated", "total_disbursed",
                                    "total_settled", "rebaseline_count"])


@transaction.atomic
def record_budget_entry(actor, project: Project, data: dict) -> BudgetEntry:
    """Add one ledger line. A second approved figure for the same funding source is a
    rebaseline: it needs its decision document and supersedes the previous figure."""
    if not can_edit_budget(actor, project):
        raise PermissionDenied("Bạn không có quyền ghi sổ ngân sách cho nhiệm vụ/dự án này.")
    errors = {}
    amount = data.get("amount")
    if amount is None:
        errors["amount"] = "Chưa nhập số tiền."
    elif not isinstance(amount, int) or isinstance(amount, bool):
        errors["amount"] = "Số tiền phải là số nguyên (đồng)."
    elif amount < 0:
        errors["amount"] = "Số tiền không được âm."
    elif amount > 10**15:
        errors["amount"] = "Số tiền quá lớn."
    year = data.get("year")
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = f"Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}."
    if data.get("stage") not in Stage.values:
        errors["stage"] = "Giai đoạn không hợp lệ."
    if data.get("funding_source") is None:
        errors["funding_source"] = "Chưa chọn nguồn vốn."
    decision_number = (data.get("decision_number") or "").strip()
    decision_date = data.get("decision_date")
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = "Ngày quyết định không được sau ngày hôm nay."
    if data.get("stage") in (Stage.APPROVED, Stage.ALLOCATED, Stage.SETTLED) and not decision_number:
        errors["decision_number"] = "Giai đoạn này cần số quyết định/văn bản giao."
    if errors:
        raise ServiceError(errors)
    previous = None
    if data["stage"] == Stage.APPROVED:
        previous = (
            BudgetEntry.objects.select_for_update()
            .filter(project=project, stage=Stage.APPROVED, funding_source=data["funding_source"],
                    voided=False, superseded_by__isnull=True)
            .order_by("-id").first()
        )
        if previous is not None and not decision_date:
            raise ServiceError({"decision_date": "Điều chỉnh tổng mức/dự toán cần ngày quyết định điều chỉnh."})
    entry = BudgetEntry(
        project=project, year=year, funding_source=data["funding_source"], stage=data["stage"], amount=amount,
        decision_number=decision_number, decision_date=decision_date, note=(data.get("note") or "").strip()[:500],
        is_rebaseline=previous is not None, created_by=actor,
    )
    entry._history_user = actor
    entry.save()
    if previous is not None:
        previous.superseded_by = entry
        previous._history_user = actor
        previous.save(update_fields=["superseded_by"])
        ProjectEvent.objects.create(
            project=project, kind=EventKind.REBASELINE, from_state=project.state, to_state=project.state,
            occurred_on=decision_date, decision_number=decision_number, decision_date=decision_date,
            reason=f"Điều chỉnh từ {vnd(previous.amount)} thành {vnd(amount)}"
            + (f". {entry.note}" if entry.note else ""),
            actor=actor,
        )
        record_event(actor, "budget.rebaseline", project, data={
            "entry": entry.pk, "old": previous.amount, "new": amount, "decision": decision_number,
            "decision_date": decision_date.isoformat(), "source": entry.funding_source_id,
            "source_name": entry.funding_source.name, "year": year,
        })
    else:
        record_event(actor, "budget.recorded", project, data={
            "entry": entry.pk, "stage": entry.stage, "year": year, "amount": amount, "decision": decision_number,
            "decision_date": decision_date.isoformat() if decision_date else None,
            "source_name": entry.funding_source.name,
        })
    recompute_totals(project)
    return entry


@transaction.atomic
def void_budget_entry(actor, entry: BudgetEntry, *, reason: str, expected_version: int) -> BudgetEntry:
    if not can_edit_budget(actor, entry.project):
        raise PermissionDenied("Bạn không có quyền hủy bút toán này.")
    if not (reason or "").strip():
        raise ServiceError({"reason": "Cần ghi lý do hủy bút toán."})
    if entry.voided:
        raise ServiceError("Bút toán đã bị hủy trước đó.")
    bumped = BudgetEntry.objects.filter(pk=entry.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError()
    entry.voided = True
    entry.void_reason = reason.strip()[:500]
    entry.version = expected_version + 1
    entry._history_user = actor
    entry.save(update_fields=["voided", "void_reason"])
    # A voided rebaseline gives the figure it replaced back its place.
    BudgetEntry.objects.filter(superseded_by=entry).update(superseded_by=None)
    record_event(actor, "budget.voided", entry.project, data={
        "entry": entry.pk, "stage": entry.stage, "year": entry.year, "amount": entry.amount,
        "decision": entry.decision_number, "source_name": entry.funding_source.name, "reason": entry.void_reason})
    recompute_totals(entry.project)
    return entry
