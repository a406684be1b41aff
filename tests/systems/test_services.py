"""Writes to the systems map: who may register and edit what, the version check, the quality
seal, refusals that change nothing; findings with their reasons; what each role may read."""
import pytest
from django.core.exceptions import PermissionDenied

from cds.core.errors import ConflictError, ServiceError
from cds.systems import selectors, services
from cds.systems.models import Category, EquipmentStatus, InformationSystem, Mechanism
from cds.systems.permissions import scope_systems

pytestmark = pytest.mark.django_db


def test_a_unit_registers_only_its_own_systems(cast, units, systems):
    assert systems.land.owner_unit == units.skhcn and systems.land.root_unit == units.tinh
    with pytest.raises(ServiceError, match="Đơn vị chủ quản phải là đơn vị bạn được quản lý"):
        services.create_system(cast.staff_a, {"name": "Phần mềm của Sở Y tế", "category": Category.UNIT,
                                              "owner_unit": units.syt})
    with pytest.raises(PermissionDenied):
        services.update_system(cast.staff_a, systems.hospital, {"name": "Đổi tên"},
                               expected_version=systems.hospital.version)
    before = InformationSystem.objects.count()
    with pytest.raises(ServiceError, match="Chưa nhập đơn vị chủ quản"):
        services.create_system(cast.staff_a, {"name": "Thiếu chủ quản", "category": Category.UNIT})
    with pytest.raises(ServiceError, match="Cấp độ an toàn thông tin phải là số nguyên từ 1 đến 5"):
        services.update_system(cast.staff_a, systems.land, {"security_level": "7"}, expected_version=1)
    with pytest.raises(ServiceError, match="Không tìm thấy hệ thống lõi"):
        services.update_system(cast.appraiser, systems.land, {"core_system": systems.ministry},
                               expected_version=1)
    assert InformationSystem.objects.count() == before


def test_version_check_and_history(cast, systems):
    land = systems.land
    services.update_system(cast.staff_a, land, {"user_count": 120}, expected_version=1)
    stale = InformationSystem.objects.get(pk=land.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.update_system(cast.appraiser, stale, {"user_count": 5}, expected_version=1)
    land.refresh_from_db()
    assert land.user_count == 120 and land.history.count() == 2


def test_the_seal_is_set_by_the_owner_head_and_broken_by_anyone_else(cast, systems):
    land = systems.land
    with pytest.raises(PermissionDenied):
        services.attest(cast.staff_a, land, expected_version=land.version)
    with pytest.raises(PermissionDenied):
        services.attest(cast.head_b, land, expected_version=land.version)
    services.attest(cast.head_a, land, expected_version=land.version)
    assert land.seal_state()[0] == "valid"
    services.update_system(cast.head_a, land, {"vendor": "VNPT"}, expected_version=land.version)
    land.refresh_from_db()
    assert land.seal_state()[0] == "valid"  # the attester's own edit keeps it
    services.save_cost(cast.staff_a, land, year=2026, operating_cost=120_000_000, development_cost=0)
    land.refresh_from_db()
    state, text = land.seal_state()
    assert state == "broken" and "Mất dấu xác nhận" in text and land.seal_broken_by == cast.staff_a


def test_findings_name_their_reason_and_hide_what_the_user_may_not_read(cast, units, systems):
    services.save_holding(cast.staff_a, systems.land, entity=systems.datdai, role="master", sharing="default")
    services.save_holding(cast.staff_b, systems.hospital, entity=systems.datdai, role="master",
                          sharing="conditional")
    services.save_holding(cast.staff_b, systems.hospital, entity=systems.dancu, role="local")
    services.save_integration(cast.staff_a, source=systems.land, target=systems.lgsp, mechanism=Mechanism.HUB)
    services.save_integration(cast.staff_b, source=systems.hospital, target=systems.qlvb,
                              mechanism=Mechanism.DIRECT)
    seen = selectors.findings_for(cast.appraiser)
    land = [f.code for f in seen[systems.land.pk]]
    hospital = {f.code: f.text for f in seen[systems.hospital.pk]}
    assert "two_masters" in land and "isolated" not in land
    assert "Phần mềm quản lý bệnh viện" in next(f.text for f in seen[systems.land.pk] if f.code == "two_masters")
    assert "CSDL quốc gia về dân cư" in hospital["local_national"]
    assert "Hệ thống quản lý văn bản" in hospital["point_to_point"]
    assert "not_derived" in hospital and systems.ministry.pk not in seen
    # Sở KH&CN's staff sees its own system's finding, but not the name of Sở Y tế's system
    own = selectors.findings_for(cast.staff_a)
    text = next(f.text for f in own[systems.land.pk] if f.code == "two_masters")
    assert "bệnh viện" not in text and "một hệ thống khác" in text
    assert systems.hospital.pk not in own


def test_what_each_role_reads(cast, systems):
    ids = lambda user: set(scope_systems(user).values_list("pk", flat=True))  # noqa: E731
    assert {systems.land.pk, systems.lgsp.pk, systems.qlvb.pk, systems.national.pk} <= ids(cast.staff_a)
    assert systems.hospital.pk not in ids(cast.staff_a)
    assert systems.ministry.pk not in ids(cast.appraiser) | ids(cast.staff_a) | ids(cast.inspector)
    assert {systems.hospital.pk, systems.land.pk} <= ids(cast.inspector)
    assert ids(cast.outsider_staff) >= {systems.national.pk} and systems.land.pk not in ids(cast.outsider_staff)


def test_equipment_status_reported_with_day_and_reporter(cast, projects, systems):
    eq = services.add_equipment(cast.staff_a, projects.a, {"kind": "Camera giám sát", "quantity": 12,
                                                          "system": systems.land})
    services.report_equipment_status(cast.staff_a, eq, status=EquipmentStatus.IDLE, note="Chưa có phần mềm",
                                     expected_version=eq.version)
    eq.refresh_from_db()
    assert eq.status == EquipmentStatus.IDLE and eq.status_by == cast.staff_a
    with pytest.raises(PermissionDenied):
        services.report_equipment_status(cast.staff_b, eq, status=EquipmentStatus.IN_USE,
                                         expected_version=eq.version)
    found = selectors.findings_for(cast.appraiser)[systems.land.pk]
    assert any(f.code == "idle_equipment" and "12 thiết bị" in f.text for f in found)


def test_a_province_master_of_national_data_is_fine_only_when_it_exchanges_with_the_national_master(cast, systems):
    national_land = services.create_system(cast.admin, {"code": "T-CSDLQG-DATDAI", "name": "CSDL đất đai quốc gia (thử)",
                                                        "category": "national"})
    services.save_holding(cast.admin, national_land, entity=systems.datdai, role="master")
    services.save_holding(cast.staff_a, systems.land, entity=systems.datdai, role="master", sharing="default")
    codes = lambda: [f.code for f in selectors.findings_for(cast.appraiser).get(systems.land.pk, [])]  # noqa: E731
    assert "local_national" in codes()
    services.save_integration(cast.staff_a, source=systems.land, target=systems.lgsp, mechanism=Mechanism.HUB)
    assert "local_national" in codes()  # the LGSP itself does not reach the national database yet
    services.save_integration(cast.appraiser, source=systems.lgsp, target=national_land, mechanism=Mechanism.HUB)
    assert "local_national" not in codes()
