"""Checks of what a user typed, shared by every entry point — the form fields of
:mod:`cds.core.forms`, the API's schemas, the Excel import, the management commands and, as the
last line, the services — so that one wording of the Vietnamese messages says the same thing
everywhere.

Three readers, each in two shapes:

* text — :func:`check_text` / :func:`clean_text`: NFC, trimmed (spaces and invisible characters
  at the ends), refused when it holds what cannot be stored or exported (control characters, lone
  surrogates, bidirectional controls: :mod:`cds.text.chars`), when a required value is empty or
  made only of invisible characters, or when it is too long;
* money — :func:`read_money` / :func:`parse_money`: whole đồng in ASCII digits, thousands
  separated by ".", "," or spaces; "²", "１２３", "١٢٣", "1e9", decimals and negatives refused;
* dates — :func:`check_day` / :func:`parse_date`: between :data:`MIN_DATE` and :data:`MAX_DATE`.

``check_text``, ``read_money`` and ``check_day`` raise :class:`BadInput` carrying the end of a
sentence ("chứa ký tự điều khiển (U+0000) ở vị trí 4"), for callers that name the field their
own way ("Dòng 7, cột “Tên”: …"); ``clean_text``, ``parse_money`` and ``parse_date`` raise
:class:`~cds.core.errors.ServiceError` with the whole sentence. ``label`` is the field's name
as a sentence uses it ("trích yếu", "thời hạn")."""
from __future__ import annotations

import datetime as dt
import re

from cds.text.chars import ascii_digits, is_blank, text_problem, tidy
from cds.text.format import format_vnd, vndate

from .errors import ServiceError

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")   # what forms send (dd/mm/yyyy) and what the API sends
MIN_DATE = dt.date(1900, 1, 1)             # no record of this register is older
MAX_DATE = dt.date(2100, 12, 31)           # the registry's last year; beyond it deadlines overflow
MAX_AMOUNT = 10**15                        # đồng: far above any project, far below the database's limit


class BadInput(ValueError):
    """A value refused; ``str(exc)`` ends a sentence that names the field ("… chứa ký tự …").
    ``out_of_range`` tells a readable value outside the allowed range (a negative or too large
    amount) from an unreadable one."""

    def __init__(self, message: str, *, out_of_range: bool = False):
        super().__init__(message)
        self.out_of_range = out_of_range


def _cap(label: str) -> str:
    return label[:1].upper() + label[1:]


# The wordings, shared by these checks and by the form fields of cds.core.forms.

def missing_message(label: str) -> str:
    return f"Chưa nhập {label}."


def too_long_message(label: str, limit: int) -> str:
    return f"{_cap(label)} quá dài (tối đa {limit:,} ký tự).".replace(",", ".")


def date_format_message(label: str) -> str:
    return f"{_cap(label)} phải có dạng dd/mm/yyyy."


def sentence(label: str, problem: BadInput | str) -> str:
    """"Tên nhiệm vụ/dự án chứa ký tự điều khiển …." from a label and a :class:`BadInput`."""
    return f"{_cap(label)} {problem}."


# ------------------------------------------------------------------ text ----

def check_text(value, *, multiline: bool = True) -> str:
    """``value`` as it is stored (NFC, trimmed; "" for None or a value of only spaces and
    invisible characters); :class:`BadInput` when it holds a character that cannot be stored
    or exported. Tab and line breaks are allowed only when ``multiline``."""
    if value is None:
        return ""
    text = str(value)
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise BadInput(problem)
    return "" if is_blank(text) else tidy(text)


def clean_text(value, label: str, *, required: bool = True, limit: int, multiline: bool = True) -> str:
    """The text as stored (:func:`check_text`); refused when it cannot be stored, when required
    and empty (or only invisible characters), or longer than ``limit`` characters."""
    try:
        text = check_text(value, multiline=multiline)
    except BadInput as exc:
        raise ServiceError(sentence(label, exc)) from None
    if required and not text:
        raise ServiceError(missing_message(label))
    if len(text) > limit:
        raise ServiceError(too_long_message(label, limit))
    return text


