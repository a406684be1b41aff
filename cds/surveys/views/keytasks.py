"""Placeholder views (replaced by the real pages)."""
from django.http import HttpResponse


def index(request, *args, **kwargs):
    return HttpResponse("")


def create(request, *args, **kwargs):
    return HttpResponse("")


def detail(request, *args, **kwargs):
    return HttpResponse("")


def edit(request, *args, **kwargs):
    return HttpResponse("")


def report(request, *args, **kwargs):
    return HttpResponse("")

