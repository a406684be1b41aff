"""Forms of the procurement pages: they check shape (required fields, whole đồng, dates
dd/mm/yyyy, text that can be stored) with Vietnamese messages and hand the values to
:mod:`cds.procurement.services`, which reads them again and holds the rules (identifiers in the
national system's form, prices above zero, dates in order, a payment within its disbursement
line, maker ≠ checker). The services' field errors come back beside the fields of the same name."""
from __future__ import annotations

import re

from django import forms
from django.db.models import Q

from cds.catalog.models import FundingSource
from cds.core.forms import MoneyField, VersionField, VNDateField, bootstrap, text_field
from cds.projects.models import Kind
from cds.text.format import format_vnd, vndate

from .models import Budget, ContractType, Field, Method, Mode

CHOICE_MESSAGES = {"required": "Chưa chọn {what}.",
                   "invalid_choice": "Lựa chọn không hợp lệ; hãy chọn lại trong danh sách."}
MAX_ITEM_TEXT = 400_000
ITEM_COLUMNS = ("name", "unit", "quantity", "unit_price", "brand", "origin")


def _choice(label: str, what: str, choices, *, required=True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required, error_messages={
        "required": CHOICE_MESSAGES["required"].format(what=what), "invalid_choice": CHOICE_MESSAGES["invalid_choice"]})


def _number(label: str, noun: str, *, minimum: int, maximum: int, required=False) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=minimum, max_value=maximum, error_messages={
        "required": f"Chưa nhập {noun}.", "invalid": f"{noun.capitalize()} phải là số nguyên.",
        "min_value": f"{noun.capitalize()} phải từ {minimum} trở lên.",
        "max_value": f"{noun.capitalize()} không được quá {maximum}."})


def _line(noun: str, *, limit: int, required=False, label: str | None = None, **kwargs):
    return text_field(noun, label=label or noun.capitalize(), limit=limit, required=required, multiline=False,
                      **kwargs)


def money_text(amount) -> str:
    return format_vnd(amount) if amount is not None else ""


def date_text(day) -> str:
    return vndate(day) if day else ""


