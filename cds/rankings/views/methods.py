"""Pages of the ranking's front page and of its method versions: the administrator drafts a
version (from scratch or from an earlier one), edits its criteria and weights while it is a draft
and submits it; a leader other than the one who drafted it approves it or sends it back.

Reads go through :mod:`cds.rankings.permissions` (a draft is a 404 for whoever may not read it),
changes through :mod:`cds.rankings.services`; a refusal is shown beside the form that asked, in
Vietnamese, and nothing changes."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cds.accounts import access
from cds.core.errors import ServiceError
from cds.core.forms import error_list, run_form_service

from .. import services
from ..forms import DecideForm, MethodEditForm, MethodNewForm, VersionForm
from ..models import MethodStatus, PeriodStatus
from ..permissions import can_approve, can_draft, scope_methods, scope_periods, sees_drafts
from .periods import ranking_rows

NAV = "rankings"


@login_required
def index(request):
    """The latest published period's table, the periods, the published methods."""
    user = request.user
    periods = list(scope_periods(user).select_related("method").order_by("-year", "-published_at"))
    latest = next((p for p in periods if p.status == PeriodStatus.PUBLISHED), None)
    rows = ranking_rows(user, latest, latest.method) if latest is not None else []
    methods = list(scope_methods(user).filter(status=MethodStatus.APPROVED).select_related("approved_by")
                   .order_by("root_unit_id", "-number"))
    return render(request, "rankings/index.html", {
        "nav": NAV, "latest": latest, "rows": rows, "periods": periods, "methods": methods,
        "can_draft": can_draft(user), "sees_drafts": sees_drafts(user),
        "sees_alerts": user.role in access.WIDE_ROLES})


@login_required
def methods(request):
    user = request.user
    rows = list(scope_methods(user).select_related("drafted_by", "approved_by", "based_on")
                .order_by("root_unit_id", "-number"))
    return render(request, "rankings/methods.html", {"nav": NAV, "methods": rows, "can_draft": can_draft(user)})


def _changes(method, based_on):
    """Each criterion of ``method`` beside ``based_on``'s (by code): weights side by side and
    whether its wording changed; criteria dropped since are listed too."""
    if based_on is None:
        return []
    old = {c.code: c for c in based_on.criteria.all()}
    rows = []
    for c in method.criteria.all():
        before = old.pop(c.code, None)
        rows.append({"name": c.name, "before": before.weight if before else None, "after": c.weight,
                     "diff": c.weight - (before.weight if before else 0),
                     "reworded": before is not None and (before.name, before.source, before.formula)
                     != (c.name, c.source, c.formula),
                     "added": before is None})
    for c in old.values():
        rows.append({"name": c.name, "before": c.weight, "after": None, "diff": -c.weight, "reworded": False,
                     "added": False, "dropped": True})
    return rows


def _method_page(request, method, *, errors=None, posted=None, status=200):
    user = request.user
    criteria = list(method.criteria.all())
    based_on = method.based_on
    if based_on is not None and not scope_methods(user).filter(pk=based_on.pk).exists():
        based_on = None
    is_draft, submitted = method.status == MethodStatus.DRAFT, method.status == MethodStatus.SUBMITTED
    response = render(request, "rankings/method.html", {
        "nav": NAV, "method": method, "criteria": criteria, "total": sum(c.weight for c in criteria),
        "target": services.TOTAL_WEIGHT, "based_on": based_on, "changes": _changes(method, based_on),
        "periods": list(scope_periods(user).filter(method=method).order_by("-year")),
        "can_edit": can_draft(user) and is_draft, "can_decide": can_approve(user) and submitted,
        "decide_form": DecideForm(posted) if posted is not None else DecideForm(),
        "errors": errors or {}})
    response.status_code = status
    return response


@login_required
def method_detail(request, pk):
    return _method_page(request, _scoped(request, pk))


def _scoped(request, pk):
    return access.get_scoped_or_404(
        scope_methods(request.user).select_related("drafted_by", "approved_by", "based_on", "root_unit"), pk,
        "Không tìm thấy phương pháp xếp hạng.")


