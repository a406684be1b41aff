"""Writes of procurement records: one transaction each, the actor explicit, access checked, an
audit event written, the unit's warnings rebuilt (:func:`cds.procurement.signals.refresh_units`).

plan: create → edit
package: create → edit → record the result (contractor, awarded price, bidders, items) → contract
    → payments (shares of the ledger's disbursement lines) → confirm (not by its last maker);
    a package may be cancelled with a reason. Every change clears the confirmation.

Values arrive as the user typed them (forms, the API and the import share these functions) and
are read here: money in whole đồng, dates dd/mm/yyyy, identifiers in the national system's form.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cds.audit.services import record_event
from cds.catalog.models import FundingSource
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import saved
from cds.core.validation import clean_text, parse_date, parse_money
from cds.estimates import services as estimate_services
from cds.estimates.keys import item_key
from cds.projects.models import BudgetEntry, Stage
from cds.text.format import format_vnd
from cds.text.normalize import search_document

from . import signals
from .models import (
    AwardItem,
    Budget,
    Contract,
    Contractor,
    ContractPayment,
    ContractType,
    Field,
    Method,
    Mode,
    Package,
    SelectionPlan,
    Source,
)
from .permissions import can_confirm, can_record

PLAN_CODE = re.compile(r"PL[0-9]{10}", re.ASCII)
NOTICE_CODE = re.compile(r"(IB[0-9]{10})(?:-[0-9]{2})?", re.ASCII)
TAX_CODE = re.compile(r"[0-9]{10}(?:-[0-9]{3})?", re.ASCII)
MAX_BIDDERS = 1000
MAX_DAYS = 3650
MAX_ITEMS = 2000



def _refuse(actor, project) -> None:
    if not can_record(actor, project):
        raise PermissionDenied("Bạn không có quyền ghi thông tin đấu thầu của nhiệm vụ/dự án này.")


class Reader:
    """Collects field errors while reading a dict of typed values; :meth:`done` raises them all."""

    def __init__(self, data: dict):
        self.data = data or {}
        self.errors: dict[str, str] = {}

    def _guard(self, name, fn):
        try:
            return fn()
        except ServiceError as exc:
            self.errors[name] = exc.messages[0]
            return None

    def text(self, name, label, *, required=False, limit=500, multiline=False) -> str:
        return self._guard(name, lambda: clean_text(self.data.get(name) or "", label, required=required,
                                                    limit=limit, multiline=multiline)) or ""

    def money(self, name, label, *, required=False) -> int | None:
        return self._guard(name, lambda: parse_money(self.data.get(name), label, required=required))

    def date(self, name, label, *, required=False) -> dt.date | None:
        return self._guard(name, lambda: parse_date(self.data.get(name), label, required=required))

    def choice(self, name, label, choices, *, required=True, default="") -> str:
        raw = self.data.get(name)
        raw = "" if raw is None else str(raw).strip()
        if not raw:
            if required and not default:
                self.errors[name] = f"Chưa chọn {label}."
            return default
        if raw not in choices.values:
            self.errors[name] = f"{label.capitalize()} không hợp lệ."
            return default
        return raw

    def integer(self, name, label, *, maximum, minimum=0) -> int | None:
        raw = self.data.get(name)
        if raw in (None, ""):
            return None
        text = str(raw).strip()
        if isinstance(raw, bool) or not (isinstance(raw, int) or (text.isascii() and text.isdigit())):
            self.errors[name] = f"{label.capitalize()} phải là số nguyên không âm."
            return None
        value = int(text)
        if not minimum <= value <= maximum:
            self.errors[name] = f"{label.capitalize()} phải trong khoảng {minimum}–{maximum}."
            return None
        return value

    def flag(self, name) -> bool:
        raw = self.data.get(name)
        if isinstance(raw, bool):
            return raw
        return str(raw or "").strip().lower() in ("1", "true", "on", "yes", "có", "x")

    def code(self, name, label, pattern, example) -> str:
        raw = str(self.data.get(name) or "").strip().upper().replace(" ", "")
        if not raw:
            return ""
        match = pattern.fullmatch(raw) if raw.isascii() else None
        if not match:
            self.errors[name] = f"{label} không đúng dạng (ví dụ {example})."
            return ""
        return match.group(1) if match.groups() else raw

    def done(self) -> None:
        if self.errors:
            raise ServiceError(self.errors)


def notice_base(code: str) -> str:
    """A notice code without its version suffix ("IB2400035288-01" → "IB2400035288"): versions
    of one notice are one package. "" when ``code`` is not a notice code."""
    raw = (code or "").strip().upper().replace(" ", "")
    match = NOTICE_CODE.fullmatch(raw) if raw.isascii() else None
    return match.group(1) if match else ""


def _funding_source(value, errors: dict):
    if value in (None, ""):
        return None
    if isinstance(value, FundingSource):
        return value
    try:
        return FundingSource.objects.get(pk=int(value))
    except (FundingSource.DoesNotExist, TypeError, ValueError):
        errors["funding_source"] = "Nguồn vốn không có trong danh mục."
        return None



def _touch(package, actor) -> None:
    """A change: the confirmation falls, the version moves on, the maker is recorded."""
    package.changed_by = actor
    package.changed_at = timezone.now()
    package.checked_by = None
    package.checked_at = None
    package.version += 1


def _after(package_units) -> None:
    signals.refresh_units(package_units)


# ------------------------------------------------------------------ plans

def _plan_values(data) -> tuple[dict, Reader]:
    r = Reader(data)
    values = dict(
        name=r.text("name", "tên kế hoạch lựa chọn nhà thầu", required=True),
        plan_code=r.code("plan_code", "Mã KHLCNT", PLAN_CODE, "PL2400012345"),
        decision_number=r.text("decision_number", "số quyết định phê duyệt", limit=80),
        decision_date=r.date("decision_date", "ngày phê duyệt"),
        approver=r.text("approver", "người/cơ quan phê duyệt", limit=255),
        budget=r.choice("budget", "nguồn mua sắm", Budget, default=Budget.PROJECT),
    )
    return values, r


def _unique_plan_code(code: str, exclude: int | None = None) -> None:
    if code and SelectionPlan.objects.filter(plan_code=code).exclude(pk=exclude).exists():
        raise ServiceError({"plan_code": f"Mã KHLCNT {code} đã có trong hệ thống."})


@transaction.atomic
def create_plan(actor, project, data: dict, *, source: str = Source.MANUAL) -> SelectionPlan:
    _refuse(actor, project)
    values, r = _plan_values(data)
    r.done()
    _unique_plan_code(values["plan_code"])
    plan = saved(SelectionPlan(project=project, source=source, created_by=actor, **values), actor)
    record_event(actor, "procurement.plan_created", plan, data={"project": project.code, "name": plan.name,
                                                                "plan_code": plan.plan_code})
    return plan


@transaction.atomic
def update_plan(actor, plan: SelectionPlan, data: dict, version=None) -> SelectionPlan:
    plan = SelectionPlan.objects.select_for_update().select_related("project").get(pk=plan.pk)
    _refuse(actor, plan.project)
    check_version(plan, version)
    values, r = _plan_values(data)
    r.done()
    _unique_plan_code(values["plan_code"], plan.pk)
    changed = [k for k, v in values.items() if getattr(plan, k) != v]
    for k, v in values.items():
        setattr(plan, k, v)
    plan.version += 1
    saved(plan, actor)
    if changed:
        packages = Package.objects.filter(plan=plan)
        for package in packages:
            _touch(package, actor)
            package.budget = plan.budget if "budget" in changed else package.budget
        Package.objects.bulk_update(packages, ["changed_by", "changed_at", "checked_by", "checked_at", "version",
                                               "budget"])
        _after({plan.project.investor_unit_id})
    record_event(actor, "procurement.plan_updated", plan, data={"fields": changed})
    return plan


# ------------------------------------------------------------------ packages

def _package_values(data) -> tuple[dict, Reader]:
    r = Reader(data)
    values = dict(
        name=r.text("name", "tên gói thầu", required=True),
        field=r.choice("field", "lĩnh vực", Field),
        package_price=r.money("package_price", "giá gói thầu", required=True),
        funding_source=_funding_source(data.get("funding_source"), r.errors),
        method=r.choice("method", "hình thức lựa chọn nhà thầu", Method),
        method_ground=r.text("method_ground", "căn cứ áp dụng hình thức"),
        mode=r.choice("mode", "phương thức", Mode, required=False),
        online=r.flag("online"),
        contract_type=r.choice("contract_type", "loại hợp đồng", ContractType, required=False),
        duration_days=r.integer("duration_days", "thời gian thực hiện hợp đồng (ngày)", maximum=MAX_DAYS),
        selection_start=r.date("selection_start", "thời gian bắt đầu lựa chọn nhà thầu", required=True),
        notice_code=r.code("notice_code", "Mã TBMT", NOTICE_CODE, "IB2400035288-00"),
    )
    if values["package_price"] == 0:
        r.errors["package_price"] = "Giá gói thầu phải lớn hơn 0."
    return values, r


def _unique_notice(code: str, exclude: int | None = None) -> None:
    if code and Package.objects.filter(notice_code=code).exclude(pk=exclude).exists():
        raise ServiceError({"notice_code": f"Gói thầu có mã TBMT {code} đã có trong hệ thống."})


@transaction.atomic
def create_package(actor, plan: SelectionPlan, data: dict, *, source: str = Source.MANUAL,
                   refresh: bool = True) -> Package:
    plan = SelectionPlan.objects.select_related("project").get(pk=plan.pk)
    _refuse(actor, plan.project)
    values, r = _package_values({"budget": plan.budget, **data})
    r.done()
    _unique_notice(values["notice_code"])
    package = saved(Package(plan=plan, project=plan.project, unit_id=plan.project.investor_unit_id,
                             budget=plan.budget, source=source, created_by=actor, changed_by=actor,
                             search_name=search_document(values["name"]), **values), actor)
    record_event(actor, "procurement.package_created", package,
                 data={"project": plan.project.code, "name": package.name, "price": package.package_price,
                       "method": package.method, "notice_code": package.notice_code})
    if refresh:
        _after({package.unit_id})
    return package


def _locked(package: Package) -> Package:
    return Package.objects.select_for_update().select_related("project", "plan").get(pk=package.pk)


@transaction.atomic
def update_package(actor, package: Package, data: dict, version=None) -> Package:
    package = _locked(package)
    _refuse(actor, package.project)
    check_version(package, version)
    values, r = _package_values(data)
    r.done()
    _unique_notice(values["notice_code"], package.pk)
    changed = [k for k, v in values.items() if getattr(package, k) != v]
    for k, v in values.items():
        setattr(package, k, v)
    package.search_name = search_document(package.name)
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.package_updated", package, data={"fields": changed})
    _after({package.unit_id})
    return package


@transaction.atomic
def cancel_package(actor, package: Package, reason: str, version=None) -> Package:
    package = _locked(package)
    _refuse(actor, package.project)
    check_version(package, version)
    if package.cancelled:
        raise ServiceError("Gói thầu đã được ghi hủy thầu.")
    package.cancel_reason = clean_text(reason or "", "lý do hủy thầu", limit=500, multiline=False)
    package.cancelled = True
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.package_cancelled", package, data={"reason": package.cancel_reason})
    _publish_prices(package)   # no contract: its prices are no longer evidence
    _after({package.unit_id})
    return package


# ------------------------------------------------------------------ results

def contractor_for(tax_code: str, name: str) -> Contractor:
    """The contractor with this tax code (created on first sight; the name as first written)."""
    contractor = Contractor.objects.filter(tax_code=tax_code).first()
    if contractor is None:
        contractor = Contractor.objects.create(tax_code=tax_code, name=name, search_name=search_document(name))
    return contractor


def _result_values(data) -> tuple[dict, Reader]:
    r = Reader(data)
    values = dict(
        contractor_name=r.text("contractor_name", "tên nhà thầu trúng thầu", required=True),
        tax_code=r.code("contractor_tax_code", "Mã số thuế", TAX_CODE, "0101234567 hoặc 0101234567-001"),
        awarded_price=r.money("awarded_price", "giá trúng thầu", required=True),
        bidders=r.integer("bidders", "số nhà thầu dự thầu", maximum=MAX_BIDDERS, minimum=1),
        awarded_on=r.date("awarded_on", "ngày phê duyệt kết quả", required=True),
        award_decision=r.text("award_decision", "số quyết định phê duyệt kết quả", limit=80),
    )
    if not values["tax_code"] and "contractor_tax_code" not in r.errors:
        r.errors["contractor_tax_code"] = "Chưa nhập mã số thuế của nhà thầu."
    if values["bidders"] is None and "bidders" not in r.errors:
        r.errors["bidders"] = "Chưa nhập số nhà thầu dự thầu."
    return values, r


def _result_problems(package, values) -> dict:
    problems = {}
    if values["awarded_price"] is not None and values["awarded_price"] <= 0:
        problems["awarded_price"] = "Giá trúng thầu phải lớn hơn 0."
    if values["awarded_on"] and values["awarded_on"] < package.selection_start:
        problems["awarded_on"] = "Ngày phê duyệt kết quả không được trước thời gian bắt đầu lựa chọn nhà thầu."
    return problems


@transaction.atomic
def record_result(actor, package: Package, data: dict, version=None, *, refresh: bool = True) -> Package:
    package = _locked(package)
    _refuse(actor, package.project)
    check_version(package, version)
    if package.cancelled:
        raise ServiceError("Gói thầu đã hủy thầu: không ghi kết quả.")
    values, r = _result_values(data)
    r.errors.update({k: v for k, v in _result_problems(package, values).items() if k not in r.errors})
    r.done()
    package.contractor = contractor_for(values["tax_code"], values["contractor_name"])
    for key in ("awarded_price", "bidders", "awarded_on", "award_decision"):
        setattr(package, key, values[key])
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.result_recorded", package,
                 data={"contractor": package.contractor.name, "tax_code": package.contractor.tax_code,
                       "price": package.awarded_price, "bidders": package.bidders,
                       "awarded_on": package.awarded_on.isoformat()})
    _publish_prices(package)
    if refresh:
        _after({package.unit_id})
    return package


def _read_items(rows) -> list[dict]:
    if not isinstance(rows, list):
        raise ServiceError("Danh sách hàng hóa không hợp lệ.")
    if len(rows) > MAX_ITEMS:
        raise ServiceError(f"Một gói thầu ghi tối đa {MAX_ITEMS} hàng hóa.")
    out, problems = [], []
    for i, row in enumerate(rows, 1):
        r = Reader(row if isinstance(row, dict) else {})
        name = r.text("name", "tên hàng hóa", required=True)
        unit = r.text("unit", "đơn vị tính", limit=50)
        price = r.money("unit_price", "đơn giá", required=True)
        brand = r.text("brand", "ký mã hiệu, nhãn hiệu", limit=255)
        origin = r.text("origin", "xuất xứ", limit=100)
        quantity = None
        raw = str((row or {}).get("quantity") or "").strip().replace(",", ".") if isinstance(row, dict) else ""
        try:
            quantity = Decimal(raw) if raw.isascii() and raw else None
        except InvalidOperation:
            quantity = None
        if quantity is None or not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e11"):
            r.errors["quantity"] = "Số lượng phải là số dương."
        if price == 0:
            r.errors["unit_price"] = "Đơn giá phải lớn hơn 0."
        if r.errors:
            problems.append(f"Dòng {i}: " + " ".join(r.errors.values()))
            continue
        out.append(dict(name=name, unit=unit, quantity=quantity.quantize(Decimal("0.001")), unit_price=price,
                        brand=brand, origin=origin))
    if problems:
        raise ServiceError({"items": problems})
    return out


@transaction.atomic
def set_items(actor, package: Package, rows: list, version=None) -> Package:
    """Replace the goods items of a result (brand, origin, unit price for each)."""
    package = _locked(package)
    _refuse(actor, package.project)
    check_version(package, version)
    if not package.is_awarded:
        raise ServiceError("Ghi kết quả lựa chọn nhà thầu trước khi ghi hàng hóa trúng thầu.")
    items = _read_items(rows)
    package.items.all().delete()
    AwardItem.objects.bulk_create([AwardItem(package=package, **item) for item in items])
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.items_set", package, data={"count": len(items)})
    _publish_prices(package)
    return package


def _publish_prices(package: Package) -> None:
    """The awarded unit prices as evidence for the estimates' market comparison (replacing what
    the package gave before)."""
    rows = []
    if package.is_awarded:
        rows = [dict(item_key=item_key(i.name), unit=i.unit, unit_price=i.unit_price, name=i.name)
                for i in package.items.all()]
    estimate_services.record_award_prices(package.pk, package.unit.tree_prefix, package.awarded_on, rows)


# ------------------------------------------------------------------ contracts and payments

def _contract_values(data) -> tuple[dict, Reader]:
    r = Reader(data)
    values = dict(
        number=r.text("number", "số hợp đồng", required=True, limit=80),
        value=r.money("value", "giá hợp đồng", required=True),
        signed_on=r.date("signed_on", "ngày ký hợp đồng", required=True),
        planned_completion=r.date("planned_completion", "ngày hoàn thành theo hợp đồng", required=True),
        actual_completion=r.date("actual_completion", "ngày hoàn thành thực tế"),
        accepted_on=r.date("accepted_on", "ngày nghiệm thu"),
        note=r.text("note", "ghi chú"),
    )
    if values["value"] == 0:
        r.errors["value"] = "Giá hợp đồng phải lớn hơn 0."
    signed = values["signed_on"]
    for key, label in (("planned_completion", "Ngày hoàn thành theo hợp đồng"),
                       ("actual_completion", "Ngày hoàn thành thực tế"), ("accepted_on", "Ngày nghiệm thu")):
        if signed and values[key] and values[key] < signed and key not in r.errors:
            r.errors[key] = f"{label} không được trước ngày ký hợp đồng."
    return values, r


@transaction.atomic
def save_contract(actor, package: Package, data: dict, version=None) -> Contract:
    """Record the contract of an awarded package, or change it (``version`` is the package's)."""
    package = _locked(package)
    _refuse(actor, package.project)
    check_version(package, version)
    if not package.is_awarded:
        raise ServiceError("Gói thầu chưa có kết quả lựa chọn nhà thầu: chưa ghi được hợp đồng.")
    values, r = _contract_values(data)
    if values["signed_on"] and package.awarded_on and values["signed_on"] < package.awarded_on:
        r.errors.setdefault("signed_on", "Ngày ký hợp đồng không được trước ngày phê duyệt kết quả.")
    r.done()
    contract = Contract.objects.filter(package=package).first()
    created = contract is None
    if created:
        contract = Contract(package=package, created_by=actor)
    changed = [k for k, v in values.items() if getattr(contract, k, None) != v]
    for k, v in values.items():
        setattr(contract, k, v)
    if not created:
        contract.version += 1
    saved(contract, actor)
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.contract_saved", package,
                 data={"number": contract.number, "value": contract.value, "created": created, "fields": changed})
    _after({package.unit_id})
    return contract


