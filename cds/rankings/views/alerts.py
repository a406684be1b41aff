"""(placeholder views: each is replaced by its page)"""
from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def alerts(request, **kwargs):
    raise Http404


@login_required
def alert_detail(request, **kwargs):
    raise Http404


@login_required
def alert_assign(request, **kwargs):
    raise Http404


@login_required
def alert_close(request, **kwargs):
    raise Http404


@login_required
def signals(request, **kwargs):
    raise Http404
