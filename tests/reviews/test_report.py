"""The consolidated report of a campaign: the Word report per NĐ 30/2020 and
the Excel appendix are opened and read back here, scoped to the downloading user, and
converted by LibreOffice when it is installed."""
import io
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from cds.projects.models import Project
from cds.reports.nd30 import DOCX_CONTENT_TYPE, QUOC_HIEU
from cds.reviews import report
from cds.reviews import services as rs
from cds.reviews.models import IndicatorValue, ProblemType
from tests.conftest import login, require_tool

from .test_workflow import fill

try:
    from cds.reports import charts  # noqa: F401
    HAVE_CHARTS = True
except ImportError:  # pragma: no cover
    HAVE_CHARTS = False

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def filled(cast, campaign_setup):
    """Project a (Sở KH&CN): rated "Chưa hiệu quả" by the reviewer although the unit said
    "Hiệu quả", proposed for a pause, with an answered difficulty; project b (Sở Y tế):
    effective, continue; the old project (Sở TT&TT → Sở KH&CN): not started."""
    campaign, a, b, old, _ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    Project.objects.filter(pk=a.pk).update(total_approved=1_250_000_000, total_allocated=1_000_000_000,
                                           total_disbursed=900_000_000)
    Project.objects.filter(pk=b.pk).update(total_approved=2_500_000_000, total_allocated=2_000_000_000,
                                           total_disbursed=2_000_000_000)
    ra = campaign.reviews.get(project=a)
    fill(cast, ra, issues=[{"kind": "difficulty", "text": "Thiếu kinh phí vận hành, duy trì hệ thống năm 2026"}],
         problems=[ProblemType.objects.get(code="UNUSED_FUNCTIONS"), ProblemType.objects.get(code="NO_OM_FUNDS")])
    rs.submit_review(cast.head_a, ra)
    rs.assess_review(cast.appraiser, ra, rating="not_yet", proposed_decision="pause",
                     proposed_reason="Người dùng chưa khai thác, trùng chức năng hệ thống dùng chung")
    rs.answer_issue(cast.appraiser, ra.issues.get(), answer="Đề nghị bố trí trong dự toán chi thường xuyên năm 2026.")
    rb = campaign.reviews.get(project=b)
    fill(cast, rb, who="staff_b", self_rating="partly",
         values={"USE_ACTIVE": {"baseline": "10", "target": "90", "actual": "85.5"},
                 "REL_UPTIME": {"target": "99", "actual": "99.9"}, "DATA_LGSP": {"actual": "1"},
                 "CMP_SOURCE": {"actual": "1"}})
    rs.submit_review(cast.head_b, rb)
    rs.assess_review(cast.appraiser, rb, rating="effective", proposed_decision="continue")
    campaign.refresh_from_db()
    return campaign, a, b, old


def docx_text(data: bytes) -> str:
    """All text of the document, tables and nested tables included."""
    root = Document(io.BytesIO(data)).element
    return "\n".join("".join(t.text or "" for t in p.iter(W_NS + "t")) for p in root.iter(W_NS + "p"))


def tables_with(doc, header_word):
    return [t for t in doc.tables if any(header_word in c.text for c in t.rows[0].cells)]


