"""Forms of the review pages: they check shape (types, required fields) with Vietnamese
messages; the rules (deadline not in the past, percentages ≤ 100, maker ≠ checker …) stay in
:mod:`cds.reviews.services` and come back as form errors."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from cds.catalog.models import Programme
from cds.core.forms import IdField, TextField, VersionField, VNDateField, bootstrap
from cds.core.widgets import FileInput
from cds.orgs.models import Unit
from cds.projects.forms import UnitChoiceField, unit_queryset
from cds.projects.models import State

from .models import Decision, Direction, IssueKind, ProblemType, Rating, ReviewStatus
from .selectors import WAITING_FILTERS
from .services import ANNUAL_SCOPE_STATES

VALUE_KEYS = (("baseline", "Ban đầu"), ("target", "Mục tiêu"), ("actual", "Thực tế"))


def _required(form, **messages):
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class CampaignForm(forms.Form):
    name = TextField(label="Tên đợt đánh giá", max_length=300)
    basis_number = TextField(label="Số, ký hiệu văn bản chỉ đạo", max_length=80,
                             widget=forms.TextInput(attrs={"placeholder": "VD: 8826/UBND-VXNV"}))
    basis_date = VNDateField(label="Ngày văn bản")
    basis_issuer = TextField(label="Cơ quan ban hành", max_length=255, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "VD: UBND tỉnh"}))
    basis_title = TextField(label="Trích yếu", max_length=500, required=False)
    scope_states = forms.MultipleChoiceField(label="Trạng thái nhiệm vụ/dự án thuộc phạm vi", choices=State.choices,
                                             widget=forms.CheckboxSelectMultiple)
    scope_unit = UnitChoiceField(label="Chỉ đơn vị (và đơn vị trực thuộc)", queryset=Unit.objects.none(),
                                 required=False, empty_label="— tất cả đơn vị —")
    scope_programme = forms.ModelChoiceField(label="Chỉ chương trình, kế hoạch", queryset=Programme.objects.all(),
                                             required=False, empty_label="— mọi chương trình —")
    started_until = VNDateField(label="Bắt đầu không muộn hơn", required=False)
    period_year = forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100, required=False)
    deadline = VNDateField(label="Hạn gửi báo cáo")
    receiving_unit = UnitChoiceField(label="Đơn vị tiếp nhận, tổng hợp", queryset=Unit.objects.none(),
                                     empty_label="— chọn đơn vị —")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = unit_queryset(user)
        self.fields["scope_unit"].queryset = units
        self.fields["receiving_unit"].queryset = units
        bootstrap(self)
        _required(self, name="Chưa nhập tên đợt đánh giá.", basis_number="Chưa nhập số, ký hiệu văn bản chỉ đạo.",
                  basis_date="Chưa nhập ngày văn bản chỉ đạo.", deadline="Chưa nhập hạn gửi báo cáo.",
                  scope_states="Chọn ít nhất một trạng thái nhiệm vụ/dự án thuộc phạm vi.",
                  receiving_unit="Chưa chọn đơn vị tiếp nhận, tổng hợp.")
        self.fields["period_year"].error_messages.update({
            "invalid": "Năm phải là số, ví dụ 2025.", "min_value": "Năm không hợp lệ.",
            "max_value": "Năm không hợp lệ."})
        self.fields["scope_states"].error_messages["invalid_choice"] = "Trạng thái không hợp lệ."

    @staticmethod
    def initial_for(user):
        today = timezone.localdate()
        return {"scope_states": list(ANNUAL_SCOPE_STATES), "receiving_unit": user.unit_id,
                "period_year": today.year, "basis_issuer": "UBND tỉnh"}


def plain_number(value) -> str:
    """A stored decimal as the user would type it: 99,5 rather than 99.50."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


