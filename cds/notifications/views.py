from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def inbox(request):
    qs = selectors.for_user(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "nav": "notifications", "page": page, "unread": selectors.unread_count(request.user),
    })


@login_required
@require_POST
def read_all(request):
    n = services.mark_read(request.user)
    messages.success(request, f"Đã đánh dấu {n} thông báo là đã đọc." if n else "Không có thông báo chưa đọc.")
    return redirect("notifications:list")


@login_required
@require_POST
def read_one(request, pk):
    if not selectors.for_user(request.user).filter(pk=pk).exists():
        raise Http404("Không tìm thấy thông báo.")
    services.mark_read(request.user, [pk])
    return redirect("notifications:list")
