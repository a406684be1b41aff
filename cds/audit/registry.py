"""Audit verbs and their Vietnamese labels, owned by the apps that record them.

Each app that records events has an ``events.py`` with

* ``VERBS`` (verb → label);
* ``SUMMARIES`` (verb → function of the event's data giving one Vietnamese line: choice labels,
  Có/Không, amounts in đồng, dates dd/mm/yyyy, codes rather than ids — helpers in
  :mod:`cds.audit.readings`);
* ``LINKS`` (target type such as ``"projects.project"`` → the URL name of its page, taking the
  target's id, or a function of the event giving the URL or "");
* ``GROUP``: the heading its verbs are listed under in the log's action filter (default: the
  app's verbose name);
* ``EXPORTS``: its verbs that take data out of the system (an export, a document downloaded), and
  ``READS``: those that change no data (signing in, a preview, a request answered with nothing
  saved). Every other verb changes data: the log's "Loại" filter reads these (:func:`verbs_of_kind`).

The audit app collects them when Django starts (as the admin collects ``admin.py``), so it knows
no app by name and no app imports it for its labels.
"""
from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule

from cds.text.format import cell_text

VERB_LABELS: dict[str, str] = {}
SUMMARIES: dict[str, object] = {}
OWNERS: dict[str, str] = {}
LINKS: dict[str, object] = {}
GROUPS: dict[str, str] = {}   # owner app label → heading of its verbs
EXPORTS: set[str] = set()     # verbs that take data out of the system
READS: set[str] = set()       # verbs that change no data
KINDS = {"changes": "Thay đổi dữ liệu", "exports": "Xuất, tải dữ liệu"}


def register(owner: str, verbs: dict[str, str], summaries: dict | None = None, *,
             links: dict | None = None, group: str = "", exports=(), reads=()) -> None:
    for verb, label in verbs.items():
        if OWNERS.get(verb, owner) != owner:
            raise ValueError(f"audit verb {verb!r} registered by {OWNERS[verb]} and {owner}")
        OWNERS[verb] = owner
        VERB_LABELS[verb] = label
    for verb, fn in (summaries or {}).items():
        if verb not in verbs:
            raise ValueError(f"{owner}: a summary for {verb!r}, which it does not register")
        SUMMARIES[verb] = fn
    for target_type, target in (links or {}).items():
        if LINKS.get(target_type, target) is not target:
            raise ValueError(f"{owner}: a second page for {target_type!r}")
        LINKS[target_type] = target
    if verbs:
        GROUPS[owner] = group or GROUPS.get(owner) or owner
    for verb in (*exports, *reads):
        if verb not in verbs:
            raise ValueError(f"{owner}: {verb!r} is declared an export or a read but not registered")
    EXPORTS.update(exports)
    READS.update(reads)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "events"):
            module = import_module(f"{config.name}.events")
            register(config.label, module.VERBS, getattr(module, "SUMMARIES", None),
                     links=getattr(module, "LINKS", None), group=getattr(module, "GROUP", "") or config.verbose_name,
                     exports=getattr(module, "EXPORTS", ()), reads=getattr(module, "READS", ()))


def label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


def grouped_verbs() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(owner, heading, [(verb, label), …])`` for the action filter, headings in order."""
    by_owner: dict[str, list[tuple[str, str]]] = {}
    for verb, owner in OWNERS.items():
        by_owner.setdefault(owner, []).append((verb, VERB_LABELS[verb]))
    return sorted(((owner, GROUPS.get(owner, owner), sorted(verbs, key=lambda v: v[1]))
                   for owner, verbs in by_owner.items()), key=lambda g: g[1])


def verbs_of(owner: str) -> list[str]:
    return [verb for verb, o in OWNERS.items() if o == owner]


def verbs_of_kind(kind: str) -> list[str]:
    """The verbs of one of :data:`KINDS`: ``exports``, or ``changes`` (neither an export nor a read)."""
    if kind == "exports":
        return sorted(EXPORTS)
    if kind == "changes":
        return sorted(verb for verb in OWNERS if verb not in EXPORTS and verb not in READS)
    return []


def _plain(data: dict) -> str:
    """The reading of data no summary is registered for: each value as a page shows it."""
    return "; ".join(f"{k}: {cell_text(v)}" for k, v in data.items() if v not in ("", None, [], {}))


def summarize(event) -> str:
    """A Vietnamese one-line reading of ``event.data`` for the log page and its export."""
    data = event.data or {}
    fn = SUMMARIES.get(event.verb)
    if fn is None:
        return _plain(data)
    try:
        return fn(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        # An event recorded with an older shape of data still reads, only less well.
        return _plain(data)


def link(event) -> str:
    """The URL of the page of the event's object, or "" where it has none."""
    target = LINKS.get(event.target_type)
    if target is None or event.target_id is None:
        return ""
    if callable(target):
        return target(event) or ""
    try:
        return reverse(target, args=[event.target_id])
    except NoReverseMatch:
        return ""


def record_link(label: str, pk) -> str:
    """The page of the record ``label`` (``"app_label.model"``) ``pk``, as the apps declare their
    pages for the audit log, or "" where it has none."""
    return link(SimpleNamespace(target_type=label, target_id=pk, verb=None, data={}))  # no event: no verb
