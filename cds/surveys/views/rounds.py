"""Placeholder views (replaced by the real pages)."""
from django.http import HttpResponse


def index(request, *args, **kwargs):
    return HttpResponse("")


def round_create(request, *args, **kwargs):
    return HttpResponse("")


def round_detail(request, *args, **kwargs):
    return HttpResponse("")


def round_edit(request, *args, **kwargs):
    return HttpResponse("")


def round_open(request, *args, **kwargs):
    return HttpResponse("")


def round_close(request, *args, **kwargs):
    return HttpResponse("")


def response_detail(request, *args, **kwargs):
    return HttpResponse("")


def response_submit(request, *args, **kwargs):
    return HttpResponse("")


def response_return(request, *args, **kwargs):
    return HttpResponse("")


def answer_file(request, *args, **kwargs):
    return HttpResponse("")

