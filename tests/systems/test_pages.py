"""The systems pages as each role uses them: the list (filters, cards, completeness, seal,
findings), the findings page, the system page with its sections and the buttons of who may act,
registering and editing (the version check), the small forms (a refusal in Vietnamese changes
nothing), the project page's panel; a unit never reads another unit's sector system; the list
and the system page cost the same queries whatever the amount of data."""
import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from cds.core import todo
from cds.systems import services
from cds.systems.models import (
    Category,
    DataHolding,
    Equipment,
    EquipmentStatus,
    InformationSystem,
    Integration,
    Mechanism,
    SystemCost,
    SystemProject,
)
from tests.conftest import login
from tests.homepage import listed, todo_items

pytestmark = pytest.mark.django_db

HOSPITAL = "Phần mềm quản lý bệnh viện đa khoa"


def text(resp) -> str:
    return html.unescape(resp.content.decode())


def table(resp) -> str:
    """The rows of the systems table only (not the filters' options)."""
    body = text(resp)
    return body[body.index('data-testid="systems-table"'):]


def detail(s):
    return reverse("systems:detail", args=[s.pk])


def state(system) -> tuple:
    """What a refused form must leave unchanged."""
    s = InformationSystem.objects.get(pk=system.pk)
    return (s.name, s.version, s.attested_at, SystemProject.objects.filter(system=s).count(),
            SystemCost.objects.filter(system=s).count(), DataHolding.objects.filter(system=s).count(),
            Integration.objects.filter(source=s).count() + Integration.objects.filter(target=s).count(),
            Equipment.objects.filter(system=s).count())


# ------------------------------------------------------------------ list

def test_list_shows_each_role_its_systems_with_cards_and_findings(cast, systems):
    body = text(login(cast.staff_a).get(reverse("systems:list")))
    assert "Hệ thống thông tin đất đai tỉnh" in body and "Nền tảng LGSP tỉnh" in body
    assert HOSPITAL not in body and "Hệ thống văn bản nội bộ của Bộ" not in body
    assert 'data-card="systems"' in body and "Thiết bị chưa khai thác, hỏng" in body
    assert 'href="/he-thong/ban-do/"' in body or reverse("systems:list") + "ban-do/" in body
    assert "+ Khai báo hệ thống" in body
    # the land system is connected to nothing: a finding, in red on its row
    assert re.search(r'data-system="%d".*?data-findings="\d+"' % systems.land.pk, body, re.S)
    appraiser = text(login(cast.appraiser).get(reverse("systems:list")))
    assert HOSPITAL in appraiser and "Hệ thống văn bản nội bộ của Bộ" not in appraiser
    leader = text(login(cast.leader).get(reverse("systems:list")))
    assert HOSPITAL in leader and "+ Khai báo hệ thống" not in leader
    outsider = text(login(cast.outsider).get(reverse("systems:list")))
    assert "Hệ thống văn bản nội bộ của Bộ" in outsider and "Hệ thống thông tin đất đai tỉnh" not in outsider


def test_search_without_diacritics_and_filters(cast, systems):
    client = login(cast.appraiser)
    body = table(client.get(reverse("systems:list"), {"q": "dat dai"}))
    assert "Hệ thống thông tin đất đai tỉnh" in body and HOSPITAL not in body
    assert f'data-system="{systems.lgsp.pk}"' not in body
    body = table(client.get(reverse("systems:list"), {"loai": "core"}))
    assert "Nền tảng LGSP tỉnh" in body and "đất đai tỉnh" not in body
    body = table(client.get(reverse("systems:list"), {"don_vi": systems.hospital.owner_unit_id}))
    assert HOSPITAL in body and "đất đai tỉnh" not in body
    body = text(client.get(reverse("systems:list"), {"loai": "khong-co"}))
    assert "Loại không hợp lệ" in body


