"""Reading pages of procurement oversight: the list of packages with its figures and its Excel
export, a package (plan, result, items, contract, payments, warnings, confirmation, history), a
selection plan, a contractor (its packages within the reader's scope only) and the rule data.
Every record comes through the scoped helpers of :mod:`cds.procurement.permissions` (404 outside
the reader's scope); nothing here writes but the audit event of an export."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cds.accounts import access
from cds.accounts.models import Role
from cds.audit.history import build_history
from cds.catalog.models import FundingSource, Programme
from cds.core.db import KeysFirst
from cds.core.uploads import xlsx_download
from cds.orgs.models import Unit
from cds.projects.views.pages import unit_options

from .. import exporter, selectors
from ..evidence import attach_rows
from ..models import (
    AwardItem,
    Contract,
    Contractor,
    ContractPayment,
    Field,
    LawVersion,
    Method,
    Package,
    SelectionPlan,
    Setting,
)
from ..permissions import can_confirm, can_import, can_record, get_package_for, get_plan_for, scope_packages
from ..waiting import waiting_context

NAV = "procurement"


@login_required
def index(request):
    user = request.user
    flt = selectors.PackageFilter.from_params(request.GET)
    for problem in flt.errors:
        messages.warning(request, problem)
    qs = selectors.filter_packages(user, flt)
    today = timezone.localdate()
    paginator = Paginator(KeysFirst(qs, selectors.list_rows), selectors.PAGE_SIZE)
    if selectors.answers_from_rollups(user, flt):
        figures, methods, warnings_by_code = selectors.rollup_figures(user, flt)
    else:
        figures, methods = selectors.figures_and_methods(qs, today)
        warnings_by_code = selectors.warning_counts(qs)
        # the figures counted the rows: the paginator need not count them again
        paginator.__dict__["count"] = figures["count"]
    page = paginator.get_page(request.GET.get("page"))
    ctx = {
        "nav": NAV, "flt": flt, "page": page, "rows": selectors.with_warnings(page.object_list), "today": today,
        "figures": figures, "methods": methods, "bars": [m for m in methods if m["awarded_price"]],
        "warnings_by_code": warnings_by_code,
        "unit_options": unit_options(user, flt.unit), "fields": Field.choices, "method_choices": Method.choices,
        "warning_choices": selectors.warning_choices(), "years": selectors.year_choices(user),
        "programmes": Programme.objects.all(), "sources": FundingSource.objects.all(),
        "may_import": can_import(user), **waiting_context(request),
    }
    return render(request, "procurement/index.html", ctx)


@login_required
def export(request):
    """The list as an Excel file: the same filters read the same way, the same rows in the same
    order, every column and each warning's text and citation."""
    flt = selectors.PackageFilter.from_params(request.GET)
    out, _count, filename = exporter.export_packages(request.user, flt)
    return xlsx_download(out, filename)


# ------------------------------------------------------------------ a package

BOOKKEEPING = {"changed_by", "changed_at", "checked_at", "created_by", "created_at"}


def _history(package, contract):
    sources = [(Package, Package.history.filter(id=package.pk).select_related("history_user"),
                lambda r: "Thông tin gói thầu"),
               (AwardItem, AwardItem.history.filter(package_id=package.pk).select_related("history_user"),
                lambda r: f"Hàng hóa trúng thầu: {r.name}")]
    if contract is not None:
        sources += [(Contract, Contract.history.filter(id=contract.pk).select_related("history_user"),
                     lambda r: f"Hợp đồng số {r.number}"),
                    (ContractPayment, ContractPayment.history.filter(contract_id=contract.pk)
                     .select_related("history_user"), lambda r: "Thanh toán hợp đồng")]
    rows = build_history(sources)
    for row in rows:   # who changed and who confirmed are shown on the page itself
        row.changes = [c for c in row.changes if c.field not in BOOKKEEPING]
        for c in row.changes:
            if c.field == "checked_by":
                c.label = "Người xác nhận"
    return [r for r in rows if r.changes or r.action != "Sửa"]


