"""Reuse first: the hint under a new proposal's name, related entries, starting a reuse, and the
list of reuse proposals (the dashboard tile's list)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cds.accounts import access
from cds.catalog.models import Programme
from cds.core.forms import run_form_service
from cds.orgs.models import Unit
from cds.projects.forms import TEXT_LIMIT, ProjectForm
from cds.rules.models import LegalRegime

from .. import matching, selectors_reuse
from ..models import Practice, Status
from ..permissions import can_reuse, readable_q
from ..services_reuse import start_reuse

NOT_FOUND = "Không tìm thấy mô hình."
PER_PAGE = 25
NAME_LIMIT = 500


def _readable(user, pk) -> Practice:
    return access.get_scoped_or_404(Practice.objects.filter(readable_q(user)).select_related("unit"), pk, NOT_FOUND)


def _published(user, pk) -> Practice:
    return access.get_scoped_or_404(Practice.objects.filter(readable_q(user), status=Status.PUBLISHED)
                                    .select_related("unit"), pk, NOT_FOUND)


@login_required
@require_GET
def suggest(request):
    """HTMX partial under the project form's name: "Mô hình đã có để tái sử dụng" (nothing when
    no published entry fits)."""
    found = matching.suggestions(request.user, request.GET.get("name", "")[:NAME_LIMIT],
                                 request.GET.get("objectives", "")[:TEXT_LIMIT],
                                 request.GET.getlist("capabilities")[:50])
    if not found:
        return HttpResponse("")
    return render(request, "library/_suggest.html", {"suggestions": found, "can_reuse": can_reuse(request.user)})


@login_required
@require_GET
def related(request, pk):
    """HTMX partial of the entry page: related published entries, with why."""
    practice = _readable(request.user, pk)
    return render(request, "library/_related.html", {"practice": practice,
                                                     "related": matching.related(request.user, practice)})


def _initial(user, practice: Practice) -> dict:
    """The registration form pre-filled from the entry."""
    name = f"{practice.title} (tái sử dụng mô hình {practice.code})"
    if len(name) > NAME_LIMIT:
        name = f"{practice.title[:NAME_LIMIT - len(practice.code) - 40].rstrip()}… (tái sử dụng mô hình {practice.code})"
    objectives = "\n\n".join(t for t in (practice.problem, practice.solution) if t)[:TEXT_LIMIT]
    return {
        "name": name, "objectives": objectives, "investor_unit": user.unit_id,
        "regime": LegalRegime.objects.order_by("-in_force_from").first(),
        "programme": practice.programmes.filter(is_active=True).order_by("pk").first(),
        "capabilities": list(practice.capabilities.filter(is_active=True)),
        "data_entities": list(practice.data_entities.filter(is_active=True)),
        "start_year": timezone.localdate().year,
    }


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    if not data.get("lead_unit"):
        data["lead_unit"] = None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def reuse_start(request, pk):
    """"Tái sử dụng mô hình": the project registration form pre-filled from a published entry;
    posting it registers the proposal linked to the entry."""
    practice = _published(request.user, pk)
    if not can_reuse(request.user):
        raise PermissionDenied("Chỉ cán bộ, lãnh đạo đơn vị đăng ký đề xuất tái sử dụng mô hình.")

    def page(form):
        return render(request, "library/reuse_form.html", {"nav": "create", "form": form, "creating": True,
                                                           "practice": practice})

    if request.method == "GET":
        return page(ProjectForm(user=request.user, initial=_initial(request.user, practice)))
    form = ProjectForm(request.POST, user=request.user)
    return run_form_service(
        request, form, lambda cd: start_reuse(request.user, practice, _form_data(form)),
        success=lambda project: f"Đã đăng ký {project.code}, tái sử dụng mô hình {practice.code}.",
        redirect_to=lambda project: reverse("projects:detail", args=[project.pk]), render=page)


@login_required
@require_GET
def reuse_list(request):
    """Proposals that reuse a library entry, as the user may read them (the dashboard tile's list)."""
    params = request.GET
    flt = selectors_reuse.ReuseFilter.of(params)
    qs = selectors_reuse.reuse_rows(request.user, params)
    page = Paginator(qs, PER_PAGE).get_page(params.get("page"))
    rows = list(page.object_list)
    readable = selectors_reuse.readable_practice_ids(request.user, {r.practice_id for r in rows})
    units = access.scope_units(request.user, Unit.objects.all()).order_by("path").only("pk", "name", "depth")
    return render(request, "library/reuses.html", {
        "nav": "library", "page": page, "rows": rows, "readable": readable, "total": page.paginator.count,
        "flt": flt, "units": units, "programmes": Programme.objects.filter(is_active=True).order_by("name"),
        "this_year": timezone.localdate().year,
    })
