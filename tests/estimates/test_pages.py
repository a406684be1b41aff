"""The estimate pages as the cast uses them: the investor unit prepares (template, sheet upload →
preview → confirm, lines, evidence, UCP, submit), the CĐS appraiser or the supervisor checks
(comments with accepted amounts, conclusion), the leader and the inspector read, another tree sees
nothing (404). Flags stand under the line they concern with their evidence; an earlier estimate
is named only to a reader who may read it. Excel and Word outputs open and hold what they should;
the estimate page and the worklist cost the same number of queries whatever the data."""
from __future__ import annotations

import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from lxml import html as lxml_html

from cds.audit.models import AuditEvent
from cds.estimates import services
from cds.estimates.models import Conclusion, Estimate, EstimateVersion, Status
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HEADER = ["STT", "Nội dung chi phí", "Đơn vị tính", "Khối lượng", "Đơn giá (đồng)", "Thành tiền (đồng)",
          "Thuế GTGT (%)", "Căn cứ (giá)", "Ghi chú"]


def line(group, name, amount=None, *, quantity=None, unit_price=None, unit="", vat_rate=None, basis=""):
    return {"group_code": group, "name": name, "amount": amount, "quantity": quantity, "unit_price": unit_price,
            "unit": unit, "vat_rate": vat_rate, "basis": basis}


def lines(server_price=300_000_000, server_amount=None):
    """An investment estimate with a wrong product on the server line (an error) and no
    consulting group (a warning on the group)."""
    return [
        line("tb", "Máy chủ ứng dụng", server_amount or 2 * server_price, quantity=2, unit_price=server_price,
             unit="bộ", vat_rate=10, basis="quote"),
        line("tb", "Thiết bị tường lửa", 400_000_000, quantity=1, unit_price=400_000_000, unit="bộ", basis="quote"),
        line("qlda", "Chi phí quản lý dự án", 10_000_000, basis="rate"),
        line("dp", "Chi phí dự phòng", 50_000_000),
    ]


