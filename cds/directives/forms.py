"""Forms of the directives register's pages: they read what was typed (types, required fields,
dates dd/mm/yyyy) with the services' Vietnamese wording, and the list filters' query parameters;
the register's rules (the issuer's tree, deadlines after the issue date, maker ≠ checker …)
stay in :mod:`cds.directives.services` and come back through
:func:`cds.core.forms.run_form_service`."""
from __future__ import annotations

import datetime as dt
import re

from django import forms

from cds.core.forms import IdField, IdListField, TextField, VersionField, VNDateField, text_field
from cds.core.validation import missing_message
from cds.core.widgets import FileInput
from cds.orgs.models import Unit

from .models import DeadlineKind, DirectiveKind
from .selectors import STATUS_FILTERS, TaskFilter
from .services import MAX_FULL_TEXT, MAX_TASK_TEXT

NUMBER_FORMAT = "Số, ký hiệu phải có dạng “số/ký hiệu”, ví dụ 8826/UBND-VXNV hoặc 61/TB-UBND."
PERCENT = "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."
BAD_FILTER = "Giá trị lọc không hợp lệ."
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ALL_YEARS = "tat-ca"


class CheckField(forms.BooleanField):
    """A checkbox posted as value="1"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return value is True or str(value) == "1"   # the checkbox widget reads "1" as True


# ---------------------------------------------------------------- directives ----

class DirectiveForm(forms.Form):
    kind = forms.ChoiceField(choices=DirectiveKind.choices, error_messages={
        "required": "Loại văn bản không hợp lệ.", "invalid_choice": "Loại văn bản không hợp lệ."})
    number = text_field("số, ký hiệu văn bản", limit=60)
    issued_on = VNDateField(noun="ngày ban hành")
    issuer = forms.ModelChoiceField(queryset=Unit.objects.all(), error_messages={
        "required": "Chưa chọn cơ quan ban hành.", "invalid_choice": "Chưa chọn cơ quan ban hành."})
    signer = text_field("người ký", limit=200, required=False)
    title = text_field("trích yếu", limit=500)
    full_text = text_field("toàn văn", limit=MAX_FULL_TEXT, required=False)
    file = forms.FileField(required=False, widget=FileInput, error_messages={"empty": "Tệp rỗng."})
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].error_messages["max_length"] = NUMBER_FORMAT

    def directive_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("kind", "number", "issued_on", "issuer", "signer", "title", "full_text")}


class DirectiveSearchForm(forms.Form):
    q = TextField(required=False)

    def query(self) -> str:
        return (self.cleaned_data["q"] if self.is_valid() else "").strip()[:200]


# -------------------------------------------------------------------- tasks ----

TASK_TEXT_FIELDS = ("content", "lead_text", "coordinating_text", "responsible", "deadline_kind", "deadline",
                    "deadline_text", "expected_product")


class TaskForm(forms.Form):
    """A task typed on the directive's page or its edit page."""

    content = text_field("nội dung nhiệm vụ", limit=MAX_TASK_TEXT)
    lead_unit = IdField()
    lead_text = text_field("đơn vị chủ trì", limit=300, required=False)
    coordinating_units = IdListField()
    coordinating_text = text_field("đơn vị phối hợp", limit=500, required=False)
    responsible = text_field("người chịu trách nhiệm", limit=200, required=False)
    deadline_kind = forms.ChoiceField(choices=DeadlineKind.choices, required=False, error_messages={
        "invalid_choice": "Loại thời hạn không hợp lệ."})
    deadline = VNDateField(noun="thời hạn", required=False)
    deadline_text = text_field("thời hạn ghi trong văn bản", limit=200, required=False)
    expected_product = text_field("sản phẩm, kết quả", limit=500, required=False)
    projects = IdListField()
    version = VersionField()

    def clean(self):
        data = super().clean()
        kind = data.get("deadline_kind") or DeadlineKind.DATE
        data["deadline_kind"] = kind
        if kind != DeadlineKind.NONE and data.get("deadline") is None and "deadline" not in self.errors:
            self.add_error("deadline", missing_message("thời hạn"))
        return data

    def task_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def typed_values(self) -> dict:
        """What was typed, as the task form's template shows it (a refusal keeps it)."""
        values = {name: self.data.get(name, "") for name in TASK_TEXT_FIELDS}
        values.update(lead_unit=self.fields["lead_unit"].to_python(self.data.get("lead_unit")),
                      coordinating_units=self.fields["coordinating_units"].to_python(
                          self.data.getlist("coordinating_units")),
                      projects=self.fields["projects"].to_python(self.data.getlist("projects")))
        return values

    @staticmethod
    def values_of(task=None) -> dict:
        """The task form's values for ``task`` (a blank task when None)."""
        if task is None:
            return {name: "" for name in TASK_TEXT_FIELDS} | {
                "deadline_kind": DeadlineKind.DATE, "lead_unit": None, "coordinating_units": [], "projects": []}
        values = {name: getattr(task, name) or "" for name in TASK_TEXT_FIELDS}
        values.update(deadline=f"{task.deadline:%d/%m/%Y}" if task.deadline else "", lead_unit=task.lead_unit_id,
                      coordinating_units=[u.pk for u in task.coordinating_units.all()],
                      projects=list(task.projects.values_list("pk", flat=True)))
        return values


class ProgressReportForm(forms.Form):
    percent = forms.IntegerField(required=False, min_value=0, max_value=100, error_messages={
        "invalid": PERCENT, "min_value": PERCENT, "max_value": PERCENT})
    content = text_field("kết quả thực hiện", limit=MAX_TASK_TEXT)
    completes = CheckField()
    evidence = forms.FileField(required=False, widget=FileInput, error_messages={"empty": "Tệp rỗng."})
    version = VersionField()

    def clean(self):
        data = super().clean()
        if data.get("percent") is None and "percent" not in self.errors:
            if data.get("completes"):
                data["percent"] = 100
            else:
                self.add_error("percent", PERCENT)
        return data


