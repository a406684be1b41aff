"""The last line before the database: no model of the application is saved with a text that
cannot be stored or exported, whichever way the write came (a service called without a form, a
management command, the admin).

:func:`refuse_unstorable` runs on ``pre_save`` of every model of the ``cds`` apps (connected in
:class:`cds.core.apps.Config`); it raises :class:`~cds.core.errors.ServiceError` keyed by field
— the pages and the API already turn that into a 400 with the message beside the field, and the
service's transaction writes nothing. It refuses control characters, lone surrogates and
bidirectional controls (:func:`cds.text.chars.text_problem`; tab and line breaks pass) in any
text field, a value of only spaces or invisible characters in a field that may not be blank, and
a date outside 01/01/1900–31/12/2100 (:data:`cds.core.validation.MIN_DATE`, ``MAX_DATE``).
Bulk writes (``bulk_create``, ``update``) do not send the signal: their callers check each value
themselves (the Excel import does, cell by cell)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import models

from cds.text.chars import is_blank, text_problem

from .errors import ServiceError
from .validation import MAX_DATE, MIN_DATE, date_range_problem, missing_message, sentence


@lru_cache(maxsize=None)
def _checked_fields(model) -> tuple:
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
                 or (isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)))


def _checked(model) -> bool:
    return model.__module__.startswith("cds.")


def _problem(field, value) -> str | None:
    label = str(field.verbose_name)
    if isinstance(value, dt.date):
        return None if MIN_DATE <= value <= MAX_DATE else sentence(label, date_range_problem())
    if not isinstance(value, str) or not value:
        return None
    problem = text_problem(value)
    if problem:
        return sentence(label, problem)
    if not field.blank and is_blank(value):
        return missing_message(label)
    return None


def unstorable_fields(instance, names=None) -> dict[str, str]:
    """{field name: Vietnamese message} for the text and date fields of ``instance`` (only
    ``names`` when given) that may not be stored."""
    errors = {}
    for field in _checked_fields(type(instance)):
        if names is not None and field.name not in names and field.attname not in names:
            continue
        message = _problem(field, getattr(instance, field.attname, None))
        if message:
            errors[field.name] = message
    return errors


def refuse_unstorable(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _checked(sender):
        return
    errors = unstorable_fields(instance, update_fields)
    if errors:
        raise ServiceError(errors)
