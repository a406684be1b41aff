"""The plan as a Word document (NĐ 30/2020) and its Excel appendix, opened and read back: the
letterhead of the province, DỰ THẢO on a draft and the decision on an approved version, the
appendix table with a column per year and source and amounts in đồng with ".", the changes of
an adjustment, the downloads by role and the audit event."""
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from cds.plans import documents
from cds.plans import services as ps
from cds.plans.models import PlanStatus
from tests.conftest import login
from tests.test_legal_text import docx_text, markers_in, xlsx_text

from .conftest import TODAY, YEAR, cost
from .test_workflow import _approved_plan, _scored

pytestmark = pytest.mark.django_db

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word(plan, user):
    content, content_type, name = documents.export(user, plan, "docx")
    assert name.endswith(".docx") and "wordprocessingml" in content_type
    return Document(io.BytesIO(content)), content


def appendix_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and "Nhiệm vụ" in t.rows[0].cells[1].text)


def row_texts(row):
    """The texts of a row's own cells (a cell spanning columns counted once)."""
    return ["".join(t.text or "" for t in tc.iter(f"{W_NS}t")) for tc in row._tr.tc_lst]


def test_the_approved_plan_reads_as_an_administrative_document(cast, plan_round):
    plan, a, b = _approved_plan(cast, plan_round)
    doc, content = word(plan, cast.leader)
    text = docx_text(content)
    header = row_texts(doc.tables[0].rows[0])
    assert "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" in header[0] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1]
    assert "KẾ HOẠCH" in text and f"Ứng dụng công nghệ thông tin, chuyển đổi số năm {YEAR}" in text
    assert "DỰ THẢO" not in text
    # the decision that issued it, under the title
    day = f"ngày {TODAY.day:02d} tháng {TODAY.month:02d}" if TODAY.month <= 2 else f"ngày {TODAY.day:02d} tháng {TODAY.month}"
    assert f"(Ban hành kèm theo Quyết định số 45/QĐ-UBND {day} năm {TODAY.year}" in text
    # the round's basis document, cited as issued
    assert f"Thực hiện Công văn số 123/UBND-KGVX ngày {TODAY:%d/%m/%Y} của UBND tỉnh" in text
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ", "III. KINH PHÍ THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"):
        assert heading in text
    assert "gồm 2 nhiệm vụ do 2 cơ quan, đơn vị chủ trì" in text and "tổng kinh phí 3.000.000.000 đồng" in text
    assert "Sở Tài chính" in text and "Sở Khoa học và Công nghệ" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and cast.leader.display_name in text
    assert markers_in(text) == []

    table = appendix_table(doc)
    top, bottom = row_texts(table.rows[0]), row_texts(table.rows[1])
    assert top == ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện", f"Kinh phí năm {YEAR}", "Tổng cộng",
                   "Ghi chú"]
    assert bottom[4:6] == ["Ngân sách địa phương — đầu tư phát triển",
                           "Ngân sách địa phương — chi thường xuyên (sự nghiệp)"]
    rows = [row_texts(r) for r in table.rows[2:]]
    assert rows[0] == ["1", a.name, "Sở Y tế", str(YEAR), "2.000.000.000", "", "2.000.000.000", "Nhiệm vụ mới"]
    assert rows[1][:3] == ["2", b.name, "Sở Khoa học và Công nghệ"]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][4:7] == ["3.000.000.000", "0", "3.000.000.000"]
    assert "Đơn vị tính: đồng" in text
    # the envelopes of section III: 5 bn for investment, 3 bn used
    assert "5.000.000.000" in text and "2.000.000.000" in text
    assert AuditEvent.objects.filter(verb="plan.exported", actor=cast.leader, data__document="docx").exists()


def test_a_plan_issued_as_a_kh_carries_its_own_number(cast, plan_round):
    a = _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 2_000_000_000, 5)
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="12/KH-UBND", decision_date=TODAY)
    doc, content = word(plan, cast.staff_b)
    number = row_texts(doc.tables[0].rows[1])[0]
    assert number == "Số: 12/KH-UBND"
    assert "Ban hành kèm theo" not in docx_text(content)
    assert a.name in docx_text(content)


def test_a_draft_says_so_and_is_not_the_units_to_download(cast, plan_round):
    _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 2_000_000_000, 5)
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    doc, content = word(plan, cast.appraiser)
    assert doc.paragraphs[0].text == "DỰ THẢO"
    assert row_texts(doc.tables[0].rows[1])[0].startswith("Số:") and "/KH-UBND" in docx_text(content)
    assert re.search(r"Số: +/KH-UBND", docx_text(content))
    assert "Ban hành kèm theo" not in docx_text(content)
    url = f"/ke-hoach/ban/{plan.pk}/ke-hoach.docx"
    assert login(cast.staff_b).get(url).status_code == 404
    assert login(cast.staff_b).get(f"/ke-hoach/ban/{plan.pk}/phu-luc.xlsx").status_code == 404
    assert login(cast.outsider).get(url).status_code == 404
    response = login(cast.appraiser).get(url)
    assert response.status_code == 200 and response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]


