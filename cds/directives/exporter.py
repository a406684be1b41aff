"""Excel export of the directive tasks: exactly the rows the task list shows for the same filters
and the same user (:func:`cds.directives.selectors.filter_tasks`, in the same order — overdue
first), with the status of today counted in working days, through an openpyxl *write-only*
workbook written to a temporary file, as the registry's export (:mod:`cds.projects.exporter`).
"""
from __future__ import annotations

import tempfile

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from cds.audit.services import record_event
from cds.core.uploads import XLSX_CONTENT_TYPE  # noqa: F401 — callers read it here
from cds.orgs.models import Unit
from cds.reports.xlsx import (  # noqa: F401 — HEADER_ROW: readers of the file
    HEADER_ROW,
    close_list_sheet,
    open_list_sheet,
)

from . import selectors
from .models import Directive, DirectiveKind, Task
from .selectors import STATUS_FILTERS, TaskFilter
from .status import five_r_labels

DATE_FORMAT = "DD/MM/YYYY"
CHUNK_SIZE = 1000
SHEET_TITLE = "Nhiệm vụ được giao"
TITLE = "DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO TẠI VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH"

# (header, width, kind of cell)
COLUMNS = (
    ("STT", 6, "int"),
    ("Văn bản giao", 22, "text"),
    ("Ngày văn bản", 12, "date"),
    ("Cơ quan ban hành", 24, "text"),
    ("Nội dung nhiệm vụ", 70, "wrap"),
    ("Đơn vị chủ trì", 28, "text"),
    ("Đơn vị phối hợp", 30, "wrap"),
    ("Thời hạn", 12, "date"),
    ("Thời hạn ghi trong văn bản", 28, "wrap"),
    ("Sản phẩm, kết quả", 30, "wrap"),
    ("Người chịu trách nhiệm", 22, "text"),
    ("Trạng thái", 20, "text"),
    ("Số ngày làm việc quá hạn", 12, "int"),
    ("Tỷ lệ hoàn thành (%)", 11, "int"),
    ("Ngày hoàn thành", 12, "date"),
    ("Chưa rõ (theo yêu cầu “5 rõ”)", 28, "wrap"),
)
HEADERS = tuple(c[0] for c in COLUMNS)

KIND_LABELS = dict(DirectiveKind.choices)


def export_filename(day=None) -> str:
    day = day or timezone.localdate()
    return f"nhiem-vu-duoc-giao-{day:%Y%m%d}.xlsx"


def describe_filter(flt: TaskFilter) -> dict:
    """The filters in effect (for the audit log)."""
    return {k: v for k, v in (("q", flt.q), ("status", flt.status), ("unit", flt.unit),
                              ("directive", flt.directive), ("year", flt.year)) if v not in (None, "")}


def filter_words(flt: TaskFilter) -> list[str]:
    """The filters in effect, in words, for the sheet's second row."""
    words = []
    if flt.status:
        words.append(f"trạng thái: {STATUS_FILTERS.get(flt.status, flt.status)}")
    if flt.unit:
        unit = Unit.objects.filter(pk=flt.unit).only("name").first()
        words.append(f"đơn vị chủ trì: {unit.name if unit else flt.unit} (kể cả đơn vị trực thuộc)")
    if flt.directive:
        directive = Directive.objects.filter(pk=flt.directive).only("number").first()
        words.append(f"văn bản: {directive.number if directive else flt.directive}")
    if flt.year:
        words.append(f"thời hạn trong năm {flt.year}")
    if flt.q:
        words.append(f"tìm “{flt.q}”")
    return words


def _units(task) -> str:
    names = [u.name for u in task.coordinating_units.all()]
    return "; ".join(names) or task.coordinating_text


def _row(n: int, t: Task) -> list:
    d = t.directive
    return [
        n, f"{KIND_LABELS.get(d.kind, d.kind)} số {d.number}", d.issued_on, d.issuer.name, t.content,
        t.lead_unit.name if t.lead_unit else (t.lead_text or "Chưa xác định"), _units(t),
        t.due_on or t.deadline, t.deadline_text, t.expected_product, t.responsible, t.st.label,
        t.st.overdue_days or None, t.percent, t.completed_on, "; ".join(five_r_labels(t.missing_5r)),
    ]


def write_workbook(queryset, out, *, subtitle: str, today) -> int:
    """Write the tasks of ``queryset`` (in its order) as an .xlsx into the binary file ``out``,
    reading them in chunks; return the number of data rows."""
    # the header and the task's directive and content stay visible
    wb, ws = open_list_sheet(SHEET_TITLE, TITLE, subtitle, HEADERS, [c[1] for c in COLUMNS],
                             freeze_col="F", header_height=45, zoom=90)

    kinds = [c[2] for c in COLUMNS]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    red = Font(color="C00000", bold=True)
    count = 0
    chunk: list[Task] = []

    def flush():
        nonlocal count
        for t in selectors.with_status(chunk, today):
            count += 1
            cells = []
            for kind, value in zip(kinds, _row(count, t), strict=True):
                cell = WriteOnlyCell(ws, value=value if value != "" else None)
                cell.alignment = wrap if kind == "wrap" else top
                if kind == "date" and value:
                    cell.number_format = DATE_FORMAT
                cells.append(cell)
            if t.st.is_overdue:
                cells[HEADERS.index("Trạng thái")].font = red
            ws.append(cells)
        chunk.clear()

    for task in queryset.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(task)
        if len(chunk) >= CHUNK_SIZE:
            flush()
    flush()

    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    close_list_sheet(wb, ws, out, len(COLUMNS), count)
    return count


def export_tasks(user, flt: TaskFilter):
    """Service: build the export of ``user``'s filtered task list and record the audit event.

    Returns ``(file, count, filename)``; ``file`` is an open temporary file positioned at its
    start (deleted when closed) that the caller streams to the browser.
    """
    today = timezone.localdate()
    qs = selectors.filter_tasks(user, flt, today)
    who = getattr(user, "display_name", "") or user.get_username()
    words = filter_words(flt)
    subtitle = "; ".join([f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}", f"người xuất: {who}", *words])
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        count = write_workbook(qs, out, subtitle=subtitle, today=today)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    record_event(user, "export.directive_tasks_xlsx", data={"count": count, "filters": describe_filter(flt),
                                                            "filters_text": ", ".join(words)})
    return out, count, export_filename(today)
