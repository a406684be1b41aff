"""How a flag's evidence reads on the estimate page and in its Word appendix: the figures it rests
on (median, spread and count of earlier prices; the norm's base, rate and allowance …) and where
the prices come from: an estimate, named only when the reader may read it
(:func:`cds.estimates.selectors.source_estimates`), otherwise "một dự toán đã duyệt khác"; an
awarded contract, as "giá trúng thầu ngày …" linking to its package (whose page answers only to
the package's readers) — never with the package's or another unit's name."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cds.text.format import format_number, format_vnd

OTHER = "một dự toán đã duyệt khác"
LABELS = {"error": "Sai", "warning": "Cần xem xét", "info": "Thông tin"}
COLORS = {"error": "danger", "warning": "warning", "info": "info"}


@dataclass
class SourceRow:
    label: str
    url: str = ""
    detail: str = ""


def _money(value) -> str:
    try:
        return f"{format_vnd(int(value))} đồng"
    except (TypeError, ValueError):
        return ""


def _day(value) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return ""


def number(value) -> str:
    """A quantity or a rate in Vietnamese style without trailing zeros: 2.5000 → "2,5"; 12 → "12"."""
    if value is None or value == "":
        return ""
    text = format_number(value, 4)
    return text.rstrip("0").rstrip(",") if "," in text else text


def facts(flag) -> list[str]:
    """The figures of a flag's evidence, as short Vietnamese phrases."""
    ev = flag.evidence or {}
    out = []
    if flag.rule == "market.price":
        out += [f"trung vị {_money(ev.get('median'))}", f"thấp nhất {_money(ev.get('min'))}",
                f"cao nhất {_money(ev.get('max'))}"]
        if ev.get("awards"):
            out += [f"{ev.get('estimates', 0)} giá của dự toán đã duyệt", f"{ev['awards']} giá trúng thầu"]
        else:
            out.append(f"{ev.get('count', 0)} giá đã duyệt")
    elif flag.rule in ("market.ucp", "market.total"):
        out += [f"dự toán này {_money(ev.get('mine'))}", f"trung vị {_money(ev.get('median'))}",
                f"{ev.get('count', 0)} dự án tương tự"]
    elif flag.rule == "norm.rate":
        out += [x for x in (ev.get("kind", ""), f"giá trị tính định mức {_money(ev.get('base'))}",
                            f"định mức cho phép {_money(ev.get('allowed'))}", ev.get("formula", "")) if x]
    elif flag.rule == "norm.contingency" and ev.get("allowed") is not None:
        out += [f"tổng các chi phí khác {_money(ev.get('base'))}", f"mức tối đa {_money(ev.get('allowed'))}"]
    elif flag.rule.startswith("arithmetic") and ev.get("expected") is not None:
        out += [f"ghi {_money(ev.get('stated'))}", f"tính lại {_money(ev.get('expected'))}"]
    return [x for x in out if x and not x.endswith(" ")]


def _package_url(pk) -> str:
    """The procurement page of a package, by the URL's name (this app does not import the
    procurement app, which lives above it)."""
    try:
        return reverse("procurement:package", args=[int(pk)])
    except (NoReverseMatch, TypeError, ValueError):
        return ""


def _award(s: dict, links: bool) -> SourceRow:
    day = _day(s.get("day") or "")
    label = f"giá trúng thầu ngày {day}" if day else "giá trúng thầu"
    detail = f"đơn giá {_money(s['unit_price'])}" if s.get("unit_price") is not None else ""
    return SourceRow(label, _package_url(s.get("package")) if links else "", detail)


def sources(flag, readable: dict[int, dict], *, links: bool = True) -> list[SourceRow]:
    """Where a market flag's prices come from: estimates (``readable`` is what
    :func:`~cds.estimates.selectors.source_estimates` returned for the reader) and awarded
    contracts."""
    rows = []
    for s in (flag.evidence or {}).get("sources", ()):
        if s.get("kind") == "award":
            rows.append(_award(s, links))
            continue
        known = readable.get(s.get("estimate"))
        detail = ", ".join(x for x in (
            f"đơn giá {_money(s['unit_price'])}" if s.get("unit_price") is not None else "",
            f"{_money(s['per_point'])}/điểm" if s.get("per_point") is not None else "",
            f"tổng {_money(s['total'])}" if s.get("total") is not None else "",
            f"ngày {_day(s['day'])}" if s.get("day") else "") if x)
        if known:
            url = reverse("estimates:detail", args=[s["estimate"]]) if links else ""
            rows.append(SourceRow(f"{known['project']} — {known['title']}", url, detail))
        else:
            rows.append(SourceRow(OTHER, "", detail))
    return rows


def annotate(flags, readable: dict[int, dict]) -> None:
    """Put the level's label and colour, ``facts`` and ``source_rows`` on each flag (a stored
    Flag or a preview's finding) for the templates."""
    for f in flags:
        f.level_label, f.color = LABELS.get(f.level, f.level), COLORS.get(f.level, "secondary")
        f.facts = facts(f)
        f.source_rows = sources(f, readable)
