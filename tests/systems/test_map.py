"""The systems map and the inventory's exports: what each user sees (nodes, links, the SVG
picture, the Word annex, the Excel file), the filters, the audit record of a download."""
from __future__ import annotations

import io
import math
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from cds.audit.models import AuditEvent
from cds.catalog.models import DataEntity
from cds.systems import mapdata, mapsvg
from cds.systems.models import Category, DataHolding, HoldingRole, InformationSystem, Integration, Mechanism
from tests.conftest import login


def make_system(code, name, category, *, root=None, owner=None, **extra):
    return InformationSystem.objects.create(code=code, name=name, category=category, root_unit=root,
                                            owner_unit=owner, **extra)


def build_map(units):
    """LGSP (core hub of the province, Sở KH&CN), NDXP and CSDL dân cư (national), a sector
    system of each of Sở KH&CN and Sở Y tế, a ministry's system; links: both sector systems to
    the LGSP, Sở Y tế's system point-to-point to Sở KH&CN's, the LGSP and the ministry's system to
    the NDXP; a retired system of Sở KH&CN."""
    InformationSystem.objects.all().delete()  # the catalogue the migrations load: the map's own world only
    dan_cu = DataEntity.objects.create(code="T-DANCU", name="Dân cư thử nghiệm")
    s = SimpleNamespace(
        lgsp=make_system("LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", Category.CORE, root=units.tinh,
                         owner=units.skhcn, is_hub=True),
        ndxp=make_system("NDXP", "Nền tảng NDXP", Category.NATIONAL, is_hub=True),
        dancu=make_system("DANCU", "CSDL quốc gia về dân cư", Category.NATIONAL),
        khcn=make_system("KHCN-QL", "Hệ thống quản lý khoa học", Category.SECTOR, root=units.tinh, owner=units.skhcn),
        yte=make_system("YTE-HIS", "Hệ thống quản lý bệnh viện", Category.SECTOR, root=units.tinh, owner=units.syt),
        bo=make_system("BO-VB", "Hệ thống văn bản của Bộ", Category.SECTOR, root=units.bo, owner=units.bo_vp),
        old=make_system("KHCN-OLD", "Phần mềm cũ đã ngừng", Category.UNIT, root=units.tinh, owner=units.skhcn,
                        lifecycle="retired"),
        dan_cu=dan_cu,
    )
    Integration.objects.create(source=s.khcn, target=s.lgsp, both_ways=True)
    Integration.objects.create(source=s.yte, target=s.lgsp)
    direct = Integration.objects.create(source=s.yte, target=s.khcn, mechanism=Mechanism.DIRECT)
    direct.entities.add(dan_cu)
    Integration.objects.create(source=s.lgsp, target=s.ndxp)
    Integration.objects.create(source=s.bo, target=s.ndxp)
    Integration.objects.create(source=s.old, target=s.lgsp)
    DataHolding.objects.create(system=s.dancu, entity=dan_cu, role=HoldingRole.MASTER)
    DataHolding.objects.create(system=s.yte, entity=dan_cu, role=HoldingRole.LOCAL)
    return s


@pytest.fixture
def world(units):
    return build_map(units)


@pytest.fixture
def findings(monkeypatch, world):
    """Findings on Sở Y tế's and the ministry's systems (as the findings module would give them)."""
    texts = {world.yte.pk: ["Kết nối trực tiếp (điểm – điểm) với Hệ thống quản lý khoa học trong khi đã có LGSP"],
             world.bo.pk: ["Hệ thống của Bộ: phát hiện riêng của Bộ"]}
    monkeypatch.setattr(mapdata, "finding_texts", lambda user: texts)
    return texts


def codes(data):
    return {n["code"] for n in data["nodes"]}


def links(data):
    names = {n["id"]: n["code"] for n in data["nodes"]}
    return {(names[e["source"]], names[e["target"]]) for e in data["edges"]}


