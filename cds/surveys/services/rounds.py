"""Rounds, responses and answers, returns and the lead agencies' consolidation."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cds.accounts import access
from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people
from cds.audit.services import record_event
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import saved
from cds.core.uploads import store_document
from cds.core.validation import clean_text
from cds.notifications.services import notify
from cds.orgs.models import Unit

from ..answers import FormRules, clean, raw_from_answers
from ..models import (
    Answer,
    FormVersion,
    Response,
    ResponseReturn,
    ResponseStatus,
    Round,
    RoundStatus,
    Section,
    SectionLead,
)
from ..permissions import can_consolidate, can_fill, can_manage_round, can_submit
from .common import root_of

__all__ = ["create_round", "update_round", "open_round", "close_round", "round_units", "save_answers",
           "submit_response", "return_response", "save_summary", "round_url", "response_url", "MAX_UNITS"]

MAX_UNITS = 5000  # units one round may be sent to


def round_url(rnd) -> str:
    return reverse("surveys:round", args=[rnd.pk])


def response_url(response) -> str:
    return reverse("surveys:response", args=[response.pk])


def _unit_in_tree(actor, root, unit, label, errors, field):
    if unit is None:
        return
    if not access.scope_for(actor).contains(unit) or not unit.path.startswith(root.tree_prefix):
        errors[field] = f"{label} không thuộc tỉnh/bộ của đợt khảo sát."


def _round_values(actor, data: dict, root, *, allow_past_deadline=False) -> tuple[dict, dict]:
    errors: dict = {}
    values = {}
    try:
        values["name"] = clean_text(data.get("name"), "tên đợt khảo sát", limit=300, multiline=False)
    except ServiceError as exc:
        errors["name"] = exc.messages[0]
    for field, label, limit in (("basis_number", "số, ký hiệu văn bản", 80), ("basis_title", "trích yếu", 500)):
        try:
            values[field] = clean_text(data.get(field) or "", label, required=False, limit=limit, multiline=False)
        except ServiceError as exc:
            errors[field] = exc.messages[0]
    values["basis_date"] = data.get("basis_date")
    deadline = data.get("deadline")
    if not deadline:
        errors["deadline"] = "Chưa nhập hạn gửi."
    elif not allow_past_deadline and deadline < timezone.localdate():
        errors["deadline"] = "Hạn gửi không được ở trong quá khứ."
    values["deadline"] = deadline
    form = data.get("form")
    if not isinstance(form, FormVersion) or not form.is_published:
        errors["form"] = "Chọn một phiên bản bộ câu hỏi đã ban hành."
    elif form.questionnaire.root_unit_id != root.pk:
        errors["form"] = "Bộ câu hỏi không thuộc tỉnh/bộ của đợt khảo sát."
    values["form"] = form
    coordinator = data.get("coordinator")
    if coordinator is None:
        errors["coordinator"] = "Chưa chọn đơn vị tổng hợp chung."
    _unit_in_tree(actor, root, coordinator, "Đơn vị tổng hợp chung", errors, "coordinator")
    _unit_in_tree(actor, root, data.get("scope_unit"), "Phạm vi gửi", errors, "scope_unit")
    values["coordinator"] = coordinator
    values["scope_unit"] = data.get("scope_unit")
    return values, errors


def _leads(actor, rnd, root, leads: dict, errors: dict) -> None:
    """``leads`` = {section id: (lead unit, co unit or None)} → the round's SectionLead rows."""
    sections = {s.pk: s for s in rnd.form.sections.all()}
    for section_id, pair in leads.items():
        section = sections.get(int(section_id))
        if section is None:
            errors["leads"] = "Nhóm câu hỏi không thuộc bộ câu hỏi của đợt."
            return
        lead, co = pair if isinstance(pair, (tuple, list)) else (pair, None)
        if lead is None:
            continue
        _unit_in_tree(actor, root, lead, f"Cơ quan chủ trì nhóm “{section.label}”", errors, "leads")
        _unit_in_tree(actor, root, co, f"Cơ quan phối hợp nhóm “{section.label}”", errors, "leads")
    if errors:
        return
    for section_id, pair in leads.items():
        lead, co = pair if isinstance(pair, (tuple, list)) else (pair, None)
        if lead is None:
            SectionLead.objects.filter(round=rnd, section_id=int(section_id)).delete()
            continue
        SectionLead.objects.update_or_create(round=rnd, section_id=int(section_id),
                                             defaults={"lead_unit": lead, "co_unit": co})