def test_docx_follows_nd30_and_has_the_sections(cast, filled, units):
    campaign, a, b, old = filled
    data = report.build_docx(cast.appraiser, campaign)
    doc = Document(io.BytesIO(data))
    text = docx_text(data)
    for expected in (QUOC_HIEU, "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH THỬ NGHIỆM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                     "BÁO CÁO", "/BC-SKHCN", "Thử Nghiệm, ngày",
                     "Kết quả rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số năm",
                     "Kính gửi: Ủy ban nhân dân tỉnh Thử Nghiệm", "Thực hiện Công văn số 8826/UBND-VXNV",
                     "I. TÌNH HÌNH THỰC HIỆN", "II. KẾT QUẢ ĐÁNH GIÁ",
                     "III. NHIỆM VỤ, DỰ ÁN ĐỀ XUẤT TẠM DỪNG, DỪNG, GIẢM QUY MÔ, ĐIỀU CHỈNH",
                     "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ", "V. ĐỀ XUẤT", "Nơi nhận:", "KT. GIÁM ĐỐC",
                     "PHÓ GIÁM ĐỐC", "Phụ lục I", "Sở Khoa học và Công nghệ", "Sở Y tế",
                     "Thiếu kinh phí vận hành, duy trì hệ thống năm 2026",
                     "Đề nghị bố trí trong dự toán chi thường xuyên năm 2026.",
                     "Người dùng chưa khai thác, trùng chức năng hệ thống dùng chung",
                     "Thiếu kinh phí vận hành, duy trì"):
        assert expected in text, expected
    # money of the reviewed projects, Vietnamese separators
    assert "3.750.000.000 đồng" in text and "2.900.000.000 đồng" in text
    # section III lists the ineffective project, and only the projects with a proposal to change
    [proposals] = tables_with(doc, "Lý do")
    body = "\n".join(c.text for row in proposals.rows[1:] for c in row.cells)
    assert a.name in body and a.code in body and b.name not in body
    assert "Chưa hiệu quả" in body and "Tạm dừng" in body and "Chưa quyết định" in body
    # the gap: the unit of project a rated itself better than the reviewer did
    assert "1 nhiệm vụ, dự án (50,0%) của 1 đơn vị được đơn vị tự đánh giá cao hơn kết quả thẩm tra" in text
    # the appendix lists every review of the campaign, grouped by unit
    [appendix] = tables_with(doc, "Điểm giá trị")
    cells = "\n".join(c.text for row in appendix.rows for c in row.cells)
    for p in (a, b, old):
        assert p.code in cells
    # page set-up: A4 portrait body, landscape appendix, NĐ 30 margins
    first, last = doc.sections[0], doc.sections[-1]
    assert abs(first.page_width - Mm(210)) < Mm(1) and abs(first.page_height - Mm(297)) < Mm(1)
    assert abs(first.left_margin - Mm(30)) < Mm(1) and abs(first.right_margin - Mm(15)) < Mm(1)
    assert last.page_width > last.page_height
    # Times New Roman everywhere (style and every run's rFonts)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = {el.get(W_NS + "ascii") for el in doc.element.iter(W_NS + "rFonts")}
    assert fonts == {"Times New Roman"}
    if HAVE_CHARTS:
        assert len(doc.inline_shapes) >= 2  # progress by unit, TIME quadrant
        assert "Hình 1." in text and "Hình 2." in text


