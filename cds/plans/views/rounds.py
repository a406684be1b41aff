"""Pages of planning rounds and of a unit's proposals: the list of rounds, opening and editing a
round, its envelopes, its page, and the proposal form (new or carried over). Views parse input,
call selectors/services and render; every object comes through the access helpers (404 outside
the user's scope, 403 for what they may see but not do) and every write is a service call
(nothing is written when it refuses)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cds.accounts import access
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.projects.permissions import scope_projects

from .. import selectors, services
from ..forms import ActionForm, CarryOverForm, EnvelopeForm, ProposalForm, RoundForm, proposal_years
from ..models import Proposal, ProposalCost, Round, RoundStatus
from ..permissions import (
    can_consolidate,
    can_edit_proposal,
    can_manage_round,
    can_manage_rounds,
    can_propose,
    get_proposal_for,
    get_round_for,
    is_reviewer,
    scope_proposals,
)
from ..waiting import PROPOSALS, WAITING, waiting

ROUNDS_PER_PAGE = 25
WAITING_PER_PAGE = 50
OWN_CAP = 200          # a unit's proposals listed on the round page
LATE_CAP = 100         # units that have sent nothing


def _deadline_info(deadline):
    days = (deadline - timezone.localdate()).days
    if days > 0:
        return {"days": days, "text": f"còn {days} ngày", "cls": "text-success" if days > 7 else "text-warning"}
    if days == 0:
        return {"days": 0, "text": "hạn là hôm nay", "cls": "text-warning"}
    return {"days": days, "text": f"quá hạn {-days} ngày", "cls": "text-danger"}


def _round(user, pk) -> Round:
    return get_round_for(user, pk, Round.objects.select_related(
        "root_unit", "receiving_unit", "finance_unit", "rubric", "opened_by"))


def _managed_round(user, pk) -> Round:
    round_ = _round(user, pk)
    if not can_manage_round(user, round_):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được quản lý đợt lập kế hoạch.")
    return round_


def _round_url(round_) -> str:
    return reverse("plans:round", args=[round_.pk])


def _propose_url_ok(user, round_) -> bool:
    return can_propose(user, round_, user.unit) if user.unit_id else False


# ----------------------------------------------------------------- rounds ----

@login_required
def round_list(request):
    user = request.user
    rounds = selectors.round_list(user).order_by("-year_from", "-created_at", "-pk")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    rounds = list(page.object_list)
    today = timezone.localdate()
    for r in rounds:
        r.late = r.status == RoundStatus.OPEN and today > r.deadline
    ctx = {"nav": "plans", "page": page, "rounds": rounds, "can_manage": can_manage_rounds(user)}
    key = request.GET.get("todo") or ""
    if key in WAITING:
        label, kind = WAITING[key]
        waiting_page = Paginator(waiting(user, key), WAITING_PER_PAGE).get_page(request.GET.get("tpage"))
        ctx.update(todo=key, todo_label=label, todo_kind=kind, waiting_page=waiting_page,
                   todo_rows=list(waiting_page.object_list), proposals_kind=PROPOSALS)
    return render(request, "plans/round_list.html", ctx)


def _round_form_page(request, form, round_=None):
    return render(request, "plans/round_form.html", {"nav": "plans", "form": form, "r": round_,
                                                      "creating": round_ is None})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    user = request.user
    if not can_manage_rounds(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được mở đợt lập kế hoạch.")
    form = RoundForm(request.POST or None, user=user,
                     initial=RoundForm.initial_for(user, rubric=services.current_rubric()))
    if request.method == "GET":
        return _round_form_page(request, form)
    return run_form_service(
        request, form, lambda cd: services.create_round(user, form.data_for_service()),
        success="Đã lập đợt lập kế hoạch (dự thảo). Nhập hạn mức kinh phí rồi bấm “Mở đợt nhận đề xuất”.",
        redirect_to=lambda r: reverse("plans:envelopes", args=[r.pk]),
        render=lambda f: _round_form_page(request, f))


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    user = request.user
    round_ = _managed_round(user, pk)
    if request.method == "GET":
        return _round_form_page(request, RoundForm(user=user, round_=round_,
                                                   initial=RoundForm.initial_for(user, round_)), round_)
    form = RoundForm(request.POST, user=user, round_=round_, initial={"rubric": round_.rubric_id})
    return run_form_service(
        request, form, lambda cd: services.update_round(user, round_, form.data_for_service(),
                                                        expected_version=cd.get("version")),
        success="Đã lưu thay đổi của đợt lập kế hoạch.", redirect_to=_round_url(round_),
        render=lambda f: _round_form_page(request, f, round_))


@login_required
@require_http_methods(["GET", "POST"])
def round_envelopes(request, pk):
    user = request.user
    round_ = _managed_round(user, pk)
    envelopes = list(round_.envelopes.select_related("funding_source"))

    def page(f):
        return render(request, "plans/round_envelopes.html", {
            "nav": "plans", "r": round_, "form": f, "years": round_.years, "rows": f.grid.rows(),
            "cell_errors": f.grid.errors() if f.is_bound else [],
            "locked": round_.status == RoundStatus.CLOSED})

    if request.method == "GET":
        return page(EnvelopeForm(round_=round_, envelopes=envelopes,
                                 initial=EnvelopeForm.initial_for(round_, envelopes)))
    form = EnvelopeForm(request.POST, round_=round_, envelopes=envelopes)

    def save(cd):
        rows = form.rows_for_service()
        return services.set_envelopes(user, round_, rows, expected_version=cd.get("version"))

    return run_form_service(
        request, form, save, success=lambda rows: f"Đã lưu hạn mức kinh phí ({len(rows)} dòng theo nguồn và năm).",
        redirect_to=_round_url(round_), render=page)


ACTIONS = {
    "open": ("Mở đợt nhận đề xuất", services.open_round,
             "Đã mở đợt lập kế hoạch; các đơn vị được đề nghị đã nhận thông báo."),
    "review": ("Chuyển sang tổng hợp, chấm điểm", services.start_review,
               "Đợt lập kế hoạch đã chuyển sang tổng hợp, chấm điểm; không nhận đề xuất mới."),
    "close": ("Kết thúc đợt lập kế hoạch", services.close_round, "Đã kết thúc đợt lập kế hoạch."),
}


def _round_action(request, pk, action):
    user = request.user
    round_ = _managed_round(user, pk)
    title, call, success = ACTIONS[action]

    def page(f):
        ctx = {"nav": "plans", "r": round_, "action": action, "title": title, "form": f, "errors": error_list(f),
               "n_called": round_.called_units.count()}
        if action == "open":
            ctx["envelopes"] = list(round_.envelopes.select_related("funding_source"))
            ctx["total"] = sum(e.amount for e in ctx["envelopes"])
        else:
            ctx["counts"] = selectors.round_counts(user, round_)
        return render(request, "plans/round_confirm.html", ctx)

    if request.method == "GET":
        return page(ActionForm(initial={"version": round_.version}))
    form = ActionForm(request.POST)
    return run_form_service(request, form, lambda cd: call(user, round_, expected_version=cd.get("version")),
                            success=success, redirect_to=_round_url(round_), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request, pk):
    return _round_action(request, pk, "open")


@login_required
@require_http_methods(["GET", "POST"])
def round_review(request, pk):
    return _round_action(request, pk, "review")


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request, pk):
    return _round_action(request, pk, "close")


@login_required
def round_detail(request, pk):
    """The round page: a fixed number of queries whatever the number of proposals (sums by the
    database; the lists are capped)."""
    user = request.user
    round_ = _round(user, pk)
    is_unit = user.role in access.UNIT_ROLES
    reviewer = is_reviewer(user, round_)
    wide = not is_unit or reviewer
    today = timezone.localdate()
    ctx = {
        "nav": "plans", "r": round_, "deadline": _deadline_info(round_.deadline), "is_unit": is_unit,
        "wide": wide, "envelopes": selectors.envelope_usage(round_),
        "called": list(round_.called_units.order_by("name")),
        "plans": list(selectors.plans_of_round(user, round_)),
        "can_manage": can_manage_round(user, round_), "can_consolidate": can_consolidate(user, round_),
        "can_propose": _propose_url_ok(user, round_), "reviewer": reviewer,
        "past_deadline": today > round_.deadline,
    }
    ctx["envelope_total"] = sum(e.envelope for e in ctx["envelopes"])
    ctx["requested_total"] = sum(e.requested for e in ctx["envelopes"])
    ctx["funded_total"] = sum(e.funded for e in ctx["envelopes"])
    ctx["left_total"] = ctx["envelope_total"] - ctx["funded_total"]
    if is_unit:
        mine = list(scope_proposals(user).filter(round=round_).filter(access.scope_for(user).q("unit"))
                    .select_related("unit").order_by("status", "code")[:OWN_CAP + 1])
        ctx["mine"], ctx["mine_more"] = mine[:OWN_CAP], len(mine) > OWN_CAP
        ctx["mine_total"] = sum(p.total for p in ctx["mine"])
    if wide:
        ctx["counts"] = selectors.round_counts(user, round_)
        if round_.status != RoundStatus.DRAFT:
            late = selectors.late_units(round_)
            ctx["late_units"], ctx["late_more"] = late[:LATE_CAP], len(late) > LATE_CAP
            ctx["n_late_units"] = len(late)
    return render(request, "plans/round_detail.html", ctx)


# -------------------------------------------------------------- proposals ----

def _posted_end_year(request):
    return request.POST.get("end_year") if request.method == "POST" else None


def _proposal_form_page(request, form, round_, proposal=None, carried=None):
    return render(request, "plans/proposal_form.html", {
        "nav": "plans", "form": form, "r": round_, "p": proposal, "creating": proposal is None,
        "years": form.grid.years, "rows": form.grid.rows(), "cell_errors": form.grid.errors() if form.is_bound else [],
        "carried": carried, "deadline": _deadline_info(round_.deadline)})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, pk):
    user = request.user
    round_ = _round(user, pk)
    if not _propose_url_ok(user, round_):
        if round_.status != RoundStatus.OPEN:
            raise PermissionDenied("Đợt lập kế hoạch không nhận đề xuất mới.")
        raise PermissionDenied("Chỉ cán bộ, lãnh đạo đơn vị được lập đề xuất của đơn vị mình.")
    years = proposal_years(round_, _posted_end_year(request))
    form = ProposalForm(request.POST or None, user=user, round_=round_, years=years,
                        initial=ProposalForm.initial_for(round_=round_))
    if request.method == "GET":
        return _proposal_form_page(request, form, round_)
    return run_form_service(
        request, form, lambda cd: services.create_proposal(user, round_, form.data_for_service()),
        success=lambda p: f"Đã lưu đề xuất {p.code}. Xem kết quả kiểm tra trước khi lãnh đạo đơn vị gửi.",
        redirect_to=lambda p: reverse("plans:proposal", args=[p.pk]),
        render=lambda f: _proposal_form_page(request, f, round_))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    user = request.user
    proposal = get_proposal_for(user, pk, Proposal.objects.select_related("round", "round__root_unit", "unit",
                                                                          "project"))
    round_ = proposal.round
    if not can_edit_proposal(user, proposal):
        raise PermissionDenied("Bạn không được sửa đề xuất này (đã gửi, hoặc không thuộc đơn vị của bạn).")
    costs = list(ProposalCost.objects.filter(proposal=proposal))
    years = proposal_years(round_, _posted_end_year(request) or proposal.end_year, [c.year for c in costs])
    kwargs = {"user": user, "round_": round_, "years": years,
              "used_sources": [c.funding_source_id for c in costs],
              "chosen_systems": list(proposal.systems.values_list("pk", flat=True))}
    if request.method == "GET":
        return _proposal_form_page(request, ProposalForm(initial=ProposalForm.initial_for(proposal), **kwargs),
                                   round_, proposal)
    form = ProposalForm(request.POST, **kwargs)
    return run_form_service(
        request, form, lambda cd: services.update_proposal(user, proposal, form.data_for_service(),
                                                           expected_version=cd.get("version")),
        success="Đã lưu đề xuất; kết quả kiểm tra đã được cập nhật.",
        redirect_to=reverse("plans:proposal", args=[proposal.pk]),
        render=lambda f: _proposal_form_page(request, f, round_, proposal))


def _carry_candidates(user, round_):
    """The registry projects of the user's own units that may be carried over into the round."""
    return (scope_projects(user).filter(access.scope_for(user).q("investor_unit"))
            .filter(services.carriable_projects(round_))
            .select_related("investor_unit").order_by("investor_unit__name", "code"))


