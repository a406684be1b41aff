"""The contingency cap of a cost structure: the ``contingency_cap`` (per cent of the other groups)
of its contingency group, where the regime sets one (Thông tư 03/2020/TT-BTTTT caps the đề
cương's contingency at 10 %); no cap where the row has none."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cds.core.errors import ServiceError
from cds.estimates.models import CostGroup, CostStructure

from .tables import money, number


@dataclass
class ContingencyCheck:
    cap: Decimal | None          # per cent, None: no cap
    base: int
    amount: int
    limit: int | None            # cap × base in đồng (rounded down: the most that stays within the cap)
    ok: bool
    message: str
    citation: str


def _group(structure):
    qs = CostGroup.objects.filter(is_contingency=True)
    qs = qs.filter(structure=structure) if isinstance(structure, CostStructure) else qs.filter(structure__code=structure)
    return qs.only("contingency_cap", "citation", "name").first()


def cap(structure) -> Decimal | None:
    """The cap (%) of ``structure`` (an instance or its code); None when its rows set none."""
    group = _group(structure)
    return group.contingency_cap if group is not None else None


def check(structure, base: int, contingency_amount: int) -> ContingencyCheck:
    """Whether ``contingency_amount`` stays within the cap of ``structure`` over ``base`` (the sum
    of the other groups), with the sentence a checker reads."""
    for value, label in ((base, "Tổng các nhóm chi phí làm căn cứ"), (contingency_amount, "Chi phí dự phòng")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ServiceError(f"{label} phải là số nguyên đồng không âm.")
    group = _group(structure)
    if group is None or group.contingency_cap is None:
        return ContingencyCheck(None, base, contingency_amount, None, True,
                                "Cơ cấu dự toán này không quy định mức tối đa chi phí dự phòng.",
                                group.citation if group else "")
    percent = Decimal(group.contingency_cap)
    limit = int(percent * base // 100)
    ok = contingency_amount * 100 <= percent * base
    share = Decimal(contingency_amount) * 100 / base if base else None
    share_text = f" ({number(share, 2)}%)" if share is not None else ""
    if ok:
        message = (f"Chi phí dự phòng {money(contingency_amount)} đồng{share_text} không vượt mức tối đa "
                   f"{number(percent)}% ({money(limit)} đồng).")
    else:
        message = (f"Chi phí dự phòng {money(contingency_amount)} đồng{share_text} vượt mức tối đa "
                   f"{number(percent)}% của tổng các chi phí còn lại ({money(limit)} đồng), "
                   f"vượt {money(contingency_amount - limit)} đồng.")
    return ContingencyCheck(percent, base, contingency_amount, limit, ok, message, group.citation)
