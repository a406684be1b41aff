"""(placeholder views: each is replaced by its page)"""
from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def index(request, **kwargs):
    raise Http404


@login_required
def methods(request, **kwargs):
    raise Http404


@login_required
def method_new(request, **kwargs):
    raise Http404


@login_required
def method_detail(request, **kwargs):
    raise Http404


@login_required
def method_edit(request, **kwargs):
    raise Http404


@login_required
def method_submit(request, **kwargs):
    raise Http404


@login_required
def method_decide(request, **kwargs):
    raise Http404
