"""The write pages of procurement: a project's contractor-selection plan, its packages, a
package's result, goods items, contract and payments, its cancellation and its confirmation.

Every record comes through the scoped helpers (404 outside the user's scope); who may read but
not record gets 403; every write is a service call through :func:`run_form_service` (a refusal
shows the form again with what was typed, the Vietnamese message beside the field, and nothing
written; a stale version answers 409 with the conflict message)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cds.core.errors import error_messages
from cds.core.forms import error_list, run_form_service
from cds.projects.permissions import get_project_for

from .. import services
from ..forms import (
    CancelForm,
    ConfirmForm,
    ContractForm,
    ItemsForm,
    PackageForm,
    PaymentForm,
    PlanForm,
    ResultForm,
    budget_for,
)
from ..models import Contract, ContractPayment, Package, SelectionPlan
from ..permissions import can_confirm, can_record, get_package_for, get_plan_for

REFUSED = "Bạn không có quyền ghi thông tin đấu thầu của nhiệm vụ/dự án này."
NAV = "procurement"


def _package_url(package) -> str:
    return reverse("procurement:package", args=[package.pk])


def _plan_url(plan) -> str:
    return reverse("procurement:plan", args=[plan.pk])


def _recorded(user, project) -> None:
    if not can_record(user, project):
        raise PermissionDenied(REFUSED)


def _package(user, pk) -> Package:
    package = get_package_for(user, pk, Package.objects.select_related(
        "plan", "project", "unit", "contractor", "funding_source"))
    _recorded(user, package.project)
    return package


def _page(request, template, form, **ctx):
    if form.is_bound:
        form.mark_invalid()
    return render(request, f"procurement/{template}", {"nav": NAV, "form": form, "errors": error_list(form)
                                                       if form.is_bound else [], **ctx})


# ------------------------------------------------------------------ plans

@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, project_pk):
    user = request.user
    project = get_project_for(user, project_pk)
    _recorded(user, project)

    def page(f):
        return _page(request, "form_plan.html", f, project=project, plan=None)

    if request.method == "GET":
        return page(PlanForm(initial={"budget": budget_for(project)}))
    form = PlanForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.create_plan(user, project, form.data_for_service()),
        success="Đã ghi kế hoạch lựa chọn nhà thầu. Thêm các gói thầu của kế hoạch.", redirect_to=_plan_url,
        render=page)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    user = request.user
    plan = get_plan_for(user, pk, SelectionPlan.objects.select_related("project"))
    _recorded(user, plan.project)

    def page(f):
        return _page(request, "form_plan.html", f, project=plan.project, plan=plan)

    if request.method == "GET":
        return page(PlanForm(initial=PlanForm.initial_for(plan)))
    form = PlanForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.update_plan(user, plan, form.data_for_service(), cd.get("version")),
        success="Đã lưu kế hoạch lựa chọn nhà thầu; các gói thầu của kế hoạch cần được xác nhận lại.",
        redirect_to=_plan_url, render=page)


# ------------------------------------------------------------------ packages

@login_required
@require_http_methods(["GET", "POST"])
def package_create(request, plan_pk):
    user = request.user
    plan = get_plan_for(user, plan_pk, SelectionPlan.objects.select_related("project"))
    _recorded(user, plan.project)

    def page(f):
        return _page(request, "form_package.html", f, project=plan.project, plan=plan, package=None)

    if request.method == "GET":
        return page(PackageForm())
    form = PackageForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.create_package(user, plan, form.data_for_service()),
        success="Đã ghi gói thầu.", redirect_to=_package_url, render=page)


@login_required
@require_http_methods(["GET", "POST"])
def package_edit(request, pk):
    user = request.user
    package = _package(user, pk)

    def page(f):
        return _page(request, "form_package.html", f, project=package.project, plan=package.plan, package=package)

    if request.method == "GET":
        return page(PackageForm(initial=PackageForm.initial_for(package), used_source=package.funding_source_id))
    form = PackageForm(request.POST, used_source=package.funding_source_id)
    return run_form_service(
        request, form, lambda cd: services.update_package(user, package, form.data_for_service(), cd.get("version")),
        success="Đã lưu gói thầu.", redirect_to=_package_url, render=page)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    user = request.user
    package = _package(user, pk)

    def page(f):
        return _page(request, "form_cancel.html", f, project=package.project, plan=package.plan, package=package)

    if request.method == "GET":
        return page(CancelForm(initial={"version": package.version}))
    form = CancelForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.cancel_package(user, package, cd["reason"], cd.get("version")),
        success="Đã ghi hủy thầu.", redirect_to=_package_url, render=page)


# ------------------------------------------------------------------ result and goods items

@login_required
@require_http_methods(["GET", "POST"])
def result(request, pk):
    user = request.user
    package = _package(user, pk)

    def page(f):
        return _page(request, "form_result.html", f, project=package.project, plan=package.plan, package=package)

    if request.method == "GET":
        return page(ResultForm(initial=ResultForm.initial_for(package)))
    form = ResultForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.record_result(user, package, form.data_for_service(), cd.get("version")),
        success="Đã ghi kết quả lựa chọn nhà thầu.", redirect_to=_package_url, render=page)


@login_required
@require_http_methods(["GET", "POST"])
def items(request, pk):
    user = request.user
    package = _package(user, pk)
    current = list(package.items.all())

    def page(f):
        return _page(request, "form_items.html", f, project=package.project, plan=package.plan, package=package,
                     items=current)

    if request.method == "GET":
        return page(ItemsForm(initial=ItemsForm.initial_for(package, current)))
    form = ItemsForm(request.POST)

    def save(cd):
        try:
            return services.set_items(user, package, form.items, cd.get("version"))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "items" in exc.message_dict:
                raise ValidationError({"rows": form.line_numbers(exc.message_dict["items"])}) from None
            raise

    return run_form_service(
        request, form, save, success=lambda p: f"Đã ghi {len(form.items)} hàng hóa trúng thầu.",
        redirect_to=_package_url, render=page)


# ------------------------------------------------------------------ contract and payments

@login_required
@require_http_methods(["GET", "POST"])
def contract(request, pk):
    user = request.user
    package = _package(user, pk)
    current = Contract.objects.filter(package=package).first()

    def page(f):
        return _page(request, "form_contract.html", f, project=package.project, plan=package.plan, package=package,
                     contract=current)

    if request.method == "GET":
        return page(ContractForm(initial=ContractForm.initial_for(package, current)))
    form = ContractForm(request.POST)
    return run_form_service(
        request, form, lambda cd: services.save_contract(user, package, form.data_for_service(), cd.get("version")),
        success="Đã lưu hợp đồng.", redirect_to=_package_url(package), render=page)


@login_required
@require_http_methods(["GET", "POST"])
def payment_add(request, pk):
    user = request.user
    package = _package(user, pk)
    current = Contract.objects.filter(package=package).first()
    entries = list(services.disbursements_for(package))
    payments = (list(current.payments.select_related("entry__funding_source", "created_by"))
                if current is not None else [])

    def page(f):
        return _page(request, "form_payment.html", f, project=package.project, plan=package.plan, package=package,
                     contract=current, payments=payments, paid=sum(p.amount for p in payments),
                     has_entries=bool(entries))

    if request.method == "GET":
        return page(PaymentForm(entries=entries, initial={"version": package.version}))
    form = PaymentForm(request.POST, entries=entries)

    def save(cd):
        if current is None:
            raise ValidationError("Gói thầu chưa có hợp đồng: ghi hợp đồng trước khi gắn thanh toán.")
        return services.add_payment(user, current, form.data_for_service(), cd.get("version"))

    return run_form_service(request, form, save, success="Đã gắn thanh toán với dòng giải ngân.",
                            redirect_to=reverse("procurement:payment_add", args=[package.pk]), render=page)


@login_required
@require_POST
def payment_remove(request, pk, payment_pk):
    user = request.user
    package = _package(user, pk)
    payment = ContractPayment.objects.filter(pk=payment_pk, contract__package=package).first()
    if payment is None:
        raise Http404("Không tìm thấy khoản thanh toán.")
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.remove_payment(user, payment, form.cleaned_data.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.success(request, "Đã bỏ khoản thanh toán.")
    return redirect("procurement:payment_add", pk=package.pk)


# ------------------------------------------------------------------ confirmation

@login_required
@require_POST
def confirm(request, pk):
    """Confirm a package as it stands (maker ≠ checker): a refusal is said on the package page."""
    user = request.user
    package = get_package_for(user, pk, Package.objects.select_related("unit"))
    if not can_confirm(user, package):
        raise PermissionDenied("Bạn không có quyền xác nhận gói thầu này.")
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.confirm_package(user, package, form.cleaned_data.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.success(request, "Đã xác nhận thông tin gói thầu.")
    return redirect(_package_url(package))
