"""The Excel lists the system exports share one look: a bold title, a line saying what was
exported (who, when, which filters), a dark header row, frozen panes, an auto-filter and the
header repeated on every printed page. Rows are streamed (write-only workbook)."""
from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cds.text.chars import xml_safe

TITLE_ROW, HEADER_ROW = 1, 3  # row 2 says what was exported

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def open_list_sheet(sheet_title: str, title: str, subtitle: str, headers: Sequence[str], widths: Sequence[float], *,
                    freeze_col: str = "B", header_height: float | None = None, zoom: int | None = None):
    """A write-only workbook with one sheet whose title, subtitle and header rows are written;
    the caller appends the data rows, then calls :func:`close_list_sheet`."""
    wb = Workbook(write_only=True)
    ws = add_list_sheet(wb, sheet_title, title, subtitle, headers, widths, freeze_col=freeze_col,
                        header_height=header_height, zoom=zoom)
    return wb, ws


def add_list_sheet(wb, sheet_title: str, title: str, subtitle: str, headers: Sequence[str], widths: Sequence[float],
                   *, freeze_col: str = "B", header_height: float | None = None, zoom: int | None = None):
    """Another sheet of the same look in the write-only workbook ``wb`` (finish each sheet with
    :func:`finish_list_sheet` after its rows)."""
    ws = wb.create_sheet(sheet_title)
    for idx, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.freeze_panes = f"{freeze_col}{HEADER_ROW + 1}"
    if zoom:
        ws.sheet_view.zoomScale = zoom
    cell = WriteOnlyCell(ws, value=title)
    cell.font = Font(bold=True, size=14)
    ws.append([cell])
    note = WriteOnlyCell(ws, value=xml_safe(subtitle))
    note.font = Font(italic=True, color="555555")
    ws.append([note])
    ws.merged_cells.add(f"A{TITLE_ROW}:{get_column_letter(len(headers))}{TITLE_ROW}")
    header = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        header.append(c)
    if header_height:
        ws.row_dimensions[HEADER_ROW].height = header_height
    ws.append(header)
    return ws


def finish_list_sheet(ws, n_columns: int, count: int) -> None:
    """Auto-filter over the data rows and the header repeated when printed."""
    last_col = get_column_letter(n_columns)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + max(count, 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def close_list_sheet(wb, ws, out, n_columns: int, count: int) -> None:
    """Auto-filter over the data rows, the header repeated when printed, save into ``out``."""
    finish_list_sheet(ws, n_columns, count)
    wb.save(out)
