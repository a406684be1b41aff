"""The directives: their list, registering and editing one, its page with the tasks it assigns,
and the extraction assistant that proposes those tasks from the directive's text."""
from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.core.errors import ServiceError, error_messages
from cds.core.forms import error_list, run_form_service
from cds.core.uploads import file_download
from cds.orgs.models import Unit

from .. import selectors, services
from ..extract import MAX_CHARS as MAX_EXTRACT_CHARS
from ..forms import (
    ROW_KEYS,
    AssistantForm,
    DirectiveForm,
    DirectiveSearchForm,
    TaskForm,
)
from ..models import DeadlineKind, DirectiveKind
from ..permissions import (
    can_issue_for,
    can_manage_directive,
    can_register_directives,
    get_directive_for,
)
from .base import directive_for, managed_directive, page_context, tree_units

ROW_ERROR_RE = re.compile(r"^Dòng (\d+): (.*)$", re.S)


@login_required
def directive_list(request):
    q = DirectiveSearchForm(request.GET).query()
    page = Paginator(selectors.directive_list(request.user, q), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_task_counts(request.user, page.object_list)
    return render(request, "directives/directives.html", page_context(request, "directives", page=page, rows=rows, q=q))


def _issuers(user) -> list[Unit]:
    """Units the user may register a directive for: their own unit (unit users), every unit of
    their tree (CĐS agency, admins)."""
    if access.has_role(user, *access.UNIT_ROLES):
        qs = Unit.objects.filter(pk=user.unit_id)
    else:
        qs = access.scope_units(user, Unit.objects.all()).order_by("path")
    return [u for u in qs if can_issue_for(user, u)]


def _directive_form(request, *, directive=None, posted, errors=(), conflict=False):
    return render(request, "directives/directive_form.html", page_context(
        request, "directives", d=directive, posted=posted, issuers=_issuers(request.user),
        kinds=DirectiveKind.choices, errors=list(errors), conflict=conflict,
    ))


def _refused_directive_form(request, directive=None):
    return lambda form: _directive_form(request, directive=directive, posted=request.POST, errors=error_list(form),
                                        conflict=form.conflict)


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request):
    user = request.user
    if not can_register_directives(user):
        raise PermissionDenied("Bạn không có quyền nhập văn bản chỉ đạo.")
    if request.method == "POST":
        form = DirectiveForm(request.POST, request.FILES)
        return run_form_service(
            request, form, lambda cd: services.create_directive(user, form.directive_data(), cd["file"]),
            success=lambda d: (f"Đã nhập văn bản số {d.number}. Kiểm tra các nhiệm vụ hệ thống đề xuất từ toàn văn "
                               "rồi lưu." if d.full_text else f"Đã nhập văn bản số {d.number}. Thêm các nhiệm vụ "
                               "được giao."),
            redirect_to=lambda d: (reverse("directives:assistant", args=[d.pk]) if d.full_text
                                   else services.directive_url(d)),
            render=_refused_directive_form(request))
    if access.has_role(user, *access.UNIT_ROLES):
        default = user.unit_id
    else:
        default = user.unit.root_pk if user.unit_id else ""
    return _directive_form(request, posted={"kind": DirectiveKind.CONG_VAN, "issuer": str(default)})


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    user = request.user
    directive = managed_directive(request, pk)
    if request.method == "POST":
        form = DirectiveForm(request.POST, request.FILES)
        return run_form_service(
            request, form, lambda cd: services.update_directive(user, directive, form.directive_data(),
                                                                version=cd["version"], upload=cd["file"]),
            success="Đã lưu văn bản.", redirect_to=services.directive_url,
            render=_refused_directive_form(request, directive))
    posted = {
        "kind": directive.kind, "number": directive.number, "issued_on": f"{directive.issued_on:%d/%m/%Y}",
        "issuer": str(directive.issuer_id), "signer": directive.signer, "title": directive.title,
        "full_text": directive.full_text, "version": str(directive.version),
    }
    return _directive_form(request, directive=directive, posted=posted)


