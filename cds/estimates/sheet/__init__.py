"""The estimate spreadsheet officials already use: read it (:func:`parse`), hand out a template
to fill in (:func:`template`) and export an estimate back with live formulas (:func:`export`).
Pure functions on bytes and plain values — the caller's service stores what they return."""
from __future__ import annotations

from cds.text.normalize import fold

from .reading import parse
from .shapes import GroupSpec, ParsedSheet, RowError, SheetLine
from .writing import export, template

__all__ = ["GroupSpec", "ParsedSheet", "RowError", "SheetLine", "export", "groups_from_structure", "parse",
           "template"]


def groups_from_structure(structure) -> list[GroupSpec]:
    """The :class:`GroupSpec` of each group of a :class:`~cds.estimates.models.CostStructure`,
    in the structure's order, its keywords folded one phrase a line."""
    return [
        GroupSpec(code=g.code, numeral=g.numeral, name=g.name,
                  keywords=tuple(k for k in (fold(line) for line in (g.keywords or "").splitlines()) if k))
        for g in structure.groups.all()
    ]
