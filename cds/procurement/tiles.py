"""Procurement on the leadership dashboard (:mod:`cds.core.tiles`): the packages with a warning
sign, counted with the procurement page's own :func:`~cds.procurement.selectors.filter_packages`
over the parameters its link carries (``?flagged=1``), read by the page's own
:meth:`~cds.procurement.selectors.PackageFilter.from_params`. The page filters by unit (with its
subtree), the project's programme, the package's funding source and the year selection started."""
from cds.accounts.access import WIDE_ROLES
from cds.core.tiles import RISK, Tile, query

HONOURS = frozenset({"unit", "programme", "funding_source", "year"})


def _params(flt, today) -> dict:
    return {"flagged": "1", **flt.as_params(HONOURS)}


def _count(user, flt, today) -> int:
    # imported here: the selectors load the warning signs, which read the selectors back once the
    # app is ready (importing them while Django starts would go round in a circle)
    from .selectors import PackageFilter, filter_packages

    return filter_packages(user, PackageFilter.from_params(query(_params(flt, today)))).count()


TILES = [
    Tile("procurement.flagged", "Gói thầu có dấu hiệu cảnh báo", RISK, frozenset(WIDE_ROLES),
         _count, "procurement:index", _params, honours=HONOURS, fragment="results",
         hint="Mỗi dấu hiệu nêu căn cứ pháp lý", danger=True, order=60),
]
