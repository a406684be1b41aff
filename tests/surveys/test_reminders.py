"""The daily survey reminder job: due and overdue notices to each outstanding unit's people, a
daily summary of late units to the coordinator and the CĐS appraisers; a second run the same
day sends nothing new."""
import datetime as dt

from django.core.management import call_command

from cds.notifications.models import Notification
from cds.surveys import services
from cds.surveys.models import Response, Round
from cds.surveys.reminders import send_survey_reminders

from .test_core import GOOD


def _keys(user):
    return set(Notification.objects.filter(user=user, kind__startswith="survey.").values_list("dedupe_key", flat=True))


def test_due_reminders_are_sent_once_a_day(cast, units, survey_round):
    today = survey_round.deadline - dt.timedelta(days=2)
    out = send_survey_reminders(today, email=False)
    assert out.rounds == 1 and out.sent > 0
    day = today.isoformat()
    assert _keys(cast.staff_a) == {f"survey-due:{survey_round.pk}:{units.skhcn.pk}:{day}"}
    assert _keys(cast.head_b) == {f"survey-due:{survey_round.pk}:{units.syt.pk}:{day}"}
    text = Notification.objects.get(user=cast.staff_a, kind="survey.due").text
    assert "còn 2 ngày" in text and survey_round.deadline.strftime("%d/%m/%Y") in text
    again = send_survey_reminders(today, email=False)
    assert again.sent == 0 and again.skipped == out.sent
    # too early: nothing
    assert send_survey_reminders(survey_round.deadline - dt.timedelta(days=5), email=False).sent == 0


def test_overdue_notices_and_the_late_summary(cast, units, survey_round):
    response = Response.objects.get(round=survey_round, unit=units.skhcn)
    services.save_answers(cast.staff_a, response, GOOD)
    services.submit_response(cast.head_a, response)          # Sở KH&CN on time; Sở Y tế not
    today = survey_round.deadline + dt.timedelta(days=3)
    out = send_survey_reminders(today, email=False)
    day = today.isoformat()
    assert out.late_units == 1
    assert _keys(cast.staff_b) == {f"survey-overdue:{survey_round.pk}:{units.syt.pk}:{day}"}
    assert _keys(cast.staff_a) == set()                       # its response was sent
    summary_key = f"survey-summary:{survey_round.pk}:{day}"
    assert summary_key in _keys(cast.appraiser)                # the CĐS authority of the tree
    text = Notification.objects.get(user=cast.appraiser, dedupe_key=summary_key).text
    assert "1 đơn vị trễ hạn: Sở Y tế" in text and "quá hạn 3 ngày" in text
    assert _keys(cast.outsider) == set()                       # another tree
    assert send_survey_reminders(today, email=False).sent == 0


def test_the_coordinating_unit_gets_the_summary(cast, units, survey_round):
    Round.objects.filter(pk=survey_round.pk).update(coordinator=units.syt)
    today = survey_round.deadline + dt.timedelta(days=1)
    send_survey_reminders(today, email=False)
    assert f"survey-summary:{survey_round.pk}:{today.isoformat()}" in _keys(cast.head_b)


def test_the_command_prints_counts_and_refuses_a_bad_date(cast, survey_round, capsys):
    import pytest
    from django.core.management.base import CommandError

    today = survey_round.deadline + dt.timedelta(days=1)
    call_command("send_survey_reminders", "--today", today.isoformat(), "--no-email")
    printed = capsys.readouterr().out
    assert "1 đợt khảo sát đang thu thập phiếu, 2 đơn vị trễ hạn" in printed
    call_command("send_survey_reminders", "--today", today.isoformat(), "--no-email")
    assert "Đã gửi 0 thông báo" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_survey_reminders", "--today", "31/12/2024")
