"""Import of an existing portfolio from an .xlsx file: parse → preview → apply all or nothing.

Entry points (no HTTP here; the views in :mod:`cds.projects.views.io` call them):

* :func:`parse` ``(user, data, file_name="") -> ImportResult`` — read and validate every row,
  write nothing. Errors carry the Excel row number the user sees and the column name, in
  Vietnamese (``Dòng 7, cột “Năm bắt đầu”: phải là năm, ví dụ 2024``).
* :func:`preview` ``(user, upload) -> (ImportResult, bytes | None)`` — the upload checks
  (size, real .xlsx, zip bomb), :func:`parse`, and the audit event ``import.previewed`` (or
  ``import.rejected`` when the file itself is unusable).
* :func:`apply` ``(user, data, file_name="") -> int`` — re-parse and re-validate the bytes
  (never trusting the preview), then create every row in one transaction or none; raises
  :class:`ImportRejected` (a :class:`ServiceError` carrying the result) when anything is wrong.
* :func:`build_template` ``(user) -> bytes`` — the downloadable template with a catalogue
  sheet and drop-down lists.
* :func:`stash` / :func:`load_stash` / :func:`claim_stash` / :func:`discard` — keep the
  uploaded bytes between preview and confirmation in ``MEDIA_ROOT/imports/<random token>.xlsx``.

Modules: :mod:`.columns` (the sheet's columns, header aliases, sheet names), :mod:`.cells`
(one cell's value), :mod:`.lookups` (the catalogues rows are matched against),
:mod:`.result` (rows, errors, the refusal), :mod:`.parsing` (upload checks and limits, reading
the workbook, validating rows; :func:`parse`, :func:`preview`), :mod:`.applying` (the
all-or-nothing bulk write; :func:`apply`), :mod:`.stashing` (the bytes between preview and
confirmation), :mod:`.template` (the Excel template). The module names are not the names of
the functions they hold, so ``importer.parse`` is always the function.
"""
from .applying import apply
from .cells import CellError, parse_bool, parse_date, parse_money, parse_year
from .columns import (
    BY_KEY,
    CATALOG_SHEET,
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_NAME,
    GUIDE_SHEET,
    IMPORT_STATES,
    KIND_SHORT_LABELS,
    REQUIRED_KEYS,
    XLSX_CONTENT_TYPE,
    Column,
)
from .parsing import MAX_ROWS, parse, preview
from .result import ImportRejected, ImportResult, ImportRow, RowError
from .stashing import claim_stash, discard, load_stash, stash
from .template import build_template, template_filename

__all__ = [
    "BY_KEY", "CATALOG_SHEET", "COLUMNS", "DATA_SHEET", "EXAMPLE_NAME", "GUIDE_SHEET", "IMPORT_STATES",
    "KIND_SHORT_LABELS", "MAX_ROWS", "REQUIRED_KEYS", "XLSX_CONTENT_TYPE", "CellError", "Column", "ImportRejected",
    "ImportResult", "ImportRow", "RowError", "apply", "build_template", "claim_stash", "discard", "load_stash",
    "parse", "parse_bool", "parse_date", "parse_money", "parse_year", "preview", "stash", "template_filename",
]