@login_required
def package_detail(request, pk):
    user = request.user
    package = get_package_for(user, pk, Package.objects.select_related(
        "plan", "project", "project__investor_unit", "unit", "contractor", "funding_source", "checked_by",
        "changed_by", "created_by"))
    package = selectors.with_warnings([package])[0]
    attach_rows(user, package.warning_list)
    contract = exporter.contract_of(package)
    payments = list(contract.payments.select_related("entry", "entry__funding_source")) if contract else []
    paid = sum(p.amount for p in payments)
    today = timezone.localdate()
    recorder = can_record(user, package.project)
    items = list(package.items.all())
    for item in items:
        item.amount = int((item.quantity * item.unit_price).to_integral_value())
    ctx = {
        "nav": NAV, "package": package, "plan": package.plan, "project": package.project,
        "law": LawVersion.for_date(package.law_date), "items": items,
        "items_total": sum(i.amount for i in items),
        "contract": contract, "payments": payments, "paid": paid,
        "unpaid": (contract.value - paid) if contract else None,
        "over_paid": (paid - contract.value) if contract and paid > contract.value else 0,
        "state": exporter.state_label(package, today), "history": _history(package, contract),
        "can_record": recorder and not package.cancelled, "can_record_any": recorder,
        "can_confirm": can_confirm(user, package) and not package.is_checked,
        "maker_is_me": package.changed_by_id == user.pk,
    }
    return render(request, "procurement/package_detail.html", ctx)


@login_required
def plan_detail(request, pk):
    user = request.user
    plan = get_plan_for(user, pk, SelectionPlan.objects.select_related("project", "project__investor_unit",
                                                                        "created_by"))
    packages = plan.packages.all()
    ctx = {
        "nav": NAV, "plan": plan, "project": plan.project, "today": timezone.localdate(),
        "rows": selectors.with_warnings(selectors.list_rows(packages).order_by("selection_start", "id")),
        "figures": selectors.figures(packages), "can_record": can_record(user, plan.project),
    }
    return render(request, "procurement/plan_detail.html", ctx)


@login_required
def contractor_detail(request, pk):
    """A contractor and the packages it won that the reader may read — a contractor with none
    of them is not shown (404), and the figures count those packages only."""
    user = request.user
    scoped = scope_packages(user, Package.objects.all())
    contractor = Contractor.objects.filter(pk=pk, packages__in=scoped.values("pk")).distinct().first() \
        if str(pk).isdigit() else None
    if contractor is None:
        raise Http404("Không tìm thấy nhà thầu.")
    packages = scoped.filter(contractor=contractor)
    paginator = Paginator(KeysFirst(packages.order_by("-awarded_on", "-id"), selectors.list_rows), selectors.PAGE_SIZE)
    figures = selectors.figures(packages)
    paginator.__dict__["count"] = figures["count"]
    page = paginator.get_page(request.GET.get("page"))
    units = selectors.by_unit(packages)
    ctx = {"nav": NAV, "contractor": contractor, "page": page, "rows": selectors.with_warnings(page.object_list),
           "figures": figures, "units": units, "today": timezone.localdate()}
    return render(request, "procurement/contractor_detail.html", ctx)


# ------------------------------------------------------------------ rule data

def _root_id(user) -> int | None:
    unit = user.unit if user.unit_id else None
    first = unit.path.strip("/").split("/")[0] if unit and unit.path else ""
    return int(first) if first.isdigit() else None


@login_required
def rules(request):
    """The law versions with their dates and citations, the limits of each method under each,
    the warning cut-offs (defaults and the reader's province's own). Administrators also see
    whether each row was checked against the text."""
    user = request.user
    laws = list(LawVersion.objects.prefetch_related("method_rules"))
    root = _root_id(user)
    settings_rows = list(Setting.objects.filter(root_unit__isnull=True).order_by("code"))
    own = {s.code: s for s in Setting.objects.filter(root_unit_id=root)} if root else {}
    for s in settings_rows:
        s.own = own.pop(s.code, None)
    extra = sorted(own.values(), key=lambda s: s.code)
    current = LawVersion.for_date(timezone.localdate())
    ctx = {"nav": NAV, "laws": laws, "current": current, "settings_rows": settings_rows, "extra_settings": extra,
           "can_admin": access.has_role(user, Role.ADMIN),
           "root": Unit.objects.filter(pk=root).only("name").first() if root else None}
    return render(request, "procurement/rules.html", ctx)