def concluded_elsewhere(cast, project, price, n):
    """An estimate of ``project`` (Sở Y tế) concluded suitable: its server price enters the
    province's history."""
    e = services.create_estimate(cast.staff_b, project, title=f"Dự toán đã duyệt {n}")
    services.save_version(cast.staff_b, e, [line("tb", "Máy chủ ứng dụng", 2 * price, quantity=2, unit_price=price,
                                                 unit="bộ")])
    services.submit(cast.staff_b, Estimate.objects.get(pk=e.pk))
    services.conclude(cast.appraiser, Estimate.objects.get(pk=e.pk), conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    return e


@pytest.fixture
def est(cast, units, projects):
    """Three estimates of Sở Y tế concluded at about 200 triệu a server, then Sở KH&CN's estimate
    at 300 triệu (a market warning), with a wrong product (an error), submitted for checking."""
    sources = [concluded_elsewhere(cast, projects.b, price, i)
               for i, price in enumerate((190_000_000, 200_000_000, 210_000_000), 1)]
    e = services.create_estimate(cast.staff_a, projects.a, title="Dự toán xây dựng CSDL đất đai")
    services.save_version(cast.staff_a, e, lines(server_amount=650_000_000))
    e.refresh_from_db()
    return SimpleNamespace(cast=cast, units=units, projects=projects, e=e, sources=sources)


def url(name, e, **kwargs):
    return reverse(f"estimates:{name}", kwargs={"pk": e.pk, **kwargs})


def page(client, path, status=200):
    resp = client.get(path)
    assert resp.status_code == status, (path, resp.status_code)
    return resp.content.decode()


def doc(text):
    return lxml_html.fromstring(text)


def texts(tree, xpath) -> list[str]:
    return [" ".join(el.text_content().split()) for el in tree.xpath(xpath)]


def sheet_bytes(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dự toán"
    ws["A1"] = "BẢNG DỰ TOÁN CHI TIẾT"
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD_ROWS = [
    ["II", "Chi phí thiết bị"],
    ["1", "Máy chủ ứng dụng", "bộ", 2, 250_000_000, 500_000_000, 10, "Báo giá", ""],
    ["2", "Thiết bị tường lửa", "bộ", 1, 400_000_000, 400_000_000, 0, "Báo giá", ""],
    ["", "Cộng nhóm II", None, None, None, 900_000_000],
    ["III", "Chi phí quản lý dự án"],
    ["1", "Chi phí quản lý dự án", "", None, None, 12_000_000, 0, "Định mức tỷ lệ", ""],
    ["IV", "Chi phí tư vấn"],
    ["1", "Chi phí khảo sát", "gói", 1, 20_000_000, 25_000_000, 0, "Báo giá", ""],
    ["VI", "Chi phí dự phòng", None, None, None, 40_000_000],
    ["", "TỔNG CỘNG", None, None, None, 977_000_000],
]


def upload(data, name="du-toan.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ------------------------------------------------------------------ who sees what

@pytest.mark.parametrize("who", ["staff_a", "head_a", "appraiser", "supervisor", "leader", "inspector", "admin"])
def test_the_estimate_page_for_every_reader(est, who):
    html = page(login(getattr(est.cast, who)), url("detail", est.e))
    tree = doc(html)
    assert est.e.title in html and "Tổng mức đầu tư, dự toán dự án (NĐ 73/2019, TT 04/2020)" in html
    groups = texts(tree, '//tr[contains(@class,"est-group")]/th')
    assert groups[0].startswith("I. Chi phí xây lắp") and groups[1].startswith("II. Chi phí thiết bị")
    assert any(t.startswith("VI. Chi phí dự phòng") for t in groups)
    # the flags stand under the line they concern
    server = tree.xpath('//tr[contains(@class,"est-line")][td[2][contains(., "Máy chủ ứng dụng")]]')[0]
    under = tree.xpath(f'//tr[@data-under="{server.get("data-line")}"]')[0]
    assert under.xpath('.//*[@data-rule="arithmetic.line"][@data-level="error"]')
    assert under.xpath('.//*[@data-rule="market.price"][@data-level="warning"]')
    assert "650.000.000" in server.text_content()
    assert tree.xpath('//*[@data-count="error"]')[0].text_content().startswith("1 ")


@pytest.mark.parametrize("who", ["staff_b", "outsider", "outsider_staff"])
def test_other_units_and_trees_see_nothing(est, who):
    client = login(getattr(est.cast, who))
    for name in ("detail", "diff", "export_xlsx", "export_docx"):
        assert client.get(url(name, est.e)).status_code == 404, name
    assert client.post(url("submit", est.e), {"version": est.e.version}).status_code == 404


def test_market_sources_are_named_only_to_who_may_read_them(est):
    """Sở KH&CN's staff may not read Sở Y tế's estimates: "một dự toán đã duyệt khác"; the
    appraiser reads them: project code and title, with a link."""
    staff = doc(page(login(est.cast.staff_a), url("detail", est.e)))
    sources = " ".join(texts(staff, '//*[@data-testid="flag-sources"]'))
    assert "một dự toán đã duyệt khác" in sources and "Dự toán đã duyệt" not in sources
    assert "trung vị 200.000.000 đồng" in staff.text_content()
    appraiser = doc(page(login(est.cast.appraiser), url("detail", est.e)))
    sources = " ".join(texts(appraiser, '//*[@data-testid="flag-sources"]'))
    assert "Dự toán đã duyệt 1" in sources and est.projects.b.code in sources
    assert appraiser.xpath(f'//*[@data-testid="flag-sources"]//a[@href="{url("detail", est.sources[0])}"]')


def test_maker_sees_maker_actions_and_no_checker_forms(est):
    html = page(login(est.cast.staff_a), url("detail", est.e))
    assert url("preview", est.e) in html and url("line_add", est.e) in html and url("submit", est.e) in html
    assert url("review", est.e) not in html and url("conclude", est.e) not in html


def test_checker_sees_checker_forms_only_once_submitted(est):
    client = login(est.cast.appraiser)
    html = page(client, url("detail", est.e))
    assert url("review", est.e) not in html and url("preview", est.e) not in html
    services.submit(est.cast.staff_a, est.e)
    html = page(client, url("detail", est.e))
    assert url("review", est.e) in html and url("conclude", est.e) in html and url("preview", est.e) not in html
    for who in ("leader", "inspector"):
        html = page(login(getattr(est.cast, who)), url("detail", est.e))
        assert url("review", est.e) not in html and url("conclude", est.e) not in html


def test_project_page_lists_its_estimates_with_counts(est):
    html = page(login(est.cast.staff_a), reverse("projects:detail", args=[est.projects.a.pk]))
    box = doc(html).get_element_by_id("estimates")
    assert est.e.title in box.text_content() and "Lập dự toán" in box.text_content()
    assert "Đơn vị đang lập" in box.text_content()
    assert reverse("estimates:create", args=[est.projects.a.pk]) in html
    html = page(login(est.cast.leader), reverse("projects:detail", args=[est.projects.a.pk]))
    assert est.e.title in html and reverse("estimates:create", args=[est.projects.a.pk]) not in html


# ------------------------------------------------------------------ maker

def test_create_an_estimate(cast, units, projects):
    client = login(cast.head_a)
    path = reverse("estimates:create", args=[projects.a.pk])
    html = page(client, path)
    assert "Chi phí thiết bị" in html and "TT 04/2020" in html
    resp = client.post(path, {"title": ""})
    assert resp.status_code == 400 and "Chưa nhập tên dự toán" in resp.content.decode()
    resp = client.post(path, {"title": "Dự toán năm 2026"})
    e = Estimate.objects.get(title="Dự toán năm 2026")
    assert resp.status_code == 302 and resp["Location"] == url("detail", e)
    assert login(cast.leader).get(path).status_code == 403
    assert login(cast.staff_b).get(path).status_code == 404


def test_template_download_is_an_xlsx_and_recorded(est):
    resp = login(est.cast.staff_a).get(url("template", est.e))
    assert resp.status_code == 200 and resp.content.startswith(b"PK")
    assert openpyxl.load_workbook(io.BytesIO(resp.content))
    assert AuditEvent.objects.filter(verb="estimate.exported", data__document="template").exists()
    assert login(est.cast.appraiser).get(url("template", est.e)).status_code == 403


def test_preview_of_a_good_sheet_writes_nothing_then_confirm_imports(est):
    client = login(est.cast.staff_a)
    before = (EstimateVersion.objects.count(), Estimate.objects.get(pk=est.e.pk).version)
    resp = client.post(url("preview", est.e), {"version": est.e.version, "file": upload(sheet_bytes(GOOD_ROWS))})
    html = resp.content.decode()
    assert resp.status_code == 200, html
    assert (EstimateVersion.objects.count(), Estimate.objects.get(pk=est.e.pk).version) == before
    tree = doc(html)
    assert "Máy chủ ứng dụng" in html and "Chi phí khảo sát" in html
    # the survey line's amount differs from quantity × price: flagged in the preview already
    survey = tree.xpath('//tr[contains(@class,"est-line")][td[3][contains(., "khảo sát")]]')[0]
    following = survey.getnext()
    assert following.xpath('.//*[@data-rule="arithmetic.line"]')
    token = tree.xpath('//input[@name="token"]/@value')[0]
    resp = client.post(url("import", est.e), {"token": token, "version": est.e.version, "note": "Theo báo giá mới"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    e = Estimate.objects.get(pk=est.e.pk)
    assert e.current_version == 2
    v2 = e.versions.get(number=2)
    assert v2.source == "import" and v2.lines.count() == 5 and v2.note == "Theo báo giá mới"
    html = page(client, url("detail", e))
    assert 'data-rule="arithmetic.line"' in html and "Chi phí khảo sát" in html
    # the same preview cannot be confirmed twice
    resp = client.post(url("import", est.e), {"token": token, "version": e.version})
    assert resp.status_code == 302 and Estimate.objects.get(pk=e.pk).current_version == 2


def test_broken_sheet_shows_row_errors_and_writes_nothing(est):
    client = login(est.cast.staff_a)
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = "hai trăm triệu"
    before = EstimateVersion.objects.count()
    resp = client.post(url("preview", est.e), {"version": est.e.version, "file": upload(sheet_bytes(rows))})
    assert resp.status_code == 400
    tree = doc(resp.content.decode())
    errors = tree.xpath('//table[@data-testid="row-errors"]/tbody/tr')
    assert errors and errors[0].xpath("./td")[0].text_content().strip() == "5"
    assert not tree.xpath('//input[@name="token"]')
    assert EstimateVersion.objects.count() == before


def test_a_file_that_is_not_xlsx_is_refused_on_the_page(est):
    resp = login(est.cast.staff_a).post(url("preview", est.e), {"version": est.e.version,
                                                                "file": upload(b"not a workbook")})
    assert resp.status_code == 400 and "không phải là tệp Excel" in resp.content.decode()


def test_add_and_correct_a_line_makes_new_versions_keeping_evidence(est):
    client = login(est.cast.staff_a)
    e = est.e
    firewall = e.versions.get().lines.get(name="Thiết bị tường lửa")
    resp = client.post(url("evidence_add", e, line_id=firewall.pk),
                       {"line": firewall.pk, "file": SimpleUploadedFile("bao-gia.pdf", PDF)})
    assert resp.status_code == 302
    server = e.versions.get().lines.get(name="Máy chủ ứng dụng")
    html = page(client, url("line_edit", e, line_id=server.pk))
    assert "600.000.000" not in html and "650.000.000" in html
    resp = client.post(url("line_edit", e, line_id=server.pk), {
        "version": Estimate.objects.get(pk=e.pk).version, "group_code": "tb", "name": "Máy chủ ứng dụng",
        "unit": "bộ", "quantity": "2", "unit_price": "300.000.000", "amount": "", "vat_rate": "10", "basis": "quote"})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    e.refresh_from_db()
    v2 = e.versions.get(number=2)
    assert v2.lines.get(name="Máy chủ ứng dụng").amount == 600_000_000
    assert v2.lines.get(name="Thiết bị tường lửa").evidence_name == "bao-gia.pdf"
    assert not v2.flags.filter(rule="arithmetic.line").exists()
    resp = client.post(url("line_add", e), {
        "version": e.version, "group_code": "tv", "name": "Chi phí khảo sát", "amount": "20.000.000"})
    assert resp.status_code == 302
    e.refresh_from_db()
    assert e.current_version == 3 and e.versions.get(number=3).lines.count() == 5
    # the evidence can be downloaded by a reader, not by another unit
    firewall3 = e.versions.get(number=3).lines.get(name="Thiết bị tường lửa")
    assert login(est.cast.appraiser).get(url("evidence", e, line_id=firewall3.pk)).status_code == 200
    assert login(est.cast.staff_b).get(url("evidence", e, line_id=firewall3.pk)).status_code == 404
    # the diff between 1 and 3
    html = page(client, url("diff", e) + "?tu=1&den=3")
    tree = doc(html)
    kinds = tree.xpath('//table[@data-testid="changes"]/tbody/tr/@data-kind')
    assert sorted(kinds) == ["added", "changed"]
    server_row = tree.xpath('//table[@data-testid="changes"]/tbody/tr[@data-kind="changed"]')[0]
    assert "300.000.000" in server_row.text_content() and "715.000.000 → 660.000.000" in server_row.text_content()


def test_a_stale_form_is_a_conflict_with_typed_input_kept(est):
    client = login(est.cast.staff_a)
    stale = est.e.version
    services.save_version(est.cast.staff_a, Estimate.objects.get(pk=est.e.pk), lines())
    resp = client.post(url("line_add", est.e), {"version": stale, "group_code": "tv", "name": "Chi phí khảo sát xyz",
                                               "amount": "20.000.000"})
    assert resp.status_code == 409
    html = resp.content.decode()
    assert "người khác cập nhật" in html and "Chi phí khảo sát xyz" in html
    assert Estimate.objects.get(pk=est.e.pk).current_version == 2


def test_a_bad_line_is_refused_in_vietnamese(est):
    resp = login(est.cast.staff_a).post(url("line_add", est.e), {
        "version": est.e.version, "group_code": "tb", "name": "Máy quét", "quantity": "hai", "unit_price": "1.000"})
    assert resp.status_code == 400 and "Khối lượng phải là số" in resp.content.decode()
    assert Estimate.objects.get(pk=est.e.pk).current_version == 1


def test_submit_then_the_maker_can_no_longer_change(est):
    client = login(est.cast.staff_a)
    resp = client.post(url("submit", est.e), {"version": est.e.version})
    assert resp.status_code == 302
    e = Estimate.objects.get(pk=est.e.pk)
    assert e.status == Status.SUBMITTED
    html = page(client, url("detail", e))
    assert url("preview", e) not in html and "đang chờ kiểm tra" in html
    resp = client.post(url("line_add", e), {"version": e.version, "group_code": "tv", "name": "Khảo sát",
                                            "amount": "1.000"})
    assert resp.status_code == 400 and "chờ kiểm tra" in resp.content.decode()


# ------------------------------------------------------------------ checker

def test_checker_reviews_lines_with_typed_money_and_concludes(est):
    services.submit(est.cast.staff_a, est.e)
    e = Estimate.objects.get(pk=est.e.pk)
    server = e.versions.get().lines.get(name="Máy chủ ứng dụng")
    client = login(est.cast.appraiser)
    resp = client.post(url("review", e), {"line": server.pk, "text": "Đơn giá cao hơn giá đã duyệt.",
                                          "checked_amount": "400.000.000"})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#line-{server.pk}")
    html = page(client, url("detail", e))
    tree = doc(html)
    under = tree.xpath(f'//tr[@data-under="{server.pk}"]')[0]
    assert "Đơn giá cao hơn giá đã duyệt." in under.text_content() and "400.000.000" in under.text_content()
    # 400 triệu accepted + 10 % VAT
    row = tree.xpath(f'//tr[@id="line-{server.pk}"]')[0]
    assert "440.000.000" in row.xpath('.//*[@data-testid="accepted"]')[0].text_content()
    resp = client.post(url("review", e), {"line": server.pk, "text": "", "checked_amount": "abc"})
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "Số tiền phải là số nguyên đồng" in body and "Chưa nhập ý kiến" in body
    resp = client.post(url("conclude", e), {"version": e.version, "conclusion": "adjust",
                                            "text": "Điều chỉnh đơn giá máy chủ."})
    assert resp.status_code == 302
    e.refresh_from_db()
    assert e.conclusion == Conclusion.ADJUST and e.checked_total == e.versions.get().total - 250_000_000 - 25_000_000


def test_the_maker_cannot_check_and_a_preparer_gets_the_maker_checker_message(est):
    services.submit(est.cast.staff_a, est.e)
    e = Estimate.objects.get(pk=est.e.pk)
    assert login(est.cast.staff_a).post(url("conclude", e), {"version": e.version, "conclusion": "suitable",
                                                               "text": "Tự kiểm tra."}).status_code == 403
    # an appraiser who prepared an estimate (here: Sở Y tế's estimate concluded earlier is not theirs;
    # make one they submitted themselves)
    own = services.create_estimate(est.cast.staff_a, est.projects.a, title="Dự toán bổ sung")
    services.save_version(est.cast.staff_a, own, lines())
    own = Estimate.objects.get(pk=own.pk)
    EstimateVersion.objects.filter(estimate=own).update(created_by=est.cast.appraiser)
    services.submit(est.cast.staff_a, own)
    own.refresh_from_db()
    resp = login(est.cast.appraiser).post(url("conclude", own), {"version": own.version, "conclusion": "suitable",
                                                                   "text": "Phù hợp."})
    assert resp.status_code == 400 and "không được kiểm tra" in resp.content.decode()
    assert Estimate.objects.get(pk=own.pk).status == Status.SUBMITTED


def test_worklist_oldest_first_with_counts(est):
    services.submit(est.cast.staff_a, est.e)
    other = services.create_estimate(est.cast.staff_b, est.projects.b, title="Dự toán Sở Y tế mới")
    services.save_version(est.cast.staff_b, other, lines())
    services.submit(est.cast.staff_b, Estimate.objects.get(pk=other.pk))
    for who in ("appraiser", "supervisor"):
        tree = doc(page(login(getattr(est.cast, who)), reverse("estimates:worklist")))
        box = tree.get_element_by_id("worklist")
        rows = box.xpath(".//tbody/tr[@data-estimate]")
        assert [r.get("data-estimate") for r in rows] == [str(est.e.pk), str(other.pk)]
        assert box.xpath('.//*[@data-testid="list-total"]')[0].text_content() == "2"
        assert "1.000.000.000" not in rows[0].text_content()
    assert login(est.cast.staff_a).get(reverse("estimates:worklist")).status_code == 403
    tree = doc(page(login(est.cast.outsider), reverse("estimates:worklist")))
    assert not tree.xpath("//tbody/tr[@data-estimate]")


# ------------------------------------------------------------------ outputs

def test_excel_export_has_live_formulas_and_the_project_code(est):
    resp = login(est.cast.leader).get(url("export_xlsx", est.e))
    assert resp.status_code == 200
    code = est.projects.a.code
    assert code.replace("/", "-") in resp["Content-Disposition"] or "du-toan-" in resp["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content))
    ws = wb.active
    formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and any("SUM" in str(c.value) for c in formulas)
    assert any(c.value == "Máy chủ ứng dụng" for row in ws.iter_rows() for c in row)
    assert AuditEvent.objects.filter(verb="estimate.exported", data__document="xlsx", data__version=1).exists()


def test_word_appendix_has_requested_checked_and_difference_per_group(est):
    services.submit(est.cast.staff_a, est.e)
    e = Estimate.objects.get(pk=est.e.pk)
    server = e.versions.get().lines.get(name="Máy chủ ứng dụng")
    services.review_line(est.cast.appraiser, e, line_id=server.pk, text="Giảm theo giá đã duyệt",
                         checked_amount=400_000_000)
    services.conclude(est.cast.appraiser, Estimate.objects.get(pk=e.pk), conclusion="adjust", text="Điều chỉnh.")
    resp = login(est.cast.appraiser).get(url("export_docx", e))
    assert resp.status_code == 200
    document = Document(io.BytesIO(resp.content))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    header = next(r for r in cells if "Giá trị đề nghị" in r)
    assert header[:5] == ["STT", "Nội dung", "Giá trị đề nghị", "Giá trị sau kiểm tra", "Chênh lệch"]
    server_row = next(r for r in cells if r[1] == "Máy chủ ứng dụng")
    assert server_row[2:5] == ["715.000.000", "440.000.000", "-275.000.000"]
    assert "Giảm theo giá đã duyệt" in server_row[5]
    assert any(r[1] == "Cộng nhóm II" for r in cells) and any(r[1] == "TỔNG CỘNG" for r in cells)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PHỤ LỤC THẨM ĐỊNH DỰ TOÁN" in text and "Cần điều chỉnh theo ý kiến kiểm tra" in text
    assert "Sai:" in text and "TT 03/2020/TT-BTTTT Điều 5" in text
    assert "một dự toán đã duyệt khác" not in text   # the appraiser may read Sở Y tế's estimates
    assert AuditEvent.objects.filter(verb="estimate.exported", data__document="docx").exists()
    # the inspector of the same tree reads the sources too; Sở KH&CN's staff does not
    document = Document(io.BytesIO(login(est.cast.staff_a).get(url("export_docx", e)).content))
    assert "một dự toán đã duyệt khác" in "\n".join(p.text for p in document.paragraphs)


def ucp_post(e, **overrides):
    data = {"version": e.version, "method": "CV2589", "hourly_rate": "55.677",
            "actor_simple": "1", "actor_average": "2", "actor_complex": "3",
            **{f"uc_{c}_{k}": "2" for c in "BMT" for k in ("simple", "average", "complex")},
            **{f"t{i}": "3" for i in range(1, 14)}, **{f"e{i}": "2" for i in range(1, 9)}}
    data.update(overrides)
    return data


def test_ucp_calculation_attached_from_the_page_shows_its_tables(est):
    client = login(est.cast.staff_a)
    html = page(client, url("ucp", est.e))
    tree = doc(html)
    assert len(tree.xpath('//input[starts-with(@name,"t")][not(@type="hidden")]')) == 13
    assert len(tree.xpath('//input[starts-with(@name,"e")][not(@type="hidden")]')) == 8
    resp = client.post(url("ucp", est.e), ucp_post(est.e, t3="7"))
    assert resp.status_code == 400 and "T3" in resp.content.decode()
    assert EstimateVersion.objects.get(estimate=est.e).ucp == {}
    resp = client.post(url("ucp", est.e), ucp_post(est.e))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    v = EstimateVersion.objects.get(estimate=est.e)
    assert v.ucp["method"] == "CV2589" and v.ucp["total"] > 0
    html = page(client, url("detail", est.e))
    box = doc(html).get_element_by_id("ucp")
    assert "Bảng tính điểm tác nhân (TAW)" in box.text_content() and "Bảng tính giá trị phần mềm" in box.text_content()


# ------------------------------------------------------------------ home page, nav

def test_home_page_items_count_the_rows_of_their_pages(est):
    from tests.homepage import listed, todo_item

    services.submit(est.cast.staff_a, est.e)
    draft = services.create_estimate(est.cast.staff_a, est.projects.a, title="Dự toán đang lập")
    services.save_version(est.cast.staff_a, draft, lines())
    for who, key, n in (("appraiser", "estimates.to_check", 1), ("supervisor", "estimates.to_check", 1),
                        ("staff_a", "estimates.drafting", 1), ("head_a", "estimates.drafting", 1),
                        ("staff_a", "estimates.adjust", 0), ("staff_b", "estimates.drafting", 0)):
        client = login(getattr(est.cast, who))
        count, href = todo_item(client.get("/").content.decode(), key)
        assert count == n and listed(client, href) == (n, n), (who, key)
    services.conclude(est.cast.appraiser, Estimate.objects.get(pk=est.e.pk), conclusion="adjust", text="Sửa đơn giá.")
    client = login(est.cast.staff_a)
    count, href = todo_item(client.get("/").content.decode(), "estimates.adjust")
    assert count == 1 and listed(client, href) == (1, 1)
    assert est.e.title in client.get(href).content.decode()


def test_nav_leads_checkers_to_the_worklist_and_others_to_the_list(est):
    for who, target in (("appraiser", "estimates:worklist"), ("staff_a", "estimates:list"), ("leader", "estimates:list")):
        tree = doc(page(login(getattr(est.cast, who)), "/"))
        assert tree.xpath('//a[@data-testid="nav-estimates"]/@href') == [reverse(target)], who


# ------------------------------------------------------------------ queries

def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_estimate_page_and_worklist_cost_the_same_queries_whatever_the_data(est):
    services.submit(est.cast.staff_a, est.e)
    checker, maker = login(est.cast.appraiser), login(est.cast.staff_a)
    path = url("detail", est.e)
    few = {"checker": _queries(checker, path), "maker": _queries(maker, path),
           "worklist": _queries(checker, reverse("estimates:worklist")),
           "list": _queries(maker, reverse("estimates:list"))}
    e = Estimate.objects.get(pk=est.e.pk)
    for ln in e.versions.get().lines.all():
        services.review_line(est.cast.appraiser, e, line_id=ln.pk, text="Xem lại", checked_amount=ln.amount // 2)
    services.conclude(est.cast.appraiser, Estimate.objects.get(pk=e.pk), conclusion="adjust", text="Sửa.")
    many = [line("tb", f"Thiết bị số {i}", 1_000_000 * (i + 1), quantity=1, unit_price=1_000_000 * i)
            for i in range(1, 40)]
    services.save_version(est.cast.staff_a, Estimate.objects.get(pk=e.pk), lines() + many)
    services.submit(est.cast.staff_a, Estimate.objects.get(pk=e.pk))
    for i in range(5):
        other = services.create_estimate(est.cast.staff_b, est.projects.b, title=f"Dự toán {i}")
        services.save_version(est.cast.staff_b, other, lines())
        services.submit(est.cast.staff_b, Estimate.objects.get(pk=other.pk))
    e = Estimate.objects.get(pk=e.pk)
    for ln in e.versions.get(number=e.current_version).lines.all()[:10]:
        services.review_line(est.cast.appraiser, e, line_id=ln.pk, text="Xem lại", checked_amount=ln.amount)
    assert {"checker": _queries(checker, path), "maker": _queries(maker, path),
            "worklist": _queries(checker, reverse("estimates:worklist")),
            "list": _queries(maker, reverse("estimates:list"))} == few


def test_add_appendix_appends_to_another_document(est):
    from cds.estimates.documents import add_appendix
    from cds.reports.nd30 import DocumentHeader, Nd30Document

    doc = Nd30Document(DocumentHeader(issuer="Sở Khoa học và Công nghệ", symbol="BC-SKHCN", place="Thử Nghiệm",
                                      doc_type_name="BÁO CÁO", subject="Kết quả thẩm định"))
    doc.paragraph("Nội dung báo cáo.")
    assert add_appendix(doc, est.cast.leader, est.e) is None
    document = Document(io.BytesIO(doc.to_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Phụ lục I" in text and "THẨM ĐỊNH DỰ TOÁN" in text.upper()
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert any(r[1] == "Máy chủ ứng dụng" and r[2] == "715.000.000" and r[4] == "0" for r in rows)


# ------------------------------------------------------------------ files, refusals

def test_the_imported_file_of_a_version_can_be_downloaded(est):
    client = login(est.cast.staff_a)
    data = sheet_bytes(GOOD_ROWS)
    resp = client.post(url("preview", est.e), {"version": est.e.version, "file": upload(data, "bang-du-toan.xlsx")})
    token = doc(resp.content.decode()).xpath('//input[@name="token"]/@value')[0]
    client.post(url("import", est.e), {"token": token, "version": est.e.version})
    resp = login(est.cast.appraiser).get(url("version_file", est.e, number=2))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == data
    assert "bang-du-toan.xlsx" in resp["Content-Disposition"]
    assert login(est.cast.appraiser).get(url("version_file", est.e, number=1)).status_code == 404


def test_a_fake_evidence_file_is_refused_beside_its_line(est):
    firewall = est.e.versions.get().lines.get(name="Thiết bị tường lửa")
    resp = login(est.cast.staff_a).post(url("evidence_add", est.e, line_id=firewall.pk),
                                        {"line": firewall.pk, "file": SimpleUploadedFile("bao-gia.pdf", b"MZ\x90 exe")})
    assert resp.status_code == 400
    under = doc(resp.content.decode()).xpath(f'//tr[@data-under="{firewall.pk}"]')[0]
    assert "không đúng định dạng" in under.text_content()
    assert not est.e.versions.get().lines.get(pk=firewall.pk).evidence


def test_a_preview_opened_on_a_stale_page_is_a_conflict(est):
    stale = est.e.version
    services.save_version(est.cast.staff_a, Estimate.objects.get(pk=est.e.pk), lines())
    resp = login(est.cast.staff_a).post(url("preview", est.e), {"version": stale,
                                                                "file": upload(sheet_bytes(GOOD_ROWS))})
    assert resp.status_code == 409 and "người khác cập nhật" in resp.content.decode()