def test_findings_page_groups_by_rule_with_reasons(cast, systems):
    body = text(login(cast.appraiser).get(reverse("systems:findings")))
    assert "Không kết nối với hệ thống nào" in body and 'id="isolated"' in body
    assert "Hệ thống chuyên ngành không phát triển từ hệ thống lõi" in body   # the hospital system
    assert HOSPITAL in body
    staff = text(login(cast.staff_a).get(reverse("systems:findings")))
    assert HOSPITAL not in staff and "Hệ thống thông tin đất đai tỉnh" in staff


def test_findings_page_filters_by_owner_unit_and_rule(cast, units, systems):
    """``?don_vi=`` keeps the findings of the systems a unit (or a unit under it) owns, ``?phat_hien=``
    those of one rule; the total is the rows listed, and an unreadable value is left out."""
    client = login(cast.appraiser)
    every = listed(client, reverse("systems:findings") + "#findings")
    skhcn = listed(client, reverse("systems:findings") + f"?don_vi={units.skhcn.pk}#findings")
    syt = listed(client, reverse("systems:findings") + f"?don_vi={units.syt.pk}#findings")
    province = listed(client, reverse("systems:findings") + f"?don_vi={units.tinh.pk}#findings")
    assert skhcn[0] > 0 and syt[0] > 0 and skhcn[0] + syt[0] == province[0] <= every[0]
    assert all(total == rows for total, rows in (every, skhcn, syt, province))
    body = text(client.get(reverse("systems:findings"), {"don_vi": units.syt.pk}))
    assert HOSPITAL in body and "Hệ thống thông tin đất đai tỉnh" not in body
    isolated = text(client.get(reverse("systems:findings"), {"phat_hien": "isolated"}))
    assert 'id="isolated"' in isolated and 'id="not_derived"' not in isolated
    assert listed(client, reverse("systems:findings") + "?phat_hien=khong-co&don_vi=abc#findings") == every
    assert listed(client, reverse("systems:findings") + f"?don_vi={units.bo.pk}#findings") == (0, 0)


def test_a_finding_never_names_another_units_system(cast, units, systems):
    """Both Sở KH&CN's land system and Sở Y tế's hospital system master "Đất đai": each unit reads
    "một hệ thống khác", the CĐS authority reads the name."""
    services.save_holding(cast.staff_a, systems.land, entity=systems.datdai, role="master", sharing="default")
    services.save_holding(cast.staff_b, systems.hospital, entity=systems.datdai, role="master", sharing="default")
    for url in (reverse("systems:list"), reverse("systems:findings"), detail(systems.land)):
        body = text(login(cast.staff_a).get(url))
        assert HOSPITAL not in body, url
    assert "một hệ thống khác" in text(login(cast.staff_a).get(reverse("systems:findings")))
    assert HOSPITAL in text(login(cast.appraiser).get(detail(systems.land)))


# ------------------------------------------------------------------ the system page

def test_detail_sections_and_buttons_per_role(cast, projects, systems):
    land = systems.land
    services.link_project(cast.staff_a, land, projects.a, "build")
    services.save_cost(cast.staff_a, land, year=2025, operating_cost=120_000_000, development_cost=1_500_000_000)
    services.save_integration(cast.staff_a, source=land, target=systems.lgsp, mechanism=Mechanism.HUB,
                              since=dt.date(2025, 3, 1), entities=[systems.datdai])
    services.add_equipment(cast.staff_a, projects.a, {"kind": "Máy chủ", "quantity": 2, "system": land,
                                                      "status": EquipmentStatus.BROKEN})
    pages = {who: text(login(getattr(cast, who)).get(detail(land)))
             for who in ("staff_a", "head_a", "appraiser", "leader")}
    body = pages["staff_a"]
    for part in ("Thông tin hệ thống", projects.a.code, "Xây dựng", "Nền tảng LGSP tỉnh", "01/03/2025",
                 "1.500.000.000", "120.000.000", 'data-testid="cost-chart"', "Máy chủ", "Hỏng",
                 "Mức đầy đủ hồ sơ", "Còn thiếu", "Chưa xác nhận", "Phát triển từ hệ thống lõi"):
        assert part in body, part
    assert 'style="' not in body.split('<main')[1]
    assert "Sửa thông tin" in body and "Gắn dự án" in body and "Xác nhận hồ sơ" not in body
    assert "Xác nhận hồ sơ" in pages["head_a"]
    assert "Sửa thông tin" in pages["appraiser"] and "Xác nhận hồ sơ" not in pages["appraiser"]
    assert "Sửa thông tin" not in pages["leader"] and "Gắn dự án" not in pages["leader"]
    assert "Thêm kết nối" not in pages["leader"]


