"""The leadership dashboard as a document: a Word báo cáo laid out per NĐ 30/2020
(:class:`cds.reports.nd30.Nd30Document`, charts as images from :mod:`cds.reports.charts`) and an
Excel workbook (:mod:`cds.reports.xlsx`), both from the page's own :class:`~.leadership.Figures`
— the same numbers, with the filters they were read under stated at the top."""
from __future__ import annotations

import io
import logging

from django.conf import settings
from django.utils import timezone

from cds.catalog.models import FundingSource, Programme
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.projects.models import State
from cds.reports import xlsx
from cds.reports.letterhead import parent_body, place_name, signer_title, unit_abbreviation
from cds.reports.nd30 import DOCX_CONTENT_TYPE, DocumentHeader, Nd30Document, Signer, Total, fast_table, format_vnd
from cds.rules.models import LegalRegime

from .leadership import MONTHS, Figures

try:  # server-side PNG charts (matplotlib); the report is complete without them
    from cds.reports import charts
except ImportError:  # pragma: no cover - depends on the installation
    charts = None

log = logging.getLogger(__name__)

BILLION = 1_000_000_000


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def filter_names(fig: Figures) -> dict:
    """{filter: {value: its name}} for the filters in force (a query each for those set)."""
    p = fig.chosen.params
    names: dict = {"state": dict(State.choices)}
    if fig.chosen.unit is not None:
        names["unit"] = {fig.chosen.unit.pk: fig.chosen.unit.name}
    for key, model in (("programme", Programme), ("funding_source", FundingSource), ("regime", LegalRegime)):
        if p.get(key):
            names[key] = dict(model.objects.filter(pk=p[key]).values_list("pk", "name"))
    return names


def _unit_rows(fig: Figures) -> list[list]:
    rows = [*fig.table["rows"], *([fig.table["direct"]] if fig.table["direct"] else []), fig.table["total"]]
    return [[r.label, r.projects, r.approved, r.allocated, r.disbursed, _pct(r.rate), r.red, r.overdue,
             str(r.result.score).replace(".", ",") if r.result else "", r.result.rank if r.result else ""]
            for r in rows]


UNIT_COLUMNS = ["Đơn vị", "Nhiệm vụ, dự án", "Được duyệt (đồng)", "Kế hoạch vốn năm (đồng)", "Giải ngân năm (đồng)",
                "Tỷ lệ giải ngân", "Dự án mức đỏ", "Nhiệm vụ quá hạn", "Điểm xếp hạng", "Hạng"]
LEAF_COLUMNS = ["Mã", "Tên nhiệm vụ, dự án", "Trạng thái", "Được duyệt (đồng)", "Đã giải ngân (đồng)",
                "Chênh lệch chi phí", "Chênh lệch tiến độ", "Mức"]


def _leaf_rows(fig: Figures) -> list[list]:
    return [[r.project.code, r.project.name, r.project.get_state_display(), r.project.total_approved,
             r.project.total_disbursed, _pct(r.cost_pct), _pct(r.schedule_pct),
             f"{r.signal.get_colour_display()} {r.arrow}".strip() if r.signal else "Chưa tính"]
            for r in fig.leaf["rows"]]


def _tile_rows(fig: Figures) -> list[list]:
    out = []
    for title, shown in fig.tiles.values():
        for s in shown:
            out.append([title, s.tile.label, s.n, s.ignored_text])
    return out


def _appraisal_rows(fig: Figures) -> list[list]:
    return [[label, fig.appraisal.total.by_stage[key].n, fig.appraisal.total.by_stage[key].working_text,
             fig.appraisal.total.by_stage[key].calendar_text] for key, label, _help in fig.appraisal.stages]


def _campaign_rows(fig: Figures) -> list[list]:
    return [[c["campaign"].name, c["campaign"].deadline.strftime("%d/%m/%Y"), c["submitted"], c["total"], c["owed"]]
            for c in fig.campaigns]


def _plan_rows(fig: Figures) -> list[list]:
    return [[row.plan.title, row.approved, row.allocated, row.disbursed,
             _pct(row.disbursed_share * 100 if row.disbursed_share is not None else None)] for row in fig.plans]


def _chart(fn, *args, **kwargs) -> bytes | None:
    if charts is None:
        return None
    try:
        return fn(*args, **kwargs)
    except Exception:  # a chart must never cost the whole report
        log.exception("dashboard chart failed")
        return None


# ------------------------------------------------------------------------------ Word

def _header(user, fig: Figures) -> DocumentHeader:
    unit = user.unit
    root = unit.root() if unit is not None else None
    subject = f"Tình hình thực hiện các nhiệm vụ, dự án ứng dụng công nghệ thông tin, chuyển đổi số năm {fig.year}"
    if unit is None:
        return DocumentHeader(issuer=settings.SITE_NAME, symbol="BC", place="", date=fig.today,
                              doc_type_name="BÁO CÁO", subject=subject)
    return DocumentHeader(
        parent_body=None if unit.pk == root.pk else parent_body(root), issuer=unit.name, issuer_name=unit.name,
        symbol=f"BC-{unit_abbreviation(unit)}", place=place_name(root), date=fig.today, doc_type_name="BÁO CÁO",
        subject=subject)


