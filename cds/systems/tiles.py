"""The systems map on the leadership dashboard (:mod:`cds.core.tiles`): the findings on the
province's systems and, among them, the systems whose equipment is not used or broken — each
counted with the findings page's own :func:`~cds.systems.selectors.listed_findings` over the
parameters its link carries, read by the page's own form. The page filters by the owner unit
(with its subtree)."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import RISK, Tile, query

from .forms import FindingsFilterForm
from .selectors import listed_findings

HONOURS = frozenset({"unit"})
IDLE_EQUIPMENT = "idle_equipment"


def _tile(key: str, label: str, fixed: dict, order: int, **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {**fixed, **({"don_vi": flt.unit} if flt.unit else {})}

    def count(user, flt, today) -> int:
        form = FindingsFilterForm(query(params(flt, today)))
        return len(listed_findings(user, unit=form.unit_id(), code=form.code()))

    return Tile(f"systems.{key}", label, RISK, frozenset(WIDE_ROLES), count, "systems:findings", params,
                honours=HONOURS, fragment="findings", order=order, **kwargs)


TILES = [
    _tile("findings", "Phát hiện trên bản đồ hệ thống", {}, 50,
          hint="Không kết nối, dữ liệu hai chủ, hồ sơ thiếu …; mỗi phát hiện nêu lý do"),
    _tile("idle_equipment", "Hệ thống có thiết bị chưa khai thác, hỏng", {"phat_hien": IDLE_EQUIPMENT}, 51,
          hint="Thiết bị dự án mua chưa đưa vào sử dụng, không sử dụng hoặc hỏng", danger=True),
]
