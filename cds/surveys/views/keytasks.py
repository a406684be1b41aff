"""Pages of the Đề án 06 key tasks (Quyết định 06/QĐ-TTg ngày 06/01/2022): the progress view
(the catalogue with each task's counts, grouped; the unit × task matrix for the province-wide
roles; a unit's own status per task), a task's page, the catalogue's form and a unit's report.

Reads go through :mod:`cds.surveys.permissions` (a task outside the user's tree is 404), writes
through :mod:`cds.surveys.services.keytasks`."""
from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.forms import (
    IdField,
    IdListField,
    TextField,
    VersionField,
    VNDateField,
    bootstrap,
    error_list,
    run_form_service,
    text_field,
)
from cds.core.uploads import file_download, xlsx_download
from cds.directives.models import Task
from cds.directives.permissions import scope_tasks
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects

from .. import services
from ..keytask_progress import EMPTY, SYMBOLS, matrix, matrix_xlsx, task_counts
from ..models import KeyTask, KeyTaskProgress, KeyTaskStatus
from ..permissions import (
    can_manage_key_tasks,
    can_report_key_task,
    get_key_task_for,
    scope_key_task_statuses,
    scope_key_tasks,
)
from ..services.common import root_of

OPTIONS = 300             # projects / directive tasks offered in a picker (the linked ones always are)
NO_GROUP = "Chưa phân nhóm"
PERCENT_MESSAGE = "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."
REPORT_REFUSAL = "Chỉ chuyên viên, lãnh đạo của đơn vị được báo cáo tình hình thực hiện của đơn vị."
MANAGE_REFUSAL = "Chỉ cơ quan chuyên trách CĐS được lập, sửa danh mục nhiệm vụ Đề án 06."


# ------------------------------------------------------------------ forms ----

class KeyTaskForm(forms.Form):
    version = VersionField()
    number = TextField(label="Số thứ tự", noun="số thứ tự", multiline=False, required=False, max_length=10,
                       widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    name = text_field("tên nhiệm vụ", limit=2000, rows=2, label="Tên nhiệm vụ")
    group = text_field("nhóm", limit=200, required=False, label="Nhóm",
                       help_text="Nhóm nhiệm vụ theo kế hoạch của tỉnh (ví dụ: dữ liệu, thủ tục hành chính).")
    principles = text_field("nguyên tắc, phương châm", limit=300, required=False, label="Nguyên tắc, phương châm",
                            help_text="Nội dung tỉnh áp dụng, ví dụ “5 rõ”.")
    description = text_field("mô tả, yêu cầu", limit=10000, required=False, rows=4, label="Mô tả, yêu cầu")
    lead_unit = IdField(label="Đơn vị chủ trì")
    deadline = VNDateField(noun="thời hạn", required=False, label="Thời hạn")
    basis = text_field("căn cứ", limit=300, required=False, label="Căn cứ",
                       help_text="Văn bản giao nhiệm vụ (số, ký hiệu, ngày).")
    projects = IdListField(label="Nhiệm vụ/dự án liên quan")
    directive_tasks = IdListField(label="Nhiệm vụ chỉ đạo liên quan")

    def __init__(self, *args, units=(), projects=(), directive_tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].widget = forms.Select(choices=[("", "— chọn đơn vị —")]
                                                       + [(u.pk, u.name) for u in units])
        self.fields["projects"].widget.choices = [(p.pk, f"{p.code} — {p.name}") for p in projects]
        self.fields["directive_tasks"].widget.choices = [
            (t.pk, f"{t.directive.number}: {t.content[:120]}") for t in directive_tasks]
        for name in ("projects", "directive_tasks"):
            self.fields[name].widget.attrs["size"] = 8
        bootstrap(self)

    @staticmethod
    def initial_of(task: KeyTask) -> dict:
        return {"version": task.version, "number": task.number, "name": task.name, "group": task.group,
                "principles": task.principles, "description": task.description, "lead_unit": task.lead_unit_id,
                "deadline": task.deadline, "basis": task.basis,
                "projects": [p.pk for p in task.projects.all()],
                "directive_tasks": [t.pk for t in task.directive_tasks.all()]}


class ReportForm(forms.Form):
    version = VersionField()
    progress = forms.ChoiceField(label="Tình trạng", choices=KeyTaskProgress.choices,
                                 widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                                 error_messages={"required": "Chọn tình trạng thực hiện.",
                                                 "invalid_choice": "Chọn tình trạng thực hiện."})
    percent = forms.IntegerField(label="% hoàn thành", required=False, min_value=0, max_value=100,
                                 error_messages={"invalid": PERCENT_MESSAGE, "min_value": PERCENT_MESSAGE,
                                                 "max_value": PERCENT_MESSAGE},
                                 help_text="“Hoàn thành” được tính là 100%.")
    evidence = text_field("kết quả, minh chứng", limit=10000, required=False, rows=5, label="Kết quả, minh chứng",
                          help_text="Kết quả đạt được, văn bản, sản phẩm; với “Vướng mắc”: nêu rõ vướng mắc và "
                                    "đề xuất.")
    file = forms.FileField(label="Tệp minh chứng", required=False,
                           help_text="PDF, Word, Excel hoặc ảnh quét (PNG, JPEG).")
    projects = IdListField(label="Nhiệm vụ/dự án của đơn vị phục vụ nhiệm vụ này")

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].widget.choices = [(p.pk, f"{p.code} — {p.name}") for p in projects]
        self.fields["projects"].widget.attrs["size"] = 6
        bootstrap(self)