def _render_directive(request, directive, status=200, **extra):
    user = request.user
    ctx = page_context(request, "directives", d=directive, **selectors.directive_page(user, directive))
    ctx.update(can_manage=can_manage_directive(user, directive), errors={}, tv=TaskForm.values_of(),
               open_add=False)
    if ctx["can_manage"]:
        ctx.update(units=tree_units(user, directive), deadline_kinds=DeadlineKind.choices)
    ctx.update(extra)
    return render(request, "directives/directive.html", ctx, status=status)


@login_required
def directive_detail(request, pk):
    return _render_directive(request, directive_for(request, pk))


@login_required
def directive_file(request, pk):
    directive = get_directive_for(request.user, pk)
    return file_download(directive.file, directive.file_name)


@login_required
@require_POST
def task_create(request, pk):
    directive = managed_directive(request, pk)
    form = TaskForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.add_task(request.user, directive, form.task_data()),
        success=lambda task: f"Đã thêm nhiệm vụ: {task.content[:120]}",
        redirect_to=f"{services.directive_url(directive)}#tasks",
        render=lambda f: _render_directive(request, directive, errors={"add_task": error_list(f)},
                                           tv=f.typed_values(), open_add=True))


# ---------------------------------------------------------------- assistant ----

def _row_from_assignment(a) -> dict:
    leads = [i for i in (getattr(a, "lead_unit_ids", None) or [a.lead_unit_id]) if i]
    return {
        "keep": True, "content": a.task or "", "lead_units": leads, "lead_text": a.lead or "",
        "coordinating_units": [i for i in a.coordinating_unit_ids or [] if i],
        "coordinating_text": ", ".join(a.coordinating or []),
        "deadline_kind": str(a.deadline_kind or DeadlineKind.DATE),
        "deadline": f"{a.deadline:%d/%m/%Y}" if a.deadline else "", "deadline_text": a.deadline_text or "",
        "responsible": a.responsible or "", "expected_product": "", "warnings": list(a.warnings or []), "errors": [],
    }


def _place_row_errors(msgs: list[str], rows: list[dict], kept: list[int]) -> list[str]:
    """The service numbers the rows it was given ("Dòng 2" = the second kept card); put each
    message on its card and number it as the cards are numbered on the page."""
    out = []
    for msg in msgs:
        m = ROW_ERROR_RE.match(msg)
        if m and 1 <= int(m.group(1)) <= len(kept):
            index = kept[int(m.group(1)) - 1]
            rows[index]["errors"].append(m.group(2))
            out.append(f"Dòng {index + 1}: {m.group(2)}")
        else:
            out.append(msg)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def assistant(request, pk):
    """Propose the tasks of a directive from its text; the user corrects, keeps or drops each
    proposal, and the kept ones are saved together (all or nothing)."""
    user = request.user
    directive = managed_directive(request, pk)

    def page(text, rows=None, errors=(), status=200):
        return render(request, "directives/assistant.html", page_context(
            request, "directives", d=directive, text=text, rows=rows, errors=list(errors),
            max_chars=MAX_EXTRACT_CHARS, units=tree_units(user, directive) if rows else [],
            deadline_kinds=DeadlineKind.choices,
        ), status=status)

    if request.method == "GET":
        return page(directive.full_text)
    form = AssistantForm(request.POST)
    text = request.POST.get("text", "")
    if not form.is_valid():
        return page(text, errors=error_list(form), status=400)
    if form.cleaned_data["action"] == "extract":
        try:
            rows = [_row_from_assignment(a) for a in services.propose_assignments(user, directive, text)]
        except ServiceError as exc:
            return page(text, errors=error_messages(exc), status=400)
        return page(text, rows)
    rows = form.cards()
    kept = [i for i, row in enumerate(rows) if row["keep"]]
    return run_form_service(
        request, form,
        lambda cd: services.save_assignments(user, directive, [{k: rows[i][k] for k in ROW_KEYS} for i in kept]),
        success=lambda tasks: f"Đã lưu {len(tasks)} nhiệm vụ.",
        redirect_to=f"{services.directive_url(directive)}#tasks",
        render=lambda f: page(text, rows, _place_row_errors(error_list(f), rows, kept)))
