"""/api/v1/plans — planning rounds of the yearly CĐS plan (đợt lập kế hoạch ứng dụng CNTT,
chuyển đổi số), read-only.

The same rules as the pages (:mod:`cds.plans.permissions`): a round outside the caller's scope
answers 404 like one that does not exist (a unit reads the rounds of its tree once opened);
the proposals listed are those the caller may read (a unit its own; the finance department the
sent ones of the rounds it scores; the province-wide roles their tree); plan versions are
those the caller may read (a unit the approved ones). Reviewers score independently: the
average, the spread and the individual scores of a proposal are given only to whom
:func:`cds.plans.permissions.sees_scores` allows (a reviewer once they have scored it; the
leader, inspectors and supervisors; never the proposing unit). Each endpoint costs a fixed
number of queries whatever the page size.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from ninja import Field, Query, Router, Schema

from cds.plans import selectors
from cds.plans.models import (
    Envelope,
    Finding,
    Funding,
    PlanItem,
    PlanStatus,
    ProposalCost,
    ProposalStatus,
    Round,
    RoundStatus,
    Score,
)
from cds.plans.permissions import get_round_for, scope_plans, scope_proposals, scope_rounds, sees_scores

from .schemas import MAX_ID, ErrorOut, UnitRef, ValidationErrorOut

router = Router()

NOT_FOUND = "Không tìm thấy đợt lập kế hoạch."
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
ROUND_STATUS = dict(RoundStatus.choices)
PLAN_STATUS = dict(PlanStatus.choices)
PROPOSAL_STATUS = dict(ProposalStatus.choices)
FUNDING = dict(Funding.choices)


def _errors(*codes):
    return {c: ERRORS[c] for c in codes}


# ----------------------------------------------------------------- shapes ----

class BasisOut(Schema):
    number: str = Field(..., description="Số, ký hiệu văn bản mở đợt lập kế hoạch.")
    date: dt.date
    issuer: str
    title: str = Field(..., description="Trích yếu.")


class ApprovedPlanOut(Schema):
    id: int
    number: int = Field(..., description="Lần: 1 là kế hoạch ban hành, từ 2 là các lần điều chỉnh.")
    decision_number: str = Field(..., description="Số văn bản ban hành (quyết định hoặc kế hoạch).")
    decision_date: Optional[dt.date]


class RoundCounts(Schema):
    proposals: int = Field(..., description="Đề xuất người gọi được xem (kể cả đang soạn, nếu được xem).")
    submitted: int = Field(..., description="Đã gửi, đang được xét.")
    returned: int
    merged: int
    rejected: int
    funded: int = Field(..., description="Đã gửi và được đề nghị bố trí kinh phí.")
    with_warnings: int = Field(..., description="Đã gửi và có cảnh báo khi kiểm tra.")
    amount: int = Field(..., description="Tổng kinh phí các đề xuất đã gửi (đồng).")


class RoundItem(Schema):
    id: int
    name: str
    period: str = Field(..., description="Năm hoặc giai đoạn, ví dụ 2027 hoặc 2026–2030.")
    year_from: int
    year_to: int
    status: str = Field(..., description="draft, open, reviewing, closed")
    status_label: str
    deadline: dt.date = Field(..., description="Hạn gửi đề xuất.")
    basis: BasisOut
    receiving_unit: UnitRef = Field(..., description="Cơ quan tổng hợp (chuyên trách CĐS).")
    approved_plan: Optional[ApprovedPlanOut] = Field(None, description="Phiên bản kế hoạch đang có hiệu lực.")
    counts: RoundCounts


class RoundListOut(Schema):
    items: list[RoundItem]
    count: int = Field(..., description="Tổng số đợt trong phạm vi (không phụ thuộc limit/offset).")


class RoundListParams(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class EnvelopeOut(Schema):
    funding_source: UnitRef = Field(..., description="Nguồn vốn (id, mã, tên).")
    year: int
    amount: int = Field(..., description="Hạn mức (đồng).")


class PlanVersionOut(Schema):
    id: int
    number: int
    label: str = Field(..., description="“Kế hoạch ban hành” hoặc “Điều chỉnh lần n”.")
    title: str
    status: str = Field(..., description="draft, submitted, approved, superseded")
    status_label: str
    based_on_id: Optional[int]
    decision_number: str
    decision_date: Optional[dt.date]
    items_count: int
    total: int = Field(..., description="Tổng kinh phí các nhiệm vụ của phiên bản (đồng).")


class CostOut(Schema):
    year: int
    funding_source: UnitRef
    amount: int


class FindingOut(Schema):
    code: str = Field(..., description="Loại kết quả kiểm tra (trùng lặp, tái sử dụng, dự toán, căn cứ …).")
    level: str = Field(..., description="warning (cảnh báo) hoặc info (lưu ý).")
    message: str
    evidence: dict[str, Any] = Field(..., description="Bằng chứng của kết quả kiểm tra.")


class ScoreOut(Schema):
    reviewer: str = Field(..., description="Người chấm.")
    total: float = Field(..., description="Điểm (thang 100).")
    marks: dict[str, Any] = Field(..., description="Điểm từng tiêu chí theo mã tiêu chí.")
    comment: str


class FundingOut(Schema):
    value: str = Field(..., description="“” (chưa xét), funded (đề nghị bố trí), unfunded (chưa bố trí được).")
    label: str
    note: str


class ProjectRefOut(Schema):
    id: int
    code: str = Field(..., description="Mã nhiệm vụ/dự án trong danh mục.")


class PlanItemStatusOut(Schema):
    in_approved_plan: bool = Field(..., description="Có trong phiên bản kế hoạch đang có hiệu lực.")
    approved_amount: Optional[int] = Field(None, description="Kinh phí trong kế hoạch đã duyệt (đồng).")
    position: Optional[int] = Field(None, description="STT trong kế hoạch đã duyệt.")


class ProposalOut(Schema):
    id: int
    code: str
    name: str
    unit: UnitRef
    basis: str = Field(..., description="new (nhiệm vụ mới) hoặc carried (chuyển tiếp).")
    status: str = Field(..., description="draft, submitted, returned, merged, rejected")
    status_label: str
    start_year: int
    end_year: int
    priority: int = Field(..., description="1 cao, 2 trung bình, 3 thấp.")
    total: int = Field(..., description="Tổng kinh phí đề xuất (đồng).")
    costs: list[CostOut]
    score: Optional[float] = Field(None, description="Điểm bình quân (thang 100); trống nếu người gọi chưa được xem.")
    score_spread: Optional[float] = Field(None, description="Chênh lệch giữa người chấm cao nhất và thấp nhất.")
    score_count: int = Field(..., description="Số người đã chấm.")
    scores: Optional[list[ScoreOut]] = Field(None, description="Điểm từng người chấm, nếu người gọi được xem.")
    findings: list[FindingOut]
    funding: FundingOut
    merged_into: Optional[str] = Field(None, description="Mã đề xuất được gộp vào.")
    decision_reason: str
    plan_item: PlanItemStatusOut
    project: Optional[ProjectRefOut] = Field(None, description="Nhiệm vụ/dự án trong danh mục (chuyển tiếp, hoặc "
                                                                "đã đưa vào danh mục từ kế hoạch).")


class RoundDetailOut(RoundItem):
    finance_unit: Optional[UnitRef]
    called_units: list[UnitRef]
    envelopes: list[EnvelopeOut]
    plans: list[PlanVersionOut]
    items: list[ProposalOut]
    items_count: int = Field(..., description="Tổng số đề xuất người gọi được xem (không phụ thuộc limit/offset).")


class RoundDetailParams(Schema):
    limit: int = Field(500, ge=1, le=2000, description="Số đề xuất mỗi trang.")
    offset: int = Field(0, ge=0, le=10**9)


# ----------------------------------------------------------------- output ----

def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "code": obj.code, "name": obj.name}


def _counts(user, ids: list[int]) -> dict[int, dict]:
    """The counts of each round over the proposals ``user`` may read — one query."""
    sent = Q(status=ProposalStatus.SUBMITTED)
    rows = (scope_proposals(user).filter(round_id__in=ids).order_by().values("round_id").annotate(
        proposals=Count("pk"), submitted=Count("pk", filter=sent),
        returned=Count("pk", filter=Q(status=ProposalStatus.RETURNED)),
        merged=Count("pk", filter=Q(status=ProposalStatus.MERGED)),
        rejected=Count("pk", filter=Q(status=ProposalStatus.REJECTED)),
        funded=Count("pk", filter=sent & Q(funding=Funding.FUNDED)),
        with_warnings=Count("pk", filter=sent & Q(warnings__gt=0)),
        amount=Sum("total", filter=sent)))
    empty = dict.fromkeys(RoundCounts.model_fields, 0)
    out = {pk: dict(empty) for pk in ids}
    for r in rows:
        out[r.pop("round_id")] = {**r, "amount": r["amount"] or 0}
    return out


def _approved(user, ids: list[int]) -> dict[int, dict]:
    return {p.round_id: {"id": p.pk, "number": p.number, "decision_number": p.decision_number,
                         "decision_date": p.decision_date}
            for p in scope_plans(user).filter(round_id__in=ids, status=PlanStatus.APPROVED)}


def _round(r, counts: dict, approved: dict | None) -> dict:
    return {
        "id": r.pk, "name": r.name, "period": r.period_label, "year_from": r.year_from, "year_to": r.year_to,
        "status": r.status, "status_label": ROUND_STATUS.get(r.status, r.status), "deadline": r.deadline,
        "basis": {"number": r.basis_number, "date": r.basis_date, "issuer": r.basis_issuer, "title": r.basis_title},
        "receiving_unit": _ref(r.receiving_unit), "approved_plan": approved, "counts": counts,
    }


def _decimal(value) -> float | None:
    return None if value is None else float(value)


def _proposal(p, user, scored: set[int], in_plan: dict[int, tuple[int, int]]) -> dict:
    shown = sees_scores(user, p, scored)
    position, amount = in_plan.get(p.pk, (None, None))
    return {
        "id": p.pk, "code": p.code, "name": p.name, "unit": _ref(p.unit), "basis": p.basis, "status": p.status,
        "status_label": PROPOSAL_STATUS.get(p.status, p.status), "start_year": p.start_year, "end_year": p.end_year,
        "priority": p.priority, "total": p.total,
        "costs": [{"year": c.year, "funding_source": _ref(c.funding_source), "amount": c.amount} for c in p.costs.all()],
        "score": _decimal(p.score) if shown else None, "score_spread": _decimal(p.score_spread) if shown else None,
        "score_count": p.score_count,
        "scores": [{"reviewer": s.reviewer.display_name, "total": float(s.total), "marks": s.marks,
                    "comment": s.comment} for s in p.scores.all()] if shown else None,
        "findings": [{"code": f.code, "level": f.level, "message": f.message, "evidence": f.evidence or {}}
                     for f in p.findings.all()],
        "funding": {"value": p.funding, "label": FUNDING.get(p.funding, p.funding), "note": p.funding_note},
        "merged_into": p.merged_into.code if p.merged_into_id else None, "decision_reason": p.decision_reason,
        "plan_item": {"in_approved_plan": p.pk in in_plan, "approved_amount": amount, "position": position},
        "project": {"id": p.project_id, "code": p.project.code} if p.project_id else None,
    }


# ------------------------------------------------------------------ routes ----

@router.get("", response={200: RoundListOut, **_errors(401, 422)}, summary="Danh sách đợt lập kế hoạch",
            description="Các đợt lập kế hoạch ứng dụng CNTT, chuyển đổi số trong phạm vi của người gọi (đơn vị thấy "
                        "các đợt của tỉnh/bộ mình đã mở), mới nhất trước, với văn bản căn cứ, kế hoạch đang có hiệu "
                        "lực và số đề xuất. `counts` tính trên các đề xuất người gọi được xem: đơn vị chỉ thấy số của "
                        "mình.")
def list_rounds(request, params: Query[RoundListParams]):
    user = request.auth
    qs = scope_rounds(user).select_related("receiving_unit").order_by("-year_from", "-created_at", "-pk")
    count = qs.count()
    page = list(qs[params.offset:params.offset + params.limit])
    ids = [r.pk for r in page]
    counts = _counts(user, ids) if ids else {}
    approved = _approved(user, ids) if ids else {}
    return {"items": [_round(r, counts[r.pk], approved.get(r.pk)) for r in page], "count": count}


@router.get("/{round_id}", response={200: RoundDetailOut, **_errors(401, 404, 422)},
            summary="Chi tiết đợt lập kế hoạch",
            description="Gồm hạn mức kinh phí, các phiên bản kế hoạch người gọi được xem (đơn vị: bản đã ban hành) "
                        "và các đề xuất người gọi được xem (đơn vị: của mình), mỗi đề xuất với kinh phí theo năm và "
                        "nguồn, kết quả kiểm tra, điểm (nếu được xem), đề nghị bố trí kinh phí, có trong kế hoạch "
                        "đang có hiệu lực hay không và mã nhiệm vụ/dự án trong danh mục. Ngoài phạm vi → 404.")
def get_round(request, round_id: int, params: Query[RoundDetailParams]):
    user = request.auth
    if not 1 <= round_id <= MAX_ID:
        raise Http404(NOT_FOUND)
    round_ = get_round_for(user, round_id, queryset=Round.objects.select_related(
        "root_unit", "receiving_unit", "finance_unit"))
    approved = selectors.approved_plan(round_)
    readable_plans = list(scope_plans(user).filter(round=round_).order_by("number")
                          .annotate(n_items=Count("items"), amount=Sum("items__total")))
    approved_ref = None
    if approved is not None and any(p.pk == approved.pk for p in readable_plans):
        approved_ref = {"id": approved.pk, "number": approved.number, "decision_number": approved.decision_number,
                        "decision_date": approved.decision_date}
    in_plan = {}
    if approved_ref is not None:
        in_plan = {pid: (pos, total) for pid, pos, total in
                   PlanItem.objects.filter(plan=approved).values_list("proposal_id", "position", "total")}
    proposals = (scope_proposals(user).filter(round=round_).select_related("unit", "project", "merged_into")
                 .order_by("unit__name", "code"))
    items_count = proposals.count()
    page = list(proposals.prefetch_related(
        Prefetch("costs", queryset=ProposalCost.objects.select_related("funding_source")),
        Prefetch("findings", queryset=Finding.objects.order_by("-level", "code", "pk")),
        Prefetch("scores", queryset=Score.objects.select_related("reviewer")))[params.offset:params.offset
                                                                            + params.limit])
    for p in page:
        p.round = round_  # one round, its units already read: who sees scores is decided without a query
    scored = selectors.scored_ids(user, round_)
    counts = _counts(user, [round_.pk])[round_.pk]
    body = _round(round_, counts, approved_ref)
    envelopes = Envelope.objects.filter(round=round_).select_related("funding_source")
    body.update({
        "finance_unit": _ref(round_.finance_unit),
        "called_units": [_ref(u) for u in round_.called_units.order_by("name")],
        "envelopes": [{"funding_source": _ref(e.funding_source), "year": e.year, "amount": e.amount}
                      for e in envelopes],
        "plans": [{"id": p.pk, "number": p.number, "label": p.label, "title": p.title, "status": p.status,
                   "status_label": PLAN_STATUS.get(p.status, p.status), "based_on_id": p.based_on_id,
                   "decision_number": p.decision_number, "decision_date": p.decision_date,
                   "items_count": p.n_items, "total": p.amount or 0} for p in readable_plans],
        "items": [_proposal(p, user, scored, in_plan) for p in page],
        "items_count": items_count,
    })
    return body
