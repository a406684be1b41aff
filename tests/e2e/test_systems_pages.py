"""The systems map in a real headless Chromium: a unit's chuyên viên registers a system, links it
to the unit's project, declares its integration with the province's LGSP and sees the record's
completeness rise; the unit's head opens it and attests the record. Skipped where no Chromium is
installed."""
import re

import pytest

from cds.systems.models import InformationSystem, Integration, SystemProject
from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import sign_in
from tests.systems.conftest import build_systems

pytestmark = pytest.mark.e2e


def completeness(page) -> int:
    return int(re.search(r"(\d+)%", page.inner_text("[data-testid=completeness]")).group(1))


def test_unit_registers_links_integrates_head_attests(reference_data, live_server, cast, units, projects,  # noqa: F811
                                                      browser_page):  # noqa: F811
    world = build_systems(cast, units)
    page = browser_page
    sign_in(page, live_server.url, cast.staff_a.username)
    page.click("[data-testid=nav-systems]")
    page.wait_for_selector("[data-testid=systems-table]")
    page.click("[data-testid=create-system]")
    page.fill("#id_name", "Hệ thống quản lý hồ sơ khoa học công nghệ")
    page.select_option("#id_category", "sector")
    page.select_option("#id_core_system", str(world.lgsp.pk))
    page.fill("#id_operate_on", "01/03/2024")
    page.click("button:has-text('Khai báo')")
    page.wait_for_selector("[data-testid=system-name]")
    system = InformationSystem.objects.get(name="Hệ thống quản lý hồ sơ khoa học công nghệ")
    assert system.owner_unit == units.skhcn
    start = completeness(page)

    page.click("[data-add=projects] > summary")
    form = page.locator("[data-testid=link-form]")
    form.locator("select[name=project]").select_option(str(projects.a.pk))
    form.locator("select[name=role]").select_option("build")
    form.locator("button").click()
    page.wait_for_selector(f"[data-link] >> text={projects.a.code}")

    page.click("[data-add=integrations] > summary")
    form = page.locator("[data-testid=integration-form]")
    form.locator("select[name=other]").select_option(str(world.lgsp.pk))
    form.locator("select[name=direction]").select_option("both")
    form.locator("select[name=mechanism]").select_option("hub")
    form.locator("input[name=since]").fill("01/04/2024")
    form.locator("button").click()
    page.wait_for_selector("[data-integration] >> text=Nền tảng LGSP tỉnh")
    assert completeness(page) > start
    assert SystemProject.objects.filter(system=system, project=projects.a, role="build").exists()
    assert Integration.objects.get(source=system, target=world.lgsp).both_ways
    assert "Xác nhận hồ sơ" not in page.inner_text("main .d-flex.flex-wrap.gap-2.d-print-none")
    shot(page, "40-system-detail-staff")

    sign_in(page, live_server.url, cast.head_a.username)
    page.goto(f"{live_server.url}/he-thong/{system.pk}/")
    assert page.inner_text("[data-seal]").strip() == "Chưa xác nhận"
    page.click("[data-testid=attest]")
    page.wait_for_selector("text=Đã xác nhận hồ sơ hệ thống.")
    assert "Đã xác nhận" in page.inner_text("[data-seal]")
    assert cast.head_a.display_name in page.inner_text("[data-testid=seal-text]")
    system.refresh_from_db()
    assert system.attested_by == cast.head_a
    shot(page, "41-system-attested")
