"""Registry pages. Views parse input, call selectors/services and render; they never write
models themselves, and every object is fetched through the access helper."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.catalog.models import FundingSource, Programme
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.core.widgets import unit_option_tags
from cds.rules.models import LegalRegime

from .. import lifecycle, panels, selectors, services
from ..filters import ProjectFilterSet, behind_help
from ..forms import (
    BudgetEntryForm,
    ButtonForm,
    DocumentForm,
    ProjectForm,
    ScaleDownForm,
    TransitionForm,
    unit_queryset,
)
from ..models import BudgetEntry, Group, Kind, ProjectDocument, ProjectEvent, State
from ..permissions import (
    can_create_projects,
    can_edit_budget,
    can_edit_project,
    can_supervise,
    can_transition,
    ensure_can_edit_project,
)

PAGE_SIZE = 25


def unit_options(user, selected):
    """The unit filter's <option>s: the units the user may read, in tree order."""
    return unit_option_tags(unit_queryset(user).values_list("pk", "name", "depth", "valid_to"), selected)


@login_required
def project_list(request):
    filterset = ProjectFilterSet.for_user(request.GET, request.user)
    flt = filterset.values
    # The list shows neither the search text nor the long descriptions: leave them on disk.
    qs = filterset.qs.defer("search_text", "objectives", "scope")
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    ctx = {
        "nav": "projects", "page": page, "flt": flt, "total": paginator.count,
        "unit_options": unit_options(request.user, flt.unit), "kinds": Kind.choices, "states": State.choices,
        "groups": Group.choices, "programmes": Programme.objects.all(),
        "sources": FundingSource.objects.all(), "regimes": LegalRegime.objects.all(),
        "years": range(2019, 2031), "this_year": timezone.localdate().year, "behind_help": behind_help(),
    }
    template = "projects/_table.html" if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results" else "projects/list.html"
    return render(request, template, ctx)


def _detail_context(request, project, tab, **overrides):
    """Context of the project page; forms with errors are passed in ``overrides``."""
    user = request.user
    ctx = {
        "nav": "projects", "p": project, "tab": tab,
        "ledger": selectors.ledger_summary(project, by_source=request.GET.get("by") == "source"),
        "rules": [r for r in lifecycle.rules_from(project.state) if can_transition(user, project, r)],
        "can_edit": can_edit_project(user, project),
        "can_budget": can_edit_budget(user, project),
        "can_scale_down": access.has_role(user, *lifecycle.SCALE_DOWN_ROLES) and project.state in lifecycle.SCALE_DOWN_STATES,
        "can_supervise": can_supervise(user),
        "budget_form": BudgetEntryForm(initial={"year": project.start_year}),
        "document_form": DocumentForm(),
    }
    if tab == "history":
        ctx["history"] = selectors.history_for(project)
    elif tab == "trace":
        ctx["trace"] = selectors.ledger_trace(project)
    panels.build(user, project, ctx, tab)
    ctx.update(overrides)
    return ctx


@login_required
def project_detail(request, pk):
    project = selectors.project_detail(request.user, pk)
    return render(request, "projects/detail.html", _detail_context(request, project, request.GET.get("tab", "info")))


def _tab_url(project, tab) -> str:
    return reverse("projects:detail", args=[project.pk]) + f"?tab={tab}"


def _back_to(project, tab):
    return redirect(_tab_url(project, tab))


def _detail_url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


