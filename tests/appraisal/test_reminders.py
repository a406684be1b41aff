"""``manage.py send_appraisal_reminders``: appraisal deadlines (before, overdue — appraisers
daily, leaders once), approval deadlines, opinions (before, overdue, escalation to the leaders
once), nothing new on a second run the same day, the command's output and its --today check.

Deadlines are set on fixed days of March 2026 (no holiday): Mon 9 … Fri 13, Mon 16."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cds.appraisal import services
from cds.appraisal.models import Dossier, DossierEvent, EventKind, Opinion
from cds.appraisal.reminders import send_appraisal_reminders
from cds.notifications.models import Notification

from .conftest import concluded, countersigned, submitted

DUE = dt.date(2026, 3, 11)     # a Wednesday
FAR = dt.date(2026, 6, 30)


def d(day):
    return dt.date(2026, 3, day)


def got(user, kind=None):
    qs = Notification.objects.filter(user=user).order_by("id")
    return list(qs.filter(kind=kind) if kind else qs)


def due_on(dossier, day, field="due_date"):
    Dossier.objects.filter(pk=dossier.pk).update(**{field: day})
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def appraised(cast, units, others):
    """A dossier being appraised, due on Wednesday 11/03/2026; nothing sent yet."""
    dossier = due_on(submitted(cast, units), DUE)
    Notification.objects.all().delete()
    return dossier


@pytest.fixture
def asked(cast, units, others):
    """A dossier (due far later) with an opinion asked of Sở Tài chính, due 11/03/2026."""
    dossier = due_on(submitted(cast, units), FAR)
    opinion = services.request_opinion(cast.appraiser, dossier, unit=others.stc, question="Nguồn vốn?",
                                       due=dt.date.today() + dt.timedelta(days=5))
    Opinion.objects.filter(pk=opinion.pk).update(due_date=DUE)
    opinion.refresh_from_db()
    Notification.objects.all().delete()
    return opinion


# ------------------------------------------------------------ appraisal ----

def test_nothing_long_before_the_deadline(cast, appraised):
    out = send_appraisal_reminders(d(6))          # Fri: 3 working days before
    assert (out.sent, out.skipped) == (0, 0) and not Notification.objects.exists()


def test_reminder_before_the_deadline_to_the_trees_appraisers(cast, others, appraised):
    out = send_appraisal_reminders(d(9))          # Mon: 2 working days before
    assert (out.due, out.sent) == (1, 1)
    [n] = got(cast.appraiser, "appraisal.due")
    assert appraised.code in n.text and "11/03/2026" in n.text and "còn 2 ngày làm việc" in n.text
    assert n.url == f"/tham-dinh/ho-so/{appraised.pk}/"
    for user in (cast.outsider, cast.leader, cast.supervisor, cast.head_a, others.stc_head):
        assert got(user) == []
    again = send_appraisal_reminders(d(9))
    assert (again.sent, again.skipped) == (0, 1)
    assert send_appraisal_reminders(d(10)).sent == 1       # one a day
    assert "hạn là hôm nay" in send_and_last(cast.appraiser, d(11))


def send_and_last(user, day, **kw):
    send_appraisal_reminders(day, **kw)
    return got(user)[-1].text


def test_overdue_daily_to_appraisers_once_to_leaders(cast, others, appraised):
    out = send_appraisal_reminders(d(12))
    assert (out.overdue, out.sent) == (1, 3)      # the appraiser, two leaders of the province
    assert "quá hạn 1 ngày" in got(cast.appraiser, "appraisal.overdue")[0].text
    for leader in (cast.leader, others.leader2):
        [n] = got(leader, "appraisal.overdue_leader")
        assert appraised.code in n.text and "11/03/2026" in n.text
    assert got(cast.outsider) == []
    assert send_appraisal_reminders(d(12)).sent == 0
    nxt = send_appraisal_reminders(d(16))         # Monday: 3 working days late
    assert nxt.sent == 1 and "quá hạn 5 ngày (3 ngày làm việc)" in got(cast.appraiser)[-1].text
    assert len(got(cast.leader)) == 1
    due_on(appraised, d(17))                      # a new deadline (after a supplement) missed again
    send_appraisal_reminders(d(18))
    assert len(got(cast.leader)) == 2


def test_concluded_dossier_reminds_the_supervisors(cast, units, others):
    dossier = due_on(concluded(cast, units), DUE)
    Notification.objects.all().delete()
    assert send_appraisal_reminders(d(10)).sent == 2
    assert "chờ giám sát độc lập xác nhận" in got(cast.supervisor, "appraisal.due")[0].text
    assert len(got(others.supervisor2, "appraisal.due")) == 1
    assert got(cast.appraiser) == [] and dossier.code in got(cast.supervisor)[0].text


def test_paused_dossier_is_left_alone(cast, appraised):
    services.request_supplement(cast.appraiser, appraised, request="Bổ sung báo giá.")
    Notification.objects.all().delete()
    assert send_appraisal_reminders(d(20)).sent == 0


def test_approval_overdue_to_the_leaders_daily(cast, units, others):
    dossier = due_on(countersigned(cast, units), DUE, "approval_due")
    Notification.objects.all().delete()
    assert send_appraisal_reminders(DUE).sent == 0          # not before it has passed
    out = send_appraisal_reminders(d(12))
    assert (out.approval_overdue, out.sent) == (1, 2)
    [n] = got(cast.leader, "appraisal.approval_overdue")
    assert dossier.code in n.text and "hạn phê duyệt 11/03/2026" in n.text
    assert got(cast.appraiser) == [] and got(cast.supervisor) == []
    assert send_appraisal_reminders(d(12)).sent == 0
    assert send_appraisal_reminders(d(13)).sent == 2


# ------------------------------------------------------------- opinions ----

def test_opinion_reminder_before_its_due_date(cast, others, asked):
    assert send_appraisal_reminders(d(6)).sent == 0
    out = send_appraisal_reminders(d(10))
    assert (out.opinions_due, out.sent) == (1, 1)
    [n] = got(others.stc_head, "appraisal.opinion_due")
    assert "Sở Tài chính" in n.text and asked.dossier.code in n.text and "còn 1 ngày làm việc" in n.text
    assert n.url == f"/tham-dinh/ho-so/{asked.dossier_id}/#opinions"
    assert got(others.ca_staff) == [] and got(cast.head_a) == []
    assert send_appraisal_reminders(d(10)).sent == 0


def test_overdue_opinion_daily_then_escalated_once(cast, others, asked):
    out = send_appraisal_reminders(d(12))         # 1 working day late: the unit only
    assert (out.opinions_overdue, out.escalated, out.sent) == (1, 0, 1)
    assert "quá hạn 1 ngày" in got(others.stc_head, "appraisal.opinion_overdue")[0].text
    asked.refresh_from_db()
    assert asked.escalated_on is None and got(cast.leader) == []

    out = send_appraisal_reminders(d(13))         # 2 working days late: escalated
    assert (out.escalated, out.sent) == (1, 4)    # the unit, two leaders, the appraiser who asked
    asked.refresh_from_db()
    assert asked.escalated_on == d(13)
    [event] = DossierEvent.objects.filter(dossier=asked.dossier, kind=EventKind.OPINION_ESCALATED)
    assert event.actor == cast.appraiser and "Sở Tài chính" in event.note and event.round == asked.dossier.round
    for user in (cast.leader, others.leader2, cast.appraiser):
        [n] = got(user, "appraisal.opinion_escalated")
        assert "Sở Tài chính" in n.text and asked.dossier.code in n.text and "2 ngày làm việc" in n.text
    assert got(cast.outsider) == []

    assert send_appraisal_reminders(d(13)).sent == 0                # same day: nothing new
    out = send_appraisal_reminders(d(16))
    assert (out.escalated, out.sent) == (0, 1)                      # the unit again, no new escalation
    asked.refresh_from_db()
    assert asked.escalated_on == d(13)
    assert DossierEvent.objects.filter(kind=EventKind.OPINION_ESCALATED).count() == 1
    assert len(got(cast.leader)) == 1


def test_escalation_threshold_comes_from_the_settings(cast, others, asked, settings):
    settings.APPRAISAL_ESCALATE_AFTER_DAYS = 4
    assert send_appraisal_reminders(d(16)).escalated == 0           # 3 working days late
    assert send_appraisal_reminders(d(17)).escalated == 1           # 4
    settings.APPRAISAL_ESCALATE_AFTER_DAYS = 2                      # the default
    other = Opinion.objects.create(dossier=asked.dossier, unit=others.ca, question="An ninh?",
                                   requested_by=cast.appraiser, requested_on=d(2), due_date=DUE)
    send_appraisal_reminders(d(13))
    other.refresh_from_db()
    assert other.escalated_on == d(13)


def test_answered_opinions_and_concluded_dossiers_are_left_alone(cast, others, asked):
    services.answer_opinion(others.stc_head, asked, answer="Thống nhất.", agrees=True)
    Notification.objects.all().delete()
    assert send_appraisal_reminders(d(20)).sent == 0
    Opinion.objects.filter(pk=asked.pk).update(answered_on=None)
    Dossier.objects.filter(pk=asked.dossier_id).update(status="concluded")   # no longer takes opinions
    out = send_appraisal_reminders(d(20))
    assert out.opinions == 0 and got(others.stc_head) == []


# -------------------------------------------------------------- command ----

def test_emails_once_after_commit(cast, appraised, django_capture_on_commit_callbacks):
    cast.appraiser.email = "appraiser@thunghiem.gov.vn"
    cast.appraiser.save()
    with django_capture_on_commit_callbacks(execute=True):
        out = send_appraisal_reminders(d(9))
        send_appraisal_reminders(d(9))
        send_appraisal_reminders(d(9), email=False)
    assert out.emails == 1 and [m.to for m in mail.outbox] == [["appraiser@thunghiem.gov.vn"]]
    assert appraised.code in mail.outbox[0].body


def test_command_output_and_idempotence(cast, others, appraised, asked):
    first, second = io.StringIO(), io.StringIO()
    call_command("send_appraisal_reminders", "--today", "2026-03-13", "--no-email", stdout=first)
    call_command("send_appraisal_reminders", "--today", "2026-03-13", stdout=second)
    text = first.getvalue()
    assert "Ngày 13/03/2026" in text and "quá hạn thẩm định: 1" in text and "báo cáo lãnh đạo lần này: 1" in text
    assert "Đã gửi 7 thông báo, bỏ qua 0 đã gửi" in text
    # the escalation is not repeated (escalated_on is set): 4 notices of the day, all already sent
    assert "Đã gửi 0 thông báo, bỏ qua 4 đã gửi" in second.getvalue()
    assert "báo cáo lãnh đạo lần này: 0" in second.getvalue()
    out = io.StringIO()
    call_command("send_appraisal_reminders", "--today", "2026-03-06", "--days-before", "3", stdout=out)
    assert "Hồ sơ sắp đến hạn thẩm định: 1" in out.getvalue() and "Ý kiến sắp đến hạn trả lời: 1" in out.getvalue()


def test_command_checks_its_arguments(db):
    with pytest.raises(CommandError, match="--today phải có dạng YYYY-MM-DD"):
        call_command("send_appraisal_reminders", "--today", "13/03/2026")
    with pytest.raises(CommandError, match="không được âm"):
        call_command("send_appraisal_reminders", "--days-before", "-1")
