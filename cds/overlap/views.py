"""Pages of the overlap capability: the hint under the project name as it is typed, the
review queue of the CĐS authority and the platform catalogue."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.projects.selectors import project_detail

from . import selectors, services
from .forms import DecisionForm, QueueFilterForm
from .models import PairStatus, PlatformLevel
from .permissions import can_check_overlap, can_decide_overlap, can_view_overlap_queue

MIN_CHECK_CHARS = 8
PAIRS_PER_PAGE = 25


@login_required
def check_hint(request):
    """HTMX partial under the name field: "Hệ thống tương tự đã có"."""
    name = request.GET.get("name", "")
    description = request.GET.get("objectives", "")
    project = None
    if request.GET.get("project"):
        project = project_detail(request.user, request.GET["project"])
    candidates, error = [], ""
    if len(name.strip()) >= MIN_CHECK_CHARS and can_check_overlap(request.user):
        try:
            candidates = services.check(request.user, name, description[:services.DESCRIPTION_MAX], project=project, k=5)
        except ServiceError as exc:
            error = " ".join(exc.messages)
    return render(request, "overlap/_hint.html", {"candidates": selectors.with_links(request.user, candidates),
                                                   "error": error})


def _render_queue(request, params, *, bound=None, errors=()):
    """The queue page for the query ``params``; ``bound`` is {pair id: the form that was posted},
    shown with what was typed and its errors."""
    user = request.user
    if not can_view_overlap_queue(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS, lãnh đạo, giám sát và thanh tra xem danh sách này.")
    flt = QueueFilterForm(params)
    status = flt.chosen_status()
    page = Paginator(selectors.queue(user, status if status != "all" else ""), PAIRS_PER_PAGE).get_page(
        flt.cleaned_data.get("page"))
    can_decide = can_decide_overlap(user)
    counts = selectors.queue_counts(user)
    pairs = list(page.object_list)
    selectors.readable_signals(user, pairs)
    for p in pairs:
        decided = p.status != PairStatus.PENDING
        p.form = (bound or {}).get(p.pk) or DecisionForm(
            initial={"version": p.version, "status": p.status if decided else None, "reason": p.reason if decided else ""},
            auto_id=f"p{p.pk}_%s") if can_decide else None
    return render(request, "overlap/queue.html", {
        "nav": "overlap", "page": page, "pairs": pairs, "status": status, "can_decide": can_decide,
        "statuses": [(code, label, counts[code]) for code, label in PairStatus.choices], "errors": list(errors),
    })


@login_required
def queue(request):
    return _render_queue(request, request.GET)


@login_required
@require_POST
def decide(request, pk):
    pair = selectors.get_pair(request.user, pk)
    if not can_decide_overlap(request.user):
        raise PermissionDenied("Bạn không có quyền kết luận về cặp nghi trùng lặp.")
    form = DecisionForm(request.POST, auto_id=f"p{pair.pk}_%s")
    back = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/trung-lap/"
    if not back.startswith("/") or back.startswith("//"):
        back = "/trung-lap/"
    other = pair.other_project.code if pair.other_project_id else pair.platform.name
    return run_form_service(
        request, form, lambda cd: services.decide(request.user, pair, cd["status"], cd["reason"],
                                                  expected_version=cd["version"]),
        success=lambda _: (f"Đã ghi kết luận “{PairStatus(form.cleaned_data['status']).label}” cho cặp "
                           f"{pair.project.code} – {other}."),
        redirect_to=back,
        render=lambda f: _render_queue(request, QueryDict(urlsplit(back).query), bound={pair.pk: f},
                                       errors=[f"Cặp {pair.project.code}: " + " ".join(error_list(f))]))


@login_required
@require_POST
def scan(request):
    started = timezone.now()
    services.scan(request.user)
    # the new pairs this user's queue shows (the scan covers every tree)
    added = selectors.queue(request.user, PairStatus.PENDING).filter(found_at__gte=started).count()
    messages.success(request, f"Đã quét toàn bộ danh mục: {added} cặp nghi trùng lặp mới được đưa vào danh sách chờ xem xét.")
    return redirect("overlap:queue")


@login_required
def platforms(request):
    items = list(selectors.platforms(request.user))
    groups = [(label, [p for p in items if p.level == level]) for level, label in PlatformLevel.choices]
    return render(request, "overlap/platforms.html", {"nav": "overlap", "groups": groups,
                                                      "can_admin": request.user.is_staff})
