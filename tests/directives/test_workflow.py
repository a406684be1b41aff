"""Services of the directives register: statuses and lateness in working days, "5 rõ", progress
reports, extensions decided by the issuer (maker ≠ checker), the assistant's all-or-nothing save,
version checks, and the idempotent reminder job."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.directives import services
from cds.directives.models import Directive, Progress, Task
from cds.directives.reminders import send_directive_reminders
from cds.directives.selectors import unit_performance, with_status
from cds.directives.status import TaskStatus, missing_five_r
from cds.notifications.models import Notification
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = dt.date


def pdf(name="minh-chung.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def directive(cast, units):
    return services.create_directive(cast.appraiser, {
        "kind": "cong_van", "number": "8826/UBND-VXNV", "issued_on": D(2026, 4, 1), "issuer": units.tinh,
        "signer": "Chủ tịch UBND tỉnh", "title": "Rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số",
        "full_text": "Giao Sở Khoa học và Công nghệ chủ trì …"})


def task_data(units, **kw):
    data = {"content": "Tổng hợp báo cáo đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số",
            "lead_unit": units.skhcn.pk, "coordinating_units": [units.syt.pk], "deadline": "29/04/2026",
            "deadline_kind": "date", "deadline_text": "trước ngày 29/4/2026",
            "responsible": "Giám đốc Sở Khoa học và Công nghệ", "expected_product": "Báo cáo tổng hợp"}
    data.update(kw)
    return data


@pytest.fixture
def task(cast, units, directive):
    return services.add_task(cast.appraiser, directive, task_data(units))


def status_on(task, day):
    task.refresh_from_db()
    return with_status([task], day)[0].st


# ------------------------------------------------------------------ status ----

def test_overdue_is_counted_in_working_days(task):
    assert task.due_on == D(2026, 4, 29)
    assert status_on(task, D(2026, 4, 29)).code == TaskStatus.NOT_STARTED
    st = status_on(task, D(2026, 5, 5))        # 30/4 and 1/5 are holidays, 2–3/5 a weekend
    assert (st.code, st.label, st.overdue_days) == (TaskStatus.OVERDUE, "Quá hạn", 2)


def test_a_deadline_passed_over_a_weekend_is_overdue_by_zero_working_days(cast, units, directive):
    t = services.add_task(cast.appraiser, directive, task_data(units, deadline="20/11/2026"))   # a Friday
    st = status_on(t, D(2026, 11, 22))                                                         # the Sunday after
    assert (st.code, st.overdue_days) == (TaskStatus.OVERDUE, 0)
    assert (status_on(t, D(2026, 11, 23)).overdue_days, status_on(t, D(2026, 11, 20)).code) == (1, TaskStatus.NOT_STARTED)


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(cast, units, directive):
    t = services.add_task(cast.appraiser, directive, task_data(units, deadline="25/04/2026"))   # a Saturday
    assert t.due_on == D(2026, 4, 28)           # Sunday, then Giỗ Tổ compensated on Monday 27/4
    assert status_on(t, D(2026, 4, 28)).code == TaskStatus.NOT_STARTED


def test_completion_on_time_and_late(cast, units, task, directive, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: D(2026, 4, 20))
    services.report_progress(cast.staff_a, task, percent=40, content="Đã thu thập báo cáo của 12 đơn vị")
    assert status_on(task, D(2026, 4, 20)).code == TaskStatus.IN_PROGRESS
    services.report_progress(cast.head_a, task, percent=100, content="Đã trình UBND tỉnh báo cáo tổng hợp",
                             completes=True, upload=pdf())
    assert status_on(task, D(2026, 6, 1)).code == TaskStatus.DONE_ON_TIME
    late = services.add_task(cast.appraiser, directive, task_data(units))
    monkeypatch.setattr(services, "today", lambda: D(2026, 5, 6))
    services.report_progress(cast.staff_a, late, percent=100, content="Xong", completes=True, upload=pdf())
    st = status_on(late, D(2026, 6, 1))
    assert (st.code, st.overdue_days) == (TaskStatus.DONE_LATE, 3)
    [perf] = unit_performance(cast.appraiser, today=D(2026, 6, 1))
    assert (perf.unit, perf.done_on_time, perf.done_late, perf.on_time_share) == (units.skhcn, 1, 1, 0.5)


def test_five_r_flags_what_is_missing(cast, units, directive):
    t = services.add_task(cast.appraiser, directive, task_data(
        units, lead_unit="", responsible="", expected_product="", deadline_kind="none", deadline=""))
    assert t.missing_5r == "nguoi,thoi_gian,trach_nhiem,ket_qua"
    full = services.add_task(cast.appraiser, directive, task_data(units))
    assert missing_five_r(full) == [] and full.missing_5r == ""


# --------------------------------------------------------- progress, evidence ----

def test_only_the_lead_unit_reports_and_completion_needs_evidence(cast, task):
    for outsider in (cast.staff_b, cast.appraiser, cast.leader, cast.inspector):
        with pytest.raises(PermissionDenied):
            services.report_progress(outsider, task, percent=10, content="…")
    with pytest.raises(ServiceError, match="minh chứng"):
        services.report_progress(cast.staff_a, task, percent=100, content="Xong", completes=True)
    with pytest.raises(ServiceError, match="0 đến 100"):
        services.report_progress(cast.staff_a, task, percent=140, content="Xong")
    with pytest.raises(ServiceError, match="định dạng"):
        services.report_progress(cast.staff_a, task, percent=100, content="Xong", completes=True,
                                 upload=pdf("gia.pdf", b"MZ\x90\x00 not a pdf"))
    task.refresh_from_db()
    assert task.progress == Progress.NOT_STARTED and not task.reports.exists()


def test_a_recurring_task_moves_to_its_next_period(cast, units, directive, monkeypatch):
    t = services.add_task(cast.appraiser, directive, task_data(units, deadline_kind="monthly", deadline="20/04/2026"))
    monkeypatch.setattr(services, "today", lambda: D(2026, 4, 17))
    report = services.report_progress(cast.staff_a, t, percent=100, content="Báo cáo tháng 4", completes=True,
                                      upload=pdf())
    t.refresh_from_db()
    assert report.period_due == D(2026, 4, 20) and t.deadline == D(2026, 5, 20) and t.progress == Progress.IN_PROGRESS


# ------------------------------------------------------------------ extension ----

def test_extension_requested_by_the_lead_head_decided_by_the_issuer(cast, task, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: D(2026, 4, 20))
    with pytest.raises(PermissionDenied):
        services.request_extension(cast.staff_a, task, proposed="29/05/2026", reason="Chờ số liệu")
    with pytest.raises(ServiceError, match="sau thời hạn hiện tại"):
        services.request_extension(cast.head_a, task, proposed="01/04/2026", reason="Chờ số liệu")
    req = services.request_extension(cast.head_a, task, proposed="29/05/2026", reason="Chờ số liệu của các huyện")
    assert status_on(task, D(2026, 4, 21)).code == TaskStatus.EXTENSION
    assert Notification.objects.filter(user=cast.leader, dedupe_key=f"directive-extension:{req.pk}").exists()
    with pytest.raises(ServiceError, match="chờ quyết định"):
        services.request_extension(cast.head_a, task, proposed="30/05/2026", reason="lại")
    for not_issuer in (cast.head_a, cast.appraiser, cast.supervisor):
        with pytest.raises(PermissionDenied):
            services.decide_extension(not_issuer, req, approve=True)
    services.decide_extension(cast.leader, req, approve=True)
    task.refresh_from_db()
    assert (task.deadline, task.due_on, task.extension_pending) == (D(2026, 5, 29), D(2026, 5, 29), False)
    assert AuditEvent.objects.filter(verb="directive.extension_decided", actor=cast.leader).exists()
    assert Notification.objects.filter(user=cast.staff_a, kind="directive", text__contains="đồng ý gia hạn").exists()


def test_the_issuer_head_cannot_grant_his_own_request(cast, units):
    """A unit's internal directive: its head decides extensions — never one he asked for himself."""
    own = services.create_directive(cast.head_a, {"kind": "ke_hoach", "number": "12/KH-SKHCN", "issued_on": D(2026, 4, 1),
                                                  "issuer": units.skhcn, "title": "Kế hoạch nội bộ"})
    t = services.add_task(cast.head_a, own, task_data(units))
    req = services.request_extension(cast.head_a, t, proposed="29/05/2026", reason="Chờ số liệu")
    with pytest.raises(MakerCheckerError):
        services.decide_extension(cast.head_a, req, approve=True)
    deputy = UserFactory(username="pho_gd", role="unit_head", unit=units.skhcn)
    services.decide_extension(deputy, req, approve=False, note="Đề nghị hoàn thành đúng hạn")
    t.refresh_from_db()
    assert t.deadline == D(2026, 4, 29) and not t.extension_pending


