"""Small helpers shared by the survey services."""
from __future__ import annotations

from cds.core.errors import ConflictError


def saved(obj, actor, **kwargs):
    """Save ``obj`` with its history row naming ``actor`` (no request in imports, demo, commands)."""
    obj._history_user = actor
    obj.save(**kwargs)
    return obj


def check_version(obj, expected) -> None:
    """Optimistic lock: ``expected`` is the version the editor opened (None = not checked)."""
    if expected is None or expected == "":
        return
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        raise ConflictError() from None
    if obj.version != expected:
        raise ConflictError()


def root_of(user):
    return user.unit.root() if user.unit_id else None