@transaction.atomic
def create_round(actor, data: dict, *, allow_past_deadline: bool = False) -> Round:
    """A draft round. ``data``: name, form (published version), deadline, coordinator, scope_unit,
    basis_number/basis_date/basis_title, leads {section id: (lead unit, co unit)}."""
    root = data.get("root_unit") or root_of(actor)
    if root is None or not access.has_role(actor, Role.CDS_APPRAISER, Role.ADMIN) \
            or not access.scope_for(actor).contains(root):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập đợt khảo sát.")
    values, errors = _round_values(actor, data, root, allow_past_deadline=allow_past_deadline)
    if errors:
        raise ServiceError(errors)
    rnd = saved(Round(root_unit=root, created_by=actor, **values), actor)
    _leads(actor, rnd, root, data.get("leads") or {}, errors)
    if errors:
        raise ServiceError(errors)
    record_event(actor, "survey.round_created", rnd, data={"name": rnd.name, "deadline": rnd.deadline.isoformat()})
    return rnd


@transaction.atomic
def update_round(actor, rnd: Round, data: dict, *, version=None) -> Round:
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if not can_manage_round(actor, rnd):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được sửa đợt khảo sát.")
    if rnd.status == RoundStatus.CLOSED:
        raise ServiceError("Đợt khảo sát đã kết thúc, không sửa được.")
    check_version(rnd, version)
    data = dict(data)
    if rnd.status == RoundStatus.OPEN:
        data["form"] = rnd.form   # the version sent does not change once sent
    values, errors = _round_values(actor, data, rnd.root_unit, allow_past_deadline=True)
    if errors:
        raise ServiceError(errors)
    for k, v in values.items():
        setattr(rnd, k, v)
    rnd.version += 1
    saved(rnd, actor)
    _leads(actor, rnd, rnd.root_unit, data.get("leads") or {}, errors)
    if errors:
        raise ServiceError(errors)
    record_event(actor, "survey.round_updated", rnd, data={"name": rnd.name, "deadline": rnd.deadline.isoformat()})
    return rnd


def round_units(rnd: Round, day: dt.date | None = None):
    """The units a round is sent to: every unit of the scope (default the whole tree) valid on
    ``day``, the province itself excepted."""
    day = day or timezone.localdate()
    base = rnd.scope_unit or rnd.root_unit
    qs = Unit.objects.filter(path__startswith=base.path).exclude(pk=rnd.root_unit_id)
    return qs.exclude(valid_to__lt=day).exclude(valid_from__gt=day)


