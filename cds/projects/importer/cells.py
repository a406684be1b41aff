"""One cell's value: text, year, money, date, yes/no — each refused with a Vietnamese
:class:`CellError` saying what is expected."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from django.utils import timezone

from cds.core.validation import BadInput, check_text, read_money

from .. import services
from .columns import cached_fold

TRUE_WORDS = {"co", "x", "1", "true", "yes", "c", "dung", "chuyen tiep"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "k", "sai"}


class CellError(Exception):
    pass


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if not (value.hour or value.minute) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def check_cell(value, *, multiline: bool = True):
    """A text cell as it is stored (:func:`cds.core.validation.check_text`); :class:`CellError`
    when it holds a character that cannot be stored (a control character, a lone surrogate —
    Excel's ``_x0000_``/``_xD800_`` escapes can carry them —, a bidirectional control). Other
    cells are returned as they are."""
    if not isinstance(value, str):
        return value
    try:
        return check_text(value, multiline=multiline)
    except BadInput as exc:
        raise CellError(str(exc)) from None


def parse_year(value) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("phải là năm, ví dụ 2024")
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):
        year = int(value.strip())
    else:
        raise CellError("phải là năm, ví dụ 2024")
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise CellError(f"năm phải trong khoảng {services.MIN_YEAR}–{services.MAX_YEAR}")
    return year


MONEY_HINT = "phải là số nguyên đồng, ví dụ 1.250.000.000"


def parse_money(value) -> int | None:
    """Integer VND from a numeric cell or a "1.250.000.000" string (ASCII digits only:
    :func:`cds.core.validation.read_money`); negatives, decimals and words are refused."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(MONEY_HINT)
        if not value.is_integer():
            raise CellError("số tiền phải là số nguyên đồng, không có phần thập phân")
        value = int(value)
    if isinstance(value, str):
        value = value.replace("\u00a0", " ")
    try:
        return read_money(value)
    except BadInput as exc:
        message = f"số tiền {exc}"
        if "phần thập phân" in message:
            message += " (dùng dấu chấm phân cách hàng nghìn, ví dụ 1.250.000.000)"
        raise CellError(message) from None


_DATE_RE = re.compile(r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})")


def parse_date(value, *, today: dt.date | None = None) -> dt.date | None:
    """A real Excel date or a dd/mm/yyyy string; impossible dates (31/02/2024) and dates in
    the future are refused."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        m = _DATE_RE.fullmatch(value.strip())
        if not m:
            raise CellError("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)")
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            raise CellError(f"ngày “{value.strip()}” không tồn tại") from None
    else:
        raise CellError("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)")
    today = today or timezone.localdate()
    if day > today:
        raise CellError("ngày quyết định không được sau ngày hôm nay")
    if day.year < 1990:
        raise CellError("ngày quá xa trong quá khứ, hãy kiểm tra lại")
    return day


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = cached_fold(cell_text(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError("chỉ nhận “Có” hoặc “Không” (hoặc x / để trống)")
