"""Pages where the yearly plan is reviewed: one proposal (its costs, the checks' findings, the
independent scores and the authority's decisions), the consolidation of a round (every sent
proposal in one paged table, duplicates, envelopes), a plan version (items against envelopes,
approval, registration, execution, versions and their differences) and the published rubrics.

Every object comes through the scoped getters of :mod:`cds.plans.permissions` (404 outside the
user's scope); every write is a service call run by :func:`cds.core.forms.run_form_service`, and
a refusal re-renders the page with the Vietnamese message beside the form that was sent."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cds.accounts import access
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.orgs.models import Unit
from cds.projects.models import Kind
from cds.projects.permissions import scope_projects
from cds.systems.permissions import scope_systems
from cds.text.format import format_number, format_vnd, vndate

from .. import selectors, services
from ..forms import (
    AddItemForm,
    ApproveForm,
    CommentForm,
    DraftPlanForm,
    FundingForm,
    ItemForm,
    MergeForm,
    PlanSubmitForm,
    ReasonForm,
    RubricForm,
    ScoreForm,
    VersionForm,
)
from ..models import (
    Basis,
    Finding,
    Funding,
    Level,
    PlanItem,
    PlanStatus,
    PlanVersion,
    Proposal,
    ProposalStatus,
    Round,
    Rubric,
    Score,
)
from ..permissions import (
    SENT,
    can_approve_plan,
    can_consolidate,
    can_edit_proposal,
    can_manage_rubrics,
    can_score,
    can_submit_proposal,
    can_view_consolidation,
    get_plan_for,
    get_proposal_for,
    get_round_for,
    is_reviewer,
    scope_plans,
    scope_proposals,
    sees_scores,
)

PER_PAGE = 50  # rows of the consolidation table a page (rendering a row costs more than reading it)
MERGE_CHOICES = 300      # other sent proposals offered in the merge list (the checks' duplicates first)
ADD_CHOICES = 300        # sent proposals offered to a draft plan
CLUSTERS_SHOWN = 30      # duplicate clusters on the consolidation page
CLUSTER_MEMBERS = 12     # proposals named per cluster (the rest counted)
DUPLICATE = "overlap.round"


# ----------------------------------------------------------------- evidence ----

# What the checks put in a finding's evidence, in words; a key not listed is shown as it is
# named, its value formatted by its kind.
# The evidence a reader is shown, by key, with its label; what a finding's message already says
# (names, codes, similarity, matching terms) and the engine's internals are not repeated.
EVIDENCE_LABELS = {
    "mine": "Của đề xuất này", "median": "Trung vị", "count": "Số nhiệm vụ/dự án so sánh",
    "tolerance": "Mức chênh lệch cho phép", "ucp_points": "Điểm trường hợp sử dụng đã điều chỉnh",
    "software_cost": "Chi phí phát triển phần mềm", "total": "Tổng kinh phí", "amount": "Số tiền",
    "lines": "Dòng kinh phí", "years": "Năm", "capabilities": "Năng lực nghiệp vụ", "owner": "Đơn vị chủ quản",
    "category": "Loại hệ thống", "state": "Tình trạng", "since": "Từ ngày", "rating": "Kết quả đánh giá",
    "decision": "Quyết định", "decision_number": "Số văn bản", "decision_date": "Ngày văn bản",
    "sources": "Căn cứ so sánh",
}
KINDS = {"approved": "tổng mức/dự toán được duyệt", "estimate": "dự toán đề xuất"}
MONEY_KEYS = {"mine", "median", "software_cost", "total", "amount", "per_point"}


def _value_text(key: str, value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if key == "tolerance" and isinstance(value, (int, float, Decimal)):
        return f"{round(float(value) * 100)}%"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if key in MONEY_KEYS:
            return f"{format_vnd(round(value))} đồng"
        return format_number(value, 2).rstrip("0").rstrip(",") if isinstance(value, (float, Decimal)) \
            else format_vnd(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return vndate(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return _source_text(value)
    if isinstance(value, (list, tuple)):
        shown = [_value_text(key, v) for v in value[:10]]
        return "; ".join(t for t in shown if t) + (f"; … và {len(value) - 10} mục khác" if len(value) > 10 else "")
    return str(value)


def _source_text(d: dict) -> str:
    """One compared record: "DA-2025-0001 Tên — 8.503.626.000 đồng (tổng mức được duyệt)"."""
    head = " ".join(str(d[k]) for k in ("project", "name") if d.get(k))
    money = next(((k, d[k]) for k in ("amount", "per_point", "total") if isinstance(d.get(k), (int, float))), None)
    text = head
    if money is not None:
        text += f" — {format_vnd(round(money[1]))} đồng" + (" mỗi điểm" if money[0] == "per_point" else "")
    if d.get("kind") in KINDS:
        text += f" ({KINDS[d['kind']]})"
    return text


def evidence_lines(evidence) -> list[tuple[str, str]]:
    """A finding's evidence as (label, text) lines a reader understands: amounts in đồng with
    "." separators, dates dd/mm/yyyy, compared records by code and name. Only the keys listed in
    :data:`EVIDENCE_LABELS` are shown; the rest is for the API and the audit."""
    if not isinstance(evidence, dict):
        return []
    out = []
    for key, label in EVIDENCE_LABELS.items():
        value = evidence.get(key)
        if value in (None, "", [], {}):
            continue
        text = _value_text(key, value)
        if text:
            out.append((label, text))
    return out


def _shown_findings(user, findings) -> list[dict]:
    """The findings with their linked records: a link where the user may read the record, its
    name otherwise (a unit learns that another unit proposes the same, not what it wrote)."""
    findings = list(findings)
    proposal_ids = {f.other_proposal_id for f in findings if f.other_proposal_id}
    project_ids = {f.other_project_id for f in findings if f.other_project_id}
    system_ids = {f.system_id for f in findings if f.system_id}
    readable_proposals = set(scope_proposals(user).filter(pk__in=proposal_ids).values_list("pk", flat=True)) \
        if proposal_ids else set()
    readable_projects = set(scope_projects(user).filter(pk__in=project_ids).values_list("pk", flat=True)) \
        if project_ids else set()
    readable_systems = set(scope_systems(user).filter(pk__in=system_ids).values_list("pk", flat=True)) \
        if system_ids else set()
    out = []
    for f in findings:
        links = []
        if f.other_proposal_id:
            o = f.other_proposal
            links.append({"label": "Đề xuất", "text": f"{o.code} {o.name} — {o.unit.name}",
                          "url": reverse("plans:proposal", args=[o.pk]) if o.pk in readable_proposals else ""})
        if f.other_project_id:
            o = f.other_project
            links.append({"label": "Nhiệm vụ/dự án", "text": f"{o.code} {o.name}",
                          "url": reverse("projects:detail", args=[o.pk]) if o.pk in readable_projects else ""})
        if f.system_id:
            o = f.system
            links.append({"label": "Hệ thống", "text": f"{o.code} {o.name}",
                          "url": reverse("systems:detail", args=[o.pk]) if o.pk in readable_systems else ""})
        score = None
        if f.score is not None:
            score = round(f.score * 100) if f.score <= 1 else round(f.score)
        out.append({"f": f, "links": links, "score": score, "evidence": evidence_lines(f.evidence)})
    return out


# ----------------------------------------------------------------- proposal ----

def _cost_grid(costs, years=None):
    """Costs by source (rows) × year (columns) with the totals of each."""
    years = sorted(set(years or []) | {c.year for c in costs})
    rows: dict = {}
    for c in costs:
        row = rows.setdefault(c.funding_source_id, {"source": c.funding_source, "cells": defaultdict(int), "total": 0})
        row["cells"][c.year] += c.amount
        row["total"] += c.amount
    ordered = sorted(rows.values(), key=lambda r: (r["source"].sort_order, r["source"].name))
    for r in ordered:
        r["values"] = [r["cells"].get(y) for y in years]
    by_year = [sum(r["cells"].get(y, 0) for r in ordered) for y in years]
    return {"years": years, "rows": ordered, "by_year": by_year, "total": sum(by_year)}


def _merge_choices(p, shown) -> tuple[list, list, int | None]:
    """(the checks' duplicates, other sent proposals of the round, the one pre-selected)."""
    dup_ids, duplicates = set(), []
    for row in shown:
        f = row["f"]
        if f.code == DUPLICATE and f.other_proposal_id and f.other_proposal_id not in dup_ids \
                and f.other_proposal.status == ProposalStatus.SUBMITTED:
            dup_ids.add(f.other_proposal_id)
            duplicates.append(f.other_proposal)
    others = list(Proposal.objects.filter(round=p.round_id, status=ProposalStatus.SUBMITTED)
                  .exclude(pk__in=dup_ids | {p.pk}).select_related("unit")
                  .only("pk", "code", "name", "unit__name", "unit__short_name").order_by("unit__name", "code")[:MERGE_CHOICES])
    return duplicates, others, duplicates[0].pk if duplicates else None


def _proposal_context(request, p, errors=None, posted=None) -> dict:
    user = request.user
    round_ = p.round
    rubric = round_.rubric
    shown = _shown_findings(user, p.findings.all())
    scores = list(p.scores.all())
    mine = next((s for s in scores if s.reviewer_id == user.pk), None)
    reviewer = is_reviewer(user, round_)
    see = sees_scores(user, p, {p.pk} if mine else set())
    unit_role = user.role in access.UNIT_ROLES
    consolidator = can_consolidate(user, round_)
    ctx = {
        "nav": "plans", "p": p, "round": round_, "rubric": rubric, "kind_label": dict(Kind.choices).get(p.kind, p.kind),
        "can_view_round_table": can_view_consolidation(user, round_),
        "grid": _cost_grid(p.costs.all(), range(p.start_year, p.end_year + 1)),
        "findings": shown, "warnings": sum(1 for r in shown if r["f"].level == Level.WARNING),
        "infos": sum(1 for r in shown if r["f"].level == Level.INFO),
        "systems": list(p.systems.all()), "readable_systems": set(),
        "can_edit": can_edit_proposal(user, p), "can_submit": can_submit_proposal(user, p),
        "can_score": can_score(user, p), "is_reviewer": reviewer, "mine": mine,
        "sees_scores": see, "scores": scores if see else [], "score_count": len(scores),
        "spread_flag": see and p.score_spread is not None and p.score_spread >= rubric.spread_alert,
        "can_decide": consolidator and p.status == ProposalStatus.SUBMITTED,
        "shows_funding": not unit_role or reviewer,
        "errors": errors or {}, "posted": posted or {}, "Funding": Funding, "Status": ProposalStatus,
    }
    if p.systems.all():
        ctx["readable_systems"] = set(scope_systems(user).filter(pk__in=[s.pk for s in ctx["systems"]])
                                      .values_list("pk", flat=True))
    if p.merged_into_id:
        ctx["merged_readable"] = scope_proposals(user).filter(pk=p.merged_into_id).exists()
    if ctx["can_submit"]:
        ctx["is_maker"] = user.pk in services.makers(p)
    if ctx["can_score"] or mine:
        marks = (mine.marks if mine else {})
        ctx["criteria"] = [{**c, "value": (posted or {}).get(f"mark_{c['code']}", marks.get(c["code"], ""))}
                           for c in rubric.criteria]
        ctx["scale"] = range(0, rubric.scale_max + 1)
    if see:
        ctx["score_rows"] = [{"s": s, "marks": [s.marks.get(c["code"]) for c in rubric.criteria]} for s in scores]
    if ctx["can_decide"]:
        ctx["duplicates"], ctx["merge_others"], ctx["merge_default"] = _merge_choices(p, shown)
        if posted and posted.get("into", "").isdigit():
            ctx["merge_default"] = int(posted["into"])
    return ctx


def _proposal(request, pk):
    return get_proposal_for(request.user, pk, Proposal.objects.select_related("round", "round__rubric", "unit"))


def _proposal_page(request, pk):
    return selectors.proposal_page(_proposal(request, pk))


def _render_proposal(request, p, status=200, **kw):
    return render(request, "plans/proposal_detail.html", _proposal_context(request, p, **kw), status=status)


def _run_on_proposal(request, p, form_id, form, call, success):
    """``p`` is the plain scoped proposal the service is given (the page's, with its prefetched
    scores and costs, is read again only when the form comes back with its message)."""
    url = reverse("plans:proposal", args=[p.pk])
    return run_form_service(
        request, form, call, success=success, redirect_to=f"{url}#{form_id}",
        render=lambda f: _render_proposal(request, selectors.proposal_page(p), errors={form_id: error_list(f)},
                                          posted=request.POST))


@login_required
def proposal_detail(request, pk):
    return _render_proposal(request, _proposal_page(request, pk))


@login_required
@require_POST
def proposal_submit(request, pk):
    p = _proposal(request, pk)
    return _run_on_proposal(request, p, "actions", VersionForm(request.POST),
                            lambda cd: services.submit_proposal(request.user, p, expected_version=cd["version"]),
                            lambda r: f"Đã gửi đề xuất {r.code} đến {r.round.receiving_unit.name}.")


@login_required
@require_POST
def proposal_return(request, pk):
    p = _proposal(request, pk)
    return _run_on_proposal(request, p, "decide", CommentForm(request.POST),
                            lambda cd: services.return_proposal(request.user, p, cd["comment"],
                                                                expected_version=cd["version"]),
                            "Đã trả lại đề xuất để đơn vị hoàn thiện.")


@login_required
@require_POST
def proposal_merge(request, pk):
    p = _proposal(request, pk)

    def call(cd):
        into = Proposal.objects.filter(pk=cd["into"], round=p.round_id).first()
        return services.merge_proposal(request.user, p, into, cd["reason"], expected_version=cd["version"])
    return _run_on_proposal(request, p, "decide", MergeForm(request.POST), call,
                            lambda r: f"Đã gộp đề xuất {r.code} vào {r.merged_into.code}.")


@login_required
@require_POST
def proposal_reject(request, pk):
    p = _proposal(request, pk)
    return _run_on_proposal(request, p, "decide", ReasonForm(request.POST),
                            lambda cd: services.reject_proposal(request.user, p, cd["reason"],
                                                                expected_version=cd["version"]),
                            "Đã ghi: không đưa đề xuất vào kế hoạch.")


@login_required
@require_POST
def proposal_score(request, pk):
    p = _proposal(request, pk)
    form = ScoreForm(request.POST, rubric=p.round.rubric)
    return _run_on_proposal(request, p, "score", form,
                            lambda cd: services.score_proposal(request.user, p, form.marks(), cd["comment"]),
                            lambda s: f"Đã lưu phiếu chấm: {format_number(s.total, 2)} điểm (thang 100).")


@login_required
@require_POST
def proposal_funding(request, pk):
    p = _proposal(request, pk)
    return _run_on_proposal(request, p, "funding", FundingForm(request.POST),
                            lambda cd: services.set_funding(request.user, p, cd["funding"], cd["note"],
                                                            expected_version=cd["version"]),
                            lambda r: f"Đã ghi: {r.get_funding_display().lower()}.")


# ------------------------------------------------------------ consolidation ----

FILTER_STATUSES = [(s, ProposalStatus(s).label) for s in SENT]
FILTER_FUNDING = [("funded", Funding.FUNDED.label), ("unfunded", Funding.UNFUNDED.label), ("pending", "Chưa xét")]


def _filters(request) -> dict:
    g = request.GET
    unit = g.get("unit", "")
    return {
        "unit": int(unit) if unit.isdigit() else None,
        "status": g.get("status") if g.get("status") in SENT else "",
        "funding": g.get("funding") if g.get("funding") in dict(FILTER_FUNDING) else "",
        "warned": g.get("warned") == "1", "unscored": g.get("unscored") == "1",
    }


def _consolidation_rows(user, round_, flt: dict, reviewer: bool):
    qs = scope_proposals(user).filter(round=round_, status__in=SENT)
    if flt["unit"]:
        qs = qs.filter(unit=flt["unit"])
    if flt["status"]:
        qs = qs.filter(status=flt["status"])
    if flt["funding"]:
        qs = qs.filter(funding={"funded": Funding.FUNDED, "unfunded": Funding.UNFUNDED,
                                "pending": Funding.PENDING}[flt["funding"]])
    if flt["warned"]:
        qs = qs.filter(warnings__gt=0)
    if flt["unscored"]:
        # a reviewer's own queue; for the other readers, what nobody has scored yet
        qs = (qs.filter(status=ProposalStatus.SUBMITTED).exclude(
            pk__in=Score.objects.filter(reviewer=user, proposal__round=round_).values("proposal_id"))
            if reviewer else qs.filter(score_count=0))
    return (qs.select_related("unit")
            .only("pk", "code", "name", "basis", "total", "warnings", "score", "score_spread", "score_count",
                  "funding", "funding_note", "status", "unit__name", "unit__short_name", "round_id", "merged_into_id")
            .order_by(F("score").desc(nulls_last=True), "code"))


def _clusters(round_) -> tuple[list[dict], int]:
    """The round's duplicates found by the checks, as clusters of proposals that overlap one
    another (pairs joined transitively), the largest and most similar first."""
    pairs = list(Finding.objects.filter(proposal__round=round_, code=DUPLICATE, proposal__status=ProposalStatus.SUBMITTED,
                                        other_proposal__status=ProposalStatus.SUBMITTED)
                 .values_list("proposal_id", "other_proposal_id", "score"))
    parent: dict[int, int] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[int, float] = defaultdict(float)
    for a, b, _score in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, set] = defaultdict(set)
    for a, b, score in pairs:
        root = find(a)
        groups[root] |= {a, b}
        best[root] = max(best[root], score or 0)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), -best[kv[0]]))[:CLUSTERS_SHOWN]
    ranks = dict(Proposal.objects.filter(pk__in={pk for _, members in ordered for pk in members})
                 .values_list("pk", "score"))
    shown = {root: sorted(members, key=lambda m: (ranks.get(m) is None, -(ranks.get(m) or 0), m))[:CLUSTER_MEMBERS]
             for root, members in ordered}
    names = {p.pk: p for p in Proposal.objects.filter(pk__in={m for ms in shown.values() for m in ms})
             .select_related("unit").only("pk", "code", "name", "total", "score", "unit__name", "unit__short_name")}
    out = []
    for root, members in ordered:
        ps = [names[m] for m in shown[root] if m in names]
        if len(members) > 1 and ps:
            score = best[root]
            out.append({"proposals": ps, "keep": ps[0], "size": len(members), "more": len(members) - len(ps),
                        "score": round(score * 100) if score <= 1 else round(score)})
    return out, len(groups)


