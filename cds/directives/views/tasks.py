"""A task's page: its progress reports with evidence, extension requests and the issuer's
decision on them, and the issuer's edit and delete."""
from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.projects.models import Project
from cds.projects.permissions import scope_projects

from .. import selectors, services
from ..forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    TaskForm,
)
from ..models import (
    DeadlineKind,
    ExtensionRequest,
    ExtensionStatus,
    Progress,
    ProgressReport,
)
from ..permissions import (
    can_decide_extension,
    can_manage_directive,
    can_report_task,
    can_request_extension,
    get_task_for,
)
from ..status import FIVE_R
from .base import allowed_task, page_context, task_for, tree_units

PROJECT_OPTIONS = 300        # projects offered when linking a task (most recent first)


def _render_task(request, task, status=200, **extra):
    user = request.user
    ctx = page_context(request, "tasks", t=task, **selectors.task_page(user, task))
    open_task = task.progress != Progress.DONE
    missing = set(filter(None, task.missing_5r.split(",")))
    ctx.update({
        "can_report": open_task and can_report_task(user, task),
        "can_request": (open_task and task.deadline is not None and not task.extension_pending
                        and can_request_extension(user, task)),
        "can_decide": ctx["pending_extension"] is not None and can_decide_extension(user, task),
        "can_manage": open_task and can_manage_directive(user, task.directive),
        "five_r_rows": [(label, code not in missing) for code, label in FIVE_R.items()],
        "errors": {}, "posted": {}, "conflict": False,
    })
    ctx.update(extra)
    return render(request, "directives/task.html", ctx, status=status)


def _run(request, task, form_id: str, form, call, success):
    """One of the task page's forms: success → flash and back to the page; a bad form or a
    refusal → the page again with the message beside that form, typed values kept."""
    return run_form_service(
        request, form, call, success=success, redirect_to=f"{services.task_url(task)}#{form_id}",
        render=lambda f: _render_task(request, task_for(request, task.pk), errors={form_id: error_list(f)},
                                      posted=request.POST, conflict=f.conflict))


@login_required
def task_detail(request, pk):
    return _render_task(request, task_for(request, pk))


@login_required
@require_POST
def task_report(request, pk):
    task = allowed_task(request, pk, can_report_task, "Chỉ đơn vị chủ trì được báo cáo tiến độ nhiệm vụ này.")
    form = ProgressReportForm(request.POST, request.FILES)
    return _run(request, task, "report", form,
                lambda cd: services.report_progress(request.user, task, percent=cd["percent"], content=cd["content"],
                                                    completes=cd["completes"], upload=cd["evidence"],
                                                    version=cd["version"]),
                lambda report: "Đã gửi báo cáo hoàn thành." if report.completes else "Đã gửi báo cáo tiến độ.")


@login_required
@require_POST
def task_extension(request, pk):
    task = allowed_task(request, pk, can_request_extension, "Chỉ lãnh đạo đơn vị chủ trì được đề nghị gia hạn.")
    return _run(request, task, "extension", ExtensionRequestForm(request.POST),
                lambda cd: services.request_extension(request.user, task, proposed=cd["proposed"],
                                                      reason=cd["reason"]),
                "Đã gửi đề nghị gia hạn; chờ cơ quan giao nhiệm vụ quyết định.")


@login_required
@require_POST
def extension_decide(request, pk, req_id):
    task = allowed_task(request, pk, can_decide_extension, "Chỉ cơ quan giao nhiệm vụ được quyết định gia hạn.")
    req = get_object_or_404(ExtensionRequest, pk=req_id, task=task)
    return _run(request, task, "decide", ExtensionDecisionForm(request.POST),
                lambda cd: services.decide_extension(request.user, req, approve=cd["decision"] == "approve",
                                                     note=cd["note"]),
                lambda decided: "Đã đồng ý gia hạn." if decided.status == ExtensionStatus.APPROVED
                else "Đã ghi ý kiến không đồng ý gia hạn.")


@login_required
def report_evidence(request, pk, report_id):
    task = get_task_for(request.user, pk)
    report = get_object_or_404(ProgressReport, pk=report_id, task=task)
    return file_download(report.evidence, report.evidence_name)


def _project_options(user, task, selected: list[int]) -> list[Project]:
    """Projects of the issuer's tree the user may read: the linked ones and the most recent."""
    tree = Project.objects.filter(investor_unit__path__startswith=task.directive.issuer.tree_prefix)
    fields = ("pk", "code", "name")
    chosen = list(scope_projects(user, tree.filter(pk__in=selected)).only(*fields)) if selected else []
    recent = scope_projects(user, tree.exclude(pk__in=selected)).order_by("-id").only(*fields)[:PROJECT_OPTIONS]
    return chosen + list(recent)


def _task_form(request, task, *, values, errors=(), conflict=False):
    user = request.user
    return render(request, "directives/task_form.html", page_context(
        request, "tasks", t=task, tv=values, errors=list(errors), conflict=conflict,
        units=tree_units(user, task.directive), deadline_kinds=DeadlineKind.choices,
        project_options=_project_options(user, task, values["projects"]),
    ))


def _issuer_task(request, pk, refusal: str):
    return allowed_task(request, pk, lambda u, t: can_manage_directive(u, t.directive), refusal)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = _issuer_task(request, pk, "Chỉ cơ quan ban hành văn bản được sửa nhiệm vụ.")
    if request.method == "POST":
        form = TaskForm(request.POST)
        return run_form_service(
            request, form, lambda cd: services.update_task(request.user, task, form.task_data(), version=cd["version"]),
            success="Đã lưu nhiệm vụ.", redirect_to=services.task_url,
            render=lambda f: _task_form(request, task, values=f.typed_values(), errors=error_list(f),
                                        conflict=f.conflict))
    return _task_form(request, task, values=TaskForm.values_of(task))


@login_required
@require_POST
def task_delete(request, pk):
    task = _issuer_task(request, pk, "Chỉ cơ quan ban hành văn bản được xóa nhiệm vụ.")
    directive = task.directive
    return run_form_service(
        request, forms.Form(request.POST), lambda cd: services.delete_task(request.user, task),
        success="Đã xóa nhiệm vụ.", redirect_to=f"{services.directive_url(directive)}#tasks",
        render=lambda f: _task_form(request, task, values=TaskForm.values_of(task), errors=error_list(f)))
