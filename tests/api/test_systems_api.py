"""/api/v1/systems and /api/v1/integrations: the shape, the list page's filters, scope across
units and trees (another tree's system answers 404 like a missing one), 400 with a Vietnamese
message for a bad filter, and a fixed number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cds.systems import services
from cds.systems.models import Category, InformationSystem
from tests.systems.conftest import build_systems


@pytest.fixture
def world(cast, units):
    s = build_systems(cast, units)
    services.save_integration(cast.appraiser, source=s.land, target=s.lgsp, mechanism="hub", entities=[s.datdai])
    services.save_integration(cast.appraiser, source=s.hospital, target=s.lgsp, mechanism="hub")
    services.save_integration(cast.appraiser, source=s.land, target=s.hospital, mechanism="direct")
    services.save_integration(cast.appraiser, source=s.land, target=s.national, mechanism="hub",
                              entities=[s.dancu])
    services.save_holding(cast.staff_a, s.land, entity=s.datdai, role="master", sharing="default")
    services.save_cost(cast.staff_a, s.land, year=2025, operating_cost=450_000_000, development_cost=0)
    return s


def names(resp):
    return {i["name"] for i in resp.json()["items"]}


def test_list_shape(api_as, world):
    resp = api_as("appraiser").get("/systems")
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == len(body["items"]) == 5  # four of the province and the national database
    land = next(i for i in body["items"] if i["id"] == world.land.pk)
    assert set(land) >= {"id", "code", "name", "owner_unit", "category", "lifecycle", "core_system_id",
                         "integrations_count", "findings"}
    assert land["owner_unit"]["code"] == "T01-SKHCN" and land["core_system_id"] == world.lgsp.pk
    assert land["integrations_count"] == 3 and land["category"] == "sector"
    assert any("trực tiếp" in f for f in land["findings"])  # point to point while the LGSP exists
    hospital = next(i for i in body["items"] if i["id"] == world.hospital.pk)
    assert any("hệ thống lõi" in f for f in hospital["findings"])


def test_filters(api_as, world):
    client = api_as("appraiser")
    assert names(client.get("/systems", {"loai": "core"})) == {world.lgsp.name, world.qlvb.name}
    assert names(client.get("/systems", {"q": "dat dai"})) == {world.land.name}
    assert names(client.get("/systems", {"don_vi": world.hospital.owner_unit_id})) == {world.hospital.name}
    assert names(client.get("/systems", {"du_lieu": world.datdai.pk})) == {world.land.name}
    assert names(client.get("/systems", {"loi": world.lgsp.pk})) == {world.lgsp.name, world.land.name}
    paged = client.get("/systems", {"limit": 2, "offset": 1}).json()
    assert paged["count"] == 5 and len(paged["items"]) == 2


@pytest.mark.parametrize("params,field,message", [
    ({"loai": "khac"}, "loai", "Loại không hợp lệ"),
    ({"vong_doi": "song"}, "vong_doi", "Vòng đời không hợp lệ"),
    ({"don_vi": "abc"}, "don_vi", ""),
    ({"du_lieu": "-3"}, "du_lieu", ""),
    ({"q": "x" * 300}, "q", "Quá dài"),
])
def test_bad_filter_is_a_400_in_vietnamese(api_as, world, params, field, message):
    resp = api_as("appraiser").get("/systems", params)
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert field in body["errors"] and message in body["detail"]


def test_scope_across_units_and_trees(api_as, world):
    unit_b = names(api_as("staff_b").get("/systems"))
    # Sở Y tế: its own system, the province's core systems, the national database; not Sở KH&CN's.
    assert unit_b == {world.hospital.name, world.lgsp.name, world.qlvb.name, world.national.name}
    hospital = next(i for i in api_as("staff_b").get("/systems").json()["items"] if i["id"] == world.hospital.pk)
    assert hospital["integrations_count"] == 1  # the link to Sở KH&CN's land system is not counted
    outsider = names(api_as("outsider").get("/systems"))
    assert outsider == {world.ministry.name, world.national.name}
    assert api_as("outsider").get(f"/systems/{world.land.pk}").status_code == 404
    assert api_as("staff_b").get(f"/systems/{world.land.pk}").status_code == 404
    missing = api_as("staff_b").get("/systems/999999")
    assert missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy hệ thống thông tin."
    assert api_as("staff_b").get(f"/systems/{world.land.pk}").json() == missing.json()


def test_detail(api_as, world):
    body = api_as("staff_a").get(f"/systems/{world.land.pk}").json()
    assert body["name"] == world.land.name and body["version"] == world.land.version
    # Sở KH&CN does not read Sở Y tế's hospital system: that link is left out.
    assert {(i["source"]["id"], i["target"]["id"]) for i in body["integrations"]} == {
        (world.land.pk, world.lgsp.pk), (world.land.pk, world.national.pk)}
    assert body["integrations_count"] == 2
    assert body["data"] == [{"entity": {"id": world.datdai.pk, "code": "DATDAI", "name": "Đất đai"},
                             "role": "master", "sharing": "default", "database_name": ""}]
    assert body["costs"] == [{"year": 2025, "operating_cost": 450_000_000, "development_cost": 0}]
    assert 0 < body["completeness"]["percent"] < 100 and body["completeness"]["missing"]
    assert body["seal"]["state"] == "none"
    # Sở Y tế reads the LGSP but only the links whose both ends it may read.
    lgsp = api_as("staff_b").get(f"/systems/{world.lgsp.pk}").json()
    assert [i["source"]["id"] for i in lgsp["integrations"]] == [world.hospital.pk]


def test_integrations(api_as, world):
    client = api_as("appraiser")
    body = client.get("/integrations").json()
    assert body["count"] == 4
    direct = client.get("/integrations", {"mechanism": "direct"}).json()
    assert [(i["source"]["id"], i["target"]["id"]) for i in direct["items"]] == [(world.land.pk, world.hospital.pk)]
    assert client.get("/integrations", {"system": world.hospital.pk}).json()["count"] == 2
    assert client.get("/integrations", {"status": "ended"}).json()["count"] == 0
    assert api_as("staff_b").get("/integrations").json()["count"] == 1
    assert api_as("outsider").get("/integrations", {"system": world.land.pk}).status_code == 404
    for params, field in (({"mechanism": "carrier pigeon"}, "mechanism"), ({"status": "x"}, "status"),
                          ({"system": "abc"}, "system")):
        resp = client.get("/integrations", params)
        assert resp.status_code == 400 and field in resp.json()["errors"]


def test_needs_a_token(world, client):
    assert client.get("/api/v1/systems").status_code == 401
    assert client.get("/api/v1/integrations").status_code == 401


def test_constant_queries(api_as, cast, units, world):
    client = api_as("appraiser")
    client.get("/systems")

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    before = (count("/systems"), count("/integrations"), count(f"/systems/{world.land.pk}"))
    for i in range(8):
        s = services.create_system(cast.appraiser, {"name": f"Hệ thống thêm {i}", "category": Category.UNIT,
                                                    "owner_unit": units.syt})
        services.save_integration(cast.appraiser, source=s, target=world.lgsp, mechanism="hub")
        services.save_integration(cast.appraiser, source=s, target=world.land, mechanism="direct")
    assert InformationSystem.objects.count() > 10
    assert (count("/systems"), count("/integrations"), count(f"/systems/{world.land.pk}")) == before
