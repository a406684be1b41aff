"""Pages of the systems map: the list (filters, summary cards, completeness, seal and findings
per row), the findings of the user's scope grouped by rule, the system page (information,
projects, integrations, data, equipment, yearly costs, completeness, seal, findings, derived
systems, history), registering and editing a system, and the small forms of the system page
(attest, link a project, a yearly cost, a data holding, an integration, equipment and its status)
— plus the two forms reached from the project page (link a system, add equipment).

Every object comes through the access helpers (404 outside the user's scope, 403 for what they
may see but not do); every write is a service call run by :func:`cds.core.forms.run_form_service`
— a refusal shows the page again with the Vietnamese message beside the form and what was typed
(400, 403, or 409 for a stale ``version``), nothing written."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When, prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cds.accounts import access
from cds.audit.history import build_history
from cds.catalog.models import DataEntity
from cds.core.forms import error_list, run_form_service
from cds.orgs.models import Unit
from cds.projects.permissions import get_project_for, scope_projects

from .. import display, equipment_stats, findings, selectors, services, tracking
from ..filters import SystemFilterSet
from ..forms import (
    CostForm,
    EquipmentForm,
    EquipmentStatusForm,
    FindingsFilterForm,
    HoldingForm,
    IntegrationForm,
    ProjectLinkForm,
    SystemForm,
    SystemLinkForm,
    VersionForm,
)
from ..models import (
    Category,
    DataHolding,
    Equipment,
    InformationSystem,
    Integration,
    Lifecycle,
    SystemCost,
    SystemProject,
)
from ..permissions import (
    EDITOR_ROLES,
    TREE_EDITORS,
    can_attest,
    can_create_systems,
    can_edit_system,
    can_report_equipment,
    can_see_history,
    get_system_for,
    scope_systems,
)

PAGE_SIZE = 25
EDIT_ONLY = "Chỉ đơn vị chủ quản và cơ quan chuyên trách chuyển đổi số của tỉnh sửa hồ sơ hệ thống này."
CREATE_ONLY = "Bạn không có quyền khai báo hệ thống thông tin."
EQUIPMENT_ONLY = "Bạn không có quyền khai báo, báo tình trạng thiết bị của dự án này."
def _system(request, pk) -> InformationSystem:
    return get_system_for(request.user, pk, selectors.system_queryset())


def _editable_system(request, pk) -> InformationSystem:
    system = _system(request, pk)
    if not can_edit_system(request.user, system):
        raise PermissionDenied(EDIT_ONLY)
    return system


def detail_url(system, anchor: str = "") -> str:
    return reverse("systems:detail", args=[system.pk]) + (f"#{anchor}" if anchor else "")


# ------------------------------------------------------------------ the list

def _summary(user, found: dict) -> dict:
    """The cards above the list, over the whole of the user's scope."""
    tree = scope_systems(user).filter(root_unit__isnull=False)
    counts = tree.aggregate(n=Count("pk", filter=~Q(lifecycle=Lifecycle.RETIRED)),
                            core=Count("pk", filter=Q(category=Category.CORE) & ~Q(lifecycle=Lifecycle.RETIRED)))
    kinds = {}
    for items in found.values():
        for code in {f.code for f in items}:
            kinds[code] = kinds.get(code, 0) + 1
    equipment = equipment_stats.for_projects(scope_projects(user))
    return {"systems": counts["n"], "core": counts["core"], "isolated": kinds.get("isolated", 0),
            "two_masters": kinds.get("two_masters", 0), "equipment_total": equipment.total,
            "equipment_wasted": equipment.wasted, "with_findings": len([1 for v in found.values() if v])}


