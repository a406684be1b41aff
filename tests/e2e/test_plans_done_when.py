"""The yearly plan end to end in a real headless Chromium, as the people take each step: a unit
fills the round's Excel sheet and imports it (preview, confirmation), sees that one proposal
duplicates another unit's and that a core system of the province already does the other, its
head sends both; the CĐS authority and the finance department score them, the authority
recommends funding, drafts and submits the plan, the leader approves it, the authority carries
it into the registry — where the new project shows its estimate line and the plan it comes
from. Skipped where no Chromium is installed (see test_browser.py)."""
import io
import re

import openpyxl
import pytest

from tests.e2e.test_browser import browser_page, reference_data, shot  # noqa: F401 — fixtures, screenshots
from tests.e2e.test_layout import DESKTOP, sign_in
from tests.e2e.test_plans_round import rubric  # noqa: F401 — fixture
from tests.plans.conftest import YEAR, finance, open_round, proposal_data  # noqa: F401 — fixture

pytestmark = pytest.mark.e2e

DUPLICATE = "Triển khai bệnh án điện tử tại các bệnh viện tỉnh"
SHARED = "Xây dựng hệ thống bệnh án điện tử dùng chung"
CORE_NAME = "Cổng tiếp nhận, xử lý phản ánh, kiến nghị của người dân dùng chung"
REUSE = "Xây dựng cổng tiếp nhận, xử lý phản ánh, kiến nghị của người dân ngành y tế"


