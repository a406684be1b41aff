"""The dossier workflow through its services: completeness, who may do what, the clock's pause
and resume, parallel opinions, maker ≠ checker, the leader's decision moving the project."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.appraisal import services
from cds.appraisal.models import (
    ClockPause,
    Dossier,
    DossierDocument,
    EventKind,
    Result,
    Status,
)
from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.notifications.models import Notification
from cds.projects.models import ProjectDocument, State
from cds.rules.models import ItemKind

from .conftest import (
    TR,
    TY,
    check_all,
    complete,
    concluded,
    countersigned,
    new_dossier,
    new_project,
    pdf,
    submitted,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today


def test_dossier_follows_the_routed_procedure_and_moves_the_project(cast, units):
    d = new_dossier(cast, units, amount=2 * TY)
    assert d.procedure.code == "de_cuong" and d.status == Status.DRAFT and d.code.startswith("HS-")
    assert d.project.state == State.DOSSIER_PREPARING
    big = new_dossier(cast, units, amount=15 * TY + 1)
    assert big.procedure.code == "recurrent_project"


def test_small_spending_needs_no_appraisal(cast, units):
    project = new_project(cast, units)
    with pytest.raises(ServiceError, match="không phải thẩm định"):
        services.create_dossier(cast.staff_a, project, {"amount": 200 * TR})
    assert not Dossier.objects.exists()


def test_bad_amounts_are_refused(cast, units):
    project = new_project(cast, units)
    for amount in (0, -5, None, "1.000"):
        with pytest.raises(ServiceError):
            services.create_dossier(cast.staff_a, project, {"amount": amount})
    assert not Dossier.objects.exists()


def test_only_the_investor_unit_prepares(cast, units):
    project = new_project(cast, units)
    for user in (cast.staff_b, cast.appraiser, cast.leader, cast.inspector):
        with pytest.raises(PermissionDenied):
            services.create_dossier(user, project, {"amount": TY})


def test_submission_requires_every_required_document(cast, units):
    d = new_dossier(cast, units)
    services.add_document(cast.staff_a, d, kind="to_trinh", upload=pdf())
    with pytest.raises(ServiceError, match="Đề cương và dự toán chi tiết"):
        services.submit(cast.head_a, d)
    d.refresh_from_db()
    assert d.status == Status.DRAFT and d.clock_start is None
    complete(d, cast.staff_a)
    d = services.submit(cast.head_a, d)
    assert d.status == Status.IN_APPRAISAL and d.clock_start == TODAY() and d.round == 1
    assert d.due_date == services.clock_state(d).due and d.due_date > TODAY()
    assert Notification.objects.filter(user=cast.appraiser, kind="appraisal").exists()
    d.project.refresh_from_db()
    assert d.project.state == State.IN_APPRAISAL


def test_submission_by_the_wrong_role_is_refused(cast, units):
    d = complete(new_dossier(cast, units), cast.staff_a)
    for user in (cast.staff_a, cast.head_b, cast.appraiser, cast.leader):
        with pytest.raises(PermissionDenied):
            services.submit(user, d)
    d.refresh_from_db()
    assert d.status == Status.DRAFT


def test_wrong_file_types_and_fakes_are_refused(cast, units):
    d = new_dossier(cast, units)
    with pytest.raises(ServiceError, match="Chỉ nhận tệp"):
        services.add_document(cast.staff_a, d, kind="de_cuong", upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))
    with pytest.raises(ServiceError, match="không đúng định dạng"):
        services.add_document(cast.staff_a, d, kind="de_cuong", upload=SimpleUploadedFile("fake.pdf", b"<html>"))
    with pytest.raises(ServiceError, match="loại tài liệu"):
        services.add_document(cast.staff_a, d, kind="virus", upload=pdf())
    assert not DossierDocument.objects.exists()


def test_documents_are_versioned(cast, units):
    d = new_dossier(cast, units)
    services.add_document(cast.staff_a, d, kind="de_cuong", upload=pdf("v1.pdf"))
    services.add_document(cast.head_a, d, kind="de_cuong", upload=pdf("v2.pdf", b"%PDF-1.7\nnew"), note="Sửa dự toán")
    docs = list(d.documents.filter(kind="de_cuong").order_by("version"))
    assert [(x.version, x.file_name) for x in docs] == [(1, "v1.pdf"), (2, "v2.pdf")]
    assert docs[0].file_sha256 != docs[1].file_sha256
    assert services.current_documents(Dossier.objects.get(pk=d.pk))["de_cuong"].version == 2


def test_supplement_pauses_and_resumes_the_clock(cast, units):
    d = submitted(cast, units)
    before = d.due_date
    services.request_supplement(cast.appraiser, d, request="Bổ sung bảng giải trình đơn giá.")
    d.refresh_from_db()
    assert d.status == Status.SUPPLEMENT and d.due_date is None and services.clock_state(d).paused
    with pytest.raises(ServiceError):  # the unit cannot be asked twice while it is supplementing
        services.request_supplement(cast.appraiser, d, request="Lần hai")
    # The unit takes four calendar days to supplement: the clock stood still meanwhile.
    asked = TODAY() - dt.timedelta(days=4)
    ClockPause.objects.filter(dossier=d).update(started_on=asked)
    Dossier.objects.filter(pk=d.pk).update(clock_start=asked - dt.timedelta(days=1))
    d.refresh_from_db()
    services.add_document(cast.staff_a, d, kind="bao_gia", upload=pdf("giai-trinh.pdf"))
    with pytest.raises(PermissionDenied):
        services.supplement(cast.staff_a, d, response="Đã bổ sung")
    d = services.supplement(cast.head_a, d, response="Đã bổ sung bảng giải trình")
    assert d.status == Status.IN_APPRAISAL
    state = services.clock_state(d)
    assert state.used == (1 if services.WorkCalendar.load(asked, asked).is_working_day(asked) else 0)
    paused_days = services.clock.counted_days(asked, TODAY(), "working", [], services.WorkCalendar.load(asked, TODAY()))
    unpaused_due = services.clock.due_date(d.clock_start, 15, "working", [], services.WorkCalendar.load(
        d.clock_start, d.clock_start + dt.timedelta(days=90)))
    assert d.due_date >= unpaused_due and (paused_days == 0 or d.due_date > unpaused_due)
    assert before is not None
    kinds = list(d.events.values_list("kind", flat=True))
    assert EventKind.SUPPLEMENT_REQUESTED in kinds and EventKind.SUPPLEMENTED in kinds


def test_supplement_request_only_within_its_legal_limit(cast, units):
    d = submitted(cast, units)  # đề cương: request within 5 working days (TT 03/2020 Điều 7)
    Dossier.objects.filter(pk=d.pk).update(clock_start=TODAY() - dt.timedelta(days=14))
    d.refresh_from_db()
    with pytest.raises(ServiceError, match="quá thời hạn yêu cầu bổ sung"):
        services.request_supplement(cast.appraiser, d, request="Bổ sung")
    d.refresh_from_db()
    assert d.status == Status.IN_APPRAISAL and not d.pauses.exists()


def test_parallel_opinions_with_due_dates(cast, units, others):
    d = submitted(cast, units)
    o1 = services.request_opinion(cast.appraiser, d, unit=others.stc, question="Cho ý kiến về nguồn kinh phí.")
    o2 = services.request_opinion(cast.appraiser, d, unit=others.ca, question="Đề án 06, an ninh mạng.",
                                  due=TODAY() + dt.timedelta(days=3))
    assert o1.due_date == services.calendar_due(TODAY(), 5, "working") and o2.due_date == TODAY() + dt.timedelta(days=3)
    assert Notification.objects.filter(user=others.stc_head).exists()
    assert Notification.objects.filter(user=others.ca_staff).exists()
    with pytest.raises(PermissionDenied):  # another unit cannot answer for Sở Tài chính
        services.answer_opinion(others.ca_staff, o1, answer="Thống nhất")
    services.answer_opinion(others.stc_head, o1, answer="Thống nhất bố trí từ nguồn chi thường xuyên.", agrees=True)
    with pytest.raises(ServiceError, match="đã được trả lời"):
        services.answer_opinion(others.stc_head, o1, answer="Lần hai")
    d = check_all(d, cast.appraiser)
    with pytest.raises(ServiceError, match="Công an tỉnh"):  # still waiting for an opinion not yet due
        services.conclude(cast.appraiser, d, conclusion="eligible", text="Đủ điều kiện")
    # Once overdue, the appraiser may conclude without it (it stays flagged late).
    type(o2).objects.filter(pk=o2.pk).update(due_date=TODAY() - dt.timedelta(days=1))
    d = services.conclude(cast.appraiser, d, conclusion="eligible", text="Đủ điều kiện")
    o2.refresh_from_db()
    assert d.status == Status.CONCLUDED and o2.is_late(TODAY())
    with pytest.raises(ServiceError):
        services.request_opinion(cast.appraiser, d, unit=others.stc, question="Muộn")


def test_opinion_bad_input(cast, units, others):
    d = submitted(cast, units)
    for kw, msg in ((dict(unit=None, question="x"), "đơn vị"), (dict(unit=units.skhcn, question="x"), "chủ đầu tư"),
                    (dict(unit=others.stc, question="   "), "nội dung xin ý kiến"),
                    (dict(unit=units.sotttt, question="x"), "kết thúc hoạt động"),
                    (dict(unit=units.bo_vp, question="x"), "đơn vị"),
                    (dict(unit=others.stc, question="x", due=TODAY()), "Hạn trả lời")):
        with pytest.raises(ServiceError, match=msg):
            services.request_opinion(cast.appraiser, d, **kw)
    assert not d.opinions.exists()


def test_conclusion_needs_every_item_and_no_failure_for_eligible(cast, units):
    d = submitted(cast, units)
    with pytest.raises(ServiceError, match="Chưa đánh giá"):
        services.conclude(cast.appraiser, d, conclusion="eligible", text="x")
    item = d.procedure.checklist.filter(kind=ItemKind.CONTENT).first()
    with pytest.raises(ServiceError):  # a failed item needs its comment
        services.save_checklist(cast.appraiser, d, {item.pk: (Result.FAIL, "")})
    d = check_all(d, cast.appraiser)
    services.save_checklist(cast.appraiser, d, {item.pk: (Result.FAIL, "Thiếu căn cứ kế hoạch CĐS năm")})
    with pytest.raises(ServiceError, match="không đạt"):
        services.conclude(cast.appraiser, d, conclusion="eligible", text="x")
    d = services.conclude(cast.appraiser, d, conclusion="needs_supplement", text="Cần bổ sung căn cứ")
    assert d.conclusion == "needs_supplement"


def test_maker_is_never_the_checker(cast, units, others):
    # An appraiser who registered the project cannot appraise its dossier.
    project = new_project(cast, units)
    project.created_by = cast.appraiser
    project.save(update_fields=["created_by"])
    d = services.create_dossier(cast.staff_a, project, {"amount": TY})
    d = services.submit(cast.head_a, complete(d, cast.staff_a))
    with pytest.raises(MakerCheckerError):
        services.request_supplement(cast.appraiser, d, request="x")
    # The supervisor who countersigns is never the author; the leader never the countersigner.
    d = concluded(cast, units)
    with pytest.raises(PermissionDenied):
        services.countersign(cast.appraiser, d, agree=True)
    d = services.countersign(cast.supervisor, d, agree=True)
    with pytest.raises(PermissionDenied):
        services.decide(cast.supervisor, d, decision="approve", decision_number="1/QĐ", decision_date=TODAY())


def test_supervisor_may_send_the_conclusion_back_with_a_reason(cast, units):
    d = concluded(cast, units)
    with pytest.raises(ServiceError, match="ý kiến giám sát"):
        services.countersign(cast.supervisor, d, agree=False, note="")
    d = services.countersign(cast.supervisor, d, agree=False, note="Chưa xem xét ý kiến Sở Tài chính.")
    assert d.status == Status.IN_APPRAISAL and d.countersigned_by is None
    d = services.conclude(cast.appraiser, d, conclusion="eligible", text="Đã xem xét lại")
    assert d.status == Status.CONCLUDED


def test_leader_approval_updates_project_state_and_decision_document(cast, units):
    d = countersigned(cast, units)
    assert d.approval_due == services.calendar_due(TODAY(), 3, "working")
    with pytest.raises(ServiceError):  # the decision needs its number and date
        services.decide(cast.leader, d, decision="approve")
    d.refresh_from_db()
    assert d.status == Status.COUNTERSIGNED
    d = services.decide(cast.leader, d, decision="approve", decision_number="245/QĐ-UBND", decision_date=TODAY())
    d.project.refresh_from_db()
    assert d.status == Status.APPROVED and d.project.state == State.APPROVED
    doc = ProjectDocument.objects.get(project=d.project, number="245/QĐ-UBND")
    assert doc.is_legal_basis and doc.issued_on == TODAY() and "Phê duyệt" in doc.title
    verbs = set(AuditEvent.objects.filter(target_id=d.project.pk).values_list("verb", flat=True))
    assert {"appraisal.submitted", "appraisal.concluded", "appraisal.countersigned", "appraisal.approved",
            "project.transition"} <= verbs


def test_leader_returns_a_needs_supplement_dossier_and_the_unit_resubmits(cast, units):
    d = countersigned(cast, units, conclusion="needs_supplement")
    with pytest.raises(ServiceError, match="đủ điều kiện"):
        services.decide(cast.leader, d, decision="approve", decision_number="1", decision_date=TODAY())
    with pytest.raises(ServiceError, match="lý do"):
        services.decide(cast.leader, d, decision="return")
    d = services.decide(cast.leader, d, decision="return", reason="Bổ sung căn cứ kế hoạch CĐS")
    d.project.refresh_from_db()
    assert d.status == Status.RETURNED and d.project.state == State.DOSSIER_PREPARING
    d = services.submit(cast.head_a, d)
    assert d.round == 2 and d.status == Status.IN_APPRAISAL and d.conclusion == ""


def test_leader_rejects(cast, units):
    d = countersigned(cast, units, conclusion="ineligible")
    d = services.decide(cast.leader, d, decision="reject", reason="Trùng lặp hệ thống đã có")
    d.project.refresh_from_db()
    assert d.status == Status.REJECTED and d.project.state == State.REJECTED


def test_stale_version_is_refused(cast, units):
    d = submitted(cast, units)
    old = d.version
    check_all(d, cast.appraiser)
    with pytest.raises(ConflictError):
        services.conclude(cast.appraiser, d, conclusion="eligible", text="x", expected_version=old)


def test_one_open_dossier_per_project(cast, units):
    d = new_dossier(cast, units)
    with pytest.raises(ServiceError, match="đang xử lý"):
        services.create_dossier(cast.staff_a, d.project, {"amount": TY})


def test_every_appraisal_act_reads_in_vietnamese_in_the_audit_log():
    from cds.audit.registry import VERB_LABELS

    assert all(f"appraisal.{kind}" in VERB_LABELS for kind in EventKind.values)
