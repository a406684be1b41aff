"""Small helpers shared by the survey services."""
from __future__ import annotations


def root_of(user):
    return user.unit.root() if user.unit_id else None