@login_required
@require_GET
def system_list(request):
    user = request.user
    filterset = SystemFilterSet.for_user(request.GET, user)
    filter_errors = error_list(filterset.form) if filterset.is_bound and not filterset.is_valid() else []
    qs, work = tracking.narrow(user, filterset.qs, request.GET)
    found = selectors.findings_for(user)
    if work[tracking.WORK]:
        rows = tracking.needs_work(selectors.system_list(user, qs), found)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        order = Case(*(When(category=c, then=Value(i)) for i, c in enumerate(display.CATEGORY_ORDER)),
                     default=Value(9), output_field=IntegerField())
        ids = qs.annotate(category_order=order).order_by("category_order", "name", "pk").values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        wanted = list(page.object_list)
        by_id = {s.pk: s for s in selectors.system_list(user, InformationSystem.objects.filter(pk__in=wanted))}
        rows = [by_id[pk] for pk in wanted if pk in by_id]
    for s in rows:
        s.category_short = display.CATEGORY_SHORT.get(s.category, s.get_category_display())
        s.findings = found.get(s.pk, [])
        s.seal = display.seal_of(s)
    scope = scope_systems(user)
    owners = Unit.objects.filter(pk__in=scope.exclude(owner_unit__isnull=True).values("owner_unit")).order_by("path")
    cd = filterset.form.cleaned_data if hasattr(filterset.form, "cleaned_data") else {}
    return render(request, "systems/list.html", {
        "nav": "systems", "page": page, "rows": rows, "summary": _summary(user, found),
        "filter_errors": filter_errors, "flt": {
            "q": request.GET.get("q", "")[:200], "loai": cd.get("loai") or "", "vong_doi": cd.get("vong_doi") or "",
            "don_vi": cd.get("don_vi"), "du_lieu": cd.get("du_lieu"), "loi": cd.get("loi"),
            "cua_don_vi": work[tracking.MINE], "xac_nhan": work[tracking.SEAL], "bo_sung": work[tracking.WORK]},
        "categories": Category.choices, "lifecycles": Lifecycle.choices, "owners": owners,
        "entities": DataEntity.objects.filter(is_active=True).order_by("name"),
        "cores": scope.filter(category=Category.CORE).order_by("name").only("pk", "name"),
        "is_unit": user.role in access.UNIT_ROLES, "can_create": can_create_systems(user),
        "low": tracking.LOW_COMPLETENESS,
    })


@login_required
@require_GET
def findings_page(request):
    """The findings of the user's systems, by rule; ``?cua-don-vi=1`` those of the user's own
    units, ``?don_vi=<id>`` those of systems owned by a unit or its subtree, ``?phat_hien=<rule>``
    those of one rule."""
    user = request.user
    mine = request.GET.get(tracking.MINE) == "1"
    form = FindingsFilterForm(request.GET)
    unit, code = form.unit_id(), form.code()
    rows = selectors.listed_findings(user, mine=mine, unit=unit, code=code)
    groups = []
    for rule, (title, _provider) in findings.RULES.items():
        found = sorted(((s, f) for s, f in rows if f.code == rule), key=lambda r: (r[0].name, r[1].text))
        if found:
            groups.append({"code": rule, "title": title, "rows": found, "severity": found[0][1].severity})
    return render(request, "systems/findings.html", {
        "nav": "systems", "groups": groups, "total": len(rows), "mine": mine, "code": code,
        "rule_title": findings.RULES[code][0] if code else "",
        "unit": access.scope_units(user, Unit.objects.filter(pk=unit)).first() if unit else None,
        "is_unit": user.role in access.UNIT_ROLES})


# ------------------------------------------------------------------ the system page

