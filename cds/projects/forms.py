"""Forms validate shape (types, required fields, Vietnamese messages); domain rules stay in services."""
from django import forms
from django.db.models import Q
from django.utils import timezone

from cds.accounts import access
from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.core.forms import MoneyField, TextField, VersionField, VNDateField, bootstrap, text_field
from cds.core.validation import too_long_message
from cds.core.widgets import FileInput, PlainSelect, PlainSelectMultiple
from cds.orgs.models import Unit
from cds.rules.models import LegalRegime

from .models import DocType, Group, Kind, Stage

TEXT_LIMIT = 10_000                     # objectives, scope
TEXT_NOUNS = {"objectives": "mục tiêu", "scope": "quy mô, phạm vi"}
GROUP_INVALID = "Nhóm dự án không hợp lệ (QG, A, B, C hoặc -)."
DECISION_NUMBER_LIMIT = 80
DECISION_NUMBER_TOO_LONG = too_long_message("số, ký hiệu văn bản", DECISION_NUMBER_LIMIT)


def unit_queryset(user, *, for_create=False):
    qs = access.scope_units(user, Unit.objects.all())
    if for_create and user.role in access.UNIT_ROLES:
        qs = qs.filter(Q(valid_to__isnull=True))
    return qs.order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    widget = PlainSelect

    def label_from_instance(self, obj):
        indent = "\u2003" * max(obj.depth, 0)
        return f"{indent}{obj.display_name}"


class ProjectForm(forms.Form):
    name = TextField(label="Tên nhiệm vụ/dự án", max_length=500, multiline=False,
                     widget=forms.TextInput(attrs={"autocomplete": "off"}))
    kind = forms.ChoiceField(label="Loại", choices=Kind.choices)
    group = forms.ChoiceField(label="Nhóm dự án", choices=Group.choices, initial=Group.NONE,
                              error_messages={"invalid_choice": GROUP_INVALID})
    regime = forms.ModelChoiceField(label="Chế độ pháp lý", queryset=LegalRegime.objects.all(),
                                    empty_label="— chọn —")
    programme = forms.ModelChoiceField(label="Chương trình, kế hoạch", queryset=Programme.objects.filter(is_active=True),
                                       required=False, empty_label="— không —")
    investor_unit = UnitChoiceField(label="Chủ đầu tư / đơn vị chủ trì", queryset=Unit.objects.none(),
                                    empty_label="— chọn đơn vị —")
    lead_unit = UnitChoiceField(label="Đơn vị thực hiện", queryset=Unit.objects.none(), required=False,
                                empty_label="— như chủ đầu tư —")
    coordinating_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Unit.objects.none(),
                                                        required=False, widget=PlainSelectMultiple(attrs={"size": 5}))
    start_year = forms.IntegerField(label="Năm bắt đầu", min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label="Năm kết thúc", min_value=2000, max_value=2100, required=False)
    carried_over = forms.BooleanField(label="Chuyển tiếp từ năm trước", required=False)
    funding_sources = forms.ModelMultipleChoiceField(label="Nguồn vốn", queryset=FundingSource.objects.filter(is_active=True),
                                                     required=False, widget=forms.CheckboxSelectMultiple)
    objectives = text_field(TEXT_NOUNS["objectives"], label="Mục tiêu", required=False, limit=TEXT_LIMIT, rows=3)
    scope = text_field(TEXT_NOUNS["scope"], label="Quy mô, phạm vi", required=False, limit=TEXT_LIMIT, rows=3)
    capabilities = forms.ModelMultipleChoiceField(label="Năng lực nghiệp vụ", queryset=Capability.objects.filter(is_active=True),
                                                  required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    data_entities = forms.ModelMultipleChoiceField(label="Thực thể dữ liệu", queryset=DataEntity.objects.filter(is_active=True),
                                                   required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    version = VersionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        all_units = unit_queryset(user)
        self.fields["investor_unit"].queryset = all_units
        self.fields["lead_unit"].queryset = all_units
        # Coordinating units may be any current unit of the user's tree (plus ones already chosen).
        root = _root_path(user)
        coordinating = Unit.objects.filter(path__startswith=root) if root else Unit.objects.all()
        chosen = [u.pk for u in (self.initial.get("coordinating_units") or [])]
        today = timezone.localdate()
        self.fields["coordinating_units"].queryset = coordinating.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today) | Q(pk__in=chosen)).order_by("path")
        bootstrap(self)
        self.fields["name"].error_messages["required"] = "Tên nhiệm vụ/dự án không được để trống."
        self.fields["start_year"].error_messages.update({
            "required": "Chưa nhập năm bắt đầu.", "invalid": "Năm phải là số, ví dụ 2024.",
            "min_value": "Năm phải từ 2000 trở đi.", "max_value": "Năm không hợp lệ.",
        })

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", "Năm kết thúc không được trước năm bắt đầu.")
        return data


