"""The inventory import: the template filled in and uploaded comes back as systems, data
holdings, costs and integrations after preview and confirmation; any refused row writes nothing
and is named by sheet, row and column; a unit registers only its own systems; limits hold
before the work; a file is judged by its content."""
import io
import re
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.systems import importer
from cds.systems.models import DataHolding, InformationSystem, Integration, SystemCost
from tests.conftest import login
from tests.xlsx_raw import raw_xlsx

SYSTEM_HEADERS = [c.label for c in importer.SYSTEM_COLUMNS]
LINK_HEADERS = [c.label for c in importer.LINK_COLUMNS]


def system_row(**values):
    return [values.get(c.key) for c in importer.SYSTEM_COLUMNS]


def link_row(**values):
    return [values.get(c.key) for c in importer.LINK_COLUMNS]


def fill(template: bytes, systems=(), links=()) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    for sheet, rows in ((importer.SYSTEMS_SHEET, systems), (importer.LINKS_SHEET, links)):
        ws = wb[sheet]
        for i, row in enumerate(rows, 2):
            for j, value in enumerate(row, 1):
                ws.cell(row=i, column=j, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, data, name="danh-muc-he-thong.xlsx"):
    return client.post(reverse("systems:import"), {"file": SimpleUploadedFile(name, data)})


def confirm(client):
    token = client.session["systems_import"]["token"]
    return client.post(reverse("systems:import_confirm"), {"token": token})


ROWS = [
    system_row(name="Cổng dịch vụ công của tỉnh", aliases="Cổng DVC; DVC tỉnh", category="Hệ thống lõi, dùng chung của tỉnh/bộ",
               owner_unit="SKHCN", operating_unit="Sở Y tế", user_groups="Người dân, doanh nghiệp", user_count=120000,
               lifecycle="Vận hành", operate_on="15/03/2022", criticality="Trọng yếu", functional_fit=4, technical_fit=3,
               hosting="TTDL tỉnh", security_level=3, security_decision="123/QĐ-SKHCN", vendor="VNPT",
               contract="HĐ 01/2022", operating_cost="1.250.000.000", development_cost=300_000_000, cost_year=2025,
               data="Dân cư (dùng chung mặc định); DATDAI (mở)", description="Tiếp nhận hồ sơ trực tuyến."),
    system_row(name="Phần mềm một cửa điện tử", category="sector", owner_unit="Sở KH&CN",
               core_system="Cổng dịch vụ công của tỉnh", lifecycle="Triển khai"),
]


def test_template_round_trip_preview_and_confirm(cast, units, systems):
    client = login(cast.appraiser)
    resp = client.get(reverse("systems:import_template"))
    assert resp.status_code == 200 and resp["Content-Type"] == importer.XLSX_CONTENT_TYPE
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames[:2] == ["Hệ thống", "Kết nối"]
    assert wb["Hệ thống"]["B1"].value == "Tên hệ thống*" and wb["Hệ thống"]["B1"].comment is not None
    assert any("Danh mục" in (dv.formula1 or "") for dv in wb["Hệ thống"].data_validations.dataValidation)
    links = [link_row(source="Phần mềm một cửa điện tử", target="Cổng dịch vụ công của tỉnh", both_ways="Có",
                      mechanism="Kết nối trực tiếp (điểm – điểm)", since="01/06/2023", entities="Dân cư"),
             link_row(source="Cổng dịch vụ công của tỉnh", target=systems.lgsp.code, status="Đang hoạt động")]
    data = fill(resp.content, ROWS, links)
    before = InformationSystem.objects.count()

    resp = upload(client, data)
    body = resp.content.decode()
    assert resp.status_code == 200, body
    assert "Cổng dịch vụ công của tỉnh" in body and 'data-testid="confirm-import"' in body
    assert InformationSystem.objects.count() == before  # the preview wrote nothing

    resp = confirm(client)
    assert resp.status_code == 302
    portal = InformationSystem.objects.get(name="Cổng dịch vụ công của tỉnh")
    assert portal.owner_unit == units.skhcn and portal.operating_unit == units.syt and portal.category == "core"
    assert portal.alias_list == ["Cổng DVC", "DVC tỉnh"] and portal.user_count == 120000
    assert portal.functional_fit == 4 and portal.security_level == 3 and portal.hosting == "province_dc"
    assert str(portal.operate_on) == "2022-03-15"
    one_stop = InformationSystem.objects.get(name="Phần mềm một cửa điện tử")
    assert one_stop.core_system == portal and one_stop.lifecycle == "build"
    assert {(h.entity.code, h.sharing) for h in DataHolding.objects.filter(system=portal)} == {
        ("DANCU", "default"), ("DATDAI", "open")}
    cost = SystemCost.objects.get(system=portal)
    assert (cost.year, cost.operating_cost, cost.development_cost) == (2025, 1_250_000_000, 300_000_000)
    link = Integration.objects.get(source=one_stop, target=portal)
    assert link.both_ways and link.mechanism == "direct" and [e.code for e in link.entities.all()] == ["DANCU"]
    assert Integration.objects.filter(source=portal, target=systems.lgsp).exists()
    assert AuditEvent.objects.filter(verb="system.imported").count() == 1
    assert AuditEvent.objects.filter(verb="system.created").count() >= 2


