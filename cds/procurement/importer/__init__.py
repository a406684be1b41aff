"""Import of packages from the Excel sheets units keep and from the CSV/Excel export of the
national e-procurement system's public results: upload checks, preview, then all or nothing.

The columns are data: a :class:`~cds.procurement.models.ColumnMapping` row maps each header as
written (matched without diacritics, case or spacing) to one of :data:`FIELDS`; an
administrator adds a row when a unit or the national system changes its columns.

* :func:`preview` ``(user, mapping, upload, project=None)`` — the upload checks (size, a real
  .xlsx or CSV text), reading, and every row tried through the services in a transaction rolled
  back: the preview shows exactly what confirming will do.
* :func:`apply` ``(user, mapping, kind, data, file_name, project=None)`` — the same again, kept
  only when no row is refused (:class:`ImportRejected` carries every error otherwise).
* :func:`build_template` — the unit sheet to fill in.
* ``stash`` / ``load_stash`` / ``claim_stash`` / ``discard`` — the bytes between preview and
  confirmation (the registry import's store).

Modules: :mod:`.columns` (fields, words, header matching), :mod:`.reading` (upload checks and
limits, the table of an .xlsx or CSV), :mod:`.checking` (rows, projects, plans, duplicates),
:mod:`.applying` (through the services), :mod:`.result`, :mod:`.template`.
"""
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.projects.importer.stashing import claim_stash, discard, load_stash, stash

from .applying import NOT_ALLOWED, apply, check, ensure_can_import, preview, rejected
from .checking import NO_PROJECT, NOT_FOUND, parse, recordable_projects
from .columns import FIELDS, REQUIRED
from .reading import BLANK_RUN, MAX_ROWS, check_upload
from .result import ImportRejected, ImportResult, PackageRow
from .template import TEMPLATE_FILENAME, build_template

__all__ = [
    "BLANK_RUN", "FIELDS", "MAX_ROWS", "NOT_ALLOWED", "NOT_FOUND", "NO_PROJECT", "REQUIRED", "TEMPLATE_FILENAME",
    "XLSX_CONTENT_TYPE", "ImportRejected", "ImportResult", "PackageRow", "apply", "build_template", "check",
    "check_upload", "claim_stash", "discard", "ensure_can_import", "load_stash", "parse", "preview",
    "recordable_projects", "rejected", "stash",
]
