"""The main path a user takes, in a real headless Chromium (Debian's package, driven by
Playwright — no browser is ever downloaded): log in → search without diacritics → open a
project → make a transition → see the timeline and history.

Skipped, with the reason printed, where no Chromium is installed (CI installs it)."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, require_tool
from tests.factories import make_project

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "")) if os.environ.get("E2E_SCREENSHOTS") else None
# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to be used from
# a thread with a running loop unless told it is safe (it is: one test, one thread, no await).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_page():
    chromium = require_tool(
        "CHROMIUM_PATH", "chromium", "chromium-browser",
        what="Không tìm thấy Chromium (cài gói Debian 'chromium' để chạy kiểm thử trình duyệt).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="vi-VN")
        page.set_default_timeout(15000)
        # Chromium reports what the Content-Security-Policy blocked (an inline script, an on…=
        # handler, a <style> element, eval) on the console: a page doing so has lost behaviour.
        blocked = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        yield page
        browser.close()
        assert not blocked, "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_login_search_open_transition(transactional_db, live_server, cast, units, browser_page):
    target = make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh")
    make_project(cast.staff_a, units.skhcn, name="Nâng cấp hệ thống camera giám sát giao thông", objectives="")
    page = browser_page

    page.goto(f"{live_server.url}/")
    assert "Đăng nhập" in page.title()
    shot(page, "01-login")
    page.fill("#id_username", "staff_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Tổng quan danh mục")
    shot(page, "02-home")

    page.click("[data-testid=main-nav] >> text=Nhiệm vụ, dự án")
    page.fill("#q", "dat dai")
    page.keyboard.press("Enter")
    # a locator wait, not wait_for_function: that evaluates a string in the page, which the
    # Content-Security-Policy forbids (no 'unsafe-eval')
    expect(page.locator("[data-testid=result-count]")).to_have_text("1", timeout=15000)
    assert page.locator("#project-table tbody tr").count() == 1
    shot(page, "03-search")

    page.click(f"text={target.name}")
    page.wait_for_selector("[data-testid=project-name]")
    assert page.inner_text("[data-testid=project-state]") == "Đề xuất"
    page.click("text=Bắt đầu lập hồ sơ")
    page.wait_for_selector("#confirm-transition")
    shot(page, "04-confirm")
    page.click("#confirm-transition")
    page.wait_for_selector("text=Đã thực hiện")
    assert page.inner_text("[data-testid=project-state]") == "Đang lập hồ sơ"

    page.click("text=Tiến trình")
    assert "Đề xuất → Đang lập hồ sơ" in page.inner_text("#timeline")
    shot(page, "05-timeline")
    page.click("text=Lịch sử thay đổi")
    assert "Trạng thái" in page.inner_text("#history")
    target.refresh_from_db()
    assert target.state == "dossier_preparing"


def _login(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Tổng quan danh mục")


@pytest.fixture
def reference_data(transactional_db):
    """The rows data migrations load (regimes, procedures, catalogue, calendar): a transactional
    test before this one has flushed them, so load them again the way the migrations do."""
    import importlib

    from django.apps import apps

    from cds.estimates import norm_data
    from cds.estimates.models import CostStructure
    from cds.rules import rule_data
    from cds.rules.models import LegalRegime
    from cds.systems.models import InformationSystem
    from cds.systems.platform_data import PLATFORMS
    from cds.workdays import schedule_data

    if not LegalRegime.objects.exists():
        importlib.import_module("cds.catalog.migrations.0002_initial_catalog").load(apps, None)
        rule_data.load(apps)  # the regimes and their rules, as rules/0006 loads them
        schedule_data.load(apps)  # the yearly days-off schedules, as workdays/0004 loads them
    if not CostStructure.objects.exists():
        norm_data.load(apps)  # cost structures and calculation constants, as estimates/0002 loads them
    if not InformationSystem.objects.filter(root_unit__isnull=True).exists():
        # the national platforms, shared-system types and common software, as overlap/0002 and 0006
        # load them (the overlap index's vocabulary and the reuse checks read them)
        category = {"national": "national", "shared": "core", "common": "common"}
        InformationSystem.objects.bulk_create([InformationSystem(
            code=p["code"], name=p["name"], aliases=p.get("aliases", ""), operator=p.get("operator", ""),
            citation=p.get("citation", ""), category=category.get(p.get("level"), "national"),
            is_hub=p["code"] in ("LGSP", "NDXP"), lifecycle="operate") for p in PLATFORMS])


def test_appraisal_dossier_in_the_browser(reference_data, live_server, cast, units, browser_page, tmp_path,
                                          settings):
    """A unit prepares a dossier (routing shown, a real file uploaded); the appraiser marks the
    checklist and concludes."""
    from cds.appraisal.models import Dossier, Status
    from cds.rules.models import LegalRegime
    from tests.appraisal.conftest import PDF, submitted

    settings.MEDIA_ROOT = tmp_path
    project = make_project(cast.staff_a, units.skhcn, name="Phần mềm quản lý hồ sơ người có công", kind="recurrent",
                           regime=LegalRegime.objects.get(code="ND73_2019"))
    page = browser_page
    _login(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/du-an/{project.pk}/")
    page.click("text=Lập hồ sơ thẩm định")
    page.fill("#id_amount", "2.500.000.000")
    page.click("text=Xem thủ tục áp dụng")
    page.wait_for_selector("#route >> text=Đề cương và dự toán chi tiết")
    shot(page, "06-dossier-route")
    page.click("button:has-text('Lập hồ sơ')")
    page.wait_for_selector("[data-testid=status]")
    pdf = tmp_path / "De-cuong.pdf"
    pdf.write_bytes(PDF)
    page.select_option("#doc-kind", "de_cuong")
    page.set_input_files("input[name=file]", str(pdf))
    page.click("#documents button:has-text('Tải lên')")
    page.wait_for_selector("text=Đã tải lên tài liệu")
    assert "De-cuong.pdf" in page.inner_text("#documents")
    dossier = Dossier.objects.get(project=project)
    assert dossier.documents.get().file_name == "De-cuong.pdf" and dossier.amount == 2_500_000_000

    other = submitted(cast, units)
    _login(page, live_server.url, "appraiser")
    page.goto(f"{live_server.url}/tham-dinh/ho-so/{other.pk}/")
    for radio in page.locator("#checklist input[type=radio][value=pass]").all():
        radio.check()
    page.click("text=Lưu kết quả kiểm tra")
    page.wait_for_selector("text=Đã lưu kết quả kiểm tra")
    page.check("#c-eligible")
    page.fill("#c-text", "Hồ sơ đáp ứng yêu cầu về giải pháp kỹ thuật và dự toán.")
    shot(page, "07-dossier-appraise")
    page.click("text=Kết luận, chuyển giám sát xác nhận")
    page.wait_for_selector("text=Đã kết luận thẩm định")
    assert page.inner_text("[data-testid=status]") == "Chờ giám sát xác nhận"
    other.refresh_from_db()
    assert other.status == Status.CONCLUDED and other.concluded_by == cast.appraiser


def test_directive_extraction_in_the_browser(transactional_db, live_server, cast, units, browser_page, tmp_path,
                                             settings):
    """The CĐS appraiser registers a directive by pasting its text, lets the assistant propose the
    tasks, corrects one and saves; the lead unit then finds the task among its own and reports."""
    from cds.directives.models import Directive, Task
    from tests.appraisal.conftest import PDF

    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    _login(page, live_server.url, "appraiser")
    page.goto(f"{live_server.url}/chi-dao/van-ban/moi/")
    page.select_option("#f-kind", "ket_luan")
    page.fill("#f-number", "61/TB-UBND")
    page.fill("#f-issued", "08/03/2023")
    page.fill("#f-title", "Kết luận cuộc họp về lập, thẩm định hồ sơ dự án CNTT")
    page.fill("#f-text", "Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Y tế rà soát Kế hoạch chuyển "
                         "đổi số năm 2023, hoàn thành trước ngày 22/3/3023. Sở Y tế chủ trì lập dự toán kinh phí "
                         "chuyển đổi số năm 2023, gửi Sở Thông tin và Truyền thông trước 14/4.")
    page.click("button:has-text('Nhập văn bản')")
    page.click("button:has-text('Đề xuất nhiệm vụ')")
    page.wait_for_selector("text=Năm 3023 có vẻ viết nhầm")
    shot(page, "10-assistant-proposed")
    assert page.input_value("input[name='row-0-deadline']") == "22/03/2023"
    assert page.input_value("input[name='row-1-deadline']") == "14/04/2023"      # no year: the directive's
    page.fill("input[name='row-1-expected_product']", "Dự toán kinh phí năm 2023")
    page.click("button:has-text('Lưu các nhiệm vụ đã chọn') >> nth=0")
    page.wait_for_selector("text=Đã lưu 2 nhiệm vụ")
    shot(page, "11-directive-tasks")
    directive = Directive.objects.get(number="61/TB-UBND")
    tasks = {t.lead_unit_id: t for t in Task.objects.filter(directive=directive)}
    assert set(tasks) == {units.sotttt.pk, units.syt.pk}
    assert list(tasks[units.sotttt.pk].coordinating_units.all()) == [units.syt]
    assert tasks[units.syt.pk].expected_product == "Dự toán kinh phí năm 2023"

    _login(page, live_server.url, "staff_b")
    page.goto(f"{live_server.url}/chi-dao/")
    page.click("text=Lập dự toán kinh phí chuyển đổi số năm 2023")
    page.fill("#r-percent", "100")
    page.fill("#r-content", "Đã gửi dự toán kèm thuyết minh")
    page.check("#r-completes")
    evidence = tmp_path / "du-toan.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#r-evidence", str(evidence))
    page.click("button:has-text('Gửi báo cáo')")
    page.wait_for_selector("text=Hoàn thành quá hạn")   # 14/4/2023 is long past
    shot(page, "12-task-reported")
    assert Task.objects.get(pk=tasks[units.syt.pk].pk).progress == "done"