def test_a_row_matched_by_code_updates_the_system_and_breaks_the_seal(cast, units, systems):
    from cds.systems import services

    land = services.attest(cast.head_a, systems.land, expected_version=systems.land.version)
    version = land.version
    data = fill(importer.build_template(cast.appraiser),
                [system_row(code=land.code, vendor="Viettel", functional_fit="2")])
    result = importer.apply(cast.appraiser, data, "cap-nhat.xlsx")
    assert (result.created, result.updated) == (0, 1)
    land.refresh_from_db()
    assert land.vendor == "Viettel" and land.functional_fit == 2 and land.version == version + 1
    assert land.name == "Hệ thống thông tin đất đai tỉnh"  # blank cells keep what was there
    assert land.seal_state()[0] == "broken"


def test_one_bad_row_writes_nothing_and_every_error_names_sheet_row_and_column(cast, units, systems):
    client = login(cast.appraiser)
    rows = [ROWS[0], system_row(name="Hệ thống lỗi", category="Không có loại này", owner_unit="SKHCN",
                                operating_cost="12,5"),
            system_row(name="Hệ thống không chủ quản", category="Hệ thống của đơn vị")]
    links = [link_row(source="Cổng dịch vụ công của tỉnh", target="Không tồn tại")]
    data = fill(importer.build_template(cast.appraiser), rows, links)
    before = (InformationSystem.objects.count(), Integration.objects.count())
    resp = upload(client, data)
    body = resp.content.decode()
    assert resp.status_code == 400 and 'data-testid="confirm-import"' not in body
    result = importer.check(cast.appraiser, data)
    messages = result.messages
    assert "Trang “Hệ thống”, dòng 3, cột “Loại”: “Không có loại này” không hợp lệ" in messages[0]
    assert any(m.startswith("Trang “Hệ thống”, dòng 3, cột “Chi phí vận hành năm”") for m in messages)
    assert any(m.startswith("Trang “Hệ thống”, dòng 4, cột “Đơn vị chủ quản”: bắt buộc") for m in messages)
    assert any(m.startswith("Trang “Kết nối”, dòng 2, cột “Hệ thống nhận”: không tìm thấy") for m in messages)
    assert "Dòng 3" in body and "Không có loại này" in body
    with pytest.raises(importer.ImportRejected):
        importer.apply(cast.appraiser, data)
    assert (InformationSystem.objects.count(), Integration.objects.count()) == before
    assert not AuditEvent.objects.filter(verb="system.imported").exists()


