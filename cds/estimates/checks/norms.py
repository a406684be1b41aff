"""Lines priced by rate norms (quản lý dự án, tư vấn) against the value the norm gives: the
table is chosen by the kind of line (its words, or the norm the unit named) and by whether the
project builds infrastructure ("a" tables, base: xây lắp + thiết bị) or internal software and
databases ("b" tables, base: thiết bị); small projects and đề cương read the columns for a
report of one step where the norm has them. Tables, phrases and the review shares are rows of
the method's constants."""
from __future__ import annotations

from cds.core.errors import ServiceError
from cds.estimates.calc import rates
from cds.estimates.calc.constants import method_constants
from cds.estimates.models import Level
from cds.text.format import format_vnd

from . import Found, percent, register

METHOD = "QD1688"
SMALL_STRUCTURES = {"tt03_de_cuong"}
SLACK = 1.005  # half a per cent over the norm is rounding of the rate, not an excess


def _kind_of(line, kinds, folded: str) -> dict | None:
    if line.norm_key:
        return next((k for k in kinds if line.norm_key in (k.get("key"), k["infra"], k["software"])), None)
    name = f" {folded} "
    best, longest = None, 0
    for kind in kinds:
        if kind["group"] != line.group_code:
            continue
        for phrase in kind["phrases"]:
            # The longest phrase found wins: "thẩm tra thiết kế chi tiết" is a review, not "thiết kế chi tiết".
            if len(phrase) > longest and f" {phrase} " in name:
                best, longest = kind, len(phrase)
    return best


def _is_software(ctx, words) -> bool:
    equipment = ctx.group_lines("tb")
    total = sum(ln.amount for ln in equipment)
    soft = 0
    for ln in equipment:
        name = f" {ctx.folded(ln)} "
        if any(f" {w} " in name for w in words):
            soft += ln.amount
    return total > 0 and soft * 2 >= total


@register("norm.rate", "Chi phí quản lý dự án, tư vấn theo định mức tỷ lệ",
          structures=("nd73_tt04", "tt03_de_cuong"))
def rate_lines(ctx):
    try:
        constants = method_constants(METHOD)
    except ServiceError as exc:
        yield Found("norm.rate", Level.INFO, exc.messages[0])
        return
    kinds = constants.get("line_kinds") or []
    software = _is_software(ctx, constants.get("software_words") or [])
    column = "software_small" if software and ctx.structure.code in SMALL_STRUCTURES else (
        "software" if software else "infra")
    base = ctx.group_amount("tb") + (0 if software else ctx.group_amount("xl"))
    if base <= 0:
        return
    for ln in ctx.lines:
        kind = _kind_of(ln, kinds, ctx.folded(ln))
        if kind is None or not ln.amount:
            continue
        table = kind[column]
        try:
            result = (rates.review("b" if software else "a", base, constants) if table == "review"
                      else rates.rate(table, base, constants))
        except ServiceError as exc:
            yield Found("norm.rate", Level.INFO, exc.messages[0], "", ln, ln.group_code)
            continue
        allowed = result.amount
        evidence = {"table": table, "base": base, "rate": str(result.rate), "allowed": allowed,
                    "formula": result.formula, "kind": kind["label"]}
        if ln.amount > allowed * SLACK + 1:
            yield Found("norm.rate", Level.ERROR,
                        f"{kind['label']}: {format_vnd(ln.amount)} đồng, vượt định mức {percent(result.rate)} × "
                        f"{format_vnd(base)} đồng = {format_vnd(allowed)} đồng "
                        f"(vượt {format_vnd(ln.amount - allowed)} đồng).",
                        result.citation, ln, ln.group_code, evidence)