def _chart(usage) -> dict:
    """A horizontal bar chart (server-side SVG) of each envelope against what the
    recommendation funds and what units ask for."""
    label_w, bar_w, row_h = 250, 380, 44
    top = max([max(r.envelope, r.requested, r.funded) for r in usage] + [1])
    rows = []
    for i, r in enumerate(usage):
        y = 10 + i * row_h
        rows.append({
            "label": f"{r.year} · {r.source}", "y": y, "ty": y + 14,
            "env": round(r.envelope / top * bar_w), "req": round(r.requested / top * bar_w),
            "fund": round(r.funded / top * bar_w), "over": r.over,
            "env_y": y, "fund_y": y + 18, "req_y": y + 30,
        })
    return {"rows": rows, "x": label_w, "width": label_w + bar_w + 20, "height": 20 + len(usage) * row_h,
            "label_x": label_w - 6}


def _consolidation_context(request, round_, errors=None, posted=None) -> dict:
    user = request.user
    reviewer = is_reviewer(user, round_)
    flt = _filters(request)
    paginator = Paginator(_consolidation_rows(user, round_, flt, reviewer), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    mine = set(Score.objects.filter(reviewer=user, proposal_id__in=[p.pk for p in rows])
               .values_list("proposal_id", flat=True)) if reviewer else set()
    alert = round_.rubric.spread_alert
    table = [{"p": p, "mine": p.pk in mine,
              # sees_scores for a reviewer, without loading each row's round: their own scored ones
              "sees": p.pk in mine if reviewer else True,
              "spread_flag": p.score_spread is not None and p.score_spread >= alert} for p in rows]
    usage = selectors.envelope_usage(round_)
    clusters, cluster_count = _clusters(round_)
    plans = list(selectors.plans_of_round(user, round_))
    approved = next((v for v in plans if v.status == PlanStatus.APPROVED), None)
    return {
        "nav": "plans", "round": round_, "rubric": round_.rubric, "page": page, "table": table,
        "total": paginator.count, "flt": flt, "counts": selectors.round_counts(user, round_),
        "units": Unit.objects.filter(pk__in=scope_proposals(user).filter(round=round_, status__in=SENT)
                                     .values("unit")).order_by("name").only("pk", "name"),
        "statuses": FILTER_STATUSES, "fundings": FILTER_FUNDING, "usage": usage, "chart": _chart(usage),
        "usage_total": {"envelope": sum(r.envelope for r in usage), "requested": sum(r.requested for r in usage),
                        "funded": sum(r.funded for r in usage)},
        "clusters": clusters, "cluster_count": cluster_count, "plans": plans, "approved": approved,
        "open_draft": next((v for v in plans if v.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)), None),
        "is_reviewer": reviewer, "can_consolidate": can_consolidate(user, round_),
        "errors": errors or {}, "posted": posted or {}, "Status": ProposalStatus, "Funding": Funding,
        "Basis": Basis,
    }


