"""(placeholder views: each is replaced by its page)"""
from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def period_docx(request, **kwargs):
    raise Http404


@login_required
def period_xlsx(request, **kwargs):
    raise Http404
