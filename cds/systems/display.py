"""How the systems pages word and draw things: the seal's badge and sentence, the yearly cost
bars (a static SVG drawn from numbers, no inline style), the equipment status colours."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cds.text.format import format_vnd, vndate

from . import equipment_stats
from .models import SEAL_DAYS, WASTED, Category, EquipmentStatus

SEAL_BADGES = {"valid": ("Đã xác nhận", "success"), "none": ("Chưa xác nhận", "secondary"),
               "broken": ("Mất dấu xác nhận", "danger"), "expired": ("Hết hạn xác nhận", "warning")}

#: Short category names for the list's column; the full name in its title.
CATEGORY_SHORT = {Category.CORE: "Lõi, dùng chung", Category.SECTOR: "Chuyên ngành", Category.UNIT: "Của đơn vị",
                  Category.NATIONAL: "Quốc gia", Category.COMMON: "Phần mềm phổ biến"}
#: The list's order: the province's own systems first (core, sector, unit), then the shared ones.
CATEGORY_ORDER = (Category.CORE, Category.SECTOR, Category.UNIT, Category.NATIONAL, Category.COMMON)

EQUIPMENT_COLORS = {EquipmentStatus.IN_USE: "success", EquipmentStatus.NOT_USED: "warning",
                    EquipmentStatus.IDLE: "warning", EquipmentStatus.BROKEN: "danger",
                    EquipmentStatus.DISPOSED: "secondary"}
#: Statuses highlighted on the pages (bought and not serving).
HIGHLIGHT = frozenset(WASTED)


@dataclass(frozen=True)
class Seal:
    state: str
    label: str
    color: str
    text: str


def seal_of(system, now=None) -> Seal:
    """The record's seal as the pages show it (who attested and when; who broke it)."""
    now = now or timezone.now()
    state, _reading = system.seal_state(now)
    label, color = SEAL_BADGES[state]
    if state == "valid":
        until = timezone.localtime(system.attested_at).date() + dt.timedelta(days=SEAL_DAYS)
        text = (f"Lãnh đạo đơn vị chủ quản đã xác nhận hồ sơ: {_who(system.attested_by)}, ngày "
                f"{_day(system.attested_at)}; hiệu lực đến {vndate(until)}. Người khác sửa hồ sơ thì mất dấu xác nhận.")
    elif state == "broken":
        text = (f"{_who(system.seal_broken_by)} đã sửa hồ sơ ngày {_day(system.seal_broken_at)}, sau khi lãnh đạo "
                "xác nhận: lãnh đạo đơn vị chủ quản xác nhận lại hồ sơ như hiện nay.")
    elif state == "expired":
        text = (f"Xác nhận ngày {_day(system.attested_at)} ({_who(system.attested_by)}) đã quá 12 tháng: "
                "lãnh đạo đơn vị chủ quản xác nhận lại.")
    else:
        text = "Lãnh đạo đơn vị chủ quản chưa xác nhận hồ sơ này."
    return Seal(state, label, color, text)


def _day(moment) -> str:
    return vndate(timezone.localtime(moment).date()) if moment else "—"


def _who(user) -> str:
    return user.display_name if user is not None else "—"


@dataclass(frozen=True)
class Bar:
    year: int
    operating: int
    development: int
    y: int
    op_width: int
    dev_width: int
    label: str


CHART_WIDTH = 420       # px for the longest bar
ROW_HEIGHT = 26
LABEL_WIDTH = 48


def cost_bars(costs) -> dict:
    """The yearly costs as horizontal stacked bars (operating, then development), oldest year
    first: the numbers an inline SVG needs."""
    rows = sorted(costs, key=lambda c: c.year)
    top = max((c.operating_cost + c.development_cost for c in rows), default=0)
    bars = []
    for i, c in enumerate(rows):
        scale = CHART_WIDTH / top if top else 0
        op, dev = round(c.operating_cost * scale), round(c.development_cost * scale)
        bars.append(Bar(c.year, c.operating_cost, c.development_cost, i * ROW_HEIGHT, op, dev,
                        f"{format_vnd(c.operating_cost + c.development_cost)} đ"))
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT + 4, "label_width": LABEL_WIDTH,
            "width": LABEL_WIDTH + CHART_WIDTH + 190, "bar_x": LABEL_WIDTH,
            "total_operating": sum(c.operating_cost for c in rows),
            "total_development": sum(c.development_cost for c in rows)}


def equipment_counts(items) -> dict:
    """Units of equipment by status and the share bought but not serving, counted as everywhere
    else (:mod:`cds.systems.equipment_stats`: quantities, not rows; disposed items out of the share)."""
    figures = equipment_stats.of_items(items)
    return {"by_status": [(label, n, EQUIPMENT_COLORS[s]) for s, label, n in figures.rows if n],
            "total": figures.total, "wasted": figures.wasted, "share": figures.share_wasted}