def test_a_service_refusal_found_while_writing_rolls_back_the_rows_before_it(cast, units, systems):
    """The row passes the cell checks but the service refuses it (a code taken): the rows before
    it, already tried, are not kept."""
    rows = [ROWS[0], system_row(code=systems.ministry.code + "-X", name="Hệ thống hợp lệ", category="unit",
                                owner_unit="SKHCN"),
            system_row(name="Hệ thống lõi lặp", category="sector", owner_unit="SKHCN", core_system="Hệ thống lõi lặp")]
    data = fill(importer.build_template(cast.appraiser), rows)
    before = InformationSystem.objects.count()
    with pytest.raises(importer.ImportRejected) as exc:
        importer.apply(cast.appraiser, data)
    assert "không thể phát triển từ chính nó" in str(exc.value)
    assert InformationSystem.objects.count() == before


def test_a_unit_registers_only_its_own_systems(cast, units, systems):
    client = login(cast.staff_b)  # Sở Y tế
    data = fill(importer.build_template(cast.staff_b), [
        system_row(name="Phần mềm của Sở KH&CN", category="unit", owner_unit="Sở KH&CN"),
        system_row(code=systems.land.code, vendor="Ai đó"),
        system_row(name="Phần mềm của Bộ", category="unit", owner_unit="B01-VP")])
    resp = upload(client, data)
    assert resp.status_code == 400
    messages = importer.check(cast.staff_b, data).messages
    assert "Bạn không được khai báo hệ thống cho đơn vị “Sở Khoa học và Công nghệ”" in messages[0]
    assert "cột “Mã hệ thống”" in messages[1]
    assert "không tìm thấy đơn vị “B01-VP”" in messages[2] and "Văn phòng Bộ" not in messages[2]
    assert not InformationSystem.objects.filter(name__startswith="Phần mềm của").exists()
    systems.land.refresh_from_db()
    assert systems.land.vendor == ""
    # Its own unit is fine.
    ok = fill(importer.build_template(cast.staff_b), [system_row(name="Phần mềm của Sở Y tế", category="unit",
                                                                 owner_unit="SYT")])
    assert importer.apply(cast.staff_b, ok).created == 1


def test_roles_that_may_not_create_systems_may_not_import(cast, units):
    for user in (cast.supervisor, cast.leader, cast.inspector):
        client = login(user)
        assert client.get(reverse("systems:import")).status_code == 403
        assert client.get(reverse("systems:import_template")).status_code == 403


def test_half_a_million_blank_rows_are_refused_at_once(cast, units):
    data = raw_xlsx([SYSTEM_HEADERS, system_row(name="Thật", category="unit", owner_unit="SKHCN")],
                    blank_rows=500_000, title="Hệ thống")
    client = login(cast.appraiser)
    assert upload(client, b"PK\x03\x04 not a workbook").status_code == 400  # warm up the process
    started = time.perf_counter()
    resp = upload(client, data)
    elapsed = time.perf_counter() - started
    assert resp.status_code == 400 and "dòng trống" in resp.content.decode()
    assert elapsed < 1.5, f"refused after {elapsed:.2f} s"
    assert not InformationSystem.objects.filter(name="Thật").exists()


def test_a_run_of_blank_rows_stops_the_reading(cast, units):
    data = raw_xlsx([SYSTEM_HEADERS, system_row(name="Trước", category="unit", owner_unit="SKHCN")]
                    + [[None]] * (importer.BLANK_RUN + 5)
                    + [system_row(name="Sau dòng trống", category="unit", owner_unit="SKHCN")], title="Hệ thống")
    result = importer.check(cast.appraiser, data)
    assert [r.name for r in result.systems] == ["Trước"] and "dòng trống liên tiếp" in result.warnings[0]


def test_too_many_systems_are_refused(cast, units, monkeypatch):
    from cds.systems.importer import reading

    monkeypatch.setattr(reading, "MAX_SYSTEMS", 3)
    rows = [system_row(name=f"Hệ thống {i}", category="unit", owner_unit="SKHCN") for i in range(4)]
    result = importer.check(cast.appraiser, raw_xlsx([SYSTEM_HEADERS, *rows], title="Hệ thống"))
    assert result.messages == ["Trang “Hệ thống” có hơn 3 dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa 3 dòng."]