def test_detail_of_another_units_sector_system_is_404(cast, systems):
    assert login(cast.staff_a).get(detail(systems.hospital)).status_code == 404
    assert login(cast.staff_a).get(detail(systems.ministry)).status_code == 404
    assert login(cast.staff_a).get(detail(systems.lgsp)).status_code == 200      # a core system of the province
    assert login(cast.staff_a).get(detail(systems.national)).status_code == 200  # a national database


def test_projects_the_user_may_not_read_are_counted_not_named(cast, projects, systems):
    services.link_project(cast.appraiser, systems.lgsp, projects.b, "integrate")
    services.link_project(cast.appraiser, systems.lgsp, projects.a, "build")
    body = text(login(cast.staff_a).get(detail(systems.lgsp)))
    assert projects.a.name in body and projects.b.name not in body
    assert "1 dự án khác không thuộc phạm vi của bạn" in body


def test_history_tab(cast, systems):
    services.update_system(cast.staff_a, systems.land, {"vendor": "VNPT"}, expected_version=1)
    body = text(login(cast.staff_a).get(detail(systems.land), {"tab": "history"}))
    assert "Lịch sử thay đổi" in body and "VNPT" in body and "Nhà cung cấp" in body
    assert 'style="' not in body.split("<main")[1]
    assert login(cast.staff_b).get(detail(systems.land), {"tab": "history"}).status_code == 404


# ------------------------------------------------------------------ create, edit, attest

def system_form(**changes):
    data = {"name": "Hệ thống một cửa điện tử của Sở", "category": Category.UNIT, "lifecycle": "operate",
            "operate_on": "01/02/2024", "user_count": "120"}
    data.update(changes)
    return data


def test_unit_staff_registers_and_edits_with_version_check(cast, units, systems):
    client = login(cast.staff_a)
    resp = client.post(reverse("systems:create"), system_form(owner_unit=units.skhcn.pk, core_system=systems.lgsp.pk))
    assert resp.status_code == 302
    s = InformationSystem.objects.get(name="Hệ thống một cửa điện tử của Sở")
    assert s.owner_unit == units.skhcn and s.user_count == 120 and s.operate_on == dt.date(2024, 2, 1)
    assert s.code.startswith("HT")
    page = text(client.get(reverse("systems:edit", args=[s.pk])))
    assert 'value="01/02/2024"' in page
    resp = client.post(reverse("systems:edit", args=[s.pk]),
                       system_form(owner_unit=units.skhcn.pk, name="Một cửa điện tử (mới)", version=s.version))
    assert resp.status_code == 302
    before = state(s)
    resp = client.post(reverse("systems:edit", args=[s.pk]),
                       system_form(owner_unit=units.skhcn.pk, name="Sửa trên bản cũ", version=1))
    assert resp.status_code == 409
    body = text(resp)
    assert "đã được người khác cập nhật" in body and 'value="Sửa trên bản cũ"' in body   # what was typed stays
    assert state(s) == before


@pytest.mark.parametrize("changes,message", [
    ({"name": ""}, "Chưa nhập tên hệ thống"),
    ({"name": "Hệ thống\x00 lỗi"}, "chứa ký tự điều khiển"),
    ({"user_count": "12a"}, "Số người dùng phải là số nguyên"),
    ({"operate_on": "31/02/2024"}, "dd/mm/yyyy"),
    ({"category": "khong-co"}, "Chưa chọn loại hệ thống hợp lệ"),
    ({"security_level": "9"}, "Chưa chọn cấp độ an toàn thông tin hợp lệ"),
    ({"owner_unit": ""}, "Chưa nhập đơn vị chủ quản"),
])
def test_bad_system_form_is_refused_in_vietnamese_and_stores_nothing(cast, units, changes, message):
    before = InformationSystem.objects.count()
    data = system_form(owner_unit=units.skhcn.pk)
    data.update(changes)
    resp = login(cast.staff_a).post(reverse("systems:create"), data)
    assert resp.status_code == 400 and message in text(resp)
    assert InformationSystem.objects.count() == before


