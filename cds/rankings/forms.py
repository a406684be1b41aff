"""Forms of the ranking's pages: a method version (new, edited criterion by criterion), its
submission and the leader's decision, a period opened under an approved method, and the plain
version-carrying forms of the action buttons. The services say what is allowed; these read what
was typed."""
from __future__ import annotations

from django import forms

from cds.core.forms import IdField, VersionField, bootstrap, text_field

from .services import MAX_WEIGHT, TEXT_LIMIT, TITLE_LIMIT

WEIGHT_ERRORS = {"required": "Chưa nhập trọng số.", "invalid": "Trọng số phải là số nguyên.",
                 "min_value": "Trọng số không được âm.",
                 "max_value": f"Trọng số không quá {MAX_WEIGHT} điểm."}


class VersionForm(forms.Form):
    version = VersionField()


class MethodNewForm(forms.Form):
    title = text_field("tên phương pháp", limit=TITLE_LIMIT, label="Tên phương pháp", multiline=False)
    description = text_field("công thức, cách tính chung", limit=TEXT_LIMIT, required=False, rows=4,
                             label="Công thức, cách tính chung")
    based_on = IdField(label="Sửa đổi từ phiên bản", widget=forms.Select)

    def __init__(self, *args, bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].widget.choices = [("", "— mọi tiêu chí với trọng số mặc định —")] + [
            (m.pk, f"Phiên bản {m.number}: {m.title} ({m.get_status_display().lower()})") for m in bases]
        bootstrap(self)


class MethodEditForm(VersionForm):
    """The title, the description and, for each criterion of the draft (``criteria``), its name,
    weight, data source and formula — fields ``<code>-name``, ``<code>-weight``, ``<code>-source``,
    ``<code>-formula``; :meth:`rows` gives them in the shape of the service."""

    title = text_field("tên phương pháp", limit=TITLE_LIMIT, label="Tên phương pháp", multiline=False)
    description = text_field("công thức, cách tính chung", limit=TEXT_LIMIT, required=False, rows=3,
                             label="Công thức, cách tính chung")

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = [c.code for c in criteria]
        for c in criteria:
            self.fields[f"{c.code}-name"] = text_field("tên tiêu chí", limit=255, label="Tên tiêu chí",
                                                       multiline=False, initial=c.name)
            self.fields[f"{c.code}-weight"] = forms.IntegerField(
                label="Trọng số", min_value=0, max_value=MAX_WEIGHT, initial=c.weight, error_messages=WEIGHT_ERRORS,
                widget=forms.NumberInput(attrs={"class": "form-control rk-weight", "min": 0, "max": MAX_WEIGHT}))
            self.fields[f"{c.code}-source"] = text_field("nguồn dữ liệu", limit=TEXT_LIMIT, required=False, rows=2,
                                                         label="Nguồn dữ liệu", initial=c.source)
            self.fields[f"{c.code}-formula"] = text_field("cách tính", limit=TEXT_LIMIT, required=False, rows=2,
                                                          label="Cách tính", initial=c.formula)
        bootstrap(self)

    def row_fields(self):
        """(code, name, weight, source, formula) bound fields, one tuple per criterion."""
        return [(code, self[f"{code}-name"], self[f"{code}-weight"], self[f"{code}-source"], self[f"{code}-formula"])
                for code in self.codes]

    def rows(self) -> list[dict]:
        cd = self.cleaned_data
        return [{"code": code, "name": cd[f"{code}-name"], "weight": cd[f"{code}-weight"],
                 "source": cd.get(f"{code}-source", ""), "formula": cd.get(f"{code}-formula", "")}
                for code in self.codes]


DECISIONS = (("approve", "Phê duyệt, công bố phiên bản này"), ("return", "Trả lại để soạn lại"))


class DecideForm(VersionForm):
    decision = forms.ChoiceField(label="Quyết định", choices=DECISIONS, widget=forms.RadioSelect,
                                 error_messages={"required": "Chọn phê duyệt hoặc trả lại.",
                                                 "invalid_choice": "Chọn phê duyệt hoặc trả lại."})
    note = text_field("ý kiến", limit=TEXT_LIMIT, required=False, rows=2, label="Ý kiến (bắt buộc khi trả lại)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class PeriodNewForm(forms.Form):
    year = forms.IntegerField(label="Năm xếp hạng", min_value=2000, max_value=2100, error_messages={
        "required": "Chưa nhập năm xếp hạng.", "invalid": "Năm xếp hạng phải là số, ví dụ 2025.",
        "min_value": "Năm xếp hạng không hợp lệ.", "max_value": "Năm xếp hạng không hợp lệ."})
    method = IdField(label="Phương pháp áp dụng (đã phê duyệt)", widget=forms.Select)
    name = text_field("tên kỳ xếp hạng", limit=300, required=False, multiline=False,
                      label="Tên kỳ xếp hạng (để trống: “Xếp hạng tuân thủ năm …”)")

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].widget.choices = [("", "— chọn phương pháp —")] + [
            (m.pk, f"Phiên bản {m.number}: {m.title}") for m in methods]
        bootstrap(self)


class CompareComputeForm(forms.Form):
    method = IdField()