@transaction.atomic
def open_round(actor, rnd: Round, *, units=None) -> Round:
    """Send the round: one response per unit (``units``, default :func:`round_units`) and a
    notice to each unit's people."""
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if not can_manage_round(actor, rnd):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được gửi đợt khảo sát.")
    if rnd.status != RoundStatus.DRAFT:
        raise ServiceError("Đợt khảo sát đã được gửi.")
    targets = list(units if units is not None else round_units(rnd))
    if not targets:
        raise ServiceError("Phạm vi gửi không có đơn vị nào.")
    if len(targets) > MAX_UNITS:
        raise ServiceError(f"Một đợt khảo sát gửi tối đa {MAX_UNITS:,} đơn vị.".replace(",", "."))
    outside = [u for u in targets if not u.path.startswith(rnd.root_unit.tree_prefix)]
    if outside:
        raise ServiceError("Có đơn vị không thuộc tỉnh/bộ của đợt khảo sát.")
    Response.objects.bulk_create([Response(round=rnd, unit=u, form=rnd.form) for u in targets],
                                 ignore_conflicts=True)
    rnd.status, rnd.opened_at, rnd.opened_by = RoundStatus.OPEN, timezone.now(), actor
    rnd.version += 1
    saved(rnd, actor)
    url = round_url(rnd)
    people = responsible_people([u.pk for u in targets], (Role.UNIT_STAFF, Role.UNIT_HEAD))
    seen = set()
    for users in people.values():
        for user in users:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            notify(user, f"Đợt khảo sát “{rnd.name}”: đơn vị trả lời trước ngày {rnd.deadline:%d/%m/%Y}.", url,
                   key=f"survey-open:{rnd.pk}:{user.pk}", kind="survey")
    record_event(actor, "survey.round_opened", rnd, data={"name": rnd.name, "units": len(targets)})
    return rnd


@transaction.atomic
def close_round(actor, rnd: Round) -> Round:
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if not can_manage_round(actor, rnd):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được kết thúc đợt khảo sát.")
    if rnd.status != RoundStatus.OPEN:
        raise ServiceError("Chỉ kết thúc được đợt đang thu thập.")
    rnd.status, rnd.closed_at = RoundStatus.CLOSED, timezone.now()
    rnd.version += 1
    saved(rnd, actor)
    record_event(actor, "survey.round_closed", rnd, data={"name": rnd.name})
    return rnd


def _locked_response(response) -> Response:
    return Response.objects.select_for_update().select_related("round", "unit", "form").get(pk=response.pk)


def _editable(response: Response) -> None:
    if response.round.status != RoundStatus.OPEN:
        raise ServiceError("Đợt khảo sát không còn nhận trả lời.")
    if response.status == ResponseStatus.SUBMITTED:
        raise ServiceError("Phiếu đã gửi; chỉ sửa được khi cơ quan tổng hợp trả lại.")


def _store(response: Response, rows: list[dict], existing: dict) -> None:
    """Replace the stored answers with ``rows`` (a file kept stays as it was)."""
    new = []
    for row in rows:
        q = row["question"]
        answer = Answer(response=response, question=q, row=row.get("row", ""), choice=row.get("choice", ""),
                        number=row.get("number"), date=row.get("date"), text=row.get("text", ""))
        if row.get("keep"):
            old = existing.get(q.pk)
            if old is None:
                continue
            answer.file, answer.file_name, answer.file_sha256 = old.file, old.file_name, old.file_sha256
        elif row.get("upload") is not None:
            stored = store_document(row["upload"], answer.file, f"khao-sat-{response.pk}-{q.name}")
            answer.file_name, answer.file_sha256 = stored.name, stored.sha256
        new.append(answer)
    response.answers.all().delete()
    Answer.objects.bulk_create(new)


@transaction.atomic
def save_answers(actor, response: Response, raw: dict, *, version=None, rules: FormRules | None = None) -> Response:
    """Store a unit's answers (a draft: required answers are checked at submission). Errors of
    type and constraint → ServiceError {question name: message}; nothing is stored then."""
    response = _locked_response(response)
    if not can_fill(actor, response):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo của đơn vị được trả lời phiếu khảo sát.")
    _editable(response)
    check_version(response, version)
    rules = rules or FormRules(response.form)
    result = clean(rules, raw, complete=False)
    if not result.ok:
        raise ServiceError(result.errors)
    existing = {a.question_id: a for a in response.answers.filter(question__type="file").select_related("question")}
    _store(response, result.rows, existing)
    if response.status == ResponseStatus.NOT_STARTED:
        response.status = ResponseStatus.DRAFT
    response.prepared_by = actor
    response.version += 1
    response.updated_at = timezone.now()
    saved(response, actor)
    record_event(actor, "survey.answers_saved", response, data={"answers": len(result.rows),
                                                              "hidden": len(result.hidden)})
    return response


