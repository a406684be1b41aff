"""Placeholder views; replaced by the pages of this module."""
from django.http import Http404


def consolidation(request, *args, **kwargs):
    raise Http404


def recommend(request, *args, **kwargs):
    raise Http404


def plan_draft(request, *args, **kwargs):
    raise Http404


def proposal_detail(request, *args, **kwargs):
    raise Http404


def proposal_submit(request, *args, **kwargs):
    raise Http404


def proposal_return(request, *args, **kwargs):
    raise Http404


def proposal_merge(request, *args, **kwargs):
    raise Http404


def proposal_reject(request, *args, **kwargs):
    raise Http404


def proposal_score(request, *args, **kwargs):
    raise Http404


def proposal_funding(request, *args, **kwargs):
    raise Http404


def plan_detail(request, *args, **kwargs):
    raise Http404


def plan_item(request, *args, **kwargs):
    raise Http404


def plan_remove_item(request, *args, **kwargs):
    raise Http404


def plan_add_item(request, *args, **kwargs):
    raise Http404


def plan_submit(request, *args, **kwargs):
    raise Http404


def plan_return(request, *args, **kwargs):
    raise Http404


def plan_approve(request, *args, **kwargs):
    raise Http404


def plan_register(request, *args, **kwargs):
    raise Http404


def plan_diff(request, *args, **kwargs):
    raise Http404


def rubrics(request, *args, **kwargs):
    raise Http404
