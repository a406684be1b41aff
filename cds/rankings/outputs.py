"""A ranking period taken out of the system:

* :func:`build_docx` — "BÁO CÁO Kết quả xếp hạng mức độ tuân thủ … năm N" in Word, laid out per
  NĐ 30/2020 by :class:`cds.reports.nd30.Nd30Document` and issued by the tree's CĐS authority
  (under the people's committee): I. the method (version, who approved it and when, each
  criterion with its weight, data source and formula), II. the results (rank, unit, score, and
  a bar chart of the scores), III. notes (how a unit with no record a criterion applies to is
  scored; that a published period is frozen), the signature block; Phụ lục I (landscape) gives
  each unit's points criterion by criterion. A period not yet published, or a comparison under
  another method version, is marked "DỰ THẢO" with its number and day left blank;
* :func:`build_xlsx` — sheets "Xếp hạng" (rank, unit, score, each criterion's points), "Chi tiết"
  (unit × criterion: value, records met and counted, weight, points, note — only the units whose
  detail the reader may read, :func:`cds.rankings.permissions.scope_details`) and "Phương pháp";
* :func:`export` — builds one for ``user`` and records ``ranking.exported``.

The caller resolves the period through :func:`cds.rankings.permissions.get_period_for` (a draft
only for the administrator and the leaders) and the method: the period's own, or for them another
version whose results were computed beside it for comparison. The table is read in a fixed
number of queries (:func:`cds.rankings.selectors.ranking_table`).
"""
from __future__ import annotations

import io
import logging
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from cds.audit.services import record_event
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.reports import charts
from cds.reports.letterhead import parent_body, place_name, signer_title, symbol_abbreviation
from cds.reports.nd30 import DOCX_CONTENT_TYPE, DocumentHeader, Nd30Document, Signer, Total, fast_table
from cds.reports.xlsx import add_list_sheet, finish_list_sheet
from cds.surveys.services.bottlenecks import cds_authority
from cds.text.chars import xml_safe
from cds.text.format import format_number, vndate

from .models import Method, Period, Result
from .permissions import scope_details
from .selectors import RankingTable, ranking_table

__all__ = ["CONTENT_TYPES", "SUBJECT", "build_docx", "build_xlsx", "export", "filename"]

log = logging.getLogger(__name__)

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
SUBJECT = ("Kết quả xếp hạng mức độ tuân thủ các quy định về quản lý đầu tư ứng dụng công nghệ thông tin, "
           "chuyển đổi số năm {year}")
CHART_MAX_UNITS = 40         # more units: the chart shows the first ones, the tables every unit
POINTS = "0.00"
NO_RECORD = ("Đơn vị không có hồ sơ thuộc một tiêu chí được tính theo mức đạt trung bình của các đơn vị có hồ sơ "
             "thuộc tiêu chí đó (không được cộng thêm, cũng không bị trừ vì không có việc để báo cáo); nếu không "
             "đơn vị nào có hồ sơ thuộc tiêu chí, mọi đơn vị được đủ điểm của tiêu chí")


def _points(value: Decimal | None) -> str:
    return format_number(value, 2) if value is not None else ""


def _percent(value: Decimal | None) -> Decimal | None:
    return (value * 100).quantize(Decimal("0.01")) if value is not None else None


def _day(value) -> str:
    return vndate(timezone.localtime(value).date()) if value is not None else ""


def _is_draft(table: RankingTable) -> bool:
    return table.is_comparison or not table.period.is_published


def _method_line(method: Method) -> str:
    text = f"{method.title} (phiên bản {method.number})"
    if method.is_approved and method.approved_by_id:
        text += f", được {method.approved_by.display_name} phê duyệt ngày {_day(method.approved_at)}"
    elif not method.is_approved:
        text += f", {method.get_status_display().lower()}"
    return text


