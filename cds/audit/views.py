from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .permissions import can_view_audit_log
from .registry import VERB_LABELS
from .selectors import audit_log


@login_required
def log(request):
    if not can_view_audit_log(request.user):
        raise PermissionDenied("Chỉ thanh tra, lãnh đạo, giám sát và quản trị được xem nhật ký.")
    qs = audit_log(request.user, verb=request.GET.get("verb", ""), actor=request.GET.get("actor", ""), q=request.GET.get("q", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"nav": "audit", "page": page, "verbs": sorted(VERB_LABELS.items())})
