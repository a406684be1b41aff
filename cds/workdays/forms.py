"""The calendar page's inputs: the year shown and the period calculator."""
from django import forms
from django.utils import timezone

from cds.core.forms import TextField, VNDateField, error_list

UNITS = (("working", "ngày làm việc"), ("calendar", "ngày"))


class YearForm(forms.Form):
    """The year shown; out of range or garbled reads as the current year, clamped to 1990–2099."""

    year = forms.IntegerField(required=False)

    def year_or_current(self) -> int:
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return min(max(year or timezone.localdate().year, 1990), 2099)


class PeriodForm(forms.Form):
    """"Trong 15 ngày làm việc kể từ 24/01/2025": the start (dd/mm/yyyy only, as written in a
    notice), the number of days and their kind. The limits on days are the calendar's own
    (:func:`cds.workdays.calendar.due_date` says them), so the days arrive as typed."""

    start = VNDateField(noun="ngày bắt đầu", input_formats=["%d/%m/%Y"], error_messages={
        "invalid": "Ngày bắt đầu phải có dạng dd/mm/yyyy.", "required": "Chưa nhập ngày bắt đầu."})
    days = TextField(required=False)
    unit = forms.ChoiceField(choices=UNITS, required=False)

    def clean_days(self) -> int:
        text = (self.cleaned_data.get("days") or "").strip()
        return int(text) if text.isascii() and text.isdigit() else 0

    def clean_unit(self) -> str:
        return self.cleaned_data.get("unit") or "working"

    def first_error(self) -> str:
        return error_list(self)[0] if error_list(self) else ""
