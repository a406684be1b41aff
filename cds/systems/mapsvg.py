"""The systems map drawn on the server as an SVG picture: printable, and there without
JavaScript. It draws what :func:`cds.systems.mapdata.map_data` gives, so it shows exactly the
systems and links the user may see, under the same filters.

Layout (concentric, as the interactive map): the integration platforms (LGSP, NDXP: ``is_hub``)
in the centre, the other hubs (national platforms and databases, the province's core systems)
on the ring around them, then every other system on outer rings, the most connected first and
grouped by owner unit so a unit's systems sit side by side. Colours by category, a red ring
round a system with findings, links dashed when point-to-point, dotted when by file, faded when
planned or suspended, and a legend. Names are written beside the hubs always and beside every
system when there are few enough to read.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from django.utils import timezone

from .models import Category, Mechanism

#: category → (fill colour, legend text); the colours of map.css and map.js
COLOURS = {
    Category.NATIONAL: "#6f42c1",
    Category.CORE: "#1f4e79",
    Category.SECTOR: "#2a9d8f",
    Category.UNIT: "#e9a23b",
    Category.COMMON: "#6c757d",
}
FINDING = "#dc3545"
DASH = {Mechanism.HUB: "", Mechanism.DIRECT: "8 5", Mechanism.FILE: "2 4"}
LABEL_ALL_BELOW = 120  # nodes: every system named; above, only the hubs
FONT = "DejaVu Sans, Arial, sans-serif"


def _radius(node) -> float:
    base = 18 if node["is_hub"] else 13 if node["hub"] else 7
    return base + min(node["degree"], 40) * (0.35 if node["hub"] else 0.15)


def layout(nodes) -> dict[int, tuple[float, float, float]]:
    """{node id: (x, y, radius)} around (0, 0). Few systems (all named) are spaced for their
    names; many are packed. Each ring is turned a little from the one inside it, so that small
    rings do not line up on one axis."""
    named = len(nodes) <= LABEL_ALL_BELOW
    spacing, gap = (95, 64) if named else (26, 42)
    centre = [n for n in nodes if n["is_hub"]]
    hubs = [n for n in nodes if n["hub"] and not n["is_hub"]]
    rest = sorted((n for n in nodes if not n["hub"]), key=lambda n: (n["owner_unit"], -n["degree"], n["name"]))
    # hubs grow with the map, so they still stand out among thousands of systems
    scale = max(1.0, math.sqrt(len(rest) * spacing * gap / math.pi) / 450)
    pos: dict[int, tuple[float, float, float]] = {}
    radius = 0.0
    ring = 0
    if len(centre) == 1:
        pos[centre[0]["id"]] = (0.0, 0.0, _radius(centre[0]) * scale)
        radius = _radius(centre[0]) * scale
    elif centre:
        radius = max(70.0, len(centre) * 60 / (2 * math.pi)) * scale
        _ring(centre, radius, pos, ring, scale)
    ring += 1
    if hubs:
        radius = max(radius + 130 * scale, len(hubs) * (110 if named else 44) * scale / (2 * math.pi))
        _ring(hubs, radius, pos, ring, scale)
        ring += 1
    # outer rings: each holds as many systems as fit at ``spacing``
    radius = radius + 120 * scale if radius else (0 if len(rest) == 1 else 80)
    i = 0
    while i < len(rest):
        capacity = max(1, int(2 * math.pi * radius / spacing)) if radius else 1
        if len(rest) - i > capacity and len(rest) - i < capacity * 1.3:
            capacity = len(rest) - i  # a few more squeezed in rather than a ring of three
        _ring(rest[i:i + capacity], radius, pos, ring)
        ring += 1
        i += capacity
        radius += gap
    return pos


def _ring(nodes, radius, pos, index, scale=1.0):
    n = len(nodes)
    offset = index * 0.7 - math.pi / 2
    for k, node in enumerate(nodes):
        angle = offset + 2 * math.pi * k / n
        pos[node["id"]] = (radius * math.cos(angle), radius * math.sin(angle), _radius(node) * scale)


def place(data: dict) -> dict:
    """Add the layout's ``x``, ``y`` and ``r`` to each node of ``data`` (the interactive map
    draws the same picture as the SVG)."""
    pos = layout(data["nodes"])
    for node in data["nodes"]:
        x, y, r = pos[node["id"]]
        node["x"], node["y"], node["r"] = round(x, 1), round(y, 1), round(r, 1)
    return data


def render(data: dict, *, title: str = "Sơ đồ hệ thống thông tin", subtitle: str = "") -> str:
    nodes, edges = data["nodes"], data["edges"]
    pos = layout(nodes) or {0: (0.0, 0.0, 0.0)}
    # the drawing's box: the circles, and room for the names written under them
    pad_x, pad_y = 130, 40
    left = min(x - r for x, _y, r in pos.values()) - pad_x
    right = max(x + r for x, _y, r in pos.values()) + pad_x
    top = min(y - r for _x, y, r in pos.values()) - 20
    bottom = max(y + r for _x, y, r in pos.values()) + pad_y
    legend_w, head = 330, 80
    width = right - left + legend_w
    height = max(bottom - top, 420) + head
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="20" y="32" font-size="22" font-weight="bold">{escape(title)}</text>',
        f'<text x="20" y="56" font-size="13" fill="#555">{escape(subtitle or _stamp(data))}</text>',
        f'<g transform="translate({-left:.1f},{head - top:.1f})">',
    ]
    out.append('<g fill="none" stroke-width="1.2">')
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        x1, y1, _ = pos[e["source"]]
        x2, y2, _ = pos[e["target"]]
        dash = DASH.get(e["mechanism"], "")
        faded = e["status"] != "active"
        attrs = f' stroke-dasharray="{dash}"' if dash else ""
        colour = "#9aa5b1" if faded else ("#b45309" if e["mechanism"] == Mechanism.DIRECT else "#5b6770")
        label = " — ".join(filter(None, [e["mechanism_label"], ", ".join(e["entities"])]))
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"{attrs}>'
                   f"<title>{escape(label)}</title></line>")
    out.append("</g>")
    named = len(nodes) <= LABEL_ALL_BELOW
    for n in nodes:
        x, y, r = pos[n["id"]]
        fill = COLOURS.get(n["category"], "#999999")
        stroke = f'stroke="{FINDING}" stroke-width="4"' if n["has_findings"] else 'stroke="#ffffff" stroke-width="1.5"'
        opacity = "" if n["focus"] else ' opacity="0.45"'
        tip = f'{n["code"]} — {n["name"]} ({n["owner_unit"] or n["category_label"]})'
        if n["findings"]:
            tip += "\n" + "\n".join(f"• {t}" for t in n["findings"])
        out.append(f'<g{opacity}><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" {stroke}>'
                   f"<title>{escape(tip)}</title></circle>")
        if named or n["hub"]:
            size_pt = 12 if n["hub"] else 10
            weight = ' font-weight="bold"' if n["hub"] else ""
            lines = _wrap(n["name"], 22, 3) if n["hub"] else [_short(n["name"], 22)]
            spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if k == 0 else size_pt + 1}">{escape(line)}</tspan>'
                            for k, line in enumerate(lines))
            out.append(f'<text y="{y + r + size_pt + 1:.1f}" font-size="{size_pt}" text-anchor="middle"{weight} '
                       f'paint-order="stroke" stroke="#ffffff" stroke-width="3">{spans}</text>')
        out.append("</g>")
    out.append("</g>")
    out.extend(_legend(right - left + 10, head + 10))
    out.append("</svg>")
    return "\n".join(out)


def _wrap(name: str, width: int, most: int) -> list[str]:
    """``name`` in lines of about ``width`` characters, at most ``most`` (the last shortened)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most - 1] + [_short(" ".join(lines[most - 1:]), width)]
    return lines


