"""Appendix tables as an estimate prints them: a title, column heads, rows of display text,
a closing row and the citation of the method the numbers come from."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.text.format import format_number, format_vnd


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)
    citation: str = ""
    note: str = ""
    numeric: tuple[int, ...] = ()   # indexes of right-aligned columns


def number(value, places: int = 6) -> str:
    """A decimal in Vietnamese style with at most ``places`` decimals and no trailing zeros:
    0.635 → "0,635", 20 → "20", 142.6104166… → "142,610417"."""
    if value is None:
        return ""
    text = format_number(value if isinstance(value, Decimal) else Decimal(str(value)), places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def money(value) -> str:
    """Whole đồng with "." separators."""
    return format_vnd(value)
