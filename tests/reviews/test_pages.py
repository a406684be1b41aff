"""The review campaign pages: who sees what (404 outside scope, 403 for what one may see but
not do), the whole workflow through POSTs, bad input shown in Vietnamese with nothing written,
and a campaign page whose cost does not grow with the number of reviews."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.projects.models import State
from cds.reviews import services as rs
from cds.reviews.models import (
    Campaign,
    CampaignStatus,
    Evidence,
    FollowUpAction,
    IndicatorValue,
    ProblemType,
    Review,
    ReviewIssue,
    ReviewStatus,
)
from cds.reviews.selectors import todo_reviews
from tests.conftest import login
from tests.factories import make_project
from tests.homepage import listed, todo_items

from .conftest import TODAY, to_operation


@pytest.fixture
def opened(cast, campaign_setup):
    campaign, a, b, old, _ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    return campaign, campaign.reviews.get(project=a), campaign.reviews.get(project=b)


def review_url(review, name="review", *args):
    return reverse(f"reviews:{name}", args=[review.pk, *args])


def fill_data(review, **overrides):
    data = {
        "version": str(Review.objects.get(pk=review.pk).version),
        "summary": "Hệ thống vận hành ổn định; số người dùng thường xuyên còn thấp.",
        "self_rating": "effective",
        "problems": [str(ProblemType.objects.get(code="UNUSED_FUNCTIONS").pk)],
        "problems_note": "Một số phòng chưa khai thác phân hệ báo cáo.",
        "ind_USE_ACTIVE_baseline": "0", "ind_USE_ACTIVE_target": "80", "ind_USE_ACTIVE_actual": "40",
        "ind_REL_UPTIME_target": "99", "ind_REL_UPTIME_actual": "99,5", "ind_REL_UPTIME_note": "Nhật ký giám sát",
        "ind_DATA_LGSP_actual": "1",
    }
    data.update(overrides)
    return data


def snapshot(review):
    r = Review.objects.get(pk=review.pk)
    return (r.status, r.version, r.summary, r.self_rating, r.reviewer_rating, r.decision,
            IndicatorValue.objects.filter(review=r).count(), ReviewIssue.objects.filter(review=r).count(),
            Evidence.objects.filter(review=r).count(), r.project.state)


# ------------------------------------------------------------------ access ----

def test_pages_render_for_allowed_roles(cast, opened):
    campaign, ra, rb = opened
    for who in ("staff_a", "head_a", "appraiser", "supervisor", "leader", "inspector", "admin"):
        client = login(getattr(cast, who))
        assert client.get(reverse("reviews:list")).status_code == 200, who
        page = client.get(reverse("reviews:campaign", args=[campaign.pk]))
        assert page.status_code == 200, who
        assert "Đánh giá hiệu quả" in page.content.decode()  # the nav item
        assert client.get(review_url(ra)).status_code == 200, who
    client = login(cast.staff_b)
    assert client.get(review_url(rb)).status_code == 200
    body = client.get(reverse("reviews:list")).content.decode()
    assert "Báo cáo của đơn vị tôi" in body and rb.project.code in body
    appraiser = login(cast.appraiser)
    body = appraiser.get(reverse("reviews:list")).content.decode()
    assert "Lập đợt đánh giá" in body and "Mở đợt báo cáo năm" in body
    assert appraiser.get(reverse("reviews:create")).status_code == 200
    assert appraiser.get(reverse("reviews:open_annual")).status_code == 200
    body = appraiser.get(reverse("reviews:campaign", args=[campaign.pk])).content.decode()
    assert f"/danh-gia/{campaign.pk}/bao-cao.docx" in body and f"/danh-gia/{campaign.pk}/bao-cao.xlsx" in body
    # The page links the paths where cds.reviews.urls serves the reports.
    assert reverse("reviews:report_docx", args=[campaign.pk]) == f"/danh-gia/{campaign.pk}/bao-cao.docx"
    assert reverse("reviews:report_xlsx", args=[campaign.pk]) == f"/danh-gia/{campaign.pk}/bao-cao.xlsx"
    for who in ("staff_a", "head_a", "leader", "inspector", "supervisor"):
        client = login(getattr(cast, who))
        assert client.get(reverse("reviews:create")).status_code == 403, who
        assert client.get(reverse("reviews:open_annual")).status_code == 403, who
        assert "Lập đợt đánh giá" not in client.get(reverse("reviews:list")).content.decode()


def test_unit_sees_only_its_own_reviews(cast, opened):
    campaign, ra, rb = opened
    client = login(cast.staff_b)  # Sở Y tế
    assert client.get(review_url(ra)).status_code == 404  # Sở KH&CN's review
    assert client.post(review_url(ra, "save"), fill_data(ra)).status_code == 404
    assert client.post(review_url(ra, "submit")).status_code == 404
    for url in (reverse("reviews:list"), reverse("reviews:campaign", args=[campaign.pk])):
        body = client.get(url).content.decode()
        assert ra.project.code not in body and ra.project.name not in body
        assert rb.project.code in body
    # The list counts only the unit's own reports: 0/1, not the province's 0/3.
    assert "0/1" in client.get(reverse("reviews:list")).content.decode()
    # Another tree sees neither the campaign nor its reviews.
    outsider = login(cast.outsider)
    assert outsider.get(reverse("reviews:campaign", args=[campaign.pk])).status_code == 404
    assert outsider.get(review_url(ra)).status_code == 404
    assert campaign.name not in outsider.get(reverse("reviews:list")).content.decode()


def test_inspector_reads_everything_changes_nothing(cast, opened):
    campaign, ra, _ = opened
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "partly",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    issue = rs.add_issue(cast.staff_a, ra, kind="proposal", text="Đề nghị hỗ trợ kinh phí vận hành")
    client = login(cast.inspector)
    page = client.get(review_url(ra))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đề nghị hỗ trợ kinh phí vận hành" in body and "Lịch sử thay đổi" in body
    assert 'id="unit-form"' not in body and 'id="assess-box"' not in body
    before = snapshot(ra)
    posts = [
        (review_url(ra, "save"), fill_data(ra)),
        (review_url(ra, "add_issue"), {"kind": "proposal", "text": "x"}),
        (review_url(ra, "add_evidence"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}),
        (review_url(ra, "submit"), {}),
        (review_url(ra, "return"), {"comment": "x"}),
        (review_url(ra, "assess"), {"rating": "effective", "proposed_decision": "continue"}),
        (review_url(ra, "decide"), {"decision": "continue"}),
        (review_url(ra, "answer_issue", issue.pk), {"answer": "x"}),
        (reverse("reviews:create"), {"name": "x"}),
        (reverse("reviews:open_annual"), {}),
        (reverse("reviews:open", args=[campaign.pk]), {}),
        (reverse("reviews:close", args=[campaign.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert snapshot(ra) == before
    assert Campaign.objects.count() == 1 and Campaign.objects.get().status == CampaignStatus.OPEN
    assert ReviewIssue.objects.get(pk=issue.pk).answer == ""


def test_actions_are_post_only(cast, opened):
    _, ra, _ = opened
    client = login(cast.head_a)
    for name in ("save", "submit", "add_issue", "add_evidence", "return", "assess", "decide"):
        assert client.get(review_url(ra, name)).status_code == 405, name


def test_csrf_enforced(cast, opened):
    from django.test import Client

    _, ra, _ = opened
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staff_a, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(review_url(ra, "save"), fill_data(ra)).status_code == 403
    assert Review.objects.get(pk=ra.pk).status == ReviewStatus.NOT_STARTED


# ------------------------------------------------------------ happy path ----

def test_full_workflow_through_the_pages(cast, opened):
    campaign, ra, _ = opened
    staff, head, appraiser, leader = (login(cast.staff_a), login(cast.head_a), login(cast.appraiser),
                                      login(cast.leader))

    # Staff fills the report with indicator values, a proposal and evidence.
    resp = staff.post(review_url(ra, "save"), fill_data(ra))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.DRAFT and ra.prepared_by == cast.staff_a
    assert str(ra.values.get(indicator__code="REL_UPTIME").actual) == "99.50"
    assert list(ra.problems.values_list("code", flat=True)) == ["UNUSED_FUNCTIONS"]
    assert staff.post(review_url(ra, "add_issue"), {"kind": "proposal",
                                                    "text": "Đề nghị bố trí kinh phí đào tạo người dùng"}).status_code == 302
    assert staff.post(review_url(ra, "add_evidence"), {
        "file": SimpleUploadedFile("nhat-ky.pdf", b"%PDF-1.4 nhat ky van hanh"), "description": "Nhật ký"}
    ).status_code == 302
    evidence = ra.evidence.get()
    download = staff.get(review_url(ra, "evidence", evidence.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert login(cast.staff_b).get(review_url(ra, "evidence", evidence.pk)).status_code == 404

    # The head sees nothing missing and submits.
    body = head.get(review_url(ra)).content.decode()
    assert "Xác nhận và gửi báo cáo" in body and 'id="missing"' not in body
    assert head.post(review_url(ra, "submit"), {"version": ra.version}).status_code == 302
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.SUBMITTED and ra.value_score is not None

    # The appraiser returns it with a comment (required).
    body = appraiser.get(review_url(ra)).content.decode()
    assert "Thẩm tra báo cáo" in body and "Trả lại đơn vị" in body
    resp = appraiser.post(review_url(ra, "return"), {"comment": "", "version": ra.version})
    assert resp.status_code == 400 and "Cần ghi rõ nội dung yêu cầu bổ sung" in resp.content.decode()
    assert appraiser.post(review_url(ra, "return"), {"comment": "Bổ sung minh chứng số người dùng thường xuyên",
                                                     "version": ra.version}).status_code == 302
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.RETURNED
    body = staff.get(review_url(ra)).content.decode()
    assert 'id="return-comment"' in body and "Bổ sung minh chứng số người dùng thường xuyên" in body
    assert 'id="unit-form"' in body

    # Staff corrects, the head submits again.
    assert staff.post(review_url(ra, "save"), fill_data(ra, ind_USE_ACTIVE_actual="45",
                                                        summary="Đã bổ sung số liệu người dùng.")).status_code == 302
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.RETURNED and ra.summary == "Đã bổ sung số liệu người dùng."
    assert head.post(review_url(ra, "submit"), {"version": ra.version}).status_code == 302
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.SUBMITTED

    # The appraiser answers the proposal and assesses, proposing a pause (reason required).
    issue = ra.issues.get()
    assert appraiser.post(review_url(ra, "answer_issue", issue.pk),
                          {"answer": "Đưa vào kế hoạch đào tạo năm sau."}).status_code == 302
    resp = appraiser.post(review_url(ra, "assess"), {"rating": "not_yet", "proposed_decision": "pause",
                                                     "proposed_reason": "", "version": ra.version})
    assert resp.status_code == 400 and "Cần nêu lý do đề xuất" in resp.content.decode()
    assert Review.objects.get(pk=ra.pk).status == ReviewStatus.SUBMITTED
    assert appraiser.post(review_url(ra, "assess"), {
        "rating": "not_yet", "comment": "Người dùng chưa khai thác", "proposed_decision": "pause",
        "proposed_reason": "Trùng chức năng hệ thống dùng chung", "version": ra.version}).status_code == 302
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.ACCEPTED and ra.proposed_decision == "pause"
    body = leader.get(review_url(ra)).content.decode()
    assert "Quyết định của lãnh đạo UBND" in body and "làm thay đổi nhiệm vụ/dự án" in body
    assert "Đơn vị tự đánh giá cao hơn thẩm tra 2 bậc" in body  # the gap, before deciding

    # The leader decides to pause, with the document and a follow-up.
    due = TODAY + dt.timedelta(days=30)
    resp = leader.post(review_url(ra, "decide"), {"decision": "pause", "version": ra.version})
    assert resp.status_code == 400 and "cần số, ký hiệu văn bản" in resp.content.decode()
    assert Review.objects.get(pk=ra.pk).status == ReviewStatus.ACCEPTED
    resp = leader.post(review_url(ra, "decide"), {
        "decision": "pause", "decision_number": "99/QĐ-UBND", "decision_date": TODAY.strftime("%d/%m/%Y"),
        "note": "Tạm dừng để rà soát, tích hợp", "follow_up": "Lập phương án tích hợp vào hệ thống dùng chung",
        "follow_up_due": due.strftime("%d/%m/%Y"), "version": ra.version})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    ra.refresh_from_db()
    assert ra.status == ReviewStatus.DECIDED and ra.decision == "pause" and ra.decision_number == "99/QĐ-UBND"
    ra.project.refresh_from_db()
    assert ra.project.state == State.PAUSED
    action = FollowUpAction.objects.get(review=ra)
    assert action.due_date == due

    # Everyone in scope sees the outcome; the unit marks the follow-up done.
    body = staff.get(review_url(ra)).content.decode()
    assert "99/QĐ-UBND" in body and "Đơn vị tự đánh giá cao hơn thẩm tra 2 bậc" in body
    assert "Đưa vào kế hoạch đào tạo năm sau." in body and "Báo cáo đánh giá" in body  # answer + history
    assert staff.post(review_url(ra, "follow_up_done", action.pk)).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    body = leader.get(reverse("reviews:campaign", args=[campaign.pk])).content.decode()
    assert "Nhiệm vụ/dự án chưa hiệu quả" in body and ra.project.code in body


def test_maker_checker_message_for_head_who_filled(cast, opened):
    _, ra, _ = opened
    head = login(cast.head_a)
    body = head.get(review_url(ra)).content.decode()
    assert "anh/chị là người nhập" in body  # warned before saving
    assert head.post(review_url(ra, "save"), fill_data(ra)).status_code == 302
    body = head.get(review_url(ra)).content.decode()
    assert "không được tự xác nhận, gửi" in body
    resp = head.post(review_url(ra, "submit"), {"version": Review.objects.get(pk=ra.pk).version})
    assert resp.status_code == 400 and "Người nhập báo cáo không được tự xác nhận" in resp.content.decode()
    assert Review.objects.get(pk=ra.pk).status == ReviewStatus.DRAFT


def test_missing_items_listed_for_the_head(cast, opened):
    _, ra, _ = opened
    login(cast.staff_a).post(review_url(ra, "save"), fill_data(ra, ind_USE_ACTIVE_target=""))
    body = login(cast.head_a).get(review_url(ra)).content.decode()
    assert 'id="missing"' in body and "thiếu mục tiêu theo hồ sơ được duyệt" in body
    resp = login(cast.head_a).post(review_url(ra, "submit"), {"version": Review.objects.get(pk=ra.pk).version})
    assert resp.status_code == 400 and "thiếu mục tiêu" in resp.content.decode()
    assert Review.objects.get(pk=ra.pk).status == ReviewStatus.DRAFT


# ------------------------------------------------------------- bad input ----

def test_percentage_over_100_refused_and_nothing_saved(cast, opened):
    _, ra, _ = opened
    before = snapshot(ra)
    resp = login(cast.staff_a).post(review_url(ra, "save"), fill_data(ra, ind_USE_ACTIVE_actual="140"))
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "không được vượt quá 100" in body
    assert 'value="140"' in body  # the user's input is kept for correction
    assert snapshot(ra) == before


def test_stale_version_shows_conflict(cast, opened):
    _, ra, _ = opened
    stale = fill_data(ra)
    login(cast.staff_a).post(review_url(ra, "save"), fill_data(ra))
    version = Review.objects.get(pk=ra.pk).version
    resp = login(cast.staff_a).post(review_url(ra, "save"), {**stale, "summary": "ghi đè"})
    assert resp.status_code == 409 and "đã được người khác cập nhật" in resp.content.decode()
    r = Review.objects.get(pk=ra.pk)
    assert r.version == version and r.summary != "ghi đè"


def test_evidence_of_wrong_type_shown(cast, opened):
    _, ra, _ = opened
    resp = login(cast.staff_a).post(review_url(ra, "add_evidence"),
                                    {"file": SimpleUploadedFile("bao-cao.pdf", b"MZ\x90 not a pdf")})
    assert resp.status_code == 400 and 'class="errorlist' in resp.content.decode()
    assert ra.evidence.count() == 0


def campaign_post(units, **overrides):
    data = {
        "name": "Rà soát hiệu quả nhiệm vụ, dự án đến 12/2023", "basis_number": "8826/UBND-VXNV",
        "basis_date": TODAY.strftime("%d/%m/%Y"), "basis_issuer": "UBND tỉnh",
        "scope_states": ["implementing", "in_operation", "settled"], "started_until": "31/12/2025",
        "period_year": str(TODAY.year), "deadline": (TODAY + dt.timedelta(days=20)).strftime("%d/%m/%Y"),
        "receiving_unit": str(units.skhcn.pk),
    }
    data.update(overrides)
    return data


def test_deadline_in_the_past_on_create_form(cast, units):
    client = login(cast.appraiser)
    past = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    resp = client.post(reverse("reviews:create"), campaign_post(units, deadline=past))
    assert resp.status_code == 400
    assert "Hạn gửi báo cáo không được ở trong quá khứ." in resp.content.decode()
    resp = client.post(reverse("reviews:create"), campaign_post(units, deadline="31/02/2030", scope_states=[]))
    body = resp.content.decode()
    assert "Ngày không hợp lệ" in body and "Chọn ít nhất một trạng thái" in body
    assert Campaign.objects.count() == 0


def test_create_then_open_through_the_pages(cast, units, projects):
    for p in (projects.a, projects.b):
        to_operation(cast, p)
    client = login(cast.appraiser)
    resp = client.post(reverse("reviews:create"), campaign_post(units))
    campaign = Campaign.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("reviews:campaign", args=[campaign.pk])
    assert campaign.status == CampaignStatus.DRAFT and campaign.scope_states == ["implementing", "in_operation",
                                                                                  "settled"]
    body = client.get(resp.url).content.decode()
    assert "Dự thảo" in body and "Mở đợt đánh giá" in body
    confirm = client.get(reverse("reviews:open", args=[campaign.pk])).content.decode()
    assert 'data-testid="scope-count">2<' in confirm
    assert client.post(reverse("reviews:open", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.reviews.count() == 2
    # Opening twice is refused with the service's message; nothing is added.
    resp = client.post(reverse("reviews:open", args=[campaign.pk]))
    assert resp.status_code == 400 and "đã được mở" in resp.content.decode()
    assert campaign.reviews.count() == 2


def test_open_annual_campaign(cast, campaign_setup):
    client = login(cast.appraiser)
    confirm = client.get(reverse("reviews:open_annual")).content.decode()
    assert f"năm {TODAY.year}" in confirm and f"31/01/{TODAY.year + 1}" in confirm
    assert 'data-testid="scope-count">3<' in confirm
    resp = client.post(reverse("reviews:open_annual"))
    campaign = Campaign.objects.get(basis_number="224/2026/NĐ-CP")
    assert resp.status_code == 302 and resp.url == reverse("reviews:campaign", args=[campaign.pk])
    assert campaign.status == CampaignStatus.OPEN and campaign.period_year == TODAY.year
    assert campaign.reviews.count() == 3
    # A second time, the confirmation page warns that one exists already.
    assert "Đã có đợt báo cáo năm" in client.get(reverse("reviews:open_annual")).content.decode()


# ------------------------------------------------------------ query count ----

def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_campaign_page_constant_queries(cast, units, opened):
    campaign, ra, rb = opened
    # Some variety: one submitted and assessed, one in draft.
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "effective",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    rs.submit_review(cast.head_a, ra)
    rs.assess_review(cast.appraiser, ra, rating="not_yet", proposed_decision="continue")
    url = reverse("reviews:campaign", args=[campaign.pk])
    clients = {who: login(getattr(cast, who)) for who in ("leader", "appraiser", "staff_a")}
    few = {who: count_queries(c, url) for who, c in clients.items()}
    for i in range(12):
        unit = units.skhcn if i % 2 else units.syt
        p = make_project(cast.staff_a if i % 2 else cast.staff_b, unit, name=f"Hệ thống bổ sung {i}")
        Review.objects.create(campaign=campaign, project=p, unit=unit,
                              status=[ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT, ReviewStatus.SUBMITTED][i % 3],
                              self_rating="effective", reviewer_rating="not_yet" if i % 4 == 0 else "",
                              value_score=i * 7, fitness_score=100 - i * 7)
    many = {who: count_queries(c, url) for who, c in clients.items()}
    assert many == few
    assert count_queries(clients["leader"], url + "?status=submitted&only=optimistic&page=2") == many["leader"]
    list_few = count_queries(clients["leader"], reverse("reviews:list"))
    rs.open_annual_campaign(cast.appraiser, TODAY.year)
    assert count_queries(clients["leader"], reverse("reviews:list")) == list_few


def test_late_reviews_shown_in_red(cast, opened):
    campaign, ra, rb = opened
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "effective",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    rs.submit_review(cast.head_a, ra)
    # The deadline moves 3 days back: the submitted report is now late too, the two others overdue.
    Campaign.objects.filter(pk=campaign.pk).update(deadline=TODAY - dt.timedelta(days=3))
    body = login(cast.leader).get(reverse("reviews:list")).content.decode()
    assert "1/3" in body and '<span class="text-danger fw-semibold">3</span>' in body
    page = login(cast.leader).get(reverse("reviews:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="count-late">3<' in page and "quá hạn 3 ngày" in page and "Trễ hạn" in page
    assert rb.project.code in page.split('id="overdue"')[1].split('id="reviews"')[0]
    mine = login(cast.staff_b).get(reverse("reviews:list")).content.decode()
    assert 'class="table-danger"' in mine and "trễ hạn" in mine


def test_decision_the_project_state_does_not_allow(cast, opened):
    from cds.projects.models import Project

    _, ra, _ = opened
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "effective",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    rs.submit_review(cast.head_a, ra)
    rs.assess_review(cast.appraiser, ra, rating="ineffective", proposed_decision="stop", proposed_reason="Không dùng")
    Project.objects.filter(pk=ra.project_id).update(state=State.SETTLED)
    leader = login(cast.leader)
    body = leader.get(review_url(ra)).content.decode()
    assert 'id="decisions-blocked"' in body and "Tạm dừng, Dừng, Giảm quy mô" in body
    before = snapshot(ra)
    resp = leader.post(review_url(ra, "decide"), {
        "decision": "stop", "decision_number": "7/QĐ-UBND", "decision_date": TODAY.strftime("%d/%m/%Y"),
        "note": "Dừng", "follow_up": "Thu hồi thiết bị", "follow_up_due": TODAY.strftime("%d/%m/%Y"),
        "version": Review.objects.get(pk=ra.pk).version})
    assert resp.status_code == 400 and "Không thể “Dừng thực hiện”" in resp.content.decode()
    assert snapshot(ra) == before and not FollowUpAction.objects.exists()


def test_optimism_gap_ignores_reports_not_yet_rated_by_the_reviewer(cast, opened):
    """"Tự đánh giá cao hơn" counts only reports the reviewer has rated lower: the unit's gap in
    the progress table and the filtered list agree, and a report without a reviewer rating is in
    neither."""
    from cds.reviews import selectors

    campaign, ra, rb = opened
    Review.objects.filter(pk=ra.pk).update(self_rating="effective", reviewer_rating="not_yet")
    Review.objects.filter(pk=rb.pk).update(self_rating="effective", reviewer_rating="")
    gaps = {p.unit.pk: p.optimistic for p in selectors.progress_by_unit(cast.leader, campaign)}
    assert gaps[ra.unit_id] == 1 and gaps[rb.unit_id] == 0
    page = login(cast.leader).get(reverse("reviews:campaign", args=[campaign.pk]) + "?only=optimistic")
    listed = page.content.decode().split('id="reviews"')[1]
    assert ra.project.code in listed and rb.project.code not in listed


def test_todo_lists_follow_the_workflow(cast, opened):
    """/danh-gia/?todo=…: what waits on each role, as the home page counts it; a step moves the
    review from one list to the next."""
    campaign, ra, rb = opened

    def count(user, key):
        home = todo_items(login(user).get("/").content.decode())
        n, href = home[f"reviews.{key}"]
        assert listed(login(user), href) == (n, n) and todo_reviews(user, key).count() == n
        return n

    assert count(cast.staff_a, "to_fill") == 2   # Sở KH&CN's project and its predecessor's
    assert count(cast.head_a, "to_submit") == 0
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "partly",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    assert count(cast.head_a, "to_submit") == 1
    rs.submit_review(cast.head_a, ra)
    assert count(cast.staff_a, "to_fill") == 1 and count(cast.appraiser, "to_assess") == 1
    rs.return_review(cast.appraiser, ra, comment="Bổ sung số liệu người dùng.")
    assert count(cast.staff_a, "returned") == 1 and count(cast.head_a, "to_submit") == 1
    assert count(cast.appraiser, "to_assess") == 0
    rs.submit_review(cast.head_a, ra)
    rs.assess_review(cast.appraiser, ra, rating="not_yet", proposed_decision="pause", proposed_reason="Ít người dùng.")
    assert count(cast.leader, "to_decide") == 1 and count(cast.leader, "ineffective") == 1
    assert todo_reviews(cast.staff_b, "to_decide").count() == 0     # a unit sees only its own
    page = login(cast.staff_a).get("/danh-gia/?todo=nonsense").content.decode()
    assert 'id="todo-reviews"' not in page and 'id="my-reviews"' in page


def test_todo_lists_filter_by_reporting_unit_and_list_the_late_reports(cast, units, opened):
    """?todo=…&unit=…: the reports of a unit and of those under it (the dashboard's drill-down);
    ?todo=late: the reports not sent once an open campaign's deadline has passed."""
    campaign, ra, rb = opened

    def total(user, query):
        return listed(login(user), f"/danh-gia/?{query}#todo-reviews")

    assert total(cast.leader, "todo=to_fill") == (3, 3)
    assert total(cast.leader, f"todo=to_fill&unit={units.syt.pk}") == (1, 1)
    assert total(cast.leader, f"todo=to_fill&unit={units.skhcn.pk}") == (2, 2)   # with its predecessor's
    assert total(cast.leader, f"todo=to_fill&unit={units.tinh.pk}") == (3, 3)
    assert total(cast.leader, f"todo=to_fill&unit={units.bo.pk}") == (0, 0)
    assert total(cast.leader, "todo=to_fill&unit=99999999999") == total(cast.leader, "todo=to_fill&unit=x") == (3, 3)
    assert total(cast.leader, "todo=late") == (0, 0)                  # the deadline is ahead
    Campaign.objects.filter(pk=campaign.pk).update(deadline=TODAY - dt.timedelta(days=1))
    rs.save_review(cast.staff_a, ra, {"summary": "x", "self_rating": "partly",
                                      "values": {"USE_ACTIVE": {"target": "80", "actual": "40"}}})
    rs.submit_review(cast.head_a, ra)
    assert total(cast.leader, "todo=late") == (2, 2)                  # the one sent is not late any more
    assert total(cast.leader, f"todo=late&unit={units.syt.pk}") == (1, 1)
    assert total(cast.staff_b, "todo=late") == (1, 1)                  # a unit sees only its own
    assert todo_reviews(cast.leader, "late", units.syt.pk).get() == rb
    html = login(cast.leader).get(f"/danh-gia/?todo=late&unit={units.syt.pk}").content.decode()
    assert 'data-testid="todo-unit">Sở Y tế' in html