def _state_notes(table: RankingTable) -> list[str]:
    period = table.period
    if table.is_comparison:
        return [f"Đây là kết quả tính theo phương pháp phiên bản {table.method.number} để so "
                f"sánh; kết quả của kỳ xếp hạng là kết quả tính theo phiên bản {period.method.number} và không "
                "thay đổi theo kết quả so sánh này"]
    if period.is_published:
        return [f"Kết quả đã được công bố ngày {_day(period.published_at)} và được giữ nguyên: phiên bản phương "
                "pháp sửa đổi ban hành sau không tính lại, không thay đổi kết quả của kỳ đã công bố; nếu tính "
                "theo phiên bản mới để so sánh, kết quả so sánh được trình bày riêng"]
    return ["Kết quả chưa được công bố: kỳ xếp hạng còn có thể được tính lại trước khi lãnh đạo công bố; sau khi "
            "công bố, kết quả được giữ nguyên"]


# ------------------------------------------------------------------------------ Word


def _header(table: RankingTable, issuer, root) -> DocumentHeader:
    draft = _is_draft(table)
    is_root = issuer.pk == root.pk
    return DocumentHeader(
        parent_body=None if is_root else parent_body(root), issuer=issuer.name, issuer_name=issuer.name,
        symbol=f"BC-{symbol_abbreviation(issuer)}", number=None, place=place_name(root),
        date=None if draft else timezone.localdate(), draft_year=timezone.localdate().year if draft else None,
        doc_type_name="BÁO CÁO", subject=SUBJECT.format(year=table.period.year),
        addressees=[] if is_root else [root.name])


def _method_section(doc: Nd30Document, table: RankingTable) -> None:
    period, method = table.period, table.method
    doc.heading("Phương pháp xếp hạng")
    doc.paragraph(f"Kỳ xếp hạng “{period.name}” tính trên số liệu từ ngày {vndate(period.starts_on)} đến ngày "
                  f"{vndate(period.ends_on)}, áp dụng {_method_line(method)}.")
    for line in (method.description or "").splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    rows = [[n, c.name, c.weight, c.source, c.formula] for n, c in enumerate(table.criteria, 1)]
    rows.append(Total(["", "Tổng cộng", sum(c.weight for c in table.criteria), "", ""]))
    doc.table(["STT", "Tiêu chí", "Trọng số (điểm)", "Nguồn dữ liệu", "Cách tính"], rows,
              widths=[1.5, 4.5, 2.2, 4.5, 6], bold_rows={len(rows) - 1},
              title="Các tiêu chí, trọng số, nguồn dữ liệu và cách tính")
    doc.paragraph("Điểm của mỗi tiêu chí bằng trọng số nhân với tỷ lệ đạt (số hồ sơ đạt yêu cầu trên tổng số hồ sơ "
                  "thuộc tiêu chí), làm tròn đến hai chữ số thập phân; tổng điểm của đơn vị là tổng điểm các tiêu "
                  "chí. Các đơn vị được xếp hạng theo tổng điểm từ cao xuống thấp; đơn vị bằng điểm nhau được xếp "
                  "đồng hạng.")


def _chart(table: RankingTable) -> bytes | None:
    rows = table.rows[:CHART_MAX_UNITS]
    try:
        return charts.bar_chart([r.unit_name for r in rows], [r.score for r in rows], horizontal=True,
                                ylabel="Tổng điểm", value_format=2)
    except Exception:  # a chart must never cost the whole report
        log.exception("ranking chart failed")
        return None


def _results_section(doc: Nd30Document, table: RankingTable) -> None:
    doc.heading("Kết quả xếp hạng")
    rows = table.rows
    if not rows:
        doc.paragraph("Kỳ xếp hạng chưa có kết quả được tính theo phương pháp này.")
        return
    scores = [r.score for r in rows]
    average = sum(scores, Decimal(0)) / len(scores)
    doc.paragraph(f"Có {len(rows)} cơ quan, đơn vị được xếp hạng; tổng điểm cao nhất {_points(max(scores))}, thấp "
                  f"nhất {_points(min(scores))}, trung bình {_points(average)} trên "
                  f"{sum(c.weight for c in table.criteria)} điểm. Điểm của từng đơn vị theo từng tiêu chí tại "
                  "Phụ lục I kèm theo báo cáo này.")
    fast_table(doc, ["Hạng", "Cơ quan, đơn vị", "Tổng điểm"],
               [[str(r.rank), r.unit_name, _points(r.score)] for r in rows],
               widths=[1.5, 9, 2.5], align=["center", "left", "right"], title="Bảng xếp hạng")
    png = _chart(table)
    if png:
        caption = "Hình 1. Tổng điểm của các cơ quan, đơn vị"
        if len(rows) > CHART_MAX_UNITS:
            caption += f" ({CHART_MAX_UNITS} đơn vị đứng đầu)"
        doc.image(png, width_cm=16, caption=caption)