def test_a_refusal_needs_a_reason(cast, task):
    req = services.request_extension(cast.head_a, task, proposed="29/05/2026", reason="Chờ số liệu")
    with pytest.raises(ServiceError, match="Chưa nhập ý kiến"):
        services.decide_extension(cast.leader, req, approve=False, note="")


# ------------------------------------------------------------ directive, tasks ----

@pytest.mark.parametrize("change, message", [
    ({"number": ""}, "Chưa nhập số"), ({"number": "8826 UBND"}, "số/ký hiệu"),
    ({"issued_on": "31/02/2026"}, "dd/mm/yyyy"), ({"issued_on": "01/01/2099"}, "sau ngày hôm nay"),
    ({"kind": "thu_moi"}, "Loại văn bản"), ({"title": ""}, "Chưa nhập trích yếu"),
    ({"full_text": "x" * (services.MAX_FULL_TEXT + 1)}, "quá dài"),
])
def test_bad_directive_input_changes_nothing(cast, units, change, message):
    data = {"kind": "cong_van", "number": "1470/UBND-NC", "issued_on": "22/04/2024", "issuer": units.tinh,
            "title": "Nghiên cứu giải pháp triển khai Đề án 06"}
    data.update(change)
    with pytest.raises(ServiceError, match=message):
        services.create_directive(cast.appraiser, data)
    assert not Directive.objects.exists()


