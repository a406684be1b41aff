"""The Word report and the Excel workbook of a ranking period: NĐ 30 layout issued by the CĐS
authority under the province, the method with each criterion, the table in rank order with the
chart of the scores, each unit's points by criterion; the workbook's three sheets whose points add
up to the scores; who may download them (a published period: the whole tree, the detail only of
the units a reader may see; a draft: the administrator and the leaders), the comparison version;
every download recorded."""
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from tests.conftest import login
from tests.test_legal_text import markers_in

from .output_world import COMPLETE, EXPECTED, ON_TIME, comparison, ranked_period, test_criteria  # noqa: F401

pytestmark = pytest.mark.django_db

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(data: bytes) -> str:
    """All text of the document, nested tables (the letterhead) included."""
    root = Document(io.BytesIO(data)).element
    return "\n".join("".join(t.text or "" for t in p.iter(W_NS + "t")) for p in root.iter(W_NS + "p"))


def _table(doc, first_header):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header
                and len(t.rows[0].cells) > 2 and t.rows[0].cells[1].text == "Cơ quan, đơn vị")


def _rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]


def test_word_report_lays_out_the_method_the_table_the_chart_and_the_notes(cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    resp = login(cast.head_b).get(reverse("rankings:period_docx", args=[world.period.pk]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bao-cao-xep-hang-2025-' in resp["Content-Disposition"]
    text = _text(resp.content)
    # NĐ 30: quốc hiệu, tiêu ngữ, the CĐS authority under the province, number, title, signature, recipients
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH THỬ NGHIỆM",
                 "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "/BC-SKHCN", "BÁO CÁO", "Nơi nhận:", "KT. GIÁM ĐỐC",
                 "Ủy ban nhân dân tỉnh Thử Nghiệm (để báo cáo)"):
        assert part in text, part
    assert ("Kết quả xếp hạng mức độ tuân thủ các quy định về quản lý đầu tư ứng dụng công nghệ thông tin, "
            "chuyển đổi số năm 2025") in text
    assert "DỰ THẢO" not in text
    for heading in ("I. PHƯƠNG PHÁP XẾP HẠNG", "II. KẾT QUẢ XẾP HẠNG", "III. GHI CHÚ", "Phụ lục I"):
        assert heading in text, heading
    # the method: version, approver and day, each criterion with its weight, source and formula
    approved = timezone.localtime(world.method.approved_at)
    assert f"(phiên bản 1), được {cast.leader.display_name} phê duyệt ngày" in text
    assert f"{approved.day:02d}/{approved.month:02d}/{approved.year}" in text
    doc = Document(io.BytesIO(resp.content))
    method = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Cách tính")
    assert [[c.text for c in row.cells] for row in method.rows[1:]] == [
        ["1", "Báo cáo đúng hạn", "55", "Báo cáo của đơn vị trên hệ thống", "Số báo cáo gửi đúng hạn ÷ số báo cáo phải gửi"],
        ["2", "Hồ sơ đầy đủ", "45", "Hồ sơ dự án trên hệ thống", "Số hồ sơ đủ thành phần ÷ số hồ sơ"],
        ["", "Tổng cộng", "100", "", ""]]
    # the table: one row per unit, in rank order, with its score; the appendix adds the points
    ranking = _table(doc, "Hạng")
    assert [[c.text for c in row.cells] for row in ranking.rows[1:]] == [
        ["1", "Sở Y tế", "88,75"], ["2", "Thanh tra tỉnh", "45,00"], ["3", "Sở Khoa học và Công nghệ", "40,83"]]
    appendix = [t for t in doc.tables if t.rows[0].cells[0].text == "Hạng"][-1]
    assert [c.text for c in appendix.rows[0].cells] == ["Hạng", "Cơ quan, đơn vị", "Tổng điểm", "TC1\n(55)",
                                                        "TC2\n(45)"]
    assert [[c.text for c in row.cells] for row in appendix.rows[1:]] == [
        ["1", "Sở Y tế", "88,75", "55,00", "33,75"], ["2", "Thanh tra tỉnh", "45,00", "0,00", "45,00"],
        ["3", "Sở Khoa học và Công nghệ", "40,83", "18,33", "22,50"]]
    assert len(doc.inline_shapes) == 1                     # the bar chart of the scores
    assert "Hình 1. Tổng điểm của các cơ quan, đơn vị" in text
    # the notes: a unit without records, the frozen period
    assert "tính theo mức đạt trung bình của các đơn vị có hồ sơ" in text and "có 1 trường hợp" in text
    assert "được giữ nguyên" in text and "không tính lại" in text
    assert markers_in(text) == [] and "issue" not in text.lower()
    event = AuditEvent.objects.filter(verb="ranking.exported").latest("pk")
    assert event.data == {"name": world.period.name, "format": "docx"} and event.actor_id == cast.head_b.pk


def test_workbook_has_the_ranking_the_detail_and_the_method(cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    resp = login(cast.inspector).get(reverse("rankings:period_xlsx", args=[world.period.pk]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Xếp hạng", "Chi tiết", "Phương pháp"]
    ranking = wb["Xếp hạng"]
    assert [c.value for c in ranking[3]] == ["Hạng", "Cơ quan, đơn vị", "Tổng điểm", "Báo cáo đúng hạn (55 điểm)",
                                             "Hồ sơ đầy đủ (45 điểm)"]
    rows = _rows(ranking)
    assert [(r[1], r[0], Decimal(str(r[2]))) for r in rows] == [(name, rank, score) for name, rank, score, _ in EXPECTED]
    for row, (_name, _rank, score, points) in zip(rows, EXPECTED):
        assert [Decimal(str(v)) for v in row[3:]] == [points[ON_TIME], points[COMPLETE]]
        assert sum(Decimal(str(v)) for v in row[3:]) == Decimal(str(row[2])) == score
    detail = _rows(wb["Chi tiết"])
    assert len(detail) == 6                                 # 3 units × 2 criteria: the inspector reads every one
    by_key = {(r[0], r[1]): r for r in detail}
    assert by_key[("Sở Khoa học và Công nghệ", "Báo cáo đúng hạn")][2:7] == [33.33, 1, 3, 55, 18.33]
    no_record = by_key[("Sở Y tế", "Hồ sơ đầy đủ")]
    assert no_record[2:7] == [None, 0, 0, 45, 33.75] and "mức trung bình" in no_record[7]
    for unit in ("Sở Y tế", "Thanh tra tỉnh", "Sở Khoa học và Công nghệ"):
        points = sum(Decimal(str(r[6])) for r in detail if r[0] == unit)
        assert points == next(score for name, _r, score, _p in EXPECTED if name == unit)
    method = _rows(wb["Phương pháp"])
    assert [r[1:3] for r in method] == [["Báo cáo đúng hạn", 55], ["Hồ sơ đầy đủ", 45], ["Tổng cộng", 100]]
    assert method[0][3:5] == ["Báo cáo của đơn vị trên hệ thống", "Số báo cáo gửi đúng hạn ÷ số báo cáo phải gửi"]
    assert "(phiên bản 1), được" in wb["Phương pháp"]["A1"].value
    event = AuditEvent.objects.filter(verb="ranking.exported").latest("pk")
    assert event.data == {"name": world.period.name, "format": "xlsx"}


def test_a_unit_gets_the_whole_table_but_only_its_own_detail(cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    wb = load_workbook(io.BytesIO(login(cast.staff_a).get(
        reverse("rankings:period_xlsx", args=[world.period.pk])).content))
    assert [r[1] for r in _rows(wb["Xếp hạng"])] == ["Sở Y tế", "Thanh tra tỉnh", "Sở Khoa học và Công nghệ"]
    assert {r[0] for r in _rows(wb["Chi tiết"])} == {"Sở Khoa học và Công nghệ"}
    assert "Chỉ gồm các đơn vị bạn được xem chi tiết" in wb["Chi tiết"]["A2"].value


@pytest.mark.parametrize("name", ["rankings:period_docx", "rankings:period_xlsx"])
def test_a_draft_period_is_the_administrators_and_the_leaders(cast, units, test_criteria, name):  # noqa: F811
    world = ranked_period(cast, units, publish=False)
    url = reverse(name, args=[world.period.pk])
    for user in (cast.admin, cast.leader):
        assert login(user).get(url).status_code == 200
    for user in (cast.staff_a, cast.head_b, cast.appraiser, cast.inspector, cast.supervisor, cast.outsider):
        assert login(user).get(url).status_code == 404
    assert AuditEvent.objects.filter(verb="ranking.exported").count() == 2
    if name == "rankings:period_docx":
        text = _text(login(cast.leader).get(url).content)
        assert "DỰ THẢO" in text and "Kết quả chưa được công bố" in text


def test_a_published_period_is_read_in_its_tree_only(cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    for name in ("rankings:period_docx", "rankings:period_xlsx"):
        url = reverse(name, args=[world.period.pk])
        for user in (cast.staff_a, cast.head_b, cast.appraiser, cast.supervisor, cast.inspector, cast.leader,
                     cast.admin):
            assert login(user).get(url).status_code == 200, (name, user.username)
        for user in (cast.outsider, cast.outsider_staff):
            assert login(user).get(url).status_code == 404
        assert login(cast.leader).get(reverse(name, args=[world.period.pk + 999])).status_code == 404
        assert login(cast.leader).post(url).status_code == 405
        assert login(cast.leader).get(url, {"method": "abc"}).status_code == 404


def test_a_comparison_version_is_exported_for_the_administrator_and_the_leaders(cast, units,
                                                                               test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    v2 = comparison(cast, units, world)                     # weights 10 / 90: Thanh tra moves up
    url = reverse("rankings:period_xlsx", args=[world.period.pk])
    wb = load_workbook(io.BytesIO(login(cast.leader).get(url, {"method": v2.pk}).content))
    rows = _rows(wb["Xếp hạng"])
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "Thanh tra tỉnh", 90), (2, "Sở Y tế", 77.5),
                                                  (3, "Sở Khoa học và Công nghệ", 48.33)]
    assert "so sánh, không phải kết quả của kỳ" in wb["Xếp hạng"]["A2"].value
    resp = login(cast.admin).get(reverse("rankings:period_docx", args=[world.period.pk]), {"method": v2.pk})
    assert resp.status_code == 200 and "phien-ban-2" in resp["Content-Disposition"]
    text = _text(resp.content)
    assert "DỰ THẢO" in text and "để so sánh" in text and "phiên bản 2" in text
    # the published table is untouched, and a unit never gets the comparison
    own = load_workbook(io.BytesIO(login(cast.leader).get(url).content))
    assert [r[1] for r in _rows(own["Xếp hạng"])][0] == "Sở Y tế"
    assert login(cast.staff_a).get(url, {"method": v2.pk}).status_code == 404
    assert login(cast.staff_a).get(url, {"method": world.method.pk}).status_code == 200
    # a version with no results computed for the period
    from .output_world import approve

    v3 = approve(cast, units, weights=(50, 50), based_on=world.method)
    assert login(cast.leader).get(url, {"method": v3.pk}).status_code == 404


def test_a_name_typed_as_a_formula_stays_text(cast, units, test_criteria):  # noqa: F811
    from cds.orgs.models import Unit

    Unit.objects.filter(pk=units.thanhtra.pk).update(name='=HYPERLINK("http://x","y")')
    world = ranked_period(cast, units)
    wb = load_workbook(io.BytesIO(login(cast.leader).get(
        reverse("rankings:period_xlsx", args=[world.period.pk])).content))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if str(c.value or "").startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_without_a_cds_authority_the_province_issues_the_report(cast, units, test_criteria):  # noqa: F811
    from cds.accounts.models import User

    User.objects.filter(pk=cast.appraiser.pk).update(is_active=False)
    world = ranked_period(cast, units)
    text = _text(login(cast.leader).get(reverse("rankings:period_docx", args=[world.period.pk])).content)
    assert "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" in text and "/BC-UBND" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" not in text and "Kính gửi" not in text
