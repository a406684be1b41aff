"""The bottleneck register on the leadership dashboard (:mod:`cds.core.tiles`): the difficulties
still waiting for an answer and those whose answer is overdue, each counted with the register's
own :func:`~cds.surveys.bottleneck_selectors.filter_bottlenecks` over the parameters its link
carries, read by the page's own :meth:`~cds.surveys.bottleneck_selectors.BottleneckFilter.from_query`.
The register filters by the raising unit (with its subtree)."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import PROCESS, Tile, query

from .bottleneck_selectors import UNANSWERED, BottleneckFilter, filter_bottlenecks

HONOURS = frozenset({"unit"})


def _tile(key: str, label: str, fixed: dict, order: int, **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {**fixed, **flt.as_params(HONOURS)}

    return Tile(f"surveys.{key}", label, PROCESS, frozenset(WIDE_ROLES),
                lambda user, flt, today: filter_bottlenecks(user, BottleneckFilter.from_query(query(params(flt, today))),
                                                            today).count(),
                "surveys:bottlenecks", params, honours=HONOURS, fragment="bottleneck-list", order=order, **kwargs)


TILES = [
    _tile("bottlenecks_unanswered", "Điểm nghẽn, khó khăn chờ trả lời", {"todo": UNANSWERED}, 50,
          hint="Đơn vị phản ánh, cơ quan có trách nhiệm chưa trả lời"),
    _tile("bottlenecks_overdue", "Điểm nghẽn, khó khăn quá hạn trả lời", {"overdue": "1"}, 51,
          hint="Chưa trả lời, đã qua hạn trả lời", danger=True),
]
