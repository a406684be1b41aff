"""Forms of the appraisal pages: they read what was typed (types, required fields, dates
dd/mm/yyyy, money in whole đồng) with the services' Vietnamese wording; the rules of the
procedure (status, maker ≠ checker, deadlines, the checklist) stay in :mod:`cds.appraisal.services`
and come back through :func:`cds.core.forms.run_form_service`."""
from __future__ import annotations

from django import forms

from cds.accounts import access
from cds.core.forms import MoneyField, TextField, VersionField, VNDateField, text_field
from cds.core.validation import missing_message, too_long_message
from cds.core.widgets import FileInput
from cds.orgs.models import Unit
from cds.rules.models import ItemKind

from .models import Conclusion, DocKind, Result
from .services import DECISIONS, MAX_TEXT
from .tracking import LISTED_STATUSES

YES_NO = (("yes", "Đồng ý"), ("no", "Không đồng ý"))


class YesNoField(forms.ChoiceField):
    """"yes"/"no" radio buttons read as True/False; empty (or anything else) as None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=(("", "—"),) + YES_NO, **kwargs)

    def to_python(self, value):
        return {"yes": True, "no": False}.get(str(value or ""))

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


# ------------------------------------------------------------------ create ----

class DossierForm(forms.Form):
    amount = MoneyField(label="Kinh phí đề nghị (đồng)", error_messages={"required": "Chưa nhập kinh phí đề nghị."})
    title = TextField(label="Trích yếu", max_length=500, required=False,
                      error_messages={"max_length": "Trích yếu tối đa 500 ký tự."})
    preview = forms.BooleanField(required=False)

    def typed_amount(self) -> int | None:
        """The amount as typed, even when another field is wrong (the routing preview shows it)."""
        try:
            return self.fields["amount"].clean(self.data.get("amount"))
        except forms.ValidationError:
            return None


# ---------------------------------------------------------------- dossier ----

class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocKind.choices, error_messages={
        "required": "Chưa chọn loại tài liệu hợp lệ.", "invalid_choice": "Chưa chọn loại tài liệu hợp lệ."})
    file = forms.FileField(widget=FileInput, error_messages={"required": "Chưa chọn tệp tài liệu.", "empty": "Tệp rỗng."})
    note = text_field("ghi chú", limit=500, required=False)


class VersionForm(forms.Form):
    """A button that only carries the version the page was opened with."""

    version = VersionField()


class SupplementRequestForm(VersionForm):
    request = text_field("nội dung yêu cầu bổ sung", limit=MAX_TEXT)


class SupplementForm(VersionForm):
    response = text_field("nội dung giải trình, bổ sung", limit=MAX_TEXT)


class OpinionRequestForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), error_messages={
        "required": "Chưa chọn đơn vị được xin ý kiến.", "invalid_choice": "Chưa chọn đơn vị được xin ý kiến."})
    question = text_field("nội dung xin ý kiến", limit=MAX_TEXT)
    due = VNDateField(noun="hạn trả lời", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.scope_units(user, Unit.objects.all())


class OpinionAnswerForm(forms.Form):
    answer = text_field("ý kiến trả lời", limit=MAX_TEXT)
    agrees = YesNoField()
    file = forms.FileField(required=False, widget=FileInput, error_messages={"empty": "Tệp rỗng."})


class ChecklistForm(VersionForm):
    """One result and one comment per content item of the procedure's checklist; only the items
    the page posted are saved (``results()``)."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = [i for i in items if i.kind == ItemKind.CONTENT]
        choices = [("", "—")] + list(Result.choices)
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(choices=choices, required=False, error_messages={
                "invalid_choice": "Kết quả phải là Đạt, Không đạt hoặc Không áp dụng."})
            self.fields[f"comment_{item.pk}"] = TextField(required=False, max_length=5000, error_messages={
                "max_length": too_long_message("nhận xét", 5000)})

    def results(self) -> dict[int, tuple[str, str]]:
        cd = self.cleaned_data
        return {item.pk: (cd.get(f"result_{item.pk}", ""), cd.get(f"comment_{item.pk}", ""))
                for item in self.items if f"result_{item.pk}" in self.data}


class ConcludeForm(VersionForm):
    conclusion = forms.ChoiceField(choices=Conclusion.choices, error_messages={
        "required": "Chưa chọn kết luận thẩm định.", "invalid_choice": "Chưa chọn kết luận thẩm định."})
    text = text_field("ý kiến thẩm định", limit=MAX_TEXT)


class CountersignForm(VersionForm):
    agree = YesNoField()
    note = text_field("ý kiến giám sát", limit=5000, required=False)

    def clean(self):
        data = super().clean()
        data["agree"] = bool(data.get("agree"))
        if not data["agree"] and not data.get("note") and "note" not in self.errors:
            self.add_error("note", missing_message("ý kiến giám sát"))
        return data


class DecideForm(VersionForm):
    decision = forms.ChoiceField(choices=list(DECISIONS.items()), error_messages={
        "required": "Chưa chọn quyết định.", "invalid_choice": "Chưa chọn quyết định."})
    decision_number = TextField(required=False, max_length=80, error_messages={
        "max_length": too_long_message("số, ký hiệu quyết định", 80)})
    decision_date = VNDateField(noun="ngày quyết định", required=False)
    reason = text_field("lý do", limit=5000, required=False)


class RulesFilterForm(forms.Form):
    """``?regime=`` of the rules page; anything unreadable shows the default regime."""

    regime = forms.IntegerField(required=False)

    def chosen(self) -> int:
        return (self.cleaned_data.get("regime") or 0) if self.is_valid() else 0


class TrackingFilterForm(forms.Form):
    """``?overdue=1&status=&mine=1&unit=&opinions=pending&page=`` of the tracking page (a value
    it cannot read is left out, as if it had not been sent)."""

    overdue = TextField(required=False)
    unit = TextField(required=False)
    status = TextField(required=False)
    mine = TextField(required=False)
    opinions = TextField(required=False)
    page = TextField(required=False)

    def only_overdue(self) -> bool:
        return self.is_valid() and self.cleaned_data["overdue"] == "1"

    def chosen_status(self) -> str:
        value = self.cleaned_data.get("status", "") if self.is_valid() else ""
        return value if value in LISTED_STATUSES else ""

    def only_mine(self) -> bool:
        return self.is_valid() and self.cleaned_data["mine"] == "1"

    def unit_id(self) -> int | None:
        """The investor unit chosen (its subtree is listed)."""
        value = (self.cleaned_data.get("unit") or "").strip() if self.is_valid() else ""
        return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None

    def pending_opinions(self) -> bool:
        return self.is_valid() and self.cleaned_data["opinions"] == "pending"
