import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.core.errors import MakerCheckerError, ServiceError
from cds.projects.models import EventKind, State
from cds.reviews import services as rs
from cds.reviews.models import FollowUpAction, ProblemType, Review, ReviewStatus
from cds.reviews.permissions import scope_reviews

from .conftest import TODAY

VALUES = {"USE_ACTIVE": {"baseline": "0", "target": "80", "actual": "40"},
          "REL_UPTIME": {"target": "99", "actual": "99.5"}, "DATA_LGSP": {"actual": "1"}}


def fill(cast, review, who="staff_a", **extra):
    data = {"summary": "Hệ thống vận hành ổn định, người dùng còn ít.", "self_rating": "effective",
            "values": VALUES, "problems": [ProblemType.objects.get(code="UNUSED_FUNCTIONS")]}
    data.update(extra)
    return rs.save_review(getattr(cast, who), review, data)


def test_opening_generates_one_review_per_in_scope_project(cast, campaign_setup, projects):
    campaign, a, b, old, proposed = campaign_setup
    assert rs.open_campaign(cast.appraiser, campaign) == 3
    reviews = {r.project_id: r for r in campaign.reviews.select_related("unit")}
    assert set(reviews) == {a.pk, b.pk, old.pk}  # not the proposal, not the ministry's project
    assert reviews[old.pk].unit.code == "T01-SKHCN"  # Sở TT&TT's project goes to its successor
    with pytest.raises(ServiceError):
        rs.open_campaign(cast.appraiser, campaign)


def test_only_cds_authority_opens(cast, campaign_setup):
    campaign = campaign_setup[0]
    for who in ("staff_a", "head_a", "leader", "inspector"):
        with pytest.raises(PermissionDenied):
            rs.open_campaign(getattr(cast, who), campaign)


def test_deadline_in_the_past_refused(cast, units):
    with pytest.raises(ServiceError) as exc:
        rs.create_campaign(cast.appraiser, {"name": "x", "basis_number": "1/UBND", "basis_date": TODAY,
                                            "scope_states": ["in_operation"], "deadline": TODAY - dt.timedelta(days=1),
                                            "receiving_unit": units.skhcn})
    assert "quá khứ" in exc.value.message_dict["deadline"][0]


def test_unit_sees_only_its_reviews(cast, campaign_setup):
    campaign = campaign_setup[0]
    rs.open_campaign(cast.appraiser, campaign)
    mine = {r.project.investor_unit.code for r in scope_reviews(cast.staff_b)}
    assert mine == {"T01-SYT"}
    assert scope_reviews(cast.outsider).count() == 0
    assert scope_reviews(cast.leader).count() == 3
    other = campaign.reviews.get(project__investor_unit__code="T01-SKHCN")
    with pytest.raises(PermissionDenied):
        rs.save_review(cast.staff_b, other, {"summary": "x"})


