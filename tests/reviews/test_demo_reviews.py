"""The demo's review campaigns: the finished 2023 campaign of Công văn
8826/UBND-VXNV and the open campaign for the 2025 report with late units — built through the real
services, maker ≠ checker on every report, nothing dated in the future. One test, one build."""
import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from cds.accounts.models import User
from cds.audit.models import AuditEvent
from cds.notifications.models import Notification
from cds.projects.models import EventKind, Project, State
from cds.reviews import selectors as sel
from cds.reviews.models import (
    Campaign,
    CampaignStatus,
    FollowUpAction,
    Review,
    ReviewIssue,
    ReviewStatus,
)
from cds.reviews.reminders import send_review_reminders

GOOD = {"effective", "partly"}
BAD = {"not_yet", "ineffective"}


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_mode")
def test_demo_review_campaigns():
    call_command("load_demo", stdout=io.StringIO())
    leader = User.objects.get(username="lanhdao")
    now, today = timezone.now(), timezone.localdate()

    # --- 2023: Công văn 8826/UBND-VXNV, finished -------------------------------------------------
    old = Campaign.objects.get(basis_number="8826/UBND-VXNV")
    assert old.status in (CampaignStatus.CLOSED, CampaignStatus.OPEN)
    assert (old.basis_date, old.deadline, old.period_year) == (dt.date(2023, 12, 28), dt.date(2024, 1, 10), 2023)
    assert old.basis_issuer == "UBND tỉnh Sơn Lâm" and old.receiving_unit.short_name == "Sở TT&TT"
    assert "12/2023" in old.name
    reviews = list(old.reviews.select_related("project"))
    assert len(reviews) >= 40
    assert all(r.project.start_year <= 2023 for r in reviews)
    ratings = Counter(r.reviewer_rating for r in reviews if r.reviewer_rating)
    assert sum(ratings.values()) >= 0.85 * len(reviews)
    assert sum(ratings[k] for k in GOOD) > 2 * sum(ratings[k] for k in BAD) > 0
    assert ratings["ineffective"] >= 1 and ratings["not_yet"] >= 1
    assert any(r.problems.exists() for r in reviews if r.reviewer_rating in BAD)
    counts = sel.counts(leader, old)
    assert counts["submitted_late"] >= 2                    # a few units reported late …
    assert 1 <= counts["total"] - counts["submitted"] <= 3  # … and one or two never did
    assert min(r.submitted_at for r in reviews if r.submitted_at).date() >= dt.date(2024, 1, 2)
    decisions = Counter(r.decision for r in reviews if r.decision)
    assert decisions["continue"] >= 2 and decisions["adjust"] >= 1 and decisions["scale_down"] == 1
    decided = [r for r in reviews if r.decision]
    assert all(dt.date(2024, 1, 10) < r.decision_date < dt.date(2024, 4, 1) for r in decided)
    scaled = next(r for r in decided if r.decision == "scale_down")
    assert scaled.project.events.filter(kind=EventKind.ADJUSTMENT, decision_number=scaled.decision_number,
                                        occurred_on=scaled.decision_date).exists()
    assert FollowUpAction.objects.filter(review__campaign=old).exists()
    issues = ReviewIssue.objects.filter(review__campaign=old)
    assert issues.exists() and not issues.filter(answer="").exists()

    # --- the 2025 report: open, some units late ----------------------------------------------------
    current = Campaign.objects.get(status=CampaignStatus.OPEN, period_year=2025)
    assert current.deadline < today
    counts = sel.counts(leader, current)
    assert counts["late"] > 0 and counts["submitted"] > counts["submitted_late"] > 0
    assert counts["not_started"] > 0 and counts["in_progress"] > 0
    statuses = Counter(current.reviews.values_list("status", flat=True))
    assert statuses[ReviewStatus.RETURNED] >= 1 and statuses[ReviewStatus.DRAFT] >= 1
    assert statuses[ReviewStatus.ACCEPTED] >= 1 and statuses[ReviewStatus.SUBMITTED] >= 1
    units = {p.status for p in sel.progress_by_unit(leader, current)}
    assert {"late", "done"} <= units
    assert sel.overdue_reviews(leader, current).exists()

    # --- across both ---------------------------------------------------------------------------
    assert Review.objects.filter(reviewer_rating__in=sel.INEFFECTIVE).exists()
    for r in Review.objects.all():
        people = [p for p in (r.prepared_by_id, r.submitted_by_id, r.reviewed_by_id, r.decided_by_id) if p]
        assert len(people) == len(set(people)), r.pk          # maker ≠ checker on every report
        if r.submitted_by_id:
            assert r.prepared_by_id and r.reviewed_by_id != r.submitted_by_id
    for model, field in [(Review, "submitted_at"), (Review, "reviewed_at"), (Review, "decided_at"),
                         (Review, "updated_at"), (Campaign, "opened_at"), (Campaign, "created_at"),
                         (Review.history.model, "history_date"), (ReviewIssue, "answered_at"),
                         (AuditEvent, "created_at")]:
        latest = model.objects.aggregate(m=Max(field))["m"]
        assert latest is not None and latest <= now, (model.__name__, field)
    assert Review.objects.aggregate(m=Max("decision_date"))["m"] <= today
    assert AuditEvent.objects.filter(verb="review.submitted", created_at__year=2024).exists()
    late_flags = Counter(e.data["late"] for e in AuditEvent.objects.filter(verb="review.submitted",
                                                                             created_at__year=2024))
    assert late_flags[True] >= 2 and late_flags[False] > late_flags[True]
    # The projects' lifecycle is the demo's own: reviews did not pause or stop anything more.
    assert Project.objects.filter(state=State.PAUSED).count() == 4

    # This morning's reminders are in the application; running the job again sends nothing.
    assert Notification.objects.filter(user__username="thamdinh", kind="review.summary").exists()
    assert Notification.objects.filter(kind="review.overdue").exists()
    assert Notification.objects.filter(kind="review.returned").exists()
    again = send_review_reminders(today, email=False)
    assert again.sent == 0 and again.skipped > 0