@login_required
@require_http_methods(["GET", "POST"])
def carry_over(request, pk):
    user = request.user
    round_ = _round(user, pk)
    if not _propose_url_ok(user, round_):
        if round_.status != RoundStatus.OPEN:
            raise PermissionDenied("Đợt lập kế hoạch không nhận đề xuất mới.")
        raise PermissionDenied("Chỉ cán bộ, lãnh đạo đơn vị được chuyển tiếp nhiệm vụ của đơn vị mình.")
    candidates = _carry_candidates(user, round_)

    def page(f):
        projects = list(candidates[:300])
        taken = dict(Proposal.objects.filter(round=round_, project__in=[p.pk for p in projects])
                     .exclude(status__in=services.TERMINAL_PROPOSALS).values_list("project_id", "code"))
        for p in projects:
            p.remaining = services.remaining_to_fund(p)
            p.taken = taken.get(p.pk)
        return render(request, "plans/carry_over.html", {"nav": "plans", "r": round_, "projects": projects,
                                                          "errors": error_list(f) if f.is_bound else []})

    if request.method == "GET":
        return page(CarryOverForm())
    form = CarryOverForm(request.POST)

    def carry(cd):
        project = candidates.filter(pk=cd.get("project")).first() if cd.get("project") else None
        if project is None:
            raise ServiceError("Chọn một nhiệm vụ/dự án của đơn vị trong danh sách.")
        return services.carry_over(user, round_, project, unit=user.unit)

    return run_form_service(
        request, form, carry,
        success=lambda p: f"Đã lập đề xuất chuyển tiếp {p.code}. Kiểm tra kinh phí còn cần bố trí rồi lưu.",
        redirect_to=lambda p: reverse("plans:proposal_edit", args=[p.pk]), render=page)
