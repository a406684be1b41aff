"""Presentation of procurement figures: ``{{ fraction|rate }}`` → "7,89%" (two decimals, as the
savings rate is read), ``{{ fraction|bar }}`` → the width step of a bar (0–100 by 5)."""
from django import template

from cds.text.format import format_number

register = template.Library()


@register.filter
def rate(value):
    """A 0–1 fraction as a percentage with two decimals, Vietnamese style; "—" for None."""
    if value is None or value == "":
        return "—"
    return format_number(float(value) * 100, 2) + "%"


@register.filter
def bar(value):
    """A 0–1 fraction as a CSS width class step: 0, 5, …, 100."""
    if not value:
        return 0
    return min(100, max(5, round(float(value) * 20) * 5))
