"""The leadership dashboard ("Điều hành"): its figures are the project list's for the same
filters, its drill-down goes province → unit → sub-unit → project → ledger, each number links to
the list behind it, other trees never show, unit roles are refused, a wrong filter is reported and
ignored, the page costs the same queries whatever the data, and its Word and Excel say the same."""
from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook

from cds.accounts.models import Role
from cds.audit.models import AuditEvent
from cds.core import tiles
from cds.projects import services as project_services
from cds.projects.filters import ProjectFilterSet
from cds.projects.models import Stage, State
from cds.rankings.models import Colour, ProjectSignal
from tests.conftest import login
from tests.directives.conftest import make_directive, make_task
from tests.factories import make_project, make_unit, programme, source
from tests.homepage import listed

TODAY = dt.date.today()
YEAR = TODAY.year
URL = "/dieu-hanh/"


def ledger(actor, project, stage, amount, year=YEAR, day=None):
    project_services.record_budget_entry(actor, project, {
        "year": year, "stage": stage, "amount": amount, "funding_source": source(),
        "decision_number": "12/QĐ-UBND", "decision_date": day or dt.date(year, 1, 1)})


def signal(project, colour, trend=0, cost="0.35", schedule="0.10"):
    return ProjectSignal.objects.create(project=project, period_end=TODAY, colour=colour, trend=trend,
                                        cost_variance=cost, schedule_variance=schedule, is_latest=True)


@pytest.fixture
def world(cast, units, projects):
    """The cast's province with a hospital under Sở Y tế (a second level to drill into), money on
    the ledgers, a red and a yellow project, and overdue directive tasks."""
    hospital = make_unit("T01-SYT-BV", "Bệnh viện Đa khoa tỉnh", parent=units.syt, short_name="BVĐK tỉnh")
    bv = make_project(cast.staff_b, hospital, name="Bệnh án điện tử Bệnh viện Đa khoa", start_year=YEAR - 1,
                      end_year=YEAR + 1)
    b2 = make_project(cast.staff_b, units.syt, name="Kho dữ liệu y tế", start_year=YEAR, end_year=YEAR,
                      kind="recurrent")
    ledger(cast.staff_a, projects.a, Stage.APPROVED, 5_000_000_000, year=2024)
    ledger(cast.staff_a, projects.a, Stage.ALLOCATED, 2_000_000_000)
    ledger(cast.staff_a, projects.a, Stage.DISBURSED, 500_000_000, day=dt.date(YEAR, 1, 15))
    ledger(cast.staff_b, bv, Stage.ALLOCATED, 1_000_000_000)
    ledger(cast.staff_b, bv, Stage.DISBURSED, 300_000_000, day=dt.date(YEAR, 1, 20))
    ledger(cast.staff_b, b2, Stage.ALLOCATED, 400_000_000)
    ledger(cast.outsider, projects.bo, Stage.ALLOCATED, 9_000_000_000)
    signal(bv, Colour.RED, trend=1)
    signal(projects.b, Colour.YELLOW)
    signal(projects.bo, Colour.RED)
    d = make_directive(cast.appraiser, units.tinh)
    make_task(cast.appraiser, d, units.skhcn, deadline=TODAY - dt.timedelta(days=20))
    make_task(cast.appraiser, d, hospital, deadline=TODAY - dt.timedelta(days=5), content="Kết nối bệnh án")
    make_task(cast.appraiser, d, units.syt, deadline=TODAY + dt.timedelta(days=30), content="Sắp đến hạn")
    return type("World", (), {"hospital": hospital, "bv": bv, "b2": b2, "units": units, "projects": projects})


def page(client, query=""):
    resp = client.get(URL + query)
    assert resp.status_code == 200, resp.status_code
    return lxml_html.fromstring(resp.content.decode())


def number(text: str) -> int:
    return int(text.strip().split()[0].replace(".", ""))


def unit_rows(doc) -> dict[str, dict]:
    """{unit id: {column: (number, link)}} of the sub-unit table; "total" for its total row."""
    out = {}
    for tr in doc.xpath('//table[@data-testid="unit-table"]//tr[@data-unit or @data-row="total"]'):
        key = tr.get("data-unit") or "total"
        out[key] = {a.get("data-col"): (number(a.text_content()), a.get("href")) for a in tr.xpath(".//a[@data-col]")}
        drill = tr.xpath(".//a[@data-drill]")
        if drill:
            out[key]["drill"] = drill[0].get("href")
    return out


