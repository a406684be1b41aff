import datetime as dt

from django.utils import timezone

from cds.reviews import selectors as sel
from cds.reviews import services as rs

from .test_workflow import fill


def test_counts_and_progress_by_unit(cast, campaign_setup):
    campaign, a, b, old, _ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    fill(cast, review)
    rs.submit_review(cast.head_a, review)
    c = sel.counts(cast.leader, campaign)
    assert (c["total"], c["submitted"], c["late"], c["not_started"]) == (3, 1, 0, 2)
    rows = {p.unit.code: p for p in sel.progress_by_unit(cast.leader, campaign)}
    assert rows["T01-SKHCN"].total == 2 and rows["T01-SKHCN"].submitted == 1
    assert rows["T01-SYT"].status == "not_started"
    # A unit sees only itself.
    assert [p.unit.code for p in sel.progress_by_unit(cast.staff_b, campaign)] == ["T01-SYT"]


def test_late_after_deadline(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    campaign.deadline = timezone.localdate() - dt.timedelta(days=3)
    campaign.save()
    c = sel.counts(cast.leader, campaign)
    assert c["late"] == 3
    assert sel.overdue_reviews(cast.leader, campaign).count() == 3
    assert {p.status for p in sel.progress_by_unit(cast.leader, campaign)} == {"late"}


def test_stale_flag(cast, campaign_setup):
    campaign, a, *_ = campaign_setup
    assert sel.staleness(a).stale


def test_stale_badge_on_project_page(cast, campaign_setup):
    from django.urls import reverse

    from tests.conftest import login

    campaign, a, *_ = campaign_setup
    page = login(cast.leader).get(reverse("projects:detail", args=[a.pk])).content.decode()
    assert 'data-testid="review-stale"' in page