def test_a_unit_sees_its_systems_the_core_and_national_ones_not_another_units(cast, world, findings):
    data = mapdata.map_data(cast.staff_a)
    assert codes(data) == {"LGSP", "NDXP", "DANCU", "KHCN-QL"}
    assert links(data) == {("KHCN-QL", "LGSP"), ("LGSP", "NDXP")}     # not Sở Y tế's links, nor the Bộ's
    assert data["counts"]["findings"] == 0
    lgsp = next(n for n in data["nodes"] if n["code"] == "LGSP")
    assert lgsp["hub"] and lgsp["is_hub"] and lgsp["degree"] == 2 and lgsp["owner_unit"] == "Sở KH&CN"


def test_the_province_sees_its_whole_tree_never_another(cast, world, findings):
    data = mapdata.map_data(cast.appraiser)
    assert codes(data) == {"LGSP", "NDXP", "DANCU", "KHCN-QL", "YTE-HIS"}
    assert links(data) == {("KHCN-QL", "LGSP"), ("YTE-HIS", "LGSP"), ("YTE-HIS", "KHCN-QL"), ("LGSP", "NDXP")}
    yte = next(n for n in data["nodes"] if n["code"] == "YTE-HIS")
    assert yte["has_findings"] and yte["findings"] == findings[world.yte.pk]
    direct = next(e for e in data["edges"] if e["mechanism"] == "direct")
    assert direct["entities"] == ["Dân cư thử nghiệm"] and not direct["both_ways"]
    assert "Hệ thống của Bộ" not in str(data)
    other = mapdata.map_data(cast.outsider)
    assert codes(other) == {"NDXP", "DANCU", "BO-VB"} and links(other) == {("BO-VB", "NDXP")}


def test_retired_systems_only_when_asked(cast, world):
    assert "KHCN-OLD" not in codes(mapdata.map_data(cast.appraiser))
    data = mapdata.map_data(cast.appraiser, mapdata.MapFilters(ca_da_ngung=True))
    assert "KHCN-OLD" in codes(data) and ("KHCN-OLD", "LGSP") in links(data)


def test_filters_choose_the_focus_and_keep_its_neighbours_as_context(cast, units, world, findings):
    by_unit = mapdata.map_data(cast.appraiser, mapdata.MapFilters(don_vi=units.syt.pk))
    focus = {n["code"] for n in by_unit["nodes"] if n["focus"]}
    assert focus == {"YTE-HIS"} and codes(by_unit) == {"YTE-HIS", "LGSP", "KHCN-QL"}
    assert links(by_unit) == {("YTE-HIS", "LGSP"), ("YTE-HIS", "KHCN-QL")}

    national = mapdata.map_data(cast.appraiser, mapdata.MapFilters(loai=Category.NATIONAL))
    assert {n["code"] for n in national["nodes"] if n["focus"]} == {"NDXP", "DANCU"}

    entity = mapdata.map_data(cast.appraiser, mapdata.MapFilters(du_lieu=world.dan_cu.pk))
    assert {n["code"] for n in entity["nodes"] if n["focus"]} == {"DANCU", "YTE-HIS", "KHCN-QL"}
    assert links(entity) == {("YTE-HIS", "KHCN-QL")} | {("YTE-HIS", "LGSP")} & links(entity)

    flagged = mapdata.map_data(cast.appraiser, mapdata.MapFilters(phat_hien=True))
    assert {n["code"] for n in flagged["nodes"] if n["focus"]} == {"YTE-HIS"}


def test_garbled_filters_are_ignored():
    assert mapdata.read_filters({"don_vi": "abc", "loai": "<script>", "du_lieu": "-1", "phat_hien": "x",
                                 "vong_doi": "operate"}) == mapdata.MapFilters(phat_hien=True, vong_doi="operate")