def test_xlsx_has_four_sheets_and_one_row_per_indicator(cast, filled):
    campaign, a, b, old = filled
    wb = load_workbook(io.BytesIO(report.build_xlsx(cast.appraiser, campaign)))
    assert wb.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Đánh giá", "Kiến nghị"]
    header = 3

    def rows(name):
        ws = wb[name]
        assert ws.freeze_panes and ws.freeze_panes.endswith(str(header + 1))
        head = [c.value for c in ws[header]]
        return head, [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=header + 1)]

    head, ind = rows("Chỉ tiêu")
    assert len(ind) == IndicatorValue.objects.filter(review__campaign=campaign).count() == 7
    use_a = next(r for r in ind if r["Mã dự án"] == a.code and r["Mã chỉ tiêu"] == "USE_ACTIVE")
    assert (use_a["Giá trị ban đầu"], use_a["Mục tiêu"], use_a["Thực tế"]) == (0, 80, 40)
    assert use_a["Mức đạt (%)"] == pytest.approx(0.5)
    use_b = next(r for r in ind if r["Mã dự án"] == b.code and r["Mã chỉ tiêu"] == "USE_ACTIVE")
    assert use_b["Thực tế"] == pytest.approx(85.5) and use_b["Mức đạt (%)"] == pytest.approx(85.5 / 90)
    assert use_b["Đơn vị báo cáo"] == "Sở Y tế" and use_b["Đơn vị tính"] == "%"
    ws = wb["Chỉ tiêu"]
    pct_col = head.index("Mức đạt (%)") + 1
    assert ws.cell(row=header + 1, column=pct_col).number_format == "0.0%"

    _, reviews = rows("Đánh giá")
    assert {r["Mã dự án"] for r in reviews} == {a.code, b.code, old.code}
    ra = next(r for r in reviews if r["Mã dự án"] == a.code)
    assert ra["Kết quả thẩm tra"] == "Chưa hiệu quả" and ra["Đơn vị tự đánh giá"] == "Hiệu quả"
    assert ra["Chênh lệch (tự đánh giá − thẩm tra, bậc)"] == 2 and ra["Đề xuất"] == "Tạm dừng"
    assert ra["Tổng mức/dự toán duyệt (đồng)"] == 1_250_000_000
    assert "Thiếu kinh phí vận hành, duy trì" in ra["Vấn đề phát hiện"]
    money_col = list(reviews[0]).index("Tổng mức/dự toán duyệt (đồng)") + 1
    assert wb["Đánh giá"].cell(row=header + 1, column=money_col).number_format == "#,##0"

    _, summary = rows("Tổng hợp")
    total = next(r for r in summary if r["Đơn vị"] == "Tổng cộng")
    assert (total["Số nhiệm vụ, dự án"], total["Đã gửi"], total["Chưa gửi"]) == (3, 2, 1)
    skhcn = next(r for r in summary if r["Đơn vị"] == "Sở Khoa học và Công nghệ")
    assert skhcn["Số nhiệm vụ, dự án"] == 2 and skhcn["Tự đánh giá cao hơn thẩm tra"] == 1

    _, issues = rows("Kiến nghị")
    assert len(issues) == 1 and issues[0]["Trả lời"].startswith("Đề nghị bố trí")


def test_unit_user_gets_only_its_own_projects(cast, filled):
    campaign, a, b, old = filled
    text = docx_text(report.build_docx(cast.staff_b, campaign))
    assert b.name in text and a.name not in text and old.code not in text
    assert "chỉ gồm các nhiệm vụ, dự án thuộc phạm vi của Sở Y tế" in text
    wb = load_workbook(io.BytesIO(report.build_xlsx(cast.head_b, campaign)))
    codes = {r[0].value for r in wb["Đánh giá"].iter_rows(min_row=4)}
    assert codes == {b.code}
    assert {r[0].value for r in wb["Chỉ tiêu"].iter_rows(min_row=4)} == {b.code}
    assert wb["Kiến nghị"].max_row == 3  # header only: the difficulty belongs to Sở KH&CN


def test_web_downloads_scoped_audited_and_404_outside(cast, filled):
    campaign = filled[0]
    client = login(cast.appraiser)
    resp = client.get(f"/danh-gia/{campaign.pk}/bao-cao.docx")
    assert resp.status_code == 200 and resp["Content-Type"] == DOCX_CONTENT_TYPE
    assert f'filename="bao-cao-danh-gia-hieu-qua-{campaign.pk}.docx"' in resp["Content-Disposition"]
    Document(io.BytesIO(resp.content))
    resp = client.get(f"/danh-gia/{campaign.pk}/bao-cao.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"] == report.XLSX_CONTENT_TYPE
    assert resp["Content-Disposition"].startswith("attachment;")
    load_workbook(io.BytesIO(resp.content))
    events = AuditEvent.objects.filter(verb="export.review_report", actor=cast.appraiser).order_by("id")
    assert [e.data["format"] for e in events] == ["docx", "xlsx"]
    assert all(e.target_id == campaign.pk for e in events)
    # another tree, or nobody: no report, no audit event
    for who in ("outsider", "outsider_staff"):
        assert login(getattr(cast, who)).get(f"/danh-gia/{campaign.pk}/bao-cao.docx").status_code == 404
        assert login(getattr(cast, who)).get(f"/danh-gia/{campaign.pk}/bao-cao.xlsx").status_code == 404
    assert not AuditEvent.objects.filter(verb="export.review_report", actor=cast.outsider).exists()
    anonymous = Client().get(f"/danh-gia/{campaign.pk}/bao-cao.docx")
    assert anonymous.status_code == 302
    # a unit sees the campaign it reports in, and its download is its own
    resp = login(cast.staff_b).get(f"/danh-gia/{campaign.pk}/bao-cao.docx")
    assert resp.status_code == 200 and filled[1].name not in docx_text(resp.content)


