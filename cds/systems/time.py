"""The TIME quadrant (Gartner's Tolerate, Invest, Migrate, Eliminate): where a system stands by
the value it brings (its functional fit) and its technical fitness (its technical fit). One
mapping for the whole application: a review places a project by its scores, the systems map
places each system by its two 4-point fits."""
from __future__ import annotations

from .models import Fit

#: (value high, technical fitness high) → (key, Vietnamese label).
QUADRANTS = {
    (True, True): ("invest", "Đầu tư thêm"),
    (True, False): ("migrate", "Chuyển đổi/nâng cấp"),
    (False, True): ("tolerate", "Duy trì"),
    (False, False): ("eliminate", "Loại bỏ/dừng"),
}
NOT_ASSESSED = (None, "Chưa đánh giá mức phù hợp")

#: A fit from this step of the 4-point scale counts as high.
HIGH_FIT = Fit.ADEQUATE


def quadrant_of(value_high: bool, fitness_high: bool) -> tuple[str, str]:
    return QUADRANTS[(bool(value_high), bool(fitness_high))]


def time_quadrant(system) -> tuple[str | None, str]:
    """(key, label) of a system by its functional and technical fit ("Phù hợp" or better is
    high); (None, "Chưa đánh giá mức phù hợp") while either is missing."""
    if system.functional_fit is None or system.technical_fit is None:
        return NOT_ASSESSED
    return quadrant_of(system.functional_fit >= HIGH_FIT, system.technical_fit >= HIGH_FIT)
