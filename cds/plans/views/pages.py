"""Placeholder views; the pages replace this module."""
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


def consolidation(request, *args, **kwargs):
    raise Http404


def recommend(request, *args, **kwargs):
    raise Http404


def proposal_create(request, *args, **kwargs):
    raise Http404


def carry_over(request, *args, **kwargs):
    raise Http404


def plan_draft(request, *args, **kwargs):
    raise Http404


def proposal_detail(request, *args, **kwargs):
    raise Http404


def proposal_edit(request, *args, **kwargs):
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