def figure(doc, name) -> tuple[int, str]:
    a = doc.xpath(f'//a[@data-figure="{name}"]')[0]
    return number(a.xpath(".//*[@data-figure-value]")[0].text_content()), a.get("href")


def params_of(href: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_figures_equal_the_project_list(cast, world):
    """For a few filter combinations, the number of projects is the project list's total behind
    its link, and the money by stage is the sum over exactly those projects."""
    client = login(cast.leader)
    u = world.units
    combos = ["", f"?unit={u.syt.pk}", f"?programme={programme().pk}", f"?year={YEAR}&state={State.PROPOSED}",
              f"?funding_source={source().pk}&unit={u.tinh.pk}", f"?year={YEAR - 2}", f"?unit={world.hospital.pk}"]
    seen = set()
    for query in combos:
        doc = page(client, query)
        n, href = figure(doc, "projects")
        total, _rows = listed(client, href)
        assert total == n, (query, href)
        wanted = {k: v for k, v in params_of(query).items()}
        assert params_of(href) == wanted, (query, href)
        qs = ProjectFilterSet.for_user(wanted, cast.leader).qs
        assert n == qs.count()
        approved = sum(qs.values_list("total_approved", flat=True))
        stage = doc.xpath(f'//table[@data-testid="stages"]//tr[@data-stage="{Stage.APPROVED}"]//a')[0]
        assert number(stage.text_content()) == approved, query
        seen.add(n)
    assert len(seen) > 2   # the combinations really filter


def test_drill_down_province_unit_sub_unit_project_ledger(cast, world):
    client = login(cast.leader)
    u = world.units
    doc = page(client)
    rows = unit_rows(doc)
    assert set(rows) == {str(x.pk) for x in (u.skhcn, u.sotttt, u.syt, u.thanhtra)} | {"total"}
    assert [li.text_content().strip() for li in doc.xpath('//ol[@data-testid="drill"]/li')] == ["Toàn tỉnh"]
    doc = page(client, rows[str(u.syt.pk)]["drill"])
    assert [li.text_content().strip() for li in doc.xpath('//ol[@data-testid="drill"]/li')] == ["Toàn tỉnh", u.syt.name]
    rows = unit_rows(doc)
    assert set(rows) == {str(world.hospital.pk), "total"}
    direct = doc.xpath('//tr[@data-row="direct"]')[0]
    assert number(direct.xpath("./td")[1].text_content()) == 2          # projects.b and the data warehouse
    hospital = rows[str(world.hospital.pk)]
    assert hospital["red"][0] == 1
    red = params_of(hospital["red"][1])
    assert urlsplit(hospital["red"][1]).path == reverse("rankings:signals")
    assert red == {"colour": "red", "unit": str(world.hospital.pk)}
    assert hospital["overdue"][0] == 1 and listed(client, hospital["overdue"][1]) == (1, 1)
    assert listed(client, hospital["projects"][1]) == (1, 1)
    leaf = page(client, hospital["drill"])
    assert not leaf.xpath('//table[@data-testid="unit-table"]')
    (row,) = leaf.xpath('//table[@data-testid="leaf-projects"]/tbody/tr')
    assert row.get("data-project") == str(world.bv.pk)
    assert row.xpath('.//*[@data-colour]')[0].get("data-colour") == "red"
    assert "↑" in row.text_content() and "35,0%" in row.text_content()
    link = row.xpath(".//a")[0].get("href")
    assert link == f"/du-an/{world.bv.pk}/?tab=budget#ledger-table"
    detail = lxml_html.fromstring(client.get(link.split("#")[0]).content.decode())
    assert detail.get_element_by_id("ledger-table") is not None


def test_sub_unit_table_sums_to_its_total(cast, world):
    client = login(cast.leader)
    u = world.units
    doc = page(client)
    rows = unit_rows(doc)
    total = rows.pop("total")
    for col in ("projects", "approved", "red", "overdue"):
        assert sum(r[col][0] for r in rows.values()) == total[col][0], col
    syt = rows[str(u.syt.pk)]
    assert syt["allocated"][0] == 1_400_000_000 and syt["disbursed"][0] == 300_000_000
    assert syt["projects"][0] == 3 and syt["red"][0] == 1 and syt["overdue"][0] == 1
    assert total["red"][0] == 1                              # the ministry's red project is not ours
    assert total["overdue"][0] == 2 and listed(client, total["overdue"][1])[0] == 2
    assert listed(client, total["projects"][1])[0] == total["projects"][0]
    allocated = number(doc.xpath('//table[@data-testid="unit-table"]//tr[@data-row="total"]/td')[3].text_content())
    assert allocated == 3_400_000_000


def test_trajectory_of_the_year(cast, world):
    from cds.dashboard.leadership import figures

    tr = figures(cast.leader, {}, TODAY).trajectory
    assert tr.allocated == 3_400_000_000 and tr.disbursed == 800_000_000
    assert tr.cumulative[0] == 800_000_000 and tr.cumulative[TODAY.month - 1] == 800_000_000
    assert all(v is None for v in tr.cumulative[TODAY.month:])
    elapsed = (TODAY - dt.date(YEAR, 1, 1)).days + 1
    days = (dt.date(YEAR + 1, 1, 1) - dt.date(YEAR, 1, 1)).days
    assert tr.projected == round(800_000_000 * days / elapsed) == tr.projection[11]
    if TODAY.month > 1:   # the dashed line starts from the last month-end known
        assert tr.projection[TODAY.month - 2] == tr.cumulative[TODAY.month - 2]
        assert all(v is None for v in tr.projection[:TODAY.month - 2])
    past = figures(cast.leader, {"year": str(YEAR - 1)}, TODAY).trajectory
    assert past.projected is None and len([v for v in past.cumulative if v is not None]) == 12


def test_other_trees_never_appear(cast, world):
    u = world.units
    html = login(cast.leader).get(URL).content.decode()
    assert u.bo_vp.name not in html and world.projects.bo.name not in html
    doc = page(login(cast.leader), f"?unit={u.bo_vp.pk}")
    assert "không thuộc phạm vi" in doc.xpath('//*[@data-testid="filter-errors"]')[0].text_content()
    assert figure(doc, "projects")[0] == figure(page(login(cast.leader)), "projects")[0]
    outsider = page(login(cast.outsider))
    rows = unit_rows(outsider)
    assert set(rows) == {str(u.bo_vp.pk), "total"}
    assert rows["total"]["red"][0] == 1 and rows["total"]["projects"][0] == 1
    assert u.syt.name not in lxml_html.tostring(outsider, encoding="unicode")


@pytest.mark.parametrize("who", ["staff_a", "head_b", "outsider_staff"])
def test_unit_roles_are_refused(cast, world, who):
    client = login(getattr(cast, who))
    for url in (URL, URL + "word/", URL + "excel/"):
        resp = client.get(url)
        assert resp.status_code == 403
    assert "Bảng điều hành dành cho lãnh đạo" in client.get(URL).content.decode()
    assert not AuditEvent.objects.filter(verb="dashboard.exported").exists()


def test_bad_filter_values_are_reported_and_ignored(cast, world):
    client = login(cast.leader)
    plain = page(client)
    doc = page(client, "?year=abc&state=nope&unit=-3&programme=x&funding_source=1.5&regime=")
    errors = doc.xpath('//*[@data-testid="filter-errors"]//li')
    text = " ".join(e.text_content() for e in errors)
    assert len(errors) == 5 and "Năm:" in text and "Trạng thái không hợp lệ" in text
    assert figure(doc, "projects") == figure(plain, "projects")
    assert unit_rows(doc) == unit_rows(plain)


def _queries(client, query="") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL + query).status_code == 200
    return len(ctx)


