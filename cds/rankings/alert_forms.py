"""The forms of a follow-up item's page (parsed with the house fields; the services check
everything again)."""
from django import forms

from cds.core.forms import IdField, VersionField, VNDateField, bootstrap, text_field

from .models import AlertOutcome
from .services_alerts import NOTE_LIMIT


class _Form(forms.Form):
    ids = "id"      # two forms share the item's page: each its own element ids

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.ids}_%s")
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AssignForm(_Form):
    ids = "asg"
    owner = IdField(label="Người phụ trách")
    due_on = VNDateField(noun="hạn xem xét", label="Hạn xem xét, kết luận")
    version = VersionField()


class CloseForm(_Form):
    ids = "cls"
    outcome = forms.ChoiceField(label="Kết luận", choices=[("", "— chọn kết luận —"), *AlertOutcome.choices],
                                error_messages={"required": "Chưa chọn kết luận.",
                                                "invalid_choice": "Kết luận không hợp lệ."})
    outcome_note = text_field("nội dung kết luận", limit=NOTE_LIMIT, rows=4, label="Nội dung kết luận")
    version = VersionField()