def test_full_flow_return_resubmit_assess_decide_pause(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    fill(cast, review)
    with pytest.raises(MakerCheckerError):  # the head who filled it cannot submit it himself
        rs.save_review(cast.head_a, review, {"summary": "sửa", "self_rating": "effective", "values": VALUES})
        rs.submit_review(cast.head_a, review)
    review = fill(cast, review)  # staff prepared it again
    rs.submit_review(cast.head_a, review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.value_score is not None
    rs.return_review(cast.appraiser, review, comment="Bổ sung minh chứng số người dùng")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED
    fill(cast, review, summary="Đã bổ sung số liệu.")
    rs.submit_review(cast.head_a, review)
    rs.assess_review(cast.appraiser, review, rating="not_yet", proposed_decision="pause",
                     proposed_reason="Người dùng chưa khai thác, trùng chức năng hệ thống dùng chung")
    review.refresh_from_db()
    assert review.rating_gap == 2  # unit said "Hiệu quả", reviewer "Chưa hiệu quả"
    rs.decide_review(cast.leader, review, decision="pause", decision_number="99/QĐ-UBND", decision_date=TODAY,
                     note="Tạm dừng để rà soát", follow_up="Lập phương án tích hợp vào hệ thống dùng chung",
                     follow_up_due=TODAY + dt.timedelta(days=30))
    a.refresh_from_db()
    assert a.state == State.PAUSED
    assert a.events.filter(kind=EventKind.TRANSITION, to_state="paused", decision_number="99/QĐ-UBND").exists()
    assert FollowUpAction.objects.get(review=review).owner_unit.code == "T01-SKHCN"


def test_scale_down_decision_recorded_on_project(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    fill(cast, review)
    rs.submit_review(cast.head_a, review)
    rs.assess_review(cast.appraiser, review, rating="partly", proposed_decision="scale_down", proposed_reason="Thừa thiết bị")
    with pytest.raises(ServiceError) as exc:  # a decision changing the project needs its document
        rs.decide_review(cast.leader, review, decision="scale_down")
    assert "decision_number" in exc.value.message_dict
    rs.decide_review(cast.leader, review, decision="scale_down", decision_number="5/QĐ-UBND", decision_date=TODAY,
                     note="Giảm 20% thiết bị", follow_up="Điều chỉnh dự toán", follow_up_due=TODAY)
    assert a.events.filter(kind=EventKind.ADJUSTMENT, decision_number="5/QĐ-UBND").exists()


def test_nobody_approves_their_own_input(cast, campaign_setup, units):

    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    fill(cast, review)
    rs.submit_review(cast.head_a, review)
    # The unit head who submitted becomes an appraiser later: still cannot assess his own submission.
    cast.head_a.role = "cds_appraiser"
    cast.head_a.save()
    with pytest.raises(MakerCheckerError):
        rs.assess_review(cast.head_a, review, rating="effective", proposed_decision="continue")
    rs.assess_review(cast.appraiser, review, rating="effective", proposed_decision="continue")
    cast.appraiser.role = "leader"
    cast.appraiser.save()
    with pytest.raises(MakerCheckerError):
        rs.decide_review(cast.appraiser, review, decision="continue")


@pytest.mark.parametrize("values,field", [
    ({"USE_ACTIVE": {"target": "80", "actual": "140"}}, "values.USE_ACTIVE.actual"),
    ({"USE_ACTIVE": {"target": "-5", "actual": "10"}}, "values.USE_ACTIVE.target"),
    ({"USE_ACTIVE": {"target": "abc"}}, "values.USE_ACTIVE.target"),
    ({"DATA_LGSP": {"actual": "2"}}, "values.DATA_LGSP.actual"),
])
def test_bad_indicator_values_change_nothing(cast, campaign_setup, values, field):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    with pytest.raises(ServiceError) as exc:
        rs.save_review(cast.staff_a, review, {"summary": "x", "values": values})
    assert field in exc.value.message_dict
    review.refresh_from_db()
    assert review.status == ReviewStatus.NOT_STARTED and review.values.count() == 0 and review.summary == ""


def test_missing_target_blocks_submission(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    fill(cast, review, values={"USE_ACTIVE": {"actual": "40"}})
    with pytest.raises(ServiceError) as exc:
        rs.submit_review(cast.head_a, review)
    assert any("thiếu mục tiêu" in m for m in exc.value.messages)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.DRAFT


def test_evidence_of_wrong_type_refused(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    with pytest.raises(ServiceError):
        rs.add_evidence(cast.staff_a, review, SimpleUploadedFile("bao-cao.pdf", b"MZ\x90 not a pdf"))
    assert review.evidence.count() == 0
    rs.add_evidence(cast.staff_a, review, SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung"))
    assert review.evidence.count() == 1


def test_annual_campaign_from_template(cast, campaign_setup):
    campaign = rs.open_annual_campaign(cast.appraiser, TODAY.year)
    assert campaign.status == "open" and campaign.deadline == dt.date(TODAY.year + 1, 1, 31)
    assert campaign.reviews.count() == 3
    assert "224/2026" in campaign.basis_number