def _root_path(user):
    scope = access.scope_for(user)
    if scope.everything or not user.unit_id:
        return ""
    return user.unit.tree_prefix


class TransitionForm(forms.Form):
    decision_number = TextField(label="Số, ký hiệu văn bản", max_length=DECISION_NUMBER_LIMIT, required=False,
                                error_messages={"max_length": DECISION_NUMBER_TOO_LONG},
                                widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "VD: 1234/QĐ-UBND"}))
    decision_date = VNDateField(label="Ngày văn bản", required=False)
    reason = TextField(label="Lý do, nội dung", required=False, max_length=5000,
                       widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].widget.attrs["class"] = "form-control"


class BudgetEntryForm(forms.Form):
    stage = forms.ChoiceField(label="Giai đoạn", choices=Stage.choices, widget=forms.Select(attrs={"class": "form-select"}))
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"}))
    funding_source = forms.ModelChoiceField(label="Nguồn vốn", queryset=FundingSource.objects.filter(is_active=True),
                                            widget=forms.Select(attrs={"class": "form-select"}), empty_label="— chọn —")
    amount = MoneyField(label="Số tiền (đồng)", widget=forms.TextInput(attrs={"class": "form-control money", "inputmode": "numeric", "placeholder": "1.000.000.000"}))
    decision_number = TextField(label="Số quyết định/văn bản", max_length=80, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    decision_date = VNDateField(label="Ngày quyết định", required=False)
    note = TextField(label="Ghi chú", max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].widget.attrs["class"] = "form-control"
        self.fields["amount"].error_messages["required"] = "Chưa nhập số tiền."


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label="Loại văn bản", choices=DocType.choices, widget=forms.Select(attrs={"class": "form-select"}))
    number = TextField(label="Số, ký hiệu", max_length=80, widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "VD: 8826/UBND-VXNV"}))
    issued_on = VNDateField(label="Ngày ban hành")
    issuer = TextField(label="Cơ quan ban hành", max_length=255, widget=forms.TextInput(attrs={"class": "form-control"}))
    title = TextField(label="Trích yếu", max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    is_legal_basis = forms.BooleanField(label="Là căn cứ pháp lý", required=False, initial=True,
                                        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    file = forms.FileField(label="Tệp (PDF, Word, Excel, ảnh quét; tối đa 20 MB)", required=False,
                           widget=FileInput(small=True))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].widget.attrs["class"] = "form-control"


class ScaleDownForm(forms.Form):
    decision_number = TextField(label="Số, ký hiệu quyết định", max_length=80, widget=forms.TextInput(attrs={"class": "form-control"}))
    decision_date = VNDateField(label="Ngày quyết định")
    reason = TextField(label="Lý do, nội dung điều chỉnh", max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].widget.attrs["class"] = "form-control"


class ButtonForm(forms.Form):
    """What a small button of the project page posts (void an entry, remove a document, confirm a
    step): a reason or a note and the version the page was opened with; the service checks them."""

    reason = TextField(required=False, strip=False)
    note = TextField(required=False, strip=False)
    version = VersionField()


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx, theo mẫu)", widget=FileInput(attrs={"accept": ".xlsx"}))
