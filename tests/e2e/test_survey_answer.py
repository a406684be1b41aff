"""A unit answers a survey in a real headless Chromium: the staff fills the response, a skip rule
hides a question until its condition holds (its input then posts nothing), saves; the head sends
it. Skipped where no Chromium is installed (see test_browser.py); E2E_SCREENSHOTS=<dir> keeps the
screenshots."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, sign_in
from tests.surveys.conftest import survey_form, survey_round  # noqa: F401 — fixtures

pytestmark = pytest.mark.e2e


def test_staff_fills_with_skip_logic_and_head_submits(reference_data, live_server, cast, units,  # noqa: F811
                                                      survey_round, browser_page):  # noqa: F811
    from cds.surveys.models import Answer, Response, ResponseStatus

    response = Response.objects.get(round=survey_round, unit=units.skhcn)
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/khao-sat/")
    page.click("[data-testid=answer-link]")
    page.wait_for_selector("[data-testid=answer-form]")
    reason = page.locator("[data-testid=q-du_lieu_ly_do]")
    expect(reason).to_be_hidden()                               # du_lieu_co_nghen not answered yet
    page.check("#q_du_lieu_co_nghen-1")                         # "Có"
    expect(reason).to_be_visible()
    page.fill("#q_du_lieu_ly_do", "Chưa kết nối được CSDL dân cư")
    page.check("#q_du_lieu_co_nghen-2")                         # "Không": hidden again, disabled
    expect(reason).to_be_hidden()
    expect(page.locator("#q_du_lieu_ly_do")).to_be_disabled()
    page.check("#q_phap_ly_vuong-2")
    page.check("#q_ha_tang_muc-4")
    page.check("#q_ha_tang_thiet_bi-1")
    page.check("input[name=q_du_lieu_csdl__dan_cu][value=san_sang]")
    page.fill("#q_an_ninh_ngay", "15/03/2024")
    page.fill("#q_so_can_bo", "3")
    shot(page, "surveys-01-answer")
    page.click("[data-testid=save]")
    page.wait_for_selector("text=Đã lưu câu trả lời.")
    assert page.inner_text("[data-testid=response-status]") == "Đang nhập"
    assert not Answer.objects.filter(response=response, question__name="du_lieu_ly_do").exists()
    assert Answer.objects.get(response=response, question__name="so_can_bo").number == 3
    assert page.locator("#q_so_can_bo").input_value() == "3"

    sign_in(page, live_server.url, "head_a")
    page.goto(f"{live_server.url}/khao-sat/phieu/{response.pk}/")
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=Đã gửi phiếu khảo sát.")
    assert page.inner_text("[data-testid=response-status]") == "Đã gửi"
    assert page.locator("[data-testid=answer-form]").count() == 0
    shot(page, "surveys-02-submitted")
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_by == cast.head_a