def test_map_data_costs_the_same_queries_whatever_the_size(cast, units, world):
    def queries(flt):
        with CaptureQueriesContext(connection) as ctx:
            data = mapdata.map_data(cast.appraiser, flt)
        return len(ctx), data

    flt = mapdata.MapFilters(don_vi=units.skhcn.pk, du_lieu=world.dan_cu.pk)
    small = [queries(None)[0], queries(flt)[0]]
    for i in range(30):
        extra = make_system(f"X{i}", f"Hệ thống thêm {i}", Category.SECTOR, root=units.tinh, owner=units.skhcn)
        Integration.objects.create(source=extra, target=world.lgsp).entities.add(world.dan_cu)
    big, data = queries(None)
    assert [big, queries(flt)[0]] == small and big <= 12  # findings of other apps included
    assert data["counts"]["nodes"] == 35


def test_map_page_json_and_svg(cast, world, findings):
    client = login(cast.staff_a)
    page = client.get(reverse("systems:map"))
    body = page.content.decode()
    assert page.status_code == 200 and 'id="map-data"' in body
    assert "Hệ thống quản lý khoa học" in body and "Hệ thống quản lý bệnh viện" not in body
    assert "Tải ảnh PNG" in body and "Tải SVG" in body
    data = client.get(reverse("systems:map_data")).json()
    assert codes(data) == {"LGSP", "NDXP", "DANCU", "KHCN-QL"}
    svg = client.get(reverse("systems:map_svg")).content.decode()
    assert svg.startswith("<?xml") and "Hệ thống quản lý khoa học" in svg and "bệnh viện" not in svg

    wide = login(cast.appraiser)
    svg = wide.get(reverse("systems:map_svg") + "?tai=1")
    assert svg["Content-Disposition"].startswith("attachment") and svg["Content-Type"].startswith("image/svg+xml")
    text = svg.content.decode()
    assert "Hệ thống quản lý bệnh viện" in text and "Kết nối trực tiếp" in text and "Bộ" not in text.split("Chú giải")[0]
    filtered = wide.get(reverse("systems:map") + "?loai=national&don_vi=abc&vong_doi=operate").content.decode()
    assert 'value="national" selected' in filtered and '<input type="hidden" name="vong_doi" value="operate">' in filtered


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(" ".join(c.text.split()) for c in row.cells))
    return "\n".join(parts)


