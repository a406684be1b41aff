"""Market comparison: each priced line against the same item and unit of measure in the
province's earlier prices — lines of estimates concluded as suitable and items of awarded
contracts (:class:`~cds.estimates.models.PricePoint` of either source) dated within the last
``ESTIMATE_MARKET_YEARS`` years before the day the estimate is judged on — with the median,
spread, count and where the prices come from; the software cost per adjusted use-case point and
the total against similar projects the overlap engine finds. Only the project's own unit tree
is read: one province's prices never inform another's check, and never name another's
estimates."""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

from django.conf import settings

from cds.estimates.keys import item_key
from cds.estimates.models import Conclusion, Estimate, Level, PricePoint, PriceSource
from cds.overlap import services as overlap_services
from cds.overlap.permissions import can_check_overlap
from cds.text.format import format_vnd

from . import Found, percent, register

PRICED_GROUPS = {"xl", "tb", "thue", "k"}
CITE = ("TT 03/2020/TT-BTTTT Điều 5 (giá thị trường; định mức, đơn giá của nhiệm vụ tương tự đã được "
        "phê duyệt)")
CHUNK = 500


def market_tolerance() -> Decimal:
    """How far above the median a price may go before it is flagged (settings, default 25 %)."""
    return Decimal(str(getattr(settings, "ESTIMATE_MARKET_TOLERANCE", 0.25)))


def _min_points() -> int:
    return int(getattr(settings, "ESTIMATE_MARKET_MIN_POINTS", 3))


def market_years() -> int:
    """How many years back an earlier price still counts (settings, default 3)."""
    return int(getattr(settings, "ESTIMATE_MARKET_YEARS", 3))


def window(day: dt.date, years: int | None = None) -> tuple[dt.date, dt.date]:
    """The days whose prices count for an estimate judged on ``day``: the ``years`` years
    before it, up to that day."""
    years = market_years() if years is None else years
    try:
        since = day.replace(year=day.year - years)
    except ValueError:   # 29 February
        since = day.replace(year=day.year - years, day=28)
    return since, day


def history(tree_prefix: str, keys: set[str], exclude_estimate: int | None, *, since: dt.date | None = None,
            until: dt.date | None = None) -> dict[str, list]:
    """Earlier prices of the items ``keys`` in one unit tree (estimates and awards), dated from
    ``since`` to ``until`` when given, in one query per 500 keys."""
    found: dict[str, list] = defaultdict(list)
    keys = sorted(k for k in keys if k)
    for i in range(0, len(keys), CHUNK):
        qs = PricePoint.objects.filter(tree_prefix=tree_prefix, item_key__in=keys[i:i + CHUNK])
        if since is not None:
            qs = qs.filter(day__gte=since)
        if until is not None:
            qs = qs.filter(day__lte=until)
        if exclude_estimate:
            qs = qs.exclude(estimate_id=exclude_estimate)
        # Tuples, not .values() dicts, and only the columns the rule reads: a 2,000-line estimate
        # reads tens of thousands of earlier prices in a large province.
        for key, unit, unit_price, day, source, estimate_id, package_id in qs.values_list(
                "item_key", "unit", "unit_price", "day", "source", "estimate_id", "package_id"):
            found[key].append({"unit": unit, "unit_price": unit_price, "day": day, "source": source,
                               "estimate_id": estimate_id, "package_id": package_id})
    return found


def _source(p) -> dict:
    if p.get("source") == PriceSource.AWARD:
        return {"kind": "award", "package": p["package_id"], "day": p["day"].isoformat(),
                "unit_price": p["unit_price"]}
    return {"kind": "estimate", "estimate": p["estimate_id"], "day": p["day"].isoformat(),
            "unit_price": p["unit_price"]}


def _sources(points) -> list[dict]:
    """The ten newest prices with where each comes from: an estimate (its id) or an award (the
    package's id)."""
    return [_source(p) for p in sorted(points, key=lambda p: p["day"], reverse=True)[:10]]


def _origin(estimates: int, awards: int) -> str:
    parts = [f"{estimates} giá của dự toán được kết luận phù hợp" if estimates else "",
             f"{awards} giá trúng thầu" if awards else ""]
    return ", ".join(x for x in parts if x)


