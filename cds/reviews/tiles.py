"""Effectiveness reviews on the leadership dashboard (:mod:`cds.core.tiles`): reports overdue in
open campaigns, projects the reviewer rated ineffective and reports awaiting assessment — each
one of :data:`cds.reviews.selectors.WAITING_FILTERS`, listed at ``/danh-gia/?todo=<key>`` and
counted with the same :func:`~cds.reviews.selectors.todo_reviews`. The list filters by the
reporting unit (with its subtree); the project filters are not its own."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import PROCESS, RISK, Tile, query

from .forms import TodoFilterForm
from .selectors import WAITING_FILTERS, todo_reviews

HONOURS = frozenset({"unit"})


def _tile(key: str, section: str, order: int, label: str = "", **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {"todo": key, **flt.as_params(HONOURS)}

    def count(user, flt, today) -> int:
        form = TodoFilterForm(query(params(flt, today)))
        return todo_reviews(user, form.key(), form.unit_id()).count()

    return Tile(f"reviews.{key}", label or WAITING_FILTERS[key][0], section, frozenset(WIDE_ROLES), count,
                "reviews:list", params, honours=HONOURS, fragment="todo-reviews", order=order, **kwargs)


TILES = [
    _tile("ineffective", RISK, 30, "Dự án được đánh giá chưa hiệu quả, không hiệu quả",
          hint="Theo kết quả thẩm tra, các đợt đang thu thập", danger=True),
    _tile("late", PROCESS, 40, "Báo cáo đánh giá quá hạn chưa gửi",
          hint="Đợt đánh giá đang thu thập, đã qua hạn gửi", danger=True),
    _tile("to_assess", PROCESS, 41, "Báo cáo đánh giá chờ thẩm tra", hint="Đơn vị đã gửi"),
]