# ---------------------------------------------------------------- helpers ----

def _ctx(**extra) -> dict:
    return {"nav": "surveys", "today": timezone.localdate(), **extra}


def _tree(root):
    return {"path__startswith": root.tree_prefix}


def _project_options(user, root, selected) -> list[Project]:
    tree = Project.objects.filter(investor_unit__path__startswith=root.tree_prefix).only("pk", "code", "name")
    chosen = list(scope_projects(user, tree.filter(pk__in=selected))) if selected else []
    recent = scope_projects(user, tree.exclude(pk__in=selected)).order_by("-id")[:OPTIONS]
    return chosen + list(recent)


def _directive_task_options(user, root, selected) -> list[Task]:
    tree = (Task.objects.filter(directive__issuer__path__startswith=root.tree_prefix)
            .select_related("directive").only("pk", "content", "directive__number"))
    chosen = list(scope_tasks(user, tree.filter(pk__in=selected))) if selected else []
    recent = scope_tasks(user, tree.exclude(pk__in=selected)).order_by("-id")[:OPTIONS]
    return chosen + list(recent)


def _ids(values) -> list[int]:
    return [int(v) for v in values or [] if str(v).strip().isdigit()]


def _selected(request, initial: dict, name: str) -> list[int]:
    return _ids(request.POST.getlist(name)) if request.method == "POST" else list(initial.get(name) or [])


# ---------------------------------------------------------- progress view ----

def _unit_filter(request, user, tasks):
    """Units the filter offers (of the trees of the tasks, within the user's scope) and the one picked."""
    prefixes = {t.root_unit.tree_prefix for t in tasks} if tasks else set()
    if not prefixes:
        return [], None
    units = list(access.scope_units(user, Unit.objects.filter(path__startswith=sorted(prefixes)[0]))
                 .exclude(parent=None).order_by("path").only("pk", "name", "path"))
    picked = str(request.GET.get("don-vi", "")).strip()
    unit = next((u for u in units if str(u.pk) == picked), None)
    return units, unit


def _grouped(tasks, counts, own):
    groups: dict[str, list] = {}
    for task in tasks:
        groups.setdefault(task.group or NO_GROUP, []).append(
            {"task": task, "counts": counts.get(task.pk, EMPTY), "own": own.get(task.pk)})
    return list(groups.items())


def _filters_text(group: str, unit) -> str:
    parts = [f"nhóm: {group}" if group else "", f"đơn vị: {unit.name}" if unit else ""]
    return ", ".join(p for p in parts if p)


