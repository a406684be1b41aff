"""Placeholder views (replaced by the real pages)."""
from django.http import HttpResponse


def results(request, *args, **kwargs):
    return HttpResponse("")


def summary(request, *args, **kwargs):
    return HttpResponse("")


def export_xlsx(request, *args, **kwargs):
    return HttpResponse("")


def export_csv(request, *args, **kwargs):
    return HttpResponse("")


def report_docx(request, *args, **kwargs):
    return HttpResponse("")

