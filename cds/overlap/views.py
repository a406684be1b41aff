"""Pages of the overlap capability: the hint under the project name as it is typed, the
review queue of the CĐS authority and the catalogue of systems to build on."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cds.accounts import access
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.core.redirects import safe_next
from cds.core.widgets import unit_option_tags
from cds.orgs.models import Unit
from cds.projects.selectors import project_detail

from . import selectors, services
from .forms import BAND_CHOICES, KIND_CHOICES, SORT_CHOICES, VIEW_CHOICES, ClusterDecisionForm, DecisionForm
from .models import PairStatus
from .permissions import can_check_overlap, can_decide_overlap, can_view_overlap_queue

MIN_CHECK_CHARS = 8
PAIRS_PER_PAGE = 25
CLUSTERS_PER_PAGE = 15


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
    asked = not error and len(name.strip()) >= MIN_CHECK_CHARS and can_check_overlap(request.user)
    return render(request, "overlap/_hint.html", {"candidates": selectors.with_links(request.user, candidates),
                                                   "error": error,
                                                   "building_note": services.building_note() if asked else ""})


def unit_options(user, selected) -> str:
    """The unit filter's <option>s (the user's scope)."""
    rows = access.scope_units(user, Unit.objects.all()).order_by("path").values_list("pk", "name", "depth", "valid_to")
    return unit_option_tags(rows, selected)


def _render_queue(request, params, *, bound=None, errors=(), cluster_form=None):
    """The queue page for the query ``params``; ``bound`` is {pair id: the form that was posted},
    ``cluster_form`` the cluster decision that was posted, shown with what was typed and its
    errors."""
    user = request.user
    if not can_view_overlap_queue(user):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS, lãnh đạo, giám sát và thanh tra xem danh sách này.")
    filterset = selectors.queue_filter(user, params)
    flt = filterset.values
    if bound:  # a single pair's form was posted: show single pairs, that form among them
        flt.view = "pairs"
    can_decide = can_decide_overlap(user)
    counts = selectors.queue_counts(user)
    page_number = params.get("page")
    pairs_total = None
    if flt.clusters:
        found = selectors.clusters(filterset.qs, flt.sort)
        pairs_total = sum(c.size for c in found)
        page = Paginator(found, CLUSTERS_PER_PAGE).get_page(page_number)
        groups = selectors.fill_clusters(user, list(page.object_list))
        pairs = [p for c in groups for p in c.pairs]
    else:
        page = Paginator(filterset.qs.select_related(*selectors.PAIR_JOINS), PAIRS_PER_PAGE).get_page(page_number)
        groups, pairs = [], list(page.object_list)
    selectors.readable_signals(user, pairs)
    for p in pairs:
        decided = p.status != PairStatus.PENDING
        p.form = (bound or {}).get(p.pk) or DecisionForm(
            initial={"version": p.version, "status": p.status if decided else None, "reason": p.reason if decided else ""},
            auto_id=f"p{p.pk}_%s") if can_decide and not flt.clusters else None
    if cluster_form is not None:
        for c in groups:
            if set(cluster_form.data.getlist("pairs")) & {f"{p.pk}:{p.version}" for p in c.pairs}:
                c.form = cluster_form
    return render(request, "overlap/queue.html", {
        "nav": "overlap", "page": page, "pairs": pairs, "groups": groups, "flt": flt, "status": flt.status,
        "can_decide": can_decide, "statuses": [(code, label, counts[code]) for code, label in PairStatus.choices],
        "errors": list(errors), "unit_options": unit_options(user, flt.unit), "bands": BAND_CHOICES,
        "kinds": KIND_CHOICES, "sorts": SORT_CHOICES, "views": VIEW_CHOICES, "decisions": DecisionForm().fields["status"].choices,
        "filtered": bool(flt.unit or flt.band or flt.kind), "pairs_total": pairs_total,
        "building_note": services.building_note(),
    })


@login_required
def queue(request):
    return _render_queue(request, request.GET)


def _back(request) -> str:
    """Where a conclusion returns: the queue's page it was posted from (``next``, else the
    Referer), only ever on this site; the queue otherwise."""
    queue_url = reverse("overlap:queue")
    return safe_next(request, request.POST.get("next"),
                     safe_next(request, request.META.get("HTTP_REFERER"), queue_url))


@login_required
@require_POST
def decide(request, pk):
    pair = selectors.get_pair(request.user, pk)
    if not can_decide_overlap(request.user):
        raise PermissionDenied("Bạn không có quyền kết luận về cặp nghi trùng lặp.")
    form = DecisionForm(request.POST, auto_id=f"p{pair.pk}_%s")
    back = _back(request)
    other = pair.other_project.code if pair.other_project_id else pair.system.name
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
def decide_cluster(request):
    """One conclusion and one reason for the ticked pairs of a cluster (each pair recorded)."""
    if not can_decide_overlap(request.user):
        raise PermissionDenied("Bạn không có quyền kết luận về cặp nghi trùng lặp.")
    form = ClusterDecisionForm(request.POST)
    back = _back(request)
    return run_form_service(
        request, form, lambda cd: services.decide_cluster(request.user, cd["pairs"], cd["status"], cd["reason"]),
        success=lambda pairs: (f"Đã ghi kết luận “{PairStatus(form.cleaned_data['status']).label}” cho "
                               f"{len(pairs)} cặp của cụm."),
        redirect_to=back,
        render=lambda f: _render_queue(request, QueryDict(urlsplit(back).query), cluster_form=f,
                                       errors=["Kết luận cho cụm: " + " ".join(error_list(f))]))


@login_required
@require_POST
def scan(request):
    started = timezone.now()
    try:
        services.scan(request.user)
    except ServiceError as exc:
        messages.warning(request, " ".join(exc.messages))
        return redirect("overlap:queue")
    # the new pairs this user's queue shows (the scan covers every tree)
    added = selectors.queue(request.user, PairStatus.PENDING).filter(found_at__gte=started).count()
    messages.success(request, f"Đã quét toàn bộ danh mục: {added} cặp nghi trùng lặp mới được đưa vào danh sách chờ xem xét.")
    return redirect("overlap:queue")


@login_required
def platforms(request):
    """The former platform catalogue, now the systems map's list of national platforms (a
    permanent redirect: old links keep working)."""
    return redirect(reverse("systems:list") + "?loai=national", permanent=True)
