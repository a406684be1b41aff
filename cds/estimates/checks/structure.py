"""The cost structure: groups the regime requires, lines in a group they do not belong to, the
contingency within its cap, and — where the regime prices lines by quotations and tenders
rather than by rate norms — the basis of each price."""
from __future__ import annotations

from decimal import Decimal

from cds.estimates.models import Basis, Level
from cds.text.format import format_vnd
from cds.text.normalize import fold

from . import Found, percent, register


@register("structure.required", "Nhóm chi phí bắt buộc theo cơ cấu của chế độ")
def required_groups(ctx):
    for group in ctx.groups:
        if group.required and not any(ln.amount for ln in ctx.group_lines(group.code)):
            yield Found("structure.required", Level.WARNING,
                        f"Thiếu nhóm “{group}”: cơ cấu dự toán theo {ctx.structure.citation} có nhóm chi phí này.",
                        group.citation, None, group.code)
    known = set(ctx.group_by_code)
    for ln in ctx.lines:
        if ln.group_code not in known:
            yield Found("structure.unknown_group", Level.ERROR,
                        f"Khoản mục thuộc nhóm “{ln.group_code}” không có trong cơ cấu dự toán này.",
                        ctx.structure.citation, ln, ln.group_code)


def _phrases(group) -> list[str]:
    return [fold(p) for p in (group.keywords or "").splitlines() if fold(p)]


def _matches(name: str, phrases: list[str]) -> list[str]:
    padded = f" {name} "
    return [p for p in phrases if f" {p} " in padded]


@register("structure.misplaced", "Khoản mục không thuộc nhóm chi phí đã xếp")
def misplaced(ctx):
    phrases = {g.code: _phrases(g) for g in ctx.groups}
    for ln in ctx.lines:
        own = phrases.get(ln.group_code)
        if own is None:
            continue
        name = ctx.folded(ln)
        if _matches(name, own):
            continue
        for group in ctx.groups:
            if group.code == ln.group_code or group.is_contingency:
                continue
            hits = _matches(name, phrases[group.code])
            if hits:
                mine = ctx.group_by_code[ln.group_code]
                yield Found("structure.misplaced", Level.WARNING,
                            f"“{ln.name}” là khoản mục của nhóm “{group}” (theo nội dung: “{hits[0]}”) nhưng "
                            f"được xếp vào nhóm “{mine}”.", group.citation, ln, ln.group_code,
                            {"expected_group": group.code, "matched": hits[0]})
                break


@register("norm.contingency", "Chi phí dự phòng trong mức tối đa")
def contingency(ctx):
    for group in ctx.groups:
        if not group.is_contingency:
            continue
        amount = ctx.group_amount(group.code)
        base = ctx.amount_without(group.code)
        if not amount or not base:
            continue
        share = Decimal(amount) * 100 / base
        evidence = {"base": base, "amount": amount, "share": str(share.quantize(Decimal("0.01")))}
        if group.contingency_cap is None:
            yield Found("norm.contingency", Level.INFO,
                        f"Dự phòng {format_vnd(amount)} đồng bằng {percent(share)} tổng các chi phí khác "
                        f"({format_vnd(base)} đồng); tỉnh chưa nhập mức tối đa cho cơ cấu này.",
                        group.citation, None, group.code, evidence)
            continue
        cap = Decimal(group.contingency_cap)
        allowed = int(Decimal(base) * cap / 100)
        evidence.update(cap=str(cap), allowed=allowed)
        if amount > allowed + 1:
            yield Found("norm.contingency", Level.ERROR,
                        f"Dự phòng {format_vnd(amount)} đồng bằng {percent(share)} tổng các chi phí khác, vượt mức "
                        f"tối đa {percent(cap)} ({format_vnd(allowed)} đồng; vượt {format_vnd(amount - allowed)} đồng).",
                        group.citation, None, group.code, evidence)


@register("basis.missing", "Căn cứ xác định giá của từng khoản", structures=("nd224_49", "nd224_rental"))
def basis_required(ctx):
    """NĐ 224/2026 prices equipment, management and consulting by quotations, tender results,
    price appraisal, expert estimate or sector norms: a line without its basis cannot be checked."""
    for ln in ctx.lines:
        group = ctx.group_by_code.get(ln.group_code)
        if group is None or group.is_contingency or ln.basis != Basis.OTHER:
            continue
        yield Found("basis.missing", Level.WARNING,
                    "Chưa ghi căn cứ xác định giá (báo giá, kết quả trúng thầu, thẩm định giá, định mức …).",
                    f"{ctx.structure.citation} khoản 5", ln, ln.group_code)
