"""Hints under a new project's name field, contributed by the apps that know something about it.

The project form (a low layer) shows, under the name field, HTMX partials of apps above it —
similar systems already exist, a library entry could be reused … — without importing them: an
app registers the URL name of its partial here in its ``AppConfig.ready()``, and the form asks
:func:`registered` (template tag ``form_hint_urls`` in :mod:`cds.core.templatetags.form_hints`).
Each partial is requested with the form's name, objectives and capabilities as GET parameters
and answers nothing when it has nothing to say.
"""
from __future__ import annotations

_hints: list[str] = []


def register(url_name: str) -> None:
    """Show the partial at ``url_name`` under the project form's name field (once)."""
    if url_name not in _hints:
        _hints.append(url_name)


def registered() -> list[str]:
    """The registered URL names, in registration order."""
    return list(_hints)