def _round_for_review(request, pk):
    round_ = get_round_for(request.user, pk, Round.objects.select_related("root_unit", "receiving_unit", "finance_unit",
                                                                          "rubric"))
    if not can_view_consolidation(request.user, round_):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS, cơ quan tài chính chấm điểm, lãnh đạo, thanh tra, "
                               "giám sát xem được bảng tổng hợp đề xuất.")
    return round_


@login_required
def consolidation(request, pk):
    round_ = _round_for_review(request, pk)
    return render(request, "plans/consolidation.html", _consolidation_context(request, round_))


def _run_on_round(request, round_, form_id, form, call, success, redirect_to=None):
    url = reverse("plans:consolidation", args=[round_.pk])
    return run_form_service(
        request, form, call, success=success, redirect_to=redirect_to or f"{url}#{form_id}",
        render=lambda f: render(request, "plans/consolidation.html", _consolidation_context(
            request, round_, errors={form_id: error_list(f)}, posted=request.POST)))


@login_required
@require_POST
def recommend(request, pk):
    round_ = _round_for_review(request, pk)
    return _run_on_round(request, round_, "envelopes", VersionForm(request.POST),
                         lambda cd: services.recommend_funding(request.user, round_),
                         lambda r: (f"Đã đề xuất bố trí theo điểm: {r['funded']} đề xuất được bố trí, "
                                    f"{r['unfunded']} chưa bố trí được trong hạn mức."))


