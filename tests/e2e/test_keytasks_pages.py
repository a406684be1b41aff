"""The Đề án 06 pages in a real headless Chromium: a unit reports a difficulty on a task from its
own row of the progress view; the leader then reads the counts and the unit × task matrix, which
fit a 1366 px screen. Skipped where no Chromium is installed (see test_browser.py)."""
import pytest

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, OUTSIDE, sign_in
from tests.surveys.keytask_world import build

pytestmark = pytest.mark.e2e


def test_a_unit_reports_and_the_leader_reads_the_progress(reference_data, live_server, cast, units, projects,  # noqa: F811
                                                          browser_page):  # noqa: F811
    from cds.surveys import services
    from cds.surveys.models import KeyTaskStatus

    world = build(cast, units, projects)
    services.report_key_task(cast.staff_a, world.first, units.skhcn, {"progress": "in_progress", "percent": 40})
    page = browser_page
    page.set_viewport_size(DESKTOP)

    sign_in(page, live_server.url, "staff_b")
    page.click("[data-testid=nav-surveys]")
    page.goto(f"{live_server.url}/khao-sat/de-an-06/")
    page.wait_for_selector("[data-testid=keytask-table]")
    page.click("tr[data-task='1'] [data-testid=keytask-report]")
    page.wait_for_selector("#report-form")
    page.check("input[name=progress][value=blocked]")
    page.fill("input[name=percent]", "10")
    page.fill("textarea[name=evidence]", "Chưa có đường truyền số liệu chuyên dùng")
    shot(page, "40-keytask-report-unit")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-testid=keytask-statuses]")
    assert "Chưa có đường truyền" in page.inner_text("[data-testid=keytask-statuses]")
    assert KeyTaskStatus.objects.get(task=world.first, unit=units.syt).progress == "blocked"
    shot(page, "41-keytask-detail-unit")

    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/khao-sat/de-an-06/")
    page.wait_for_selector("[data-testid=keytask-table]")
    row = page.locator("tr[data-task='1']")
    assert row.locator("[data-col=units]").inner_text() == "2"
    assert row.locator("[data-col=blocked]").inner_text() == "1"
    assert page.evaluate(OUTSIDE, DESKTOP["width"]) == []
    shot(page, "42-keytask-progress-leader")
    page.select_option("select[name=xem]", "ma-tran")
    page.wait_for_selector("[data-testid=keytask-matrix]")
    assert page.locator(f"tr[data-row='{units.syt.pk}'] td[data-progress=blocked]").count() == 1
    shot(page, "43-keytask-matrix-leader")
