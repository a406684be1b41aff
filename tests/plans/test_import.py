"""Import of a unit's proposals from the round's Excel sheet: the template downloaded and filled
in, the preview (nothing written), the confirmation (every proposal created through the
services, with its costs) — and files that change nothing: bad rows named by row and column, a
file that is not a workbook, an oversize file, half a million blank rows refused at once."""
import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.plans import checks, importer
from cds.plans import services as ps
from cds.plans.models import Basis, Finding, Priority, Proposal, ProposalStatus
from cds.plans.views.imports import SESSION_KEY
from cds.projects import services as project_services
from tests.conftest import login
from tests.factories import make_project, source
from tests.xlsx_raw import raw_xlsx

from .conftest import YEAR, proposal_data

pytestmark = pytest.mark.django_db

def money(code="NSDP-DT", year=YEAR):
    return importer.cost_label(year, source(code))


def template_of(client, round_) -> bytes:
    resp = client.get(reverse("plans:template", args=[round_.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == importer.XLSX_CONTENT_TYPE
    return resp.content


def fill(template: bytes, rows: list[dict]) -> bytes:
    """The template with its example row replaced by ``rows`` ({header label: value})."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb[importer.DATA_SHEET]
    headers = {str(c.value).rstrip("*"): c.column for c in ws[1] if c.value}
    ws.delete_rows(2)
    for i, row in enumerate(rows, 2):
        for label, value in row.items():
            ws.cell(row=i, column=headers[label], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def new_row(**overrides):
    row = {"STT": 1, "Tên nhiệm vụ": "Xây dựng hệ thống quản lý hồ sơ sức khỏe điện tử", "Loại đề xuất": "Mới",
           "Mục tiêu": "Mỗi người dân có hồ sơ sức khỏe điện tử.", "Vấn đề cần giải quyết": "Hồ sơ giấy.",
           "Căn cứ": "Kế hoạch chuyển đổi số năm của tỉnh", "Loại nhiệm vụ": "Thuê dịch vụ CNTT",
           "Chế độ pháp lý": "ND73_2019", "Chương trình": "KH-CDS", "Hệ thống kế thừa": "LGSP, NDXP",
           "Năm bắt đầu": YEAR, "Năm kết thúc": YEAR, "Mức ưu tiên": "Cao", money(): 1_200_000_000}
    row.update(overrides)
    return row


def upload(client, round_, data, name="de-xuat.xlsx"):
    return client.post(reverse("plans:import", args=[round_.pk]), {"file": SimpleUploadedFile(name, data)})


def confirm(client, round_, token=None):
    token = token if token is not None else client.session[importer_session()]["token"]
    return client.post(reverse("plans:import", args=[round_.pk]), {"token": token})


def importer_session():
    return SESSION_KEY


# -------------------------------------------------------------- happy path ----

def test_template_filled_previewed_and_confirmed_creates_every_proposal_with_its_costs(cast, units, plan_round):
    carried = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý bệnh viện tuyến tỉnh", start_year=YEAR - 2,
                           end_year=YEAR)
    client = login(cast.staff_b)
    template = template_of(client, plan_round)
    wb = openpyxl.load_workbook(io.BytesIO(template))
    header = [c.value for c in wb[importer.DATA_SHEET][1]]
    assert header[:4] == ["STT", "Tên nhiệm vụ*", "Loại đề xuất", "Mã nhiệm vụ/dự án"]
    assert header[-2:] == [money("NSDP-DT"), money("NSDP-TX")]
    assert wb[importer.DATA_SHEET].data_validations.dataValidation          # drop-down lists
    catalog = [c.value for c in wb[importer.CATALOG_SHEET][1]]
    assert "Mã hệ thống" in catalog and "Mã nhiệm vụ/dự án" in catalog
    assert carried.code in [c.value for c in wb[importer.CATALOG_SHEET]["J"]]   # the unit's carryable projects

    data = fill(template, [
        new_row(),
        new_row(**{"STT": 2, "Tên nhiệm vụ": "Trang bị máy chủ cho trung tâm dữ liệu y tế", "Loại nhiệm vụ": "Mua sắm",
                   "Mức ưu tiên": 3, "Hệ thống kế thừa": None, money(): "300.000.000",
                   money("NSDP-TX"): 50_000_000}),
        {"STT": 3, "Loại đề xuất": "Chuyển tiếp", "Mã nhiệm vụ/dự án": carried.code, money("NSDP-TX"): 700_000_000},
    ])
    resp = upload(client, plan_round, data)
    assert resp.status_code == 200, importer.check(cast.staff_b, plan_round, data).messages
    page = resp.content.decode()
    assert "Xác nhận nhập" in page and "2.250.000.000" in page            # the total of the three rows
    assert not Proposal.objects.exists()                                   # a preview writes nothing
    assert not AuditEvent.objects.filter(verb="plan.proposal_created").exists()

    resp = confirm(client, plan_round)
    assert resp.status_code == 302 and resp["Location"] == reverse("plans:round", args=[plan_round.pk])
    got = {p.name: p for p in Proposal.objects.filter(round=plan_round).prefetch_related("costs", "systems")}
    assert len(got) == 3
    first = got["Xây dựng hệ thống quản lý hồ sơ sức khỏe điện tử"]
    assert first.unit == units.syt and first.status == ProposalStatus.DRAFT and first.prepared_by == cast.staff_b
    assert first.kind == "rental" and first.priority == Priority.HIGH and first.total == 1_200_000_000
    assert {s.code for s in first.systems.all()} == {"LGSP", "NDXP"} and first.programme.code == "KH-CDS"
    second = got["Trang bị máy chủ cho trung tâm dữ liệu y tế"]
    assert {(c.funding_source.code, c.amount) for c in second.costs.all()} == {
        ("NSDP-DT", 300_000_000), ("NSDP-TX", 50_000_000)}
    assert second.priority == Priority.LOW and second.total == 350_000_000
    third = got[carried.name]
    assert third.basis == Basis.CARRIED and third.project == carried and third.total == 700_000_000
    assert AuditEvent.objects.filter(verb="plan.proposal_created").count() == 3
    event = AuditEvent.objects.get(verb="plan.proposals_imported")
    assert event.data["count"] == 3 and event.data["total"] == 2_250_000_000
    # The preview cannot be confirmed twice.
    assert confirm(client, plan_round, token="x" * 43).status_code == 302
    assert Proposal.objects.count() == 3


def test_a_carried_over_row_takes_what_the_registry_knows(cast, units, plan_round):
    """Blank cells of a carried-over row come from the registry: its name, kind, regime and what
    remains to be funded (on the round's first year and the project's first funding source)."""
    carried = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý bệnh viện tuyến tỉnh", kind="recurrent")
    project_services.record_budget_entry(cast.staff_b, carried, {
        "stage": "estimate", "amount": 900_000_000, "year": YEAR - 1, "funding_source": source()})
    carried.refresh_from_db()
    data = fill(template_of(login(cast.staff_b), plan_round), [
        {"Loại đề xuất": "Chuyển tiếp", "Mã nhiệm vụ/dự án": carried.code.lower()}])
    result = importer.parse(cast.staff_b, plan_round, data)
    assert result.ok, result.messages
    [row] = result.rows
    assert row.name == carried.name and row.basis == Basis.CARRIED and row.project_code == carried.code
    assert row.data["kind"] == "recurrent" and row.data["unit"] == units.syt
    assert [(y, s.code, a) for y, s, a in row.costs] == [(YEAR, "NSDP-DT", 900_000_000)]


def test_what_changed_since_the_preview_is_caught_at_confirmation(cast, plan_round):
    """The confirmation reads the file again: a proposal of the same name sent meanwhile (from
    the proposal page, by a colleague) refuses the whole file, nothing is created."""
    client = login(cast.staff_b)
    data = fill(template_of(client, plan_round), [new_row(), new_row(**{"Tên nhiệm vụ": "Nhiệm vụ thứ hai"})])
    assert upload(client, plan_round, data).status_code == 200
    ps.create_proposal(cast.head_b, plan_round, proposal_data(name="Nhiệm vụ thứ hai"))
    resp = confirm(client, plan_round)
    assert resp.status_code == 400 and "Khi kiểm tra lại lúc xác nhận" in resp.content.decode()
    assert "Dòng 3" in resp.content.decode()
    assert list(Proposal.objects.values_list("name", flat=True)) == ["Nhiệm vụ thứ hai"]
    assert not AuditEvent.objects.filter(verb="plan.proposals_imported").exists()


def test_the_preview_shows_what_the_checks_find_before_anything_is_kept(cast, plan_round, monkeypatch):
    """Each row goes through the checks of the proposal page: their warnings are shown with the
    row before the unit confirms (and rolled back with the preview)."""
    def refresh(proposal, actor):
        Finding.objects.create(proposal=proposal, code="overlap", message="Có thể trùng với đề xuất của đơn vị khác trong đợt.")
        Proposal.objects.filter(pk=proposal.pk).update(warnings=1)
        proposal.warnings = 1

    monkeypatch.setattr(checks, "refresh", refresh)
    client = login(cast.staff_b)
    resp = upload(client, plan_round, fill(template_of(client, plan_round), [new_row()]))
    assert resp.status_code == 200 and "Có thể trùng với đề xuất của đơn vị khác trong đợt." in resp.content.decode()
    assert not Finding.objects.exists() and not Proposal.objects.exists()


# ---------------------------------------------------------------- bad rows ----

def test_bad_rows_change_nothing_and_each_error_is_named_by_row_and_column(cast, units, projects, plan_round):
    client = login(cast.staff_b)
    data = fill(template_of(client, plan_round), [
        new_row(),                                                                      # row 2 fine
        new_row(**{"Tên nhiệm vụ": "Nhiệm vụ loại lạ", "Loại nhiệm vụ": "Nghiên cứu"}),  # row 3
        new_row(**{"Tên nhiệm vụ": "Tiền có phần thập phân", money(): "1,5"}),           # row 4
        new_row(**{"Tên nhiệm vụ": "Tiền âm", money(): -5}),                             # row 5
        new_row(**{"Tên nhiệm vụ": "Năm ngoài đợt", "Năm bắt đầu": YEAR + 2, "Năm kết thúc": YEAR + 2}),  # row 6
        new_row(**{"Tên nhiệm vụ": "Hệ thống lạ", "Hệ thống kế thừa": "LGSP, KHONG-CO"}),  # row 7
        {"Loại đề xuất": "Chuyển tiếp", "Mã nhiệm vụ/dự án": projects.a.code, money(): 1},  # row 8: unit A's
        {"Loại đề xuất": "Chuyển tiếp", "Mã nhiệm vụ/dự án": projects.bo.code, money(): 1},  # row 9: other tree
        new_row(),                                                                      # row 10: row 2 again
    ])
    resp = upload(client, plan_round, data)
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "Xác nhận nhập" not in page
    result = importer.parse(cast.staff_b, plan_round, data)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "loại “Nghiên cứu” không hợp lệ" in errors[(3, "Loại nhiệm vụ")]
    assert "phần thập phân" in errors[(4, money())]
    assert "không được âm" in errors[(5, money())]
    assert f"năm {YEAR + 2} không thuộc thời kỳ {YEAR}" in errors[(6, "Năm bắt đầu")]
    assert "KHONG-CO" in errors[(7, "Hệ thống kế thừa")]
    assert f"không tìm thấy nhiệm vụ/dự án mã “{projects.a.code}”" in errors[(8, "Mã nhiệm vụ/dự án")]
    assert f"không tìm thấy nhiệm vụ/dự án mã “{projects.bo.code}”" in errors[(9, "Mã nhiệm vụ/dự án")]
    assert "trùng tên với dòng 2" in errors[(10, "Tên nhiệm vụ")]
    for row in (3, 4, 5, 6, 7, 8, 9, 10):
        assert f"Dòng {row}" in page
    assert "Hệ thống lạ" not in {r.name for r in result.rows} and not Proposal.objects.exists()
    assert "projects.bo" not in page and projects.bo.name not in page   # nothing of the other tree is echoed
    event = AuditEvent.objects.get(verb="plan.import_rejected")
    assert event.data["errors"] == 8


def test_a_row_the_service_refuses_fails_the_whole_file(cast, units, plan_round):
    """The rules of the proposal page hold for every row: a refusal by the service (here: a
    carried-over task already proposed in the round) is reported with its row, nothing kept."""
    carried = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý bệnh viện tuyến tỉnh")
    ps.carry_over(cast.staff_b, plan_round, carried)
    client = login(cast.staff_b)
    data = fill(template_of(client, plan_round), [
        new_row(), {"Loại đề xuất": "Chuyển tiếp", "Mã nhiệm vụ/dự án": carried.code, money(): 5}])
    resp = upload(client, plan_round, data)
    assert resp.status_code == 400 and "Dòng 3" in resp.content.decode()
    assert "đã có đề xuất" in resp.content.decode()
    assert Proposal.objects.count() == 1


def test_a_file_sent_twice_is_refused_the_second_time(cast, plan_round):
    client = login(cast.staff_b)
    data = fill(template_of(client, plan_round), [new_row()])
    upload(client, plan_round, data)
    assert confirm(client, plan_round).status_code == 302
    resp = upload(client, plan_round, data)
    assert resp.status_code == 400 and "cùng tên trong đợt này" in resp.content.decode()
    assert Proposal.objects.count() == 1


# -------------------------------------------------------------- bad files ----

def test_a_file_that_is_not_a_workbook_is_refused_whatever_its_name(cast, plan_round):
    client = login(cast.staff_b)
    resp = upload(client, plan_round, b"%PDF-1.4 not a spreadsheet", name="de-xuat.xlsx")
    assert resp.status_code == 400 and "không phải là tệp Excel .xlsx" in resp.content.decode()
    resp = upload(client, plan_round, fill(template_of(client, plan_round), [new_row()]), name="de-xuat.csv")
    assert resp.status_code == 400 and "Chỉ nhận tệp Excel .xlsx" in resp.content.decode()
    assert not Proposal.objects.exists() and AuditEvent.objects.filter(verb="plan.import_rejected").count() == 2


def test_an_oversize_file_is_refused_before_it_is_read(cast, plan_round, settings):
    settings.MAX_IMPORT_BYTES = 1000
    client = login(cast.staff_b)
    resp = upload(client, plan_round, fill(template_of(client, plan_round), [new_row()]))
    assert resp.status_code == 400 and "Tệp quá lớn" in resp.content.decode()
    assert not Proposal.objects.exists()


def test_half_a_million_blank_rows_are_refused_at_once(cast, plan_round, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    headers = ["Tên nhiệm vụ", "Loại nhiệm vụ", "Chế độ pháp lý", "Năm bắt đầu", money()]
    data = raw_xlsx([headers, ["Đề xuất thật", "Mua sắm", "ND73_2019", YEAR, 1000]], blank_rows=500_000,
                    title=importer.DATA_SHEET)
    client = login(cast.staff_b)
    assert upload(client, plan_round, b"PK\x03\x04 not a workbook").status_code == 400   # warm up
    started = time.perf_counter()
    resp = upload(client, plan_round, data)
    elapsed = time.perf_counter() - started
    assert resp.status_code == 400 and "kể cả dòng trống" in resp.content.decode()
    assert elapsed < 1.5, f"refused after {elapsed:.2f} s"
    assert not Proposal.objects.exists() and importer_session() not in client.session


def test_blank_rows_below_the_data_stop_the_reading(cast, plan_round):
    headers = ["Tên nhiệm vụ", "Loại nhiệm vụ", "Chế độ pháp lý", "Năm bắt đầu", money()]
    data = raw_xlsx([headers, ["Đề xuất thật", "Mua sắm", "ND73_2019", YEAR, 1000]] + [[None]] * 250
                    + [["Đề xuất sau dòng trống", "Mua sắm", "ND73_2019", YEAR, 1000]], title=importer.DATA_SHEET)
    result = importer.parse(cast.staff_b, plan_round, data)
    assert result.ok and [r.name for r in result.rows] == ["Đề xuất thật"] and "dòng trống" in result.warnings[0]


def test_money_columns_outside_the_round_are_refused(cast, plan_round):
    headers = ["Tên nhiệm vụ", "Loại nhiệm vụ", "Chế độ pháp lý", "Năm bắt đầu", money(year=YEAR + 3),
               money("NSTW-DT")]
    data = raw_xlsx([headers, ["Đề xuất", "Mua sắm", "ND73_2019", YEAR, 1000, 1000]], title=importer.DATA_SHEET)
    result = importer.parse(cast.staff_b, plan_round, data)
    assert any(f"năm {YEAR + 3} không thuộc thời kỳ" in m for m in result.messages)
    assert any("không có hạn mức nguồn" in m for m in result.messages)


# ------------------------------------------------------------------ access ----

def test_only_a_unit_of_an_open_round_imports(cast, units, plan_round):
    assert login(cast.appraiser).get(reverse("plans:import", args=[plan_round.pk])).status_code == 403
    assert login(cast.outsider_staff).get(reverse("plans:template", args=[plan_round.pk])).status_code == 404
    page = login(cast.staff_a).get(reverse("plans:import", args=[plan_round.pk]))
    assert page.status_code == 200 and "Chọn tệp" in page.content.decode() and "Sở Khoa học và Công nghệ" in \
        page.content.decode()
    ps.start_review(cast.appraiser, plan_round)
    resp = login(cast.staff_b).get(reverse("plans:template", args=[plan_round.pk]))
    assert resp.status_code == 403 and "không còn nhận đề xuất mới" in resp.content.decode()
