"""Checks of what a user typed, shared by the services: one wording of the Vietnamese messages.

``clean_text`` and ``parse_date`` raise :class:`~cds.core.errors.ServiceError`; ``label`` is the
field's name as a sentence uses it ("trích yếu", "thời hạn")."""
from __future__ import annotations

import datetime as dt

from .errors import ServiceError

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")   # what forms send (dd/mm/yyyy) and what the API sends


def _cap(label: str) -> str:
    return label[:1].upper() + label[1:]


# The wordings, shared by these checks and by the form fields of cds.core.forms.

def missing_message(label: str) -> str:
    return f"Chưa nhập {label}."


def too_long_message(label: str, limit: int) -> str:
    return f"{_cap(label)} quá dài (tối đa {limit:,} ký tự).".replace(",", ".")


def date_format_message(label: str) -> str:
    return f"{_cap(label)} phải có dạng dd/mm/yyyy."


def clean_text(value, label: str, *, required: bool = True, limit: int) -> str:
    """The text stripped; refused when required and empty, or longer than ``limit`` characters."""
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(missing_message(label))
    if len(text) > limit:
        raise ServiceError(too_long_message(label, limit))
    return text


def parse_date(value, label: str = "ngày", *, required: bool = False) -> dt.date | None:
    """A date from a date, a datetime, "dd/mm/yyyy" or "yyyy-mm-dd"; None for empty unless required."""
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        if required:
            raise ServiceError(missing_message(label))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value), fmt).date()
        except ValueError:
            pass
    raise ServiceError(date_format_message(label))
