import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.core.errors import MakerCheckerError, ServiceError
from cds.projects import services
from cds.projects.models import EventKind, State
from tests.conftest import login
from tests.factories import make_project

D = dt.date.today()


def walk_to_appraisal(cast, project):
    services.transition(cast.staff_a, project, "start_dossier")
    services.transition(cast.head_a, project, "submit_appraisal")
    project.refresh_from_db()
    return project


def test_full_lifecycle_with_decisions(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    services.transition(cast.leader, p, "approve", decision_number="123/QĐ-UBND", decision_date=D)
    services.transition(cast.staff_a, p, "start_procurement")
    services.transition(cast.staff_a, p, "start_implementation")
    services.transition(cast.head_a, p, "put_in_operation", decision_number="05/BB-NT", decision_date=D)
    services.transition(cast.leader, p, "settle", decision_number="99/QĐ-UBND", decision_date=D)
    p.refresh_from_db()
    assert p.state == State.SETTLED
    steps = [(e.from_state, e.to_state) for e in p.events.filter(kind=EventKind.TRANSITION)]
    assert steps[0] == ("proposed", "dossier_preparing") and steps[-1] == ("in_operation", "settled")
    assert AuditEvent.objects.filter(verb="project.transition", target_id=p.pk).count() == 7


def test_decision_document_required(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    with pytest.raises(ServiceError) as exc:
        services.transition(cast.leader, p, "approve")
    assert "decision_number" in exc.value.message_dict
    p.refresh_from_db()
    assert p.state == State.IN_APPRAISAL


def test_wrong_role_and_wrong_state(cast, projects):
    with pytest.raises(PermissionDenied):
        services.transition(cast.staff_a, projects.a, "approve_policy", decision_number="1", decision_date=D)
    with pytest.raises(ServiceError):
        services.transition(cast.leader, projects.a, "approve", decision_number="1/QĐ", decision_date=D)
    with pytest.raises(PermissionDenied):  # unit head of another unit
        services.transition(cast.head_b, projects.a, "start_dossier")


def test_maker_cannot_check_own_work(cast, units):
    """The appraiser who registered a project cannot return its dossier; another appraiser can."""
    from tests.factories import UserFactory

    p = make_project(cast.appraiser, units.skhcn, name="Nền tảng tích hợp, chia sẻ dữ liệu LGSP")
    services.transition(cast.staff_a, p, "start_dossier")
    services.transition(cast.head_a, p, "submit_appraisal")
    with pytest.raises(MakerCheckerError):
        services.transition(cast.appraiser, p, "return_dossier", reason="Thiếu thiết kế cơ sở")
    p.refresh_from_db()
    assert p.state == State.IN_APPRAISAL
    other = UserFactory(username="appraiser2", role="cds_appraiser", unit=units.skhcn)
    services.transition(other, p, "return_dossier", reason="Thiếu thiết kế cơ sở")
    p.refresh_from_db()
    assert p.state == State.DOSSIER_PREPARING


def test_leader_who_submitted_cannot_approve(cast, units):
    """Even with both roles' powers, the person who took the previous step cannot check it."""
    p = make_project(cast.staff_a, units.skhcn)
    services.transition(cast.staff_a, p, "start_dossier")
    services.transition(cast.head_a, p, "submit_appraisal")
    cast.head_a.role = "leader"  # the same person later acts as leader
    cast.head_a.save()
    with pytest.raises(MakerCheckerError):
        services.transition(cast.head_a, p, "approve", decision_number="1/QĐ-UBND", decision_date=D)


def test_pause_resume_stop(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    with pytest.raises(ServiceError) as exc:
        services.transition(cast.leader, p, "pause", decision_number="7/QĐ-UBND", decision_date=D)
    assert "reason" in exc.value.message_dict
    services.transition(cast.leader, p, "pause", decision_number="7/QĐ-UBND", decision_date=D,
                        reason="Trùng lặp với hệ thống dùng chung của tỉnh")
    p.refresh_from_db()
    assert p.state == State.PAUSED and p.paused_from == State.IN_APPRAISAL
    services.transition(cast.leader, p, "resume", decision_number="8/QĐ-UBND", decision_date=D, reason="Đã làm rõ")
    p.refresh_from_db()
    assert p.state == State.IN_APPRAISAL
    services.transition(cast.leader, p, "stop", decision_number="9/QĐ-UBND", decision_date=D, reason="Không hiệu quả")
    p.refresh_from_db()
    assert p.state == State.STOPPED and p.is_terminal
    with pytest.raises(PermissionDenied):
        services.update_project(cast.staff_a, p, {"name": "x"}, expected_version=p.version)


def test_future_decision_date_refused(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    with pytest.raises(ServiceError):
        services.transition(cast.leader, p, "approve", decision_number="1/QĐ", decision_date=dt.date(2999, 1, 1))


def test_scale_down_keeps_state_and_is_on_timeline(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    with pytest.raises(ServiceError):  # not approved yet: nothing to scale down
        services.scale_down(cast.leader, p, decision_number="55/QĐ-UBND", decision_date=D, reason="Giảm 30% thiết bị")
    services.transition(cast.leader, p, "approve", decision_number="123/QĐ-UBND", decision_date=D)
    services.scale_down(cast.leader, p, decision_number="55/QĐ-UBND", decision_date=D, reason="Giảm 30% thiết bị")
    p.refresh_from_db()
    assert p.state == State.APPROVED
    assert p.events.filter(kind=EventKind.ADJUSTMENT, decision_number="55/QĐ-UBND").exists()
    with pytest.raises(PermissionDenied):
        services.scale_down(cast.staff_a, p, decision_number="1", decision_date=D, reason="x")


def test_supervisor_checks_but_never_own_step(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    event = p.events.filter(kind=EventKind.TRANSITION).last()
    services.check_event(cast.supervisor, event, note="Hồ sơ đúng trình tự")
    event.refresh_from_db()
    assert event.checked_by == cast.supervisor
    with pytest.raises(PermissionDenied):
        services.check_event(cast.staff_b, event)
    # A supervisor who made the step may not check it.
    cast.head_a.role = "supervisor"
    cast.head_a.save()
    own = p.events.get(to_state="in_appraisal")
    own.checked_by = None
    own.save()
    with pytest.raises(MakerCheckerError):
        services.check_event(cast.head_a, own)


def test_transition_through_the_page(cast, projects):
    client = login(cast.staff_a)
    url = reverse("projects:transition", args=[projects.a.pk, "start_dossier"])
    page = client.get(url)
    assert "Bắt đầu lập hồ sơ" in page.content.decode()
    resp = client.post(url, {"version": projects.a.version})
    assert resp.status_code == 302
    projects.a.refresh_from_db()
    assert projects.a.state == State.DOSSIER_PREPARING


def test_transition_page_shows_vietnamese_errors(cast, projects):
    p = walk_to_appraisal(cast, projects.a)
    resp = login(cast.leader).post(reverse("projects:transition", args=[p.pk, "approve"]),
                                   {"version": p.version, "decision_date": "31/02/2024"})
    body = resp.content.decode()
    assert resp.status_code == 400
    assert "Ngày không hợp lệ" in body
    p.refresh_from_db()
    assert p.state == State.IN_APPRAISAL
