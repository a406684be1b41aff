"""The estimate path in a real headless Chromium: the unit's chuyên viên uploads its Excel
estimate, sees the preview with what the checks would flag, confirms, sees the flag in place with
its reason and citation, and submits; the CĐS appraiser finds it in the worklist, comments on the
line, concludes, and the estimate reads "Đã kết luận". Skipped where no Chromium is installed."""
import pytest

from cds.estimates import services
from cds.estimates.models import Conclusion, Estimate, Status
from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import sign_in
from tests.estimates.test_pages import GOOD_ROWS, sheet_bytes

pytestmark = pytest.mark.e2e


def test_unit_uploads_checker_concludes(reference_data, live_server, cast, projects, browser_page, tmp_path):  # noqa: F811
    estimate = services.create_estimate(cast.staff_a, projects.a, title="Dự toán chi tiết thử nghiệm")
    sheet = tmp_path / "du-toan.xlsx"
    sheet.write_bytes(sheet_bytes(GOOD_ROWS))
    page = browser_page
    url = f"{live_server.url}/du-toan/{estimate.pk}/"

    sign_in(page, live_server.url, cast.staff_a.username)
    page.goto(url)
    page.set_input_files("input[name=file]", str(sheet))
    page.click("text=Tải lên và xem trước")
    page.wait_for_selector("text=Xác nhận nhập thành phiên bản mới")
    preview = page.inner_text("main")
    assert "Chi phí khảo sát" in preview and "khác khối lượng × đơn giá" in preview
    assert Estimate.objects.get(pk=estimate.pk).current_version == 0  # the preview wrote nothing
    shot(page, "30-estimate-preview")
    page.click("text=Xác nhận nhập thành phiên bản mới")
    page.wait_for_selector("[data-testid=flag-counts]")
    body = page.inner_text("main")
    assert "Thành tiền 25.000.000 đồng khác khối lượng × đơn giá = 20.000.000 đồng" in body
    page.click("text=Gửi kiểm tra")
    page.wait_for_selector("[data-testid=status]")
    assert Estimate.objects.get(pk=estimate.pk).status == Status.SUBMITTED

    sign_in(page, live_server.url, cast.appraiser.username)
    page.goto(f"{live_server.url}/du-toan/kiem-tra/")
    page.click("text=Dự toán chi tiết thử nghiệm")
    page.wait_for_selector("text=Kết luận kiểm tra")
    line = page.locator("tr", has_text="Chi phí khảo sát").first
    assert line.is_visible()
    page.locator("details.est-inline-form summary", has_text="Ghi ý kiến kiểm tra khoản mục này").first.click()
    form = page.locator("form[action$='/y-kien/']").first
    form.locator("textarea[name=text]").fill("Thành tiền theo khối lượng × đơn giá.")
    form.locator("input[name=checked_amount]").fill("20.000.000")
    form.locator("button").click()
    page.wait_for_selector("text=Thành tiền theo khối lượng × đơn giá.")
    page.check(f"#c-{Conclusion.ADJUST}")
    page.fill("#c-text", "Sửa thành tiền khoản khảo sát.")
    page.click("button:has-text('Kết luận')")
    page.wait_for_selector("[data-testid=conclusion]")
    shot(page, "31-estimate-concluded")
    done = Estimate.objects.get(pk=estimate.pk)
    assert done.status == Status.CONCLUDED and done.conclusion == Conclusion.ADJUST
    assert done.concluded_by_id == cast.appraiser.pk
    assert "Cần điều chỉnh" in page.inner_text("[data-testid=conclusion]")
