"""When a unit ends, its open work goes to its successor: directive tasks (led and coordinated),
effectiveness reviews, opinions asked in an appraisal — each transfer recorded with who and when
(audit log, the record's history), the successor's people told; closed work stays with the unit
that did it; a unit with no successor gets its work flagged to the CĐS authority."""
from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cds.accounts.models import Role
from cds.appraisal import services as appraisal
from cds.appraisal.models import DossierEvent, EventKind
from cds.audit.models import AuditEvent
from cds.audit.registry import summarize
from cds.directives import services as directives
from cds.notifications.models import Notification
from cds.orgs.services import set_successors
from cds.reviews import services as reviews
from cds.reviews.models import Review
from tests.appraisal.conftest import submitted
from tests.conftest import login
from tests.directives.conftest import make_directive, make_task, pdf
from tests.factories import UserFactory, make_unit
from tests.reviews.conftest import to_operation

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def work(cast, units, projects):
    """Open and closed work of Sở Y tế (staff_b, head_b): a task it leads, one it coordinates, one
    it completed, the review of its project in an open campaign, an opinion asked of it on a
    dossier of Sở KH&CN; and the two units that will succeed it, with their people."""
    d = make_directive(cast.appraiser, units.tinh)
    led = make_task(cast.appraiser, d, units.syt, coordinating=[units.skhcn], deadline=TODAY + dt.timedelta(days=30),
                    content="Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh", lead_text="Sở Y tế")
    coordinated = make_task(cast.appraiser, d, units.skhcn, coordinating=[units.syt],
                            deadline=TODAY + dt.timedelta(days=40), content="Kết nối dữ liệu y tế với cổng dữ liệu tỉnh")
    done = make_task(cast.appraiser, d, units.syt, deadline=TODAY + dt.timedelta(days=20),
                     content="Báo cáo số hóa hồ sơ sức khỏe điện tử")
    directives.report_progress(cast.staff_b, done, percent=100, content="Đã gửi báo cáo.", completes=True, upload=pdf())
    to_operation(cast, projects.b)
    campaign = reviews.create_campaign(cast.appraiser, {
        "name": "Rà soát hiệu quả năm nay", "basis_number": "8826/UBND-VXNV", "basis_date": TODAY,
        "basis_issuer": "UBND tỉnh", "scope_states": ["in_operation"], "deadline": TODAY + dt.timedelta(days=10),
        "receiving_unit": units.skhcn, "started_until": dt.date(TODAY.year, 12, 31),
    })
    reviews.open_campaign(cast.appraiser, campaign)
    dossier = submitted(cast, units)
    opinion = appraisal.request_opinion(cast.appraiser, dossier, unit=units.syt, question="Ý kiến về kết nối y tế?")
    health = make_unit("T01-SYTDS", "Sở Y tế và Dân số", parent=units.tinh, short_name="Sở YT&DS")
    cdc = make_unit("T01-CDC", "Trung tâm Kiểm soát bệnh tật tỉnh", parent=units.tinh, short_name="CDC tỉnh")
    return SimpleNamespace(
        directive=d, led=led, coordinated=coordinated, done=done, review=campaign.reviews.get(project=projects.b),
        dossier=dossier, opinion=opinion, health=health, cdc=cdc,
        health_staff=UserFactory(username="ytds_staff", role=Role.UNIT_STAFF, unit=health),
        health_head=UserFactory(username="ytds_head", role=Role.UNIT_HEAD, unit=health),
        cdc_staff=UserFactory(username="cdc_staff", role=Role.UNIT_STAFF, unit=cdc),
    )


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).order_by("pk"))


def test_reorganising_a_unit_hands_its_open_work_to_the_first_successor(cast, units, work):
    set_successors(units.syt, [work.health, work.cdc], actor=cast.admin, valid_to=YESTERDAY)

    # The task it led: led by the first successor, the other coordinating; the document's wording kept.
    led = type(work.led).objects.get(pk=work.led.pk)
    assert (led.lead_unit, led.transferred_from, led.transferred_on) == (work.health, units.syt, TODAY)
    assert set(led.coordinating_units.all()) == {units.skhcn, work.cdc}
    assert led.lead_text == "Sở Y tế"
    assert led.history.first().history_user == cast.admin and led.history.first().lead_unit_id == work.health.pk
    # The task it coordinated: the successor coordinates instead; the one it completed stays its own.
    assert set(work.coordinated.coordinating_units.all()) == {work.health}
    work.done.refresh_from_db()
    assert work.done.lead_unit == units.syt and work.done.transferred_from is None

    # The review of its project and the opinion asked of it: the successor's now.
    work.review.refresh_from_db()
    work.opinion.refresh_from_db()
    assert work.review.unit == work.health and work.opinion.unit == work.health
    assert Review.history.filter(id=work.review.pk).first().history_user == cast.admin
    timeline = DossierEvent.objects.filter(dossier=work.dossier, kind=EventKind.OPINION_TRANSFERRED).get()
    assert timeline.actor == cast.admin and "Sở Y tế và Dân số trả lời thay Sở Y tế" in timeline.note

    # Each transfer is in the audit log: who, when, from which unit to which, by which rule.
    transferred = events("directive.task_transferred")
    assert [(e.target_id, e.data["role"]) for e in transferred] == [(work.led.pk, "lead"),
                                                                     (work.coordinated.pk, "coordinating")]
    first = transferred[0]
    assert first.actor == cast.admin and timezone.localtime(first.created_at).date() == TODAY
    assert (first.data["from_id"], first.data["to_id"], first.data["automatic"]) == (units.syt.pk, work.health.pk, True)
    assert summarize(first) == ("Từ Sở Y tế sang Sở Y tế và Dân số (chủ trì; đơn vị kế thừa ghi nhận đầu tiên trong "
                                "2 đơn vị kế thừa; phối hợp: Trung tâm Kiểm soát bệnh tật tỉnh; tự động khi đơn vị "
                                "kết thúc hoạt động)")
    assert [e.actor for e in events("review.transferred")] == [cast.admin]
    assert [e.data["opinion"] for e in events("appraisal.opinion_transferred")] == [work.opinion.pk]

    # The successor's people are told of what they received.
    texts = " | ".join(Notification.objects.filter(user=work.health_head).values_list("text", flat=True))
    assert "Sở Y tế và Dân số chủ trì thay Sở Y tế" in texts and "nhận báo cáo đánh giá" in texts
    assert "cho ý kiến về hồ sơ" in texts

    # Once handed over, nothing is left to hand over: the daily job moves nothing again.
    out = io.StringIO()
    call_command("transfer_ended_work", stdout=out)
    assert "chuyển 0 việc" in out.getvalue()
    assert len(events("directive.task_transferred")) == 2


