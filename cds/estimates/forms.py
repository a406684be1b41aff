"""Forms of the estimates pages.

The calculators' forms (:class:`UcpForm`, :class:`RateForm`, :class:`DataEntryForm`) parse what
was typed — whole numbers in ASCII digits, money in whole đồng — and leave the ranges to the
calculators (cds.estimates.calc), whose Vietnamese refusals are put beside the fields through
``field_for_error``. Factor names, rate tables and coefficients come from the method's rows."""
from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from cds.core.errors import ServiceError
from cds.core.forms import MoneyField, TextField, bootstrap
from cds.estimates.calc import data_entry, rates, ucp
from cds.estimates.calc.constants import label_of
from cds.estimates.calc.tables import number
from cds.text.format import format_vnd


class WholeNumberField(forms.IntegerField):
    """A whole number typed in ASCII digits (an optional leading minus, so the calculator can say
    "không được âm"); empty reads as 0 unless required."""

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.noun = noun
        self.widget.attrs.update({"inputmode": "numeric"})

    def to_python(self, value):
        text = str(value if value is not None else "").strip()
        if not text:
            if self.required:
                raise forms.ValidationError(f"Chưa nhập {self.noun}.", code="required")
            return 0
        negative = text[:1] in ("-", "−")
        body = text[1:] if negative else text
        if not (body.isascii() and body.isdigit()) or len(body) > 15:
            raise forms.ValidationError(f"{self.noun[:1].upper()}{self.noun[1:]} phải là số nguyên.", code="invalid")
        return -int(body) if negative else int(body)

    def validate(self, value):
        pass

    def run_validators(self, value):
        pass


class HourlyRateField(TextField):
    """Đồng a man-hour, in Vietnamese style with at most two decimals ("55.677", "55.677,38",
    "55677,38"): an hourly rate derived from a monthly wage is rarely whole đồng. The amounts
    computed from it are whole đồng."""

    PATTERN = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]{1,2})?", re.ASCII)

    def to_python(self, value):
        text = str(value if value is not None else "").strip()
        text = re.sub(r"\s*(đồng/giờ|đ/giờ|đ/h|đồng|đ)$", "", text, flags=re.IGNORECASE).strip()
        if not text:
            return None
        negative = text[:1] in ("-", "−")
        body = text[1:].strip() if negative else text
        if not self.PATTERN.fullmatch(body) or len(body) > 20:
            raise forms.ValidationError("Đơn giá nhân công (H) phải là số đồng/giờ, ví dụ 55.677 hoặc 55.677,38.",
                                        code="invalid")
        rate = Decimal(body.replace(".", "").replace(",", "."))
        return -rate if negative else rate


class CoefficientField(TextField):
    """A coefficient or percentage typed "2,34" or "2.34" (at most four decimals); empty reads as None."""

    PATTERN = re.compile(r"[0-9]{1,9}(?:[.,][0-9]{1,4})?", re.ASCII)

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(noun=noun, multiline=False, **kwargs)

    def to_python(self, value):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if not self.PATTERN.fullmatch(text):
            raise forms.ValidationError(f"{self.noun[:1].upper()}{self.noun[1:]} phải là số không âm, ví dụ 2,34.",
                                        code="invalid")
        return Decimal(text.replace(",", "."))


def _count(noun: str, label: str) -> WholeNumberField:
    return WholeNumberField(noun=noun, label=label, initial=0)


# ------------------------------------------------------------------- UCP ----

