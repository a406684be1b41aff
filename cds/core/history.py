"""django-simple-history's ``HistoricalRecords`` with Vietnamese model names.

The library names a history table "historical <name>" and the table of a tracked many-to-many
field by its class name ("HistoricalProject_funding_sources", plural with an "s" added); the
admin's pages and the history screens show those names. Here both read "lịch sử thay đổi …",
singular and plural alike (Vietnamese nouns do not inflect).
"""
from __future__ import annotations

from django.utils.text import format_lazy
from simple_history.models import HistoricalRecords as _HistoricalRecords

HISTORY_PREFIX = "lịch sử thay đổi"


class HistoricalRecords(_HistoricalRecords):
    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy("{} {}", HISTORY_PREFIX, model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = options["verbose_name"]
        return options

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        owner = through_model._meta.auto_created or through_model
        field = next((f for f in owner._meta.many_to_many if f.remote_field.through is through_model), None)
        what = field.verbose_name if field is not None else through_model._meta.verbose_name
        name = format_lazy("{} {} — {}", HISTORY_PREFIX, owner._meta.verbose_name, what)
        options.update(verbose_name=name, verbose_name_plural=name)
        return options


#: django-simple-history stores a change reason in a column of 100 characters.
CHANGE_REASON_MAX = 100


def change_reason(text: str) -> str:
    """``text`` as a history change reason: cut to the column's length with "…" (PostgreSQL
    refuses a longer value; the full wording belongs in the audit event)."""
    text = " ".join(str(text).split())
    return text if len(text) <= CHANGE_REASON_MAX else text[: CHANGE_REASON_MAX - 1].rstrip() + "…"


def saved(obj, actor, **kwargs):
    """Save ``obj`` with its history row naming ``actor``: imports, the demo and the commands
    have no request from which the history middleware could tell who it was."""
    obj._history_user = actor
    obj.save(**kwargs)
    return obj