def _bn(value) -> float:
    return round(value / BILLION, 3)


def build_docx(user, fig: Figures) -> bytes:
    doc = Nd30Document(_header(user, fig))
    t, tr = fig.table["total"], fig.trajectory
    doc.paragraph(f"Số liệu đến ngày {fig.today:%d/%m/%Y}, trích từ hệ thống quản lý danh mục nhiệm vụ, dự án; "
                  f"phạm vi lọc: {fig.filters_text(filter_names(fig))}.", italic=True)
    figure = 0
    doc.heading("Tiền theo giai đoạn")
    doc.paragraph(f"Có {format_vnd(t.projects)} nhiệm vụ, dự án theo phạm vi trên, tổng mức/dự toán được duyệt "
                  f"{format_vnd(t.approved)} đồng.")
    fast_table(doc, ["Giai đoạn", "Số tiền (đồng)"], [[label, format_vnd(v)] for _, label, v in fig.stages],
               widths=[60, 40], align=["left", "right"], title="Bảng 1. Tiền theo giai đoạn")
    png = _chart(charts.bar_chart, [label for _, label, _ in fig.stages], [_bn(v) for _, _, v in fig.stages],
                 ylabel="Tỷ đồng") if charts else None
    if png:
        figure += 1
        doc.image(png, width_cm=15, caption=f"Hình {figure}. Tiền theo giai đoạn (tỷ đồng)")
    doc.heading(f"Giải ngân năm {fig.year} so với kế hoạch vốn")
    text = (f"Kế hoạch vốn năm {fig.year}: {format_vnd(tr.allocated)} đồng; đã giải ngân {format_vnd(tr.disbursed)} "
            f"đồng, đạt {_pct(tr.rate)}.")
    if tr.projected is not None:
        text += (f" Theo tốc độ giải ngân hiện nay, đến ngày 31/12/{fig.year} ước đạt {format_vnd(tr.projected)} "
                 f"đồng ({_pct(tr.projected_rate)} kế hoạch vốn).")
    doc.paragraph(text)
    png = _chart(charts.line_chart, list(MONTHS), {
        "Giải ngân lũy kế": [None if v is None else _bn(v) for v in tr.cumulative],
        "Dự báo đến 31/12": [None if v is None else _bn(v) for v in tr.projection],
        "Kế hoạch vốn năm": [_bn(tr.allocated)] * 12}, value_label="Tỷ đồng",
        dashed=["Dự báo đến 31/12"]) if charts else None
    if png:
        figure += 1
        doc.image(png, width_cm=15, caption=f"Hình {figure}. Giải ngân lũy kế theo tháng năm {fig.year} (tỷ đồng)")
    doc.heading("Theo đơn vị" if not fig.leaf else "Các nhiệm vụ, dự án của đơn vị")
    if fig.leaf:
        fast_table(doc, LEAF_COLUMNS, [[c if isinstance(c, str) else format_vnd(c) for c in row]
                                       for row in _leaf_rows(fig)],
                   widths=[14, 40, 16, 18, 18, 12, 12, 14], align=["left", "left", "left", "right", "right", "right",
                                                                  "right", "left"], title="Bảng 2. Nhiệm vụ, dự án")
    else:
        rows = [[c if isinstance(c, str) else format_vnd(c) for c in row] for row in _unit_rows(fig)]
        rows[-1] = Total(rows[-1])
        fast_table(doc, UNIT_COLUMNS, rows, widths=[34, 12, 20, 20, 20, 11, 10, 11, 11, 8],
                   align=["left"] + ["right"] * 9, title="Bảng 2. Số liệu theo đơn vị")
    if fig.tiles:
        doc.heading("Các chỉ số theo dõi")
        fast_table(doc, ["Nhóm", "Chỉ số", "Số lượng", "Ghi chú"],
                   [[a, b, format_vnd(n), note] for a, b, n, note in _tile_rows(fig)],
                   widths=[25, 50, 12, 25], align=["left", "left", "right", "left"], title="Bảng 3. Chỉ số theo dõi")
    doc.heading(f"Thực hiện kế hoạch năm {fig.year}")
    if fig.plans:
        fast_table(doc, ["Kế hoạch", "Kinh phí được duyệt", "Vốn đã giao", "Đã giải ngân", "Giải ngân / được duyệt"],
                   [[a, format_vnd(b), format_vnd(c), format_vnd(d), e] for a, b, c, d, e in _plan_rows(fig)],
                   widths=[40, 18, 18, 18, 14], align=["left", "right", "right", "right", "right"])
    else:
        doc.paragraph(f"Chưa có kế hoạch được phê duyệt cho năm {fig.year}.")
    doc.heading("Thẩm định và đánh giá hiệu quả")
    fast_table(doc, ["Bước", "Số lượt", "Trung bình (ngày làm việc)", "Trung bình (ngày)"],
               [[a, format_vnd(b), c, d] for a, b, c, d in _appraisal_rows(fig)], widths=[45, 15, 20, 20],
               align=["left", "right", "right", "right"],
               title=f"Bảng 4. Thời gian thẩm định theo bước (hồ sơ kết luận trong năm {fig.year})")
    if fig.campaigns:
        fast_table(doc, ["Đợt đánh giá", "Hạn gửi", "Đã gửi", "Tổng số", "Còn nợ"],
                   [[a, b, format_vnd(c), format_vnd(d), format_vnd(e)] for a, b, c, d, e in _campaign_rows(fig)],
                   widths=[50, 15, 12, 12, 12], align=["left", "center", "right", "right", "right"],
                   title="Bảng 5. Tiến độ các đợt đánh giá hiệu quả đang thu thập")
    if user.unit is not None:
        doc.closing(Signer(signer_title(user.unit), ""), recipients=["Lãnh đạo đơn vị"],
                    archive=f"VT, {unit_abbreviation(user.unit)}")
    return doc.to_bytes()