class _Form(forms.Form):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def mark_invalid(self) -> None:
        """The Bootstrap mark on each field with an error (after the service's errors are in)."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()


# ------------------------------------------------------------------ plans

def budget_for(project) -> str:
    """The usual kind of budget of a project's purchases: an investment project buys under the
    project; the other kinds from a recurrent-budget purchase estimate."""
    return Budget.PROJECT if project.kind == Kind.INVESTMENT else Budget.RECURRENT


class PlanForm(_Form):
    name = _line("tên kế hoạch lựa chọn nhà thầu", label="Tên kế hoạch lựa chọn nhà thầu", limit=500, required=True)
    plan_code = _line("mã KHLCNT", label="Mã KHLCNT", limit=20,
                      widget=forms.TextInput(attrs={"placeholder": "PL2500012345"}))
    decision_number = _line("số quyết định phê duyệt", limit=80,
                            widget=forms.TextInput(attrs={"placeholder": "VD: 125/QĐ-SKHCN"}))
    decision_date = VNDateField(label="Ngày phê duyệt", noun="ngày phê duyệt", required=False)
    approver = _line("người/cơ quan phê duyệt", label="Người/cơ quan phê duyệt", limit=255)
    budget = _choice("Nguồn mua sắm", "nguồn mua sắm", Budget.choices)

    @staticmethod
    def initial_for(plan) -> dict:
        return {"name": plan.name, "plan_code": plan.plan_code, "decision_number": plan.decision_number,
                "decision_date": date_text(plan.decision_date), "approver": plan.approver, "budget": plan.budget,
                "version": plan.version}


# ------------------------------------------------------------------ packages

def sources_for(used_id=None):
    """The active funding sources, and the one already used even if no longer active."""
    return FundingSource.objects.filter(Q(is_active=True) | Q(pk=used_id or 0)).order_by("sort_order", "name")


class PackageForm(_Form):
    name = _line("tên gói thầu", label="Tên gói thầu", limit=500, required=True)
    field = _choice("Lĩnh vực", "lĩnh vực", [("", "— chọn lĩnh vực —"), *Field.choices])
    package_price = MoneyField(label="Giá gói thầu (đồng)", error_messages={"required": "Chưa nhập giá gói thầu."},
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.250.000.000"}))
    funding_source = forms.ModelChoiceField(label="Nguồn vốn", queryset=FundingSource.objects.none(), required=False,
                                            empty_label="— chưa chọn —",
                                            error_messages={"invalid_choice": CHOICE_MESSAGES["invalid_choice"]})
    method = _choice("Hình thức lựa chọn nhà thầu", "hình thức lựa chọn nhà thầu",
                     [("", "— chọn hình thức —"), *Method.choices])
    method_ground = _line("căn cứ áp dụng hình thức", limit=500)
    mode = _choice("Phương thức", "phương thức", Mode.choices, required=False)
    online = forms.BooleanField(label="Lựa chọn nhà thầu qua mạng", required=False)
    contract_type = _choice("Loại hợp đồng", "loại hợp đồng", ContractType.choices, required=False)
    duration_days = _number("Thời gian thực hiện hợp đồng (ngày)", "thời gian thực hiện hợp đồng",
                            minimum=0, maximum=3650)
    selection_start = VNDateField(label="Thời gian bắt đầu lựa chọn nhà thầu",
                                  noun="thời gian bắt đầu lựa chọn nhà thầu")
    notice_code = _line("mã TBMT", label="Mã TBMT", limit=20,
                        widget=forms.TextInput(attrs={"placeholder": "IB2500012345-00"}))

    def __init__(self, *args, used_source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].queryset = sources_for(used_source)

    @staticmethod
    def initial_for(package) -> dict:
        return {"name": package.name, "field": package.field, "package_price": money_text(package.package_price),
                "funding_source": package.funding_source_id, "method": package.method,
                "method_ground": package.method_ground, "mode": package.mode, "online": package.online,
                "contract_type": package.contract_type, "duration_days": package.duration_days,
                "selection_start": date_text(package.selection_start), "notice_code": package.notice_code,
                "version": package.version}


class ResultForm(_Form):
    contractor_name = _line("tên nhà thầu trúng thầu", label="Tên nhà thầu trúng thầu", limit=500, required=True)
    contractor_tax_code = _line("mã số thuế", label="Mã số thuế của nhà thầu", limit=20, required=True,
                                widget=forms.TextInput(attrs={"placeholder": "0101234567", "inputmode": "numeric"}))
    awarded_price = MoneyField(label="Giá trúng thầu (đồng)", error_messages={"required": "Chưa nhập giá trúng thầu."},
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    bidders = _number("Số nhà thầu dự thầu", "số nhà thầu dự thầu", minimum=1, maximum=1000, required=True)
    awarded_on = VNDateField(label="Ngày phê duyệt kết quả", noun="ngày phê duyệt kết quả")
    award_decision = _line("số quyết định phê duyệt kết quả", limit=80)

    @staticmethod
    def initial_for(package) -> dict:
        contractor = package.contractor
        return {"contractor_name": contractor.name if contractor else "",
                "contractor_tax_code": contractor.tax_code if contractor else "",
                "awarded_price": money_text(package.awarded_price), "bidders": package.bidders,
                "awarded_on": date_text(package.awarded_on), "award_decision": package.award_decision,
                "version": package.version}


class CancelForm(_Form):
    reason = _line("lý do hủy thầu", limit=500, required=True)


class ConfirmForm(_Form):
    """Only the version the confirmer saw."""


# ------------------------------------------------------------------ goods items

_SEPARATOR = re.compile(r"\t|;")
_GROUPED_QUANTITY = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?", re.ASCII)


class ItemsForm(_Form):
    """The goods items pasted from a sheet: one a line, columns separated by a tab or ";" —
    name | unit | quantity | unit price | brand | origin. Blank lines are skipped; a first line
    with no figure in its quantity and price columns is read as the header. Figures are written
    the Vietnamese way: a quantity "1.000" is a thousand, "1,5" one and a half."""

    rows = text_field("danh sách hàng hóa", label="Hàng hóa trúng thầu", limit=MAX_ITEM_TEXT, required=False,
                      widget=forms.Textarea(attrs={"rows": 14, "class": "form-control font-monospace small",
                                                   "spellcheck": "false"}))

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("rows")
        if text is None:
            return cleaned
        items, lines, problems = [], [], []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            cells = [c.strip() for c in _SEPARATOR.split(line)]
            while len(cells) > len(ITEM_COLUMNS) and not cells[-1]:
                cells.pop()
            if not items and not lines and not problems and _is_header(cells):
                continue
            if len(cells) > len(ITEM_COLUMNS):
                problems.append(f"Dòng {number}: có {len(cells)} cột, nhiều hơn {len(ITEM_COLUMNS)} cột "
                                "(tên | đơn vị tính | số lượng | đơn giá | nhãn hiệu | xuất xứ).")
                continue
            row = dict(zip(ITEM_COLUMNS, cells + [""] * (len(ITEM_COLUMNS) - len(cells)), strict=True))
            if _GROUPED_QUANTITY.fullmatch(row["quantity"]):
                row["quantity"] = row["quantity"].replace(".", "")     # "1.000" is a thousand, "1,5" a half
            items.append(row)
            lines.append(number)
        if problems:
            self.add_error("rows", problems)
        self.items, self.lines = items, lines
        return cleaned

    def line_numbers(self, messages: list[str]) -> list[str]:
        """The service's "Dòng <n>" (the n-th item) as the line of the text box it came from."""
        def line(match):
            n = int(match.group(1))
            return f"Dòng {self.lines[n - 1]}:" if 0 < n <= len(self.lines) else match.group(0)
        return [re.sub(r"^Dòng ([0-9]+):", line, m) for m in messages]

    @staticmethod
    def initial_for(package, items) -> dict:
        def cell(value):
            return str(value).replace("\t", " ").replace(";", ",")
        lines = ["\t".join(cell(v) for v in (i.name, i.unit, _quantity(i.quantity), format_vnd(i.unit_price),
                                              i.brand, i.origin)).rstrip("\t") for i in items]
        return {"rows": "\n".join(lines), "version": package.version}