def disbursements_for(package: Package):
    """The project's current disbursement lines a payment may be a share of."""
    return (BudgetEntry.objects.filter(project=package.project_id, stage=Stage.DISBURSED, voided=False,
                                       superseded_by__isnull=True)
            .select_related("funding_source").order_by("-year", "-id"))


@transaction.atomic
def add_payment(actor, contract: Contract, data: dict, version=None) -> ContractPayment:
    contract = Contract.objects.select_related("package").get(pk=contract.pk)
    package = _locked(contract.package)
    _refuse(actor, package.project)
    check_version(package, version)
    r = Reader(data)
    amount = r.money("amount", "số tiền thanh toán", required=True)
    paid_on = r.date("paid_on", "ngày thanh toán", required=True)
    note = r.text("note", "ghi chú")
    entry = None
    try:
        entry = disbursements_for(package).select_for_update().get(pk=int(data.get("entry")))
    except (BudgetEntry.DoesNotExist, TypeError, ValueError):
        r.errors["entry"] = "Chọn một dòng giải ngân còn hiệu lực của nhiệm vụ/dự án."
    if amount == 0:
        r.errors["amount"] = "Số tiền thanh toán phải lớn hơn 0."
    if entry is not None and amount:
        used = entry.contract_payments.aggregate(total=Sum("amount"))["total"] or 0
        if used + amount > entry.amount:
            r.errors["amount"] = f"Dòng giải ngân chỉ còn {format_vnd(entry.amount - used)} đồng chưa gắn với hợp đồng."
    if paid_on and paid_on < contract.signed_on:
        r.errors.setdefault("paid_on", "Ngày thanh toán không được trước ngày ký hợp đồng.")
    r.done()
    payment = saved(ContractPayment(contract=contract, entry=entry, amount=amount, paid_on=paid_on, note=note,
                                     created_by=actor), actor)
    _touch(package, actor)
    saved(package, actor)
    record_event(actor, "procurement.payment_added", package,
                 data={"contract": contract.number, "amount": amount, "paid_on": paid_on.isoformat(),
                       "entry": entry.pk})
    _after({package.unit_id})
    return payment


