"""Vietnamese number, money and date formatting: the one place every page, export, report and
log reads them from. "." between thousands, "," before decimals, dates dd/mm/yyyy."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

DASH = "—"


def format_number(value, decimals: int = 0) -> str:
    """Vietnamese number style: "." between thousands, "," before decimals
    (1250000000 → "1.250.000.000"; 98.5 with decimals=1 → "98,5").  Rounds half up, as
    accountants do, not to even."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):,.{decimals}f}"
    return sign + text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_vnd(amount) -> str:
    """Whole đồng with "." thousands separators: 1250000000 → "1.250.000.000"."""
    return format_number(amount, 0)


def vnd(value) -> str:
    """Integer VND for pages and logs: "1.250.000.000 đ"; "—" when empty; other text as is."""
    if value is None or value == "":
        return DASH
    try:
        return f"{format_vnd(int(value))} đ"
    except (TypeError, ValueError):
        return str(value)


def num(value) -> str:
    """A whole number with "." thousands separators: 12345 → "12.345"."""
    if value is None or value == "":
        return DASH
    try:
        return format_vnd(int(value))
    except (TypeError, ValueError):
        return str(value)


def vndate(value, *, local=None) -> str:
    """dd/mm/yyyy, or dd/mm/yyyy hh:mm for a datetime (made local by ``local`` when given)."""
    if not value:
        return DASH
    if isinstance(value, dt.datetime):
        if local is not None:
            value = local(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def cell_text(value) -> str:
    """A value as a document's table cell shows it: integers as money-style numbers, decimals
    with "," and no trailing zeros, booleans as Có/Không, text in NFC on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return format_vnd(value)
    if isinstance(value, (Decimal, float)):
        return format_number(value, 2).rstrip("0").rstrip(",")
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def ascii_stem(text: str) -> str:
    """``text`` as the ASCII part of a download's file name: "ĐA-2026/01" → "DA-2026-01" ("" when
    nothing is left); browsers and mail gateways of every age keep such names intact."""
    text = unicodedata.normalize("NFKD", (text or "").replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^A-Za-z0-9-]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