def _short(name: str, limit: int = 38) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _stamp(data) -> str:
    c = data["counts"]
    return (f"{c['nodes']} hệ thống, {c['edges']} kết nối, {c['findings']} hệ thống có phát hiện · "
            f"lập ngày {timezone.localdate():%d/%m/%Y}")


def _legend(x: float, y: float) -> list[str]:
    out = [f'<g transform="translate({x:.0f},{y:.0f})" font-size="13">',
           '<text x="0" y="0" font-weight="bold">Chú giải</text>']
    row = 24
    for category, label in Category.choices:
        out.append(f'<circle cx="8" cy="{row - 4}" r="7" fill="{COLOURS[category]}"/>'
                   f'<text x="22" y="{row}">{escape(label)}</text>')
        row += 22
    out.append(f'<circle cx="8" cy="{row - 4}" r="7" fill="#ffffff" stroke="{FINDING}" stroke-width="3"/>'
               f'<text x="22" y="{row}">Có phát hiện cần xử lý</text>')
    row += 28
    for mechanism, label in Mechanism.choices:
        dash = DASH[mechanism]
        attrs = f' stroke-dasharray="{dash}"' if dash else ""
        colour = "#b45309" if mechanism == Mechanism.DIRECT else "#5b6770"
        out.append(f'<line x1="0" y1="{row - 4}" x2="18" y2="{row - 4}" stroke="{colour}" stroke-width="2"{attrs}/>'
                   f'<text x="24" y="{row}">{escape(_short(label, 34))}</text>')
        row += 22
    out.append(f'<text x="0" y="{row + 6}" fill="#555">Hình lớn ở giữa: nền tảng tích hợp,</text>'
               f'<text x="0" y="{row + 24}" fill="#555">nền tảng quốc gia, hệ thống lõi.</text>')
    out.append("</g>")
    return out