def _is_header(cells) -> bool:
    def figure(i):
        return len(cells) > i and any(ch.isdigit() for ch in cells[i])
    return not figure(2) and not figure(3)


def _quantity(value) -> str:
    text = format(value.normalize(), "f") if value is not None else ""
    return text.replace(".", ",")


# ------------------------------------------------------------------ contracts and payments

class ContractForm(_Form):
    number = _line("số hợp đồng", limit=80, required=True, widget=forms.TextInput(attrs={"placeholder": "01/2025/HĐ"}))
    value = MoneyField(label="Giá hợp đồng (đồng)", error_messages={"required": "Chưa nhập giá hợp đồng."},
                       widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    signed_on = VNDateField(label="Ngày ký", noun="ngày ký hợp đồng")
    planned_completion = VNDateField(label="Ngày hoàn thành theo hợp đồng", noun="ngày hoàn thành theo hợp đồng")
    actual_completion = VNDateField(label="Ngày hoàn thành thực tế", noun="ngày hoàn thành thực tế", required=False)
    accepted_on = VNDateField(label="Ngày nghiệm thu", noun="ngày nghiệm thu", required=False)
    note = _line("ghi chú", limit=500)

    @staticmethod
    def initial_for(package, contract) -> dict:
        out = {"version": package.version}
        if contract is not None:
            out.update(number=contract.number, value=money_text(contract.value), signed_on=date_text(contract.signed_on),
                       planned_completion=date_text(contract.planned_completion),
                       actual_completion=date_text(contract.actual_completion),
                       accepted_on=date_text(contract.accepted_on), note=contract.note)
        return out


def entry_label(entry) -> str:
    parts = [f"Năm {entry.year}", entry.funding_source.name, f"{format_vnd(entry.amount)} đồng"]
    if entry.decision_number:
        parts.append(f"QĐ {entry.decision_number}" + (f" ngày {vndate(entry.decision_date)}"
                                                       if entry.decision_date else ""))
    return " · ".join(parts)


class PaymentForm(_Form):
    entry = _choice("Dòng giải ngân", "dòng giải ngân", [])
    amount = MoneyField(label="Số tiền thanh toán (đồng)", error_messages={"required": "Chưa nhập số tiền thanh toán."},
                        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    paid_on = VNDateField(label="Ngày thanh toán", noun="ngày thanh toán")
    note = _line("ghi chú", limit=500)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "— chọn dòng giải ngân —")] + [(str(e.pk), entry_label(e))
                                                                            for e in entries]
