"""``manage.py send_plan_reminders``: before / on / after the deadline of an open round, units
that sent their proposals left alone, drafts and returned proposals still reminded, the
appraisers' daily summary of late units; a second run on the same day sends nothing."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cds.notifications.models import Notification
from cds.plans import services as ps
from cds.plans.reminders import send_plan_reminders

from .conftest import proposal_data

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
KINDS = ("plan.due", "plan.overdue", "plan.summary")


def got(user, kind=None):
    qs = Notification.objects.filter(user=user, kind__in=[kind] if kind else KINDS)
    return list(qs)


def sent_by_b(cast, round_, **overrides):
    p = ps.create_proposal(cast.staff_b, round_, proposal_data(**overrides))
    return ps.submit_proposal(cast.head_b, p)


def test_nothing_long_before_the_deadline_nor_for_a_round_not_open(cast, units, plan_round):
    assert send_plan_reminders(plan_round.deadline - 4 * DAY).sent == 0
    ps.start_review(cast.appraiser, plan_round)
    assert send_plan_reminders(plan_round.deadline + DAY).sent == 0
    assert not Notification.objects.filter(kind__in=KINDS).exists()


def test_units_that_have_not_sent_are_reminded_and_a_unit_that_sent_gets_nothing(cast, plan_round):
    sent_by_b(cast, plan_round)
    out = send_plan_reminders(plan_round.deadline - 3 * DAY)
    assert (out.sent, out.skipped) == (2, 0)
    for user in (cast.staff_a, cast.head_a):
        [n] = got(user, "plan.due")
        assert n.url == f"/ke-hoach/{plan_round.pk}/" and "còn 3 ngày" in n.text
        assert "Sở KH&CN: chưa gửi đề xuất nào" in n.text
    for user in (cast.staff_b, cast.head_b, cast.appraiser, cast.leader, cast.outsider_staff):
        assert got(user) == []
    again = send_plan_reminders(plan_round.deadline - 3 * DAY)
    assert (again.sent, again.skipped) == (0, 2)                     # idempotent
    assert send_plan_reminders(plan_round.deadline - 2 * DAY).sent == 2   # one per person per round per day


def test_drafts_and_returned_proposals_not_sent_are_reminded(cast, plan_round):
    first = sent_by_b(cast, plan_round)
    ps.create_proposal(cast.staff_b, plan_round, proposal_data(name="Phần mềm quản lý trang thiết bị y tế"))
    ps.return_proposal(cast.appraiser, first, "Bổ sung căn cứ đề xuất.")
    send_plan_reminders(plan_round.deadline)
    [n] = got(cast.head_b, "plan.due")
    assert "hạn gửi là hôm nay" in n.text
    assert "Sở Y tế: 1 đề xuất đang soạn chưa gửi, 1 đề xuất bị trả lại chưa gửi lại" in n.text
    assert "chưa gửi đề xuất nào" not in n.text


def test_after_the_deadline_overdue_notices_daily_and_one_summary_of_late_units(cast, plan_round):
    sent_by_b(cast, plan_round)
    day = plan_round.deadline + DAY
    out = send_plan_reminders(day)
    assert out.sent == 3 and out.late_units == 1                      # staff_a, head_a, the appraiser
    [n] = got(cast.staff_a, "plan.overdue")
    assert "đã quá hạn 1 ngày" in n.text and "Sở KH&CN: chưa gửi đề xuất nào" in n.text
    [summary] = got(cast.appraiser, "plan.summary")
    assert "1 đơn vị chưa gửi đề xuất" in summary.text and "quá hạn 1 ngày" in summary.text
    assert got(cast.outsider, "plan.summary") == [] and got(cast.staff_b) == []
    assert send_plan_reminders(day).sent == 0
    assert send_plan_reminders(day + DAY).sent == 3                   # daily while overdue
    # Once unit A has sent too, nobody is late and nothing is pending: nothing more is sent.
    p = ps.create_proposal(cast.staff_a, plan_round, proposal_data(name="Nền tảng dữ liệu khoa học"))
    ps.submit_proposal(cast.head_a, p)
    assert send_plan_reminders(day + 2 * DAY).sent == 0


def test_emails_once_after_commit(cast, plan_round, django_capture_on_commit_callbacks):
    cast.staff_a.email = "staff_a@thunghiem.gov.vn"
    cast.staff_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        out = send_plan_reminders(plan_round.deadline - DAY)
        send_plan_reminders(plan_round.deadline - DAY)
    assert out.sent == 4 and out.emails == 1
    assert [m.to[0] for m in mail.outbox if "đề xuất nhiệm vụ" in m.body] == ["staff_a@thunghiem.gov.vn"]


def test_command_output_and_idempotence(cast, plan_round):
    day = (plan_round.deadline + DAY).isoformat()
    first, second = io.StringIO(), io.StringIO()
    call_command("send_plan_reminders", "--today", day, "--no-email", stdout=first)
    call_command("send_plan_reminders", "--today", day, stdout=second)
    assert "1 đợt lập kế hoạch đang nhận đề xuất, 2 đơn vị quá hạn chưa gửi đề xuất" in first.getvalue()
    assert "Đã gửi 5 thông báo, bỏ qua 0 đã gửi" in first.getvalue()
    assert "Đã gửi 0 thông báo, bỏ qua 5 đã gửi" in second.getvalue()
    with pytest.raises(CommandError):
        call_command("send_plan_reminders", "--today", "28/01/2026")
