"""Audit verbs and their Vietnamese labels, owned by the apps that record them.

Each app that records events has an ``events.py`` with ``VERBS`` (verb → label) and, where the
log should read an event's data in words, ``SUMMARIES`` (verb → function of the data). The
audit app collects them when Django starts (as the admin collects ``admin.py``), so it knows
no app by name and no app imports it for its labels.
"""
from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

VERB_LABELS: dict[str, str] = {}
SUMMARIES: dict[str, object] = {}
OWNERS: dict[str, str] = {}


def register(owner: str, verbs: dict[str, str], summaries: dict | None = None) -> None:
    for verb, label in verbs.items():
        if OWNERS.get(verb, owner) != owner:
            raise ValueError(f"audit verb {verb!r} registered by {OWNERS[verb]} and {owner}")
        OWNERS[verb] = owner
        VERB_LABELS[verb] = label
    for verb, fn in (summaries or {}).items():
        if verb not in verbs:
            raise ValueError(f"{owner}: a summary for {verb!r}, which it does not register")
        SUMMARIES[verb] = fn


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "events"):
            module = import_module(f"{config.name}.events")
            register(config.label, module.VERBS, getattr(module, "SUMMARIES", None))


def label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


def summarize(event) -> str:
    """A Vietnamese one-line reading of ``event.data`` for the log page."""
    data = event.data or {}
    fn = SUMMARIES.get(event.verb)
    if fn is not None:
        return fn(data)
    return "; ".join(f"{k}: {v}" for k, v in data.items() if v not in ("", None, []))
