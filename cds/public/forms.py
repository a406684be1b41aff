"""Forms of the staff's publication pages: preparing a snapshot, the leader's decision, withholding
a project and lifting it. Messages are the services' (Vietnamese), dates dd/mm/yyyy."""
from django import forms

from cds.core.forms import IdField, VersionField, VNDateField, bootstrap, text_field

from .services import REASON_LIMIT

APPROVE, REJECT = "approve", "reject"


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class PrepareForm(_Form):
    don_vi = IdField(widget=forms.HiddenInput)
    as_of = VNDateField(noun="ngày số liệu", required=False, label="Số liệu đến ngày")


class DecideForm(_Form):
    decision = forms.ChoiceField(choices=[(APPROVE, "Duyệt công bố"), (REJECT, "Không duyệt")],
                                 error_messages={"required": "Chưa chọn duyệt hay không duyệt.",
                                                 "invalid_choice": "Quyết định không hợp lệ."})
    note = text_field("ý kiến", limit=REASON_LIMIT, required=False, rows=2)
    version = VersionField()


class WithholdForm(_Form):
    project = text_field("mã nhiệm vụ/dự án", limit=40, multiline=False)
    reason = text_field("lý do không công bố", limit=REASON_LIMIT, rows=2)


class LiftForm(_Form):
    reason = text_field("lý do bỏ không công bố", limit=REASON_LIMIT, rows=2)