def _history(user, system):
    """Field history of the record and of its rows (costs, projects, data, integrations,
    equipment); rows naming what the user may not read (another unit's system or project) are
    left out."""
    projects = scope_projects(user).values("pk")
    visible = set(scope_systems(user).values_list("pk", flat=True))
    links = [r for r in Integration.history.filter(Q(source_id=system.pk) | Q(target_id=system.pk))
             .select_related("history_user") if r.source_id in visible and r.target_id in visible]
    return build_history([
        (InformationSystem, system.history.select_related("history_user").all(), lambda r: "Thông tin hệ thống"),
        (SystemCost, SystemCost.history.filter(system_id=system.pk).select_related("history_user"),
         lambda r: f"Chi phí năm {r.year}"),
        (SystemProject, SystemProject.history.filter(system_id=system.pk, project_id__in=projects)
         .select_related("history_user"), lambda r: "Dự án của hệ thống"),
        (DataHolding, DataHolding.history.filter(system_id=system.pk).select_related("history_user"),
         lambda r: "Dữ liệu hệ thống nắm giữ"),
        (Integration, links, lambda r: "Kết nối, tích hợp"),
        (Equipment, Equipment.history.filter(system_id=system.pk, project_id__in=projects)
         .select_related("history_user"), lambda r: f"Thiết bị: {r.kind}"),
    ])


def _context(request, system, tab="info", bound=None, errors_for="", status_conflict=False) -> dict:
    user = request.user
    d = selectors.detail(user, system)
    can_edit = can_edit_system(user, system)
    equipment = d["equipment"]
    for eq in equipment:
        eq.system = system
    if equipment and not can_edit:
        prefetch_related_objects(equipment, "project__investor_unit")
    for eq in equipment:
        eq.can_report = can_edit or can_report_equipment(user, eq)
        eq.highlight = eq.status in display.HIGHLIGHT
        eq.color = display.EQUIPMENT_COLORS[eq.status]
    for link in d["integrations"]:
        link.outgoing = link.source_id == system.pk
        link.other = link.target if link.outgoing else link.source
    ctx = {
        **d, "nav": "systems", "s": system, "tab": tab, "can_edit": can_edit,
        "can_attest": can_attest(user, system), "seal": display.seal_of(system),
        "can_history": can_see_history(user, system), "chart": display.cost_bars(d["costs"]),
        "equipment_counts": display.equipment_counts(equipment),
        "errors": {}, "conflict": status_conflict, "low": tracking.LOW_COMPLETENESS,
    }
    if tab == "history" and ctx["can_history"]:
        ctx["history"] = _history(user, system)
    if can_edit:
        ctx.update({
            "link_form": ProjectLinkForm(user=user, system=system), "cost_form": CostForm(),
            "holding_form": HoldingForm(), "integration_form": IntegrationForm(user=user, system=system),
            "equipment_form": EquipmentForm(projects=[link.project for link in d["links"]]),
        })
    if bound:
        ctx.update(bound)
        ctx["errors"] = {errors_for: error_list(next(iter(bound.values())))}
        ctx["conflict"] = getattr(next(iter(bound.values())), "conflict", False)
    return ctx


@login_required
@require_GET
def system_detail(request, pk):
    system = _system(request, pk)
    tab = request.GET.get("tab", "info")
    return render(request, "systems/detail.html", _context(request, system, tab if tab in ("info", "history")
                                                           else "info"))


def _run(request, system, key: str, form, call, success: str, anchor: str):
    """One form of the system page: success → flash and back to its section; a bad form or a
    refusal → the page again with the message beside that form (400, 403 or 409)."""
    return run_form_service(
        request, form, call, success=success, redirect_to=lambda result: detail_url(system, anchor),
        render=lambda f: render(request, "systems/detail.html",
                                _context(request, system, bound={key: f}, errors_for=anchor)))


# ------------------------------------------------------------------ create, edit, attest