@login_required
@require_POST
def plan_draft(request, pk):
    round_ = _round_for_review(request, pk)
    return _run_on_round(request, round_, "plan", DraftPlanForm(request.POST),
                         lambda cd: services.draft_plan(request.user, round_, title=cd["title"], reason=cd["reason"]),
                         lambda plan: f"Đã lập dự thảo: {plan.title} ({plan.label.lower()}).",
                         redirect_to=lambda plan: reverse("plans:plan", args=[plan.pk]))


# --------------------------------------------------------------------- plan ----

def _plan(request, pk):
    return get_plan_for(request.user, pk, PlanVersion.objects.select_related(
        "round", "round__root_unit", "round__rubric", "prepared_by", "approved_by", "based_on"))


def _columns(envelopes, items, planned=()):
    """The (year, source) columns of a plan's table: every envelope, every amount of ``items`` and
    every (year, source id, source) of ``planned`` (the plan's sums, read by the database)."""
    sources = {e.funding_source_id: e.funding_source for e in envelopes}
    keys = {(e.year, e.funding_source_id) for e in envelopes}
    for it in items:
        for c in it.costs.all():
            sources.setdefault(c.funding_source_id, c.funding_source)
            keys.add((c.year, c.funding_source_id))
    for year, source_id, source in planned:
        sources.setdefault(source_id, source)
        keys.add((year, source_id))
    return sorted(((y, sources[s]) for y, s in keys), key=lambda k: (k[0], k[1].sort_order, k[1].name))


