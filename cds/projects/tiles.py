"""The registry's tiles on the leadership dashboard (:mod:`cds.core.tiles`): paused and stopped
projects and those whose disbursement is behind this year's capital plan, each counted with the
project list's own filter (:class:`~cds.projects.filters.ProjectFilterSet`) over the very query
parameters its link carries — the dashboard's six filters are the list's own."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import FILTER_NAMES, MONEY, RISK, Tile, query

from .filters import ProjectFilterSet
from .models import State
from .todo import BEHIND

ROLES = frozenset(WIDE_ROLES)
NOT_STATE = frozenset(FILTER_NAMES) - {"state"}


def _tile(key: str, label: str, section: str, fixed: dict, honours=frozenset(FILTER_NAMES), **kwargs) -> Tile:
    def params(flt, today) -> dict:
        return {**flt.as_params(honours), **fixed}

    return Tile(f"projects.{key}", label, section, ROLES,
                lambda user, flt, today: ProjectFilterSet.for_user(query(params(flt, today)), user).qs.count(),
                "projects:list", params, honours=honours, fragment="results", **kwargs)


TILES = [
    _tile("behind", "Dự án giải ngân chậm so với kế hoạch vốn năm nay", MONEY, BEHIND,
          hint="Giải ngân trong năm chưa đạt tỷ lệ thời gian đã qua của năm", danger=True, order=20),
    _tile("paused", "Dự án tạm dừng", RISK, {"state": State.PAUSED.value}, NOT_STATE, danger=True, order=20),
    _tile("stopped", "Dự án dừng thực hiện", RISK, {"state": State.STOPPED.value}, NOT_STATE, order=21),
]
