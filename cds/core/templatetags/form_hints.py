"""``{% form_hint_urls as urls %}``: the addresses of the hints registered with
:mod:`cds.core.hints`, for the project form."""
from django import template
from django.urls import reverse

from cds.core import hints

register = template.Library()


@register.simple_tag
def form_hint_urls() -> list[dict]:
    return [{"name": name.replace(":", "-"), "url": reverse(name)} for name in hints.registered()]
