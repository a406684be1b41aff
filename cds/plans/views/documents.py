"""Placeholder views; replaced by the pages of this module."""
from django.http import Http404


def plan_docx(request, *args, **kwargs):
    raise Http404


def plan_xlsx(request, *args, **kwargs):
    raise Http404
