"""Automatic checks of an estimate version: rules registered per cost structure (hence per
regime), each returning what it found with its evidence and the legal text it applies.

A rule is a function ``rule(ctx) -> Iterable[Found]`` registered with :func:`register`; a rule
for every structure passes ``structures=None``. A new regime adds its structure rows and a module
of rules registered for them, without touching the rules of the old ones. Checks read the lines
as plain objects (an unsaved preview of an uploaded sheet is checked exactly like a stored
version) and never write: the services store what they return.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils import timezone

from cds.estimates.keys import item_key
from cds.estimates.models import Level
from cds.text.normalize import fold


@dataclass
class Found:
    rule: str
    level: str
    message: str
    citation: str = ""
    line: object | None = None  # one of ctx.lines
    group_code: str = ""
    evidence: dict = field(default_factory=dict)


@dataclass
class Context:
    """What the rules read: the estimate's project and structure, the lines (objects with the
    attributes of EstimateLine), the sub-totals and total the unit wrote, the UCP calculation
    attached, the unit tree (the market history of one province or ministry only), the user on
    whose behalf similar projects are looked up and the day the estimate is judged on (the
    stored version's date; today for a preview): earlier prices count up to that day."""

    project: object
    structure: object
    lines: list
    declared_subtotals: dict = field(default_factory=dict)
    declared_total: int | None = None
    ucp: dict = field(default_factory=dict)
    estimate_id: int | None = None
    actor: object | None = None
    day: dt.date | None = None

    @cached_property
    def check_day(self) -> dt.date:
        return self.day or timezone.localdate()

    @cached_property
    def groups(self) -> list:
        return list(self.structure.groups.all())

    @cached_property
    def group_by_code(self) -> dict:
        return {g.code: g for g in self.groups}

    @cached_property
    def tree_prefix(self) -> str:
        return self.project.investor_unit.tree_prefix

    @cached_property
    def _folded(self) -> dict[int, str]:
        return {}

    def folded(self, line) -> str:
        """The line's name folded (no diacritics, lower case): computed once per run whatever
        the number of rules reading it (folding is most of the time a large sheet's check takes)."""
        key = id(line)
        if key not in self._folded:
            self._folded[key] = fold(line.name)
        return self._folded[key]

    def item_key(self, line) -> str:
        """The line's item key: the stored one, or computed for an unsaved preview."""
        return getattr(line, "item_key", "") or item_key(line.name)

    def group_lines(self, code: str) -> list:
        return [ln for ln in self.lines if ln.group_code == code]

    def group_amount(self, code: str) -> int:
        """Sum of a group's amounts before VAT."""
        return sum(ln.amount for ln in self.lines if ln.group_code == code)

    def amount_without(self, *codes: str) -> int:
        return sum(ln.amount for ln in self.lines if ln.group_code not in codes)


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    structures: frozenset[str] | None
    func: Callable[[Context], Iterable[Found]]

    def applies(self, structure_code: str) -> bool:
        return self.structures is None or structure_code in self.structures


RULES: list[Rule] = []


def register(code: str, title: str, *, structures: Iterable[str] | None = None):
    """Register ``func`` as the rule ``code`` for the cost structures given (None: all)."""
    def wrap(func):
        RULES.append(Rule(code, title, frozenset(structures) if structures is not None else None, func))
        return func
    return wrap


def rules_for(structure_code: str) -> list[Rule]:
    return [r for r in RULES if r.applies(structure_code)]


LEVEL_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}


def run(ctx: Context) -> list[Found]:
    out: list[Found] = []
    for rule in rules_for(ctx.structure.code):
        out.extend(rule.func(ctx))
    return out


def percent(value: Decimal | float) -> str:
    """12,5 % — Vietnamese decimal comma, at most two decimals."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


# The rules themselves register on import.
from . import arithmetic, market, norms, structure  # noqa: E402,F401