def _filled(template: bytes) -> bytes:
    """The round's template with its example row replaced by the unit's two rows."""
    from cds.plans import importer
    from tests.factories import source

    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb[importer.DATA_SHEET]
    headers = {str(c.value).rstrip("*"): c.column for c in ws[1] if c.value}
    ws.delete_rows(2)
    money = importer.cost_label(YEAR, source("NSDP-DT"))
    for i, (name, amount) in enumerate(((DUPLICATE, 1_200_000_000), (REUSE, 850_000_000)), 2):
        row = {"STT": i - 1, "Tên nhiệm vụ": name, "Loại đề xuất": "Mới",
               "Mục tiêu": "Phục vụ người bệnh và người dân của tỉnh.", "Vấn đề cần giải quyết": "Hồ sơ giấy.",
               "Căn cứ": "Kế hoạch chuyển đổi số năm của tỉnh", "Loại nhiệm vụ": "Dự án đầu tư",
               "Chế độ pháp lý": "ND73_2019", "Năm bắt đầu": YEAR, "Năm kết thúc": YEAR, "Mức ưu tiên": "Cao",
               money: amount}
        for label, value in row.items():
            ws.cell(row=i, column=headers[label], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _confirming(page):
    page.once("dialog", lambda d: d.accept())


def test_a_unit_imports_sees_the_warnings_and_the_approved_plan_reaches_the_registry(
        rubric, live_server, cast, units, finance, browser_page, tmp_path):  # noqa: F811
    from cds.catalog.models import Capability
    from cds.overlap.engine import reset_index
    from cds.plans import services as ps
    from cds.plans.models import Proposal, ProposalStatus
    from cds.systems.models import Category, InformationSystem

    capability = Capability.objects.create(code="T-PAKN", name="Tiếp nhận, xử lý phản ánh kiến nghị")
    core = InformationSystem.objects.create(code="T-PAKN-CORE", name=CORE_NAME, category=Category.CORE,
                                            root_unit=units.tinh, owner_unit=units.skhcn)
    core.capabilities.add(capability)
    reset_index()   # the overlap index is built again, with the core system, on first use
    round_ = open_round(cast, units, finance.unit)
    other = ps.create_proposal(cast.staff_a, round_, proposal_data(unit=units.skhcn, name=SHARED))
    other = ps.submit_proposal(cast.head_a, other, expected_version=other.version)
    url = live_server.url
    page = browser_page
    page.set_viewport_size(DESKTOP)

    # --- the unit: the template, filled in, previewed and confirmed ----------------------------------
    sign_in(page, url, "staff_b")
    page.goto(f"{url}/ke-hoach/{round_.pk}/de-xuat/nhap/")
    template = page.request.get(url + page.get_attribute("[data-testid=template-link]", "href"))
    assert template.ok
    sheet = tmp_path / "de-xuat-so-y-te.xlsx"
    sheet.write_bytes(_filled(template.body()))
    page.set_input_files("input[type=file]", str(sheet))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("[data-testid=confirm-import]")
    assert page.inner_text("[data-testid=row-count]") == "2" and page.inner_text("[data-testid=error-count]") == "0"
    assert "2.050.000.000" in page.inner_text("[data-testid=total]")
    shot(page, "done-01-import-preview")
    page.click("[data-testid=confirm-import]")
    page.wait_for_url(re.compile(rf"/ke-hoach/{round_.pk}/$"))
    mine = {p.name: p for p in Proposal.objects.filter(round=round_, unit=units.syt)}
    assert set(mine) == {DUPLICATE, REUSE} and all(p.status == ProposalStatus.DRAFT for p in mine.values())
    duplicate, reuse = mine[DUPLICATE], mine[REUSE]

    # --- before sending: the duplicate of Sở KH&CN's proposal, the core system to reuse -------------------
    page.goto(f"{url}/ke-hoach/de-xuat/{duplicate.pk}/")
    found = page.inner_text("#findings")
    assert re.search(rf"Trùng với đề xuất {other.code} “{SHARED}” của Sở KH&CN", found), found
    shot(page, "done-02-duplicate-warning")
    page.goto(f"{url}/ke-hoach/de-xuat/{reuse.pk}/")
    found = page.inner_text("#findings")
    assert f"T-PAKN-CORE “{CORE_NAME}”" in found and "kế thừa" in found, found
    shot(page, "done-03-reuse-warning")

    # --- the head sends both (maker ≠ checker) ---------------------------------------------------------------
    sign_in(page, url, "head_b")
    for p in (duplicate, reuse):
        page.goto(f"{url}/ke-hoach/de-xuat/{p.pk}/")
        _confirming(page)
        page.click("[data-testid=submit]")
        page.wait_for_load_state()
        p.refresh_from_db()
        assert p.status == ProposalStatus.SUBMITTED and p.submitted_by == cast.head_b

    # --- the authority and the finance department score, each on their own -----------------------------------
    for who, mark in (("appraiser", "4"), ("stc_staff", "3")):
        sign_in(page, url, who)
        for p in (duplicate, reuse):
            page.goto(f"{url}/ke-hoach/de-xuat/{p.pk}/")
            for select in page.locator("select.score-input").all():
                select.select_option(mark)
            page.click("[data-testid=score-submit]")
            page.wait_for_selector("[data-testid=score-summary]")
    for p in (duplicate, reuse):
        p.refresh_from_db()
        assert p.score_count == 2 and p.score is not None and p.score_spread > 0

    # --- funding recommended, the plan drafted and submitted ---------------------------------------------------
    sign_in(page, url, "appraiser")
    page.goto(f"{url}/ke-hoach/{round_.pk}/tong-hop-de-xuat/")
    _confirming(page)
    page.click("[data-testid=recommend]")
    page.wait_for_load_state()
    page.click("[data-testid=draft]")
    page.wait_for_selector("[data-testid=plan-submit]")
    plan_url = page.url.split("#")[0]
    items = page.inner_text("[data-testid=items]")
    assert DUPLICATE in items and REUSE in items and "1.200.000.000" in items
    shot(page, "done-04-draft-plan")
    page.click("[data-testid=plan-submit]")
    page.wait_for_load_state()

    # --- the leader approves with the decision's number and date ------------------------------------------------
    sign_in(page, url, "leader")
    page.goto(plan_url)
    page.fill("#dn", "45/QĐ-UBND")
    page.fill("#dd", round_.basis_date.strftime("%d/%m/%Y"))
    page.click("[data-testid=approve]")
    page.wait_for_load_state()
    assert "45/QĐ-UBND" in page.inner_text("main")

    # --- the authority carries it into the registry ------------------------------------------------------------
    sign_in(page, url, "appraiser")
    page.goto(plan_url)
    _confirming(page)
    page.click("[data-testid=register]")
    page.wait_for_load_state()
    duplicate.refresh_from_db()
    item = duplicate.plan_items.select_related("project").get()
    assert item.project_id and item.project.name == DUPLICATE

    page.goto(f"{url}/du-an/{item.project_id}/?tab=budget")
    [line] = page.locator("#ledger tbody tr").all()
    assert re.search(rf"{YEAR}\s+Dự toán/khái toán đề xuất.*1\.200\.000\.000", line.inner_text(), re.S), line.inner_text()
    page.goto(f"{url}/du-an/{item.project_id}/")
    panel = page.inner_text("[data-testid=project-plans]")
    assert "Kế hoạch CĐS" in panel and "45/QĐ-UBND" in panel and "1.200.000.000" in panel
    shot(page, "done-05-registry-project")
