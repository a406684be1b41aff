"""Forms of the library's pages: an entry, its measured results (up to ten rows), a document,
a workflow step. The choices offered are only what the user may use: the units they propose
for, the projects and systems they may read and link; a forged id is refused with a Vietnamese
message (and again by the services)."""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from cds.accounts import access
from cds.catalog.models import Capability, DataEntity, Programme
from cds.core.forms import IdField, TextField, VersionField, bootstrap, text_field
from cds.core.widgets import FileInput
from cds.projects.permissions import scope_projects
from cds.systems.permissions import inventory_systems

from . import services
from .models import DocKind, Kind
from .permissions import can_propose_for
from .services_content import MAX_RESULTS

NOT_YOURS = "Có mục không tồn tại hoặc nằm ngoài phạm vi bạn được xem; hãy chọn lại trong danh sách."


def proposable_units(user):
    """Units the user may propose entries for, current ones only."""
    today = timezone.localdate()
    qs = access.scope_units(user).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("path")
    return [u for u in qs if can_propose_for(user, u)]


def linkable_projects(user):
    """Projects the user may read and link: those invested by a unit of the user's scope."""
    return scope_projects(user).filter(access.scope_for(user).q("investor_unit")).order_by("-created_at", "code")


def linkable_systems(user):
    """Systems the user may read and link: owned in the user's scope, or national ones."""
    return inventory_systems(user).filter(access.scope_for(user).q("owner_unit") | Q(owner_unit__isnull=True)) \
        .order_by("name")


class _Links(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, required=False, error_messages={
            "invalid_choice": NOT_YOURS, "invalid_pk_value": NOT_YOURS, "invalid_list": NOT_YOURS}, **kwargs)