def test_the_page_costs_the_same_queries_whatever_the_data(cast, world):
    client = login(cast.leader)
    u = world.units
    few = (_queries(client), _queries(client, f"?unit={u.syt.pk}"), _queries(client, f"?unit={world.hospital.pk}"))
    d = make_directive(cast.appraiser, u.tinh, number="9/UBND-KT")
    for i in range(4):
        unit = make_unit(f"T01-SYT-TT{i}", f"Trung tâm y tế {i}", parent=u.syt)
        p = make_project(cast.staff_b, unit, name=f"Dự án trung tâm {i}", start_year=YEAR, end_year=YEAR)
        ledger(cast.staff_b, p, Stage.ALLOCATED, 100_000_000 * (i + 1))
        signal(p, Colour.RED if i % 2 else Colour.GREEN)
        make_task(cast.appraiser, d, unit, deadline=TODAY - dt.timedelta(days=i + 1), content=f"Nhiệm vụ {i}")
        make_project(cast.staff_b, world.hospital, name=f"Dự án bệnh viện {i}")
    assert (_queries(client), _queries(client, f"?unit={u.syt.pk}"), _queries(client, f"?unit={world.hospital.pk}")) \
        == few


def _tile(key, section, honours, extra):
    """A tile of the test's own: the projects of the filters it honours (and ``extra``), counted
    through the project list's filter."""
    return tiles.Tile(
        key, f"Tile {key}", section, frozenset({Role.LEADER}),
        lambda user, flt, today: ProjectFilterSet.for_user({**flt.as_params(honours), **extra}, user).qs.count(),
        "projects:list", lambda flt, today: {**flt.as_params(honours), **extra}, honours=frozenset(honours))