# ------------------------------------------------------------------------------ Excel

def _sheet(wb, name: str, title: str, subtitle: str, headers, widths, rows) -> None:
    ws = xlsx.add_list_sheet(wb, name, title, subtitle, headers, widths)
    for row in rows:
        ws.append(row)
    xlsx.finish_list_sheet(ws, len(headers), len(rows))


def build_xlsx(user, fig: Figures) -> bytes:
    from openpyxl import Workbook

    subtitle = (f"Số liệu đến ngày {fig.today:%d/%m/%Y}; phạm vi lọc: {fig.filters_text(filter_names(fig))}; "
                f"người xuất: {user.display_name}, {timezone.localtime():%d/%m/%Y %H:%M}")
    wb = Workbook(write_only=True)
    tr = fig.trajectory
    _sheet(wb, "Tiền theo giai đoạn", "Tiền theo giai đoạn", subtitle, ["Giai đoạn", "Số tiền (đồng)"], [30, 22],
           [[label, v] for _, label, v in fig.stages])
    _sheet(wb, "Giải ngân năm", f"Giải ngân năm {fig.year} so với kế hoạch vốn năm ({format_vnd(tr.allocated)} đồng)",
           subtitle, ["Tháng", "Giải ngân lũy kế (đồng)", "Dự báo đến 31/12 (đồng)", "Kế hoạch vốn năm (đồng)"],
           [10, 24, 24, 24], [[m, c, p, tr.allocated] for m, c, p in zip(MONTHS, tr.cumulative, tr.projection)])
    if fig.leaf:
        _sheet(wb, "Dự án", "Các nhiệm vụ, dự án của đơn vị", subtitle, LEAF_COLUMNS, [14, 50, 20, 20, 20, 14, 14, 20],
               _leaf_rows(fig))
    else:
        _sheet(wb, "Theo đơn vị", "Số liệu theo đơn vị", subtitle, UNIT_COLUMNS, [40, 12, 20, 20, 20, 12, 12, 12, 12, 8],
               _unit_rows(fig))
    _sheet(wb, "Chỉ số", "Các chỉ số theo dõi", subtitle, ["Nhóm", "Chỉ số", "Số lượng", "Ghi chú"], [26, 60, 12, 30],
           _tile_rows(fig))
    _sheet(wb, "Kế hoạch", f"Thực hiện kế hoạch năm {fig.year}", subtitle,
           ["Kế hoạch", "Kinh phí được duyệt (đồng)", "Vốn đã giao (đồng)", "Đã giải ngân (đồng)", "Giải ngân / được duyệt"],
           [50, 20, 20, 20, 14], _plan_rows(fig))
    _sheet(wb, "Thẩm định", f"Thời gian thẩm định theo bước (hồ sơ kết luận trong năm {fig.year})", subtitle,
           ["Bước", "Số lượt", "Trung bình (ngày làm việc)", "Trung bình (ngày)"], [40, 12, 18, 18], _appraisal_rows(fig))
    _sheet(wb, "Đánh giá", "Tiến độ các đợt đánh giá hiệu quả đang thu thập", subtitle,
           ["Đợt đánh giá", "Hạn gửi", "Đã gửi", "Tổng số", "Còn nợ"], [50, 14, 12, 12, 12], _campaign_rows(fig))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export(user, fig: Figures, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the dashboard in ``fmt`` ("docx" or "xlsx")."""
    stamp = f"{fig.today:%Y%m%d}"
    if fmt == "docx":
        return build_docx(user, fig), DOCX_CONTENT_TYPE, f"bang-dieu-hanh-{stamp}.docx"
    return build_xlsx(user, fig), XLSX_CONTENT_TYPE, f"bang-dieu-hanh-{stamp}.xlsx"
