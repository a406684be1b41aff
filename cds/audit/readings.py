"""Helpers the apps' ``events.py`` read an event's data with, so every line of the log speaks
the same Vietnamese: Có/Không, choice labels, dd/mm/yyyy, amounts in đồng, quoted text."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from cds.text.format import vnd, vndate

__all__ = ["amount", "changed_fields", "choice", "clip", "day", "join", "moment", "quoted", "yes_no"]


def yes_no(value) -> str:
    return "Có" if value else "Không"


def choice(choices, value) -> str:
    """The label of ``value`` among Django ``choices`` (a TextChoices class or pairs)."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return str(dict(pairs).get(value, value)) if value not in (None, "") else ""


def day(value) -> str:
    """A date recorded as ISO text (or a date) as dd/mm/yyyy."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return vndate(value)


def moment(value) -> str:
    """A date and time recorded as ISO text as dd/mm/yyyy hh:mm, local time."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return vndate(value)


def amount(value) -> str:
    return vnd(value)


def clip(text, limit: int = 200) -> str:
    """Text on one line, cut at ``limit`` characters with "…"."""
    text = " ".join(str(text or "").split())
    return f"{text[:limit]}…" if len(text) > limit else text


def quoted(text, limit: int = 200) -> str:
    text = clip(text, limit)
    return f"“{text}”" if text else ""


def join(*parts, sep: str = "; ") -> str:
    """The non-empty parts, joined; the first letter capitalised."""
    text = sep.join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def changed_fields(model, d: dict) -> str:
    """"sửa" and the changed fields (``d["fields"]``, field names) by their labels on ``model``."""
    labels = []
    for name in d.get("fields") or []:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name)
            continue
        # a reverse relation (the costs of a proposal) reads as the related rows' name
        labels.append(str(getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name))
    return f"sửa {', '.join(labels)}" if labels else ""