def test_an_adjustment_lists_its_changes_in_a_second_appendix(cast, plan_round):
    plan, a, b = _approved_plan(cast, plan_round)
    v2 = ps.draft_plan(cast.appraiser, plan_round, reason="Điều chỉnh theo dự toán được giao.")
    ps.update_item(cast.appraiser, v2.items.get(proposal=a), {"note": "Giảm quy mô", "costs": cost(1_500_000_000)})
    ps.remove_item(cast.appraiser, v2.items.get(proposal=b))
    ps.submit_plan(cast.appraiser, v2)
    v2.refresh_from_db()
    ps.approve_plan(cast.leader, v2, decision_number="99/QĐ-UBND", decision_date=TODAY)
    v2.refresh_from_db()
    doc, content = word(v2, cast.appraiser)
    text = docx_text(content)
    assert "(điều chỉnh lần 1)" in text and "Lý do điều chỉnh: Điều chỉnh theo dự toán được giao." in text
    assert "Phụ lục II" in text and "NỘI DUNG ĐIỀU CHỈNH SO VỚI KẾ HOẠCH BAN HÀNH" in text
    changes = next(t for t in doc.tables if "Nội dung điều chỉnh" in row_texts(t.rows[0]))
    rows = [row_texts(r) for r in changes.rows[1:]]
    assert rows[0][1] == a.name and rows[0][3].startswith("Điều chỉnh")
    assert "2.000.000.000 → 1.500.000.000 đồng" in rows[0][3]
    assert rows[0][4:] == ["2.000.000.000", "1.500.000.000", "−500.000.000"]
    assert rows[1][1] == b.name and rows[1][3] == "Đưa ra khỏi Kế hoạch" and rows[1][6] == "−1.000.000.000"
    item = [row_texts(r) for r in appendix_table(doc).rows[2:]][0]
    assert "Giảm quy mô" in item[-1] and "Điều chỉnh giảm 500.000.000 đồng" in item[-1]
    assert markers_in(text) == []


def test_the_excel_appendix_has_every_item_amounts_as_numbers_and_totals(cast, plan_round):
    plan, a, b = _approved_plan(cast, plan_round)
    response = login(cast.head_b).get(f"/ke-hoach/ban/{plan.pk}/phu-luc.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Phụ lục"]
    header = [c.value for c in ws[3]]
    assert header[:6] == ["STT", "Mã đề xuất", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện", "Loại"]
    assert f"Ngân sách địa phương — đầu tư phát triển — năm {YEAR} (đồng)" in header
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert rows[0][:4] == [1, a.code, a.name, "Sở Y tế"] and rows[0][6] == 2_000_000_000
    assert ws.cell(row=4, column=7).number_format == "#,##0"
    assert rows[-1][2] == "Tổng cộng" and rows[-1][header.index("Tổng cộng (đồng)")] == 3_000_000_000
    envelopes = [[c.value for c in r] for r in wb["Hạn mức"].iter_rows(min_row=3)]
    assert envelopes[0][:3] == ["Nguồn vốn", "Năm", "Hạn mức (đồng)"]
    assert "Đơn vị đề xuất (đồng)" not in envelopes[0]  # what units asked for: reviewers only
    assert envelopes[1][:5] == ["Ngân sách địa phương — đầu tư phát triển", YEAR, 5_000_000_000, 3_000_000_000,
                                2_000_000_000]
    wide = load_workbook(io.BytesIO(documents.export(cast.appraiser, plan, "xlsx")[0]))["Hạn mức"]
    assert "Đơn vị đề xuất (đồng)" in [c.value for c in wide[3]]
    assert markers_in(xlsx_text(response.content)) == []
    assert AuditEvent.objects.filter(verb="plan.exported", actor=cast.head_b, data__document="xlsx").exists()


def test_a_unit_reads_the_approved_plan_and_an_outsider_nothing(cast, plan_round):
    plan, _, _ = _approved_plan(cast, plan_round)
    assert plan.status == PlanStatus.APPROVED
    for user, status in ((cast.staff_b, 200), (cast.staff_a, 200), (cast.outsider, 404),
                         (cast.outsider_staff, 404), (cast.inspector, 200)):
        assert login(user).get(f"/ke-hoach/ban/{plan.pk}/ke-hoach.docx").status_code == status, user


def test_a_long_period_counts_in_millions_when_dong_would_not_fit():
    from types import SimpleNamespace

    one_year = SimpleNamespace(columns=[(1, YEAR), (2, YEAR)], total=3_000_000_000,
                               by_column={(1, YEAR): 2_000_000_000, (2, YEAR): 1_000_000_000})
    layout = documents._layout(one_year)
    assert layout.unit == "đồng" and layout.amount(2_000_000_000) == "2.000.000.000"
    five = [(s, y) for y in range(YEAR, YEAR + 5) for s in (1, 2)]
    national = SimpleNamespace(columns=five, total=90_000_000_000_000, by_column=dict.fromkeys(five, 9 * 10**12))
    layout = documents._layout(national)
    assert layout.unit == "triệu đồng" and layout.amount(1_250_500_000) == "1.250,5"
    assert sum(layout.widths) == pytest.approx(documents.LANDSCAPE_TEXT_MM)
