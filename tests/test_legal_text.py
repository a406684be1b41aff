"""Legal text cites the law, never the team's research notes.

Every place a user reads rules, deadlines or legal bases — the rules page, the dossier pages,
the dossier form's route preview, the appraisal report and the draft decision (Word), the review
pages and the consolidated review report (Word and Excel), the yearly plan (Word, Excel, API), the working-day calendar, the
catalogue of systems to build on and the API — is rendered for the demo province and searched for the markers
of unverified research ("cần xác nhận", "[U]", "§1.5", "domain.md" …): none may appear. A row
that has not been checked against its legal text keeps its value and its citation; whether it
was checked is shown to administrators only (see tests/appraisal/test_rules.py)."""
from __future__ import annotations

import io
import re
import zipfile

from django.urls import reverse
from docx import Document

from cds.accounts.models import ApiToken, User
from cds.appraisal.models import Dossier
from cds.plans.models import PlanVersion
from cds.projects.models import Project
from cds.reviews.models import Campaign, Review
from cds.rules.models import LegalRegime

from .conftest import login

MARKERS = re.compile(
    r"domain\.md|§\s*\d|\[(?:V|V2|U|N)\]|cần xác nhận|chưa tra được|chưa kiểm chứng|chưa xác minh"
    r"|\bBài 00\d|nội dung \[|\(\?\)", re.IGNORECASE)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(out)


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def markers_in(text: str) -> list[str]:
    found = []
    for m in MARKERS.finditer(text):
        found.append(text[max(m.start() - 60, 0):m.end() + 30].replace("\n", " "))
    return found


