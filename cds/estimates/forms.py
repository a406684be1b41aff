"""Forms of the estimate pages: they read what was typed (money in whole đồng, "1.200.000"
accepted; text checked like every text) with the services' wording; the rules (who may act,
while what status, maker ≠ checker, the version a form was opened with) stay in
:mod:`cds.estimates.services` and come back through :func:`cds.core.forms.run_form_service`."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from cds.core.forms import IdField, MoneyField, TextField, VersionField, text_field
from cds.core.widgets import FileInput

from .models import Basis, Conclusion, Method, MethodKind

# ------------------------------------------------------------------ pages ----


class EstimateForm(forms.Form):
    title = text_field("tên dự toán", limit=500)


class VersionForm(forms.Form):
    """A button that only carries the version the page was opened with."""

    version = VersionField()


class SheetForm(VersionForm):
    file = forms.FileField(widget=FileInput, error_messages={
        "required": "Chưa chọn tệp Excel bảng dự toán.", "empty": "Tệp rỗng.",
        "invalid": "Tệp tải lên không hợp lệ.", "missing": "Chưa chọn tệp Excel bảng dự toán."})


class ConfirmImportForm(VersionForm):
    token = forms.CharField(required=False, max_length=100)
    note = text_field("ghi chú phiên bản", limit=500, required=False)


def _choice(noun: str, choices, *, required=True) -> forms.ChoiceField:
    message = f"Chưa chọn {noun} hợp lệ."
    return forms.ChoiceField(choices=choices, required=required,
                             error_messages={"required": message, "invalid_choice": message})


class LineForm(VersionForm):
    """One line of the current version, added or corrected: the page saves a new version with
    the other lines copied unchanged."""

    group_code = _choice("nhóm chi phí", ())
    stt = text_field("STT", limit=20, required=False, multiline=False)
    name = text_field("nội dung chi phí", limit=500, multiline=False)
    unit = text_field("đơn vị tính", limit=50, required=False, multiline=False)
    quantity = text_field("khối lượng", limit=30, required=False, multiline=False)
    unit_price = MoneyField(label="Đơn giá (đồng)", required=False)
    amount = MoneyField(label="Thành tiền (đồng)", required=False,
                        help_text="Để trống: tính bằng khối lượng × đơn giá.")
    vat_rate = text_field("thuế GTGT (%)", limit=10, required=False, multiline=False)
    basis = _choice("căn cứ đơn giá", Basis.choices, required=False)
    norm_key = text_field("định mức áp dụng", limit=30, required=False, multiline=False)
    note = text_field("ghi chú", limit=1000, required=False, rows=2)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_code"].choices = [(g.code, f"{g.numeral}. {g.name}") for g in groups]

    def line(self) -> dict:
        """The line as the services read it (they check numbers, ranges and products)."""
        cd = self.cleaned_data
        return {k: cd.get(k) for k in ("group_code", "stt", "name", "unit", "quantity", "unit_price", "amount",
                                       "vat_rate", "basis", "note", "norm_key")}


class EvidenceForm(forms.Form):
    line = IdField()
    file = forms.FileField(widget=FileInput(small=True), error_messages={
        "required": "Chưa chọn tệp căn cứ đơn giá.", "empty": "Tệp rỗng.", "invalid": "Tệp tải lên không hợp lệ.",
        "missing": "Chưa chọn tệp căn cứ đơn giá."})


class ReviewForm(forms.Form):
    line = IdField()
    text = text_field("ý kiến", limit=4000, rows=2)
    checked_amount = MoneyField(label="Giá trị chấp nhận (đồng, trước thuế)", required=False)


class ConcludeForm(VersionForm):
    conclusion = _choice("kết luận kiểm tra", Conclusion.choices)
    text = text_field("ý kiến kiểm tra", limit=8000, rows=4)


# ---------------------------------------------------------------- UCP ----

KINDS = (("simple", "đơn giản"), ("average", "trung bình"), ("complex", "phức tạp"))
CLASSES = ("B", "M", "T")


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10_000, error_messages={
        "invalid": f"{label}: phải là số nguyên.", "min_value": f"{label}: không được âm.",
        "max_value": f"{label}: quá lớn (tối đa 10.000)."})


class RatingField(TextField):
    """A factor's rating 0–5, typed "3" or "2,5"."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(f"{self.label}: điểm phải là một số từ 0 đến 5.") from None
        if not number.is_finite() or not 0 <= number <= 5:
            raise forms.ValidationError(f"{self.label}: điểm phải là một số từ 0 đến 5.")
        return int(number) if number == number.to_integral_value() else float(number)


class UcpForm(VersionForm):
    """The inputs of a use-case-point calculation: actors and use cases by kind, the ratings of
    the method's technical and environment factors (as many as its constants list), the hourly
    labour rate."""

    method = _choice("phương pháp tính", ())
    hourly_rate = MoneyField(label="Đơn giá nhân công H (đồng/giờ)", error_messages={
        "required": "Chưa nhập đơn giá nhân công (H, đồng/giờ)."})

    def __init__(self, *args, technical=(), environment=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m.code, m.name) for m in Method.objects.filter(kind=MethodKind.UCP)]
        for key, label in KINDS:
            self.fields[f"actors_{key}"] = _count(f"Số tác nhân {label}")
        for cls in CLASSES:
            for key, label in KINDS:
                self.fields[f"uc_{cls}_{key}"] = _count(f"Số trường hợp sử dụng mức {cls}, {label}")
        for prefix, factors in (("t", technical), ("e", environment)):
            for i, factor in enumerate(factors, 1):
                self.fields[f"{prefix}{i}"] = RatingField(
                    label=f"{prefix.upper()}{i} ({factor.get('label', '')})", required=True,
                    widget=forms.TextInput(attrs={"maxlength": 10, "inputmode": "decimal"}),
                    error_messages={"required": f"Chưa cho điểm {prefix.upper()}{i}."})
        self.technical = [f"t{i}" for i in range(1, len(technical) + 1)]
        self.environment = [f"e{i}" for i in range(1, len(environment) + 1)]

    def inputs(self) -> dict:
        cd = self.cleaned_data
        return {
            "actors": {k: cd.get(f"actors_{k}") or 0 for k, _ in KINDS},
            "use_cases": {c: {k: cd.get(f"uc_{c}_{k}") or 0 for k, _ in KINDS} for c in CLASSES},
            "technical_factors": [cd.get(n) for n in self.technical],
            "environment_factors": [cd.get(n) for n in self.environment],
            "hourly_rate": cd.get("hourly_rate"),
        }

    @staticmethod
    def field_for_error(key: str) -> str | None:
        """The form field of a key of the calculator's refusal ("use_cases.B.simple" → uc_B_simple)."""
        parts = key.split(".")
        if parts[0] == "actors" and len(parts) == 2:
            return f"actors_{parts[1]}"
        if parts[0] == "use_cases" and len(parts) == 3:
            return f"uc_{parts[1]}_{parts[2]}"
        if parts[0] in ("technical_factors", "environment_factors") and len(parts) == 2 and parts[1].isdigit():
            return f"{parts[0][0]}{int(parts[1]) + 1}"
        return parts[0]
