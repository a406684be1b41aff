"""Pages of effectiveness review campaigns. Views parse input, call selectors/services and
render; every object comes through the access helper (404 outside the user's scope, 403 for
what they may see but not do) and every write is a service call (nothing is written when it
refuses)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.accounts.models import User
from cds.audit.history import Change, HistoryRow, build_history
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.orgs.models import Unit
from cds.projects import lifecycle
from cds.projects.models import State

from .. import scoring, selectors, services
from ..forms import (
    AnswerForm,
    AssessForm,
    CampaignForm,
    CampaignReviewFilter,
    DecideForm,
    EvidenceForm,
    IssueForm,
    ReturnForm,
    ReviewForm,
    SubmitForm,
    TodoFilterForm,
    plain_number,
)
from ..models import (
    Campaign,
    CampaignStatus,
    Decision,
    Evidence,
    FollowUpAction,
    FollowUpStatus,
    Indicator,
    IndicatorValue,
    Review,
    ReviewIssue,
    ReviewStatus,
)
from ..permissions import (
    can_assess_review,
    can_decide_review,
    can_fill_review,
    can_manage_campaigns,
    can_submit_review,
    scope_campaigns,
)

REVIEWS_PER_PAGE = 50
CAMPAIGNS_PER_PAGE = 25
LIST_CAP = 100  # the "ineffective" and "overdue" lists show this many, then link to the filtered list
MY_REVIEWS_CAP = 50
PROJECT_CHANGING = (Decision.PAUSE, Decision.STOP, Decision.SCALE_DOWN)


# ---------------------------------------------------------------- helpers ----

def _form_action(request, review, form, form_key, call, success, anchor="", **context):
    """The review page's form POSTs, all alike (:func:`cds.core.forms.run_form_service`): a valid
    form goes to the service ``call(cd)``; success flashes ``success`` (a text, or a function of
    the cleaned data) and goes back to the page at ``anchor``; a refusal or a bad form re-renders
    the page with the form and its errors (400, 403 or 409), nothing written."""
    return run_form_service(
        request, form, call, success=(lambda _: success(form.cleaned_data)) if callable(success) else success,
        redirect_to=_back_url(review, anchor),
        render=lambda f: _render_review(request, review, **{form_key: f}, **context))


def _deadline_info(deadline):
    days = (deadline - timezone.localdate()).days
    if days > 0:
        return {"days": days, "text": f"còn {days} ngày", "cls": "text-success" if days > 7 else "text-warning"}
    if days == 0:
        return {"days": 0, "text": "hạn là hôm nay", "cls": "text-warning"}
    return {"days": days, "text": f"quá hạn {-days} ngày", "cls": "text-danger"}


def _report_links(campaign):
    return {"docx": reverse("reviews:report_docx", args=[campaign.pk]),
            "xlsx": reverse("reviews:report_xlsx", args=[campaign.pk])}


def _annual_preview(user, year):
    """What "open the yearly campaign" would do, without doing it."""
    root = services.root_of(user)
    deadline = dt.date(year + 1, 1, 31)
    preview = {"year": year, "deadline": deadline, "root": root, "receiving": user.unit,
               "states": [State(s).label for s in services.ANNUAL_SCOPE_STATES], "n_projects": 0, "existing": []}
    if root is not None:
        draft = Campaign(root_unit=root, scope_states=list(services.ANNUAL_SCOPE_STATES),
                         started_until=dt.date(year, 12, 31))
        preview["n_projects"] = services.scope_projects(draft).count()
        preview["existing"] = list(scope_campaigns(user).filter(
            basis_number=services.ANNUAL_BASIS, period_year=year).order_by("-id"))
    return preview


# -------------------------------------------------------------- campaigns ----

@login_required
def campaign_list(request):
    user = request.user
    today = timezone.localdate()
    page = Paginator(selectors.campaign_list(user), CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.with_late_counts(user, page.object_list)
    for c in rows:
        outstanding = c.n_total - c.n_done
        c.late = c.n_done_late + (outstanding if c.status != CampaignStatus.DRAFT and today > c.deadline else 0)
        c.percent = round(c.n_done * 100 / c.n_total) if c.n_total else 0
    ctx = {"nav": "reviews", "page": page, "campaigns": rows, "can_manage": can_manage_campaigns(user),
           "is_unit_user": access.has_role(user, *access.UNIT_ROLES), "year": today.year}
    todo_form = TodoFilterForm(request.GET)
    todo, unit = todo_form.key(), todo_form.unit_id()
    if todo:
        todo_page = Paginator(selectors.todo_reviews(user, todo, unit), REVIEWS_PER_PAGE).get_page(
            request.GET.get("tpage"))
        ctx.update(todo=todo, todo_label=selectors.WAITING_FILTERS[todo][0], todo_page=todo_page,
                   todo_reviews=list(todo_page.object_list),
                   todo_unit=access.scope_units(user, Unit.objects.filter(pk=unit)).first() if unit else None)
    elif ctx["is_unit_user"]:
        mine = list(selectors.my_reviews(user)[:MY_REVIEWS_CAP + 1])
        ctx["my_reviews"], ctx["my_more"] = mine[:MY_REVIEWS_CAP], len(mine) > MY_REVIEWS_CAP
    return render(request, "reviews/list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    user = request.user
    if not can_manage_campaigns(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập đợt đánh giá.")
    form = CampaignForm(request.POST or None, user=user, initial=CampaignForm.initial_for(user))

    def page(f):
        return render(request, "reviews/campaign_form.html", {"nav": "reviews", "form": f})

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.create_campaign(user, dict(cd)),
        success="Đã lập đợt đánh giá (dự thảo). Kiểm tra phạm vi rồi bấm “Mở đợt đánh giá”.",
        redirect_to=lambda campaign: reverse("reviews:campaign", args=[campaign.pk]), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_open(request, pk):
    user = request.user
    campaign = selectors.get_campaign(user, pk)
    if not can_manage_campaigns(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được mở đợt đánh giá.")

    def page(form):
        n_projects = services.scope_projects(campaign).count() if campaign.status == CampaignStatus.DRAFT else None
        return render(request, "reviews/open_confirm.html", {
            "nav": "reviews", "c": campaign, "n_projects": n_projects, "errors": error_list(form),
            "states": [State(s).label for s in campaign.scope_states if s in State.values],
        })

    if request.method == "GET":
        return page(forms.Form())
    return run_form_service(
        request, forms.Form(request.POST), lambda cd: services.open_campaign(user, campaign),
        success=lambda n: f"Đã mở đợt đánh giá: giao {n} báo cáo cho các đơn vị.",
        redirect_to=reverse("reviews:campaign", args=[campaign.pk]), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_open_annual(request):
    user = request.user
    if not can_manage_campaigns(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được mở đợt báo cáo năm.")
    year = timezone.localdate().year

    def page(form):
        return render(request, "reviews/annual_confirm.html", {
            "nav": "reviews", "preview": _annual_preview(user, year), "errors": error_list(form)})

    if request.method == "GET":
        return page(forms.Form())
    return run_form_service(
        request, forms.Form(request.POST), lambda cd: services.open_annual_campaign(user, year),
        success=lambda campaign: f"Đã mở đợt báo cáo năm {year}: giao {campaign.reviews.count()} báo cáo.",
        redirect_to=lambda campaign: reverse("reviews:campaign", args=[campaign.pk]), render=page)


@login_required
@require_POST
def campaign_close(request, pk):
    user = request.user
    campaign = selectors.get_campaign(user, pk)
    if not can_manage_campaigns(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được kết thúc đợt đánh giá.")
    try:
        services.close_campaign(user, campaign)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã kết thúc đợt đánh giá.")
    return redirect("reviews:campaign", pk=campaign.pk)


@login_required
def campaign_detail(request, pk):
    """The campaign page: a fixed number of queries whatever the number of reviews (the
    aggregates run in the database; the lists are capped or paginated)."""
    user = request.user
    campaign = selectors.get_campaign(user, pk)
    method = campaign.method
    progress = selectors.progress_by_unit(user, campaign)
    counts = selectors.totals(progress)
    ineffective = list(selectors.ineffective_reviews(user, campaign)[:LIST_CAP + 1])
    overdue = list(selectors.overdue_reviews(user, campaign)[:LIST_CAP + 1])

    flt = CampaignReviewFilter(request.GET).values()
    reviews = selectors.campaign_reviews(user, campaign).select_related("project", "unit")
    if flt["unit"]:
        reviews = reviews.filter(unit_id=flt["unit"])
    if flt["status"]:
        reviews = reviews.filter(status=flt["status"])
    if flt["only"] == "ineffective":
        reviews = reviews.filter(reviewer_rating__in=selectors.INEFFECTIVE)
    elif flt["only"] == "overdue":
        reviews = reviews.exclude(status__in=selectors.DONE) if timezone.localdate() > campaign.deadline else reviews.none()
    elif flt["only"] == "optimistic":
        reviews = selectors.with_ranks(reviews).filter(selectors.optimistic_q())
    # Grouped by unit in index order (campaign, unit, project): sorting 20,000 joined rows by unit
    # name on every page view cost more than the rest of the page (bench/reviews.py).
    page = Paginator(reviews.order_by("unit_id", "project_id"), REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for r in page.object_list + ineffective + overdue:
        r.campaign = campaign  # is_late reads the deadline without a query per row

    scatter = list(
        selectors.campaign_reviews(user, campaign)
        .filter(status__in=(ReviewStatus.ACCEPTED, ReviewStatus.DECIDED), value_score__isnull=False,
                fitness_score__isnull=False)
        .order_by().values("value_score", "fitness_score").annotate(n=Count("id"))
    )
    chart = {
        "units": {
            "labels": [p.unit.short_name or p.unit.name for p in progress],
            "on_time": [p.submitted - p.submitted_late for p in progress],
            "late_done": [p.submitted_late for p in progress],
            "in_progress": [p.in_progress for p in progress],
            "not_started": [p.not_started for p in progress],
        },
        "scatter": [{"x": s["fitness_score"], "y": s["value_score"], "n": s["n"]} for s in scatter],
        "thresholds": {"value": method.value_threshold, "fitness": method.fitness_threshold},
        "quadrants": {key: label for key, label in scoring.QUADRANTS.values()},
    }
    ctx = {
        "nav": "reviews", "c": campaign, "method": method, "counts": counts, "progress": progress,
        "deadline": _deadline_info(campaign.deadline), "chart": chart, "n_scored": sum(s["n"] for s in scatter),
        "ineffective": ineffective[:LIST_CAP], "ineffective_more": len(ineffective) > LIST_CAP,
        "overdue": overdue[:LIST_CAP], "overdue_more": len(overdue) > LIST_CAP,
        "page": page, "flt": flt, "statuses": ReviewStatus.choices, "reports": _report_links(campaign),
        "can_manage": can_manage_campaigns(user),
        "states": [State(s).label for s in campaign.scope_states if s in State.values],
        "chart_height": max(160, 28 * len(progress) + 80),
    }
    return render(request, "reviews/campaign.html", ctx)


# ---------------------------------------------------------------- reviews ----

def _indicators():
    return Indicator.objects.filter(is_active=True)


USER_FIELDS = {"prepared_by", "submitted_by", "reviewed_by", "decided_by"}
DROPPED_FIELDS = {"campaign", "project", "review", "indicator", "unit"}
NUMBER_FIELDS = {"baseline", "target", "actual"}
LABELS = {"prepared_by": "Người nhập", "submitted_by": "Người xác nhận, gửi", "reviewed_by": "Người thẩm tra",
          "reviewed_at": "Thời điểm ghi thẩm tra", "decided_by": "Người quyết định", "decided_at": "Thời điểm ghi quyết định"}
# Reviews are bulk-created when a campaign opens, so they have no "created" history record and
# their first change has nothing to be compared with; it is shown against the blank report.
FIRST_CHANGE_FIELDS = ("status", "summary", "self_rating", "problems_note", "prepared_by")


def _first_change(review):
    first = review.history.select_related("history_user").order_by("history_date", "history_id").first()
    if first is None or first.history_type != "~":
        return None
    changes = []
    for name in FIRST_CHANGE_FIELDS:
        field = Review._meta.get_field(name)
        value = getattr(first, field.attname)
        default = field.get_default()
        if value in (None, "") or value == default:
            continue
        shown = dict(field.flatchoices).get(value, value) if field.choices else value
        old = dict(field.flatchoices).get(default, "—") if field.choices else "—"
        label = LABELS.get(name) or str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]
        changes.append(Change(name, label, str(old), str(shown)))
    user = first.history_user
    return HistoryRow(when=first.history_date, who=user.display_name if user else "Hệ thống",
                      what="Báo cáo đánh giá", action="Sửa", changes=changes)


def _review_history(review, indicators):
    """Field history of the report and of its indicator values, newest first; people named,
    numbers written the Vietnamese way."""
    names = {i.pk: i.name for i in indicators}
    rows = build_history([
        (Review, review.history.select_related("history_user").all(), lambda r: "Báo cáo đánh giá"),
        (IndicatorValue, IndicatorValue.history.filter(review_id=review.pk).select_related("history_user"),
         lambda r: f"Chỉ tiêu: {names.get(r.indicator_id, r.indicator_id)}"),
    ])
    first = _first_change(review)
    if first is not None and first.changes:
        rows.append(first)
        rows.sort(key=lambda r: r.when, reverse=True)
    user_ids = set()
    for row in rows:
        row.changes = [c for c in row.changes if c.field not in DROPPED_FIELDS]
        for c in row.changes:
            c.label = LABELS.get(c.field, c.label)
            if c.field in USER_FIELDS:
                user_ids.update(int(v) for v in (c.old, c.new) if v.isdigit())
            elif c.field in NUMBER_FIELDS:
                c.old, c.new = (_number(v) for v in (c.old, c.new))
    if user_ids:
        people = {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)}
        for row in rows:
            for c in row.changes:
                if c.field in USER_FIELDS:
                    c.old = people.get(int(c.old), c.old) if c.old.isdigit() else c.old
                    c.new = people.get(int(c.new), c.new) if c.new.isdigit() else c.new
    return rows


def _number(text):
    try:
        return plain_number(Decimal(text))
    except (InvalidOperation, TypeError, ValueError):
        return text


def _decisions_blocked(project) -> list[str]:
    """Project-changing decisions the project's current state does not allow (the lifecycle
    of cds.projects refuses them; said before the leader chooses, not only after)."""
    blocked = []
    for decision, action in services.DECISION_ACTIONS.items():
        if project.state not in lifecycle.BY_ACTION[action].source:
            blocked.append(Decision(decision).label)
    if project.state not in lifecycle.SCALE_DOWN_STATES:
        blocked.append(Decision.SCALE_DOWN.label)
    return blocked


def _review_context(request, review, **overrides):
    """Everything the review page shows; which parts appear depends on role and status.
    Forms with errors come in ``overrides``."""
    user = request.user
    campaign = review.campaign
    status = review.status
    indicators = list(_indicators())
    campaign_open = campaign.status == CampaignStatus.OPEN
    can_fill = can_fill_review(user, review) and status in services.EDITABLE and campaign_open
    can_submit = (can_submit_review(user, review) and campaign_open
                  and status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED))
    may_assess = can_assess_review(user, review)
    can_assess = may_assess and status == ReviewStatus.SUBMITTED
    can_decide = can_decide_review(user, review) and status == ReviewStatus.ACCEPTED
    value_q = scoring.quadrant(campaign.method, review.value_score, review.fitness_score)
    values = list(review.values.all())
    for v in values:
        v.shown = {k: plain_number(getattr(v, k)) for k in ("baseline", "target", "actual")}
    ctx = {
        "nav": "reviews", "r": review, "c": campaign, "p": review.project, "method": campaign.method,
        "deadline": _deadline_info(campaign.deadline), "campaign_open": campaign_open,
        "editable": status in services.EDITABLE,
        "values": values, "evidence": [e for e in review.evidence.all() if not e.is_removed],
        "issues": list(review.issues.all()), "follow_ups": list(review.follow_ups.all()),
        "quadrant": value_q[1], "quadrant_key": value_q[0], "gap": review.rating_gap,
        "gap_abs": abs(review.rating_gap or 0),
        "can_fill": can_fill, "can_submit": can_submit, "can_assess": can_assess, "can_answer": may_assess,
        "can_decide": can_decide,
        "can_follow_up": can_fill_review(user, review) or may_assess,
        "submit_blocked_by_maker": can_submit and review.prepared_by_id == user.pk,
        "assess_blocked_by_maker": can_assess and user.pk in {review.prepared_by_id, review.submitted_by_id},
        "decide_blocked_by_maker": can_decide and user.pk in {review.prepared_by_id, review.submitted_by_id,
                                                               review.reviewed_by_id},
        "history": _review_history(review, indicators),
        "project_changing": [Decision(d).label for d in PROJECT_CHANGING],
        "report_links": _report_links(campaign),
        "built_systems": selectors.built_systems(user, review.project),
        "equipment": selectors.project_equipment(review.project),
    }
    if can_fill:
        ctx["fill_form"] = ReviewForm(initial=ReviewForm.initial_for(review), indicators=indicators)
        ctx["issue_form"] = IssueForm()
        ctx["evidence_form"] = EvidenceForm(indicators=_indicators())
        ctx["head_fills"] = can_submit_review(user, review)
    if can_fill or can_submit:
        ctx["missing"] = services.missing_for_submission(review)
    if can_submit:
        ctx["submit_form"] = SubmitForm(initial={"version": review.version})
    if can_assess:
        ctx["return_form"] = ReturnForm(initial={"version": review.version})
        ctx["assess_form"] = AssessForm(initial={"version": review.version})
    if can_decide:
        ctx["decisions_blocked"] = _decisions_blocked(review.project)
        ctx["decide_form"] = DecideForm(initial={"version": review.version, "decision": review.proposed_decision})
    if may_assess:
        ctx["answer_form"] = AnswerForm()
    ctx.update(overrides)
    if "fill_form" in ctx:
        ctx["fill_rows"] = ctx["fill_form"].rows()
    return ctx


def _render_review(request, review, status=200, **overrides):
    return render(request, "reviews/review.html", _review_context(request, review, **overrides), status=status)


def _back_url(review, anchor="") -> str:
    return reverse("reviews:review", args=[review.pk]) + (f"#{anchor}" if anchor else "")


def _back(review, anchor=""):
    return redirect(_back_url(review, anchor))


@login_required
def review_detail(request, pk):
    review = selectors.review_detail(request.user, pk)
    return _render_review(request, review)


@login_required
@require_POST
def review_save(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_fill_review(user, review):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo này.")
    form = ReviewForm(request.POST, indicators=_indicators())

    def save(cd):
        data = {"summary": cd["summary"], "self_rating": cd["self_rating"], "problems": list(cd["problems"]),
                "problems_note": cd["problems_note"],
                "values": form.values_data({v.indicator.code for v in review.values.all()})}
        services.save_review(user, review, data, expected_version=cd.get("version"))

    return _form_action(request, review, form, "fill_form", save,
                        "Đã lưu báo cáo. Lãnh đạo đơn vị xác nhận và gửi khi đã đủ nội dung.", "unit-form")


@login_required
@require_POST
def review_add_issue(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_fill_review(user, review):
        raise PermissionDenied("Bạn không có quyền nêu khó khăn, kiến nghị cho báo cáo này.")
    return _form_action(
        request, review, IssueForm(request.POST), "issue_form",
        lambda cd: services.add_issue(user, review, kind=cd["kind"], text=cd["text"]),
        "Đã ghi khó khăn, kiến nghị; cơ quan chuyên trách CĐS sẽ trả lời.", "issues")


@login_required
@require_POST
def review_add_evidence(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_fill_review(user, review):
        raise PermissionDenied("Bạn không có quyền đính kèm minh chứng cho báo cáo này.")
    return _form_action(
        request, review, EvidenceForm(request.POST, request.FILES, indicators=_indicators()), "evidence_form",
        lambda cd: services.add_evidence(user, review, cd["file"], indicator=cd["indicator"],
                                         description=cd["description"]),
        "Đã đính kèm minh chứng.", "evidence")


@login_required
def evidence_download(request, pk, evidence_id):
    review = selectors.review_detail(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, review=review, is_removed=False)
    return file_download(evidence.file, evidence.file_name, "Minh chứng không có tệp.")


@login_required
@require_POST
def review_submit(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_submit_review(user, review):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được xác nhận và gửi báo cáo.")
    return run_form_service(
        request, SubmitForm(request.POST),
        lambda cd: services.submit_review(user, review, expected_version=cd.get("version")),
        success="Đã xác nhận và gửi báo cáo tới cơ quan chuyên trách CĐS.", redirect_to=_back_url(review),
        render=lambda f: _render_review(request, review, submit_errors=error_list(f), submit_conflict=f.conflict))


@login_required
@require_POST
def review_return(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_assess_review(user, review):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được trả lại báo cáo.")
    return _form_action(
        request, review, ReturnForm(request.POST), "return_form",
        lambda cd: services.return_review(user, review, comment=cd["comment"], expected_version=cd.get("version")),
        "Đã trả lại báo cáo kèm ý kiến cho đơn vị.")


@login_required
@require_POST
def review_assess(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_assess_review(user, review):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được thẩm tra báo cáo.")
    return _form_action(
        request, review, AssessForm(request.POST), "assess_form",
        lambda cd: services.assess_review(user, review, rating=cd["rating"], comment=cd["comment"],
                                          proposed_decision=cd["proposed_decision"],
                                          proposed_reason=cd["proposed_reason"], expected_version=cd.get("version")),
        "Đã ghi kết quả thẩm tra và đề xuất xử lý.")


@login_required
@require_POST
def issue_answer(request, pk, issue_id):
    user = request.user
    review = selectors.review_detail(user, pk)
    issue = get_object_or_404(ReviewIssue, pk=issue_id, review=review)
    if not can_assess_review(user, review):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS trả lời kiến nghị.")
    return _form_action(request, review, AnswerForm(request.POST), "answer_form",
                        lambda cd: services.answer_issue(user, issue, answer=cd["answer"]),
                        "Đã ghi câu trả lời.", "issues", answer_issue=issue.pk)


@login_required
@require_POST
def review_decide(request, pk):
    user = request.user
    review = selectors.review_detail(user, pk)
    if not can_decide_review(user, review):
        raise PermissionDenied("Chỉ lãnh đạo UBND được quyết định.")
    def decided(cd):
        extra = " Trạng thái nhiệm vụ/dự án đã được cập nhật." if cd["decision"] in PROJECT_CHANGING else ""
        return f"Đã ghi quyết định “{Decision(cd['decision']).label}”.{extra}"

    return _form_action(
        request, review, DecideForm(request.POST), "decide_form",
        lambda cd: services.decide_review(user, review, decision=cd["decision"], decision_number=cd["decision_number"],
                                          decision_date=cd["decision_date"], note=cd["note"],
                                          follow_up=cd["follow_up"], follow_up_due=cd["follow_up_due"],
                                          expected_version=cd.get("version")),
        decided)


@login_required
@require_POST
def follow_up_done(request, pk, action_id):
    user = request.user
    review = selectors.review_detail(user, pk)
    action = get_object_or_404(FollowUpAction, pk=action_id, review=review)
    if not (can_fill_review(user, review) or can_assess_review(user, review)):
        raise PermissionDenied("Bạn không có quyền cập nhật việc này.")
    if action.status == FollowUpStatus.DONE:
        messages.info(request, "Việc này đã được ghi nhận hoàn thành trước đó.")
    else:
        try:
            services.complete_follow_up(user, action)
        except ServiceError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã ghi nhận hoàn thành.")
    return _back(review, "follow-ups")