def test_the_successor_acts_on_the_work_and_the_ended_units_people_no_longer_do(cast, units, work):
    set_successors(units.syt, [work.health, work.cdc], actor=cast.admin, valid_to=YESTERDAY)
    task_url = reverse("directives:task", args=[work.led.pk])
    review_url = reverse("reviews:review", args=[work.review.pk])

    health = login(work.health_staff)
    body = health.get(task_url).content.decode()
    assert "Nhận chuyển giao từ Sở Y tế" in body and 'id="report-form"' in body
    resp = health.post(reverse("directives:task_report", args=[work.led.pk]),
                       {"percent": "30", "content": "Đã triển khai tại 3 bệnh viện.", "version": work.led.version + 1})
    assert resp.status_code in (200, 302)
    assert work.led.reports.get().reported_by == work.health_staff
    assert health.get(review_url).status_code == 200
    appraisal.answer_opinion(work.health_staff, work.opinion, answer="Thống nhất.", agrees=True)

    # The other successor coordinates: it reads the task but does not report on it.
    cdc = login(work.cdc_staff)
    assert cdc.get(task_url).status_code == 200
    assert 'id="report-form"' not in cdc.get(task_url).content.decode()

    # The ended unit's remaining accounts: successors inherit predecessors' work, not the reverse.
    old = login(cast.staff_b)
    assert old.get(task_url).status_code == 404
    assert old.get(review_url).status_code == 404
    assert old.get(reverse("directives:task", args=[work.done.pk])).status_code == 200   # its own completed task


def test_a_unit_that_ends_without_successor_gets_its_work_flagged_not_moved(cast, units, work):
    set_successors(units.syt, [], actor=cast.admin, valid_to=YESTERDAY)

    work.led.refresh_from_db()
    work.review.refresh_from_db()
    work.opinion.refresh_from_db()
    assert work.led.lead_unit == units.syt and work.review.unit == units.syt and work.opinion.unit == units.syt
    assert [e.target_id for e in events("directive.task_unowned")] == [work.led.pk]
    assert [e.target_id for e in events("review.unowned")] == [work.review.pk]
    assert len(events("appraisal.opinion_unowned")) == 1
    told = " | ".join(Notification.objects.filter(user=cast.appraiser).values_list("text", flat=True))
    assert "cần giao lại" in told and "hãy xin ý kiến đơn vị khác" in told and "cần giao cho đơn vị khác" in told

    # Flagged once: the daily job does not flag (nor tell) again.
    before = Notification.objects.count()
    call_command("transfer_ended_work", stdout=io.StringIO())
    assert Notification.objects.count() == before and len(events("directive.task_unowned")) == 1


def test_command_hands_over_to_a_chosen_successor_and_refuses_another_unit(cast, units, work):
    units.syt.valid_to = YESTERDAY
    units.syt.save()
    units.syt.successors.add(work.health, work.cdc)   # recorded by a script: nothing handed over yet

    with pytest.raises(CommandError, match="không phải đơn vị kế thừa"):
        call_command("transfer_ended_work", unit="T01-SYT", to="T01-SKHCN", stdout=io.StringIO())
    out = io.StringIO()
    call_command("transfer_ended_work", unit="T01-SYT", to="T01-CDC", by="appraiser", stdout=out)
    work.led.refresh_from_db()
    assert work.led.lead_unit == work.cdc and set(work.led.coordinating_units.all()) == {units.skhcn, work.health}
    event = events("directive.task_transferred")[0]
    assert event.actor == cast.appraiser and event.data["rule"] == "đơn vị kế thừa do người thực hiện chọn"
    assert event.data["automatic"] is False
    assert "chuyển 4 việc" in out.getvalue()   # the task led, the one coordinated, the review, the opinion

    with pytest.raises(CommandError, match="chưa kết thúc hoạt động"):
        call_command("transfer_ended_work", unit="T01-SKHCN", stdout=io.StringIO())


def test_recording_the_end_in_the_admin_hands_the_work_over(cast, units, work):
    admin = login(cast.admin)
    url = reverse("admin:orgs_unit_change", args=[units.syt.pk])
    form = {"code": units.syt.code, "name": units.syt.name, "short_name": units.syt.short_name, "kind": "department",
            "parent": units.tinh.pk, "valid_from": "", "valid_to": YESTERDAY.strftime("%d/%m/%Y"),
            "successors": [work.health.pk], "note": "Hợp nhất.",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    resp = admin.post(url, form)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    work.led.refresh_from_db()
    assert work.led.lead_unit == work.health
    assert events("directive.task_transferred")[0].actor == cast.admin
