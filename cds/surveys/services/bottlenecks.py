"""Writes of the difficulties and bottleneck register.

An item comes from a survey response, from a unit raising a difficulty at any time (on a
project or in general) or from a difficulty written in an effectiveness review
(:func:`from_review_issue`, connected to the review issue's ``post_save``). The agency that
must answer does so within a deadline (10 working days by default); the CĐS authority may
propose a decision to the leader, and the leader (or the CĐS authority recording the leader's
decision) turns it into a task of a directive — so the item can be followed until it is
resolved. The raising unit is told of the answer.

Every function is one transaction with the actor explicit: permission from
:mod:`cds.surveys.permissions`, an optimistic version check, an audit event and the history
row naming the actor. A refusal raises and writes nothing; notifications are rows of the same
transaction (their e-mails go on commit).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cds.accounts import access
from cds.accounts.models import Role, User
from cds.accounts.selectors import responsible_people, tree_people
from cds.audit.services import record_event
from cds.core.errors import ServiceError, check_version
from cds.core.history import change_reason, saved
from cds.core.validation import clean_text, parse_date
from cds.directives import services as directive_services
from cds.directives.models import Directive, Task
from cds.directives.permissions import scope_directives, scope_tasks
from cds.notifications.services import notify
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects
from cds.reviews import services as review_services
from cds.reviews.models import IssueKind
from cds.reviews.permissions import can_assess_review
from cds.workdays.calendar import due_date

from ..models import (
    Bottleneck,
    BottleneckSource,
    BottleneckStatus,
    DecisionLevel,
    GroupKind,
    Response,
    Round,
    SectionLead,
)
from ..permissions import can_answer, can_assign, can_propose, can_raise, reads_whole, scope_rounds, visible_sections

__all__ = [
    "raise_bottleneck", "answer_bottleneck", "propose_decision", "assign_to_directive", "link_task",
    "resolve_bottleneck", "from_review_issue", "cds_authority", "bottleneck_url", "ANSWER_DAYS",
]

MAX_TITLE = 300
MAX_TEXT = 5_000
ANSWER_DAYS = 10                      # working days the responsible agency has to answer
FINAL = (BottleneckStatus.RESOLVED, BottleneckStatus.CLOSED)
ANSWERERS = (Role.UNIT_STAFF, Role.UNIT_HEAD, Role.CDS_APPRAISER)
UNIT_PEOPLE = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def bottleneck_url(item: Bottleneck) -> str:
    return reverse("surveys:bottleneck", args=[item.pk])


def cds_authority(root: Unit) -> Unit:
    """The CĐS authority of a tree: the unit of its first CĐS appraiser, else the root."""
    user = (User.objects.filter(is_active=True, role=Role.CDS_APPRAISER, unit__path__startswith=root.tree_prefix)
            .select_related("unit").order_by("pk").first())
    return user.unit if user else root


# ------------------------------------------------------------------ checks ----

def _final_refused(item: Bottleneck) -> None:
    if item.status in FINAL:
        raise ServiceError(f"Điểm nghẽn này đã {item.get_status_display().lower()}, không xử lý tiếp được.")


def _lock(item: Bottleneck, version) -> Bottleneck:
    locked = Bottleneck.objects.select_for_update().get(pk=item.pk)
    check_version(locked, version)
    return locked


def _pk(value):
    if value in (None, ""):
        return None
    if hasattr(value, "pk"):
        return value.pk
    text = str(value).strip()
    return int(text) if text.isdigit() else -1


def _unit(value, label: str, *, required: bool) -> Unit | None:
    pk = _pk(value)
    if pk is None:
        if required:
            raise ServiceError({label: "Chưa chọn đơn vị."})
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise ServiceError({label: "Không tìm thấy đơn vị."})
    return unit


def _choice(value, choices, default, label: str) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise ServiceError({label: f"{label.capitalize()} không hợp lệ."})
    return value


def _acts_for(actor, unit: Unit) -> bool:
    if actor.role == Role.CDS_APPRAISER:
        return access.scope_for(actor).contains(unit)
    return access.in_own_units(actor, unit)


def _project(actor, unit: Unit, value) -> Project | None:
    pk = _pk(value)
    if pk is None:
        return None
    project = scope_projects(actor, Project.objects.filter(pk=pk)).select_related("investor_unit", "lead_unit").first()
    if project is not None and actor.role not in access.UNIT_ROLES:
        # raised on behalf of a unit: the project must be that unit's
        owners = [u for u in (project.investor_unit, project.lead_unit) if u is not None]
        if not any(u.path.startswith(unit.path) for u in owners):
            project = None
    if project is None:
        raise ServiceError({"project": "Không tìm thấy nhiệm vụ/dự án, hoặc đơn vị không được xem nhiệm vụ/dự án này."})
    return project


def _consolidates(actor, response: Response | None, unit: Unit, group: str) -> bool:
    """A lead agency consolidating its group raises a bottleneck on behalf of the unit whose
    response reported it."""
    if response is None or response.unit_id != unit.pk:
        return False
    led = visible_sections(actor, response)
    if led is None:
        return False
    return response.form.sections.filter(pk__in=led, group=group).exists()


def _survey_source(actor, data: dict) -> tuple[Round | None, Response | None]:
    rnd = response = None
    pk = _pk(data.get("round"))
    if pk is not None:
        rnd = scope_rounds(actor, Round.objects.filter(pk=pk)).first()
        if rnd is None:
            raise ServiceError({"round": "Không tìm thấy đợt khảo sát."})
    pk = _pk(data.get("response"))
    if pk is not None:
        response = Response.objects.filter(pk=pk).select_related("round", "unit", "round__coordinator").first()
        if response is None or not (reads_whole(actor, response) or visible_sections(actor, response)):
            raise ServiceError({"response": "Không tìm thấy phiếu khảo sát."})
        if rnd is not None and response.round_id != rnd.pk:
            raise ServiceError({"response": "Phiếu khảo sát không thuộc đợt khảo sát đã chọn."})
        rnd = response.round
    return rnd, response


def _responsible(value, root: Unit, rnd: Round | None, group: str) -> Unit:
    unit = _unit(value, "responsible_unit", required=False)
    if unit is not None:
        if not unit.path.startswith(root.tree_prefix):
            raise ServiceError({"responsible_unit": f"Cơ quan trả lời “{unit.name}” không thuộc {root.name}."})
        return unit
    if rnd is not None:
        lead = (SectionLead.objects.filter(round=rnd, section__group=group).select_related("lead_unit")
                .order_by("section__order", "pk").first())
        if lead is not None:
            return lead.lead_unit
    return cds_authority(root)


def _answer_due(value, today: dt.date) -> dt.date:
    day = parse_date(value, "hạn trả lời")
    if day is None:
        return due_date(today, ANSWER_DAYS)
    if day < today:
        raise ServiceError({"answer_due": "Hạn trả lời không được trước ngày hôm nay."})
    return day


# ------------------------------------------------------------------ notices ----

def _tell(users, actor, text: str, item: Bottleneck, key: str) -> int:
    sent = 0
    seen = set()
    for user in users:
        if user.pk in seen or (actor is not None and user.pk == getattr(actor, "pk", None)):
            continue
        seen.add(user.pk)
        sent += notify(user, text, bottleneck_url(item), key=f"{key}:{item.pk}", kind="bottleneck")
    return sent


def _tell_responsible(item: Bottleneck, actor) -> None:
    people = responsible_people({item.responsible_unit_id}, ANSWERERS).get(item.responsible_unit_id, [])
    _tell(people, actor, f"{item.unit.name} phản ánh điểm nghẽn, khó khăn: {item.title[:200]} "
                         f"(hạn trả lời {item.answer_due:%d/%m/%Y}).", item, "bottleneck-raised")


def _tell_unit(item: Bottleneck, actor, text: str, key: str) -> None:
    people = list(responsible_people({item.unit_id}, UNIT_PEOPLE).get(item.unit_id, []))
    if item.created_by_id and item.created_by.is_active:
        people.append(item.created_by)
    _tell(people, actor, text, item, key)


def _raised_event(actor, item: Bottleneck) -> None:
    record_event(actor, "survey.bottleneck_raised", item, data={
        "title": item.title, "unit": item.unit.name, "responsible": item.responsible_unit.name,
        "source": item.source, "due": item.answer_due.isoformat()})


# ------------------------------------------------------------------ writes ----

def raise_bottleneck(actor, data: dict) -> Bottleneck:
    """A unit (or the CĐS authority on its behalf) records a difficulty or bottleneck."""
    if not can_raise(actor):
        raise PermissionDenied("Bạn không có quyền phản ánh điểm nghẽn, khó khăn.")
    unit = _unit(data.get("unit"), "unit", required=True)
    group = _choice(data.get("group"), GroupKind, GroupKind.OTHER, "nhóm")
    rnd, response = _survey_source(actor, data)
    if not (_acts_for(actor, unit) or _consolidates(actor, response, unit, group)):
        raise PermissionDenied("Bạn chỉ phản ánh điểm nghẽn, khó khăn của đơn vị mình (hoặc tổng hợp từ phiếu "
                               "khảo sát thuộc nhóm bạn chủ trì).")
    root = unit.root()
    title = clean_text(data.get("title"), "điểm nghẽn, khó khăn", limit=MAX_TITLE, multiline=False)
    description = clean_text(data.get("description"), "mô tả", required=False, limit=MAX_TEXT)
    proposal = clean_text(data.get("proposal"), "đề xuất, kiến nghị", required=False, limit=MAX_TEXT)
    level = _choice(data.get("decision_level"), DecisionLevel, DecisionLevel.PROVINCE, "cấp quyết định")
    project = _project(actor, unit, data.get("project"))
    if rnd is not None and rnd.root_unit_id != root.pk:
        raise ServiceError({"round": "Đợt khảo sát không thuộc tỉnh/bộ của đơn vị."})
    responsible = _responsible(data.get("responsible_unit"), root, rnd, group)
    answer_due = _answer_due(data.get("answer_due"), timezone.localdate())
    with transaction.atomic():
        item = saved(Bottleneck(
            root_unit=root, unit=unit, project=project, group=group, round=rnd, response=response,
            source=BottleneckSource.SURVEY if rnd is not None else BottleneckSource.UNIT,
            title=title, description=description, proposal=proposal, responsible_unit=responsible,
            decision_level=level, answer_due=answer_due, created_by=actor), actor)
        _raised_event(actor, item)
        _tell_responsible(item, actor)
    return item


def _sync_review_answer(actor, item: Bottleneck) -> None:
    """Write the answer onto the review issue the item came from (the review page shows it)."""
    issue = item.review_issue
    if issue is None:
        return
    if can_assess_review(actor, issue.review):
        review_services.answer_issue(actor, issue, answer=item.answer)
        return
    issue.answer, issue.answered_by, issue.answered_at = item.answer, actor, item.answered_at
    issue.save(update_fields=["answer", "answered_by", "answered_at"])


def answer_bottleneck(actor, item: Bottleneck, answer: str, *, version=None) -> Bottleneck:
    """The responsible agency (or the CĐS authority) answers; the raising unit is told. An item
    already turned into a directive task keeps that status."""
    if not can_answer(actor, item):
        raise PermissionDenied("Bạn không có quyền trả lời điểm nghẽn, khó khăn này.")
    text = clean_text(answer, "nội dung trả lời", limit=MAX_TEXT)
    with transaction.atomic():
        item = _lock(item, version)
        _final_refused(item)
        item.answer, item.answered_by, item.answered_at = text, actor, timezone.now()
        if item.status != BottleneckStatus.ASSIGNED:
            item.status = BottleneckStatus.ANSWERED
        item.version += 1
        saved(item, actor)
        _sync_review_answer(actor, item)
        record_event(actor, "survey.bottleneck_answered", item, data={"title": item.title, "answer": text[:500]})
        _tell_unit(item, actor, f"Đã có trả lời về “{item.title[:150]}”: {text[:300]}",
                   f"bottleneck-answered-{item.version}")
    return item


def propose_decision(actor, item: Bottleneck, text: str, *, decision_level=None, version=None) -> Bottleneck:
    """The CĐS authority proposes a decision to the leaders of the tree."""
    if not can_propose(actor, item):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS đề xuất lãnh đạo quyết định.")
    text = clean_text(text, "nội dung đề xuất", limit=MAX_TEXT)
    with transaction.atomic():
        item = _lock(item, version)
        _final_refused(item)
        item.decision_level = _choice(decision_level, DecisionLevel, item.decision_level, "cấp quyết định")
        item.proposed_decision = text
        item.status = BottleneckStatus.PROPOSED
        item.version += 1
        saved(item, actor)
        record_event(actor, "survey.bottleneck_proposed", item, data={
            "title": item.title, "level": item.get_decision_level_display(), "text": text[:500]})
        _tell(tree_people(item.root_unit, (Role.LEADER,)), actor,
              f"Đề xuất lãnh đạo quyết định tháo gỡ: {item.title[:150]} — {text[:300]}",
              item, f"bottleneck-proposed-{item.version}")
    return item


def _check_directive(actor, item: Bottleneck, directive: Directive) -> None:
    if (directive is None or not directive.issuer.path.startswith(item.root_unit.tree_prefix)
            or not scope_directives(actor, Directive.objects.filter(pk=directive.pk)).exists()):
        raise ServiceError({"directive": "Không tìm thấy văn bản chỉ đạo."})


def _task_data(item: Bottleneck, data: dict) -> dict:
    payload = dict(data)
    if not str(payload.get("content") or "").strip():
        payload["content"] = item.proposal or item.title
    if not payload.get("lead_unit"):
        payload["lead_unit"] = item.responsible_unit
    if not payload.get("projects") and item.project_id:
        payload["projects"] = [item.project_id]
    return payload


def _assigned(actor, item: Bottleneck, task: Task, *, created: bool) -> Bottleneck:
    item.directive_task = task
    item.status = BottleneckStatus.ASSIGNED
    item.version += 1
    saved(item, actor)
    record_event(actor, "survey.bottleneck_assigned", item, data={
        "title": item.title, "task": task.pk, "directive": task.directive.number, "created": created})
    _tell_unit(item, actor, f"“{item.title[:150]}” đã được giao thành nhiệm vụ theo {task.directive}.",
               f"bottleneck-assigned-{item.version}")
    return item


def assign_to_directive(actor, item: Bottleneck, directive: Directive, data: dict, *, version=None) -> Task:
    """Turn the item into a new task of ``directive`` (content: the proposal or the title; lead:
    the responsible agency, unless ``data`` says otherwise). Returns the task."""
    if not can_assign(actor, item):
        raise PermissionDenied("Bạn không có quyền giao nhiệm vụ tháo gỡ điểm nghẽn này.")
    _check_directive(actor, item, directive)
    with transaction.atomic():
        locked = _lock(item, version)
        _final_refused(locked)
        task = directive_services.add_task(actor, directive, _task_data(locked, data or {}))
        _assigned(actor, locked, task, created=True)
    return task


def link_task(actor, item: Bottleneck, task: Task, *, version=None) -> Bottleneck:
    """Link a task already recorded in the directives register."""
    if not can_assign(actor, item):
        raise PermissionDenied("Bạn không có quyền giao nhiệm vụ tháo gỡ điểm nghẽn này.")
    if (task is None or not scope_tasks(actor, Task.objects.filter(pk=task.pk)).exists()
            or not task.directive.issuer.path.startswith(item.root_unit.tree_prefix)):
        raise ServiceError({"task": "Không tìm thấy nhiệm vụ trong sổ theo dõi văn bản chỉ đạo."})
    with transaction.atomic():
        locked = _lock(item, version)
        _final_refused(locked)
        if locked.directive_task_id == task.pk:
            raise ServiceError({"task": "Điểm nghẽn đã gắn với nhiệm vụ này."})
        return _assigned(actor, locked, task, created=False)


def resolve_bottleneck(actor, item: Bottleneck, note: str = "", *, closed: bool = False, version=None) -> Bottleneck:
    """Mark the item resolved (or closed without action — then ``note`` gives the reason)."""
    if not (can_answer(actor, item) or can_assign(actor, item)):
        raise PermissionDenied("Bạn không có quyền kết thúc xử lý điểm nghẽn này.")
    note = clean_text(note, "lý do đóng" if closed else "ghi chú", required=closed, limit=MAX_TEXT)
    with transaction.atomic():
        item = _lock(item, version)
        _final_refused(item)
        item.status = BottleneckStatus.CLOSED if closed else BottleneckStatus.RESOLVED
        item.version += 1
        item._change_reason = change_reason(note) if note else None
        saved(item, actor)
        record_event(actor, "survey.bottleneck_resolved", item, data={
            "title": item.title, "closed": closed, "note": note[:500]})
        _tell_unit(item, actor, f"“{item.title[:150]}”: {item.get_status_display().lower()}"
                                + (f" — {note[:300]}" if note else "."), f"bottleneck-resolved-{item.version}")
    return item


# ------------------------------------------------------------------ reviews ----

def _first_line(text: str) -> str:
    line = next((s.strip() for s in (text or "").splitlines() if s.strip()), "") or "Khó khăn, vướng mắc"
    line = " ".join(line.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"


def from_review_issue(issue) -> Bottleneck | None:
    """The register item of a review's difficulty (created once; a proposal gives None)."""
    if issue.kind != IssueKind.DIFFICULTY:
        return None
    existing = Bottleneck.objects.filter(review_issue=issue).first()
    if existing is not None:
        return existing
    review = issue.review
    unit = review.unit
    root = unit.root()
    actor = review.prepared_by
    created = issue.created_at or timezone.now()
    item = Bottleneck(
        root_unit=root, unit=unit, project=review.project, source=BottleneckSource.REVIEW, review_issue=issue,
        title=_first_line(issue.text), description=(issue.text or "")[:MAX_TEXT],
        responsible_unit=cds_authority(root), created_by=actor, created_at=created,
        answer_due=due_date(timezone.localtime(created).date(), ANSWER_DAYS))
    if issue.answered_at:
        item.answer, item.answered_by, item.answered_at = issue.answer, issue.answered_by, issue.answered_at
        item.status = BottleneckStatus.ANSWERED
    try:
        with transaction.atomic():
            saved(item, actor)
            _raised_event(actor, item)
            if not issue.answered_at:
                _tell_responsible(item, actor)
    except IntegrityError:             # created meanwhile by another transaction
        return Bottleneck.objects.filter(review_issue=issue).first()
    return item
