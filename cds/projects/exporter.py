"""Excel export of the registry list: exactly the rows the list page shows for the same
filters and the same user, streamed through an openpyxl *write-only* workbook so that a
national-scale export (100.000 rows and more) never holds the whole list in memory.

The rows are read with ``.iterator(chunk_size=2000)`` and written one by one; the workbook
is assembled in a temporary file on disk which the view streams back to the browser. Every
text is written through :func:`cds.text.chars.xml_safe`: a character an .xlsx cannot hold,
stored before it was refused, shows as "�" instead of making the export fail for everyone.
"""
from __future__ import annotations

import dataclasses
import tempfile

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

from cds.accounts import access
from cds.audit.services import record_event
from cds.catalog.models import FundingSource, Programme
from cds.core.uploads import XLSX_CONTENT_TYPE  # noqa: F401 — callers read it here
from cds.reports.xlsx import (  # noqa: F401 — HEADER_ROW: readers of the file
    HEADER_ROW,
    close_list_sheet,
    open_list_sheet,
)
from cds.rules.models import LegalRegime
from cds.text.chars import xml_safe

from . import selectors
from .filters import ProjectFilter
from .models import Group, Kind, State

MONEY_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
CHUNK_SIZE = 2000
SHEET_TITLE = "Danh mục dự án"

# (header, width, kind of cell)
COLUMNS = (
    ("Mã", 15, "text"),
    ("Tên nhiệm vụ/dự án", 60, "text"),
    ("Loại", 24, "text"),
    ("Nhóm", 12, "text"),
    ("Chế độ pháp lý", 18, "text"),
    ("Chương trình", 36, "text"),
    ("Chủ đầu tư", 36, "text"),
    ("Năm bắt đầu", 9, "int"),
    ("Năm kết thúc", 9, "int"),
    ("Chuyển tiếp", 10, "text"),
    ("Trạng thái", 22, "text"),
    ("Tổng mức/dự toán duyệt", 20, "money"),
    ("Kế hoạch vốn", 20, "money"),
    ("Đã giải ngân", 20, "money"),
    ("Quyết toán", 20, "money"),
    ("Tỷ lệ giải ngân", 11, "percent"),
)
HEADERS = tuple(c[0] for c in COLUMNS)

KIND_LABELS = dict(Kind.choices)
GROUP_LABELS = dict(Group.choices)
STATE_LABELS = dict(State.choices)


def export_filename(day=None) -> str:
    day = day or timezone.localdate()
    return f"danh-muc-du-an-{day:%Y%m%d}.xlsx"


def describe_filter(flt: ProjectFilter) -> dict:
    """The active filters (for the audit log and the sheet's second row)."""
    return {k: v for k, v in dataclasses.asdict(flt).items() if v not in (None, "") and k != "sort"} | {
        "sort": flt.sort,
    }


# Values read per project: plain tuples (no model instances) keep a 100.000-row export light.
FIELDS = (
    "code", "name", "kind", "group", "regime__short_name", "programme__name", "investor_unit__name",
    "start_year", "end_year", "carried_over", "state", "total_approved", "total_allocated", "total_disbursed",
    "total_settled",
)


def _row_values(v) -> list:
    (code, name, kind, group, regime, programme, unit, start, end, carried, state,
     approved, allocated, disbursed, settled) = v
    return [xml_safe(value) for value in (
        code, name, KIND_LABELS.get(kind, kind), GROUP_LABELS.get(group, group), regime or "", programme or "",
        unit or "", start, end, "Có" if carried else "Không", STATE_LABELS.get(state, state),
        approved, allocated, disbursed, settled, disbursed / allocated if allocated else None,
    )]


def write_workbook(queryset, out, *, subtitle: str = "") -> int:
    """Write the projects of ``queryset`` as an .xlsx into the binary file ``out``, reading
    them in chunks; return the number of data rows."""
    wb, ws = open_list_sheet(
        SHEET_TITLE, "DANH MỤC NHIỆM VỤ, DỰ ÁN CNTT, CHUYỂN ĐỔI SỐ",
        subtitle or f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}", HEADERS, [c[1] for c in COLUMNS],
        freeze_col="C", header_height=32, zoom=90)  # header and code/name stay visible

    money_idx = [i for i, c in enumerate(COLUMNS) if c[2] == "money"]
    pct_idx = [i for i, c in enumerate(COLUMNS) if c[2] == "percent"]

    count = 0
    for v in queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        values = _row_values(v)
        for i in money_idx:
            cell = WriteOnlyCell(ws, value=values[i])
            cell.number_format = MONEY_FORMAT
            values[i] = cell
        for i in pct_idx:
            if values[i] is not None:
                cell = WriteOnlyCell(ws, value=values[i])
                cell.number_format = PERCENT_FORMAT
                values[i] = cell
        ws.append(values)
        count += 1

    close_list_sheet(wb, ws, out, len(COLUMNS), count)
    return count


def export_projects(user, flt: ProjectFilter):
    """Service: build the export of ``user``'s filtered list and record the audit event.

    Returns ``(file, count, filename)``; ``file`` is an open temporary file positioned at
    its start (deleted when closed) that the caller streams to the browser.
    """
    qs = selectors.project_list(user, flt)
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        count = write_workbook(qs, out, subtitle=_subtitle(user, flt))
    except BaseException:
        out.close()
        raise
    out.seek(0)
    record_event(user, "export.projects_xlsx", data={"count": count, "filters": describe_filter(flt),
                                                      "filters_text": filter_text(user, flt)})
    return out, count, export_filename()


def filter_text(user, flt: ProjectFilter) -> str:
    """The active filters in words, units (those ``user`` may see) and catalogue entries by name
    (for the audit log)."""
    named = (
        ("unit", access.scope_units(user), "đơn vị"), ("programme", Programme.objects, "chương trình"),
        ("funding_source", FundingSource.objects, "nguồn vốn"), ("regime", LegalRegime.objects, "chế độ pháp lý"),
    )
    parts = []
    if flt.search:
        parts.append(f"tìm “{flt.search}”")
    for attr, rows, noun in named:
        pk = getattr(flt, attr)
        if pk:
            obj = rows.filter(pk=pk).first()
            parts.append(f"{noun} {obj}" if obj else f"{noun} không còn tồn tại")
    if flt.kind:
        parts.append(f"loại {KIND_LABELS.get(flt.kind, flt.kind)}")
    if flt.state:
        parts.append(f"trạng thái {STATE_LABELS.get(flt.state, flt.state)}")
    if flt.group:
        parts.append(GROUP_LABELS.get(flt.group, flt.group))
    if flt.year:
        parts.append(f"năm {flt.year}")
    return ", ".join(parts)


def _subtitle(user, flt) -> str:
    who = getattr(user, "username", "")
    parts = [f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}", f"người xuất: {who}"]
    if flt.search:
        parts.append(f"tìm “{flt.search}”")
    if flt.year:
        parts.append(f"năm {flt.year}")
    if flt.state:
        parts.append(f"trạng thái {STATE_LABELS.get(flt.state, flt.state)}")
    if flt.kind:
        parts.append(f"loại {KIND_LABELS.get(flt.kind, flt.kind)}")
    if flt.disbursement == "behind":
        parts.append(f"giải ngân chậm so với kế hoạch vốn năm {timezone.localdate().year}")
    return "; ".join(parts)