def _notes_section(doc: Nd30Document, table: RankingTable) -> None:
    doc.heading("Ghi chú")
    averaged = sum(1 for r in table.rows for line in r.scores.values() if line.value is None)
    doc.bullet(NO_RECORD + (f"; kỳ này có {averaged} trường hợp được tính như vậy." if averaged else "."))
    for note in _state_notes(table):
        doc.bullet(note + ".")
    doc.bullet("Mỗi điểm số được tính từ hồ sơ trên hệ thống; danh sách hồ sơ được tính và hồ sơ chưa đạt của "
               "từng tiêu chí được xem tại trang kết quả xếp hạng của đơn vị.")


def _appendix(doc: Nd30Document, table: RankingTable) -> None:
    doc.appendix("Điểm của các cơ quan, đơn vị theo từng tiêu chí", landscape=True)
    crits = table.criteria
    columns = ["Hạng", "Cơ quan, đơn vị", "Tổng điểm"] + [f"TC{n}\n({c.weight})" for n, c in enumerate(crits, 1)]
    rows = [[str(r.rank), r.unit_name, _points(r.score), *[_points(r.points(c.pk)) for c in crits]]
            for r in table.rows]
    fast_table(doc, columns, rows, widths=[1.4, 6.5, 2] + [1.6] * len(crits),
               align=["center", "left", "right"] + ["right"] * len(crits), size=10)
    doc.paragraph("TC1, TC2, …: các tiêu chí theo thứ tự tại mục I của báo cáo (số trong ngoặc là trọng số):",
                  italic=True, size=12)
    for n, c in enumerate(crits, 1):
        doc.paragraph(f"TC{n}: {c.name} ({c.weight} điểm).", size=12, indent=False, before=0)


def build_docx(user, table: RankingTable) -> bytes:
    period = table.period
    root = period.root_unit
    issuer = cds_authority(root)
    doc = Nd30Document(_header(table, issuer, root))
    if _is_draft(table):
        doc.mark_draft()
    doc.paragraph(f"{issuer.name} báo cáo kết quả xếp hạng mức độ tuân thủ các quy định về quản lý đầu tư ứng dụng "
                  f"công nghệ thông tin, chuyển đổi số năm {period.year} của các cơ quan, đơn vị thuộc {root.name} "
                  "như sau:", before=12)
    _method_section(doc, table)
    _results_section(doc, table)
    _notes_section(doc, table)
    doc.closing(Signer(signer_title(issuer), ""),
                recipients=([f"{root.name} (để báo cáo)"] if issuer.pk != root.pk else [])
                + ["Các cơ quan, đơn vị được xếp hạng"],
                archive=f"VT, {symbol_abbreviation(issuer)}")
    _appendix(doc, table)
    return doc.to_bytes()


# ------------------------------------------------------------------------------ Excel


def _text(ws, value):
    """A cell that is always text (a name typed as "=…" never becomes a formula)."""
    cell = WriteOnlyCell(ws, value=xml_safe(value or ""))
    cell.data_type = "s"
    return cell


def _number(ws, value, fmt: str = POINTS):
    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.number_format = fmt
    return cell


def _subtitle(user, table: RankingTable, extra: str = "") -> str:
    period, method = table.period, table.method
    state = "so sánh, không phải kết quả của kỳ" if table.is_comparison else period.get_status_display().lower()
    return (f"{period.root_unit.name}; {method.title} phiên bản {method.number} ({state}).{extra} Xuất ngày "
            f"{vndate(timezone.localdate())} bởi {user.display_name}.")