def test_duplicate_number_and_foreign_issuer_are_refused(cast, units, directive):
    with pytest.raises(ServiceError, match="đã có trong sổ"):
        services.create_directive(cast.appraiser, {"kind": "cong_van", "number": "8826/UBND-VXNV",
                                                   "issued_on": D(2026, 4, 1), "issuer": units.tinh, "title": "x"})
    with pytest.raises(PermissionDenied):
        services.create_directive(cast.outsider, {"kind": "cong_van", "number": "1/UBND", "issued_on": D(2026, 4, 1),
                                                  "issuer": units.tinh, "title": "x"})
    with pytest.raises(PermissionDenied):
        services.create_directive(cast.staff_b, {"kind": "cong_van", "number": "1/UBND", "issued_on": D(2026, 4, 1),
                                                 "issuer": units.tinh, "title": "x"})


def test_task_rules(cast, units, directive, task):
    with pytest.raises(ServiceError, match="trước ngày ban hành"):
        services.add_task(cast.appraiser, directive, task_data(units, deadline="01/03/2026"))
    with pytest.raises(ServiceError, match="không thuộc"):
        services.add_task(cast.appraiser, directive, task_data(units, lead_unit=units.bo_vp.pk))
    with pytest.raises(PermissionDenied):
        services.add_task(cast.staff_a, directive, task_data(units))
    with pytest.raises(ConflictError):
        services.update_task(cast.appraiser, task, task_data(units, deadline="30/04/2026"), version=task.version - 1)
    updated = services.update_task(cast.appraiser, task, task_data(units, deadline="15/05/2026"), version=task.version)
    assert updated.due_on == D(2026, 5, 15)
    assert updated.history.first().deadline == D(2026, 5, 15) and updated.history.last().deadline == D(2026, 4, 29)


def test_save_assignments_is_all_or_nothing_and_expands_groups(cast, units, directive):
    rows = [
        {"content": "Rà soát các hệ thống thông tin", "lead_units": [units.skhcn.pk, units.syt.pk],
         "coordinating_units": [units.syt.pk], "deadline": "30/06/2026", "deadline_kind": "date"},
        {"content": "Báo cáo kết quả", "lead_units": [units.syt.pk], "deadline": "31/13/2026", "deadline_kind": "date"},
    ]
    with pytest.raises(ServiceError) as err:
        services.save_assignments(cast.appraiser, directive, rows)
    assert err.value.messages == ["Dòng 2: Thời hạn phải có dạng dd/mm/yyyy."]
    assert not Task.objects.exists()
    rows[1]["deadline"] = "31/12/2026"
    saved = services.save_assignments(cast.appraiser, directive, rows)
    assert [(t.lead_unit, t.deadline) for t in saved] == [
        (units.skhcn, D(2026, 6, 30)), (units.syt, D(2026, 6, 30)), (units.syt, D(2026, 12, 31))]
    # a unit never coordinates the task it leads
    assert list(saved[0].coordinating_units.all()) == [units.syt] and not saved[1].coordinating_units.exists()
    assert Notification.objects.filter(user=cast.staff_b, kind="directive").count() == 2


# ------------------------------------------------------------------ reminders ----

def test_reminders_before_and_after_the_deadline_are_idempotent(cast, units, task):
    out = send_directive_reminders(D(2026, 4, 24))     # 29/4 is 2 working days away (27/4 is a holiday)
    assert out.due == 1
    keys = set(Notification.objects.filter(kind="directive", dedupe_key__startswith="directive-due").values_list(
        "user__username", flat=True))
    assert keys == {"staff_a", "head_a"}
    again = send_directive_reminders(D(2026, 4, 24))
    assert again.sent == 0 and again.skipped == 2
    late = send_directive_reminders(D(2026, 5, 5))
    assert late.overdue == 1
    overdue = Notification.objects.filter(dedupe_key__startswith="directive-overdue")
    assert {n.user.username for n in overdue} == {"staff_a", "head_a", "leader", "appraiser"}
    assert "quá 2 ngày làm việc" in overdue.filter(user=cast.staff_a).get().text
    assert send_directive_reminders(D(2026, 5, 6)).sent == 0      # next notice to the unit after 5 working days
    assert send_directive_reminders(D(2026, 5, 12)).sent == 2
    services.report_progress(cast.staff_a, task, percent=100, content="Xong", completes=True, upload=pdf())
    assert send_directive_reminders(D(2026, 5, 20)).tasks == 0


def test_reminder_command_output(cast, task, capsys):
    call_command("send_directive_reminders", "--today", "2026-04-24", "--no-email")
    assert "sắp đến hạn 1" in capsys.readouterr().out
