"""Import of packages from a unit's Excel sheet and the national e-procurement system's export:
what is written when the file is good, and that a file with any bad or duplicate row, a project
out of reach, a fake or oversized file changes nothing."""
from __future__ import annotations

import codecs
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.procurement import importer, services
from cds.procurement.models import ColumnMapping, Contractor, Package, SelectionPlan, Source

SHEET = ["Mã nhiệm vụ/dự án", "Tên kế hoạch lựa chọn nhà thầu", "Mã KHLCNT", "Tên gói thầu", "Lĩnh vực",
         "Giá gói thầu", "Hình thức lựa chọn nhà thầu", "Qua mạng", "Thời gian bắt đầu lựa chọn nhà thầu",
         "Mã TBMT", "Nhà thầu trúng thầu", "Mã số thuế", "Giá trúng thầu", "Số nhà thầu dự thầu",
         "Ngày phê duyệt kết quả"]
NATIONAL = ["Mã TBMT", "Mã KHLCNT", "Tên gói thầu", "Chủ đầu tư", "Lĩnh vực", "Hình thức lựa chọn nhà thầu",
            "Phương thức lựa chọn nhà thầu", "Giá gói thầu (VND)", "Giá trúng thầu (VND)", "Nhà thầu trúng thầu",
            "Mã định danh/MST", "Số nhà thầu tham dự", "Ngày phê duyệt", "Ngày đăng tải thông báo",
            "Hình thức dự thầu"]


def sheet_rows(code):
    import datetime as dt

    return [
        [code, "KHLCNT dự án đất đai", "PL2500000001", "Mua sắm máy chủ", "Hàng hóa", 1_900_000_000,
         "Đấu thầu rộng rãi", "Qua mạng", dt.datetime(2025, 3, 1), "IB2500012345-00", "Công ty TNHH Giải pháp Số",
         "0101234567", "1.750.000.000", 3, "20/04/2025"],
        [code, "KHLCNT dự án đất đai", "PL2500000001", "Thuê tư vấn giám sát", "tu van", "350.000.000",
         "Chỉ định thầu", "Không qua mạng", "2025-03-05", "", "Công ty Tư vấn Số", "0107654321", 340_000_000.0, 1,
         "10/04/2025"],
        [code, "KHLCNT bổ sung", "", "Phần mềm quản lý hồ sơ", "HÀNG HOÁ", "800.000.000",
         "Chào hàng cạnh tranh", "qua mang", "01/06/2025", "", "", "", "", "", ""],
    ]