PLAN_PAGE = 200  # items a page of the plan shows; the totals are the whole plan's


def _plan_context(request, plan, errors=None, posted=None) -> dict:
    user = request.user
    round_ = plan.round
    page = Paginator(selectors.plan_items(plan), PLAN_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    envelopes = list(round_.envelopes.select_related("funding_source"))
    sums = selectors.plan_sums(plan)
    cols = _columns(envelopes, items, [(y, s.pk, s) for (y, s), _ in sums.items()])
    env = {(e.year, e.funding_source_id): e.amount for e in envelopes}
    totals = {(y, s.pk): amount for (y, s), amount in sums.items()}
    rows = []
    for it in items:
        cells = {(c.year, c.funding_source_id): c.amount for c in it.costs.all()}
        rows.append({"item": it, "values": [cells.get((y, s.pk)) for y, s in cols]})
    footer = [{"year": y, "source": s, "planned": totals.get((y, s.pk), 0), "envelope": env.get((y, s.pk)),
               "over": totals.get((y, s.pk), 0) > env.get((y, s.pk), 0)} for y, s in cols]
    consolidator = can_consolidate(user, round_)
    draft = plan.status == PlanStatus.DRAFT
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() and int(year) in round_.years else None
    ctx = {
        "nav": "plans", "plan": plan, "round": round_, "cols": cols, "rows": rows, "footer": footer,
        "page": page, "grand_total": sum(totals.values()), "any_over": any(f["over"] for f in footer),
        "versions": list(selectors.plans_of_round(user, round_)),
        "can_edit": consolidator and draft,
        "can_approve": can_approve_plan(user, round_) and plan.status == PlanStatus.SUBMITTED,
        "can_register": consolidator and plan.status == PlanStatus.APPROVED and plan.registered_at is None,
        "can_consolidate": consolidator, "errors": errors or {}, "posted": posted or {},
        "Status": PlanStatus, "year": year, "years": round_.years,
    }
    if ctx["can_edit"]:
        ctx["over"] = services.plan_over(plan)
        ctx["addable"] = list(Proposal.objects.filter(round=round_, status=ProposalStatus.SUBMITTED)
                              .exclude(plan_items__plan=plan).select_related("unit")
                              .only("pk", "code", "name", "total", "funding", "unit__name")
                              .order_by(F("score").desc(nulls_last=True), "code")[:ADD_CHOICES])
    if plan.registered_at:
        ex = selectors.execution(plan, year)
        ctx["execution"] = [{"item": it, "e": ex.get(it.pk)} for it in items]
        ctx["execution_total"] = {k: sum(getattr(e, k) for e in ex.values())
                                  for k in ("approved", "allocated", "disbursed")}
    readable = set(scope_projects(user).filter(pk__in=[it.project_id for it in items if it.project_id])
                   .values_list("pk", flat=True)) if any(it.project_id for it in items) else set()
    ctx["readable_projects"] = readable
    return ctx


def _render_plan(request, plan, status=200, **kw):
    return render(request, "plans/plan_detail.html", _plan_context(request, plan, **kw), status=status)


def _run_on_plan(request, plan, form_id, form, call, success):
    url = reverse("plans:plan", args=[plan.pk])
    return run_form_service(
        request, form, call, success=success, redirect_to=f"{url}#{form_id}",
        render=lambda f: _render_plan(request, plan, errors={form_id: error_list(f)}, posted=request.POST))


@login_required
def plan_detail(request, pk):
    return _render_plan(request, _plan(request, pk))


def _item(plan, item_id) -> PlanItem:
    item = (PlanItem.objects.filter(plan=plan, pk=item_id).select_related("plan", "plan__round", "unit", "proposal")
            .prefetch_related("costs__funding_source").first())
    if item is None:
        raise Http404("Không tìm thấy nhiệm vụ trong kế hoạch.")
    return item


def _item_cells(plan, item):
    envelopes = list(plan.round.envelopes.select_related("funding_source"))
    return [(y, s) for y, s in _columns(envelopes, [item]) if plan.round.year_from <= y <= plan.round.year_to
            or any(c.year == y and c.funding_source_id == s.pk for c in item.costs.all())]


@login_required
def plan_item(request, pk, item_id):
    plan = _plan(request, pk)
    item = _item(plan, item_id)
    if not can_consolidate(request.user, plan.round):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được sửa dự thảo kế hoạch.")
    cells = _item_cells(plan, item)
    current = {(c.year, c.funding_source_id): c.amount for c in item.costs.all()}
    initial = {"note": item.note, "version": plan.version,
               **{f"cost_{y}_{s.pk}": format_vnd(current[(y, s.pk)]) for y, s in cells if (y, s.pk) in current}}
    form = ItemForm(request.POST or None, cells=cells, initial=initial)

    def page(f, status=200):
        grid = [{"year": y, "source": s, "field": f[f"cost_{y}_{s.pk}"]} for y, s in cells]
        return render(request, "plans/plan_item.html", {
            "nav": "plans", "plan": plan, "item": item, "form": f, "grid": grid,
            "editable": plan.status == PlanStatus.DRAFT, "errors": error_list(f) if f.is_bound else []}, status=status)

    if request.method != "POST":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.update_item(request.user, item, {"note": cd["note"], "costs": form.costs()},
                                                       expected_version=cd["version"]),
        success=lambda it: f"Đã sửa nhiệm vụ “{it.name}”: {format_vnd(it.total)} đồng.",
        redirect_to=f"{reverse('plans:plan', args=[plan.pk])}#items", render=page)


