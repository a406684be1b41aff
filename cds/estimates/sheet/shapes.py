"""What the estimate spreadsheet is read into: plain values, no model instances, so that reading
a file never touches the database and the caller's service decides what to store."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class GroupSpec:
    """One cost group of the structure the estimate follows, as the reader needs it: its code,
    its numeral (I, II …), its name and the folded phrases of items that belong in it."""

    code: str
    numeral: str
    name: str
    keywords: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.numeral}. {self.name}"


@dataclass
class SheetLine:
    """One item (khoản mục) of the sheet. ``row`` is the row number Excel shows; ``amount`` is
    the "Thành tiền" as written (before VAT); ``basis`` a code of
    :class:`cds.estimates.models.Basis`."""

    row: int
    group_code: str
    stt: str
    name: str
    unit: str
    quantity: Decimal | None
    unit_price: int | None
    amount: int
    vat_rate: Decimal
    vat_amount: int
    basis: str
    note: str
    norm_key: str = ""  # a sheet names no rate norm; the checks read the attribute of every line


@dataclass(frozen=True)
class RowError:
    """A problem of the file. ``row`` is the row number Excel shows (0 for the whole file),
    ``column`` the column letter and name ("F (Thành tiền)", "" when the whole row or file is
    concerned); ``message`` is the whole Vietnamese sentence, naming both."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class ParsedSheet:
    lines: list[SheetLine] = field(default_factory=list)
    subtotals: dict[str, int] = field(default_factory=dict)
    total: int | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheet: str = ""
    header_row: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors
