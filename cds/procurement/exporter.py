"""Excel export of the procurement page: exactly the packages the page lists for the same filters
and the same user (:func:`cds.procurement.selectors.filter_packages`, in the same order), every
column of the list plus each warning's text and citation, through a write-only workbook written
to a temporary file (as :mod:`cds.directives.exporter`)."""
from __future__ import annotations

import tempfile

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from cds.audit.services import record_event
from cds.catalog.models import FundingSource, Programme
from cds.orgs.models import Unit
from cds.reports.xlsx import close_list_sheet, open_list_sheet

from . import selectors
from .models import Field, Method

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.00%"
CHUNK_SIZE = 500
DOCUMENT = "danh sách gói thầu (Excel)"
SHEET_TITLE = "Gói thầu"
TITLE = "DANH SÁCH GÓI THẦU CỦA CÁC NHIỆM VỤ, DỰ ÁN CNTT, CHUYỂN ĐỔI SỐ"

# (header, width, kind of cell)
COLUMNS = (
    ("STT", 6, "int"),
    ("Tên gói thầu", 45, "wrap"),
    ("Mã TBMT", 16, "text"),
    ("Mã nhiệm vụ/dự án", 14, "text"),
    ("Tên nhiệm vụ/dự án", 40, "wrap"),
    ("Chủ đầu tư", 26, "wrap"),
    ("Kế hoạch lựa chọn nhà thầu", 30, "wrap"),
    ("Mã KHLCNT", 15, "text"),
    ("Lĩnh vực", 14, "text"),
    ("Hình thức lựa chọn nhà thầu", 22, "wrap"),
    ("Căn cứ áp dụng hình thức", 30, "wrap"),
    ("Qua mạng", 9, "text"),
    ("Nguồn vốn", 20, "wrap"),
    ("Thời gian bắt đầu lựa chọn nhà thầu", 13, "date"),
    ("Giá gói thầu (đồng)", 17, "money"),
    ("Giá trúng thầu (đồng)", 17, "money"),
    ("Tỷ lệ tiết kiệm", 10, "percent"),
    ("Số nhà thầu dự thầu", 9, "int"),
    ("Nhà thầu trúng thầu", 32, "wrap"),
    ("Mã số thuế", 14, "text"),
    ("Ngày phê duyệt kết quả", 13, "date"),
    ("Số hợp đồng", 14, "text"),
    ("Giá hợp đồng (đồng)", 17, "money"),
    ("Ngày hoàn thành theo hợp đồng", 13, "date"),
    ("Ngày hoàn thành thực tế", 13, "date"),
    ("Tình trạng", 14, "text"),
    ("Xác nhận", 24, "wrap"),
    ("Số cảnh báo", 9, "int"),
    ("Dấu hiệu cảnh báo (nội dung; căn cứ)", 80, "wrap"),
)
HEADERS = tuple(c[0] for c in COLUMNS)


def export_filename(day=None) -> str:
    day = day or timezone.localdate()
    return f"goi-thau-{day:%Y%m%d}.xlsx"


def filter_words(flt: selectors.PackageFilter) -> list[str]:
    """The filters in effect, in words, for the sheet's second row."""
    words = []
    if flt.unit:
        unit = Unit.objects.filter(pk=flt.unit).only("name").first()
        words.append(f"đơn vị: {unit.name if unit else flt.unit} (kể cả đơn vị trực thuộc)")
    if flt.q:
        words.append(f"tìm “{flt.q}”")
    if flt.field:
        words.append(f"lĩnh vực: {Field(flt.field).label}")
    if flt.method:
        words.append(f"hình thức: {Method(flt.method).label}")
    if flt.warning:
        words.append(f"dấu hiệu: {dict(selectors.warning_choices()).get(flt.warning, flt.warning)}")
    if flt.year:
        words.append(f"bắt đầu lựa chọn nhà thầu năm {flt.year}")
    if flt.programme:
        programme = Programme.objects.filter(pk=flt.programme).first()
        words.append(f"chương trình: {programme.name if programme else flt.programme}")
    if flt.funding_source:
        source = FundingSource.objects.filter(pk=flt.funding_source).first()
        words.append(f"nguồn vốn: {source.name if source else flt.funding_source}")
    if flt.contractor:
        words.append(f"nhà thầu “{flt.contractor}”")
    if flt.flagged:
        words.append("chỉ gói có cảnh báo")
    return words


def contract_of(p):
    """The package's contract, or None (the reverse one-to-one raises when there is none)."""
    try:
        return p.contract
    except ObjectDoesNotExist:
        return None


def state_label(p, today=None) -> str:
    """Where the package stands: cancelled, awaiting its result, awarded, under contract (late or
    not), accepted."""
    if p.cancelled:
        return "Đã hủy thầu"
    if not p.is_awarded:
        return "Chưa có kết quả"
    c = contract_of(p)
    if c is None:
        return "Đã có kết quả, chưa ký hợp đồng"
    today = today or timezone.localdate()
    late = c.actual_completion > c.planned_completion if c.actual_completion else c.planned_completion < today
    if c.accepted_on:
        return "Đã nghiệm thu (chậm tiến độ)" if late else "Đã nghiệm thu"
    if c.actual_completion:
        return "Đã hoàn thành (chậm tiến độ)" if late else "Đã hoàn thành"
    return "Đang thực hiện hợp đồng, quá hạn hoàn thành" if late else "Đang thực hiện hợp đồng"


def _checked(p) -> str:
    if not p.checked_by_id:
        return "Chưa xác nhận"
    who = getattr(p.checked_by, "display_name", "") or p.checked_by.get_username()
    return f"{who}, {timezone.localtime(p.checked_at):%d/%m/%Y}"


def _warnings(p) -> str:
    lines = []
    for w in p.warning_list:
        line = f"[{w.get_level_display()}] {w.title}: {w.message}"
        if w.citation:
            line += f" (Căn cứ: {w.citation})"
        lines.append(line)
    return "\n".join(lines)


def _row(n: int, p) -> list:
    c = contract_of(p)
    return [
        n, p.name, p.notice_code, p.project.code, p.project.name, p.unit.name, p.plan.name, p.plan.plan_code,
        p.get_field_display(), p.get_method_display(), p.method_ground, "Có" if p.online else "Không",
        p.funding_source.name if p.funding_source else "", p.selection_start, p.package_price,
        p.awarded_price if p.is_awarded else None, p.savings_rate, p.bidders,
        p.contractor.name if p.contractor else "", p.contractor.tax_code if p.contractor else "", p.awarded_on,
        c.number if c else "", c.value if c else None, c.planned_completion if c else None,
        c.actual_completion if c else None, state_label(p), _checked(p), len(p.warning_list), _warnings(p),
    ]


def write_workbook(queryset, out, *, subtitle: str) -> int:
    """Write the packages of ``queryset`` (in its order) into the binary file ``out``, in chunks;
    the number of data rows."""
    wb, ws = open_list_sheet(SHEET_TITLE, TITLE, subtitle, HEADERS, [c[1] for c in COLUMNS], freeze_col="C",
                             header_height=60, zoom=90)
    kinds = [c[2] for c in COLUMNS]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    count = 0
    rows = (queryset.select_related("project", "unit", "plan", "contractor", "funding_source", "checked_by",
                                    "contract"))
    chunk = []

    def flush():
        nonlocal count
        for p in selectors.with_warnings(chunk):
            count += 1
            cells = []
            for kind, value in zip(kinds, _row(count, p), strict=True):
                cell = WriteOnlyCell(ws, value=value if value != "" else None)
                cell.alignment = wrap if kind == "wrap" else top
                if kind == "date" and value:
                    cell.number_format = DATE_FORMAT
                elif kind == "money":
                    cell.number_format = "#,##0"
                elif kind == "percent":
                    cell.number_format = PERCENT_FORMAT
                cells.append(cell)
            ws.append(cells)
        chunk.clear()

    for package in rows.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(package)
        if len(chunk) >= CHUNK_SIZE:
            flush()
    flush()
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    close_list_sheet(wb, ws, out, len(COLUMNS), count)
    return count


def export_packages(user, flt: selectors.PackageFilter):
    """Build the export of ``user``'s filtered package list and record the audit event.
    ``(file, count, filename)``: ``file`` is an open temporary file at its start."""
    qs = selectors.filter_packages(user, flt)
    who = getattr(user, "display_name", "") or user.get_username()
    subtitle = "; ".join([f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}", f"người xuất: {who}",
                          *filter_words(flt)])
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        count = write_workbook(qs, out, subtitle=subtitle)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    record_event(user, "procurement.exported", data={"document": DOCUMENT, "count": count,
                                                     "filters": flt.as_params()})
    return out, count, export_filename()
