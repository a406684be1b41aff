"""Placeholder views; replaced by the pages of this module."""
from django.http import Http404


def import_proposals(request, *args, **kwargs):
    raise Http404


def template(request, *args, **kwargs):
    raise Http404
