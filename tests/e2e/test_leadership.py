"""The leadership dashboard in a real headless Chromium: its charts draw (no script refused by the
CSP), a leader drills from the province to Sở Y tế, to its hospital, to the red project and the
ledger table behind it; nothing wider than the screen. Skipped where no Chromium is installed
(see test_browser.py); E2E_SCREENSHOTS=<dir> keeps the screenshots."""
import pytest

from tests.dashboard.test_leadership import world  # noqa: F401 — fixture
from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, sign_in

pytestmark = pytest.mark.e2e

DRAWN = "(id) => { const c = document.getElementById(id); return !!c && typeof Chart !== 'undefined' && !!Chart.getChart(c); }"


def test_leader_drills_down_to_the_ledger(reference_data, live_server, cast, world, browser_page):  # noqa: F811
    page = browser_page
    errors = []
    # (the browser's own request for /favicon.ico answers 404: not the page's doing)
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/dieu-hanh/")
    assert page.evaluate(DRAWN, "chart-stages") and page.evaluate(DRAWN, "chart-trajectory")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    shot(page, "leadership-01-province")
    page.click(f"tr[data-unit='{world.units.syt.pk}'] a[data-drill]")
    page.wait_for_load_state()
    assert "Bệnh viện Đa khoa tỉnh" in page.inner_text("#units")
    shot(page, "leadership-02-unit")
    page.click(f"tr[data-unit='{world.hospital.pk}'] a[data-drill]")
    page.wait_for_load_state()
    assert "Đỏ" in page.inner_text("[data-testid=leaf-projects]")
    shot(page, "leadership-03-sub-unit")
    page.click(f"tr[data-project='{world.bv.pk}'] a >> nth=0")
    page.wait_for_load_state()
    assert page.is_visible("#ledger-table")
    shot(page, "leadership-04-ledger")
    assert not errors, errors
