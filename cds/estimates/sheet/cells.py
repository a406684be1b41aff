"""One cell of the estimate sheet read as money, a quantity, a VAT rate or a text; a value that
cannot be read raises :class:`CellProblem` whose text ends the sentence naming the row and
column ("… “một triệu” không phải là số tiền; …")."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cds.core.validation import MONEY_HINT, BadInput, check_text, read_money
from cds.estimates.models import Basis
from cds.text.normalize import fold

MAX_QUANTITY = Decimal(10) ** 14          # EstimateLine.quantity: 18 digits, 4 of them decimals
QUANTITY_PLACES = Decimal("0.0001")
RATE_PLACES = Decimal("0.01")
EXCEL_ERRORS = {"#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


class CellProblem(Exception):
    pass


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _refuse_non_number(value, what: str) -> None:
    """Dates, booleans and Excel error values are not numbers, whatever the cell shows."""
    if isinstance(value, bool):
        raise CellProblem(f"là giá trị đúng/sai (TRUE/FALSE), không phải {what}")
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise CellProblem(f"là ngày tháng, không phải {what} (kiểm tra định dạng ô trong Excel)")
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise CellProblem(f"có lỗi công thức {value.strip()}; sửa công thức trong Excel rồi tải lên lại")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def read_amount(value) -> tuple[int | None, bool]:
    """Whole đồng and whether a fraction was rounded off (a cached formula result such as
    1.234.567,5 is shown rounded by the sheet's number format and taken as shown)."""
    if is_blank(value):
        return None, False
    _refuse_non_number(value, "số tiền")
    rounded = False
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(MONEY_HINT)
        if not value.is_integer():
            rounded = True
        value = round_half_up(Decimal(repr(value)))
    elif isinstance(value, Decimal):
        rounded = value != value.to_integral_value()
        value = round_half_up(value)
    elif isinstance(value, str):
        value = unicodedata.normalize("NFC", value).replace("\u00a0", " ")
    try:
        return read_money(value), rounded
    except BadInput as exc:
        if isinstance(value, str) and not exc.out_of_range:
            raise CellProblem(f"{_quote(value)} không phải là số tiền; {MONEY_HINT}") from None
        raise CellProblem(f"số tiền {exc}") from None


_VN_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_VN_DECIMAL = re.compile(r"[0-9]+(?:,[0-9]+)?")
_POINT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")


def _number_text(text: str) -> Decimal | None:
    """A number typed the Vietnamese way ("1.200", "2,5", "1.200,75"); "2.5" (not a group of
    three) is read with a decimal point. None when the text is not a number."""
    body = text.strip().replace("\u00a0", "").replace(" ", "")
    if not body.isascii():
        return None
    if _VN_GROUPED.fullmatch(body) or _VN_DECIMAL.fullmatch(body):
        return Decimal(body.replace(".", "").replace(",", "."))
    if _POINT_DECIMAL.fullmatch(body):
        return Decimal(body)
    return None


def _decimal(value, what: str, hint: str) -> Decimal | None:
    if is_blank(value):
        return None
    _refuse_non_number(value, what)
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellProblem(hint)
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = unicodedata.normalize("NFC", str(value))
    number = _number_text(text)
    if number is None:
        raise CellProblem(f"{_quote(text)} không phải là số; {hint}")
    return number


QUANTITY_HINT = "khối lượng phải là số, ví dụ 12 hoặc 2,5"


def read_quantity(value) -> Decimal | None:
    try:
        number = _decimal(value, "khối lượng", QUANTITY_HINT)
    except InvalidOperation:
        raise CellProblem(QUANTITY_HINT) from None
    if number is None:
        return None
    if number < 0:
        raise CellProblem("khối lượng không được âm")
    if number >= MAX_QUANTITY:
        raise CellProblem("khối lượng quá lớn")
    return number.quantize(QUANTITY_PLACES, rounding=ROUND_HALF_UP)


RATE_HINT = "thuế suất GTGT ghi theo phần trăm, ví dụ 10 hoặc 10%"


def read_rate(value) -> Decimal | None:
    """A VAT rate in per cent: 10, "10%", "8 %" — or 0,1 as Excel stores a cell formatted as 10%
    (no VAT rate is below 1 per cent, so a value between 0 and 1 is a fraction)."""
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        value = text.rstrip("%").strip() if percent else text
    else:
        percent = False
    try:
        number = _decimal(value, "thuế suất", RATE_HINT)
    except InvalidOperation:
        raise CellProblem(RATE_HINT) from None
    if number is None:
        return None
    if not percent and 0 < number < 1:
        number *= 100
    if not 0 <= number <= 100:
        raise CellProblem(f"thuế suất {number.normalize():f}% không hợp lệ; {RATE_HINT}")
    return number.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def cell_text(value) -> str:
    """A cell shown as text: whole numbers without ".0", dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def read_text(value, limit: int, *, one_line: bool = False) -> str:
    """The text as stored: unstorable characters refused (:func:`cds.core.validation.check_text`),
    spaces collapsed on ``one_line``; longer than ``limit`` refused."""
    try:
        text = check_text(cell_text(value))
    except BadInput as exc:
        raise CellProblem(str(exc)) from None
    if one_line:
        text = " ".join(text.split())
    if len(text) > limit:
        raise CellProblem(f"quá dài ({len(text):,} ký tự; tối đa {limit:,})".replace(",", "."))
    return text


# The order matters: "Định mức tỷ lệ" is a rate, "đơn giá theo báo giá" a quote.
_BASIS_WORDS = [
    (Basis.QUOTE, ("bao gia",)),
    (Basis.AWARD, ("trung thau",)),
    (Basis.APPRAISAL, ("tham dinh gia", "chung thu")),
    (Basis.SIMILAR, ("tuong tu",)),
    (Basis.RATE, ("ty le",)),
    (Basis.NORM, ("dinh muc", "don gia")),
    (Basis.CALCULATION, ("phu luc", "tinh toan")),
]


def recognise_basis(text: str) -> str:
    """The :class:`~cds.estimates.models.Basis` code a "Căn cứ" or "Ghi chú" text names, or ""."""
    if not text:
        return ""
    folded = f" {fold(text)} "
    for code, words in _BASIS_WORDS:
        if (code == Basis.RATE and "%" in text) or any(f" {w} " in folded for w in words):
            return code.value
    return ""


_BASIS_LABELS = {code: str(label) for code, label in Basis.choices if code}


def basis_label(code: str) -> str:
    return _BASIS_LABELS.get(code, "")