def _act(request, project, tab, action, success):
    """Run a small service call from a button (its reason or note and the version read with
    :class:`ButtonForm`), flash the outcome, go back to the tab."""
    form = ButtonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error_list(form)))
        return _back_to(project, tab)
    try:
        action(form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _back_to(project, tab)


def _form_data(form):
    data = dict(form.cleaned_data)
    data.pop("version", None)
    if not data.get("lead_unit"):
        data["lead_unit"] = None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not can_create_projects(request.user):
        raise PermissionDenied("Bạn không có quyền đăng ký nhiệm vụ/dự án.")
    initial = {"investor_unit": request.user.unit_id, "regime": LegalRegime.objects.order_by("-in_force_from").first()}
    form = ProjectForm(request.POST or None, user=request.user, initial=initial)

    def page(f):
        return render(request, "projects/form.html", {"nav": "create", "form": f, "creating": True})

    if request.method == "GET":
        return page(form)
    return run_form_service(request, form, lambda cd: services.create_project(request.user, _form_data(form)),
                            success=lambda project: f"Đã đăng ký {project.code}.", redirect_to=_detail_url,
                            render=page)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = selectors.project_detail(request.user, pk)
    ensure_can_edit_project(request.user, project)

    def page(f):
        return render(request, "projects/form.html", {"nav": "projects", "form": f, "p": project})

    if request.method == "POST":
        form = ProjectForm(request.POST, user=request.user)
        return run_form_service(
            request, form, lambda cd: services.update_project(request.user, project, _form_data(form),
                                                              expected_version=cd.get("version") or 0),
            success="Đã lưu thay đổi.", redirect_to=_detail_url(project), render=page)
    return page(ProjectForm(user=request.user, initial={
        **{f: getattr(project, f) for f in services.EDITABLE_FIELDS},
        **{f: list(getattr(project, f).all()) for f in services.M2M_FIELDS},
        "version": project.version,
    }))


@login_required
@require_http_methods(["GET", "POST"])
def project_transition(request, pk, action):
    project = selectors.project_detail(request.user, pk)
    rule = lifecycle.BY_ACTION.get(action)
    if rule is None or project.state not in rule.source:
        raise Http404("Thao tác không áp dụng cho trạng thái hiện tại.")
    refusal = lifecycle.step_refusal(project, rule)
    if refusal:
        messages.error(request, refusal)
        return redirect("projects:detail", pk=project.pk)
    if not can_transition(request.user, project, rule):
        raise PermissionDenied(f"Bạn không có quyền “{rule.label}”.")
    form = TransitionForm(request.POST or None, initial={"version": project.version})

    def page(f):
        return render(request, "projects/transition.html", {
            "nav": "projects", "p": project, "rule": rule, "form": f,
            "target_label": State(lifecycle.target_of(rule, project)).label,
        })

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.transition(
            request.user, project, action, decision_number=cd["decision_number"], decision_date=cd["decision_date"],
            reason=cd["reason"], expected_version=cd["version"]),
        success=f"Đã thực hiện “{rule.label}”.", redirect_to=_detail_url(project), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def project_scale_down(request, pk):
    project = selectors.project_detail(request.user, pk)
    form = ScaleDownForm(request.POST or None)

    def page(f):
        return render(request, "projects/scale_down.html", {"nav": "projects", "p": project, "form": f})

    if request.method == "POST":
        return run_form_service(request, form, lambda cd: services.scale_down(request.user, project, **cd),
                                success="Đã ghi nhận quyết định điều chỉnh giảm quy mô.",
                                redirect_to=_detail_url(project), render=page)
    if not access.has_role(request.user, *lifecycle.SCALE_DOWN_ROLES):
        raise PermissionDenied("Bạn không có quyền quyết định điều chỉnh quy mô.")
    return page(form)


@login_required
@require_POST
def budget_add(request, pk):
    project = selectors.project_detail(request.user, pk)
    if not can_edit_budget(request.user, project):
        raise PermissionDenied("Bạn không có quyền ghi sổ ngân sách.")
    return run_form_service(
        request, BudgetEntryForm(request.POST), lambda cd: services.record_budget_entry(request.user, project, cd),
        success="Đã ghi sổ ngân sách.", redirect_to=_tab_url(project, "budget"),
        render=lambda f: render(request, "projects/detail.html",
                                _detail_context(request, project, "budget", budget_form=f)))


@login_required
@require_POST
def budget_void(request, pk, entry_id):
    project = selectors.project_detail(request.user, pk)
    entry = get_object_or_404(BudgetEntry, pk=entry_id, project=project)
    return _act(request, project, "budget", lambda cd: services.void_budget_entry(
        request.user, entry, reason=cd["reason"], expected_version=cd["version"] or 0),
        "Đã hủy bút toán (bút toán vẫn được lưu trong lịch sử).")


@login_required
@require_POST
def document_add(request, pk):
    project = selectors.project_detail(request.user, pk)
    if not can_edit_budget(request.user, project):
        raise PermissionDenied("Bạn không có quyền thêm văn bản.")
    return run_form_service(
        request, DocumentForm(request.POST, request.FILES),
        lambda cd: services.add_document(request.user, project, cd, cd["file"]),
        success="Đã thêm văn bản.", redirect_to=_tab_url(project, "documents"),
        render=lambda f: render(request, "projects/detail.html",
                                _detail_context(request, project, "documents", document_form=f)))


@login_required
@require_POST
def document_remove(request, pk, doc_id):
    project = selectors.project_detail(request.user, pk)
    doc = get_object_or_404(ProjectDocument, pk=doc_id, project=project)
    return _act(request, project, "documents", lambda cd: services.remove_document(
        request.user, doc, reason=cd["reason"]), "Đã gỡ văn bản (vẫn lưu trong lịch sử).")


@login_required
def document_download(request, pk, doc_id):
    project = selectors.project_detail(request.user, pk)
    doc = get_object_or_404(ProjectDocument, pk=doc_id, project=project)
    return file_download(doc.file, doc.file_name, "Văn bản không có tệp đính kèm.")


@login_required
@require_POST
def event_check(request, pk, event_id):
    project = selectors.project_detail(request.user, pk)
    event = get_object_or_404(ProjectEvent, pk=event_id, project=project)
    return _act(request, project, "timeline", lambda cd: services.check_event(
        request.user, event, note=cd["note"]), "Đã xác nhận giám sát bước này.")
