"""The ranking's criteria: each a registered :class:`Spec` — a code, its name, a default weight,
the data it is computed from and how, and ``compute(ctx)`` returning one :class:`Measure` per
ranked unit. A method's :class:`~cds.rankings.models.Criterion` rows name specs by code, so a
method version changes weights and wording, never the computation behind a published figure.

A measure is a count of records that met the rule out of those the rule applies to, with the ids
of every record counted and of those that counted against the unit: the value is ``good ÷ total``
and every value on the ranking page links to those records (``Spec.model`` says which model,
``Spec.scope`` reads them as the user may). A unit with no record a criterion applies to has no
value for it (see :func:`cds.rankings.services.compute_period` for the points it then gets).

The built-in criteria live in :mod:`.portfolio` (registry, reviews, money, directives, candour)
:mod:`.processes` (appraisal, surveys, the yearly plan, estimates, procurement) and :mod:`.reuse`
(reuse of the library's models); :func:`autoload` imports them when Django starts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import Q

from cds.orgs.models import Unit

BUILTIN = ("cds.rankings.criteria.portfolio", "cds.rankings.criteria.processes", "cds.rankings.criteria.reuse")


@dataclass
class Measure:
    good: int = 0
    total: int = 0
    ids: list[int] = field(default_factory=list)
    against: list[int] = field(default_factory=list)
    note: str = ""

    def add(self, pk: int, ok: bool) -> None:
        self.total += 1
        self.ids.append(pk)
        if ok:
            self.good += 1
        else:
            self.against.append(pk)

    @property
    def value(self) -> float | None:
        return self.good / self.total if self.total else None


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    weight: int                      # default weight in a new method (points out of 100)
    source: str                      # the data it is computed from, in words
    formula: str                     # how, in words (printed in the published method)
    model: str                       # "<app_label>.<model>" of the records counted
    compute: Callable                # compute(ctx: Context) -> dict[unit_id, Measure]
    scope: Callable                  # scope(user) -> queryset of ``model`` the user may read
    order: int = 100


@dataclass
class Context:
    """What a computation needs: the tree, the ranked units and the period.

    The ranked units are the root's direct subordinates in force at the period's end. A record
    belongs to the ranked unit whose subtree holds the record's unit; a record of a unit that
    ended belongs to the unit that succeeded it (:meth:`owner_of`)."""

    root: object
    units: list                      # ranked units (orgs.Unit), in the tree's order
    starts_on: dt.date
    ends_on: dt.date
    _owner: dict = field(default_factory=dict, repr=False)

    @property
    def year(self) -> int:
        return self.ends_on.year

    @classmethod
    def build(cls, root, starts_on: dt.date, ends_on: dt.date) -> "Context":
        tree = list(Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk)
                    .only("pk", "path", "depth", "name", "short_name", "valid_from", "valid_to", "parent_id")
                    .prefetch_related("successors"))
        ranked = [u for u in tree if u.parent_id == root.pk and (u.valid_to is None or u.valid_to >= ends_on)
                  and (u.valid_from is None or u.valid_from <= ends_on)]
        ctx = cls(root, sorted(ranked, key=lambda u: u.name), starts_on, ends_on)
        by_path = sorted(ranked, key=lambda u: -len(u.path))
        by_id = {u.pk: u for u in tree}
        for unit in tree:
            owner = next((r.pk for r in by_path if unit.path.startswith(r.path)), None)
            seen = set()
            probe = unit
            while owner is None and probe is not None and probe.pk not in seen:
                seen.add(probe.pk)
                nxt = next(iter(probe.successors.all()), None)
                probe = by_id.get(nxt.pk) if nxt is not None else None
                if probe is not None:
                    owner = next((r.pk for r in by_path if probe.path.startswith(r.path)), None)
            if owner is not None:
                ctx._owner[unit.pk] = owner
        return ctx

    def owner_of(self, unit_id) -> int | None:
        """The ranked unit a record of unit ``unit_id`` counts for (None: outside the ranking)."""
        return self._owner.get(unit_id)

    def unit_q(self, field_name: str) -> Q:
        """Q over a unit foreign key: records of the tree's units below the root (a sub-query on the
        indexed path, not a list of ids); :meth:`tally` then drops those of no ranked unit."""
        return Q(**{f"{field_name}__in": Unit.objects.filter(path__startswith=self.root.path)
                    .exclude(pk=self.root.pk).values("pk")})

    def within(self, field_name: str) -> Q:
        """Q of a date field falling in the period (both ends included)."""
        return Q(**{f"{field_name}__gte": self.starts_on, f"{field_name}__lte": self.ends_on})

    def tally(self, rows: Iterable[tuple[int, int, bool]]) -> dict[int, Measure]:
        """Measures from ``(unit_id, record_id, ok)`` rows: one per ranked unit with a record, its
        evidence in record order (the same lists on every database, whatever order rows came in)."""
        out: dict[int, Measure] = {}
        for unit_id, pk, ok in sorted(rows, key=lambda row: row[1]):
            owner = self.owner_of(unit_id)
            if owner is not None:
                out.setdefault(owner, Measure()).add(pk, bool(ok))
        return out


_specs: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    if _specs.get(spec.code, spec) != spec:
        raise ValueError(f"criterion {spec.code!r} registered twice")
    _specs[spec.code] = spec
    return spec


def get(code: str) -> Spec | None:
    return _specs.get(code)


def registered() -> list[Spec]:
    return sorted(_specs.values(), key=lambda s: (s.order, s.code))


def autoload() -> None:
    for name in BUILTIN:
        import_module(name)
