"""Placeholder views (replaced by the real pages)."""
from django.http import HttpResponse


def form_list(request, *args, **kwargs):
    return HttpResponse("")


def form_import(request, *args, **kwargs):
    return HttpResponse("")


def form_new(request, *args, **kwargs):
    return HttpResponse("")


def form_detail(request, *args, **kwargs):
    return HttpResponse("")


def form_xlsform(request, *args, **kwargs):
    return HttpResponse("")


def form_publish(request, *args, **kwargs):
    return HttpResponse("")


def form_new_version(request, *args, **kwargs):
    return HttpResponse("")


def form_replace(request, *args, **kwargs):
    return HttpResponse("")