def test_another_units_owner_is_refused(cast, units):
    resp = login(cast.staff_a).post(reverse("systems:create"), system_form(owner_unit=units.syt.pk))
    assert resp.status_code == 400
    assert not InformationSystem.objects.filter(name="Hệ thống một cửa điện tử của Sở").exists()


def test_only_the_owner_head_attests(cast, systems):
    land = systems.land
    url = reverse("systems:attest", args=[land.pk])
    assert login(cast.staff_a).post(url, {"version": land.version}).status_code == 403
    assert login(cast.head_b).post(url, {"version": land.version}).status_code == 404
    assert login(cast.head_a).post(url, {"version": land.version + 5}).status_code == 409
    land.refresh_from_db()
    assert land.attested_at is None
    assert login(cast.head_a).post(url, {"version": land.version}).status_code == 302
    land.refresh_from_db()
    assert land.attested_by == cast.head_a
    body = text(login(cast.staff_a).get(detail(land)))
    assert "Đã xác nhận" in body and cast.head_a.display_name in body


# ------------------------------------------------------------------ the small forms

def test_small_forms_refuse_bad_input_and_change_nothing(cast, projects, systems):
    land = systems.land
    services.link_project(cast.staff_a, land, projects.a, "build")
    client = login(cast.staff_a)
    before = state(land)
    cases = [
        ("systems:link_project", {"project_code": "KHONG-CO", "role": "build"}, "Không tìm thấy nhiệm vụ/dự án"),
        ("systems:link_project", {"project": projects.b.pk, "role": "build"}, "Không tìm thấy nhiệm vụ/dự án"),
        ("systems:link_project", {"project": projects.a.pk, "role": "bay"}, "Chưa chọn vai trò của dự án hợp lệ"),
        ("systems:cost_save", {"year": "hai nghìn", "operating_cost": "1.000"}, "Năm phải là số nguyên"),
        ("systems:cost_save", {"year": "2025", "operating_cost": "-5"}, "không được âm"),
        ("systems:cost_save", {"year": "2025", "operating_cost": "１２３"}, "phải là số nguyên đồng"),
        ("systems:holding_save", {"entity": "", "role": "master"}, "Chưa chọn thực thể dữ liệu"),
        ("systems:holding_save", {"entity": systems.datdai.pk, "role": "master"}, "phải ghi phân loại chia sẻ"),
        ("systems:integration_add", {"other": systems.hospital.pk, "direction": "out", "mechanism": "hub",
                                     "status": "active"}, "Không tìm thấy hệ thống đã chọn"),
        ("systems:integration_add", {"other": systems.lgsp.pk, "direction": "out", "mechanism": "hub",
                                     "status": "active", "since": "99/99/2024"}, "dd/mm/yyyy"),
        ("systems:equipment_add", {"project": projects.a.pk, "kind": "", "quantity": "1", "status": "in_use"},
         "Chưa nhập loại thiết bị"),
        ("systems:equipment_add", {"project": projects.a.pk, "kind": "Camera", "quantity": "0",
                                   "status": "in_use"}, "Số lượng phải là số nguyên từ 1"),
        ("systems:equipment_add", {"project": projects.a.pk, "kind": "Camera\u202e", "quantity": "1",
                                   "status": "in_use"}, "đảo chiều"),
    ]
    for name, data, message in cases:
        resp = client.post(reverse(name, args=[land.pk]), data)
        assert resp.status_code == 400, (name, data, resp.status_code)
        assert message in text(resp), (name, message)
        assert state(land) == before, name


