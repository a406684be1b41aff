"""Vietnamese presentation helpers, available in every template (registered as builtins).

``{{ amount|vnd }}`` → "1.250.000.000 đ"; ``{{ amount|ty }}`` → "1,25 tỷ";
``{{ value|vndate }}`` → "05/01/2024"; ``{{ n|num }}`` → "12.345".
"""

from django import template
from django.utils import timezone

from cds.text import format

register = template.Library()


register.filter("num", format.num)
register.filter("vnd", format.vnd)


@register.filter
def ty(value):
    """Billions of VND with one or two decimals, Vietnamese style: 1,25 tỷ."""
    if value in (None, ""):
        return "—"
    v = int(value) / 1_000_000_000
    if v >= 100:
        s = format.format_number(v, 0)
    else:
        s = f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{s} tỷ"


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def vndate(value):
    return format.vndate(value, local=_local)


@register.filter
def pct(value):
    if value is None:
        return "—"
    return f"{value:.1f}%".replace(".", ",")


@register.filter
def share(value):
    """A 0–1 fraction as a whole percentage: 0.734 → "73%"."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100)}%"


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, val in kwargs.items():
        if val in (None, ""):
            params.pop(key, None)
        else:
            params[key] = val
    return "?" + params.urlencode() if params else "?"
