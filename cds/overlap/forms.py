from django import forms

from cds.core.forms import TextField

from .models import PairStatus
from .services import DECISIONS


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label="Kết luận", choices=[(s, PairStatus(s).label) for s in DECISIONS],
                               widget=forms.RadioSelect, error_messages={"required": "Hãy chọn kết luận."})
    reason = TextField(label="Lý do", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Hãy ghi lý do của kết luận."})
    version = forms.IntegerField(widget=forms.HiddenInput)


class QueueFilterForm(forms.Form):
    """``?status=`` (a pair status or "all"; anything else shows the pending pairs) and ``?page=``."""

    status = forms.ChoiceField(choices=list(PairStatus.choices) + [("all", "Tất cả")], required=False)
    page = TextField(required=False)

    def chosen_status(self) -> str:
        return (self.cleaned_data.get("status") if self.is_valid() else "") or PairStatus.PENDING
