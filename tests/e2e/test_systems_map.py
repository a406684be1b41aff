"""The systems map in a real headless Chromium: the CĐS authority opens the map, sees the
systems drawn (a canvas, the count of systems), clicks the system with a finding on the graph and
reads the finding in the side panel with a link to the system's page; chooses another system from
the table under the graph; a unit's official sees only its own scope. Skipped where no Chromium
is installed."""
import pytest
from playwright.sync_api import expect

from cds.systems.models import InformationSystem
from tests.e2e.test_browser import browser_page, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import sign_in
from tests.systems.test_map import build_map

pytestmark = pytest.mark.e2e


def test_open_the_map_click_a_system_read_its_findings(transactional_db, live_server, cast, units, browser_page):  # noqa: F811
    world = build_map(units)
    page = browser_page
    sign_in(page, live_server.url, cast.appraiser.username)
    page.goto(f"{live_server.url}/he-thong/ban-do/")
    box = page.locator("[data-testid=map]")
    expect(box).to_have_attribute("data-ready", "1")
    assert page.locator("#system-map canvas").count() > 0
    assert page.inner_text("[data-testid=node-count]") == "5"
    expect(box).to_have_attribute("data-nodes", "5")
    shot(page, "40-systems-map")

    # a click on the graph: the page says where the first system with findings is drawn
    probe = int(box.get_attribute("data-probe-id"))
    clicked = InformationSystem.objects.get(pk=probe)
    bounds = box.bounding_box()
    page.mouse.click(bounds["x"] + int(box.get_attribute("data-probe-x")),
                     bounds["y"] + int(box.get_attribute("data-probe-y")))
    expect(box).to_have_attribute("data-selected", str(probe))
    panel = page.locator("[data-testid=map-panel]")
    expect(panel).to_contain_text(clicked.name)
    expect(panel.locator("[data-testid=map-findings]")).to_contain_text("Phát hiện (")
    assert panel.locator(f"a[href='/he-thong/{probe}/']").count() == 1

    # from the table under the graph: Sở Y tế's system and its point-to-point link
    page.locator(f"[data-map-select='{world.yte.pk}']").click()
    expect(box).to_have_attribute("data-selected", str(world.yte.pk))
    expect(panel).to_contain_text("Hệ thống quản lý bệnh viện")
    expect(panel.locator("[data-testid=map-findings]")).to_contain_text(
        "Kết nối trực tiếp (điểm – điểm) với Hệ thống quản lý khoa học")
    assert panel.locator(f"a[href='/don-vi/{units.syt.pk}/']").count() == 1
    shot(page, "41-systems-map-finding")

    page.locator(f"[data-map-select='{world.lgsp.pk}']").click()
    expect(box).to_have_attribute("data-selected", str(world.lgsp.pk))
    expect(panel).to_contain_text("Kết nối (3)")

    # the picture: a PNG drawn by the browser, an SVG drawn by the server
    with page.expect_download() as png:
        page.click("#map-png")
    assert png.value.suggested_filename == "so-do-he-thong.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("text=Tải SVG")
    assert svg.value.suggested_filename.endswith(".svg")
    assert "Hệ thống quản lý bệnh viện" in open(svg.value.path(), encoding="utf-8").read()
    page.emulate_media(media="print")
    shot(page, "42-systems-map-print")
    page.emulate_media(media="screen")

    sign_in(page, live_server.url, cast.staff_a.username)
    page.goto(f"{live_server.url}/he-thong/ban-do/")
    expect(box).to_have_attribute("data-ready", "1")
    assert page.inner_text("[data-testid=node-count]") == "4"
    assert "Hệ thống quản lý bệnh viện" not in page.inner_text("main")
    assert InformationSystem.objects.count() == 7
