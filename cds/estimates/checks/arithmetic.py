"""Arithmetic: quantity × unit price, VAT, the sub-totals and the total the unit wrote."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cds.estimates.models import Level
from cds.text.format import format_vnd

from . import Found, register

TOLERANCE = 1  # đồng: rounding of a product written to the nearest đồng


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register("arithmetic.line", "Thành tiền = khối lượng × đơn giá; thuế GTGT")
def line_products(ctx):
    for ln in ctx.lines:
        if ln.quantity is not None and ln.unit_price is not None:
            expected = _round(Decimal(ln.quantity) * ln.unit_price)
            if abs(expected - ln.amount) > TOLERANCE:
                yield Found("arithmetic.line", Level.ERROR,
                            f"Thành tiền {format_vnd(ln.amount)} đồng khác khối lượng × đơn giá "
                            f"= {format_vnd(expected)} đồng (chênh {format_vnd(ln.amount - expected)} đồng).",
                            ctx.structure.citation, ln, ln.group_code,
                            {"quantity": str(ln.quantity), "unit_price": ln.unit_price, "expected": expected,
                             "stated": ln.amount})
        if ln.vat_rate:
            vat = _round(Decimal(ln.amount) * Decimal(ln.vat_rate) / 100)
            if abs(vat - ln.vat_amount) > TOLERANCE:
                yield Found("arithmetic.vat", Level.ERROR,
                            f"Thuế GTGT {format_vnd(ln.vat_amount)} đồng khác {ln.vat_rate:g} % × thành tiền "
                            f"= {format_vnd(vat)} đồng.", ctx.structure.citation, ln, ln.group_code,
                            {"vat_rate": str(ln.vat_rate), "expected": vat, "stated": ln.vat_amount})


@register("arithmetic.subtotal", "Cộng nhóm và tổng cộng")
def subtotals(ctx):
    for code, stated in (ctx.declared_subtotals or {}).items():
        group = ctx.group_by_code.get(code)
        lines = ctx.group_lines(code)
        before = sum(ln.amount for ln in lines)
        after = sum(ln.amount + ln.vat_amount for ln in lines)
        if stated is None or abs(stated - before) <= TOLERANCE or abs(stated - after) <= TOLERANCE:
            continue
        name = str(group) if group else code
        yield Found("arithmetic.subtotal", Level.ERROR,
                    f"Dòng cộng nhóm “{name}” ghi {format_vnd(stated)} đồng nhưng các khoản mục cộng lại "
                    f"{format_vnd(before)} đồng trước thuế ({format_vnd(after)} đồng sau thuế).",
                    ctx.structure.citation, None, code, {"stated": stated, "sum_before_vat": before, "sum_after_vat": after})
    if ctx.declared_total is not None:
        before = sum(ln.amount for ln in ctx.lines)
        after = sum(ln.amount + ln.vat_amount for ln in ctx.lines)
        if abs(ctx.declared_total - before) > TOLERANCE and abs(ctx.declared_total - after) > TOLERANCE:
            yield Found("arithmetic.total", Level.ERROR,
                        f"Tổng cộng ghi {format_vnd(ctx.declared_total)} đồng nhưng các khoản mục cộng lại "
                        f"{format_vnd(before)} đồng trước thuế ({format_vnd(after)} đồng sau thuế).",
                        ctx.structure.citation, None, "", {"stated": ctx.declared_total, "sum_before_vat": before,
                                         "sum_after_vat": after})