@pytest.mark.parametrize("name,content", [
    ("danh-muc.xlsx", b"%PDF-1.7 not a workbook"),
    ("danh-muc.xlsx", b"PK\x03\x04garbage"),
    ("danh-muc.csv", b"ma,ten\n1,2\n"),
])
def test_a_file_is_judged_by_its_content(cast, units, name, content):
    resp = upload(login(cast.appraiser), content, name=name)
    assert resp.status_code == 400 and "xlsx" in resp.content.decode()
    assert AuditEvent.objects.filter(verb="system.import_rejected").count() == 1


def test_unstorable_characters_are_refused(cast, units):
    data = raw_xlsx([SYSTEM_HEADERS, system_row(name="Hệ thống \u202eđảo chiều", category="unit", owner_unit="SKHCN")],
                    title="Hệ thống")
    messages = importer.check(cast.appraiser, data).messages
    assert messages and "cột “Tên hệ thống”" in messages[0] and "đảo chiều" in messages[0]


def test_confirm_needs_the_preview_of_this_session(cast, units):
    client = login(cast.appraiser)
    resp = client.post(reverse("systems:import_confirm"), {"token": "x" * 30})
    assert resp.status_code == 302 and resp.url == reverse("systems:import")


def test_the_command_has_the_same_rules(cast, units, systems, tmp_path, capsys):
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(fill(importer.build_template(cast.staff_b), [
        system_row(name="Phần mềm của Sở KH&CN", category="unit", owner_unit="Sở KH&CN")]))
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_systems", str(path), "--user", "staff_b")
    assert "Bạn không được khai báo hệ thống" in capsys.readouterr().err
    path.write_bytes(fill(importer.build_template(cast.staff_a), [ROWS[0]]))
    call_command("import_systems", str(path), "--user", "staff_a")
    assert "thêm 1 hệ thống" in capsys.readouterr().out
    assert InformationSystem.objects.filter(name="Cổng dịch vụ công của tỉnh").exists()


def test_the_bad_input_catalogue_in_a_cell(cast, units, subtests):
    """Every nasty text of the house catalogue in the name cell, every nasty amount in a cost
    cell: a Vietnamese message naming sheet, row and column, nothing written."""
    from tests.test_bad_input import MONEY, NOT_IN_XML, TEXT

    before = InformationSystem.objects.count()
    for what, value, expected in TEXT:
        with subtests.test(what):
            data = raw_xlsx([SYSTEM_HEADERS, system_row(name=value, category="unit", owner_unit="SKHCN")],
                            title="Hệ thống")
            messages = importer.check(cast.appraiser, data).messages
            if what in NOT_IN_XML:  # XML cannot carry it: the file is unreadable
                assert messages == ["Không đọc được nội dung tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx)."]
                continue
            assert messages and messages[0].startswith("Trang “Hệ thống”, dòng 2, cột “Tên hệ thống”"), messages
            assert re.search(expected + "|bắt buộc", messages[0], re.I), messages
    for what, value, expected in MONEY:
        with subtests.test(what):
            data = raw_xlsx([SYSTEM_HEADERS, system_row(name="Hệ thống", category="unit", owner_unit="SKHCN",
                                                        operating_cost=value, cost_year=2025)], title="Hệ thống")
            messages = importer.check(cast.appraiser, data).messages
            assert messages and "cột “Chi phí vận hành năm”" in messages[0] and re.search(expected, messages[0])
    assert InformationSystem.objects.count() == before


def test_a_link_already_registered_is_updated(cast, units, systems):
    from cds.systems import services

    link = services.save_integration(cast.appraiser, source=systems.land, target=systems.lgsp, mechanism="hub")
    data = fill(importer.build_template(cast.staff_a), links=[
        link_row(source=systems.land.code, target="Nền tảng LGSP tỉnh", status="Tạm dừng", both_ways="x")])
    result = importer.apply(cast.staff_a, data)
    assert result.links_saved == 1 and Integration.objects.count() == 1
    link.refresh_from_db()
    assert (link.status, link.both_ways, link.version) == ("suspended", True, 2)
