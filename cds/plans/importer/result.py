"""What reading a proposals sheet gives: the rows to create, with their totals, and every error
named by Excel row and column, in Vietnamese."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cds.core.errors import ServiceError
from cds.projects.importer.result import MAX_KEPT_ERRORS, Outcome, RowError
from cds.text.format import num

from ..models import Basis
from .columns import BASIS_LABELS, PRIORITY_LABELS


@dataclass
class ProposalRow:
    row: int
    data: dict  # typed values for services.create_proposal
    costs: list  # [(year, FundingSource, amount)] as the sheet gives them (pre-filled for a carried row)
    project_code: str = ""
    code: str = ""  # the proposal's code once written (the preview's is provisional)
    warnings: int = 0  # findings of the checks once written
    findings: list[str] = field(default_factory=list)  # the first warnings, in words

    @property
    def name(self) -> str:
        return self.data.get("name", "")

    @property
    def basis(self) -> str:
        return Basis.CARRIED if self.data.get("project") is not None else Basis.NEW

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS.get(self.data.get("priority"), "")

    @property
    def total(self) -> int:
        return sum(a for _y, _s, a in self.costs)

    @property
    def years(self) -> str:
        start, end = self.data.get("start_year"), self.data.get("end_year")
        return str(start) if not end or end == start else f"{start}–{end}"


@dataclass
class ImportResult(Outcome):
    file_name: str = ""
    sha256: str = ""
    sheet: str = ""
    rows: list[ProposalRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # capped at MAX_KEPT_ERRORS
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    def totals(self) -> list[tuple[int, str, int]]:
        """[(year, source name, amount)] summed over the rows, by year then source."""
        sums: dict[tuple[int, int], int] = defaultdict(int)
        names, order = {}, {}
        for r in self.rows:
            for year, source, amount in r.costs:
                sums[(year, source.pk)] += amount
                names[source.pk], order[source.pk] = source.name, (source.sort_order, source.name)
        return [(year, names[pk], amount) for (year, pk), amount in sorted(sums.items(), key=lambda kv: (
            kv[0][0], order[kv[0][1]]))]

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
        return {"file_name": self.file_name, "sha256": self.sha256, "rows": len({r.row for r in self.rows} | self.error_rows),
                "ok_rows": len(self.rows), "errors": self.error_count, "total": self.total,
                "first_errors": self.messages[:20]}


class ImportRejected(ServiceError):
    """The file (or one of its rows) is not valid: nothing was written."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(f"Tệp có {num(result.error_count)} lỗi, chưa nhập đề xuất nào. "
                         + "; ".join(result.messages[:5]), code="import_rejected")
