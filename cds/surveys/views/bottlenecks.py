"""Placeholder views (replaced by the real pages)."""
from django.http import HttpResponse


def index(request, *args, **kwargs):
    return HttpResponse("")


def create(request, *args, **kwargs):
    return HttpResponse("")


def detail(request, *args, **kwargs):
    return HttpResponse("")


def answer(request, *args, **kwargs):
    return HttpResponse("")


def propose(request, *args, **kwargs):
    return HttpResponse("")


def assign(request, *args, **kwargs):
    return HttpResponse("")


def resolve(request, *args, **kwargs):
    return HttpResponse("")

