"""Creating electronic information (Thông tư 194/2012/TT-BTC): maximum rates per field, page or
hypertext page, with the shares the circular allows — re-use of existing electronic data, scanning
with OCR, digitising photos, a foreign or ethnic-minority language uplift, and the share paid to
civil servants doing the work themselves. Every rate and share is a constant of the method; a rate
the province has not entered is refused only when its quantity is asked for.

Each line's unit rate is the table rate × the shares that apply (not rounded); its amount is
quantity × unit rate rounded half up to whole đồng; the total is the sum of the rounded lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.core.errors import ServiceError

from .constants import citation_of, dec, label_of, need, to_dong
from .tables import Table, money, number

MAX_QUANTITY = 1_000_000_000

FIELDS = (("short", "field_short"), ("medium", "field_medium"), ("long", "field_long"))
PAGES = (("text", "page_text"), ("table", "page_table"), ("formula", "page_formula"))
HYPERTEXT = (("simple", "hypertext_simple"), ("complex", "hypertext_complex"))
UNITS = {"field": "trường", "page": "trang", "hypertext": "trang A4", "photo": "ảnh"}


@dataclass
class Line:
    name: str
    unit: str
    quantity: int
    table_rate: Decimal
    rate: Decimal
    factors: str
    amount: int
    citation: str


@dataclass
class DataResult:
    lines: list[Line] = field(default_factory=list)
    total: int = 0
    citation: str = ""

    def appendix(self) -> list[Table]:
        rows = [[str(i), ln.name, ln.unit, money(ln.quantity), money(ln.table_rate) if ln.table_rate == int(
            ln.table_rate) else number(ln.table_rate, 2), ln.factors or "—", number(ln.rate, 2), money(ln.amount),
                 ln.citation] for i, ln in enumerate(self.lines, 1)]
        return [Table("Bảng tính chi phí tạo lập thông tin điện tử",
                      ["STT", "Nội dung", "Đơn vị tính", "Khối lượng", "Mức chi (đồng)", "Điều chỉnh",
                       "Đơn giá áp dụng (đồng)", "Thành tiền (đồng)", "Căn cứ"], rows,
                      [["", "Cộng", "", "", "", "", "", money(self.total), ""]], self.citation,
                      note="Thành tiền làm tròn đến đồng từng dòng; mức chi là mức tối đa.", numeric=(3, 4, 6, 7))]


def _quantity(value, name: str, label: str, errors: dict) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(name, []).append(f"{label}: phải là số nguyên.")
        return 0
    if value < 0:
        errors.setdefault(name, []).append(f"{label}: không được âm.")
        return 0
    if value > MAX_QUANTITY:
        errors.setdefault(name, []).append(f"{label}: quá lớn (tối đa {money(MAX_QUANTITY)}).")
        return 0
    return value


def _uplift(value, constants, errors: dict) -> Decimal:
    if value in (None, "", 0):
        return Decimal(0)
    bounds = need(constants, "language_uplift")
    low, high = dec(bounds["min"]), dec(bounds["max"])
    try:
        share = dec(value)
    except (TypeError, ArithmeticError, ValueError):
        share = Decimal("NaN")
    if not share.is_finite() or not low <= share <= high:
        errors.setdefault("language_uplift", []).append(
            f"Mức tăng cho tiếng nước ngoài, tiếng dân tộc phải từ {number(low * 100)}% đến {number(high * 100)}% "
            "(hoặc để trống).")
        return Decimal(0)
    return share


def _entries(inputs: dict, constants, errors: dict):
    """(group, kind, constant key, label, unit, quantity) of every asked quantity."""
    out = []
    groups = (("fields", FIELDS, "field"), ("pages", PAGES, "page"), ("hypertext", HYPERTEXT, "hypertext"),
              ("ocr_pages", PAGES, "ocr"))
    for group, kinds, unit in groups:
        given = inputs.get(group) or {}
        for kind, key in kinds:
            prefix = "Quét, chuyển đổi (OCR) — " if group == "ocr_pages" else ""
            q = _quantity(given.get(kind), f"{group}.{kind}", f"Khối lượng “{prefix}{label_of(constants, key)}”",
                          errors)
            if q:
                out.append((group, key, unit, q))
    photos = _quantity(inputs.get("photos"), "photos", "Số ảnh", errors)
    if photos:
        basis = inputs.get("photo_basis") or "simple"
        if basis not in ("simple", "complex"):
            errors.setdefault("photo_basis", []).append("Mức trang siêu văn bản làm căn cứ số hóa ảnh không hợp lệ.")
        else:
            out.append(("photos", f"hypertext_{basis}", "photo", photos))
    return out


def compute(inputs: dict, constants) -> DataResult:
    errors: dict[str, list[str]] = {}
    entries = _entries(inputs, constants, errors)
    uplift = _uplift(inputs.get("language_uplift"), constants, errors)
    if errors:
        raise ServiceError(errors)
    if not entries:
        raise ServiceError("Chưa nhập khối lượng nào (số trường, số trang, số trang siêu văn bản hoặc số ảnh).")
    reuse, staff = bool(inputs.get("reuse")), bool(inputs.get("staff"))
    result = DataResult(citation=citation_of(constants))
    for group, key, unit, quantity in entries:
        table_rate = dec(need(constants, key))
        rate, factors = table_rate, []
        label = label_of(constants, key)
        if group == "ocr_pages":
            share = dec(need(constants, "ocr_share"))
            rate, label = rate * share, f"Quét, chuyển đổi (OCR) có soát lỗi — {label}"
            factors.append(f"× {number(share * 100)}% ({label_of(constants, 'ocr_share')})")
        elif group == "photos":
            share = dec(need(constants, "photo_share"))
            rate, label = rate * share, f"Số hóa ảnh — theo {label}"
            factors.append(f"× {number(share * 100)}% ({label_of(constants, 'photo_share')})")
        elif reuse:
            share = dec(need(constants, "reuse_share"))
            rate = rate * share
            factors.append(f"× {number(share * 100)}% ({label_of(constants, 'reuse_share')})")
        if uplift:
            rate = rate * (1 + uplift)
            factors.append(f"× (1 + {number(uplift * 100)}%) ({label_of(constants, 'language_uplift')})")
        if staff:
            share = dec(need(constants, "staff_share"))
            rate = rate * share
            factors.append(f"× {number(share * 100)}% ({label_of(constants, 'staff_share')})")
        amount = to_dong(rate * quantity)
        result.lines.append(Line(label, UNITS["page" if unit == "ocr" else unit], quantity, table_rate, rate,
                                 "; ".join(factors), amount, citation_of(constants, key)))
        result.total += amount
    return result
