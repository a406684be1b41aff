"""The forms of the bottleneck register's pages (parsed with the house fields; the services
check everything again)."""
from django import forms

from cds.core.forms import IdField, VersionField, VNDateField, bootstrap, text_field

from .models import DecisionLevel, GroupKind
from .services.bottlenecks import MAX_TEXT, MAX_TITLE

LEVELS = [("", "— giữ nguyên —")] + list(DecisionLevel.choices)


class _Form(forms.Form):
    ids = "id"      # several forms share the item's page: each its own element ids

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.ids}_%s")
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RaiseForm(_Form):
    unit = IdField(label="Đơn vị phản ánh")
    title = text_field("điểm nghẽn, khó khăn", limit=MAX_TITLE, label="Điểm nghẽn, khó khăn", multiline=False)
    description = text_field("mô tả", limit=MAX_TEXT, required=False, rows=4, label="Mô tả")
    proposal = text_field("đề xuất, kiến nghị", limit=MAX_TEXT, required=False, rows=3, label="Đề xuất, kiến nghị")
    group = forms.ChoiceField(label="Nhóm", choices=GroupKind.choices, initial=GroupKind.OTHER)
    project = IdField(label="Nhiệm vụ/dự án")
    decision_level = forms.ChoiceField(label="Cấp quyết định", choices=DecisionLevel.choices,
                                       initial=DecisionLevel.PROVINCE)
    responsible_unit = IdField(label="Cơ quan trả lời, xử lý")
    answer_due = VNDateField(noun="hạn trả lời", required=False, label="Hạn trả lời")
    round = IdField(widget=forms.HiddenInput)
    response = IdField(widget=forms.HiddenInput)

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AnswerForm(_Form):
    ids = "ans"
    answer = text_field("nội dung trả lời", limit=MAX_TEXT, rows=4, label="Trả lời")
    version = VersionField()


class ProposeForm(_Form):
    ids = "pro"
    text = text_field("nội dung đề xuất", limit=MAX_TEXT, rows=4, label="Đề xuất lãnh đạo quyết định")
    decision_level = forms.ChoiceField(label="Cấp quyết định", choices=LEVELS, required=False)
    version = VersionField()


class AssignForm(_Form):
    """Either a new task of a directive (``directive`` with its content, lead unit and deadline)
    or an existing task of the register (``task``, its number shown on the directives pages)."""

    ids = "asg"
    directive = IdField(label="Văn bản chỉ đạo")
    content = text_field("nội dung nhiệm vụ", limit=MAX_TEXT, required=False, rows=3, label="Nội dung nhiệm vụ")
    lead_unit = IdField(label="Đơn vị chủ trì")
    deadline = VNDateField(noun="thời hạn", required=False, label="Thời hạn")
    expected_product = text_field("sản phẩm, kết quả", limit=500, required=False, label="Sản phẩm, kết quả",
                                  multiline=False)
    task = IdField(label="Hoặc gắn nhiệm vụ đã có (số hiệu nhiệm vụ)")
    version = VersionField()

    def clean(self):
        data = super().clean()
        if not data.get("directive") and not data.get("task"):
            raise forms.ValidationError("Chọn văn bản chỉ đạo để giao nhiệm vụ mới, hoặc nhập số hiệu nhiệm vụ đã có.")
        return data


class ResolveForm(_Form):
    ids = "res"
    note = text_field("ghi chú", limit=MAX_TEXT, required=False, rows=2, label="Kết quả tháo gỡ, ghi chú")
    closed = forms.BooleanField(required=False, label="Đóng, không xử lý (ghi rõ lý do)")
    version = VersionField()
