"""Import of the inventory sheet provinces keep: one row per system (sheet “Hệ thống”), the
integrations on a second sheet (“Kết nối”); template, preview, then all or nothing.

* :func:`preview` ``(user, upload)`` — upload checks, reading, and every row tried through the
  services in a transaction rolled back: the preview shows exactly what confirming will do.
* :func:`apply` ``(user, data, file_name)`` — the same again, kept only when no row is refused
  (:class:`ImportRejected` carries every error otherwise).
* :func:`build_template` ``(user)`` — the workbook to fill in.
* ``stash`` / ``claim_stash`` / ``discard`` — the bytes between preview and confirmation (the
  projects' import's store).
"""
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.projects.importer.stashing import claim_stash, discard, stash

from .applying import NOT_ALLOWED, apply, check, preview
from .columns import LINK_COLUMNS, LINKS_SHEET, SYSTEM_COLUMNS, SYSTEMS_SHEET
from .reading import BLANK_RUN, MAX_LINKS, MAX_SYSTEMS, parse
from .result import ImportRejected, ImportResult, LinkRow, RowError, SystemRow
from .template import build_template, template_filename

__all__ = [
    "BLANK_RUN", "LINKS_SHEET", "LINK_COLUMNS", "MAX_LINKS", "MAX_SYSTEMS", "NOT_ALLOWED", "SYSTEMS_SHEET",
    "SYSTEM_COLUMNS", "XLSX_CONTENT_TYPE", "ImportRejected", "ImportResult", "LinkRow", "RowError", "SystemRow",
    "apply", "build_template", "check", "claim_stash", "discard", "parse", "preview", "stash", "template_filename",
]