@login_required
@require_http_methods(["GET", "POST"])
def system_create(request):
    user = request.user
    if not can_create_systems(user):
        raise PermissionDenied(CREATE_ONLY)
    initial = {"owner_unit": user.unit if user.role in access.UNIT_ROLES else None,
               "category": Category.UNIT, "lifecycle": Lifecycle.OPERATE}
    form = SystemForm(request.POST or None, user=user, initial=initial)

    def page(f):
        return render(request, "systems/form.html", {"nav": "systems", "form": f, "creating": True})

    if request.method == "GET":
        return page(form)
    return run_form_service(request, form, lambda cd: services.create_system(user, form.data_for_service()),
                            success=lambda s: f"Đã khai báo hệ thống {s.code}.",
                            redirect_to=lambda s: detail_url(s), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def system_edit(request, pk):
    user = request.user
    system = _editable_system(request, pk)

    def page(f):
        return render(request, "systems/form.html", {"nav": "systems", "form": f, "s": system,
                                                     "seal": display.seal_of(system)})

    if request.method == "GET":
        return page(SystemForm(user=user, system=system, initial=SystemForm.initial_for(system)))
    form = SystemForm(request.POST, user=user, system=system)
    return run_form_service(
        request, form, lambda cd: services.update_system(user, system, form.data_for_service(),
                                                         expected_version=cd.get("version")),
        success="Đã lưu thay đổi.", redirect_to=detail_url(system), render=page)


@login_required
@require_POST
def system_attest(request, pk):
    system = _system(request, pk)
    form = VersionForm(request.POST)
    return _run(request, system, "attest_form", form,
                lambda cd: services.attest(request.user, system, expected_version=cd.get("version")),
                "Đã xác nhận hồ sơ hệ thống.", "seal")


# ------------------------------------------------------------------ projects

@login_required
@require_POST
def link_project(request, pk):
    system = _system(request, pk)
    form = ProjectLinkForm(request.POST, user=request.user, system=system)
    return _run(request, system, "link_form", form,
                lambda cd: services.link_project(request.user, system, form.chosen_project(), cd["role"],
                                                 cd.get("note", "")),
                "Đã gắn dự án với hệ thống.", "projects")


@login_required
@require_POST
def unlink_project(request, pk, link_id):
    system = _system(request, pk)
    link = access.get_scoped_or_404(
        SystemProject.objects.filter(system=system, project__in=scope_projects(request.user).values("pk"))
        .select_related("project", "system"), link_id, "Không tìm thấy dự án đã gắn.")
    link.system = system
    return _run(request, system, "unlink_form", VersionForm(request.POST),
                lambda cd: services.unlink_project(request.user, link), "Đã bỏ gắn dự án.", "projects")


# ------------------------------------------------------------------ costs, data

@login_required
@require_POST
def cost_save(request, pk):
    system = _system(request, pk)
    form = CostForm(request.POST)
    return _run(request, system, "cost_form", form,
                lambda cd: services.save_cost(request.user, system, year=cd["year"],
                                              operating_cost=cd.get("operating_cost"),
                                              development_cost=cd.get("development_cost"), note=cd.get("note", "")),
                "Đã ghi chi phí.", "costs")


@login_required
@require_POST
def holding_save(request, pk):
    system = _system(request, pk)
    form = HoldingForm(request.POST)
    return _run(request, system, "holding_form", form,
                lambda cd: services.save_holding(request.user, system, entity=cd["entity"], role=cd["role"],
                                                 sharing=cd.get("sharing", ""),
                                                 database_name=cd.get("database_name", ""), note=cd.get("note", "")),
                "Đã ghi dữ liệu của hệ thống.", "data")


@login_required
@require_POST
def holding_remove(request, pk, holding_id):
    system = _system(request, pk)
    holding = access.get_scoped_or_404(DataHolding.objects.filter(system=system).select_related("entity"),
                                       holding_id, "Không tìm thấy dữ liệu của hệ thống.")
    holding.system = system
    return _run(request, system, "holding_remove_form", VersionForm(request.POST),
                lambda cd: services.remove_holding(request.user, holding), "Đã bỏ dữ liệu khỏi hệ thống.", "data")


# ------------------------------------------------------------------ integrations

def _integration(request, system, integration_id) -> Integration:
    visible = scope_systems(request.user).values("pk")
    return access.get_scoped_or_404(
        Integration.objects.filter(Q(source=system) | Q(target=system)).filter(source__in=visible, target__in=visible)
        .select_related("source", "target"), integration_id, "Không tìm thấy kết nối.")


def _save_integration(user, system, form, integration=None):
    def call(cd):
        source, target, both = form.ends(system)
        return services.save_integration(
            user, source=source, target=target, mechanism=cd["mechanism"], status=cd["status"], both_ways=both,
            since=cd.get("since"), entities=cd.get("entities") or [], note=cd.get("note", ""),
            integration=integration, expected_version=cd.get("version") if integration else None)
    return call


@login_required
@require_POST
def integration_add(request, pk):
    system = _system(request, pk)
    form = IntegrationForm(request.POST, user=request.user, system=system)
    return _run(request, system, "integration_form", form, _save_integration(request.user, system, form),
                "Đã ghi kết nối.", "integrations")


@login_required
@require_http_methods(["GET", "POST"])
def integration_edit(request, pk, integration_id):
    user = request.user
    system = _system(request, pk)
    integration = _integration(request, system, integration_id)
    if not (can_edit_system(user, integration.source) or can_edit_system(user, integration.target)):
        raise PermissionDenied("Bạn chỉ sửa kết nối của hệ thống mình quản lý.")

    def page(f):
        return render(request, "systems/integration.html", {"nav": "systems", "s": system, "form": f,
                                                            "integration": integration})

    if request.method == "GET":
        return page(IntegrationForm(user=user, system=system,
                                    initial=IntegrationForm.initial_for(integration, system)))
    form = IntegrationForm(request.POST, user=user, system=system)
    return run_form_service(request, form, _save_integration(user, system, form, integration),
                            success="Đã lưu kết nối.", redirect_to=detail_url(system, "integrations"), render=page)


@login_required
@require_POST
def integration_remove(request, pk, integration_id):
    system = _system(request, pk)
    integration = _integration(request, system, integration_id)
    return _run(request, system, "integration_remove_form", VersionForm(request.POST),
                lambda cd: services.remove_integration(request.user, integration), "Đã xóa kết nối.",
                "integrations")


# ------------------------------------------------------------------ equipment

def _project_of(user, pk):
    return scope_projects(user).filter(pk=pk).first() if pk else None


@login_required
@require_POST
def equipment_add(request, pk):
    user = request.user
    system = _system(request, pk)
    links = selectors.detail(user, system)["links"]
    form = EquipmentForm(request.POST, projects=[link.project for link in links])

    def call(cd):
        return services.add_equipment(user, _project_of(user, cd.get("project")), {**form.values(), "system": system})

    return _run(request, system, "equipment_form", form, call, "Đã khai báo thiết bị.", "equipment")


def _equipment(request, equipment_id) -> Equipment:
    return access.get_scoped_or_404(
        Equipment.objects.filter(project__in=scope_projects(request.user).values("pk"))
        .select_related("project__investor_unit", "system", "status_by"), equipment_id, "Không tìm thấy thiết bị.")


def _equipment_back(eq) -> str:
    if eq.system_id:
        return detail_url(eq.system, "equipment")
    return reverse("projects:detail", args=[eq.project_id]) + "#systems"


def _equipment_page(request, eq, *, edit_form=None, status_form=None):
    user = request.user
    visible = eq.system_id is not None and scope_systems(user).filter(pk=eq.system_id).exists()
    systems = [link.system for link in selectors.systems_of_project(user, eq.project)]
    return render(request, "systems/equipment.html", {
        "nav": "systems", "eq": eq, "system_visible": visible, "back": _equipment_back(eq),
        "color": display.EQUIPMENT_COLORS[eq.status],
        "form": edit_form or EquipmentForm(initial=EquipmentForm.initial_for(eq), systems=systems, editing=True),
        "status_form": status_form or EquipmentStatusForm(initial={"status": eq.status, "version": eq.version}),
        "errors": error_list(edit_form) if edit_form is not None else [],
        "status_errors": error_list(status_form) if status_form is not None else [],
        "conflict": getattr(edit_form or status_form, "conflict", False),
    })


def _chosen_system(user, pk):
    """The system picked by id among those the user may read; a value the service refuses otherwise."""
    if not pk:
        return None
    return scope_systems(user).filter(pk=pk).first() or "?"


@login_required
@require_http_methods(["GET", "POST"])
def equipment_edit(request, equipment_id):
    user = request.user
    eq = _equipment(request, equipment_id)
    if not can_report_equipment(user, eq):
        raise PermissionDenied(EQUIPMENT_ONLY)
    if request.method == "GET":
        return _equipment_page(request, eq)
    systems = [link.system for link in selectors.systems_of_project(user, eq.project)]
    form = EquipmentForm(request.POST, systems=systems, editing=True)

    def call(cd):
        return services.update_equipment(user, eq, {**form.values(), "system": _chosen_system(user, cd.get("system"))},
                                         expected_version=cd.get("version"))

    return run_form_service(request, form, call, success="Đã lưu thông tin thiết bị.",
                            redirect_to=lambda result: _equipment_back(eq),
                            render=lambda f: _equipment_page(request, eq, edit_form=f))


@login_required
@require_POST
def equipment_status(request, equipment_id):
    user = request.user
    eq = _equipment(request, equipment_id)
    form = EquipmentStatusForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.report_equipment_status(
            user, eq, status=cd["status"], on=cd.get("on"), note=cd.get("note", ""),
            expected_version=cd.get("version")),
        success="Đã ghi tình trạng thiết bị.", redirect_to=lambda result: _equipment_back(eq),
        render=lambda f: _equipment_page(request, eq, status_form=f))


