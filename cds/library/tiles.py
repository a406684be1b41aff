"""The library's tile on the leadership dashboard (:mod:`cds.core.tiles`): proposals registered
this year by "Tái sử dụng mô hình", counted with the filter of their list page
(:func:`cds.library.selectors_reuse.filter_reuses`) over the very query parameters its link
carries. The list filters by unit and programme; the year is the tile's own (this year)."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import RISK, Tile, query

from .selectors_reuse import reuse_count

HONOURS = frozenset({"unit", "programme"})


def _params(flt, today) -> dict:
    return {**flt.as_params(HONOURS), "year": today.year}


TILES = [
    Tile("library.reused", "Đề xuất tái sử dụng mô hình năm nay", RISK, frozenset(WIDE_ROLES),
         lambda user, flt, today: reuse_count(user, query(_params(flt, today))), "library:reuses", _params,
         honours=HONOURS, fragment="results",
         hint="Nhiệm vụ, dự án đăng ký trong năm bằng “Tái sử dụng mô hình” từ thư viện mô hình đã công bố",
         order=40),
]