def test_small_forms_save_and_raise_completeness(cast, projects, systems):
    land = systems.land
    client = login(cast.staff_a)

    def percent():
        return int(re.search(r'data-testid="completeness">(\d+)%', text(client.get(detail(land)))).group(1))

    start = percent()
    assert client.post(reverse("systems:link_project", args=[land.pk]),
                       {"project_code": projects.a.code.lower(), "role": "build"}).status_code == 302
    assert client.post(reverse("systems:integration_add", args=[land.pk]),
                       {"other": systems.lgsp.pk, "direction": "both", "mechanism": "hub", "status": "active",
                        "since": "01/03/2025", "entities": [systems.datdai.pk]}).status_code == 302
    assert client.post(reverse("systems:holding_save", args=[land.pk]),
                       {"entity": systems.datdai.pk, "role": "master", "sharing": "default"}).status_code == 302
    assert client.post(reverse("systems:cost_save", args=[land.pk]),
                       {"year": "2025", "operating_cost": "120.000.000", "development_cost": ""}).status_code == 302
    assert client.post(reverse("systems:equipment_add", args=[land.pk]),
                       {"project": projects.a.pk, "kind": "Camera", "quantity": "4", "status": "idle",
                        "status_on": "01/06/2025"}).status_code == 302
    assert percent() > start
    link = Integration.objects.get(source=land, target=systems.lgsp)
    assert link.both_ways and list(link.entities.all()) == [systems.datdai]
    assert SystemCost.objects.get(system=land, year=2025).operating_cost == 120_000_000
    eq = Equipment.objects.get(system=land)
    # the status report: its own form, with the date and the reporter
    resp = client.post(reverse("systems:equipment_status", args=[eq.pk]),
                       {"status": "broken", "on": "02/06/2025", "note": "Hỏng nguồn", "version": eq.version})
    assert resp.status_code == 302
    eq.refresh_from_db()
    assert eq.status == EquipmentStatus.BROKEN and eq.status_by == cast.staff_a and eq.status_on == dt.date(2025, 6, 2)
    resp = client.post(reverse("systems:equipment_status", args=[eq.pk]),
                       {"status": "in_use", "version": eq.version - 1})
    assert resp.status_code == 409
    eq.refresh_from_db()
    assert eq.status == EquipmentStatus.BROKEN
    # removals
    holding = DataHolding.objects.get(system=land)
    assert client.post(reverse("systems:holding_remove", args=[land.pk, holding.pk])).status_code == 302
    assert client.post(reverse("systems:integration_remove", args=[land.pk, link.pk])).status_code == 302
    sp = SystemProject.objects.get(system=land)
    assert client.post(reverse("systems:unlink_project", args=[land.pk, sp.pk])).status_code == 302
    assert not DataHolding.objects.filter(system=land).exists() and not SystemProject.objects.filter(system=land).exists()


def test_integration_edit_page_keeps_version(cast, systems):
    link = services.save_integration(cast.staff_a, source=systems.land, target=systems.lgsp, mechanism="hub")
    client = login(cast.staff_a)
    url = reverse("systems:integration_edit", args=[systems.land.pk, link.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"other": systems.lgsp.pk, "direction": "out", "mechanism": "direct",
                             "status": "active", "version": link.version}).status_code == 302
    resp = client.post(url, {"other": systems.lgsp.pk, "direction": "out", "mechanism": "file", "status": "active",
                             "version": link.version})
    assert resp.status_code == 409
    assert Integration.objects.get(pk=link.pk).mechanism == Mechanism.DIRECT
    assert login(cast.leader).get(url).status_code == 403


# ------------------------------------------------------------------ the project page

def test_project_panel_lists_systems_and_equipment(cast, projects, systems):
    services.link_project(cast.staff_a, systems.land, projects.a, "build")
    services.add_equipment(cast.staff_a, projects.a, {"kind": "Camera giám sát", "quantity": 3, "system": systems.land,
                                                      "status": EquipmentStatus.IDLE})
    services.add_equipment(cast.staff_a, projects.a, {"kind": "Máy trạm", "quantity": 1})
    body = text(login(cast.staff_a).get(reverse("projects:detail", args=[projects.a.pk])))
    assert 'data-testid="project-systems"' in body and "Hệ thống thông tin đất đai tỉnh" in body
    assert "Camera giám sát" in body and "3 (75%) chưa khai thác, hỏng" in body
    assert "Gắn hệ thống" in body and "Khai báo thiết bị" in body
    leader = text(login(cast.leader).get(reverse("projects:detail", args=[projects.a.pk])))
    assert "Camera giám sát" in leader and "Gắn hệ thống" not in leader