@login_required
def index(request):
    user = request.user
    tasks_qs = scope_key_tasks(user).select_related("lead_unit", "root_unit")
    group = str(request.GET.get("nhom", "")).strip()
    groups = sorted(set(scope_key_tasks(user).exclude(group="").values_list("group", flat=True)))
    if group:
        tasks_qs = tasks_qs.filter(group=group)
    tasks = list(tasks_qs.order_by("root_unit", "number"))
    units, unit = _unit_filter(request, user, tasks)
    statuses = scope_key_task_statuses(user, KeyTaskStatus.objects.filter(task__in=[t.pk for t in tasks]))
    if unit is not None:
        statuses = statuses.filter(unit__path__startswith=unit.path)
    counts = task_counts(statuses)
    wide = user.role in access.WIDE_ROLES
    if wide and request.GET.get("xuat") == "xlsx":
        return _export(request, tasks, statuses, counts, _filters_text(group, unit))
    own_unit = user.unit if user.role in access.UNIT_ROLES and user.unit_id else None
    own = {}
    if own_unit is not None:
        own = {s.task_id: s for s in KeyTaskStatus.objects.filter(task__in=[t.pk for t in tasks], unit=own_unit)}
    view = "ma-tran" if wide and request.GET.get("xem") == "ma-tran" else "danh-muc"
    root = root_of(user)
    return render(request, "surveys/keytasks/index.html", _ctx(
        tasks=tasks, grouped=_grouped(tasks, counts, own), groups=groups, group=group, units=units, unit=unit,
        view=view, wide=wide, own_unit=own_unit,
        rows=matrix(statuses, tasks) if view == "ma-tran" else [],
        symbols=[(SYMBOLS[p], p.label) for p in KeyTaskProgress],
        can_manage=root is not None and can_manage_key_tasks(user, root)))


def _export(request, tasks, statuses, counts, filters: str):
    rows = matrix(statuses, tasks)
    now = timezone.localtime()
    subtitle = (f"Xuất lúc {now:%H:%M} ngày {now:%d/%m/%Y} bởi {request.user.display_name}"
                + (f"; {filters}" if filters else ""))
    out = matrix_xlsx(tasks, rows, counts, subtitle)
    record_event(request.user, "survey.keytasks_exported", None,
                 data={"format": "Excel", "tasks": len(tasks), "units": len(rows), "filters": filters})
    return xlsx_download(out, f"tien-do-de-an-06-{now:%Y%m%d}.xlsx")


# ---------------------------------------------------------------- a task ----

def _task_for(request, pk) -> KeyTask:
    return get_key_task_for(request.user, pk, KeyTask.objects.select_related("lead_unit", "root_unit"))


def _status_projects(user, statuses) -> dict[int, list[Project]]:
    """{status id: the linked projects the user may read} in two queries."""
    through = KeyTaskStatus.projects.through.objects.filter(keytaskstatus_id__in=[s.pk for s in statuses])
    pairs = list(through.values_list("keytaskstatus_id", "project_id"))
    readable = {p.pk: p for p in scope_projects(user, Project.objects.filter(pk__in={p for _, p in pairs}))
                .only("pk", "code", "name")}
    out: dict[int, list[Project]] = {}
    for status_id, project_id in pairs:
        if project_id in readable:
            out.setdefault(status_id, []).append(readable[project_id])
    return out


@login_required
def detail(request, pk):
    user = request.user
    task = _task_for(request, pk)
    visible = scope_key_task_statuses(user, task.statuses.all())
    if "minh-chung" in request.GET:
        status = access.get_scoped_or_404(visible, request.GET["minh-chung"], "Không tìm thấy báo cáo của đơn vị.")
        return file_download(status.evidence_file, status.evidence_name)
    statuses = list(visible.select_related("unit", "updated_by").order_by("unit__path"))
    linked = _status_projects(user, statuses)
    for status in statuses:
        status.linked_projects = linked.get(status.pk, [])
    history = list(KeyTaskStatus.history.filter(task_id=task.pk, id__in=[s.pk for s in statuses])
                   .select_related("history_user", "unit").order_by("-history_date")[:200])
    own_unit = user.unit if user.role in access.UNIT_ROLES and user.unit_id else None
    can_report_own = (own_unit is not None and own_unit.path.startswith(task.root_unit.tree_prefix)
                      and can_report_key_task(user, own_unit))
    projects = list(scope_projects(user, task.projects.all()).only("pk", "code", "name").order_by("code"))
    directive_tasks = list(scope_tasks(user, task.directive_tasks.all()).select_related("directive").order_by("pk"))
    return render(request, "surveys/keytasks/detail.html", _ctx(
        t=task, statuses=statuses, counts=task_counts(visible).get(task.pk, EMPTY), history=history,
        projects=projects, directive_tasks=directive_tasks,
        hidden_projects=task.projects.count() - len(projects),
        hidden_directive_tasks=task.directive_tasks.count() - len(directive_tasks),
        own_unit=own_unit if can_report_own else None,
        own_reported=any(s.unit_id == getattr(own_unit, "pk", None) for s in statuses),
        can_manage=can_manage_key_tasks(user, task.root_unit),
        progress_css={"done": "kt-done", "in_progress": "kt-progress", "blocked": "kt-blocked",
                      "not_started": "kt-not-started"}))