class UcpForm(forms.Form):
    method = TextField(widget=forms.HiddenInput, required=False, multiline=False, max_length=20)
    hourly_rate = HourlyRateField(label="Mức lương lao động bình quân H (đồng/giờ)", required=True,
                             error_messages={"required": "Chưa nhập đơn giá nhân công (H, đồng/giờ)."})

    # H from a monthly wage (optional): used when H itself is left empty.
    labour_hcb = CoefficientField(noun="hệ số lương", label="Hệ số lương HCB")
    labour_hpc = CoefficientField(noun="hệ số phụ cấp", label="Hệ số phụ cấp HPC")
    labour_mlcs = MoneyField(label="Mức lương cơ sở MLCS (đồng/tháng)", required=False)
    labour_hdc = CoefficientField(noun="hệ số điều chỉnh tăng thêm", label="Hệ số điều chỉnh tăng thêm HĐC")
    labour_insurance = CoefficientField(noun="tỷ lệ bảo hiểm", label="Bảo hiểm người sử dụng lao động đóng (%)")
    labour_days = CoefficientField(noun="số ngày làm việc trong tháng", label="Số ngày làm việc trong tháng")
    labour_hours = CoefficientField(noun="số giờ làm việc trong ngày", label="Số giờ làm việc trong ngày")

    LABOUR = ("labour_hcb", "labour_hpc", "labour_mlcs", "labour_hdc", "labour_insurance", "labour_days",
              "labour_hours")

    def __init__(self, *args, constants, **kwargs):
        super().__init__(*args, **kwargs)
        self.constants = constants
        self.labour = None
        self.fields["method"].initial = constants.code
        self.fields["hourly_rate"].required = False
        self.fields["labour_days"].widget.attrs["placeholder"] = "26"
        self.fields["labour_hours"].widget.attrs["placeholder"] = "8"
        for kind in ucp.KINDS:
            self.fields[f"actor_{kind}"] = _count(f"số tác nhân {ucp.KIND_LABELS[kind].lower()}",
                                                  ucp.KIND_LABELS[kind])
        for cls in ucp.CLASSES:
            for kind in ucp.KINDS:
                self.fields[f"uc_{cls}_{kind}"] = _count(
                    f"số trường hợp sử dụng mức {cls}, {ucp.KIND_LABELS[kind].lower()}",
                    f"Mức {cls} — {ucp.KIND_LABELS[kind].lower()}")
        self.technical = self._ratings("t", "T", constants.get("tcf_factors") or [])
        self.environment = self._ratings("e", "E", constants.get("ef_factors") or [])
        bootstrap(self)

    def _ratings(self, name: str, code: str, factors: list) -> list[str]:
        names = []
        for i, factor in enumerate(factors, 1):
            field = WholeNumberField(noun=f"điểm {code}{i}", label=f"{code}{i}. {factor['label']}", required=True,
                                     help_text=f"trọng số {number(factor['weight'])}")
            field.widget.attrs.update({"min": ucp.RATING_MIN, "max": ucp.RATING_MAX})
            self.fields[f"{name}{i}"] = field
            names.append(f"{name}{i}")
        return names

    def clean(self):
        data = super().clean()
        given = [n for n in self.LABOUR if data.get(n) not in (None, "")]
        if data.get("hourly_rate") is None and given and not self.errors:
            missing = [n for n in ("labour_hcb", "labour_mlcs", "labour_days", "labour_hours") if data.get(n) is None]
            for name in missing:
                self.add_error(name, f"Chưa nhập {self.fields[name].label.lower()} để tính H.")
            if not missing:
                try:
                    self.labour = ucp.hourly_rate(
                        hcb=data["labour_hcb"], hpc=data.get("labour_hpc") or 0, mlcs=data["labour_mlcs"],
                        hdc=data.get("labour_hdc") or 0, insurance_share=(data.get("labour_insurance") or 0) / 100,
                        days=data["labour_days"], hours=data["labour_hours"])
                except ServiceError as exc:
                    self.add_error(None, exc.messages)
                else:
                    data["hourly_rate"] = Decimal(self.labour["hour"])
        return data

    def labour_fields(self):
        return [self[n] for n in self.LABOUR]

    def actor_fields(self):
        return [self[f"actor_{k}"] for k in ucp.KINDS]

    def use_case_rows(self):
        return [(cls, [self[f"uc_{cls}_{k}"] for k in ucp.KINDS]) for cls in ucp.CLASSES]

    def technical_fields(self):
        return [self[n] for n in self.technical]

    def environment_fields(self):
        return [self[n] for n in self.environment]

    def inputs(self) -> dict:
        d = self.cleaned_data
        return {"actors": {k: d[f"actor_{k}"] for k in ucp.KINDS},
                "use_cases": {c: {k: d[f"uc_{c}_{k}"] for k in ucp.KINDS} for c in ucp.CLASSES},
                "technical_factors": [d[n] for n in self.technical],
                "environment_factors": [d[n] for n in self.environment],
                "hourly_rate": d["hourly_rate"]}

    def field_for_error(self, key: str) -> str:
        """The form field of a calculator's error key ("actors.complex", "use_cases.B.simple",
        "technical_factors.0" …)."""
        parts = key.split(".")
        if parts[0] == "actors" and len(parts) == 2:
            return f"actor_{parts[1]}"
        if parts[0] == "use_cases" and len(parts) == 3:
            return f"uc_{parts[1]}_{parts[2]}"
        if parts[0] in ("technical_factors", "environment_factors") and len(parts) == 2 and parts[1].isdigit():
            return f"{parts[0][0]}{int(parts[1]) + 1}"
        return key


# ----------------------------------------------------------------- rates ----