def test_report_of_an_empty_campaign_still_builds(cast, campaign_setup):
    campaign = campaign_setup[0]  # a draft: no review yet
    text = docx_text(report.build_docx(cast.appraiser, campaign))
    assert "0 nhiệm vụ, dự án của 0 đơn vị" in text and "Không có nhiệm vụ, dự án nào trong phạm vi." in text
    wb = load_workbook(io.BytesIO(report.build_xlsx(cast.appraiser, campaign)))
    assert wb["Chỉ tiêu"].max_row == 3


def test_symbol_place_and_signer_helpers(units):
    assert report.unit_abbreviation(units.skhcn) == "SKHCN"
    units.syt.code = "syt"
    assert report.unit_abbreviation(units.syt) == "SYT"  # from the short name "Sở Y tế"
    assert report.parent_body(units.tinh) == "UBND TỈNH THỬ NGHIỆM"
    assert report.place_name(units.tinh) == "Thử Nghiệm"
    assert report.place_name(units.bo) == "Hà Nội"
    assert report.signer_title(units.skhcn) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert report.signer_title(units.tinh)[0] == "TM. ỦY BAN NHÂN DÂN"


def _convert(src: Path, target: str, out: Path) -> Path:
    soffice = require_tool("soffice", "libreoffice", what="LibreOffice (soffice) is not installed")
    profile = out / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=240)
    return out / (src.stem + "." + target.split(":")[0])


def test_libreoffice_opens_both_files(cast, filled, tmp_path):
    campaign = filled[0]
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(report.build_docx(cast.appraiser, campaign))
    xlsx = tmp_path / "phu-luc.xlsx"
    xlsx.write_bytes(report.build_xlsx(cast.appraiser, campaign))
    pdf = _convert(docx, "pdf", tmp_path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    pdf = _convert(xlsx, "pdf", tmp_path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_query_count_does_not_grow_with_the_number_of_reviews(cast, filled, units):
    """Aggregates in SQL, lists read in bulk: 40 more reviews (with indicators, problems and
    issues) must not add a single query to either builder."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cds.reviews.models import Indicator, Review, ReviewIssue
    from tests.factories import regime

    campaign, a, *_ = filled

    def queries():
        out = []
        for build in (report.build_docx, report.build_xlsx):
            with CaptureQueriesContext(connection) as q:
                build(cast.appraiser, campaign)
            out.append(len(q))
        return out

    before = queries()
    projects = Project.objects.bulk_create([
        Project(code=f"DA-2020-9{i:03d}", name=f"Dự án bổ sung {i}", kind="investment", regime=regime(),
                investor_unit=units.syt if i % 2 else units.skhcn, start_year=2020, state="in_operation",
                total_approved=1_000_000 * i) for i in range(40)])
    reviews = Review.objects.bulk_create([
        Review(campaign=campaign, project=p, unit=p.investor_unit, status="accepted", self_rating="effective",
               reviewer_rating="ineffective" if i % 3 == 0 else "partly", value_score=20 + i, fitness_score=70 - i,
               proposed_decision="stop" if i % 3 == 0 else "continue", proposed_reason="Không còn sử dụng")
        for i, p in enumerate(projects)])
    use = Indicator.objects.get(code="USE_ACTIVE")
    IndicatorValue.objects.bulk_create([IndicatorValue(review=r, indicator=use, target=Decimal(80),
                                                       actual=Decimal(10)) for r in reviews])
    Review.problems.through.objects.bulk_create([
        Review.problems.through(review_id=r.pk, problemtype=ProblemType.objects.get(code="DUPLICATE"))
        for r in reviews])
    ReviewIssue.objects.bulk_create([ReviewIssue(review=r, kind="proposal", text=f"Kiến nghị {r.pk}")
                                     for r in reviews])
    assert queries() == before
