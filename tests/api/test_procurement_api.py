"""/api/v1/packages and /api/v1/projects/{id}/packages: each package with its price, result,
contractor and the texts of its warning signs; filters by unit (with its subtree), method,
warning sign, field and year; a unit reads its own packages, the inspector the whole tree,
nobody another tree's; a wrong filter gets a Vietnamese 400 (a wrong type 422); a fixed number
of queries whatever the page size."""
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cds.procurement import services, signals
from cds.procurement.models import Warning

from .conftest import BASE

pytestmark = pytest.mark.django_db

SPLIT = "api_probe_split"   # a warning code registered for these tests only


def _package(user, project, n, **overrides):
    plan = services.create_plan(user, project, {"name": f"KHLCNT {project.name}"})
    data = {"name": f"Gói thầu số {n}", "field": "goods", "package_price": "1.000.000.000", "method": "open",
            "online": True, "selection_start": "01/03/2025", **overrides}
    return services.create_package(user, plan, data)


def _award(user, package, price="950.000.000", bidders="3", contractor=("Công ty Cổ phần Tin học Sao Mai",
                                                                        "0101234567")):
    return services.record_result(user, package, {
        "contractor_name": contractor[0], "contractor_tax_code": contractor[1], "awarded_price": price,
        "bidders": bidders, "awarded_on": "20/04/2025"}, package.version)


@pytest.fixture
def world(cast, projects, monkeypatch):
    monkeypatch.setitem(signals.CHECKS, SPLIT, ("Có thể chia nhỏ gói thầu", lambda ctx: []))
    a1 = _award(cast.staff_a, _package(cast.staff_a, projects.a, 1))
    a2 = _package(cast.staff_a, projects.a, 2, method="direct", field="consulting", package_price="900.000.000",
                  selection_start="10/06/2024")
    b1 = _award(cast.staff_b, _package(cast.staff_b, projects.b, 3, method="direct"), price="499.000.000",
                bidders="1", contractor=("Công ty TNHH Phần mềm Bắc Hà", "0309876543"))
    bo1 = _package(cast.outsider_staff, projects.bo, 4)
    # The warnings as a check leaves them (whatever checks the services ran are replaced).
    Warning.objects.all().delete()
    for package, code, message in ((a2, SPLIT, "Tổng hai gói tư vấn vượt hạn mức chỉ định thầu."),
                                   (a2, "z_other", "Gói thầu không tổ chức qua mạng."),
                                   (b1, "single_bidder", "Chỉ một nhà thầu dự thầu."),
                                   (bo1, SPLIT, "Gói của Bộ.")):
        Warning.objects.create(package=package, unit=package.unit, code=code, message=message)
    return SimpleNamespace(a1=a1, a2=a2, b1=b1, bo1=bo1)


def ids(resp):
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["count"] == len(body["items"])
    return [i["id"] for i in body["items"]]


def test_an_item_carries_the_price_result_contractor_and_warning_texts(api_as, cast, projects, world):
    body = api_as("inspector").get("/packages").json()
    items = {i["id"]: i for i in body["items"]}
    assert body["count"] == 3   # the province's three; not the ministry's
    assert items[world.a1.pk] | {"selection_start": None} == {
        "id": world.a1.pk, "project_id": projects.a.pk, "name": "Gói thầu số 1", "field": "goods", "method": "open",
        "package_price": 1_000_000_000, "awarded_price": 950_000_000, "bidders": 3,
        "contractor": "Công ty Cổ phần Tin học Sao Mai", "warnings": [], "selection_start": None,
        "notice_code": "", "cancelled": False}
    assert items[world.a1.pk]["selection_start"] == "2025-03-01"
    a2 = items[world.a2.pk]
    assert (a2["awarded_price"], a2["bidders"], a2["contractor"]) == (None, None, None)
    assert a2["warnings"] == ["Tổng hai gói tư vấn vượt hạn mức chỉ định thầu.", "Gói thầu không tổ chức qua mạng."]
    assert items[world.b1.pk]["warnings"] == ["Chỉ một nhà thầu dự thầu."]
    # newest first
    assert [i["id"] for i in body["items"]] == [world.b1.pk, world.a1.pk, world.a2.pk]


def test_each_reader_sees_the_packages_of_the_projects_it_reads(api_as, world):
    province = {world.a1.pk, world.a2.pk, world.b1.pk}
    assert set(ids(api_as("staff_a").get("/packages"))) == {world.a1.pk, world.a2.pk}
    assert set(ids(api_as("staff_b").get("/packages"))) == {world.b1.pk}
    for who in ("inspector", "appraiser", "leader", "supervisor"):
        assert set(ids(api_as(who).get("/packages"))) == province, who
    for who in ("outsider", "outsider_staff"):
        assert ids(api_as(who).get("/packages")) == [world.bo1.pk], who
    # a filter never widens the scope: Sở Y tế asking for Sở KH&CN's unit gets nothing
    assert ids(api_as("staff_b").get("/packages", {"unit": world.a1.unit_id})) == []
    assert Client().get(f"{BASE}/packages").status_code == 401


