"""Writes of the review workflow: one transaction each, actor explicit, access + maker ≠ checker
checks, audit events. See the module docstring of :mod:`cds.reviews.models` for the flow."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cds.accounts import access
from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people, tree_people
from cds.audit.models import AuditEvent
from cds.audit.services import record_event
from cds.core.db import refresh_statistics
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import change_reason
from cds.core.uploads import store_document
from cds.notifications.services import notify
from cds.orgs.handover import Handover, Outcome
from cds.orgs.models import Unit
from cds.orgs.selectors import current_successor
from cds.projects import services as project_services
from cds.projects.models import Project, State

from . import scoring
from .models import (
    Campaign,
    CampaignStatus,
    Decision,
    Evidence,
    FollowUpAction,
    Indicator,
    IndicatorValue,
    Review,
    ReviewIssue,
    ReviewStatus,
    ScoringMethod,
)
from .permissions import (
    can_assess_review,
    can_decide_review,
    can_fill_review,
    can_manage_campaigns,
    can_submit_review,
)

EDITABLE = (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT, ReviewStatus.RETURNED)
# Scope of the yearly report (NĐ 224/2026 Điều 68.2): what was being built or is in use.
ANNUAL_SCOPE_STATES = [State.IMPLEMENTING, State.IN_OPERATION, State.SETTLED, State.PAUSED]
ANNUAL_BASIS = "224/2026/NĐ-CP"
DECISION_ACTIONS = {Decision.PAUSE: "pause", Decision.STOP: "stop"}


# -------------------------------------------------------------- campaigns ----

def _campaign_errors(data: dict, today: dt.date) -> dict:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "Chưa nhập tên đợt đánh giá."
    if not (data.get("basis_number") or "").strip():
        errors["basis_number"] = "Chưa nhập số, ký hiệu văn bản chỉ đạo."
    if not data.get("basis_date"):
        errors["basis_date"] = "Chưa nhập ngày văn bản chỉ đạo."
    if not data.get("deadline"):
        errors["deadline"] = "Chưa nhập hạn gửi báo cáo."
    elif data["deadline"] < today:
        errors["deadline"] = "Hạn gửi báo cáo không được ở trong quá khứ."
    elif data.get("basis_date") and data["deadline"] < data["basis_date"]:
        errors["deadline"] = "Hạn gửi báo cáo phải sau ngày văn bản chỉ đạo."
    if not data.get("scope_states"):
        errors["scope_states"] = "Chọn ít nhất một trạng thái nhiệm vụ/dự án thuộc phạm vi."
    if data.get("receiving_unit") is None:
        errors["receiving_unit"] = "Chưa chọn đơn vị tiếp nhận, tổng hợp."
    return errors


@transaction.atomic
def create_campaign(actor, data: dict, *, allow_past_deadline: bool = False) -> Campaign:
    if not can_manage_campaigns(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập đợt đánh giá.")
    today = timezone.localdate()
    errors = _campaign_errors(data, dt.date.min if allow_past_deadline else today)
    root = data.get("root_unit") or root_of(actor)
    if root is None or not access.scope_for(actor).contains(root):
        errors["root_unit"] = "Phạm vi đợt đánh giá phải thuộc đơn vị bạn quản lý."
    for field in ("receiving_unit", "scope_unit"):
        unit = data.get(field)
        if unit is not None and not access.scope_for(actor).contains(unit):
            errors[field] = "Đơn vị không thuộc phạm vi bạn quản lý."
    if errors:
        raise ServiceError(errors)
    campaign = Campaign(
        name=data["name"].strip(), root_unit=root, basis_number=data["basis_number"].strip(),
        basis_date=data["basis_date"], basis_issuer=(data.get("basis_issuer") or "").strip(),
        basis_title=(data.get("basis_title") or "").strip(), scope_states=list(data["scope_states"]),
        scope_unit=data.get("scope_unit"), scope_programme=data.get("scope_programme"),
        started_until=data.get("started_until"), period_year=data.get("period_year") or data["deadline"].year,
        deadline=data["deadline"], receiving_unit=data["receiving_unit"],
        method=data.get("method") or current_method(), created_by=actor,
    )
    campaign._history_user = actor
    campaign.save()
    record_event(actor, "review.campaign_created", campaign, data={"basis": campaign.basis_number})
    return campaign


def root_of(user):
    if not user.unit_id:
        return None
    return user.unit.root()


def current_method() -> ScoringMethod:
    method = ScoringMethod.objects.filter(published_on__isnull=False).order_by("-published_on", "-version").first()
    if method is None:
        raise ServiceError("Chưa có phương pháp chấm điểm được công bố.")
    return method


def scope_projects(campaign: Campaign):
    """The projects a campaign covers (evaluated when it is opened)."""
    base = campaign.scope_unit or campaign.root_unit
    qs = Project.objects.filter(investor_unit__in=Unit.objects.filter(path__startswith=base.path).values("pk"),
                                state__in=campaign.scope_states)
    if campaign.scope_programme_id:
        qs = qs.filter(programme_id=campaign.scope_programme_id)
    if campaign.started_until:
        qs = qs.filter(start_year__lte=campaign.started_until.year)
    return qs


@transaction.atomic
def open_campaign(actor, campaign: Campaign) -> int:
    """Create one review per in-scope project, assigned to the unit that carries it today."""
    if not can_manage_campaigns(actor) or not access.scope_for(actor).contains(campaign.root_unit):
        raise PermissionDenied("Bạn không có quyền mở đợt đánh giá này.")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ServiceError("Đợt đánh giá đã được mở trước đó.")
    rows = list(scope_projects(campaign).values_list("pk", "investor_unit_id"))
    if not rows:
        raise ServiceError("Không có nhiệm vụ/dự án nào thuộc phạm vi đợt đánh giá.")
    successor = {}
    for unit in Unit.objects.filter(pk__in={u for _, u in rows}):
        successor[unit.pk] = current_successor(unit).pk if unit.valid_to else unit.pk
    bulk_create_with_history(
        [Review(campaign=campaign, project_id=pid, unit_id=successor[uid]) for pid, uid in rows], Review,
        batch_size=2000, default_user=actor)
    refresh_statistics(Review, Review.history.model)
    campaign.status = CampaignStatus.OPEN
    campaign.opened_at = timezone.now()
    campaign.opened_by = actor
    campaign._history_user = actor
    campaign.save(update_fields=["status", "opened_at", "opened_by"])
    record_event(actor, "review.campaign_opened", campaign, data={"reviews": len(rows)})
    return len(rows)


@transaction.atomic
def open_annual_campaign(actor, year: int, *, deadline: dt.date | None = None, receiving_unit=None) -> Campaign:
    """The yearly January report of NĐ 224/2026 Điều 68.2, from its template in one step."""
    root = root_of(actor)
    if Campaign.objects.filter(root_unit=root, period_year=year, basis_number=ANNUAL_BASIS).exists():
        raise ServiceError(f"Đợt báo cáo hằng năm về năm {year} đã được mở.")
    receiving = receiving_unit or actor.unit
    campaign = create_campaign(actor, {
        "name": f"Báo cáo kết quả thực hiện mục tiêu và hiệu quả các nhiệm vụ, dự án CĐS năm {year}",
        "root_unit": root, "basis_number": ANNUAL_BASIS, "basis_date": dt.date(2026, 6, 24),
        "basis_issuer": "Chính phủ", "basis_title": "Điều 68.2: báo cáo hằng năm trong tháng 01",
        "scope_states": ANNUAL_SCOPE_STATES, "started_until": dt.date(year, 12, 31), "period_year": year,
        "deadline": deadline or dt.date(year + 1, 1, 31), "receiving_unit": receiving,
    })
    open_campaign(actor, campaign)
    campaign.refresh_from_db()
    return campaign


@transaction.atomic
def close_campaign(actor, campaign: Campaign) -> None:
    if not can_manage_campaigns(actor) or not access.scope_for(actor).contains(campaign.root_unit):
        raise PermissionDenied("Bạn không có quyền kết thúc đợt đánh giá này.")
    if campaign.status != CampaignStatus.OPEN:
        raise ServiceError("Chỉ kết thúc được đợt đang thu thập.")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign._history_user = actor
    campaign.save(update_fields=["status", "closed_at"])
    record_event(actor, "review.campaign_closed", campaign)


# ---------------------------------------------------------------- reviews ----


def _bump(review: Review, actor, fields):
    review.version += 1
    review.updated_at = timezone.now()
    review._history_user = actor
    review.save(update_fields=list(fields) + ["version", "updated_at"])


_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
_PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")   # ASCII digits: no "²", "١٢٣" nor "1e9"


def _decimal(raw, label, errors, key):
    """A number as Vietnamese users type it: "1.250" (thousands), "98,5" or "98.5" (decimal),
    "1.250,5" (both)."""
    if raw in (None, ""):
        return None
    text = str(raw).replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        if not _PLAIN_NUMBER.fullmatch(text):
            raise InvalidOperation(text)
        value = Decimal(text)
    except InvalidOperation:
        errors[key] = f"{label}: phải là số."
        return None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 15:
        errors[key] = f"{label}: số không hợp lệ."
        return None
    return value


@transaction.atomic
def save_review(actor, review: Review, data: dict, *, expected_version: int | None = None) -> Review:  # noqa: C901
    """Unit staff fill (or correct) the report: summary, self-rating, indicators, problems.

    ``data["values"]`` = {indicator_code: {"baseline", "target", "actual", "note"}}.
    """
    review = Review.objects.select_for_update().select_related("campaign").get(pk=review.pk)
    if not can_fill_review(actor, review):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo này.")
    if review.status not in EDITABLE:
        raise ServiceError("Báo cáo đã gửi, không sửa được (chờ thẩm tra hoặc bị trả lại mới sửa được).")
    if review.campaign.status != CampaignStatus.OPEN:
        raise ServiceError("Đợt đánh giá không còn thu thập báo cáo.")
    check_version(review, expected_version)
    errors = {}
    indicators = {i.code: i for i in Indicator.objects.filter(is_active=True)}
    parsed = {}
    for code, raw in (data.get("values") or {}).items():
        ind = indicators.get(code)
        if ind is None:
            errors[f"values.{code}"] = "Chỉ tiêu không tồn tại."
            continue
        row = {k: _decimal(raw.get(k), f"{ind.name} — {label}", errors, f"values.{code}.{k}")
               for k, label in (("baseline", "giá trị ban đầu"), ("target", "mục tiêu"), ("actual", "thực tế"))}
        for k in ("baseline", "target", "actual"):
            v = row[k]
            if v is None:
                continue
            if v < 0:
                errors[f"values.{code}.{k}"] = f"{ind.name}: không được âm."
            elif ind.is_percentage and v > 100:
                errors[f"values.{code}.{k}"] = f"{ind.name}: tỷ lệ phần trăm không được vượt quá 100."
            elif ind.direction == "yes" and v not in (0, 1):
                errors[f"values.{code}.{k}"] = f"{ind.name}: chỉ nhận 1 (có) hoặc 0 (không)."
        row["note"] = (raw.get("note") or "").strip()[:500]
        parsed[ind] = row
    summary = (data.get("summary") or "").strip()
    if len(summary) > 20000:
        errors["summary"] = "Đánh giá chung quá dài (tối đa 20.000 ký tự)."
    if errors:
        raise ServiceError(errors)
    for ind, row in parsed.items():
        IndicatorValue.objects.update_or_create(review=review, indicator=ind, defaults=row)
    review.summary = summary
    if "self_rating" in data:
        review.self_rating = data["self_rating"] or ""
    if "problems" in data:
        review.problems.set(list(data["problems"] or []))
    if "problems_note" in data:
        review.problems_note = (data.get("problems_note") or "").strip()[:5000]
    review.status = ReviewStatus.DRAFT if review.status == ReviewStatus.NOT_STARTED else review.status
    review.prepared_by = actor
    _bump(review, actor, ["summary", "self_rating", "problems_note", "status", "prepared_by"])
    for item in data.get("issues") or []:
        add_issue(actor, review, kind=item["kind"], text=item["text"])
    record_event(actor, "review.saved", review.project, data={"review": review.pk, "campaign": review.campaign_id})
    return review


@transaction.atomic
def add_issue(actor, review: Review, *, kind: str, text: str) -> ReviewIssue:
    if not can_fill_review(actor, review):
        raise PermissionDenied("Bạn không có quyền nêu kiến nghị cho báo cáo này.")
    text = (text or "").strip()
    if not text:
        raise ServiceError({"text": "Chưa nhập nội dung khó khăn, kiến nghị."})
    return ReviewIssue.objects.create(review=review, kind=kind, text=text[:5000])


@transaction.atomic
def answer_issue(actor, issue: ReviewIssue, *, answer: str) -> ReviewIssue:
    if not can_assess_review(actor, issue.review):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS trả lời kiến nghị.")
    if not (answer or "").strip():
        raise ServiceError({"answer": "Chưa nhập nội dung trả lời."})
    issue.answer = answer.strip()[:5000]
    issue.answered_by = actor
    issue.answered_at = timezone.now()
    issue.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(actor, "review.issue_answered", issue.review.project, data={"issue": issue.pk})
    return issue


@transaction.atomic
def add_evidence(actor, review: Review, upload, *, indicator=None, description: str = "") -> Evidence:
    if not can_fill_review(actor, review) or review.status not in EDITABLE:
        raise PermissionDenied("Bạn không có quyền đính kèm minh chứng cho báo cáo này.")
    evidence = Evidence(review=review, indicator=indicator, description=(description or "")[:500], uploaded_by=actor)
    stored = store_document(upload, evidence.file, review.project.code)
    evidence.file_name, evidence.file_sha256 = stored.name, stored.sha256
    evidence.save()
    record_event(actor, "review.evidence_added", review.project, data={"review": review.pk, "file": evidence.file_name})
    return evidence


def missing_for_submission(review: Review) -> list[str]:
    """What a report still lacks before the unit head may submit it."""
    missing = []
    if not review.summary:
        missing.append("Chưa có đánh giá chung.")
    if not review.self_rating:
        missing.append("Chưa tự đánh giá mức độ hiệu quả.")
    values = list(review.values.select_related("indicator"))
    if not any(v.actual is not None for v in values):
        missing.append("Chưa nhập kết quả thực tế của chỉ tiêu nào.")
    for v in values:
        if v.actual is not None and v.target is None and v.indicator.direction != "yes":
            missing.append(f"Chỉ tiêu “{v.indicator.name}” có kết quả nhưng thiếu mục tiêu theo hồ sơ được duyệt.")
    return missing


@transaction.atomic
def submit_review(actor, review: Review, *, expected_version: int | None = None) -> Review:
    """The unit head confirms and sends the report; never the person who prepared it."""
    review = Review.objects.select_for_update().select_related("campaign").get(pk=review.pk)
    if not can_submit_review(actor, review):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được xác nhận và gửi báo cáo.")
    if review.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        raise ServiceError("Báo cáo chưa được nhập hoặc đã gửi.")
    check_version(review, expected_version)
    if actor.pk == review.prepared_by_id:
        raise MakerCheckerError("Người nhập báo cáo không được tự xác nhận, gửi báo cáo (cần lãnh đạo đơn vị khác xác nhận).")
    missing = missing_for_submission(review)
    if missing:
        raise ServiceError(missing)
    review.status = ReviewStatus.SUBMITTED
    review.submitted_by = actor
    review.submitted_at = timezone.now()
    review.value_score, review.fitness_score = scoring.scores(review.campaign.method,
                                                              review.values.select_related("indicator"))
    _bump(review, actor, ["status", "submitted_by", "submitted_at", "value_score", "fitness_score"])
    record_event(actor, "review.submitted", review.project, data={"review": review.pk, "late": review.is_late})
    return review


def _ensure_assessor(actor, review):
    if not can_assess_review(actor, review):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được thẩm tra báo cáo.")
    if actor.pk in {review.prepared_by_id, review.submitted_by_id}:
        raise MakerCheckerError()


@transaction.atomic
def return_review(actor, review: Review, *, comment: str, expected_version: int | None = None) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    _ensure_assessor(actor, review)
    if review.status != ReviewStatus.SUBMITTED:
        raise ServiceError("Chỉ trả lại được báo cáo đã gửi, chưa thẩm tra.")
    check_version(review, expected_version)
    if not (comment or "").strip():
        raise ServiceError({"comment": "Cần ghi rõ nội dung yêu cầu bổ sung, chỉnh sửa."})
    review.status = ReviewStatus.RETURNED
    review.return_comment = comment.strip()[:5000]
    review.reviewed_by = actor
    _bump(review, actor, ["status", "return_comment", "reviewed_by"])
    record_event(actor, "review.returned", review.project, data={"review": review.pk, "comment": review.return_comment[:300]})
    return review


@transaction.atomic
def assess_review(actor, review: Review, *, rating: str, comment: str = "", proposed_decision: str,
                  proposed_reason: str = "", expected_version: int | None = None) -> Review:
    """The CĐS authority rates the project and proposes what should happen to it."""
    review = Review.objects.select_for_update().select_related("campaign__method").get(pk=review.pk)
    _ensure_assessor(actor, review)
    if review.status != ReviewStatus.SUBMITTED:
        raise ServiceError("Chỉ thẩm tra được báo cáo đã gửi.")
    check_version(review, expected_version)
    errors = {}
    if rating not in {c for c, _ in review._meta.get_field("reviewer_rating").choices}:
        errors["rating"] = "Chọn mức đánh giá."
    if proposed_decision not in Decision.values:
        errors["proposed_decision"] = "Chọn đề xuất xử lý."
    elif proposed_decision != Decision.CONTINUE and not (proposed_reason or "").strip():
        errors["proposed_reason"] = "Cần nêu lý do đề xuất điều chỉnh, giảm quy mô, tạm dừng hoặc dừng."
    if errors:
        raise ServiceError(errors)
    review.status = ReviewStatus.ACCEPTED
    review.reviewer_rating = rating
    review.reviewer_comment = (comment or "").strip()[:5000]
    review.proposed_decision = proposed_decision
    review.proposed_reason = (proposed_reason or "").strip()[:5000]
    review.reviewed_by = actor
    review.reviewed_at = timezone.now()
    review.value_score, review.fitness_score = scoring.scores(review.campaign.method,
                                                              review.values.select_related("indicator"))
    _bump(review, actor, ["status", "reviewer_rating", "reviewer_comment", "proposed_decision", "proposed_reason",
                          "reviewed_by", "reviewed_at", "value_score", "fitness_score"])
    record_event(actor, "review.assessed", review.project, data={
        "review": review.pk, "rating": rating, "proposal": proposed_decision})
    return review


@transaction.atomic
def decide_review(actor, review: Review, *, decision: str, decision_number: str = "", decision_date=None,  # noqa: C901
                  note: str = "", follow_up: str = "", follow_up_due: dt.date | None = None,
                  expected_version: int | None = None) -> Review:
    """The leader decides. Pause, stop and scale-down move the project through its lifecycle
    (with the decision document) and open a follow-up action for the reporting unit."""
    review = Review.objects.select_for_update().select_related("project", "unit").get(pk=review.pk)
    if not can_decide_review(actor, review):
        raise PermissionDenied("Chỉ lãnh đạo UBND được quyết định.")
    if actor.pk in {review.prepared_by_id, review.submitted_by_id, review.reviewed_by_id}:
        raise MakerCheckerError()
    if review.status != ReviewStatus.ACCEPTED:
        raise ServiceError("Chỉ quyết định được báo cáo đã thẩm tra.")
    check_version(review, expected_version)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = "Chọn quyết định."
    changes_project = decision in (Decision.PAUSE, Decision.STOP, Decision.SCALE_DOWN)
    if changes_project or decision == Decision.ADJUST:
        if not (decision_number or "").strip():
            errors["decision_number"] = "Quyết định này cần số, ký hiệu văn bản."
        if not decision_date:
            errors["decision_date"] = "Quyết định này cần ngày văn bản."
        if not (note or "").strip():
            errors["note"] = "Cần ghi rõ nội dung, lý do quyết định."
        if not (follow_up or "").strip():
            errors["follow_up"] = "Cần nêu việc đơn vị phải làm tiếp theo."
        if not follow_up_due:
            errors["follow_up_due"] = "Cần hạn hoàn thành việc tiếp theo."
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = "Ngày văn bản không được sau hôm nay."
    if errors:
        raise ServiceError(errors)
    if decision in DECISION_ACTIONS:
        project_services.transition(actor, review.project, DECISION_ACTIONS[decision],
                                    decision_number=decision_number, decision_date=decision_date, reason=note)
    elif decision == Decision.SCALE_DOWN:
        project_services.scale_down(actor, review.project, decision_number=decision_number,
                                    decision_date=decision_date, reason=note)
    review.status = ReviewStatus.DECIDED
    review.decision = decision
    review.decision_number = (decision_number or "").strip()
    review.decision_date = decision_date
    review.decision_note = (note or "").strip()[:5000]
    review.decided_by = actor
    review.decided_at = timezone.now()
    _bump(review, actor, ["status", "decision", "decision_number", "decision_date", "decision_note", "decided_by",
                          "decided_at"])
    if (follow_up or "").strip():
        FollowUpAction.objects.create(review=review, description=follow_up.strip()[:5000], owner_unit=review.unit,
                                      due_date=follow_up_due or review.campaign.deadline, created_by=actor)
    record_event(actor, "review.decided", review.project, data={
        "review": review.pk, "decision": decision, "number": review.decision_number})
    return review


@transaction.atomic
def complete_follow_up(actor, action: FollowUpAction) -> FollowUpAction:
    if not (can_fill_review(actor, action.review) or can_assess_review(actor, action.review)):
        raise PermissionDenied("Bạn không có quyền cập nhật việc này.")
    FollowUpAction.objects.filter(pk=action.pk).update(status="done", done_at=timezone.now())
    action.refresh_from_db()
    record_event(actor, "review.follow_up_done", action.review.project, data={"action": action.pk})
    return action



# ------------------------------------------------------ units that ended ----

def _flag_reviews(h: Handover, reviews: list[Review]) -> int:
    """Reviews of a unit that ended with no successor: nothing moves; the CĐS authority of the
    tree is told once per review (the campaign page shows them under the ended unit)."""
    done = set(AuditEvent.objects.filter(verb="review.unowned", target_type=Review._meta.label_lower,
                                         target_id__in=[r.pk for r in reviews]).values_list("target_id", flat=True))
    appraisers = tree_people(h.unit, (Role.CDS_APPRAISER,))
    for review in reviews:
        if review.pk in done:
            continue
        record_event(h.actor, "review.unowned", review, data=h.data(campaign=review.campaign.name))
        for user in appraisers:
            notify(user, f"Báo cáo đánh giá {review.project.code} ({review.campaign.name}) của {h.unit.name}: đơn vị "
                         f"đã kết thúc hoạt động, {h.rule} — cần giao cho đơn vị khác.",
                   reverse("reviews:review", args=[review.pk]), key=f"review-reassign:{review.pk}", kind="review")
    return len(reviews)


def hand_over_reviews(h: Handover) -> Outcome:
    """The open effectiveness reviews of ``h.unit`` (a :class:`cds.orgs.handover.Handover`) —
    not yet decided, in a campaign not closed — and its open follow-up actions go to
    ``h.successor``: recorded in the review's history and the audit log with who and when; the
    successor's staff are told. What the ended unit already entered stays in the review.
    Decided reviews and closed campaigns stay as they were (history)."""
    out = Outcome("báo cáo đánh giá hiệu quả")
    with transaction.atomic():
        reviews = list(Review.objects.filter(unit=h.unit).exclude(status=ReviewStatus.DECIDED)
                       .exclude(campaign__status=CampaignStatus.CLOSED).select_related("campaign", "project")
                       .select_for_update(of=("self",)).order_by("pk"))
        actions = list(FollowUpAction.objects.filter(owner_unit=h.unit, status="open").select_related("review__project"))
        if h.successor is None:
            out.flagged = _flag_reviews(h, reviews) + len(actions)
            return out
        people = responsible_people({h.successor.pk}, (Role.UNIT_STAFF, Role.UNIT_HEAD)).get(h.successor.pk, [])
        for review in reviews:
            review.unit = h.successor
            review._change_reason = change_reason(f"{h.successor.name} nhận thay {h.unit.name}")
            _bump(review, h.actor, ["unit"])
            record_event(h.actor, "review.transferred", review, data=h.data(campaign=review.campaign.name))
            for user in people:
                notify(user, f"{h.successor.name} nhận báo cáo đánh giá {review.project.code} ({review.campaign.name}) "
                             f"thay {h.unit.name}, hạn {review.campaign.deadline:%d/%m/%Y}.",
                       reverse("reviews:review", args=[review.pk]), key=f"review-transferred:{review.pk}:{h.successor.pk}",
                       kind="review")
            out.details.append(f"{review}: {h.successor.name}")
        for action in actions:
            FollowUpAction.objects.filter(pk=action.pk).update(owner_unit=h.successor)
            record_event(h.actor, "review.follow_up_transferred", action.review, data=h.data(action=action.description[:200]))
            out.details.append(f"Việc sau đánh giá {action.review.project.code}: {h.successor.name}")
        out.moved = len(reviews) + len(actions)
    return out