class _Project(_Links):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=Kind.choices, error_messages={
        "invalid_choice": "Loại mô hình không hợp lệ.", "required": "Chưa chọn loại mô hình."})
    title = text_field("tên mô hình", limit=services.TITLE_LIMIT, label="Tên mô hình, thiết kế",
                       multiline=False)
    unit = forms.TypedChoiceField(label="Đơn vị thực hiện", coerce=int, error_messages={
        "invalid_choice": "Bạn chỉ đề xuất mô hình cho đơn vị của mình.", "required": "Chưa chọn đơn vị thực hiện."})
    problem = text_field("vấn đề cần giải quyết", limit=services.TEXT_LIMIT, rows=4, label="Vấn đề cần giải quyết")
    solution = text_field("giải pháp, cách làm", limit=services.TEXT_LIMIT, rows=5, label="Giải pháp, cách làm")
    results_summary = text_field("kết quả đạt được", limit=services.TEXT_LIMIT, rows=3, required=False,
                                 label="Kết quả đạt được (tóm tắt)")
    lessons = text_field("bài học kinh nghiệm", limit=services.TEXT_LIMIT, rows=3, required=False,
                         label="Bài học kinh nghiệm")
    reuse_conditions = text_field("điều kiện áp dụng, nhân rộng", limit=services.TEXT_LIMIT, rows=3, required=False,
                                  label="Điều kiện áp dụng, nhân rộng")
    keywords = text_field("từ khóa", limit=services.KEYWORDS_LIMIT, required=False, label="Từ khóa",
                          multiline=False, help_text="Cách nhau bởi dấu phẩy.")
    capabilities = _Links(Capability.objects.filter(is_active=True), label="Năng lực nghiệp vụ")
    data_entities = _Links(DataEntity.objects.filter(is_active=True), label="Thực thể dữ liệu")
    programmes = _Links(Programme.objects.filter(is_active=True), label="Chương trình, đề án")
    version = VersionField()

    def __init__(self, user, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.units = {u.pk: u for u in proposable_units(user)}
        if practice is not None and practice.unit_id not in self.units:
            self.units[practice.unit_id] = practice.unit
        if practice is not None:   # an entry stays with the unit that proposed it
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = practice.unit_id
        self.fields["unit"].choices = [("", "— chọn đơn vị —")] + [(pk, u.name) for pk, u in self.units.items()]
        self.fields["projects"] = _Project(linkable_projects(user).only("pk", "code", "name"),
                                           label="Nhiệm vụ, dự án chứng minh")
        self.fields["systems"] = _Links(linkable_systems(user).only("pk", "name"), label="Hệ thống thông tin")
        for name in ("capabilities", "data_entities", "programmes", "projects", "systems"):
            self.fields[name].widget.attrs["size"] = 6
        bootstrap(self)

    @classmethod
    def initial_for(cls, practice) -> dict:
        return {"kind": practice.kind, "title": practice.title, "unit": practice.unit_id,
                "problem": practice.problem, "solution": practice.solution,
                "results_summary": practice.results_summary, "lessons": practice.lessons,
                "reuse_conditions": practice.reuse_conditions, "keywords": practice.keywords,
                "capabilities": list(practice.capabilities.values_list("pk", flat=True)),
                "data_entities": list(practice.data_entities.values_list("pk", flat=True)),
                "programmes": list(practice.programmes.values_list("pk", flat=True)),
                "projects": list(practice.projects.values_list("pk", flat=True)),
                "systems": list(practice.systems.values_list("pk", flat=True)),
                "version": practice.version}

    def data_for_service(self, practice=None) -> dict:
        """The cleaned data as the services take it; links the user may not read (kept from the
        stored entry, e.g. another unit's project linked by the CĐS authority) stay linked; links left
        unchanged are not sent at all."""
        cd = dict(self.cleaned_data)
        cd["unit"] = self.units[cd["unit"]]
        cd.pop("version", None)
        for name in ("capabilities", "data_entities", "programmes", "projects", "systems"):
            cd[name] = list(cd.get(name) or [])
        if practice is not None:
            offered = {"projects": set(self.fields["projects"].queryset.values_list("pk", flat=True)),
                       "systems": set(self.fields["systems"].queryset.values_list("pk", flat=True))}
            for name in ("projects", "systems"):
                stored = list(getattr(practice, name).all())
                if {x.pk for x in stored if x.pk in offered[name]} == {x.pk for x in cd[name]}:
                    del cd[name]    # unchanged: left as stored
                    continue
                cd[name] += [x for x in stored if x.pk not in offered[name]]
        return cd

    groups = (("Nội dung", ("kind", "title", "unit", "problem", "solution", "results_summary", "lessons",
                            "reuse_conditions", "keywords")),
              ("Liên kết và nhãn", ("projects", "systems", "capabilities", "data_entities", "programmes")))

    def grouped(self):
        return [(title, [self[n] for n in names]) for title, names in self.groups]


class ResultRowForm(forms.Form):
    """One measured result; numbers and the date are read by the service (row-numbered
    Vietnamese messages: "Dòng 2: giá trị trước phải là số …")."""

    row_id = IdField(widget=forms.HiddenInput)
    indicator_name = TextField(label="Chỉ tiêu", required=False, max_length=255, multiline=False)
    measure_unit = TextField(label="Đơn vị tính", required=False, max_length=30, multiline=False)
    before = TextField(label="Trước", required=False, max_length=30, multiline=False)
    after = TextField(label="Sau", required=False, max_length=30, multiline=False)
    measured_on = TextField(label="Thời điểm đo", required=False, max_length=20, multiline=False)
    note = TextField(label="Nguồn số liệu, ghi chú", required=False, max_length=500, multiline=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{field.label} quá dài (tối đa {field.max_length} ký tự)."
            field.widget.attrs["class"] = "form-control form-control-sm"
        self.fields["measured_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"
        for name in ("before", "after"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "class": "form-control form-control-sm "
                                                                                  "text-end"})


class _ResultRows(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "Biểu mẫu kết quả không đầy đủ; hãy tải lại trang rồi nhập lại.",
        "too_many_forms": f"Một mô hình ghi tối đa {MAX_RESULTS} chỉ tiêu kết quả.",
        "too_few_forms": "Thiếu dòng kết quả.",
    }


ResultFormSet = forms.formset_factory(ResultRowForm, formset=_ResultRows, extra=0, max_num=MAX_RESULTS,
                                      absolute_max=MAX_RESULTS, validate_max=True)


def result_initial(practice) -> list[dict]:
    """The stored rows as typed text, then blank rows up to the maximum."""
    def plain(value):
        if value is None:
            return ""
        text = format(value.normalize(), "f")
        return text.replace(".", ",")

    rows = [{"row_id": r.pk, "indicator_name": r.indicator_name, "measure_unit": r.measure_unit,
             "before": plain(r.before), "after": plain(r.after),
             "measured_on": r.measured_on.strftime("%d/%m/%Y") if r.measured_on else "", "note": r.note}
            for r in practice.results.all()]
    return rows + [{} for _ in range(MAX_RESULTS - len(rows))]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=DocKind.choices, error_messages={
        "invalid_choice": "Loại tài liệu không hợp lệ.", "required": "Chưa chọn loại tài liệu."})
    title = text_field("tên tài liệu", limit=300, label="Tên tài liệu", multiline=False)
    file = forms.FileField(label="Tệp (PDF, Word, Excel, ảnh quét; tối đa 20 MB)", widget=FileInput(small=True),
                           error_messages={"required": "Chưa chọn tệp tài liệu.", "empty": "Tệp rỗng.",
                                           "invalid": "Tệp không hợp lệ."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class StepForm(forms.Form):
    """A workflow step: the version the page was opened with and the note (required to return
    or withdraw, the services say so)."""

    version = VersionField()
    note = TextField(required=False, max_length=2000, error_messages={
        "max_length": "Ý kiến quá dài (tối đa 2.000 ký tự)."})


class RemoveDocumentForm(forms.Form):
    reason = TextField(required=False, max_length=1000, error_messages={
        "max_length": "Lý do quá dài (tối đa 1.000 ký tự)."})


class NominateForm(forms.Form):
    review = IdField()

