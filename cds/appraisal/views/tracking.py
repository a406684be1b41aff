"""The appraisal tracking page ("Theo dõi thẩm định", ``/tham-dinh/``): open dossiers by
deadline, late opinions, the opinions asked of the user's unit and the time each stage takes.
Who may open it and what they see is decided by the access helper (cds.accounts.access); the
reads are in :mod:`cds.appraisal.tracking` and cost a constant number of queries."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from cds.accounts import access
from cds.orgs.models import Unit

from .. import permissions
from .. import tracking as reads
from ..forms import TrackingFilterForm
from ..models import Status

DOSSIERS_PER_PAGE = 25
LIST_CAP = 100   # late opinions and the unit's opinions: this many, then "và N ý kiến khác"


def _capped(queryset, cap: int = LIST_CAP) -> tuple[list, bool]:
    rows = list(queryset[:cap + 1])
    return rows[:cap], len(rows) > cap


@login_required
def tracking(request):
    user = request.user
    if not permissions.can_view_appraisal_tracking(user):
        raise PermissionDenied("Bạn không có quyền xem trang theo dõi thẩm định.")
    today = timezone.localdate()
    flt = TrackingFilterForm(request.GET)
    only_overdue, status, only_mine, unit = flt.only_overdue(), flt.chosen_status(), flt.only_mine(), flt.unit_id()
    counts = reads.summary(reads.open_dossiers(user), today)
    listed = reads.dossiers(user, status, only_mine, only_overdue, today, unit)
    page = Paginator(listed, DOSSIERS_PER_PAGE).get_page(flt.cleaned_data["page"])
    rows = reads.with_deadlines(page.object_list, today)
    late_qs = reads.late_opinions(user, today)
    late, late_more = _capped(late_qs)
    is_unit_user = access.has_role(user, *access.UNIT_ROLES)
    pending_only = flt.pending_opinions()
    mine_qs = reads.opinions_for_my_unit(user, pending_only)
    mine, mine_more = _capped(mine_qs) if is_unit_user else ([], False)
    opinions = reads.with_lateness(late + mine, today)   # one working calendar for both lists
    stats = reads.stage_stats(user, today)
    return render(request, "appraisal/tracking.html", {
        "nav": "appraisal", "today": today, "counts": counts, "only_overdue": only_overdue,
        "status": status, "status_label": Status(status).label if status else "", "only_mine": only_mine,
        "filtered": bool(status or only_mine or only_overdue or unit), "page": page, "rows": rows,
        "unit": access.scope_units(user, Unit.objects.filter(pk=unit)).first() if unit else None,
        "late_opinions": opinions[:len(late)], "late_more": late_more,
        "late_total": len(late) if not late_more else late_qs.count(),
        "is_unit_user": is_unit_user, "my_opinions": opinions[len(late):], "mine_more": mine_more,
        "mine_total": len(mine) if not mine_more else mine_qs.count(), "pending_only": pending_only,
        "stats": stats,
        "stat_tables": [("Chủ đầu tư", "stats-unit", stats.by_unit), ("Chế độ pháp lý", "stats-regime", stats.by_regime)],
    })