def test_project_panel_never_names_another_units_system(cast, units, projects, systems):
    """Sở Y tế's hospital system is integrated by Sở KH&CN's project: Sở KH&CN does not read its name."""
    services.link_project(cast.appraiser, systems.hospital, projects.a, "integrate")
    services.add_equipment(cast.appraiser, projects.a, {"kind": "Máy chủ", "quantity": 1, "system": systems.hospital})
    body = text(login(cast.staff_a).get(reverse("projects:detail", args=[projects.a.pk])))
    assert HOSPITAL not in body and "Máy chủ" in body and "một hệ thống khác" in body
    assert HOSPITAL in text(login(cast.appraiser).get(reverse("projects:detail", args=[projects.a.pk])))


def test_link_and_equipment_from_the_project_page(cast, projects, systems):
    client = login(cast.staff_a)
    url = reverse("systems:project_link", args=[projects.a.pk])
    body = text(client.get(url))
    assert "Hệ thống thông tin đất đai tỉnh" in body and HOSPITAL not in body   # only what they may edit
    assert client.post(url, {"system": systems.hospital.pk, "role": "build"}).status_code == 400
    assert client.post(url, {"system": systems.land.pk, "role": "upgrade"}).status_code == 302
    assert SystemProject.objects.filter(system=systems.land, project=projects.a, role="upgrade").exists()
    url = reverse("systems:project_equipment", args=[projects.a.pk])
    resp = client.post(url, {"kind": "Màn hình ghép", "quantity": "nhiều", "status": "in_use"})
    assert resp.status_code == 400 and "Số lượng phải là số nguyên" in text(resp)
    assert client.post(url, {"kind": "Màn hình ghép", "quantity": "6", "status": "not_used",
                             "system": systems.land.pk}).status_code == 302
    assert Equipment.objects.get(kind="Màn hình ghép").system == systems.land
    assert login(cast.staff_b).get(url).status_code == 404
    assert login(cast.leader).get(url).status_code == 403


# ------------------------------------------------------------------ home page

def test_home_page_items_count_the_rows_they_link_to(cast, systems):
    services.attest(cast.head_a, systems.qlvb, expected_version=systems.qlvb.version)
    for who, key, n in (("head_a", "systems.to_attest", 2), ("staff_a", "systems.to_complete", 3),
                        ("appraiser", "systems.findings", None)):
        client = login(getattr(cast, who))
        items = todo_items(client.get("/").content.decode())
        count, href = items[key]
        if n is not None:
            assert count == n, (who, count)
        total, rows = listed(client, href)
        assert (total, rows) == (count, count), (who, key, href)
    assert {t.key for t in todo.registered()} >= {"systems.to_attest", "systems.to_complete", "systems.findings"}


# ------------------------------------------------------------------ queries

def _more_systems(cast, units, systems, n):
    for i in range(n):
        s = services.create_system(cast.staff_a, {"name": f"Hệ thống phụ {n}-{i}", "category": Category.SECTOR,
                                                  "owner_unit": units.skhcn, "core_system": systems.lgsp})
        services.save_integration(cast.staff_a, source=s, target=systems.lgsp, mechanism="hub",
                                  entities=[systems.datdai])
        services.save_cost(cast.staff_a, s, year=2025, operating_cost=1_000_000, development_cost=0)
        services.save_holding(cast.staff_a, s, entity=systems.dancu, role="copy")