@transaction.atomic
def submit_response(actor, response: Response, *, version=None) -> Response:
    """The unit head sends the response: every visible required question answered; not the one
    who filled it last."""
    response = _locked_response(response)
    if not can_submit(actor, response):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được gửi phiếu khảo sát.")
    _editable(response)
    check_version(response, version)
    if response.prepared_by_id is None:
        raise ServiceError("Phiếu chưa có câu trả lời nào.")
    if response.prepared_by_id == actor.pk:
        raise MakerCheckerError("Người nhập câu trả lời không được đồng thời là người gửi phiếu; "
                                "lãnh đạo đơn vị khác kiểm tra và gửi.")
    rules = FormRules(response.form)
    answers = list(response.answers.select_related("question"))
    result = clean(rules, raw_from_answers(answers), complete=True)
    if not result.ok:
        raise ServiceError(result.errors)
    now = timezone.now()
    response.status, response.submitted_by, response.submitted_at = ResponseStatus.SUBMITTED, actor, now
    response.is_late = timezone.localtime(now).date() > response.round.deadline
    response.version += 1
    response.updated_at = now
    saved(response, actor)
    record_event(actor, "survey.response_submitted", response, data={"unit": response.unit.name,
                                                                   "late": response.is_late})
    return response


@transaction.atomic
def return_response(actor, response: Response, section: Section | None, comment: str) -> Response:
    """A lead agency (or the coordinator) sends a submitted response back with a comment."""
    response = _locked_response(response)
    if section is not None and section.form_id != response.form_id:
        raise ServiceError("Nhóm câu hỏi không thuộc phiếu này.")
    sections = [section] if section is not None else list(response.form.sections.all())
    if not sections or not all(can_consolidate(actor, response.round, s) for s in sections):
        raise PermissionDenied("Chỉ cơ quan chủ trì tổng hợp nhóm được trả lại phiếu.")
    if response.status != ResponseStatus.SUBMITTED:
        raise ServiceError("Chỉ trả lại được phiếu đã gửi.")
    if response.round.status != RoundStatus.OPEN:
        raise ServiceError("Đợt khảo sát đã kết thúc.")
    text = clean_text(comment, "ý kiến khi trả lại", limit=2000)
    ResponseReturn.objects.create(response=response, section=section, comment=text, returned_by=actor)
    response.status = ResponseStatus.RETURNED
    response.version += 1
    response.updated_at = timezone.now()
    saved(response, actor)
    n = response.returns.count()
    people = responsible_people([response.unit_id], (Role.UNIT_STAFF, Role.UNIT_HEAD)).get(response.unit_id, [])
    for user in people:
        notify(user, f"Phiếu khảo sát “{response.round.name}” bị trả lại: {text[:200]}", response_url(response),
               key=f"survey-returned:{response.pk}:{n}:{user.pk}", kind="survey")
    record_event(actor, "survey.response_returned", response,
                 data={"unit": response.unit.name, "section": section.label if section else "", "comment": text})
    return response


@transaction.atomic
def save_summary(actor, rnd: Round, section: Section, text: str, *, version=None) -> SectionLead:
    """The lead agency's consolidation of its section (shown in the Word report)."""
    if not can_consolidate(actor, rnd, section):
        raise PermissionDenied("Chỉ cơ quan chủ trì tổng hợp nhóm được ghi ý kiến tổng hợp.")
    lead = SectionLead.objects.select_for_update().filter(round=rnd, section=section).first()
    if lead is None:
        raise ServiceError("Nhóm này chưa có cơ quan chủ trì tổng hợp.")
    check_version(lead, version)
    lead.summary = clean_text(text, "nội dung tổng hợp", required=False, limit=20000)
    lead.summary_by, lead.summary_at = actor, timezone.now()
    lead.version += 1
    saved(lead, actor)
    record_event(actor, "survey.summary_saved", rnd, data={"section": section.label})
    return lead

