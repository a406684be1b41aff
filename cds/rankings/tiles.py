"""The leadership dashboard's tiles of the projects' signals and the follow-up items
(:mod:`cds.core.tiles`): each counts through the selector its list page lists with
(:func:`cds.rankings.alert_selectors.filter_signals`, :func:`~cds.rankings.alert_selectors.filter_alerts`),
called with that page's own query parameters."""
from cds.accounts.models import Role
from cds.core.tiles import RISK, Tile

from .alert_selectors import filter_alerts, filter_signals
from .models import AlertState, Colour

ROLES = frozenset({Role.LEADER, Role.ADMIN, Role.CDS_APPRAISER, Role.SUPERVISOR, Role.INSPECTOR})


def _signals(extra: dict):
    def params(flt, today):
        return {**flt.as_params(), **extra}

    def count(user, flt, today):
        return filter_signals(user, params(flt, today)).count()

    return params, count


def _alerts(extra: dict):
    def params(flt, today):
        return {**flt.as_params(("unit",)), **extra}

    def count(user, flt, today):
        return filter_alerts(user, params(flt, today), today).count()

    return params, count


def _signal_tile(key, label, extra, hint, order) -> Tile:
    params, count = _signals(extra)
    return Tile(f"rankings.{key}", label, RISK, ROLES, count, "rankings:signals", params, fragment="signal-list",
                hint=hint, danger=True, order=order)


def _alert_tile(key, label, extra, hint, order) -> Tile:
    params, count = _alerts(extra)
    return Tile(f"rankings.{key}", label, RISK, ROLES, count, "rankings:alerts", params,
                honours=frozenset({"unit"}), fragment="alert-list", hint=hint, danger=True, order=order)


TILES = [
    _signal_tile("red", "Dự án ở mức đỏ", {"colour": Colour.RED},
                 "Chênh lệch chi phí hoặc tiến độ từ 30% trở lên (lũy kế hoặc gần đây), cuối quý gần nhất", 10),
    _signal_tile("worse", "Dự án xấu đi so với quý trước", {"trend": "worse"},
                 "Chênh lệch chi phí hoặc tiến độ tăng so với cuối quý trước", 11),
    _signal_tile("stale", "Dự án đang vận hành chưa được thẩm tra hiệu quả trong 12 tháng", {"rating": "stale"},
                 "Chưa có đánh giá độc lập của cơ quan thẩm tra trong 12 tháng qua: tự đánh giá chưa được kiểm chứng",
                 14),
    _alert_tile("alerts_open", "Việc theo dõi dự án đang xem xét", {"state": AlertState.OPEN},
                "Dự án đỏ hai quý liên tiếp hoặc giải ngân chậm sau ngày 30/9, chờ cơ quan chuyên trách kết luận", 12),
    _alert_tile("alerts_overdue", "Việc theo dõi quá hạn kết luận", {"state": AlertState.OPEN, "overdue": "1"},
                "Đang xem xét và đã quá hạn xem xét, kết luận", 13),
]
