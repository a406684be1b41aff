"""Downloads of a round's results: raw answers in Excel and CSV (one row per unit × question ×
matrix row, codes and labels, only the groups the user reads), the Word report per group and for
the province (NĐ 30 layout, charts as images, the lead agency's consolidation, the bottlenecks)."""
import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from cds.audit.models import AuditEvent as Event
from cds.surveys import services
from cds.surveys.models import Bottleneck, BottleneckSource, GroupKind
from cds.surveys.outputs import COLUMNS
from tests.conftest import login

from .results_world import answer_round

pytestmark = pytest.mark.django_db


def _xlsx_rows(content):
    ws = load_workbook(io.BytesIO(content), read_only=True).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[2] == list(COLUMNS)
    return rows[3:]


def _csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    return rows[1:]


def test_excel_has_one_row_per_unit_question_and_matrix_row(cast, survey_round):
    answer_round(cast, survey_round)
    resp = login(cast.inspector).get(f"/khao-sat/dot/{survey_round.pk}/xuat.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _xlsx_rows(resp.content)
    by_key = {(r[0], r[3], r[5]): r for r in rows}
    assert by_key[("T01-SKHCN", "ha_tang_thiet_bi", None)][6:8] == ["may_chu; mang", "Máy chủ; Thiết bị mạng"]
    assert by_key[("T01-SKHCN", "du_lieu_csdl", "Đất đai")][6:8] == ["chua_co", "Chưa có"]
    assert by_key[("T01-SYT", "du_lieu_csdl", "Đất đai")][7] == "Đang xây dựng"
    assert by_key[("T01-SKHCN", "an_ninh_ty_le", None)][8] == 62.5
    assert by_key[("T01-SKHCN", "so_can_bo", None)][8] == 3
    assert by_key[("T01-SKHCN", "an_ninh_ngay", None)][9] == "15/03/2024"
    assert by_key[("T01-SKHCN", "du_lieu_ly_do", None)][10] == "Chưa kết nối được cơ sở dữ liệu quốc gia về dân cư"
    assert by_key[("T01-SKHCN", "du_lieu_ly_do", None)][1:3] == ["Sở Khoa học và Công nghệ", "Dữ liệu"]
    # A: 10 questions answered, the matrix twice → 11 rows; B: 7 questions, matrix twice → 8
    assert len(rows) == 19
    event = Event.objects.filter(verb="survey.results_exported").latest("pk")
    assert event.data["format"] == "xlsx"


def test_csv_has_the_same_rows_and_a_lead_agency_gets_its_group_only(cast, survey_round):
    answer_round(cast, survey_round)
    rows = _csv_rows(login(cast.staff_a).get(f"/khao-sat/dot/{survey_round.pk}/xuat.csv").content)
    assert {r[2] for r in rows} == {"Dữ liệu"}
    assert sorted((r[0], r[3], r[5]) for r in rows) == [
        ("T01-SKHCN", "du_lieu_co_nghen", ""), ("T01-SKHCN", "du_lieu_csdl", "Dân cư"),
        ("T01-SKHCN", "du_lieu_csdl", "Đất đai"), ("T01-SKHCN", "du_lieu_ly_do", ""),
        ("T01-SYT", "du_lieu_co_nghen", ""), ("T01-SYT", "du_lieu_csdl", "Dân cư"),
        ("T01-SYT", "du_lieu_csdl", "Đất đai")]
    # a unit that leads nothing: its own answers, every group
    own = _csv_rows(login(cast.head_b).get(f"/khao-sat/dot/{survey_round.pk}/xuat.csv").content)
    assert {r[0] for r in own} == {"T01-SYT"} and len(own) == 8
    number = next(r for r in _csv_rows(login(cast.inspector).get(f"/khao-sat/dot/{survey_round.pk}/xuat.csv")
                                       .content) if r[3] == "an_ninh_ty_le" and r[0] == "T01-SKHCN")
    assert number[8] == "62,5"
    assert login(cast.outsider).get(f"/khao-sat/dot/{survey_round.pk}/xuat.csv").status_code == 404


def _texts(doc):
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells)
    return "\n".join(out)


def test_word_report_of_the_province_and_of_one_group(cast, units, survey_round):
    world = answer_round(cast, survey_round)
    section = world.sections["du_lieu"]
    services.save_summary(cast.staff_a, survey_round, section, "Một đơn vị chưa kết nối CSDL dân cư.")
    Bottleneck.objects.create(root_unit=units.tinh, unit=units.skhcn, source=BottleneckSource.SURVEY,
                              group=GroupKind.DATA, round=survey_round, response=world.a,
                              title="Chưa kết nối CSDL quốc gia về dân cư", responsible_unit=units.skhcn,
                              answer_due=survey_round.deadline, created_by=cast.staff_a)
    resp = login(cast.inspector).get(f"/khao-sat/dot/{survey_round.pk}/bao-cao.docx")
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = _texts(doc)
    for heading in ("I. TÌNH HÌNH THỰC HIỆN", "II. KẾT QUẢ KHẢO SÁT THEO NHÓM", "1. Pháp lý", "3. Dữ liệu",
                    "5. Nguồn lực triển khai", "III. ĐIỂM NGHẼN, KHÓ KHĂN VÀ VIỆC THÁO GỠ"):
        assert heading in text, heading
    assert "BÁO CÁO" in text and "Thanh tra tỉnh".upper() in text       # issued by the coordinator
    assert "Thực hiện Công văn số 1470/UBND-NC ngày 20/05/2024" in text
    assert "Một đơn vị chưa kết nối CSDL dân cư." in text
    assert "Chưa kết nối CSDL quốc gia về dân cư" in text
    assert len(doc.inline_shapes) >= 4          # the charts of the choice and scale questions
    for marker in ("domain.md", "§", "[V]", "[U]", "cần xác nhận"):
        assert marker not in text
    # one group, by its lead agency: only that group
    resp = login(cast.staff_a).get(f"/khao-sat/dot/{survey_round.pk}/bao-cao.docx", {"section": section.pk})
    text = _texts(Document(io.BytesIO(resp.content)))
    assert "1. Dữ liệu" in text and "Pháp lý" not in text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    other = world.sections["phap_ly"].pk
    assert login(cast.staff_a).get(f"/khao-sat/dot/{survey_round.pk}/bao-cao.docx",
                                   {"section": other}).status_code == 404


def test_a_text_answer_never_becomes_a_formula(cast, survey_round):
    from cds.surveys.models import Response

    from .results_world import A_ANSWERS

    response = Response.objects.get(round=survey_round, unit=cast.staff_a.unit)
    services.save_answers(cast.staff_a, response, dict(A_ANSWERS, phap_ly_mo_ta="=HYPERLINK(\"http://x\",\"y\")"))
    services.submit_response(cast.head_a, response)
    client = login(cast.inspector)
    sheet = load_workbook(io.BytesIO(client.get(f"/khao-sat/dot/{survey_round.pk}/xuat.xlsx").content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPERLINK")]
    assert len(cells) == 1 and cells[0].data_type == "s"
    rows = _csv_rows(client.get(f"/khao-sat/dot/{survey_round.pk}/xuat.csv").content)
    assert [r[10] for r in rows if r[3] == "phap_ly_mo_ta"] == ["'=HYPERLINK(\"http://x\",\"y\")"]