def test_word_annex_rows_and_scope(cast, world, findings):
    response = login(cast.appraiser).get(reverse("systems:export_docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="danh-muc-he-thong-thong-tin-')
    text = docx_text(response.content)
    assert "DANH MỤC HỆ THỐNG THÔNG TIN" in text
    for name in ("Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "Hệ thống quản lý khoa học", "Hệ thống quản lý bệnh viện",
                 "CSDL quốc gia về dân cư"):
        assert name in text
    row = next(line for line in text.splitlines() if "Hệ thống quản lý bệnh viện" in line and "|" in line)
    assert "Sở Y tế" in row and "Hệ thống chuyên ngành" in row and "điểm – điểm" in row
    assert "Hệ thống văn bản của Bộ" not in text and "phát hiện riêng của Bộ" not in text
    dancu = next(line for line in text.splitlines() if "CSDL quốc gia về dân cư" in line and "|" in line)
    assert "Dân cư thử nghiệm" in dancu            # the data it is the master of
    event = AuditEvent.objects.get(verb="system.exported")
    assert event.actor_id == cast.appraiser.pk and event.data["document"] == "docx" and event.data["count"] == 5

    unit = docx_text(login(cast.staff_a).get(reverse("systems:export_docx")).content)
    assert "Hệ thống quản lý khoa học" in unit and "bệnh viện" not in unit


def test_excel_two_sheets_scoped_and_filtered(cast, units, world, findings):
    response = login(cast.appraiser).get(reverse("systems:export_xlsx") + f"?don_vi={units.syt.pk}")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Hệ thống", "Kết nối"]
    rows = [[c for c in r] for r in wb["Hệ thống"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in rows] == ["YTE-HIS"]
    header = [c.value for c in wb["Hệ thống"][3]]
    assert rows[0][header.index("Đơn vị chủ quản")] == "Sở Y tế"
    assert "điểm – điểm" in rows[0][header.index("Phát hiện")]
    assert rows[0][header.index("Dữ liệu khác nắm giữ")] == "Dân cư thử nghiệm"
    pairs = {(r[0], r[2]) for r in wb["Kết nối"].iter_rows(min_row=4, values_only=True)}
    assert pairs == {("YTE-HIS", "LGSP"), ("YTE-HIS", "KHCN-QL")}
    assert "đơn vị Sở Y tế" in AuditEvent.objects.get(verb="system.exported").data["filters_text"]

    outsider = openpyxl.load_workbook(io.BytesIO(login(cast.outsider).get(reverse("systems:export_xlsx")).content))
    seen = {r[0] for r in outsider["Hệ thống"].iter_rows(min_row=4, values_only=True)}
    assert seen == {"NDXP", "DANCU", "BO-VB"}
    assert {(r[0], r[2]) for r in outsider["Kết nối"].iter_rows(min_row=4, values_only=True)} == {("BO-VB", "NDXP")}


def test_findings_never_name_what_the_user_may_not_see(cast, world):
    """The real findings: Sở Y tế reads its point-to-point finding, but not the name of Sở KH&CN's
    sector system at the other end, nor that link."""
    data = mapdata.map_data(cast.staff_b)
    assert "Hệ thống quản lý khoa học" not in str(data) and ("YTE-HIS", "KHCN-QL") not in links(data)
    yte = next(n for n in data["nodes"] if n["code"] == "YTE-HIS")
    assert any("Kết nối trực tiếp (điểm – điểm) với một hệ thống khác" in t for t in yte["findings"])
    wide = mapdata.map_data(cast.appraiser)
    yte = next(n for n in wide["nodes"] if n["code"] == "YTE-HIS")
    assert any("với Hệ thống quản lý khoa học" in t for t in yte["findings"])


def test_another_tree_sees_none_of_the_province_in_any_output(cast, world):
    client = login(cast.outsider)
    province = ("Hệ thống quản lý khoa học", "Hệ thống quản lý bệnh viện", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh")
    outputs = [client.get(reverse("systems:map")).content.decode(),
               client.get(reverse("systems:map_data")).content.decode(),
               client.get(reverse("systems:map_svg")).content.decode(),
               docx_text(client.get(reverse("systems:export_docx")).content)]
    for text in outputs:
        assert "Hệ thống văn bản của Bộ" in text or "H\\u1ec7 th\\u1ed1ng v\\u0103n b\\u1ea3n" in text
        assert not any(name in text for name in province)


def test_map_data_takes_query_parameters_too(cast, units, world):
    data = mapdata.map_data(cast.appraiser, {"don_vi": str(units.syt.pk)})
    assert {n["code"] for n in data["nodes"] if n["focus"]} == {"YTE-HIS"}
    assert data["filters"] == {"don_vi": units.syt.pk}


@pytest.mark.parametrize("count", [12, 400])
def test_layout_hubs_in_the_middle_systems_apart(count):
    nodes = [{"id": i, "name": f"Hệ thống {i}", "owner_unit": f"Sở {i % 7}", "degree": i % 5, "is_hub": i == 0,
              "hub": i < 4, "category": "sector"} for i in range(count)]
    pos = mapsvg.layout(nodes)
    assert len(pos) == count and pos[0][:2] == (0.0, 0.0)
    dist = {i: math.hypot(x, y) for i, (x, y, _r) in pos.items()}
    assert max(dist[i] for i in (1, 2, 3)) < min(dist[i] for i in range(4, count))
    items = list(pos.values())
    for k, (x1, y1, r1) in enumerate(items):
        for x2, y2, r2 in items[k + 1:]:
            assert math.hypot(x1 - x2, y1 - y2) > r1 + r2        # no two circles overlap