# ------------------------------------------------------------------ from the project page

def editable_systems(user, project):
    """Systems ``user`` may change, of the project's tree (for linking from the project page)."""
    qs = scope_systems(user).filter(root_unit__isnull=False)
    if access.has_role(user, *TREE_EDITORS):
        return qs.filter(root_unit_id=project.investor_unit.root_pk).order_by("name")
    return tracking.own_systems(user, qs).order_by("name")


def _project_link_page(request, project, form, status=200):
    return render(request, "systems/project_link.html", {
        "nav": "projects", "p": project, "form": form, "errors": error_list(form) if form.is_bound else [],
        "conflict": False, "can_create": can_create_systems(request.user)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_link(request, project_id):
    user = request.user
    project = get_project_for(user, project_id)
    if not access.has_role(user, *EDITOR_ROLES):
        raise PermissionDenied("Bạn không có quyền gắn hệ thống với nhiệm vụ/dự án.")
    systems = editable_systems(user, project)
    form = SystemLinkForm(request.POST or None, systems=systems)
    if request.method == "GET":
        return _project_link_page(request, project, form)
    return run_form_service(
        request, form, lambda cd: services.link_project(user, cd["system"], project, cd["role"], cd.get("note", "")),
        success="Đã gắn hệ thống với nhiệm vụ/dự án.",
        redirect_to=reverse("projects:detail", args=[project.pk]) + "#systems",
        render=lambda f: _project_link_page(request, project, f))


@login_required
@require_http_methods(["GET", "POST"])
def project_equipment(request, project_id):
    user = request.user
    project = get_project_for(user, project_id)
    if not can_report_equipment(user, Equipment(project=project)):
        raise PermissionDenied(EQUIPMENT_ONLY)
    systems = [link.system for link in selectors.systems_of_project(user, project)]
    form = EquipmentForm(request.POST or None, systems=systems)
    form.fields.pop("project", None)

    def page(f):
        return render(request, "systems/project_equipment.html", {
            "nav": "projects", "p": project, "form": f, "errors": error_list(f) if f.is_bound else []})

    if request.method == "GET":
        return page(form)

    def call(cd):
        return services.add_equipment(user, project, {**form.values(), "system": _chosen_system(user, cd.get("system"))})

    return run_form_service(request, form, call, success="Đã khai báo thiết bị.",
                            redirect_to=reverse("projects:detail", args=[project.pk]) + "#systems", render=page)
