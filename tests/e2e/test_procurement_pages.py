"""The procurement pages in a real headless Chromium: the inspector opens a department's packages,
reads a warning's reason and citation, drills to the project, and the list fits a 1366 px screen
with the menu on one line; a unit's staff sees only its own. Skipped where no Chromium is
installed (see test_browser.py)."""
import pytest
from django.apps import apps

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, OUTSIDE, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def procurement_world(reference_data, cast, projects):  # noqa: F811
    from cds.procurement.models import LawVersion
    from cds.procurement.rule_data import load
    from tests.procurement.test_pages import build_world

    if not LawVersion.objects.exists():
        load(apps, None)    # as procurement/0002 loads them (a transactional test flushed them)
    return build_world(cast, projects)


def test_the_inspector_drills_from_the_list_to_a_warning_and_the_project(live_server, cast, units,
                                                                         procurement_world, browser_page):  # noqa: F811
    w = procurement_world
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "inspector")
    page.click("[data-testid=nav-procurement]")
    page.wait_for_selector("[data-testid=package-table]")
    assert page.evaluate(OUTSIDE, DESKTOP["width"]) == []
    assert page.locator("nav.navbar").bounding_box()["height"] < 80
    assert page.locator("[data-testid=package-row]").count() == 6 - 1      # not the ministry's
    page.select_option("select[name=unit]", str(units.skhcn.pk))
    page.click("form[data-testid=filters] button[type=submit]")
    page.wait_for_selector("[data-testid=package-table]")
    assert page.locator("[data-testid=package-row]").count() == 4
    shot(page, "30-procurement-list-inspector")
    page.click(f"text={w.server.name}")
    page.wait_for_selector("[data-testid=warnings]")
    text = page.inner_text("[data-testid=warnings]")
    assert "Căn cứ: Luật Đấu thầu số 22/2023/QH15 Điều 23" in text and w.cameras.name in text
    shot(page, "31-procurement-package-inspector")
    page.click("[data-testid=project-link]")
    page.wait_for_selector("[data-testid=project-procurement]")
    shot(page, "32-procurement-project-panel")


def test_a_unit_sees_only_its_own_packages(live_server, cast, procurement_world, browser_page):  # noqa: F811
    w = procurement_world
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/dau-thau/")
    page.wait_for_selector("[data-testid=package-table]")
    assert page.locator("[data-testid=package-row]").count() == 4
    assert w.clinic.name not in page.inner_text("[data-testid=package-table]")
    shot(page, "33-procurement-list-unit")
    page.click(f"text={w.server.name}")
    page.wait_for_selector("[data-testid=warnings]")
    assert "gói bạn không có quyền xem" in page.inner_text("[data-testid=warnings]")
    shot(page, "34-procurement-package-unit")
