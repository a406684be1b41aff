"""``manage.py send_review_reminders``: before / on / after the deadline, returned reports, the
appraisers' summary; a second run on the same day sends nothing; e-mails only after commit."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cds.accounts.selectors import responsible_people
from cds.notifications.models import Notification
from cds.reviews import services as rs
from cds.reviews.reminders import send_review_reminders
from tests.factories import make_unit

from .test_workflow import fill

DAY = dt.timedelta(days=1)


@pytest.fixture
def opened(cast, campaign_setup):
    """Open campaign with three reviews: two of Sở KH&CN (its own + Sở TT&TT's), one of Sở Y tế."""
    campaign = campaign_setup[0]
    rs.open_campaign(cast.appraiser, campaign)
    campaign.refresh_from_db()
    return campaign


def got(user, kind=None):
    qs = Notification.objects.filter(user=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_nothing_long_before_the_deadline(cast, opened):
    out = send_review_reminders(opened.deadline - 4 * DAY)
    assert (out.sent, out.skipped) == (0, 0)
    assert not Notification.objects.exists()


def test_reminder_days_before_deadline_to_staff_and_heads(cast, opened):
    out = send_review_reminders(opened.deadline - 3 * DAY)
    assert out.sent == 4
    for user in (cast.staff_a, cast.head_a, cast.staff_b, cast.head_b):
        [n] = got(user, "review.due")
        assert n.url == f"/danh-gia/{opened.pk}/" and "còn 3 ngày" in n.text
    assert "Sở KH&CN còn 2 báo cáo chưa gửi" in got(cast.staff_a)[0].text
    assert "Sở Y tế còn 1 báo cáo chưa gửi" in got(cast.head_b)[0].text
    for user in (cast.appraiser, cast.leader, cast.outsider, cast.outsider_staff, cast.supervisor):
        assert got(user) == []
    again = send_review_reminders(opened.deadline - 3 * DAY)
    assert (again.sent, again.skipped) == (0, 4)
    nxt = send_review_reminders(opened.deadline - 2 * DAY)    # one per person per campaign per day
    assert nxt.sent == 4


def test_on_the_deadline_day_and_units_done_are_left_alone(cast, opened):
    review = opened.reviews.get(unit__code="T01-SYT")
    fill(cast, review, who="staff_b")
    rs.submit_review(cast.head_b, review)
    out = send_review_reminders(opened.deadline, days_before=0)
    assert out.sent == 2
    assert "hạn gửi là hôm nay" in got(cast.head_a, "review.due")[0].text
    assert got(cast.staff_b) == [] and got(cast.head_b) == []


def test_after_the_deadline_overdue_notice_and_appraiser_summary(cast, opened):
    day = opened.deadline + 2 * DAY
    out = send_review_reminders(day)
    assert out.sent == 5
    assert "quá hạn 2 ngày" in got(cast.staff_a, "review.overdue")[0].text
    [summary] = got(cast.appraiser, "review.summary")
    assert "2 đơn vị chưa gửi đủ báo cáo (3 báo cáo)" in summary.text
    assert got(cast.outsider) == []          # an appraiser of another tree hears nothing
    assert send_review_reminders(day).sent == 0
    assert send_review_reminders(day + DAY).sent == 5     # daily while overdue


def test_returned_report_reminds_the_units_staff_once_per_return(cast, opened):
    review = opened.reviews.get(unit__code="T01-SYT")
    fill(cast, review, who="staff_b")
    rs.submit_review(cast.head_b, review)
    rs.return_review(cast.appraiser, review, comment="Bổ sung minh chứng số người dùng thường xuyên")
    day = opened.deadline - 8 * DAY            # outside the deadline window: only the return is announced
    assert send_review_reminders(day).sent == 1
    [n] = got(cast.staff_b, "review.returned")
    assert "bị trả lại" in n.text and "Bổ sung minh chứng" in n.text and n.url == f"/danh-gia/bao-cao/{review.pk}/"
    assert got(cast.head_b) == []
    fill(cast, review, who="staff_b", summary="Đang bổ sung")   # an edit is not a new return
    assert send_review_reminders(day + DAY).sent == 0
    rs.submit_review(cast.head_b, review)
    rs.return_review(cast.appraiser, review, comment="Số liệu uptime chưa có nguồn")
    assert send_review_reminders(day + DAY).sent == 1
    assert len(got(cast.staff_b, "review.returned")) == 2


def test_emails_once_after_commit(cast, opened, django_capture_on_commit_callbacks):
    for user in (cast.staff_a, cast.head_b):
        user.email = f"{user.username}@thunghiem.gov.vn"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        out = send_review_reminders(opened.deadline - DAY)
        send_review_reminders(opened.deadline - DAY)
    assert out.sent == 4 and out.emails == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["head_b@thunghiem.gov.vn", "staff_a@thunghiem.gov.vn"]


def test_command_output_and_idempotence(cast, opened):
    day = (opened.deadline + DAY).isoformat()
    first, second = io.StringIO(), io.StringIO()
    call_command("send_review_reminders", "--today", day, "--no-email", stdout=first)
    call_command("send_review_reminders", "--today", day, stdout=second)
    assert "Đã gửi 5 thông báo, bỏ qua 0 đã gửi" in first.getvalue()
    assert "Đã gửi 0 thông báo, bỏ qua 5 đã gửi" in second.getvalue()
    assert "chưa được đánh giá trong chu kỳ hiện tại" in first.getvalue()
    with pytest.raises(CommandError):
        call_command("send_review_reminders", "--today", "28/01/2026")


def test_stale_projects_counted(cast, opened):
    # The three in-operation projects have never had a completed review: all stale.
    assert send_review_reminders(opened.deadline - 10 * DAY).stale == 3
    review = opened.reviews.get(unit__code="T01-SYT")
    fill(cast, review, who="staff_b")
    rs.submit_review(cast.head_b, review)
    # A report submitted in a campaign of the current cycle clears the flag.
    assert send_review_reminders(dt.date(opened.period_year + 1, 1, 5)).stale == 2


def test_people_of_a_unit_without_accounts(cast, units):
    centre = make_unit("T01-SKHCN-TT", "Trung tâm Công nghệ thông tin", parent=units.skhcn)
    people = responsible_people({centre.pk, units.sotttt.pk, units.syt.pk}, ("unit_staff", "unit_head"))
    assert set(people[centre.pk]) == {cast.staff_a, cast.head_a}     # its department acts for it
    assert set(people[units.sotttt.pk]) == {cast.staff_a, cast.head_a}  # an ended unit: its successor
    assert set(people[units.syt.pk]) == {cast.staff_b, cast.head_b}