@login_required
@require_POST
def plan_remove_item(request, pk, item_id):
    plan = _plan(request, pk)
    item = _item(plan, item_id)
    return _run_on_plan(request, plan, "items", VersionForm(request.POST),
                        lambda cd: services.remove_item(request.user, item, expected_version=cd["version"]),
                        f"Đã bỏ “{item.name}” khỏi dự thảo kế hoạch.")


@login_required
@require_POST
def plan_add_item(request, pk):
    plan = _plan(request, pk)

    def call(cd):
        proposal = Proposal.objects.filter(pk=cd["proposal"], round=plan.round_id).first()
        if proposal is None:
            raise ServiceError({"proposal": "Chọn một đề xuất đã gửi của đợt này."})
        return services.add_item(request.user, plan, proposal, expected_version=cd["version"])
    return _run_on_plan(request, plan, "items", AddItemForm(request.POST), call,
                        lambda it: f"Đã thêm “{it.name}” vào dự thảo kế hoạch.")


@login_required
@require_POST
def plan_submit(request, pk):
    plan = _plan(request, pk)
    return _run_on_plan(request, plan, "actions", PlanSubmitForm(request.POST),
                        lambda cd: services.submit_plan(request.user, plan, over_reason=cd["over_reason"],
                                                        expected_version=cd["version"]),
                        "Đã trình lãnh đạo phê duyệt kế hoạch.")


