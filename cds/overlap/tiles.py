"""Overlap detection on the leadership dashboard (:mod:`cds.core.tiles`): the pairs waiting for
the CĐS authority's conclusion, counted with the queue's own filter
(:func:`~cds.overlap.selectors.queue_filter`) over the parameters its link carries. The queue
filters by unit (either project's investor, with its subtree)."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import RISK, Tile, query

from .models import PairStatus
from .selectors import queue_filter

HONOURS = frozenset({"unit"})


def _params(flt, today) -> dict:
    return {"status": PairStatus.PENDING.value, **flt.as_params(HONOURS)}


TILES = [
    Tile("overlap.pending", "Cặp nghi trùng lặp chờ kết luận", RISK, frozenset(WIDE_ROLES),
         lambda user, flt, today: queue_filter(user, query(_params(flt, today))).qs.count(), "overlap:queue", _params,
         honours=HONOURS, fragment="pairs", hint="Trùng lặp, có liên quan hay không liên quan", order=40),
]