@login_required
@require_http_methods(["GET", "POST"])
def method_new(request):
    user = request.user
    if not can_draft(user):
        raise PermissionDenied("Chỉ quản trị hệ thống soạn phương pháp xếp hạng.")
    if not user.unit_id:
        raise PermissionDenied("Tài khoản chưa gắn với tỉnh hoặc bộ nào, không soạn được phương pháp.")
    root = user.unit.root()
    bases = list(scope_methods(user).filter(root_unit=root).order_by("-number"))
    latest_approved = next((m for m in bases if m.status == MethodStatus.APPROVED), None)
    form = MethodNewForm(request.POST or None, bases=bases,
                         initial={"based_on": latest_approved.pk if latest_approved else None})

    def page(f):
        return render(request, "rankings/method_new.html", {"nav": NAV, "form": f})

    if request.method == "GET":
        return page(form)

    def call(cd):
        based_on = None
        if cd.get("based_on"):
            based_on = next((m for m in bases if m.pk == cd["based_on"]), None)
            if based_on is None:
                raise ServiceError("Không tìm thấy phiên bản gốc đã chọn.")
        return services.draft_method(user, root, title=cd["title"], description=cd.get("description") or "",
                                     based_on=based_on)

    return run_form_service(request, form, call,
                            success=lambda m: f"Đã soạn dự thảo phiên bản {m.number}. Sửa trọng số rồi trình phê duyệt.",
                            redirect_to=lambda m: reverse("rankings:method_edit", args=[m.pk]), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def method_edit(request, pk):
    user = request.user
    method = _scoped(request, pk)
    if not can_draft(user):
        raise PermissionDenied("Chỉ quản trị hệ thống sửa dự thảo phương pháp xếp hạng.")
    if method.status != MethodStatus.DRAFT:
        messages.error(request, "Chỉ sửa được phương pháp đang là dự thảo; phiên bản đã trình hoặc đã phê duyệt "
                                "không thay đổi — hãy soạn phiên bản mới.")
        return redirect("rankings:method", pk=method.pk)
    criteria = list(method.criteria.all())
    form = MethodEditForm(request.POST or None, criteria=criteria, initial={
        "title": method.title, "description": method.description, "version": method.version})

    def page(f):
        return render(request, "rankings/method_edit.html", {
            "nav": NAV, "method": method, "form": f, "target": services.TOTAL_WEIGHT,
            "total": sum(c.weight for c in criteria), "errors": error_list(f) if f.is_bound else []})

    if request.method == "GET":
        return page(form)
    return run_form_service(
        request, form, lambda cd: services.update_method(user, method, version=cd.get("version"), title=cd["title"],
                                                         description=cd.get("description") or "",
                                                         criteria=form.rows()),
        success=lambda m: f"Đã lưu dự thảo (tổng trọng số {m.total_weight} điểm).",
        redirect_to=reverse("rankings:method", args=[method.pk]), render=page)


def _run_on_method(request, method, form, call, success, form_id):
    return run_form_service(request, form, call, success=success,
                            redirect_to=reverse("rankings:method", args=[method.pk]),
                            render=lambda f: _method_page(request, method, errors={form_id: error_list(f)},
                                                          posted=request.POST if form_id == "decide" else None))


@login_required
@require_POST
def method_submit(request, pk):
    method = _scoped(request, pk)
    return _run_on_method(request, method, VersionForm(request.POST),
                          lambda cd: services.submit_method(request.user, method, version=cd.get("version")),
                          "Đã trình lãnh đạo phê duyệt phương pháp xếp hạng.", "submit")


@login_required
@require_POST
def method_decide(request, pk):
    method = _scoped(request, pk)
    return _run_on_method(
        request, method, DecideForm(request.POST),
        lambda cd: services.decide_method(request.user, method, version=cd.get("version"),
                                          approve=cd["decision"] == "approve", note=cd.get("note") or ""),
        lambda m: ("Đã phê duyệt, công bố phương pháp xếp hạng phiên bản "
                   f"{m.number}.") if m.is_approved else "Đã trả lại dự thảo để soạn lại.", "decide")
