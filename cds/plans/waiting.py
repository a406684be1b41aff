"""What waits on whom in the yearly plan: the lists of ``/ke-hoach/?todo=<key>`` and the counts of
the home page's "Việc cần làm" (:mod:`cds.plans.todo`), both from :func:`waiting` — the number
on the home page is the number of rows of the list, by construction.

* unit staff: the unit's proposals still to complete in an open round (returned ones first);
* unit head: those with their costs filled in, to read and send before the deadline;
* the CĐS authority: sent proposals it has not scored yet, and the plan drafts it prepares;
* the leader: plan versions submitted for approval."""
from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

from cds.accounts import access

from .models import PlanStatus, ProposalStatus, RoundStatus
from .permissions import EDITABLE, scope_plans, scope_proposals

PROPOSALS, PLANS = "proposals", "plans"

#: key → (label, what is listed)
WAITING = {
    "to_complete": ("Đề xuất nhiệm vụ cần hoàn thiện", PROPOSALS),
    "to_submit": ("Đề xuất nhiệm vụ chờ lãnh đạo đơn vị gửi", PROPOSALS),
    "to_score": ("Đề xuất chờ chấm điểm", PROPOSALS),
    "draft_plan": ("Dự thảo kế hoạch đang soạn", PLANS),
    "to_approve": ("Kế hoạch chờ phê duyệt", PLANS),
}

# A draft is still completed while its round takes proposals; a returned one also during review.
_STILL_EDITABLE = Q(round__status=RoundStatus.OPEN) | Q(status=ProposalStatus.RETURNED,
                                                         round__status=RoundStatus.REVIEWING)


def waiting(user, key: str):
    """The records behind item ``key`` for ``user`` (a queryset, in the order the list shows)."""
    if key in ("to_complete", "to_submit"):
        qs = scope_proposals(user).filter(access_own(user), _STILL_EDITABLE, status__in=EDITABLE)
        if key == "to_submit":
            qs = qs.filter(total__gt=0)
        returned_first = Case(When(status=ProposalStatus.RETURNED, then=Value(0)), default=Value(1),
                              output_field=IntegerField())
        return (qs.select_related("round", "unit").annotate(returned_first=returned_first)
                .order_by("returned_first", "round__deadline", "code"))
    if key == "to_score":
        return (scope_proposals(user).filter(status=ProposalStatus.SUBMITTED,
                                             round__status__in=(RoundStatus.OPEN, RoundStatus.REVIEWING))
                .exclude(scores__reviewer=user).select_related("round", "unit")
                .order_by("round__deadline", "submitted_at", "code"))
    if key == "draft_plan":
        return scope_plans(user).filter(status=PlanStatus.DRAFT).select_related("round", "prepared_by").order_by(
            "-created_at")
    if key == "to_approve":
        return scope_plans(user).filter(status=PlanStatus.SUBMITTED).select_related("round", "prepared_by").order_by(
            "submitted_at")
    raise KeyError(key)


def access_own(user) -> Q:
    """The user's own units' proposals (not those a finance department reads to score)."""
    return access.scope_for(user).q("unit")
