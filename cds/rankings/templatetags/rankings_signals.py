"""``{{ value|variance }}``: a project's cost or schedule variance as officials write it
("+12,5%", "−3,0%", "—")."""
from django import template

from cds.rankings.signals import variance_text

register = template.Library()
register.filter("variance", variance_text)