@register("market.price", "Đơn giá so với giá đã duyệt của tỉnh")
def line_prices(ctx):
    priced = [ln for ln in ctx.lines if ln.group_code in PRICED_GROUPS and ln.unit_price and ln.quantity]
    if not priced:
        return
    keys = {id(ln): ctx.item_key(ln) for ln in priced}
    years = market_years()
    since, until = window(ctx.check_day, years)
    past = history(ctx.tree_prefix, set(keys.values()), ctx.estimate_id, since=since, until=until)
    tolerance = market_tolerance()
    units: dict[str, str] = {}   # unit as written → its key, folded once per run

    def unit_key(unit: str) -> str:
        if unit not in units:
            units[unit] = item_key(unit)
        return units[unit]

    for ln in priced:
        mine = unit_key(ln.unit) if ln.unit else None
        points = [p for p in past.get(keys[id(ln)], ())
                  if mine is None or not p["unit"] or unit_key(p["unit"]) == mine]
        if len(points) < _min_points():
            continue
        prices = [p["unit_price"] for p in points]
        awards = sum(1 for p in points if p["source"] == PriceSource.AWARD)
        median = int(statistics.median(prices))
        evidence = {"median": median, "min": min(prices), "max": max(prices), "count": len(prices),
                    "estimates": len(prices) - awards, "awards": awards, "since": since.isoformat(),
                    "sources": _sources(points), "unit_price": ln.unit_price}
        if median and ln.unit_price > median * (1 + tolerance):
            share = Decimal(ln.unit_price - median) * 100 / median
            yield Found("market.price", Level.WARNING,
                        f"Đơn giá {format_vnd(ln.unit_price)} đồng cao hơn {percent(share)} so với trung vị "
                        f"{format_vnd(median)} đồng của {len(prices)} giá trong tỉnh {years} năm gần đây "
                        f"({_origin(len(prices) - awards, awards)}; thấp nhất {format_vnd(min(prices))}, "
                        f"cao nhất {format_vnd(max(prices))} đồng).",
                        CITE, ln, ln.group_code, evidence)


def _similar_estimates(ctx, k: int = 10) -> list:
    if ctx.actor is None or not can_check_overlap(ctx.actor):
        return []
    project = ctx.project
    found = overlap_services.check(ctx.actor, project.name, f"{project.objectives} {project.scope}",
                                   project=project, k=k, within=(ctx.tree_prefix,))
    ids = [c.id for c in found if c.kind == "project"]
    if not ids:
        return []
    return list(Estimate.objects.filter(project_id__in=ids, conclusion=Conclusion.SUITABLE)
                .exclude(pk=ctx.estimate_id).select_related("project")
                .prefetch_related("versions"))


def _concluded_version(estimate):
    return next((v for v in estimate.versions.all() if v.number == estimate.concluded_version), None)


@register("market.similar", "Chi phí phần mềm trên một điểm và tổng dự toán so với dự án tương tự")
def similar_projects(ctx):
    others = [(e, _concluded_version(e)) for e in _similar_estimates(ctx)]
    others = [(e, v) for e, v in others if v is not None]
    if not others:
        return
    tolerance = market_tolerance()
    aucp, cost = ctx.ucp.get("aucp"), ctx.ucp.get("total")
    per_point = [(e, v.ucp["total"] / v.ucp["aucp"]) for e, v in others
                 if v.ucp.get("aucp") and v.ucp.get("total")]
    if aucp and cost and per_point:
        mine = cost / aucp
        median = statistics.median(p for _, p in per_point)
        evidence = {"mine": round(mine), "median": round(median), "count": len(per_point),
                    "sources": [{"estimate": e.pk, "project": e.project_id, "per_point": round(p)}
                                for e, p in per_point]}
        if mine > median * float(1 + tolerance):
            yield Found("market.ucp", Level.WARNING,
                        f"Chi phí phần mềm {format_vnd(round(mine))} đồng cho một điểm trường hợp sử dụng đã điều "
                        f"chỉnh, cao hơn trung vị {format_vnd(round(median))} đồng của {len(per_point)} dự án "
                        f"tương tự đã duyệt.", CITE, None, "", evidence)
    totals = [v.total for _, v in others if v.total]
    mine_total = sum(ln.amount + ln.vat_amount for ln in ctx.lines)
    if totals and mine_total:
        median = statistics.median(totals)
        evidence = {"mine": mine_total, "median": round(median), "count": len(totals),
                    "sources": [{"estimate": e.pk, "project": e.project_id, "total": v.total} for e, v in others]}
        level = Level.WARNING if mine_total > median * 2 else Level.INFO
        yield Found("market.total", level,
                    f"Tổng dự toán {format_vnd(mine_total)} đồng; trung vị {format_vnd(round(median))} đồng của "
                    f"{len(totals)} dự án tương tự đã duyệt trong tỉnh.", CITE, None, "", evidence)
