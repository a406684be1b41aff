"""The per-unit figures the wide lists read (:class:`~cds.procurement.models.Rollup`,
:class:`~cds.procurement.models.WarningRollup`), rebuilt with the unit's warnings.

They are computed by the same measures as the live figures (:mod:`cds.procurement.selectors`),
grouped by method, so a sum of rollups equals the live figures of the same packages. They serve
the lists whose filter they can answer (a unit's subtree, a method, a year) for the roles that
read a whole tree; any other filter is answered live."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Package, Rollup, Warning, WarningRollup
from .selectors import AWARDED, measures_by

COLUMNS = ("count", "package_price", "awarded_count", "awarded_package_price", "awarded_price", "bidders_sum",
           "with_bidders", "single_bidder", "contracts", "late_contracts", "cancelled")


def rebuild(unit_id: int, today: dt.date | None = None) -> None:
    """Replace one unit's rollups (two grouped queries, two writes)."""
    today = today or timezone.localdate()
    packages = Package.objects.filter(unit_id=unit_id)
    extra = {"m_bidders_sum": Sum("bidders", filter=AWARDED & Q(bidders__isnull=False))}
    rows = measures_by(packages.annotate(year=ExtractYear("selection_start")), ["method", "year"], today, extra)
    Rollup.objects.filter(unit_id=unit_id).delete()
    Rollup.objects.bulk_create([Rollup(unit_id=unit_id, method=r["method"], year=r["year"], day=today,
                                       **{c: r.get(c) or 0 for c in COLUMNS}) for r in rows])
    WarningRollup.objects.filter(unit_id=unit_id).delete()
    WarningRollup.objects.bulk_create([
        WarningRollup(unit_id=unit_id, code=r["code"], method=r["package__method"], year=r["year"], count=r["count"],
                      packages=r["packages"])
        for r in Warning.objects.filter(unit_id=unit_id).annotate(year=ExtractYear("package__selection_start"))
        .order_by().values("code", "package__method", "year")
        .annotate(count=Count("id"), packages=Count("package", distinct=True))])
