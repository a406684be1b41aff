"""Pages of the ranking and of the follow-up items (being built: each view is replaced by its own module)."""
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
def period_docx(request, **kwargs):
    raise Http404


@login_required
def period_xlsx(request, **kwargs):
    raise Http404


@login_required
def result_detail(request, **kwargs):
    raise Http404


@login_required
def evidence(request, **kwargs):
    raise Http404


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