@pytest.mark.parametrize("who", ["staff_a", "appraiser"])
def test_list_and_detail_cost_constant_queries(cast, units, projects, systems, who, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(getattr(cast, who))
    _more_systems(cast, units, systems, 1)        # one of each kind of row, then more of them
    services.link_project(cast.staff_a, systems.land, projects.a, "build")
    services.add_equipment(cast.staff_a, projects.a, {"kind": "Thiết bị", "system": systems.land})
    services.save_cost(cast.appraiser, systems.lgsp, year=2019, operating_cost=1, development_cost=2)
    client.get(reverse("systems:list"))

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    list_few, detail_few = count(reverse("systems:list")), count(detail(systems.lgsp))
    _more_systems(cast, units, systems, 6)
    services.link_project(cast.staff_a, systems.land, projects.a, "upgrade")
    for i in range(3):
        services.add_equipment(cast.staff_a, projects.a, {"kind": f"Thiết bị {i}", "system": systems.land})
        services.save_cost(cast.appraiser, systems.lgsp, year=2020 + i, operating_cost=1, development_cost=2)
    with django_assert_max_num_queries(list_few):
        client.get(reverse("systems:list"))
    with django_assert_max_num_queries(detail_few):
        client.get(detail(systems.lgsp))
    assert count(detail(systems.land)) <= detail_few + 2


def test_equipment_and_integration_edit_pages_refuse_bad_input(cast, projects, systems):
    eq = services.add_equipment(cast.staff_a, projects.a, {"kind": "Camera", "quantity": 2, "system": systems.land})
    link = services.save_integration(cast.staff_a, source=systems.land, target=systems.lgsp, mechanism="hub")
    client = login(cast.staff_a)
    url = reverse("systems:equipment_edit", args=[eq.pk])
    page = text(client.get(url))
    assert "Báo tình trạng" in page and 'value="Camera"' in page
    for data, message in (({"kind": "Camera", "quantity": "-1"}, "Số lượng phải là số nguyên"),
                          ({"kind": "", "quantity": "2"}, "Chưa nhập loại thiết bị"),
                          ({"kind": "Camera", "quantity": "2", "accepted_on": "01/01/2025",
                            "warranty_until": "01/01/2024"}, "không được trước ngày nghiệm thu"),
                          ({"kind": "Camera", "quantity": "2", "system": systems.hospital.pk},
                           "Không tìm thấy hệ thống đã chọn")):
        resp = client.post(url, {**data, "version": eq.version})
        assert resp.status_code == 400 and message in text(resp), (data, resp.status_code)
    resp = client.post(reverse("systems:equipment_status", args=[eq.pk]),
                       {"status": "hong", "version": eq.version})
    assert resp.status_code == 400 and "Chưa chọn tình trạng hợp lệ" in text(resp)
    resp = client.post(reverse("systems:equipment_status", args=[eq.pk]),
                       {"status": "broken", "on": "01/01/2999", "version": eq.version})
    assert resp.status_code == 400
    fresh = Equipment.objects.get(pk=eq.pk)
    assert (fresh.kind, fresh.quantity, fresh.status, fresh.version) == ("Camera", 2, EquipmentStatus.IN_USE, eq.version)
    url = reverse("systems:integration_edit", args=[systems.land.pk, link.pk])
    resp = client.post(url, {"other": systems.lgsp.pk, "direction": "sideways", "mechanism": "hub", "status": "active",
                             "version": link.version})
    assert resp.status_code == 400 and "Chưa chọn chiều kết nối hợp lệ" in text(resp)
    assert Integration.objects.get(pk=link.pk).version == link.version


def test_unit_staff_of_another_unit_cannot_act_on_the_system(cast, projects, systems):
    """Sở Y tế reads the province's LGSP (a core system) but may not change it: 403, nothing written."""
    before = state(systems.lgsp)
    client = login(cast.staff_b)
    assert client.get(detail(systems.lgsp)).status_code == 200
    assert "Sửa thông tin" not in text(client.get(detail(systems.lgsp)))
    assert client.get(reverse("systems:edit", args=[systems.lgsp.pk])).status_code == 403
    resp = client.post(reverse("systems:cost_save", args=[systems.lgsp.pk]),
                       {"year": "2025", "operating_cost": "1.000"})
    assert resp.status_code == 403 and "không có quyền" in text(resp)
    assert state(systems.lgsp) == before