# ----------------------------------------------------------------- money ----

MONEY_HINT = "phải là số nguyên đồng, ví dụ 1.250.000.000"
_MONEY_SUFFIX = re.compile(r"\s*(đồng|vnđ|vnd|đ)\s*$", re.IGNORECASE)
# Groups of three ASCII digits after the first, one separator used throughout: "1.250.000",
# "1,250,000", "1 250 000" (also the no-break and narrow no-break spaces of pasted figures).
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[., \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*", re.ASCII)


def read_money(value) -> int | None:
    """Whole đồng from an int or a typed text; None for empty. :class:`BadInput` for anything
    else: other digits than 0–9, decimals, exponents, negatives, more than :data:`MAX_AMOUNT`."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise BadInput(MONEY_HINT)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, str):
        text = _MONEY_SUFFIX.sub("", value.strip()).strip()
        if not text:
            return None
        negative = text[:1] in ("-", "−")
        body = text[1:].strip() if negative else text
        if len(body) > 40:
            # Read no further: Python refuses to convert very long digit strings, and no amount
            # written with its separators takes 40 characters.
            raise BadInput(f"quá lớn (tối đa {format_vnd(MAX_AMOUNT)} đồng)", out_of_range=True)
        if ascii_digits(body):
            amount = int(body)
        elif _GROUPED.fullmatch(body):
            amount = int(re.sub(r"[^0-9]", "", body))
        elif re.fullmatch(r"[0-9]+[.,][0-9]{1,2}", body, re.ASCII):
            raise BadInput("phải là số nguyên đồng, không có phần thập phân")
        else:
            raise BadInput(MONEY_HINT)
        if negative and amount:
            raise BadInput("không được âm", out_of_range=True)
    else:
        raise BadInput(MONEY_HINT)
    if amount < 0:
        raise BadInput("không được âm", out_of_range=True)
    if amount > MAX_AMOUNT:
        raise BadInput(f"quá lớn (tối đa {format_vnd(MAX_AMOUNT)} đồng)", out_of_range=True)
    return amount


def parse_money(value, label: str = "số tiền", *, required: bool = False) -> int | None:
    """:func:`read_money` with the whole sentence ("Số tiền không được âm.") as a ServiceError."""
    try:
        amount = read_money(value)
    except BadInput as exc:
        raise ServiceError(sentence(label, exc)) from None
    if amount is None and required:
        raise ServiceError(missing_message(label))
    return amount


# ----------------------------------------------------------------- dates ----

def date_range_problem() -> str:
    return f"phải trong khoảng {vndate(MIN_DATE)}–{vndate(MAX_DATE)}"


def check_day(day: dt.date) -> dt.date:
    """``day`` (a date or datetime's date) when within :data:`MIN_DATE`–:data:`MAX_DATE`, else
    :class:`BadInput`."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not MIN_DATE <= day <= MAX_DATE:
        raise BadInput(date_range_problem(), out_of_range=True)
    return day


def parse_date(value, label: str = "ngày", *, required: bool = False) -> dt.date | None:
    """A date from a date, a datetime, "dd/mm/yyyy" or "yyyy-mm-dd" (ASCII digits), within
    :data:`MIN_DATE`–:data:`MAX_DATE`; None for empty unless required."""
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        if required:
            raise ServiceError(missing_message(label))
        return None
    if not isinstance(value, dt.date):
        text = str(value)
        value = None
        if text.isascii():
            for fmt in DATE_FORMATS:
                try:
                    value = dt.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    pass
        if value is None:
            raise ServiceError(date_format_message(label))
    try:
        return check_day(value)
    except BadInput as exc:
        raise ServiceError(sentence(label, exc)) from None
