"""The public transparency pages in a real headless Chromium, without an account: the chart of
money by year draws (no script refused by the Content-Security-Policy), the project list
searches without diacritics, a library entry opens; nothing wider than the screen. Skipped where
no Chromium is installed (see test_browser.py); E2E_SCREENSHOTS=<dir> keeps the screenshots."""
import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP
from tests.public.conftest import publish
from tests.public.test_pages import world  # noqa: F401 — fixture

pytestmark = pytest.mark.e2e

DRAWN = "(id) => { const c = document.getElementById(id); return !!c && typeof Chart !== 'undefined' && !!Chart.getChart(c); }"


def test_a_citizen_reads_the_public_pages(reference_data, live_server, units, cast, world, browser_page):  # noqa: F811
    cache.clear()
    publish(cast.appraiser, cast.leader, units.tinh)
    page = browser_page
    errors = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/cong-khai/")
    assert page.url.endswith("/cong-khai/T01/")  # the only published tree
    assert page.evaluate(DRAWN, "chart-money")
    assert "bản công bố số 1" in page.inner_text("[data-testid=public-footer]")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    shot(page, "public-01-portfolio")
    page.click("[data-testid=projects-link]")
    page.fill("input[name=q]", "dat dai")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=list-total]")).to_have_text("1", timeout=15000)
    assert world.a.name in page.inner_text("[data-testid=projects-table]")
    shot(page, "public-02-projects")
    page.goto(f"{live_server.url}/cong-khai/T01/mo-hinh/")
    page.click(f"text={world.practice.title}")
    expect(page.locator("[data-testid=reuse-count]")).to_be_visible()
    assert "/mo-hinh/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit()
    shot(page, "public-03-practice")
    assert not errors, errors
