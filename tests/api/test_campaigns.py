"""/api/v1/campaigns: the scoped list with its counts, and the report downloads (the same
files as the web pages), 404 outside the caller's scope."""
import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from cds.reports.nd30 import DOCX_CONTENT_TYPE
from cds.reviews import report, selectors
from cds.reviews import services as rs
from cds.reviews.models import Campaign
from tests.reviews.conftest import campaign_setup, to_operation  # noqa: F401 - fixture
from tests.reviews.test_workflow import fill

from .conftest import ApiClient

TODAY = dt.date.today()


@pytest.fixture
def opened(cast, campaign_setup):  # noqa: F811
    campaign, a, b, old, _ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    ra = campaign.reviews.get(project=a)
    fill(cast, ra)
    rs.submit_review(cast.head_a, ra)
    rs.assess_review(cast.appraiser, ra, rating="ineffective", proposed_decision="stop",
                     proposed_reason="Hệ thống không còn được sử dụng")
    rb = campaign.reviews.get(project=b)
    fill(cast, rb, who="staff_b")
    campaign.refresh_from_db()
    return campaign, a, b, old


def test_list_shape_and_counts(cast, opened, api_as):
    campaign, *_ = opened
    resp = api_as("appraiser").get("/campaigns")
    assert resp.status_code == 200
    body = resp.json()
    assert body["count"] == 1 and len(body["items"]) == 1
    item = body["items"][0]
    assert {"id", "name", "deadline", "status", "period_year", "counts"} <= set(item)
    assert item["id"] == campaign.pk and item["name"] == campaign.name and item["status"] == "open"
    assert item["deadline"] == campaign.deadline.isoformat() and item["period_year"] == campaign.period_year
    assert item["counts"] == {"total": 3, "submitted": 1, "late": 0}
    # a unit counts only its own reviews; b is still a draft
    item = api_as("staff_b").get("/campaigns").json()["items"][0]
    assert item["counts"] == {"total": 1, "submitted": 0, "late": 0}
    # another tree sees nothing
    assert api_as("outsider").get("/campaigns").json() == {"items": [], "count": 0}


def test_late_counts_match_the_campaign_page(cast, opened, api_as):
    campaign, *_ = opened
    Campaign.objects.filter(pk=campaign.pk).update(deadline=TODAY - dt.timedelta(days=1))
    campaign.refresh_from_db()
    for who in ("appraiser", "staff_a", "staff_b", "leader"):
        user = getattr(cast, who)
        expected = selectors.counts(user, campaign)
        got = api_as(who).get("/campaigns").json()["items"][0]["counts"]
        assert got == {k: expected[k] for k in ("total", "submitted", "late")}, who
    # a submitted today after yesterday's deadline, b and old outstanding past the deadline
    assert api_as("appraiser").get("/campaigns").json()["items"][0]["counts"] == {
        "total": 3, "submitted": 1, "late": 3}


def test_list_needs_a_token(opened):
    resp = ApiClient().get("/campaigns")
    assert resp.status_code == 401 and resp["WWW-Authenticate"] == "Bearer"


def test_report_endpoints(cast, opened, api_as):
    campaign, a, b, old = opened
    client = api_as("appraiser")
    resp = client.get(f"/campaigns/{campaign.pk}/report.docx")
    assert resp.status_code == 200 and resp["Content-Type"] == DOCX_CONTENT_TYPE
    assert f"bao-cao-danh-gia-hieu-qua-{campaign.pk}.docx" in resp["Content-Disposition"]
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert a.name in text and b.code in text
    resp = client.get(f"/campaigns/{campaign.pk}/report.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"] == report.XLSX_CONTENT_TYPE
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Đánh giá", "Kiến nghị"]
    # same content as the builders (the bytes differ only by the creation time stamps)
    direct = load_workbook(io.BytesIO(report.build_xlsx(cast.appraiser, campaign)))
    assert [[c.value for c in r] for r in wb["Chỉ tiêu"].iter_rows(min_row=3)] == \
        [[c.value for c in r] for r in direct["Chỉ tiêu"].iter_rows(min_row=3)]
    assert list(AuditEvent.objects.filter(verb="export.review_report", actor=cast.appraiser)
                .values_list("data__format", flat=True).order_by("id")) == ["docx", "xlsx"]
    # a unit's report holds its own projects only
    resp = api_as("staff_b").get(f"/campaigns/{campaign.pk}/report.xlsx")
    codes = {r[0].value for r in load_workbook(io.BytesIO(resp.content))["Đánh giá"].iter_rows(min_row=4)}
    assert codes == {b.code}


@pytest.mark.parametrize("path", ["/campaigns/{pk}/report.docx", "/campaigns/{pk}/report.xlsx"])
def test_report_outside_scope_is_404(cast, opened, api_as, path):
    campaign = opened[0]
    resp = api_as("outsider").get(path.format(pk=campaign.pk))
    assert resp.status_code == 404 and resp.json() == {"detail": "Không tìm thấy đợt đánh giá."}
    for pk in (campaign.pk + 1000, 2**63):
        assert api_as("appraiser").get(path.format(pk=pk)).status_code in (404, 422)
    assert ApiClient().get(path.format(pk=campaign.pk)).status_code == 401
    assert not AuditEvent.objects.filter(verb="export.review_report").exists()


def test_openapi_documents_the_campaign_endpoints(db):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert paths["/api/v1/campaigns"]["get"]["summary"] == "Danh sách đợt rà soát, đánh giá"
    docx = paths["/api/v1/campaigns/{campaign_id}/report.docx"]["get"]
    assert DOCX_CONTENT_TYPE in docx["responses"]["200"]["content"]
    assert "404" in docx["responses"]
