"""Appraisal on the leadership dashboard (:mod:`cds.core.tiles`): the dossiers being dealt with
(the backlog), those past the deadline of their step and those waiting for the investor's
supplement — each counted with the tracking page's own reads (:func:`cds.appraisal.tracking.dossiers`)
over the parameters its link carries, read by the page's own form. The page filters by the
investor unit (with its subtree)."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import PROCESS, Tile, query

from . import tracking
from .forms import TrackingFilterForm
from .models import Status

HONOURS = frozenset({"unit"})


def _tile(key: str, label: str, fixed: dict, order: int, **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {**fixed, **flt.as_params(HONOURS)}

    def count(user, flt, today) -> int:
        form = TrackingFilterForm(query(params(flt, today)))
        return tracking.dossiers(user, form.chosen_status(), form.only_mine(), form.only_overdue(), today,
                                 form.unit_id()).count()

    return Tile(f"appraisal.{key}", label, PROCESS, frozenset(WIDE_ROLES), count, "appraisal:tracking", params,
                honours=HONOURS, fragment="dossiers", order=order, **kwargs)


TILES = [
    _tile("open", "Hồ sơ thẩm định đang giải quyết", {}, 10,
          hint="Đang thẩm định, chờ bổ sung, chờ giám sát xác nhận, chờ phê duyệt"),
    _tile("overdue", "Hồ sơ thẩm định quá hạn", {"overdue": "1"}, 11, hint="Quá thời hạn của bước đang thực hiện",
          danger=True),
    _tile("supplement", "Hồ sơ thẩm định chờ bổ sung", {"status": Status.SUPPLEMENT.value}, 12,
          hint="Trả lại chủ đầu tư để bổ sung; thời hạn tạm dừng"),
]