@transaction.atomic
def remove_payment(actor, payment: ContractPayment, version=None) -> None:
    payment = ContractPayment.objects.select_related("contract__package").get(pk=payment.pk)
    package = _locked(payment.contract.package)
    _refuse(actor, package.project)
    check_version(package, version)
    record_event(actor, "procurement.payment_removed", package,
                 data={"contract": payment.contract.number, "amount": payment.amount,
                       "paid_on": payment.paid_on.isoformat()})
    payment._history_user = actor
    payment.delete()
    _touch(package, actor)
    saved(package, actor)
    _after({package.unit_id})


# ------------------------------------------------------------------ confirmation

@transaction.atomic
def confirm_package(actor, package: Package, version=None) -> Package:
    package = _locked(package)
    if not can_confirm(actor, package):
        raise PermissionDenied("Bạn không có quyền xác nhận gói thầu này.")
    check_version(package, version)
    if package.changed_by_id == actor.pk:
        raise MakerCheckerError("Người ghi, sửa thông tin gói thầu không được tự xác nhận (cần người khác "
                                "kiểm tra).")
    if package.is_checked:
        raise ServiceError("Gói thầu đã được xác nhận.")
    package.checked_by = actor
    package.checked_at = timezone.now()
    saved(package, actor, update_fields=["checked_by", "checked_at"])
    record_event(actor, "procurement.package_confirmed", package, data={"version": package.version})
    return package
