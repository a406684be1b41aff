"""Forms of the planning-round pages: they check shape (types, required fields, whole đồng) with
Vietnamese messages; the rules (a period of at most ten years, units of the round's tree, a
published rubric, maker ≠ checker …) stay in :mod:`cds.plans.services` and come back as form
errors. Money grids (envelopes, a proposal's costs) are one :class:`~cds.core.forms.MoneyField`
per funding source and year."""
from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
from cds.core.forms import IdField, MoneyField, TextField, VersionField, VNDateField, bootstrap, text_field
from cds.orgs.models import Unit, UnitKind
from cds.projects.forms import UnitChoiceField, unit_queryset
from cds.projects.models import Kind
from cds.rules.models import LegalRegime
from cds.systems.models import Category, InformationSystem, Lifecycle
from cds.systems.permissions import inventory_systems
from cds.text.format import format_vnd, vndate

from .models import Funding, Priority, Round, Rubric

TEXT_LIMIT = 10_000
MAX_GRID_YEARS = 10
#: The units a round usually calls: departments, districts, the provincial police.
CALLED_KINDS = (UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.POLICE)
YEAR_MESSAGES = {"invalid": "Năm phải là số, ví dụ 2027.", "min_value": "Năm không hợp lệ.",
                 "max_value": "Năm không hợp lệ."}


def _required(form, **messages):
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


def _choice_messages(form, *names):
    for name in names:
        form.fields[name].error_messages.update({
            "invalid_choice": "Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.",
            "invalid_pk_value": "Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.",
            "invalid_list": "Lựa chọn không hợp lệ; hãy chọn lại trong danh sách."})


def money_text(amount) -> str:
    """A stored amount as the user would type it: 5.000.000.000 ("" when nothing is stored)."""
    return format_vnd(amount) if amount else ""


def money_widget(label: str):
    return forms.TextInput(attrs={"class": "form-control form-control-sm text-end money-input", "inputmode": "numeric",
                                  "autocomplete": "off", "aria-label": label})


def sources_for(*used_ids) -> list[FundingSource]:
    """The active funding sources, and those already used even if no longer active."""
    ids = {i for i in used_ids if i}
    return list(FundingSource.objects.filter(Q(is_active=True) | Q(pk__in=ids)).order_by("sort_order", "name"))


class MoneyGrid:
    """Funding sources × years as form fields ``<prefix>_<source id>_<year>``."""

    def __init__(self, form, prefix: str, sources, years, what: str):
        self.form, self.prefix, self.sources, self.years = form, prefix, list(sources), list(years)
        for s in self.sources:
            for y in self.years:
                label = f"{what} nguồn {s.name} năm {y}"
                form.fields[self.name(s.pk, y)] = MoneyField(
                    label=label, required=False, widget=money_widget(label))

    def name(self, source_id, year) -> str:
        return f"{self.prefix}_{source_id}_{year}"

    def rows(self):
        """[(source, [bound fields by year])] for the template; a cell with an error is marked."""
        out = []
        for s in self.sources:
            cells = []
            for y in self.years:
                bound = self.form[self.name(s.pk, y)]
                if bound.errors:
                    attrs = self.form.fields[bound.name].widget.attrs
                    attrs["class"] = attrs.get("class", "") + " is-invalid"
                cells.append(bound)
            out.append((s, cells))
        return out

    def values(self) -> list[dict]:
        """Every cell as ``{"funding_source", "year", "amount"}`` (empty cells: amount None)."""
        data = self.form.cleaned_data
        return [{"funding_source": s, "year": y, "amount": data.get(self.name(s.pk, y))}
                for s in self.sources for y in self.years]

    def errors(self) -> list[str]:
        """The cells' messages, each naming its source and year."""
        out = []
        for s in self.sources:
            for y in self.years:
                for e in self.form.errors.get(self.name(s.pk, y), []):
                    out.append(f"Nguồn {s.name} năm {y}: {e}")
        return out

    @staticmethod
    def initial(prefix: str, rows) -> dict:
        return {f"{prefix}_{source_id}_{year}": money_text(amount) for source_id, year, amount in rows}