class ReviewForm(forms.Form):
    """The unit's report: summary, self-rating, one row of inputs per active indicator,
    the problem checklist. Indicator inputs are text: the service parses and checks them."""

    summary = TextField(label="Đánh giá chung về kết quả, hiệu quả", required=False, max_length=20000,
                        widget=forms.Textarea(attrs={"rows": 4}))
    self_rating = forms.ChoiceField(label="Đơn vị tự đánh giá", required=False, choices=Rating.choices,
                                    widget=forms.RadioSelect)
    problems = forms.ModelMultipleChoiceField(label="Vấn đề phát hiện", required=False,
                                              queryset=ProblemType.objects.filter(is_active=True),
                                              widget=forms.CheckboxSelectMultiple)
    problems_note = TextField(label="Mô tả vấn đề", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for ind in self.indicators:
            for key, label in VALUE_KEYS:
                hint = "0–100" if ind.is_percentage else ("0 hoặc 1" if ind.direction == Direction.YES else "")
                self.fields[self.value_field(ind.code, key)] = TextField(
                    label=f"{ind.name} — {label.lower()}", required=False, max_length=30,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end",
                                                  "inputmode": "decimal", "placeholder": hint, "autocomplete": "off",
                                                  "aria-label": f"{ind.name}: {label.lower()}"}))
            self.fields[self.value_field(ind.code, "note")] = TextField(
                label=f"{ind.name} — ghi chú", required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                              "aria-label": f"{ind.name}: ghi chú, nguồn số liệu"}))
        bootstrap(self)
        self.fields["summary"].error_messages["max_length"] = "Đánh giá chung quá dài (tối đa 20.000 ký tự)."

    @staticmethod
    def value_field(code, key):
        return f"ind_{code}_{key}"

    @classmethod
    def initial_for(cls, review):
        initial = {"summary": review.summary, "self_rating": review.self_rating,
                   "problems": list(review.problems.all()), "problems_note": review.problems_note,
                   "version": review.version}
        for v in review.values.all():
            for key, _label in VALUE_KEYS:
                initial[cls.value_field(v.indicator.code, key)] = plain_number(getattr(v, key))
            initial[cls.value_field(v.indicator.code, "note")] = v.note
        return initial

    def rows(self):
        """(indicator, [bound fields baseline/target/actual/note]) for the template's table;
        inputs with an error are marked invalid."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
        return [(ind, [self[self.value_field(ind.code, k)] for k in ("baseline", "target", "actual", "note")])
                for ind in self.indicators]

    def values_data(self, existing_codes):
        """``values`` for services.save_review: rows the user typed into, plus rows already
        stored (so that clearing a cell clears the stored value)."""
        out = {}
        for ind in self.indicators:
            row = {k: (self.cleaned_data.get(self.value_field(ind.code, k)) or "").strip()
                   for k in ("baseline", "target", "actual", "note")}
            if any(row.values()) or ind.code in existing_codes:
                out[ind.code] = row
        return out

    def field_for_error(self, key: str):
        """The form field behind a service error key such as ``values.USE_ACTIVE.actual``."""
        if key.startswith("values."):
            parts = key.split(".")
            if len(parts) == 3:
                name = self.value_field(parts[1], parts[2])
                return name if name in self.fields else None
            return None
        return key if key in self.fields else None


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=IssueKind.choices)
    text = TextField(label="Nội dung", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        _required(self, text="Chưa nhập nội dung khó khăn, kiến nghị.")


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Tệp minh chứng (PDF, Word, Excel, ảnh quét; tối đa 20 MB)",
                           widget=FileInput(small=True))
    indicator = forms.ModelChoiceField(label="Cho chỉ tiêu", queryset=None, required=False,
                                       empty_label="— chung cho báo cáo —")
    description = TextField(label="Mô tả", max_length=500, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        bootstrap(self)
        _required(self, file="Chưa chọn tệp minh chứng.")
        self.fields["file"].error_messages["empty"] = "Tệp rỗng."


class SubmitForm(forms.Form):
    version = VersionField()


class ReturnForm(forms.Form):
    comment = TextField(label="Nội dung yêu cầu bổ sung, chỉnh sửa", max_length=5000,
                        widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        _required(self, comment="Cần ghi rõ nội dung yêu cầu bổ sung, chỉnh sửa.")


class AssessForm(forms.Form):
    rating = forms.ChoiceField(label="Thẩm tra đánh giá", choices=Rating.choices, widget=forms.RadioSelect)
    comment = TextField(label="Ý kiến thẩm tra", max_length=5000, required=False,
                        widget=forms.Textarea(attrs={"rows": 3}))
    proposed_decision = forms.ChoiceField(label="Đề xuất xử lý", choices=[("", "— chọn —")] + Decision.choices)
    proposed_reason = TextField(label="Lý do đề xuất", max_length=5000, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        _required(self, rating="Chọn mức đánh giá.", proposed_decision="Chọn đề xuất xử lý.")


class AnswerForm(forms.Form):
    answer = TextField(label="Trả lời", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        _required(self, answer="Chưa nhập nội dung trả lời.")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="Quyết định", choices=[("", "— chọn —")] + Decision.choices)
    decision_number = TextField(label="Số, ký hiệu văn bản", max_length=80, required=False,
                                widget=forms.TextInput(attrs={"placeholder": "VD: 1234/QĐ-UBND"}))
    decision_date = VNDateField(label="Ngày văn bản", required=False)
    note = TextField(label="Nội dung, lý do quyết định", max_length=5000, required=False,
                     widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = TextField(label="Việc đơn vị phải làm tiếp theo", max_length=5000, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_due = VNDateField(label="Hạn hoàn thành việc tiếp theo", required=False)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        _required(self, decision="Chọn quyết định.")


class CampaignReviewFilter(forms.Form):
    """The campaign page's review list: by unit, by status, or one of the flagged lists. A value
    the page does not offer reads as "all" (a stale bookmark never empties the list)."""

    ONLY = (("", "Tất cả"), ("ineffective", "Không hiệu quả"), ("overdue", "Quá hạn"),
            ("optimistic", "Tự đánh giá cao hơn kết quả thẩm tra"))

    unit = IdField()
    status = TextField(required=False)
    only = TextField(required=False)

    def clean_status(self) -> str:
        status = self.cleaned_data.get("status") or ""
        return status if status in ReviewStatus.values else ""

    def clean_only(self) -> str:
        only = self.cleaned_data.get("only") or ""
        return only if only in dict(self.ONLY) else ""

    def values(self) -> dict:
        self.is_valid()
        return {"unit": self.cleaned_data.get("unit"), "status": self.cleaned_data.get("status", ""),
                "only": self.cleaned_data.get("only", "")}


class TodoFilterForm(forms.Form):
    """``?todo=<key>&unit=<id>`` of the reviews page: one of :data:`cds.reviews.selectors.WAITING_FILTERS`
    and a reporting unit (with its subtree); a value it cannot read is left out, as if it had not
    been sent."""

    todo = forms.ChoiceField(choices=[(key, label) for key, (label, _q) in WAITING_FILTERS.items()], required=False)
    unit = IdField(max_value=2**31 - 1)

    def key(self) -> str:
        self.is_valid()
        return (self.cleaned_data.get("todo") or "") if "todo" not in self.errors else ""

    def unit_id(self) -> int | None:
        self.is_valid()
        return self.cleaned_data.get("unit") if "unit" not in self.errors else None
