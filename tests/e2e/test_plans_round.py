"""The planning round's pages in a real headless Chromium at 1366 px: the round page of a unit
(dates dd/mm/yyyy, amounts in đồng with "." separators, nothing wider than the screen) and the
proposal form with its costs grid, filled in and saved. Skipped where no Chromium is installed
(see test_browser.py); E2E_SCREENSHOTS=<dir> keeps the screenshots."""
import importlib
import re

import pytest

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def rubric(reference_data):  # noqa: F811
    """The default rubric, as plans/0002 loads it (a transactional test before may have flushed it)."""
    from django.apps import apps

    from cds.plans.models import Rubric

    if not Rubric.objects.exists():
        importlib.import_module("cds.plans.migrations.0002_rubric").load(apps, None)


def test_round_page_and_proposal_form(rubric, live_server, cast, units, browser_page):  # noqa: F811
    from cds.plans import services as ps
    from cds.plans.models import Proposal
    from tests.plans.conftest import open_round, proposal_data

    round_ = open_round(cast, units)
    ps.create_proposal(cast.staff_b, round_, proposal_data(name="Nâng cấp hệ thống quản lý khám chữa bệnh"))
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "staff_b")
    page.goto(f"{live_server.url}/ke-hoach/{round_.pk}/")
    body = page.inner_text("main")
    assert round_.deadline.strftime("%d/%m/%Y") in body and "5.000.000.000" in body and "1.000.000.000" in body
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    shot(page, "plans-01-round-unit")

    page.click("[data-testid=proposal-create]")
    page.fill("#id_name", "Xây dựng kho dữ liệu y tế dùng chung của tỉnh")
    page.fill("#id_objectives", "Tập trung dữ liệu khám chữa bệnh, tiêm chủng của các cơ sở y tế.")
    page.select_option("#id_kind", "investment")
    page.select_option("#id_regime", index=1)
    cell = page.locator("[data-testid=money-grid] input").first
    cell.fill("2.500.000.000")
    shot(page, "plans-02-proposal-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.click("#proposal-form button[type=submit]")
    page.wait_for_load_state()
    saved = Proposal.objects.get(name="Xây dựng kho dữ liệu y tế dùng chung của tỉnh")
    assert saved.total == 2_500_000_000
    page.goto(f"{live_server.url}/ke-hoach/{round_.pk}/")
    assert re.search(r"2\.500\.000\.000", page.inner_text("#my-proposals"))

    sign_in(page, live_server.url, "appraiser")
    page.goto(f"{live_server.url}/ke-hoach/{round_.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    shot(page, "plans-03-round-authority")
    page.goto(f"{live_server.url}/ke-hoach/{round_.pk}/han-muc/")
    shot(page, "plans-04-envelopes")
