"""Excel export of the audit log: the rows the log page shows for the same filters and the same
reader, newest first, at most ``MAX_ROWS`` of them (the sheet says so when the filter matched
more), written through an openpyxl *write-only* workbook into a temporary file."""
from __future__ import annotations

import tempfile

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cds.core.uploads import XLSX_CONTENT_TYPE  # noqa: F401 — callers read it here
from cds.text.chars import xml_safe
from cds.text.format import num, vndate

from .selectors import audit_filter
from .services import record_event

MAX_ROWS = 20_000
CHUNK_SIZE = 2000
SHEET_TITLE = "Nhật ký"
TITLE_ROW, HEADER_ROW = 1, 3  # row 2 carries the filters and the exporter

COLUMNS = (
    ("Thời điểm", 17),
    ("Người thực hiện", 26),
    ("Tên đăng nhập", 16),
    ("Vai trò", 26),
    ("Đơn vị của người thực hiện", 32),
    ("Hành động", 32),
    ("Đối tượng", 50),
    ("Đơn vị liên quan", 32),
    ("Chi tiết", 70),
    ("Địa chỉ IP", 15),
)


def export_filename(day=None) -> str:
    day = day or timezone.localdate()
    return f"nhat-ky-{day:%Y%m%d}.xlsx"


def _text_cell(ws, value: str):
    """A cell that is always text: characters a workbook cannot hold show as "�" (a lone
    surrogate too), and a value starting with "=" stays text rather than becoming a formula."""
    cell = WriteOnlyCell(ws, value=xml_safe(value or ""))
    cell.data_type = "s"
    return cell


def _row(ws, e) -> list:
    return [_text_cell(ws, v) for v in (
        vndate(timezone.localtime(e.created_at)), e.actor_display, e.actor_name, e.actor_role_label,
        e.actor_unit_label, e.verb_label, e.target_repr, e.unit.name if e.unit_id else "", e.summary, e.ip or "",
    )]


def write_workbook(events, out, *, subtitle: str) -> int:
    """Write ``events`` (an iterable of AuditEvent) into the binary file ``out``; the row count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    for idx, (_h, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    last_col = get_column_letter(len(COLUMNS))
    title = WriteOnlyCell(ws, value="NHẬT KÝ HỆ THỐNG")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    note = WriteOnlyCell(ws, value=xml_safe(subtitle))
    note.font = Font(italic=True, color="555555")
    ws.append([note])
    ws.merged_cells.add(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    header = []
    for h, _w in COLUMNS:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4E79")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header.append(c)
    ws.append(header)
    count = 0
    for e in events:
        ws.append(_row(ws, e))
        count += 1
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + max(count, 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    wb.save(out)
    return count


def export_log(user, params):
    """Service: the export of ``user``'s filtered log, recorded in the log itself.

    The caller has checked that ``user`` may read the log. Returns ``(file, count, filename)``;
    ``file`` is an open temporary file at its start (deleted when closed)."""
    flt = audit_filter(user, params)
    described = flt.describe()
    qs = flt.qs
    total = qs.count()
    truncated = total > MAX_ROWS
    who = f"{user.get_full_name() or user.username} ({user.username})"
    parts = [f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}", f"người xuất: {who}",
             f"điều kiện lọc: {described}" if described else "không lọc"]
    if truncated:
        parts.append(f"chỉ xuất {num(MAX_ROWS)} dòng mới nhất trong {num(total)} dòng; hãy lọc hẹp hơn")
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        count = write_workbook(qs[:MAX_ROWS].iterator(chunk_size=CHUNK_SIZE), out, subtitle="; ".join(parts))
    except BaseException:
        out.close()
        raise
    out.seek(0)
    record_event(user, "export.audit_xlsx", data={"count": count, "truncated": truncated, "filters": described})
    return out, count, export_filename()
