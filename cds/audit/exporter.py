"""Excel export of the audit log: the rows the log page shows for the same filters and the same
reader, newest first, at most ``MAX_ROWS`` of them (the sheet says so when the filter matched
more), written through an openpyxl *write-only* workbook into a temporary file."""
from __future__ import annotations

import tempfile

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

from cds.core.uploads import XLSX_CONTENT_TYPE  # noqa: F401 — callers read it here
from cds.reports.xlsx import (  # noqa: F401 — HEADER_ROW: readers of the file
    HEADER_ROW,
    close_list_sheet,
    open_list_sheet,
)
from cds.text.chars import xml_safe
from cds.text.format import num, vndate

from .selectors import audit_filter
from .services import record_event

MAX_ROWS = 20_000
CHUNK_SIZE = 2000
SHEET_TITLE = "Nhật ký"

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
    wb, ws = open_list_sheet(SHEET_TITLE, "NHẬT KÝ HỆ THỐNG", subtitle, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS])
    count = 0
    for e in events:
        ws.append(_row(ws, e))
        count += 1
    close_list_sheet(wb, ws, out, len(COLUMNS), count)
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
