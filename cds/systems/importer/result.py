"""What reading an inventory workbook gives: the systems to create or update, the integrations,
and every error named by sheet, Excel row and column, in Vietnamese."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cds.core.errors import ServiceError
from cds.projects.importer.result import Outcome
from cds.text.format import num

MAX_KEPT_ERRORS = 2_000


@dataclass
class RowError:
    sheet: str  # "" for an error about the whole file
    row: int | None
    column: str  # "" when the error is about the file or the whole row
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Trang “{self.sheet}”, dòng {self.row}"
        if self.column:
            where += f", cột “{self.column}”"
        return f"{where}: {self.message}"


@dataclass
class SystemRow:
    row: int
    code: str
    name: str
    data: dict  # typed values for services.create_system / update_system
    existing_id: int | None = None  # the system of that code (an update)
    core_row: int | None = None  # the core system is another row of the file …
    core_id: int | None = None  # … or a system already registered
    holdings: list = field(default_factory=list)  # [(DataEntity, sharing)]
    cost: tuple | None = None  # (year, operating, development)

    @property
    def is_update(self) -> bool:
        return self.existing_id is not None

    @property
    def owner(self):
        return self.data.get("owner_unit")


@dataclass
class LinkRow:
    row: int
    source: tuple  # ("row", n) or ("id", pk)
    target: tuple
    source_label: str
    target_label: str
    both_ways: bool
    mechanism: str
    status: str
    since: dt.date | None
    entities: list
    note: str


@dataclass
class ImportResult(Outcome):
    file_name: str = ""
    sha256: str = ""
    systems_sheet: str = "Hệ thống"
    links_sheet: str = "Kết nối"
    systems: list[SystemRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    links_saved: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.systems or self.links)

    @property
    def to_create(self) -> list[SystemRow]:
        return [r for r in self.systems if not r.is_update]

    @property
    def to_update(self) -> list[SystemRow]:
        return [r for r in self.systems if r.is_update]

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(sheet, row, column, message))

    def file_error(self, message: str) -> "ImportResult":
        self.add("", None, "", message)
        return self

    def summary(self) -> dict:
        return {"file_name": self.file_name, "sha256": self.sha256, "create": len(self.to_create),
                "update": len(self.to_update), "links": len(self.links), "errors": self.error_count,
                "first_errors": self.messages[:20]}


class ImportRejected(ServiceError):
    """The file (or one of its rows) is not valid: nothing was written."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(f"Tệp có {num(result.error_count)} lỗi, chưa ghi dòng nào. " + "; ".join(result.messages[:5]),
                         code="import_rejected")