def _ranking_sheet(wb, user, table: RankingTable) -> None:
    crits = table.criteria
    headers = ["Hạng", "Cơ quan, đơn vị", "Tổng điểm"] + [f"{c.name} ({c.weight} điểm)" for c in crits]
    ws = add_list_sheet(wb, "Xếp hạng", f"{table.period.name}: bảng xếp hạng", _subtitle(user, table), headers,
                        [8, 42, 12] + [16] * len(crits), freeze_col="C", header_height=60)
    for r in table.rows:
        ws.append([r.rank, _text(ws, r.unit_name), _number(ws, r.score),
                   *[_number(ws, r.points(c.pk)) for c in crits]])
    finish_list_sheet(ws, len(headers), len(table.rows))


def _detail_sheet(wb, user, table: RankingTable, readable: set[int]) -> None:
    headers = ["Cơ quan, đơn vị", "Tiêu chí", "Giá trị (%)", "Số đạt", "Tổng số", "Trọng số", "Điểm", "Diễn giải"]
    limited = len(readable) < len(table.rows)
    extra = " Chỉ gồm các đơn vị bạn được xem chi tiết." if limited else ""
    ws = add_list_sheet(wb, "Chi tiết", f"{table.period.name}: điểm theo từng tiêu chí",
                        _subtitle(user, table, extra), headers, [36, 40, 12, 10, 10, 10, 10, 60], freeze_col="C")
    count = 0
    for r in table.rows:
        if r.result_id not in readable:
            continue
        for c in table.criteria:
            line = r.scores.get(c.pk)
            if line is None:
                continue
            ws.append([_text(ws, r.unit_name), _text(ws, c.name), _number(ws, _percent(line.value)),
                       line.good, line.total, c.weight, _number(ws, line.points), _text(ws, line.note)])
            count += 1
    finish_list_sheet(ws, len(headers), count)


def _method_sheet(wb, user, table: RankingTable) -> None:
    method = table.method
    headers = ["STT", "Tiêu chí", "Trọng số (điểm)", "Nguồn dữ liệu", "Cách tính"]
    ws = add_list_sheet(wb, "Phương pháp", f"Phương pháp xếp hạng: {_method_line(method)}",
                        _subtitle(user, table), headers, [6, 42, 14, 60, 70], freeze_col="C")
    for n, c in enumerate(table.criteria, 1):
        ws.append([n, _text(ws, c.name), c.weight, _text(ws, c.source), _text(ws, c.formula)])
    ws.append([None, _text(ws, "Tổng cộng"), sum(c.weight for c in table.criteria)])
    finish_list_sheet(ws, len(headers), len(table.criteria))


def build_xlsx(user, table: RankingTable) -> bytes:
    readable = set(scope_details(user, Result.objects.filter(period=table.period, method=table.method))
                   .values_list("pk", flat=True))
    wb = Workbook(write_only=True)
    _ranking_sheet(wb, user, table)
    _detail_sheet(wb, user, table, readable)
    _method_sheet(wb, user, table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------ export

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx}


def filename(period: Period, method: Method, fmt: str) -> str:
    stem = "bao-cao-xep-hang" if fmt == "docx" else "xep-hang"
    tail = f"-phien-ban-{method.number}" if method.pk != period.method_id else ""
    return f"{stem}-{period.year}-{period.pk}{tail}.{fmt}"


def export(user, period: Period, method: Method, fmt: str) -> tuple[bytes, str, str]:
    """Build ``fmt`` ("docx" or "xlsx") of ``period`` under ``method`` for ``user`` and record the
    download; returns (content, content type, file name)."""
    if fmt not in BUILDERS:
        raise ValueError(f"unknown format {fmt!r}")
    table = ranking_table(period, method)
    content = BUILDERS[fmt](user, table)
    record_event(user, "ranking.exported", period, data={"name": period.name, "format": fmt})
    return content, CONTENT_TYPES[fmt], filename(period, method, fmt)
