"""Reads of the estimate list (``/du-toan/``) and of the home page's work items: the estimates a
user may read, by where they stand, and — for the investor unit — only those of its own projects.
The home page counts exactly what the list shows (:mod:`cds.estimates.todo`)."""
from __future__ import annotations

from django.db.models import Q

from cds.accounts import access

from .models import Conclusion, Status
from .permissions import scope_estimates
from .selectors import estimate_queryset

# ?trang-thai= of the list: (label, filter)
FILTERS = {
    "dang-lap": ("Đơn vị đang lập", Q(status=Status.DRAFT)),
    "cho-kiem-tra": ("Chờ kiểm tra", Q(status=Status.SUBMITTED)),
    "can-dieu-chinh": ("Cần điều chỉnh", Q(status=Status.CONCLUDED,
                                           conclusion__in=(Conclusion.ADJUST, Conclusion.UNSUITABLE))),
    "phu-hop": ("Đã kết luận phù hợp", Q(status=Status.CONCLUDED, conclusion=Conclusion.SUITABLE)),
}


def estimates(user, status: str = "", mine: bool = False):
    """Estimates the user may read, newest first; ``status`` a key of :data:`FILTERS`; with
    ``mine`` (unit roles) only those of projects the user's unit invests in."""
    qs = scope_estimates(user, estimate_queryset())
    if status in FILTERS:
        qs = qs.filter(FILTERS[status][1])
    if mine and user.role in access.UNIT_ROLES:
        qs = qs.filter(access.scope_for(user).q("project__investor_unit"))
    return qs.order_by("-created_at", "-id")