class RateForm(forms.Form):
    table = forms.ChoiceField(label="Loại chi phí (bảng định mức)",
                              error_messages={"required": "Chưa chọn bảng định mức.",
                                              "invalid_choice": "Bảng định mức đã chọn không có."})
    base = MoneyField(label="Giá trị làm căn cứ tính (đồng)", required=True,
                      help_text="Chi phí xây lắp + thiết bị (hạ tầng) hoặc chi phí phần mềm, CSDL (đồng, trước thuế).",
                      error_messages={"required": "Chưa nhập giá trị làm căn cứ tính."})
    coefficients = forms.MultipleChoiceField(label="Hệ số điều chỉnh", required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"invalid_choice": "Hệ số điều chỉnh đã chọn không có."})

    def __init__(self, *args, constants, **kwargs):
        super().__init__(*args, **kwargs)
        choices = rates.table_keys(constants)
        if "review_shares" in constants:
            shares = constants.get("review_shares") or {}
            for key, category in rates.REVIEW_KEYS.items():
                kind = "hạ tầng" if category == "a" else "phần mềm"
                terms = " + ".join(f"{format_vnd(Decimal(str(v)) * 100)}% × bảng {k[1:]}{category}"
                                   for k, v in shares.items())
                choices.append((key, f"{label_of(constants, 'review_shares')} — {kind} ({terms})"))
        self.fields["table"].choices = choices
        coefficients = constants.get("coefficients") or {}
        self.fields["coefficients"].choices = [(k, v.get("label", k)) for k, v in coefficients.items()]
        bootstrap(self)

    def field_for_error(self, key: str) -> str:
        return key


# ------------------------------------------------------------ data entry ----

DATA_GROUPS = (("fields", data_entry.FIELDS), ("pages", data_entry.PAGES), ("hypertext", data_entry.HYPERTEXT),
               ("ocr_pages", data_entry.PAGES))
GROUP_TITLES = {"fields": "Nhập dữ liệu có cấu trúc (số trường)", "pages": "Nhập dữ liệu phi cấu trúc (số trang)",
                "hypertext": "Trang siêu văn bản (số trang A4)",
                "ocr_pages": "Quét, chuyển đổi (OCR) có soát lỗi (số trang)"}


UNIT_SUFFIX = re.compile(r"\s*\(đồng/[^)]*\)$")   # "(đồng/trường)": the rate's unit, not the quantity's


class DataEntryForm(forms.Form):
    photos = WholeNumberField(noun="số ảnh", label="Số hóa ảnh (số ảnh)")
    photo_basis = forms.ChoiceField(label="Mức trang siêu văn bản làm căn cứ số hóa ảnh", required=False,
                                    choices=(("simple", "Trang đơn giản"), ("complex", "Trang phức tạp")),
                                    error_messages={"invalid_choice": "Mức trang siêu văn bản đã chọn không có."})
    reuse = forms.BooleanField(label="Tạo lập từ dữ liệu điện tử có sẵn", required=False)
    language_uplift = WholeNumberField(noun="mức tăng cho tiếng nước ngoài, tiếng dân tộc",
                                       label="Tiếng nước ngoài, tiếng dân tộc: tăng thêm (%)")
    staff = forms.BooleanField(label="Cán bộ, công chức trực tiếp thực hiện", required=False)

    def __init__(self, *args, constants, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for group, kinds in DATA_GROUPS:
            names = []
            for kind, key in kinds:
                name = f"{group}_{kind}"
                label = UNIT_SUFFIX.sub("", label_of(constants, key))
                self.fields[name] = WholeNumberField(noun=f"khối lượng “{label}”", label=label)
                names.append(name)
            self.groups.append((GROUP_TITLES[group], names))
        for name in ("reuse", "photos", "photo_basis", "language_uplift", "staff"):
            self.fields[name] = self.fields.pop(name)          # after the quantities
        for name in ("reuse", "photos", "photo_basis", "staff"):
            key = {"reuse": "reuse_share", "photos": "photo_share", "staff": "staff_share"}.get(name)
            if key and key in constants:
                self.fields[name].help_text = label_of(constants, key)
        bootstrap(self)

    def group_fields(self):
        return [(title, [self[n] for n in names]) for title, names in self.groups]

    def inputs(self) -> dict:
        d = self.cleaned_data
        out = {group: {kind: d[f"{group}_{kind}"] for kind, _ in kinds} for group, kinds in DATA_GROUPS}
        uplift = d.get("language_uplift") or 0
        out.update(photos=d["photos"], photo_basis=d.get("photo_basis") or "simple", reuse=d.get("reuse"),
                   staff=d.get("staff"), language_uplift=Decimal(uplift) / 100 if uplift else None)
        return out

    def field_for_error(self, key: str) -> str:
        return key.replace(".", "_")