class ExtensionRequestForm(forms.Form):
    proposed = VNDateField(noun="thời hạn đề nghị")
    reason = text_field("lý do đề nghị gia hạn", limit=2000)


class ExtensionDecisionForm(forms.Form):
    CHOOSE = "Chọn đồng ý hoặc không đồng ý gia hạn."
    decision = forms.ChoiceField(choices=(("approve", "Đồng ý gia hạn"), ("reject", "Không đồng ý")),
                                 error_messages={"required": CHOOSE, "invalid_choice": CHOOSE})
    note = text_field("ý kiến", limit=2000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note") and "note" not in self.errors:
            self.add_error("note", missing_message("ý kiến"))
        return data


# ---------------------------------------------------------------- assistant ----

ROW_KEYS = ("content", "lead_units", "lead_text", "coordinating_units", "coordinating_text", "deadline_kind",
            "deadline", "deadline_text", "responsible", "expected_product")
MAX_FORM_ROWS = 500          # cards read back from the assistant's form


class AssistantForm(forms.Form):
    """The extraction assistant: ``action`` is "extract" (propose tasks from ``text``) or "save"
    (save the ``rows`` cards the user kept)."""

    text = TextField(required=False, strip=False)
    action = forms.ChoiceField(choices=(("extract", "extract"), ("save", "save")), error_messages={
        "required": "Thao tác không hợp lệ.", "invalid_choice": "Thao tác không hợp lệ."})
    rows = forms.IntegerField(required=False, min_value=0)

    def cards(self) -> list[dict]:
        """The assistant's cards as posted (``row-<i>-…``); the service checks each kept one."""
        n = min(self.cleaned_data.get("rows") or 0, MAX_FORM_ROWS)
        cards = []
        for i in range(n):
            row = AssignmentRowForm(self.data, prefix=f"row-{i}")
            row.is_valid()
            cards.append(row.cleaned_data | {"warnings": self.data.getlist(f"row-{i}-warning"), "errors": []})
        return cards


class AssignmentRowForm(forms.Form):
    """One card of the assistant; plain text here, the service reports "Dòng n: …"."""

    keep = CheckField()
    content = TextField(required=False)
    lead_units = IdListField()
    lead_text = TextField(required=False)
    coordinating_units = IdListField()
    coordinating_text = TextField(required=False)
    deadline_kind = TextField(required=False)
    deadline = TextField(required=False)
    deadline_text = TextField(required=False)
    responsible = TextField(required=False)
    expected_product = TextField(required=False)


# ------------------------------------------------------------------ filters ----

class TaskFilterForm(forms.Form):
    """The overview's filter bar; a wrong value is dropped with a warning, the rest still filter."""

    q = TextField(required=False)
    status = forms.ChoiceField(choices=[("", "")] + list(STATUS_FILTERS.items()), required=False,
                               error_messages={"invalid_choice": "Trạng thái lọc không hợp lệ."})
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, error_messages={
        "invalid": BAD_FILTER, "min_value": BAD_FILTER, "max_value": BAD_FILTER})
    directive = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, error_messages={
        "invalid": BAD_FILTER, "min_value": BAD_FILTER, "max_value": BAD_FILTER})
    year = forms.IntegerField(required=False, min_value=1, max_value=9999, error_messages={
        "invalid": BAD_FILTER, "min_value": BAD_FILTER, "max_value": BAD_FILTER})

    def task_filter(self) -> TaskFilter:
        self.is_valid()
        cd = self.cleaned_data
        errors = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                if message not in errors:
                    errors.append(message)
        return TaskFilter(q=(cd.get("q") or "").strip()[:200], status=cd.get("status") or "", unit=cd.get("unit"),
                          directive=cd.get("directive"), year=cd.get("year"), errors=errors)


class MonthForm(forms.Form):
    """``?thang=YYYY-MM`` of the calendar, and ``?ngay=YYYY-MM-DD``: the day whose tasks are listed."""

    thang = TextField(required=False)
    ngay = TextField(required=False)

    def day(self) -> dt.date | None:
        """The day asked for; None when absent; ``ValueError`` when unreadable."""
        raw = (self.cleaned_data.get("ngay") or "").strip() if self.is_valid() else ""
        if not raw:
            return None
        try:
            day = dt.date.fromisoformat(raw) if DAY_RE.match(raw) else None
        except ValueError:
            day = None
        if day is None or not 2000 <= day.year <= 2100:
            raise ValueError(raw)
        return day

    def month(self) -> tuple[int, int] | None:
        """(year, month) asked for; None when absent; ``ValueError`` when unreadable."""
        raw = (self.cleaned_data.get("thang") or "").strip() if self.is_valid() else ""
        if not raw:
            return None
        m = MONTH_RE.match(raw)
        if m and 2000 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
        raise ValueError(raw)


class YearForm(forms.Form):
    """``?nam=YYYY`` (or ``tat-ca``) of the results by unit, and ``?overdue=1`` for only the
    units with an overdue task."""

    nam = TextField(required=False)
    overdue = forms.BooleanField(required=False)

    def overdue_only(self) -> bool:
        return bool(self.cleaned_data.get("overdue")) if self.is_valid() else False

    def year(self, default: int) -> int | None:
        """The year asked for, None for every year; ``ValueError`` when unreadable."""
        raw = (self.cleaned_data.get("nam") or "").strip() if self.is_valid() else ""
        if raw == ALL_YEARS:
            return None
        if not raw:
            return default
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            return int(raw)
        raise ValueError(raw)
