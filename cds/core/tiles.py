"""The leadership dashboard's tiles, contributed by the apps that own the lists behind them.

An app with something for leaders to watch has a ``tiles.py`` with ``TILES``, a list of
:class:`Tile`. A tile is a count and the page that lists exactly those records: its
``params(flt, today)`` are the list page's own query parameters (the dashboard's filters it
honours carried over), and its ``count(user, flt, today)`` must go through the very selector that
page lists its rows with, called with those parameters — so the number on the tile is the number
of rows its link shows, by construction (tests/dashboard checks every tile). The dashboard knows
no app by name: :func:`autodiscover` collects the modules when Django starts, as
:mod:`cds.core.todo` does for the home page.

:class:`Filters` are the dashboard's filters (unit with its subtree, programme, funding source,
year, legal regime, project state). A list that cannot filter by one of them says so in
``honours``: the tile is then shown unfiltered by it, marked as such, rather than with a figure
its list would not show.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.http import QueryDict
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

FILTER_NAMES = ("unit", "programme", "funding_source", "year", "regime", "state")

# Sections of the dashboard, in order.
MONEY = "money"
RISK = "risk"
PROCESS = "process"
SECTIONS = {MONEY: "Tiền và kế hoạch vốn", RISK: "Rủi ro và hiệu quả", PROCESS: "Quy trình và chỉ đạo"}


@dataclass(frozen=True)
class Filters:
    unit: int | None = None
    programme: int | None = None
    funding_source: int | None = None
    year: int | None = None
    regime: int | None = None
    state: str = ""

    def as_params(self, names=FILTER_NAMES) -> dict:
        return {k: v for k, v in dataclasses.asdict(self).items() if k in names and v not in (None, "")}

    def active(self) -> set[str]:
        return set(self.as_params())


@dataclass(frozen=True)
class Tile:
    key: str                    # "<app>.<name>", unique; the tile's data-tile attribute
    label: str
    section: str                # MONEY, RISK or PROCESS
    roles: frozenset            # role codes the tile is shown to
    count: Callable             # count(user, flt: Filters, today) -> int, through the list's selector
    url_name: str
    params: Callable            # params(flt: Filters, today) -> the list's query parameters
    honours: frozenset = frozenset(FILTER_NAMES)  # the dashboard filters the list applies
    fragment: str = ""
    hint: str = ""
    danger: bool = False        # a non-zero count is bad news (shown in red)
    order: int = 100

    def __post_init__(self):
        if self.section not in SECTIONS:
            raise ValueError(f"tile {self.key!r}: section must be one of {tuple(SECTIONS)}")
        if not self.honours <= set(FILTER_NAMES):
            raise ValueError(f"tile {self.key!r}: unknown filters {sorted(self.honours - set(FILTER_NAMES))}")

    def url(self, flt: Filters, today: dt.date) -> str:
        params = self.params(flt, today)
        query = f"?{urlencode(params)}" if params else ""
        return reverse(self.url_name) + query + (f"#{self.fragment}" if self.fragment else "")

    def ignored(self, flt: Filters) -> list[str]:
        """The active filters this tile's list cannot apply."""
        return [n for n in FILTER_NAMES if n in flt.active() and n not in self.honours]


@dataclass(frozen=True)
class Shown:
    tile: Tile
    n: int
    url: str
    ignored: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.tile.key


def query(params: dict) -> QueryDict:
    """``params`` as the list page reads them from its link (every value a string): a tile's
    ``count`` hands these to the list's own filter."""
    return QueryDict(urlencode(params))


_tiles: dict[str, Tile] = {}


def register(tile: Tile) -> None:
    if _tiles.get(tile.key, tile) != tile:
        raise ValueError(f"tile {tile.key!r} registered twice")
    _tiles[tile.key] = tile


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "tiles"):
            for tile in getattr(import_module(f"{config.name}.tiles"), "TILES", ()):
                register(tile)


def registered() -> list[Tile]:
    return sorted(_tiles.values(), key=lambda t: (list(SECTIONS).index(t.section), t.order, t.key))


def for_user(user, flt: Filters, today: dt.date) -> list[Shown]:
    """The user's tiles in order, each counted (one query each)."""
    return [Shown(t, t.count(user, flt, today), t.url(flt, today), t.ignored(flt))
            for t in registered() if user.role in t.roles]