@login_required
@require_POST
def plan_return(request, pk):
    plan = _plan(request, pk)
    return _run_on_plan(request, plan, "actions", CommentForm(request.POST),
                        lambda cd: services.return_plan(request.user, plan, cd["comment"],
                                                        expected_version=cd["version"]),
                        "Đã trả lại dự thảo kế hoạch cho cơ quan chuyên trách CĐS.")


@login_required
@require_POST
def plan_approve(request, pk):
    plan = _plan(request, pk)
    if not can_approve_plan(request.user, plan.round):
        raise PermissionDenied("Chỉ lãnh đạo UBND được phê duyệt kế hoạch.")
    return _run_on_plan(request, plan, "actions", ApproveForm(request.POST),
                        lambda cd: services.approve_plan(request.user, plan, decision_number=cd["decision_number"],
                                                         decision_date=cd["decision_date"],
                                                         expected_version=cd["version"]),
                        lambda p: f"Đã phê duyệt kế hoạch: {p.decision_number}.")


@login_required
@require_POST
def plan_register(request, pk):
    plan = _plan(request, pk)
    return _run_on_plan(request, plan, "actions", VersionForm(request.POST),
                        lambda cd: services.register_plan(request.user, plan),
                        lambda r: (f"Đã đưa kế hoạch vào danh mục: {r['created']} nhiệm vụ mới ở bước “Đề xuất”, "
                                   f"{r['updated']} nhiệm vụ đã có được cập nhật, {r['voided']} dòng dự toán hủy do "
                                   f"điều chỉnh ({r['items']} nhiệm vụ trong kế hoạch)."))


