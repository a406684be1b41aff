"""Forms of the review pages of the yearly plan (a proposal, the consolidation, a plan version):
they read what was typed with the services' Vietnamese wording; the rules (status, maker ≠
checker, envelopes, the rubric's scale) stay in :mod:`cds.plans.services` and come back through
:func:`cds.core.forms.run_form_service`."""
from __future__ import annotations

from django import forms

from cds.core.forms import IdField, MoneyField, TextField, VersionField, VNDateField, text_field

from .models import Funding

TEXT_LIMIT = 10_000


class VersionForm(forms.Form):
    version = VersionField()


class CommentForm(VersionForm):
    """Returning a proposal or a plan: the comment the unit or the authority reads."""

    comment = text_field("ý kiến", limit=TEXT_LIMIT, rows=3)


class ReasonForm(VersionForm):
    """Rejecting a proposal: the reason kept on it."""

    reason = text_field("lý do", limit=TEXT_LIMIT, rows=3)


class MergeForm(VersionForm):
    into = IdField(error_messages={"invalid": "Chọn một đề xuất để gộp vào."})
    reason = text_field("lý do gộp", limit=TEXT_LIMIT, rows=3)

    def clean_into(self):
        value = self.cleaned_data.get("into")
        if value is None:
            raise forms.ValidationError("Chọn một đề xuất để gộp vào.")
        return value


class FundingForm(VersionForm):
    funding = forms.ChoiceField(choices=[(Funding.FUNDED, Funding.FUNDED.label),
                                         (Funding.UNFUNDED, Funding.UNFUNDED.label)],
                                error_messages={"required": "Chọn “Đề nghị bố trí” hoặc “Chưa bố trí được”.",
                                                "invalid_choice": "Chọn “Đề nghị bố trí” hoặc “Chưa bố trí được”."})
    note = text_field("ghi chú", limit=TEXT_LIMIT, required=False, rows=2)


class ScoreForm(forms.Form):
    """One mark per criterion of the round's rubric (``mark_<code>``) and a comment. The marks
    are passed to the service as typed: it says which criterion is missing or out of scale."""

    comment = text_field("nhận xét", limit=TEXT_LIMIT, required=False, rows=2)

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for c in rubric.criteria:
            self.fields[f"mark_{c['code']}"] = TextField(noun=f"điểm tiêu chí “{c['name']}”", required=False,
                                                         max_length=10, multiline=False)

    def marks(self) -> dict:
        return {c["code"]: self.cleaned_data.get(f"mark_{c['code']}") for c in self.rubric.criteria}


class DraftPlanForm(forms.Form):
    title = text_field("tên kế hoạch", limit=500, required=False)
    reason = text_field("lý do điều chỉnh", limit=TEXT_LIMIT, required=False, rows=2)


class PlanSubmitForm(VersionForm):
    over_reason = text_field("lý do vượt hạn mức", limit=TEXT_LIMIT, required=False, rows=2)


class ApproveForm(VersionForm):
    decision_number = text_field("số quyết định, văn bản", limit=80)
    decision_date = VNDateField(noun="ngày ban hành")


class AddItemForm(VersionForm):
    proposal = IdField()

    def clean_proposal(self):
        value = self.cleaned_data.get("proposal")
        if value is None:
            raise forms.ValidationError("Chọn một đề xuất đã gửi để đưa vào kế hoạch.")
        return value


class ItemForm(VersionForm):
    """A plan item's note and its amounts: one money cell per (year, funding source) of the
    grid (``cost_<year>_<source id>``); an empty cell is no amount."""

    note = text_field("ghi chú", limit=500, required=False)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = cells  # [(year, FundingSource)]
        for year, src in cells:
            self.fields[f"cost_{year}_{src.pk}"] = MoneyField(required=False, label=f"{src.name} năm {year}")

    def costs(self) -> list[dict]:
        return [{"year": year, "funding_source": src, "amount": self.cleaned_data.get(f"cost_{year}_{src.pk}")}
                for year, src in self.cells]


class RubricForm(forms.Form):
    """A new version of a rubric: its name, method, citation and criteria, one row each
    (``code_<i>``, ``name_<i>``, ``weight_<i>``, ``guidance_<i>``); empty rows are ignored. The
    service checks codes, weights (whole numbers summing to 100) and names."""

    name = text_field("tên bộ tiêu chí", limit=255)
    description = text_field("cách chấm", limit=TEXT_LIMIT, required=False, rows=3)
    citation = text_field("căn cứ", limit=TEXT_LIMIT, required=False, rows=2)

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            self.fields[f"code_{i}"] = TextField(noun="mã tiêu chí", required=False, max_length=30, multiline=False)
            self.fields[f"name_{i}"] = TextField(noun="tên tiêu chí", required=False, max_length=255, multiline=False)
            self.fields[f"weight_{i}"] = TextField(noun="trọng số", required=False, max_length=10, multiline=False)
            self.fields[f"guidance_{i}"] = TextField(noun="hướng dẫn chấm", required=False, max_length=2000)

    def criteria(self) -> list[dict]:
        cd = self.cleaned_data
        out = []
        for i in range(self.rows):
            row = {k: cd.get(f"{k}_{i}") or "" for k in ("code", "name", "weight", "guidance")}
            if any(row.values()):
                out.append(row)
        return out

    def table(self) -> list[dict]:
        return [{k: self[f"{k}_{i}"] for k in ("code", "name", "weight", "guidance")} for i in range(self.rows)]
