"""What reading a packages file gives: the rows to write (the values the services read, the
project and plan each one goes to) and every error named by row and column, in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass, field

from cds.core.errors import ServiceError
from cds.projects.importer.result import MAX_KEPT_ERRORS, Outcome, RowError
from cds.text.format import num

from ..models import Field, Method


@dataclass
class PackageRow:
    row: int
    project: object            # cds.projects.models.Project
    plan_key: tuple            # (project id, plan code or folded plan name)
    plan: dict                 # values for services.create_plan
    package: dict              # values for services.create_package
    result: dict | None        # values for services.record_result, None without a result
    notice: str = ""           # the notice code without its version suffix
    plan_is_new: bool = True   # the plan is created by the import (else an existing one is reused)
    plan_label: str = ""
    price: int | None = None   # the package price as read, for the preview's total

    @property
    def name(self) -> str:
        return self.package.get("name", "")

    @property
    def field_label(self) -> str:
        value = self.package.get("field")
        return Field(value).label if value in Field.values else ""

    @property
    def method_label(self) -> str:
        value = self.package.get("method")
        return Method(value).label if value in Method.values else ""


@dataclass
class ImportResult(Outcome):
    file_name: str = ""
    mapping: str = ""
    sha256: str = ""
    kind: str = ""             # "xlsx" or "csv"
    rows: list[PackageRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)   # capped at MAX_KEPT_ERRORS
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)   # field code → its header in the file
    created: int = 0
    results: int = 0
    plans_created: int = 0

    @property
    def total(self) -> int:
        return sum(r.price or 0 for r in self.rows)

    @property
    def with_result(self) -> int:
        """Rows that also record the result of the selection."""
        return sum(1 for r in self.rows if r.result is not None)

    @property
    def new_plans(self) -> int:
        """Selection plans the rows create (the others go to plans already recorded)."""
        return len({r.plan_key for r in self.rows if r.plan_is_new})

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
        """The data of the audit event of a refused file."""
        return {"file_name": self.file_name, "errors": self.error_count, "first_errors": self.messages[:20]}


class ImportRejected(ServiceError):
    """The file (or one of its rows) is not valid: nothing was written."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(f"Tệp có {num(result.error_count)} lỗi, chưa nhập gói thầu nào. "
                         + "; ".join(result.messages[:5]), code="import_rejected")