@login_required
def plan_diff(request, pk):
    plan = _plan(request, pk)
    readable = scope_plans(request.user).filter(round=plan.round_id)
    old = None
    if plan.based_on_id:
        old = readable.filter(pk=plan.based_on_id).first()
    if old is None:
        old = readable.filter(number__lt=plan.number).order_by("-number").first()
    changes = selectors.plan_diff(old, plan) if old else []
    return render(request, "plans/plan_diff.html", {
        "nav": "plans", "plan": plan, "old": old, "round": plan.round, "changes": changes,
        "before_total": sum(c.before for c in changes), "after_total": sum(c.after for c in changes),
        "counts": {k: sum(1 for c in changes if c.kind == k) for k in ("added", "changed", "removed")},
    })


# ------------------------------------------------------------------ rubrics ----

def _rubrics_page(request, errors=None, status=200):
    qs = Rubric.objects.select_related("created_by").order_by("code", "-version")
    manager = can_manage_rubrics(request.user)
    if not manager:
        qs = qs.filter(published_on__isnull=False)
    return render(request, "plans/rubrics.html", {"nav": "plans", "rubrics": list(qs), "manager": manager,
                                                  "current": services.current_rubric(), "errors": errors or []},
                  status=status)


@login_required
def rubrics(request):
    return _rubrics_page(request)


@login_required
def rubric_create(request):
    """A new, unpublished version of a rubric, starting from the one named by ?base= (else the
    rubric in force); publishing it is a separate step."""
    user = request.user
    if not can_manage_rubrics(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS hoặc quản trị được sửa bộ tiêu chí.")
    base_id = request.GET.get("base", "")
    base = (Rubric.objects.filter(pk=int(base_id)).first() if base_id.isdigit() else None) or services.current_rubric()
    criteria = base.criteria if base else []
    rows = len(criteria) + 2
    initial = {"name": base.name, "description": base.description, "citation": base.citation} if base else {}
    for i, c in enumerate(criteria):
        initial.update({f"code_{i}": c["code"], f"name_{i}": c["name"], f"weight_{i}": c["weight"],
                        f"guidance_{i}": c.get("guidance", "")})
    form = RubricForm(request.POST or None, rows=rows, initial=initial)

    def page(f, status=200):
        return render(request, "plans/rubric_form.html", {
            "nav": "plans", "form": f, "base": base, "errors": error_list(f) if f.is_bound else []}, status=status)

    if request.method != "POST":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.new_rubric_version(user, base, {
            "name": cd["name"], "description": cd["description"], "citation": cd["citation"],
            "criteria": form.criteria(), "code": base.code if base else ""}),
        success=lambda r: f"Đã tạo phiên bản {r.version} (chưa công bố): kiểm tra rồi bấm “Công bố”.",
        redirect_to=lambda r: f"{reverse('plans:rubrics')}#rubric-{r.pk}", render=page)


@login_required
@require_POST
def rubric_publish(request, pk):
    rubric = Rubric.objects.filter(pk=pk).first()
    if rubric is None or not (rubric.is_published or can_manage_rubrics(request.user)):
        raise Http404("Không tìm thấy bộ tiêu chí.")
    return run_form_service(
        request, VersionForm(request.POST), lambda cd: services.publish_rubric(request.user, rubric),
        success=lambda r: f"Đã công bố {r}; đợt lập kế hoạch mới sẽ dùng phiên bản này.",
        redirect_to=f"{reverse('plans:rubrics')}#rubric-{rubric.pk}",
        render=lambda f: _rubrics_page(request, errors=error_list(f)))

