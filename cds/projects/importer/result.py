"""What parsing a file gives: the valid rows, the errors (Excel row, column, Vietnamese message),
and the refusal raised when applying a file with errors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cds.core.errors import ServiceError
from cds.orgs.models import Unit
from cds.text.format import num

from ..models import State
from .columns import KIND_SHORT_LABELS

MAX_KEPT_ERRORS = 2_000


@dataclass
class RowError:
    row: int | None  # the Excel row number; None for an error about the whole file
    column: str  # column label, "" when the error is about the file or the whole row
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return f"Dòng {self.row}: {self.message}"
        return f"Dòng {self.row}, cột “{self.column}”: {self.message}"


@dataclass
class ImportRow:
    row: int
    name: str
    kind: str
    group: str
    regime_id: int
    unit: Unit
    programme_id: int | None
    start_year: int
    end_year: int | None
    carried_over: bool
    state: str
    objectives: str
    scope: str
    funding_source_ids: list[int]
    approved: int | None
    decision_number: str
    decision_date: dt.date | None
    disbursed: int | None
    code: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_SHORT_LABELS.get(self.kind, self.kind)

    @property
    def state_label(self) -> str:
        return State(self.state).label if self.state in State.values else self.state


class Outcome:
    """What every import result answers from its ``rows`` (the valid ones), ``errors`` (kept) and
    ``error_count`` (all): whether it may be written, the file's and the rows' errors, the lines."""

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    @property
    def file_errors(self) -> list:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list:
        return [e for e in self.errors if e.row is not None]

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


@dataclass
class ImportResult(Outcome):
    file_name: str = ""
    sha256: str = ""
    sheet: str = ""
    header_row: int | None = None
    total_rows: int = 0  # non-blank data rows read
    rows: list[ImportRow] = field(default_factory=list)  # rows without any error
    errors: list[RowError] = field(default_factory=list)  # capped at MAX_KEPT_ERRORS
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)
    columns: list[str] = field(default_factory=list)  # recognised column labels
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok_count(self) -> int:
        return len(self.rows)

    def add(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if row is not None:
            self.error_rows.add(row)
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(row, column, message))

    def file_error(self, message: str) -> "ImportResult":
        self.add(None, "", message)
        return self

    def summary(self) -> dict:
        return {
            "file_name": self.file_name, "sha256": self.sha256, "rows": self.total_rows,
            "ok_rows": self.ok_count, "error_rows": len(self.error_rows), "errors": self.error_count,
            "first_errors": self.messages[:20],
        }


class ImportRejected(ServiceError):
    """The file (or one of its rows) is not valid: nothing was written."""

    def __init__(self, result: ImportResult):
        self.result = result
        n = result.error_count
        super().__init__(
            f"Tệp có {num(n)} lỗi, chưa nhập dòng nào. " + "; ".join(result.messages[:5]),
            code="import_rejected",
        )
