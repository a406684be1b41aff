"""Reading the rules: which procedure a project follows, and the rules page."""
from __future__ import annotations

from django.db.models import Prefetch

from cds.core.errors import ServiceError

from .models import ChecklistItem, LegalRegime, Procedure


def procedures(regime_id=None):
    qs = Procedure.objects.select_related("regime").prefetch_related(
        "time_limits", Prefetch("checklist", queryset=ChecklistItem.objects.order_by("kind", "order", "id")))
    if regime_id is not None:
        qs = qs.filter(regime_id=regime_id)
    return qs


def route(regime: LegalRegime, kind: str, amount: int) -> Procedure:
    """The procedure ``regime`` prescribes for a ``kind`` of project asking for ``amount`` đồng.

    Bounds are read as the decrees write them: "trên 200 triệu đồng đến 15 tỷ đồng" is
    200.000.000 < amount ≤ 15.000.000.000."""
    if amount is None or amount < 0:
        raise ServiceError("Kinh phí phải là số tiền không âm (đồng).")
    for proc in procedures(regime.pk):
        if proc.applies(kind, amount):
            return proc
    raise ServiceError(
        f"Chưa có quy tắc thủ tục cho loại nhiệm vụ/dự án này theo {regime.short_name}. "
        "Quản trị viên bổ sung tại mục Quy tắc theo chế độ pháp lý.")
