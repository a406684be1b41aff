"""Blocks that other apps add to the project page.

The project page is the registry's, but what an appraisal dossier, an overlap finding, a
directive task or a review says about a project belongs to those apps. Each registers a
:class:`Panel` from its ``AppConfig.ready``; the page asks every registered panel for its
context and includes its template in its slot. The registry never imports them.

Slots: ``badge`` (next to the state, in the header), ``top`` (cards above the tabs) and
``info`` (below the information tab).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SLOTS = ("badge", "top", "info")


@dataclass(frozen=True)
class Panel:
    key: str
    slot: str
    template: str
    #: ``context(user, project, ctx, tab)`` adds what the template needs to ``ctx`` (and may
    #: narrow what the page already put there, e.g. the lifecycle buttons). Called once per page.
    context: Callable
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown project-page slot {panel.slot!r}")
    _panels[panel.key] = panel


def registered() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


def build(user, project, ctx: dict, tab: str) -> None:
    """Run every panel's context function; put the templates to include, by slot, in ``ctx``."""
    by_slot: dict[str, list[str]] = {slot: [] for slot in SLOTS}
    for panel in registered():
        panel.context(user, project, ctx, tab)
        by_slot[panel.slot].append(panel.template)
    ctx["panels"] = by_slot
