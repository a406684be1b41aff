"""Import of a unit's proposals for one planning round from the Excel sheet units keep: template,
preview, then all or nothing.

* :func:`build_template` ``(user, round_)`` — the workbook of the round to fill in.
* :func:`preview` ``(user, round_, upload)`` — upload checks, reading, and every row tried
  through :func:`cds.plans.services.create_proposal` in a transaction rolled back: the preview
  shows exactly what confirming will do.
* :func:`apply` ``(user, round_, data, file_name)`` — the same again, kept only when no row is
  refused (:class:`ImportRejected` carries every error otherwise).
* ``stash`` / ``claim_stash`` / ``discard`` — the bytes between preview and confirmation (the
  registry import's store).

Modules: :mod:`.columns` (the sheet), :mod:`.result` (rows, errors, the refusal),
:mod:`.reading` (limits, reading, checking rows), :mod:`.applying` (through the services),
:mod:`.template` (the Excel template).
"""
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.projects.importer.stashing import claim_stash, discard, stash

from .applying import NOT_ALLOWED, apply, check, ensure_can_import, preview
from .columns import BY_KEY, CATALOG_SHEET, COLUMNS, DATA_SHEET, GUIDE_SHEET, cost_label
from .reading import BLANK_RUN, MAX_PROPOSALS, parse
from .result import ImportRejected, ImportResult, ProposalRow, RowError
from .template import build_template, money_columns, template_filename

__all__ = [
    "BLANK_RUN", "BY_KEY", "CATALOG_SHEET", "COLUMNS", "DATA_SHEET", "GUIDE_SHEET", "MAX_PROPOSALS", "NOT_ALLOWED",
    "XLSX_CONTENT_TYPE", "ImportRejected", "ImportResult", "ProposalRow", "RowError", "apply", "build_template",
    "check", "claim_stash", "cost_label", "discard", "ensure_can_import", "money_columns", "parse", "preview",
    "stash", "template_filename",
]
