"""Directives on the leadership dashboard (:mod:`cds.core.tiles`): the tasks of the tree past
their deadline and the extension requests waiting for a decision, each counted with the
overview's own :func:`~cds.directives.selectors.filter_tasks` over the parameters its link
carries, read by the page's own form. The overview filters by the lead unit (with its subtree)
and by the year of the deadline."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import PROCESS, Tile, query

from .forms import TaskFilterForm
from .selectors import filter_tasks

HONOURS = frozenset({"unit", "year"})


def _tile(key: str, label: str, status: str, order: int, **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {"status": status, **flt.as_params(HONOURS)}

    return Tile(f"directives.{key}", label, PROCESS, frozenset(WIDE_ROLES),
                lambda user, flt, today: filter_tasks(user, TaskFilterForm(query(params(flt, today))).task_filter(),
                                                      today).count(),
                "directives:home", params, honours=HONOURS, fragment="tasks", order=order, **kwargs)


TILES = [
    _tile("overdue", "Nhiệm vụ được giao quá hạn", "overdue", 30, hint="Theo đơn vị chủ trì; năm của thời hạn",
          danger=True),
    _tile("extension", "Đề nghị gia hạn nhiệm vụ chờ quyết định", "extension", 31,
          hint="Đơn vị chủ trì đề nghị lùi thời hạn"),
]
