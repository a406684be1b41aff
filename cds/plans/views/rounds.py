"""Placeholder views; replaced by the pages of this module."""
from django.http import Http404


def round_list(request, *args, **kwargs):
    raise Http404


def round_create(request, *args, **kwargs):
    raise Http404


def round_detail(request, *args, **kwargs):
    raise Http404


def round_edit(request, *args, **kwargs):
    raise Http404


def round_envelopes(request, *args, **kwargs):
    raise Http404


def round_open(request, *args, **kwargs):
    raise Http404


def round_review(request, *args, **kwargs):
    raise Http404


def round_close(request, *args, **kwargs):
    raise Http404


def proposal_create(request, *args, **kwargs):
    raise Http404


def carry_over(request, *args, **kwargs):
    raise Http404


def proposal_edit(request, *args, **kwargs):
    raise Http404
