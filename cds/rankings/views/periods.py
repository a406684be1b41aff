"""(placeholder views: each is replaced by its page)"""
from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def period_new(request, **kwargs):
    raise Http404


@login_required
def period_detail(request, **kwargs):
    raise Http404


@login_required
def period_compute(request, **kwargs):
    raise Http404


@login_required
def period_publish(request, **kwargs):
    raise Http404


@login_required
def period_compare(request, **kwargs):
    raise Http404


@login_required
def result_detail(request, **kwargs):
    raise Http404


@login_required
def evidence(request, **kwargs):
    raise Http404