def xlsx(rows, headers=SHEET, title_rows=0) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["BẢNG THEO DÕI GÓI THẦU"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=NATIONAL, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(f'"{c}"' for c in headers)] + [delimiter.join(f'"{c}"' for c in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def sheet(db):
    return ColumnMapping.objects.get(code="unit_sheet")


@pytest.fixture
def national(db):
    return ColumnMapping.objects.get(code="muasamcong")


def run(user, mapping, name, data, project=None):
    """Preview then apply, as the page does; the preview's result when it is refused."""
    result, kind, raw = importer.preview(user, mapping, upload(name, data), project)
    if not result.ok:
        return result
    return importer.apply(user, mapping, kind, raw, name, project)


def messages(result) -> list[str]:
    return result.messages


# ----------------------------------------------------------------- good files


def test_a_unit_sheet_imports_its_packages_plans_and_results(cast, projects, sheet):
    result = run(cast.staff_a, sheet, "goi-thau.xlsx", xlsx(sheet_rows(projects.a.code)))
    assert result.ok and (result.created, result.results, result.plans_created) == (3, 2, 2), messages(result)
    packages = {p.name: p for p in Package.objects.select_related("contractor", "plan")}
    server = packages["Mua sắm máy chủ"]
    assert (server.notice_code, server.field, server.method, server.online, server.package_price) == (
        "IB2500012345", "goods", "open", True, 1_900_000_000)
    assert (server.awarded_price, server.bidders, server.contractor.tax_code) == (1_750_000_000, 3, "0101234567")
    assert server.source == Source.SHEET and server.plan.plan_code == "PL2500000001"
    consulting = packages["Thuê tư vấn giám sát"]
    assert (consulting.field, consulting.method, consulting.online, consulting.awarded_price) == (
        "consulting", "direct", False, 340_000_000)
    assert consulting.plan_id == server.plan_id
    software = packages["Phần mềm quản lý hồ sơ"]
    assert software.awarded_price is None and software.online and software.plan.name == "KHLCNT bổ sung"
    assert Contractor.objects.count() == 2
    event = AuditEvent.objects.get(verb="procurement.packages_imported")
    assert event.data == {"file_name": "goi-thau.xlsx", "count": 3, "mapping": "unit_sheet"}


def test_the_warnings_are_rebuilt_once_for_the_units_concerned(cast, projects, sheet, monkeypatch):
    calls = []
    monkeypatch.setattr("cds.procurement.signals.refresh_units", lambda ids, *a, **k: calls.append(set(ids)))
    run(cast.staff_a, sheet, "goi-thau.xlsx", xlsx(sheet_rows(projects.a.code)))
    assert calls == [{projects.a.investor_unit_id}]


def test_a_national_csv_with_bom_and_semicolons_imports_into_the_chosen_project(cast, projects, national):
    rows = [["IB2500099999-00", "PL2500000077", "Mua sắm thiết bị mạng", "Sở KH&CN", "Hàng hóa",
             "Chào hàng cạnh tranh", "Một giai đoạn một túi hồ sơ", "1.234.567.000", "1.200.000.000",
             "Công ty Cổ phần Mạng", "0312345678", "2", "20/04/2025", "01/03/2025 08:30", "Qua mạng"]]
    data = csv_bytes(rows)
    assert data.startswith(codecs.BOM_UTF8)
    result = run(cast.staff_a, national, "ketqua.csv", data, projects.a)
    assert result.ok, messages(result)
    package = Package.objects.get()
    assert (package.project, package.notice_code, package.method, package.mode, package.online) == (
        projects.a, "IB2500099999", "competitive", "1s1e", True)
    assert (package.package_price, package.awarded_price, package.bidders, package.source) == (
        1_234_567_000, 1_200_000_000, 2, Source.NATIONAL)
    assert str(package.selection_start) == "2025-03-01" and package.plan.plan_code == "PL2500000077"


def test_excel_unicode_text_utf16_tab_delimited_is_read(cast, projects, national):
    rows = [["IB2500099998-00", "", "Thuê dịch vụ đám mây", "Sở KH&CN", "Thuê dịch vụ CNTT", "Đấu thầu rộng rãi",
             "", "500000000", "", "", "", "", "", "2025-05-02", "Qua mạng"]]
    data = csv_bytes(rows, delimiter="\t", encoding="utf-16")
    result = run(cast.staff_a, national, "ketqua.txt", data, projects.a)
    assert result.ok, messages(result)
    assert Package.objects.get().field == "it_service"


def test_a_row_goes_to_the_project_of_an_existing_plan_by_its_code(cast, projects, national):
    services.create_plan(cast.staff_a, projects.a, {"name": "KHLCNT có sẵn", "plan_code": "PL2500000055"})
    rows = [["IB2500099997-00", "PL2500000055", "Mua máy trạm", "", "Hàng hóa", "Đấu thầu rộng rãi", "",
             "900.000.000", "", "", "", "", "", "02/05/2025", "Qua mạng"]]
    result = run(cast.staff_a, national, "ketqua.csv", csv_bytes(rows))
    assert result.ok, messages(result)
    package = Package.objects.get()
    assert package.project == projects.a and package.plan.name == "KHLCNT có sẵn"
    assert SelectionPlan.objects.count() == 1


# ------------------------------------------------------------ refused files


def test_bad_rows_are_all_listed_with_their_row_and_nothing_is_written(cast, projects, sheet):
    code = projects.a.code
    rows = [
        [code, "KH", "", "Gói giá âm", "Hàng hóa", "-5.000.000", "Đấu thầu rộng rãi", "", "01/03/2025"],
        [code, "KH", "", "Gói hình thức lạ", "Hàng hóa", "5.000.000", "Đấu giá ngược", "", "01/03/2025"],
        [code, "KH", "", "Gói ngày sai", "Hàng hóa", "5.000.000", "Đấu thầu rộng rãi", "", "31/02/2025"],
        [code, "KH", "", "", "Hàng hóa", "5.000.000", "Đấu thầu rộng rãi", "", "01/03/2025"],
        [code, "KH", "", "Gói tốt", "Hàng hóa", "5.000.000", "Đấu thầu rộng rãi", "", "01/03/2025"],
    ]
    result, kind, data = importer.preview(cast.staff_a, sheet, upload("x.xlsx", xlsx(rows)))
    assert not result.ok and result.error_rows == {2, 3, 4, 5}
    text = "\n".join(messages(result))
    assert "Dòng 2, cột “Giá gói thầu”" in text and "âm" in text
    assert "Dòng 3, cột “Hình thức lựa chọn nhà thầu”: “Đấu giá ngược” không hợp lệ" in text
    assert "Dòng 4, cột “Thời gian bắt đầu lựa chọn nhà thầu”" in text
    assert "Dòng 5, cột “Tên gói thầu”" in text
    with pytest.raises(importer.ImportRejected):
        importer.apply(cast.staff_a, sheet, kind, data, "x.xlsx")
    assert not Package.objects.exists() and not SelectionPlan.objects.exists()
    event = AuditEvent.objects.filter(verb="procurement.import_rejected").latest("id")
    assert event.data["file_name"] == "x.xlsx" and event.data["errors"] >= 4 and event.data["first_errors"]


def test_one_notice_twice_in_the_file_whatever_its_version_is_refused(cast, projects, sheet):
    rows = sheet_rows(projects.a.code)
    rows[1][9] = "IB2500012345-01"
    result = run(cast.staff_a, sheet, "x.xlsx", xlsx(rows))
    assert not result.ok and any("Dòng 3" in m and "trùng mã TBMT IB2500012345 với dòng 2" in m
                                 for m in messages(result))
    assert not Package.objects.exists()


def test_a_notice_already_in_the_registry_is_refused(cast, projects, sheet):
    plan = services.create_plan(cast.staff_a, projects.a, {"name": "KH cũ"})
    services.create_package(cast.staff_a, plan, {"name": "Gói cũ", "field": "goods", "package_price": "1.000.000",
                                                 "method": "open", "selection_start": "01/01/2025",
                                                 "notice_code": "IB2500012345-01"})
    result = run(cast.staff_a, sheet, "x.xlsx", xlsx(sheet_rows(projects.a.code)))
    assert not result.ok and any("IB2500012345 đã có trong hệ thống" in m for m in messages(result))
    assert Package.objects.count() == 1


def test_the_same_file_twice_is_refused_entirely_the_second_time(cast, projects, sheet):
    data = xlsx(sheet_rows(projects.a.code))
    assert run(cast.staff_a, sheet, "x.xlsx", data).ok
    again = run(cast.staff_a, sheet, "x.xlsx", data)
    assert not again.ok and again.error_rows == {2, 3, 4}
    assert Package.objects.count() == 3 and SelectionPlan.objects.count() == 2


@pytest.mark.parametrize("target", ["b", "bo"])
def test_a_project_out_of_reach_reads_like_one_that_does_not_exist(cast, projects, sheet, target):
    other = getattr(projects, target).code
    rows = [r[:] for r in sheet_rows(other)[:1]] + [["ZZ-0000-9999"] + sheet_rows("")[2][1:]]
    result = run(cast.staff_a, sheet, "x.xlsx", xlsx(rows))
    out_of_reach, missing = (next(m for m in messages(result) if m.startswith(f"Dòng {n}")) for n in (2, 3))
    assert out_of_reach.replace(other, "?")[7:] == missing.replace("ZZ-0000-9999", "?")[7:]
    assert "không tìm thấy nhiệm vụ/dự án" in missing and not Package.objects.exists()


def test_a_row_with_no_project_at_all_is_an_error(cast, projects, national):
    rows = [["IB2500099997-00", "PL2500000056", "Mua máy trạm", "", "Hàng hóa", "Đấu thầu rộng rãi", "",
             "900.000.000", "", "", "", "", "", "02/05/2025", "Qua mạng"]]
    result = run(cast.staff_a, national, "ketqua.csv", csv_bytes(rows))
    assert not result.ok and importer.NO_PROJECT in messages(result)[0]


def test_a_file_that_is_not_what_its_name_says_is_refused(cast, sheet, national):
    result, _kind, data = importer.preview(cast.staff_a, sheet, upload("goi.xlsx", b"%PDF-1.4 not a workbook"))
    assert data is None and "không phải là tệp Excel" in messages(result)[0]
    zipped = xlsx([])
    result, _kind, data = importer.preview(cast.staff_a, national, upload("ketqua.csv", zipped))
    assert data is None and "không phải là văn bản CSV" in messages(result)[0]
    result, _kind, data = importer.preview(cast.staff_a, national, upload("ketqua.csv", "Tên gói;Giá".encode("cp1258")))
    assert data is None and "UTF-8 hoặc UTF-16" in messages(result)[0]
    result, _kind, data = importer.preview(cast.staff_a, national, upload("ketqua.pdf", b"%PDF-1.4"))
    assert data is None and ".xlsx hoặc tệp .csv" in messages(result)[0]
    assert not Package.objects.exists()
    assert AuditEvent.objects.filter(verb="procurement.import_rejected").count() == 4


def test_a_file_over_the_size_limit_is_refused_before_reading(cast, projects, sheet, settings):
    data = xlsx(sheet_rows(projects.a.code))
    settings.MAX_IMPORT_BYTES = len(data) - 1
    result, _kind, raw = importer.preview(cast.staff_a, sheet, upload("x.xlsx", data))
    assert raw is None and "Tệp quá lớn" in messages(result)[0]


def test_more_rows_than_the_limit_refuse_the_file(cast, projects, national, monkeypatch):
    monkeypatch.setattr("cds.procurement.importer.reading.MAX_ROWS", 2)
    rows = [[f"IB250009999{i}-00", "", f"Gói {i}", "", "Hàng hóa", "Đấu thầu rộng rãi", "", "900.000.000", "", "",
             "", "", "", "02/05/2025", "Qua mạng"] for i in range(3)]
    result = run(cast.staff_a, national, "ketqua.csv", csv_bytes(rows), projects.a)
    assert not result.ok and "hơn 2 gói thầu" in messages(result)[0]


@pytest.mark.parametrize("blank", [200_000, 50_000])
def test_a_sheet_of_blank_rows_after_the_data_is_refused_or_skipped_fast(cast, projects, sheet, blank):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(SHEET)
    for row in sheet_rows(projects.a.code):
        ws.append(row)
    for _ in range(blank):
        ws.append([None, ""])
    out = io.BytesIO()
    wb.save(out)
    started = time.monotonic()
    result = run(cast.staff_a, sheet, "blank.xlsx", out.getvalue())
    assert time.monotonic() - started < 3
    if blank > 100_000:   # more rows than any sheet may hold: refused before the sheet is opened
        assert not result.ok and "xóa các dòng thừa" in messages(result)[0] and not Package.objects.exists()
    else:                 # reading stops after a run of blank rows
        assert result.ok and Package.objects.count() == 3 and "dòng trống liên tiếp" in result.warnings[0]


def test_a_failure_while_writing_leaves_nothing_behind(cast, projects, sheet, monkeypatch):
    real = services.record_result
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the process is killed")
        return real(*args, **kwargs)

    result, kind, data = importer.preview(cast.staff_a, sheet, upload("x.xlsx", xlsx(sheet_rows(projects.a.code))))
    assert result.ok
    calls.clear()
    monkeypatch.setattr(services, "record_result", failing)
    with pytest.raises(RuntimeError):
        importer.apply(cast.staff_a, sheet, kind, data, "x.xlsx")
    assert not Package.objects.exists() and not SelectionPlan.objects.exists() and not Contractor.objects.exists()


def test_an_administrator_adds_a_mapping_for_new_columns(cast, projects):
    mapping = ColumnMapping.objects.create(code="ubnd_huyen", name="Bảng của huyện", source="sheet", columns={
        "Tên gói": "name", "Loại": "field", "Giá (đồng)": "package_price", "Hình thức": "method",
        "Ngày bắt đầu": "selection_start", "Dự án": "project_code"})
    data = xlsx([[" mua  MÁY in ", "Hàng hóa", 50_000_000, "Chỉ định thầu rút gọn", "01/07/2025", projects.a.code]],
                headers=["TEN GOI", "loai", "Giá", "Hinh thuc", "Ngày bắt  đầu", "Dự án"], title_rows=2)
    result = run(cast.staff_a, mapping, "huyen.xlsx", data)
    assert result.ok, messages(result)
    assert Package.objects.get().method == "direct_short"


# ---------------------------------------------------------------- the pages and the command


def test_the_pages_upload_preview_and_confirm(cast, projects, sheet, as_user):
    client = as_user(cast.staff_a)
    page = client.get(reverse("procurement:import"))
    assert page.status_code == 200 and projects.a.code in page.content.decode()
    assert projects.b.code not in page.content.decode()
    response = client.post(reverse("procurement:import"), {
        "mapping": sheet.pk, "project": "", "file": upload("x.xlsx", xlsx(sheet_rows(projects.a.code)))})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200 and "Mua sắm máy chủ" in preview.content.decode()
    assert not Package.objects.exists()
    done = client.post(response.url)
    assert done.status_code == 302 and Package.objects.count() == 3
    assert client.post(response.url).status_code == 302 and Package.objects.count() == 3   # once only


def test_the_page_shows_every_error_and_no_confirmation(cast, projects, sheet, as_user):
    client = as_user(cast.staff_a)
    rows = sheet_rows(projects.a.code)
    rows[0][5] = "-1"
    response = client.post(reverse("procurement:import"), {"mapping": sheet.pk, "file": upload("x.xlsx", xlsx(rows))})
    body = response.content.decode()
    assert response.status_code == 400 and "Dòng 2" in body and "confirm-import" not in body


def test_the_form_refuses_a_project_out_of_reach(cast, projects, sheet, as_user):
    client = as_user(cast.staff_a)
    response = client.post(reverse("procurement:import"), {
        "mapping": sheet.pk, "project": projects.bo.pk, "file": upload("x.xlsx", xlsx(sheet_rows("")))})
    assert response.status_code == 400 and not Package.objects.exists()


def test_the_template_has_the_unit_sheet_headers_and_an_example_row(cast, sheet, as_user):
    from openpyxl import load_workbook

    response = as_user(cast.staff_a).get(reverse("procurement:import_template"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[1]] == list(sheet.columns)
    assert ws.cell(row=2, column=list(sheet.columns.values()).index("name") + 1).value == importer.columns.EXAMPLE_NAME


def test_the_template_example_row_is_not_imported(cast, projects, sheet):
    result = run(cast.staff_a, sheet, "mau.xlsx", importer.build_template())
    assert not result.ok and any("dòng ví dụ" in m for m in messages(result))


def test_the_command_imports_and_refuses_a_bad_file_whole(cast, projects, sheet, tmp_path):
    good = tmp_path / "goi.xlsx"
    good.write_bytes(xlsx(sheet_rows(projects.a.code)))
    out = io.StringIO()
    call_command("import_packages", str(good), mapping="unit_sheet", user="staff_a", stdout=out)
    assert "Đã nhập 3 gói thầu" in out.getvalue() and Package.objects.count() == 3
    with pytest.raises(CommandError, match="chưa ghi gói thầu nào"):
        call_command("import_packages", str(good), mapping="unit_sheet", user="staff_a", stderr=io.StringIO())
    fake = tmp_path / "gia.xlsx"
    fake.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command("import_packages", str(fake), mapping="unit_sheet", user="staff_a", stderr=io.StringIO())
    with pytest.raises(CommandError, match="Không tìm thấy nhiệm vụ/dự án"):
        call_command("import_packages", str(good), mapping="unit_sheet", user="staff_a", project=projects.bo.code)
    with pytest.raises(CommandError, match="ánh xạ"):
        call_command("import_packages", str(good), mapping="nope", user="staff_a")
    assert Package.objects.count() == 3


def test_nasty_cells_are_row_errors_never_a_crash(cast, projects, national):
    rows = [["IB2500099996-00", "", "Gói \u202egiả mạo", "", "Hàng hóa", "Đấu thầu rộng rãi", "", "900.000.000", "",
             "", "", "", "", "01/03/2025", "Qua mạng"],
            ["IB2500099995-00", "", "Gói hợp lệ", "", "Hàng hóa", "Đấu thầu rộng rãi", "", "1e9", "", "", "",
             "", "", "01/01/9999", "Có lẽ"],
            ["IB2500099994-00", "", "\u200b\u200b", "", "Hàng hóa", "Đấu thầu rộng rãi", "", "１２３", "", "", "",
             "", "", "01/03/2025", "Qua mạng"]]
    result = run(cast.staff_a, national, "ketqua.csv", csv_bytes(rows), projects.a)
    assert not result.ok and result.error_rows == {2, 3, 4}
    columns = {(e.row, e.column) for e in result.row_errors}
    assert {(2, "Tên gói thầu"), (3, "Giá gói thầu (VND)"), (3, "Ngày đăng tải thông báo"),
            (3, "Hình thức dự thầu")} <= columns
    assert not Package.objects.exists()
