"""Layout in a real headless Chromium: who is signed in is always shown and the menu bar fits a
1366 px screen for every role; on a 390 px phone a list row keeps its status, amount and
deadline; file inputs read Vietnamese; the extraction assistant draws Vietnamese text in a
proportional face. Skipped where no Chromium is installed (see test_browser.py)."""
import datetime as dt

import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.factories import make_project

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Elements of the menu bar that lie outside the viewport (or past its right edge).
OUTSIDE = """(width) => Array.from(document.querySelectorAll('nav.navbar a, nav.navbar button'))
  .filter(e => e.offsetParent !== null)
  .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && (r.left < 0 || r.right > width + 0.5))
  .map(([text, r]) => `${text}: ${Math.round(r.left)}–${Math.round(r.right)}`)"""

FULLY_SHOWN = "e => e.scrollWidth <= e.clientWidth + 1"


def sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.navbar")


def test_identity_and_menu_fit_1366_for_every_role(transactional_db, live_server, cast, browser_page):  # noqa: F811
    page = browser_page
    page.set_viewport_size(DESKTOP)
    for role in ("admin", "leader", "staff_a", "appraiser", "inspector", "head_b"):
        user = getattr(cast, role)
        user.first_name, user.last_name = "Nguyễn Thị Phương", "Thảo"
        user.save()
        sign_in(page, live_server.url, user.username)
        shot(page, f"20-menu-1366-{role}")
        name = page.locator("[data-testid=user-name]")
        assert name.is_visible() and name.inner_text() == "Nguyễn Thị Phương Thảo", role
        assert name.evaluate(FULLY_SHOWN), f"{role}: the name is cut off"
        assert user.unit.short_name in page.inner_text("[data-testid=user-role]"), role
        assert page.evaluate(OUTSIDE, DESKTOP["width"]) == [], role
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], role
        assert page.locator("nav.navbar").bounding_box()["height"] < 80, f"{role}: the menu wraps"
        page.click("[data-testid=user-menu]")
        details = page.locator("[data-testid=user-details]")
        details.wait_for(state="visible")
        text = details.inner_text()
        assert user.get_role_display() in text and user.unit.name in text and "Đăng xuất" in text, role
        box = details.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], role


def _visible_in(page, locator, width):
    box = locator.bounding_box()
    return locator.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_a_phone_keeps_status_amount_and_deadline_of_each_row(reference_data, live_server, cast, units,  # noqa: F811
                                                              browser_page):  # noqa: F811
    from cds.directives import services as directives

    for i in range(3):
        make_project(cast.staff_a, units.skhcn, name=f"Hệ thống thông tin quản lý chuyên ngành số {i + 1} của Sở "
                                                      "Khoa học và Công nghệ tỉnh")
    directive = directives.create_directive(cast.appraiser, {
        "kind": "cong_van", "number": "8826/UBND-VXNV", "issued_on": dt.date.today() - dt.timedelta(days=60),
        "issuer": units.tinh, "signer": "Chủ tịch UBND tỉnh", "title": "Về việc đẩy mạnh chuyển đổi số",
        "full_text": ""})
    for days in (-20, 15):
        directives.add_task(cast.appraiser, directive, {
            "content": "Rà soát, cập nhật danh mục cơ sở dữ liệu dùng chung của tỉnh và báo cáo kết quả thực hiện",
            "lead_unit": units.skhcn.pk, "coordinating_units": [units.syt.pk],
            "deadline": dt.date.today() + dt.timedelta(days=days), "responsible": "Giám đốc Sở",
            "expected_product": "Báo cáo"})
    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "leader")

    page.goto(f"{live_server.url}/du-an/")
    shot(page, "21-phone-projects")
    rows = page.locator("[data-testid=project-row]")
    assert rows.count() == 3
    for i in range(rows.count()):
        for col in ("status", "amount"):
            assert _visible_in(page, rows.nth(i).locator(f"[data-col={col}]"), PHONE["width"]), (i, col)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}/chi-dao/")
    shot(page, "22-phone-tasks")
    rows = page.locator("[data-testid=task-row]")
    assert rows.count() == 2
    for i in range(rows.count()):
        for col in ("status", "deadline"):
            assert _visible_in(page, rows.nth(i).locator(f"[data-col={col}]"), PHONE["width"]), (i, col)
    assert "Quá hạn" in rows.nth(0).locator("[data-col=status]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_file_input_reads_vietnamese(reference_data, live_server, cast, units, browser_page,  # noqa: F811
                                     tmp_path):
    project = make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh")
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/du-an/{project.pk}/?tab=documents")
    picker = page.locator("[data-file-picker]")
    assert picker.locator(".file-picker-button").inner_text().strip() == "Chọn tệp"
    assert picker.locator(".file-picker-name").inner_text() == "Chưa chọn tệp"
    document = tmp_path / "Quyet-dinh-phe-duyet.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("input[name=file]", str(document))
    assert picker.locator(".file-picker-name").inner_text() == "Quyet-dinh-phe-duyet.pdf"
    shot(page, "23-file-picker")


def test_extraction_assistant_draws_vietnamese_in_a_proportional_face(transactional_db, live_server, cast, units,
                                                                      browser_page):  # noqa: F811
    from cds.directives import services as directives

    text = "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Y tế triển khai bệnh án điện tử."
    directive = directives.create_directive(cast.appraiser, {
        "kind": "cong_van", "number": "1470/UBND-NC", "issued_on": dt.date.today(), "issuer": units.tinh,
        "signer": "", "title": "Về việc triển khai bệnh án điện tử", "full_text": text})
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "appraiser")
    page.goto(f"{live_server.url}/chi-dao/van-ban/{directive.pk}/trich-xuat/")
    box = page.locator("textarea[name=text]")
    assert box.input_value() == text
    family = box.evaluate("e => getComputedStyle(e).fontFamily")
    assert "mono" not in family.lower() and "Noto Sans" in family, family
    shot(page, "24-assistant")
