"""Reviews attach to the system a project built: the review page names the systems the project
built or upgraded with each one's TIME quadrant, and the equipment it bought by status; the
reports carry the systems; the systems map flags a system in operation whose latest concluded
review says it is unused, naming the campaign and the rating."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cds.reviews import report
from cds.reviews import services as rs
from cds.reviews.models import ProblemType, Rating, Review, ReviewStatus
from cds.reviews.system_findings import CODE
from cds.systems import selectors as system_selectors
from cds.systems import services as ss
from cds.systems.models import Category, Fit, InformationSystem, ProjectRole
from cds.systems.time import time_quadrant
from tests.conftest import login
from tests.test_legal_text import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(cast, units, campaign_setup):
    campaign, a, b, old, _proposed = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    system = ss.create_system(cast.staff_a, {
        "name": "Hệ thống thông tin khoa học công nghệ", "category": Category.SECTOR, "owner_unit": units.skhcn,
        "functional_fit": Fit.ADEQUATE, "technical_fit": Fit.UNREASONABLE})
    ss.link_project(cast.staff_a, system, a, ProjectRole.BUILD)
    ss.add_equipment(cast.staff_a, a, {"kind": "Máy chủ", "quantity": 4, "status": "in_use", "system": system})
    ss.add_equipment(cast.staff_a, a, {"kind": "Camera", "quantity": 6, "status": "idle"})
    ss.add_equipment(cast.staff_a, a, {"kind": "Máy trạm", "quantity": 2, "status": "broken"})
    review = Review.objects.get(campaign=campaign, project=a)
    return campaign, a, system, review


def _conclude(review, rating, *problems):
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.ACCEPTED, reviewer_rating=rating)
    review.problems.set(ProblemType.objects.filter(code__in=problems))


def test_time_quadrant_per_system_by_its_fits():
    s = InformationSystem(name="Hệ thống thử", category=Category.SECTOR)
    for functional, technical, label in ((4, 4, "Đầu tư thêm"), (3, 2, "Chuyển đổi/nâng cấp"),
                                         (2, 3, "Duy trì"), (1, 1, "Loại bỏ/dừng"), (None, 4, "Chưa đánh giá")):
        s.functional_fit, s.technical_fit = functional, technical
        assert time_quadrant(s)[1].startswith(label)


def test_review_page_shows_the_built_system_its_quadrant_and_the_equipment(cast, built):
    _campaign, _a, system, review = built
    page = login(cast.staff_a).get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert system.name in page and "Xây dựng" in page and "Chuyển đổi/nâng cấp" in page
    assert 'data-testid="equipment-in_use">4<' in page and 'data-testid="equipment-idle">6<' in page
    assert 'data-testid="equipment-broken">2<' in page and 'data-testid="equipment-share">67%<' in page


def test_the_reports_carry_the_built_systems(cast, built):
    campaign, _a, system, _review = built
    assert f"{system.name} (Chuyển đổi/nâng cấp)" in docx_text(report.build_docx(cast.appraiser, campaign))
    sheet = load_workbook(io.BytesIO(report.build_xlsx(cast.appraiser, campaign)), read_only=True)["Đánh giá"]
    assert any(f"{system.name} (Chuyển đổi/nâng cấp)" in str(v) for row in sheet.iter_rows(values_only=True)
               for v in row)


def _unused(cast, system):
    return [f for f in system_selectors.findings_for(cast.appraiser, [system.pk]).get(system.pk, []) if f.code == CODE]


def test_a_system_in_operation_whose_review_says_unused_is_a_finding(cast, built):
    campaign, _a, system, review = built
    assert not _unused(cast, system)
    _conclude(review, Rating.INEFFECTIVE, "UNUSED_FUNCTIONS", "STAFF_SHORTAGE")
    found = _unused(cast, system)
    assert len(found) == 1
    assert campaign.name in found[0].text and "Không hiệu quả" in found[0].text
    assert "Người dùng chưa sử dụng, khai thác hết chức năng" in found[0].text


def test_no_finding_when_the_rating_or_the_problem_says_otherwise(cast, built):
    _campaign, _a, system, review = built
    _conclude(review, Rating.PARTLY, "UNUSED_FUNCTIONS")  # rated partly effective
    assert not _unused(cast, system)
    _conclude(review, Rating.NOT_YET, "STAFF_SHORTAGE")  # not effective, but not for lack of use
    assert not _unused(cast, system)
    _conclude(review, Rating.NOT_YET, "NO_SOFTWARE")
    assert _unused(cast, system)
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.SUBMITTED)  # not concluded yet
    assert not _unused(cast, system)


def test_the_finding_costs_a_fixed_number_of_queries(cast, built, units):
    _campaign, _a, system, review = built
    _conclude(review, Rating.INEFFECTIVE, "UNUSED_FUNCTIONS")
    with CaptureQueriesContext(connection) as few:
        system_selectors.findings_for(cast.appraiser)
    for i in range(5):
        other = ss.create_system(cast.staff_a, {"name": f"Hệ thống phụ {i}", "category": Category.UNIT,
                                                "owner_unit": units.skhcn})
        ss.link_project(cast.staff_a, other, review.project, ProjectRole.UPGRADE)
    with CaptureQueriesContext(connection) as more:
        found = system_selectors.findings_for(cast.appraiser)
    assert len(more) == len(few)
    assert sum(1 for items in found.values() for f in items if f.code == CODE) == 6