# ------------------------------------------------------------ catalogue form ----

def _task_data(cd: dict, root) -> dict:
    lead = Unit.objects.filter(pk=cd["lead_unit"], **_tree(root)).first() if cd.get("lead_unit") else None
    return {"root_unit": root, "number": cd["number"], "name": cd["name"], "group": cd["group"],
            "principles": cd["principles"], "description": cd["description"], "lead_unit": lead,
            "deadline": cd["deadline"], "basis": cd["basis"], "projects": cd["projects"],
            "directive_tasks": cd["directive_tasks"]}


def _task_form_page(request, root, task, initial: dict):
    user = request.user
    kwargs = {
        "units": list(Unit.objects.filter(**_tree(root)).exclude(valid_to__lt=timezone.localdate())
                      .order_by("path").only("pk", "name")),
        "projects": _project_options(user, root, _selected(request, initial, "projects")),
        "directive_tasks": _directive_task_options(user, root, _selected(request, initial, "directive_tasks")),
    }
    if request.method == "POST" and "xoa" in request.POST and task is not None:
        return run_form_service(
            request, forms.Form(request.POST), lambda cd: services.delete_key_task(user, task),
            success=f"Đã xóa nhiệm vụ số {task.number} khỏi danh mục.", redirect_to=reverse("surveys:keytasks"),
            render=lambda f: _render_form(request, task, KeyTaskForm(initial=initial, **kwargs), error_list(f)))
    if request.method == "POST":
        form = KeyTaskForm(request.POST, **kwargs)
        return run_form_service(
            request, form,
            lambda cd: services.save_key_task(user, _task_data(cd, root), task=task, version=cd["version"]),
            success=lambda saved: f"Đã lưu nhiệm vụ số {saved.number}.", redirect_to=services.key_task_url,
            render=lambda f: _render_form(request, task, f, []))
    return _render_form(request, task, KeyTaskForm(initial=initial, **kwargs), [])


def _render_form(request, task, form, errors):
    non_field = list(form.non_field_errors()) if form.is_bound else []
    return render(request, "surveys/keytasks/form.html", _ctx(
        t=task, form=form, errors=non_field + list(errors), conflict=getattr(form, "conflict", False),
        reported=task.statuses.count() if task is not None else 0))


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    root = root_of(request.user)
    if root is None or not can_manage_key_tasks(request.user, root):
        raise PermissionDenied(MANAGE_REFUSAL)
    last = KeyTask.objects.filter(root_unit=root).order_by("-number").values_list("number", flat=True).first()
    return _task_form_page(request, root, None, {"number": (last or 0) + 1})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    task = _task_for(request, pk)
    if not can_manage_key_tasks(request.user, task.root_unit):
        raise PermissionDenied(MANAGE_REFUSAL)
    return _task_form_page(request, task.root_unit, task, KeyTaskForm.initial_of(task))


# ---------------------------------------------------------- a unit's report ----

@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk, unit_pk):
    user = request.user
    task = _task_for(request, pk)
    unit = Unit.objects.filter(pk=unit_pk, **_tree(task.root_unit)).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    if not can_report_key_task(user, unit):
        raise PermissionDenied(REPORT_REFUSAL)
    status = KeyTaskStatus.objects.filter(task=task, unit=unit).first()
    initial = {"progress": KeyTaskProgress.IN_PROGRESS, "percent": 0, "projects": []}
    if status is not None:
        initial = {"version": status.version, "progress": status.progress, "percent": status.percent,
                   "evidence": status.evidence, "projects": [p.pk for p in status.projects.all()]}
    options = _project_options(user, task.root_unit, _selected(request, initial, "projects"))

    def page(form):
        return render(request, "surveys/keytasks/report.html", _ctx(
            t=task, unit=unit, status=status, form=form, errors=list(form.non_field_errors()) if form.is_bound else [],
            conflict=getattr(form, "conflict", False)))

    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, projects=options)
        return run_form_service(
            request, form,
            lambda cd: services.report_key_task(user, task, unit, {
                "progress": cd["progress"], "percent": cd["percent"], "evidence": cd["evidence"],
                "projects": cd["projects"]}, version=cd["version"], upload=cd["file"]),
            success=f"Đã ghi tình hình thực hiện nhiệm vụ số {task.number} của {unit.name}.",
            redirect_to=services.key_task_url(task), render=page)
    return page(ReportForm(initial=initial, projects=options))