@pytest.fixture
def test_tiles():
    mine = [_tile("test.all", tiles.MONEY, tiles.FILTER_NAMES, {}),
            _tile("test.proposed", tiles.RISK, set(tiles.FILTER_NAMES) - {"regime", "state"},
                  {"state": State.PROPOSED})]
    for t in mine:
        tiles.register(t)
    yield mine
    for t in mine:
        tiles._tiles.pop(t.key, None)


def test_tiles_link_to_their_lists(cast, world, test_tiles):
    client = login(cast.leader)
    for query in ("", f"?unit={world.units.syt.pk}", f"?regime={world.projects.a.regime_id}"):
        doc = page(client, query)
        shown = {a.get("data-tile"): a for a in doc.xpath("//a[@data-tile]")}
        assert {"test.all", "test.proposed"} <= set(shown)
        for key in ("test.all", "test.proposed"):
            a = shown[key]
            n = number(a.xpath(".//*[@data-tile-count]")[0].text_content())
            assert listed(client, a.get("href"))[0] == n, (query, key)
        assert figure(doc, "projects")[0] == number(shown["test.all"].xpath(".//*[@data-tile-count]")[0].text_content())
        ignored = shown["test.proposed"].xpath(".//*[@data-tile-ignored]")
        assert bool(ignored) == ("regime" in query)
        if ignored:
            assert "chế độ pháp lý" in ignored[0].text_content()
    sections = [d.get("data-section") for d in page(client).xpath("//*[@data-section]")]
    assert sections == [s for s in tiles.SECTIONS if s in sections]       # in the sections' order
    assert {tiles.MONEY, tiles.RISK} <= set(sections)
    assert not page(login(cast.appraiser)).xpath('//a[@data-tile="test.all"]')


def test_word_and_excel_carry_the_figures(cast, world):
    from cds.text.format import format_vnd

    client = login(cast.leader)
    u = world.units
    resp = client.get(URL + f"word/?unit={u.syt.pk}")
    assert resp.status_code == 200
    docx = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in docx.paragraphs)
    cells = " | ".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    assert f"Đơn vị: {u.syt.name}" in text
    assert world.hospital.display_name in cells and format_vnd(1_400_000_000) in cells
    assert len(docx.inline_shapes) >= 2                 # the charts, as images
    resp = client.get(URL + f"excel/?unit={u.syt.pk}")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    values = [row for row in wb["Theo đơn vị"].iter_rows(values_only=True)]
    assert f"Đơn vị: {u.syt.name}" in values[1][0]
    by_unit = {row[0]: row for row in values[3:]}
    assert by_unit[world.hospital.display_name][1:5] == (1, 0, 1_000_000_000, 300_000_000)
    assert by_unit["Tổng cộng"][1] == 3
    formats = list(AuditEvent.objects.filter(verb="dashboard.exported").order_by("pk").values_list("data", flat=True))
    assert formats == [{"format": "Word"}, {"format": "Excel"}]


def test_procurement_figures_are_the_package_lists(demo):
    """The demo province's contractor selection on the dashboard: the number of packages is the
    total the package list states for the same unit and year, and the savings are its figures."""
    from cds.accounts.models import User
    from tests.homepage import listed

    client = login(User.objects.get(username="lanhdao"))
    for query in ("", "?year=2025"):
        doc = page(client, query)
        link = doc.xpath('//*[@data-testid="procurement"]//a[@data-figure="packages"]')[0]
        assert listed(client, link.get("href"))[0] == number(link.text_content().split()[0])