def test_filters_by_unit_with_its_subtree_method_warning_field_and_year(api_as, units, world):
    inspector = api_as("inspector")
    assert set(ids(inspector.get("/packages", {"unit": units.tinh.pk}))) == {world.a1.pk, world.a2.pk, world.b1.pk}
    assert set(ids(inspector.get("/packages", {"unit": units.skhcn.pk}))) == {world.a1.pk, world.a2.pk}
    assert ids(inspector.get("/packages", {"unit": units.bo.pk})) == []   # another tree: nothing
    assert set(ids(inspector.get("/packages", {"method": "direct"}))) == {world.a2.pk, world.b1.pk}
    assert ids(inspector.get("/packages", {"method": "direct", "unit": units.syt.pk})) == [world.b1.pk]
    assert ids(inspector.get("/packages", {"warning": SPLIT})) == [world.a2.pk]   # not the ministry's
    assert ids(inspector.get("/packages", {"field": "consulting"})) == [world.a2.pk]
    assert ids(inspector.get("/packages", {"year": 2024})) == [world.a2.pk]
    assert set(ids(inspector.get("/packages", {"year": 2025}))) == {world.a1.pk, world.b1.pk}
    body = inspector.get("/packages", {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3 and [i["id"] for i in body["items"]] == [world.a1.pk]


def test_bad_filters_are_refused_in_vietnamese(api_as, world):
    inspector = api_as("inspector")
    resp = inspector.get("/packages", {"method": "dau_thau", "field": "phan_mem"})
    assert resp.status_code == 400
    body = resp.json()
    assert set(body["errors"]) == {"method", "field"}
    assert "Hình thức lựa chọn nhà thầu không hợp lệ" in body["detail"] and "direct" in body["detail"]
    resp = inspector.get("/packages", {"warning": "khong_co"})
    assert resp.status_code == 400 and SPLIT in resp.json()["errors"]["warning"][0]
    for params in ({"unit": "abc"}, {"unit": 0}, {"year": 1800}, {"limit": 0}, {"limit": 501}):
        resp = inspector.get("/packages", params)
        assert resp.status_code == 422, params
        assert resp.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_a_projects_packages_and_404_outside_its_readers(api_as, projects, world):
    path = f"/projects/{projects.a.pk}/packages"
    body = api_as("staff_a").get(path).json()
    assert body["count"] == 2 and {i["id"] for i in body["items"]} == {world.a1.pk, world.a2.pk}
    assert set(body["items"][0]) >= {"id", "project_id", "name", "field", "method", "package_price",
                                     "awarded_price", "bidders", "contractor", "warnings"}
    assert ids(api_as("inspector").get(path)) == ids(api_as("staff_a").get(path))
    for who in ("staff_b", "outsider", "outsider_staff"):
        resp = api_as(who).get(path)
        assert resp.status_code == 404 and resp.json()["detail"] == "Không tìm thấy nhiệm vụ/dự án.", who
    assert api_as("outsider").get(f"/projects/{projects.bo.pk}/packages").json()["count"] == 1
    assert api_as("inspector").get(f"/projects/{projects.bo.pk}/packages").status_code == 404
    assert api_as("staff_a").get("/projects/999999/packages").status_code == 404
    assert api_as("staff_a").get(f"/projects/{2**63}/packages").status_code in (404, 422)
    assert Client().get(f"{BASE}{path}").status_code == 401


def test_a_fixed_number_of_queries(api_as, cast, projects, units, world):
    client = api_as("inspector")
    client.get("/packages")

    def count(path, params=None):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, params).status_code == 200
        return len(ctx.captured_queries)

    paths = [("/packages", None), ("/packages", {"unit": units.tinh.pk, "warning": SPLIT}),
             (f"/projects/{projects.a.pk}/packages", None)]
    before = [count(p, q) for p, q in paths]
    for n in range(5, 11):
        package = _award(cast.staff_a, _package(cast.staff_a, projects.a, n),
                         contractor=(f"Công ty số {n}", f"01000000{n:02d}"))
        Warning.objects.create(package=package, unit=package.unit, code=SPLIT, message=f"Dấu hiệu {n}")
    assert client.get("/packages").json()["count"] == 9
    assert [count(p, q) for p, q in paths] == before