def _get(client, url, headers=None, **params) -> str:
    response = client.get(url, params, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    content_type = response.get("Content-Type", "")
    if "wordprocessingml" in content_type:
        return docx_text(response.content)
    if "spreadsheetml" in content_type:
        return xlsx_text(response.content)
    return response.content.decode()


def test_no_research_markers_reach_users(demo):
    appraiser = login(User.objects.get(username="thamdinh"))
    leader = login(User.objects.get(username="phochutich"))
    staff = login(User.objects.get(username="cv_congthuong"))
    pages: dict[str, str] = {}

    # the rules of every regime, as a leader and as unit staff see them
    for regime in LegalRegime.objects.all():
        for who, client in (("leader", leader), ("staff", staff)):
            pages[f"rules {regime.code} ({who})"] = _get(client, reverse("appraisal:rules"), regime=regime.pk)

    # every dossier: its page, the route preview of its project's form, the two Word documents
    for dossier in Dossier.objects.select_related("project"):
        pages[f"dossier {dossier.code}"] = _get(appraiser, reverse("appraisal:dossier", args=[dossier.pk]))
        pages[f"report {dossier.code}"] = _get(appraiser, reverse("appraisal:report", args=[dossier.pk]))
        pages[f"decision {dossier.code}"] = _get(appraiser, reverse("appraisal:decision_draft", args=[dossier.pk]))
        pages[f"project {dossier.project.code}"] = _get(appraiser, reverse("projects:detail",
                                                                           args=[dossier.project_id]))
    pages["tracking"] = _get(appraiser, reverse("appraisal:tracking"))
    project = Project.objects.filter(dossiers__isnull=True, kind="recurrent").first()
    if project is not None:
        owner = login(User.objects.filter(unit=project.investor_unit, role="unit_staff").first())
        pages["route preview"] = _get(owner, reverse("appraisal:create", args=[project.pk]),
                                      amount="2000000000", preview="1")

    # reviews: a review page with its indicators, the campaign's Word report and Excel appendix
    for campaign in Campaign.objects.exclude(status="draft")[:2]:
        pages[f"campaign report {campaign.pk}"] = _get(appraiser, reverse("reviews:report_docx", args=[campaign.pk]))
        pages[f"campaign xlsx {campaign.pk}"] = _get(appraiser, reverse("reviews:report_xlsx", args=[campaign.pk]))
    review = Review.objects.order_by("pk").first()
    pages["review"] = _get(appraiser, reverse("reviews:review", args=[review.pk]))

    # the yearly plan: each version's Word document and Excel appendix
    for plan in PlanVersion.objects.order_by("pk")[:3]:
        pages[f"plan docx {plan.pk}"] = _get(appraiser, reverse("plans:plan_docx", args=[plan.pk]))
        pages[f"plan xlsx {plan.pk}"] = _get(appraiser, reverse("plans:plan_xlsx", args=[plan.pk]))

    # the working-day calendar of the years whose schedules are data, the platform catalogue
    for year in (2023, 2024, 2025, 2026):
        pages[f"calendar {year}"] = _get(staff, reverse("workdays:year"), year=year)
    catalogue = appraiser.get(reverse("overlap:platforms"))  # the systems list, once that exists
    pages["platforms"] = _get(appraiser, catalogue["Location"]) if catalogue.status_code == 301 \
        else catalogue.content.decode()

    # the estimate calculators: their forms and the appendix tables they print
    for code in ("CV2589", "QD671"):
        pages[f"calc ucp {code}"] = _get(staff, reverse("estimates:calc_ucp"), method=code)
    pages["calc ucp result"] = staff.post(reverse("estimates:calc_ucp"), {
        "method": "QD671", "actor_complex": "3", "uc_B_simple": "11", "hourly_rate": "55.677",
        **{f"t{i}": "1" for i in range(1, 14)}, **{f"e{i}": "3" for i in range(1, 9)}}).content.decode()
    pages["calc rates"] = _get(staff, reverse("estimates:calc_rates"))
    pages["calc rates result"] = staff.post(reverse("estimates:calc_rates"), {
        "table": "review_b", "base": "10.000.000.000", "coefficients": ["island"]}).content.decode()
    pages["calc data"] = _get(staff, reverse("estimates:calc_data"))
    pages["calc data result"] = staff.post(reverse("estimates:calc_data"), {
        "fields_short": "10", "ocr_pages_text": "5", "photos": "2"}).content.decode()
    assert all('data-testid="appendix"' in pages[f"calc {name} result"] for name in ("ucp", "rates", "data"))

    # the API: its documentation, the due-date calculator, a project with its regime
    bearer = {"Authorization": "Bearer " + ApiToken.issue(User.objects.get(username="thamdinh"))[1]}
    pages["openapi"] = _get(appraiser, "/api/v1/openapi.json")
    pages["api due date"] = _get(appraiser, "/api/v1/calendar/due-date", bearer, start="2026-08-20", days=10)
    some = Dossier.objects.first().project_id
    pages["api project"] = _get(appraiser, f"/api/v1/projects/{some}", bearer)
    for round_id in PlanVersion.objects.values_list("round_id", flat=True).distinct()[:2]:
        pages[f"api plan round {round_id}"] = _get(appraiser, f"/api/v1/plans/{round_id}", bearer)

    found = {name: hits for name, text in pages.items() if (hits := markers_in(text))}
    assert not found, "\n".join(f"{name}: {hits[:3]} ({len(hits)} in all)" for name, hits in found.items())


def test_demo_decisions_cite_the_decree_and_the_appraising_body(demo):
    """Every draft decision of the demo — concluded or not — cites its regime's decree by number and
    date and the appraisal result of Sở KH&CN, never of the province that decides."""
    appraiser = login(User.objects.get(username="thamdinh"))
    for dossier in Dossier.objects.select_related("procedure__regime"):
        text = _get(appraiser, reverse("appraisal:decision_draft", args=[dossier.pk]))
        regime = dossier.procedure.regime
        assert f"Căn cứ {regime.name};" in text and re.search(r"Nghị định số \d+/20\d\d/NĐ-CP ngày", regime.name)
        assert f"Căn cứ quy định tại {dossier.procedure.citation};" in text and "Điều" in dossier.procedure.citation
        assert "kết quả thẩm định của Sở Khoa học và Công nghệ" in text, dossier.code
        assert "kết quả thẩm định của Ủy ban nhân dân" not in text and "Văn bản khác số" not in text