# ----------------------------------------------------------------- rounds ----

def tree_units(user):
    """Units of the user's tree still in operation, in tree order."""
    today = timezone.localdate()
    return (unit_queryset(user).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("path"))


class RoundForm(forms.Form):
    name = text_field("tên đợt lập kế hoạch", label="Tên đợt lập kế hoạch", limit=300, multiline=False,
                      widget=forms.TextInput(attrs={"placeholder": "VD: Kế hoạch ứng dụng CNTT, chuyển đổi số năm 2027"}))
    year_from = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100, error_messages=YEAR_MESSAGES)
    year_to = forms.IntegerField(label="Đến năm", min_value=2000, max_value=2100, required=False,
                                 error_messages=YEAR_MESSAGES)
    basis_number = text_field("số, ký hiệu văn bản", label="Số, ký hiệu văn bản", limit=80, multiline=False,
                              widget=forms.TextInput(attrs={"placeholder": "VD: 8793/KH-UBND"}))
    basis_date = VNDateField(label="Ngày văn bản", noun="ngày văn bản")
    basis_issuer = text_field("cơ quan ban hành", label="Cơ quan ban hành", limit=255, required=False,
                              multiline=False, widget=forms.TextInput(attrs={"placeholder": "VD: UBND tỉnh"}))
    basis_title = text_field("trích yếu", label="Trích yếu", limit=500, required=False, multiline=False)
    deadline = VNDateField(label="Hạn gửi đề xuất", noun="hạn gửi đề xuất")
    receiving_unit = UnitChoiceField(label="Cơ quan tổng hợp (chuyên trách CĐS)", queryset=Unit.objects.none(),
                                     empty_label="— chọn đơn vị —")
    finance_unit = UnitChoiceField(label="Cơ quan tài chính cùng chấm điểm", queryset=Unit.objects.none(),
                                   required=False, empty_label="— không —")
    called_units = forms.ModelMultipleChoiceField(label="Đơn vị được đề nghị gửi đề xuất", queryset=Unit.objects.none(),
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    call_all = forms.BooleanField(label="Tất cả sở, ban, ngành, UBND cấp huyện và Công an tỉnh", required=False)
    rubric = forms.ModelChoiceField(label="Bộ tiêu chí chấm điểm", queryset=Rubric.objects.none(),
                                    empty_label="— chọn bộ tiêu chí đã công bố —")
    version = VersionField()

    def __init__(self, *args, user, round_: Round | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        units = unit_queryset(user)
        self.fields["receiving_unit"].queryset = units
        self.fields["finance_unit"].queryset = units
        called = tree_units(user)
        if round_ is not None:
            called = Unit.objects.filter(Q(pk__in=called.values("pk")) | Q(pk__in=round_.called_units.values("pk"))
                                         ).order_by("path")
        self.fields["called_units"].queryset = called.exclude(depth=0)
        rubrics = Rubric.objects.filter(published_on__isnull=False)
        if round_ is not None:
            rubrics = Rubric.objects.filter(Q(published_on__isnull=False) | Q(pk=round_.rubric_id))
            self.fields["rubric"].disabled = True  # the version a round was opened with stays
        self.fields["rubric"].queryset = rubrics.order_by("code", "-version")
        bootstrap(self)
        _required(self, year_from="Chưa nhập năm bắt đầu của kế hoạch.",
                  receiving_unit="Chưa chọn cơ quan tổng hợp.", rubric="Chọn một bộ tiêu chí đã công bố.")
        _choice_messages(self, "receiving_unit", "finance_unit", "called_units", "rubric")

    @staticmethod
    def initial_for(user, round_: Round | None = None, rubric: Rubric | None = None) -> dict:
        if round_ is None:
            year = timezone.localdate().year + 1
            return {"year_from": year, "year_to": year, "basis_issuer": "UBND tỉnh", "receiving_unit": user.unit_id,
                    "rubric": rubric.pk if rubric else None,
                    "name": f"Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số năm {year}"}
        return {"name": round_.name, "year_from": round_.year_from, "year_to": round_.year_to,
                "basis_number": round_.basis_number, "basis_date": vndate(round_.basis_date),
                "basis_issuer": round_.basis_issuer, "basis_title": round_.basis_title,
                "deadline": vndate(round_.deadline),
                "receiving_unit": round_.receiving_unit_id, "finance_unit": round_.finance_unit_id,
                "called_units": list(round_.called_units.values_list("pk", flat=True)),
                "rubric": round_.rubric_id, "version": round_.version}

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        called = list(data.pop("called_units") or [])
        if data.pop("call_all", False):
            have = {u.pk for u in called}
            called += [u for u in self.fields["called_units"].queryset.filter(kind__in=CALLED_KINDS)
                       if u.pk not in have]
        data["called_units"] = called
        data.pop("version", None)
        if self.round is not None:
            data.pop("rubric", None)
        return data


class EnvelopeForm(forms.Form):
    """The round's envelopes: one amount per funding source and year of the round."""

    version = VersionField()

    def __init__(self, *args, round_: Round, envelopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        envelopes = list(envelopes)
        self.grid = MoneyGrid(self, "env", sources_for(*[e.funding_source_id for e in envelopes]), round_.years,
                              "Hạn mức")

    @staticmethod
    def initial_for(round_: Round, envelopes) -> dict:
        initial = MoneyGrid.initial("env", [(e.funding_source_id, e.year, e.amount) for e in envelopes])
        initial["version"] = round_.version
        return initial

    def rows_for_service(self) -> list[dict]:
        return [row for row in self.grid.values() if row["amount"] is not None]


class ActionForm(forms.Form):
    """A confirmation button (open, start review, close) carrying the version it was shown with."""

    version = VersionField()


# -------------------------------------------------------------- proposals ----

def proposal_years(round_: Round, end_year=None, extra=()) -> list[int]:
    """The costs grid's years: the round's, continued to the task's last year (at most ten
    from the round's first), and any year a cost is already stored for."""
    last = round_.year_to
    try:
        end = int(end_year)
    except (TypeError, ValueError):
        end = None
    if end is not None and round_.year_to < end <= round_.year_from + MAX_GRID_YEARS - 1:
        last = end
    return sorted(set(range(round_.year_from, last + 1)) | {y for y in extra if 2000 <= y <= 2100})


def systems_for(user, round_: Round):
    """Systems a proposal may build on: those of the round's tree or national/common ones that
    the user may read, not retired."""
    return (inventory_systems(user, InformationSystem.objects.all())
            .filter(Q(root_unit__isnull=True) | Q(root_unit=round_.root_unit_id))
            .exclude(lifecycle=Lifecycle.RETIRED).annotate(rank=SYSTEM_RANK).order_by("rank", "name"))


# The province's core systems first (what a unit should build on), then the national platforms.
SYSTEM_RANK = Case(When(category=Category.CORE, then=Value(0)), When(category=Category.NATIONAL, then=Value(1)),
                   When(category=Category.SECTOR, then=Value(2)), When(category=Category.UNIT, then=Value(3)),
                   default=Value(4), output_field=IntegerField())


class SystemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class ProposalForm(forms.Form):
    name = text_field("tên nhiệm vụ", label="Tên nhiệm vụ", limit=500, multiline=False,
                      widget=forms.TextInput(attrs={"autocomplete": "off"}))
    objectives = text_field("mục tiêu", label="Mục tiêu", limit=TEXT_LIMIT, required=False, rows=3)
    problem = text_field("vấn đề cần giải quyết", label="Vấn đề cần giải quyết", limit=TEXT_LIMIT, required=False,
                         rows=3)
    legal_basis = text_field("căn cứ đề xuất", label="Căn cứ đề xuất", limit=TEXT_LIMIT, required=False, rows=2)
    kind = forms.ChoiceField(label="Loại nhiệm vụ/dự án", choices=[("", "— chọn —")] + list(Kind.choices))
    regime = forms.ModelChoiceField(label="Chế độ pháp lý áp dụng", queryset=LegalRegime.objects.all(),
                                    empty_label="— chọn —")
    programme = forms.ModelChoiceField(label="Chương trình, đề án", queryset=Programme.objects.filter(is_active=True),
                                       required=False, empty_label="— không —")
    capabilities = forms.ModelMultipleChoiceField(label="Năng lực nghiệp vụ", required=False,
                                                  queryset=Capability.objects.filter(is_active=True),
                                                  widget=forms.SelectMultiple(attrs={"size": 6}))
    data_entities = forms.ModelMultipleChoiceField(label="Thực thể dữ liệu", required=False,
                                                   queryset=DataEntity.objects.filter(is_active=True),
                                                   widget=forms.SelectMultiple(attrs={"size": 6}))
    systems = SystemChoiceField(label="Hệ thống sử dụng, kế thừa", required=False,
                                queryset=InformationSystem.objects.none(),
                                widget=forms.SelectMultiple(attrs={"size": 8}))
    start_year = forms.IntegerField(label="Năm bắt đầu", min_value=2000, max_value=2100, error_messages=YEAR_MESSAGES)
    end_year = forms.IntegerField(label="Năm kết thúc", min_value=2000, max_value=2100, required=False,
                                  error_messages=YEAR_MESSAGES)
    priority = forms.TypedChoiceField(label="Mức ưu tiên", choices=Priority.choices, coerce=int,
                                      initial=Priority.MEDIUM)
    ucp_points = TextField(label="Điểm trường hợp sử dụng đã điều chỉnh (UCP)", required=False, max_length=20,
                           multiline=False, widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                                          "placeholder": "VD: 245,5"}))
    software_cost = MoneyField(label="Chi phí phát triển phần mềm (đồng)", required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control text-end",
                                                             "placeholder": "VD: 1.250.000.000"}))
    version = VersionField()

    def __init__(self, *args, user, round_: Round, years, used_sources=(), chosen_systems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        systems = systems_for(user, round_)
        if chosen_systems:
            systems = (InformationSystem.objects.filter(Q(pk__in=systems.values("pk")) | Q(pk__in=chosen_systems))
                       .annotate(rank=SYSTEM_RANK).order_by("rank", "name"))
        self.fields["systems"].queryset = systems
        self.grid = MoneyGrid(self, "cost", sources_for(*used_sources), years, "Kinh phí")
        bootstrap(self)
        _required(self, kind="Chưa chọn loại nhiệm vụ/dự án.", regime="Chưa chọn chế độ pháp lý áp dụng.",
                  start_year="Chưa nhập năm bắt đầu.")
        _choice_messages(self, "kind", "regime", "programme", "capabilities", "data_entities", "systems", "priority")

    @staticmethod
    def initial_for(proposal=None, round_: Round | None = None, data: dict | None = None) -> dict:
        """From a stored proposal, or from the pre-filled data of a carried-over task."""
        if proposal is not None:
            initial = {f: getattr(proposal, f) for f in ("name", "objectives", "problem", "legal_basis", "kind",
                                                         "start_year", "end_year", "priority")}
            initial.update(regime=proposal.regime_id, programme=proposal.programme_id,
                           capabilities=list(proposal.capabilities.all()),
                           data_entities=list(proposal.data_entities.all()), systems=list(proposal.systems.all()),
                           ucp_points=_decimal_text(proposal.ucp_points), software_cost=money_text(proposal.software_cost),
                           version=proposal.version)
            initial.update(MoneyGrid.initial("cost", [(c.funding_source_id, c.year, c.amount)
                                                      for c in proposal.costs.all()]))
            return initial
        year = round_.year_from
        return {"start_year": year, "end_year": round_.year_to, "priority": Priority.MEDIUM}

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", "Năm kết thúc không được trước năm bắt đầu.")
        return data

    def data_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version" and not k.startswith("cost_")}
        data["costs"] = self.grid.values()
        return data

    def field_for_error(self, key: str):
        return key if key in self.fields else None


def _decimal_text(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


class CarryOverForm(forms.Form):
    """The registry project chosen to carry over (looked up among the unit's own)."""

    project = IdField()


# ------------------------------------------------ review pages (proposal, consolidation, plan) ----


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
