"""Warning signs on packages: a registry of checks, each with its code and title, run over every
package of a unit at once (splitting and repeat winners compare a unit's packages with each
other), leaving :class:`~cds.procurement.models.Warning` rows with the rule's text, evidence and
citation. The services rebuild a unit's warnings in the transaction that changed its packages;
``refresh_units`` is also what the demo and the command ``refresh_procurement_warnings`` call.

A check is ``fn(ctx) -> iterable of Found``; ``ctx`` is a :class:`UnitContext` (the unit's
packages with their contracts and payments loaded once, the law version and rules of each
package's date, the province's cut-offs). Checks read data, never the database per package."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from django.db.models import Prefetch, Sum
from django.utils import timezone

from cds.orgs.models import Unit

from .models import Contract, LawVersion, Level, MethodRule, Package, Setting, Warning

CHECKS: dict[str, tuple[str, Callable]] = {}


def register(code: str, title: str):
    def wrap(fn):
        CHECKS[code] = (title, fn)
        return fn
    return wrap


def titles() -> dict[str, str]:
    """Code → title of every registered check (filters, legends)."""
    return {code: title for code, (title, _) in CHECKS.items()}


@dataclass
class Found:
    package: Package
    code: str
    message: str
    citation: str = ""
    evidence: dict = field(default_factory=dict)
    level: str = Level.WARNING
    law: LawVersion | None = None


class Laws:
    """Every law version with its method rules, read once per refresh."""

    def __init__(self):
        self.versions = list(LawVersion.objects.order_by("in_force_from").prefetch_related(
            Prefetch("method_rules", queryset=MethodRule.objects.all())))

    def on(self, day: dt.date) -> LawVersion | None:
        found = None
        for law in self.versions:
            if law.in_force_from <= day:
                found = law
        return found


def settings_for(root_unit_id: int | None) -> dict[str, Decimal]:
    """The cut-offs of one tree: its own rows over the defaults."""
    values: dict[str, Decimal] = {}
    rows = Setting.objects.filter(root_unit__isnull=True)
    if root_unit_id:
        rows = rows | Setting.objects.filter(root_unit_id=root_unit_id)
    for row in sorted(rows, key=lambda r: r.root_unit_id is not None):
        values[row.code] = row.value
    return values


@dataclass
class UnitContext:
    unit: Unit
    packages: list[Package]
    laws: Laws
    settings: dict[str, Decimal]
    today: dt.date
    paid: dict[int, int]   # contract id → sum of its payments

    def setting(self, code: str) -> Decimal:
        return self.settings.get(code, Decimal(0))


def _root_id(unit: Unit) -> int | None:
    first = unit.path.strip("/").split("/")[0] if unit.path else ""
    return int(first) if first.isdigit() else None


def context_for(unit: Unit, laws: Laws | None = None, today: dt.date | None = None) -> UnitContext:
    packages = list(Package.objects.filter(unit=unit).select_related("contractor", "plan", "project")
                    .prefetch_related(Prefetch("contract", queryset=Contract.objects.all()))
                    .order_by("selection_start", "id"))
    paid = dict(Contract.objects.filter(package__unit=unit).annotate(total=Sum("payments__amount"))
                .values_list("pk", "total"))
    return UnitContext(unit=unit, packages=packages, laws=laws or Laws(), settings=settings_for(_root_id(unit)),
                       today=today or timezone.localdate(), paid={k: v or 0 for k, v in paid.items()})


def run(ctx: UnitContext) -> list[Found]:
    found: list[Found] = []
    for _code, (_title, fn) in CHECKS.items():
        found.extend(fn(ctx))
    return found


def refresh_units(unit_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Rebuild the warnings of every package of these units; the number of warnings written."""
    laws = Laws()
    written = 0
    for unit in Unit.objects.filter(pk__in=set(unit_ids)):
        ctx = context_for(unit, laws, today)
        found = run(ctx)
        Warning.objects.filter(unit=unit).delete()
        Warning.objects.bulk_create([
            Warning(package=f.package, unit=unit, code=f.code, level=f.level, message=f.message,
                    citation=f.citation, evidence=f.evidence, law=f.law) for f in found], batch_size=1000)
        written += len(found)
    return written
