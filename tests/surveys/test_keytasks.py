"""Đề án 06 key tasks: the catalogue is the CĐS authority's, each unit reports its own status;
bad input and stale versions change nothing; another tree sees nothing."""
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, ServiceError
from cds.notifications.models import Notification
from cds.surveys import services
from cds.surveys.models import KeyTask, KeyTaskProgress, KeyTaskStatus
from cds.surveys.permissions import scope_key_task_statuses, scope_key_tasks

from .keytask_world import build, task_data


@pytest.fixture
def kt(cast, units, projects):
    return build(cast, units, projects)


def test_catalogue_saved_with_links_and_audited(cast, kt, projects):
    task = KeyTask.objects.get(pk=kt.first.pk)
    assert task.root_unit == cast.leader.unit and task.principles == "5 rõ"
    assert list(task.projects.all()) == [projects.a]
    assert list(task.directive_tasks.all()) == [kt.dtask]
    assert AuditEvent.objects.filter(verb="survey.keytask_saved", target_id=task.pk).count() == 1


@pytest.mark.parametrize("who", ["staff_a", "head_a", "leader", "supervisor", "inspector", "outsider"])
def test_only_the_cds_authority_of_the_tree_keeps_the_catalogue(cast, units, kt, who):
    with pytest.raises(PermissionDenied):
        services.save_key_task(getattr(cast, who), task_data(units, number=5, root_unit=units.tinh))
    with pytest.raises(PermissionDenied):
        services.save_key_task(getattr(cast, who), {"name": "Sửa"}, task=kt.first)
    assert KeyTask.objects.count() == 2


def test_number_unique_per_tree_in_vietnamese(cast, units, kt):
    with pytest.raises(ServiceError) as exc:
        services.save_key_task(cast.appraiser, task_data(units, number=2))
    assert exc.value.message_dict["number"] == ["Đã có nhiệm vụ số 2 trong danh mục; chọn số thứ tự khác."]
    # the ministry's catalogue has its own numbers
    other = services.save_key_task(cast.outsider, task_data(units, number=1, lead_unit=units.bo_vp))
    assert other.root_unit == units.bo
    # keeping its own number is not a clash
    services.save_key_task(cast.appraiser, task_data(units, number=1, name="Tên mới"), task=kt.first, version=1)
    assert KeyTask.objects.get(pk=kt.first.pk).name == "Tên mới"


def test_bad_input_changes_nothing(cast, units, kt, projects):
    before = KeyTask.objects.get(pk=kt.first.pk)
    bad = task_data(units, number=1000, name="  ", lead_unit=units.bo_vp, deadline="31/02/2026",
                    projects=[projects.bo], directive_tasks=[999999], principles="a\x00b")
    with pytest.raises(ServiceError) as exc:
        services.save_key_task(cast.appraiser, bad, task=kt.first, version=1)
    errors = exc.value.message_dict
    assert set(errors) == {"number", "name", "lead_unit", "deadline", "projects", "directive_tasks", "principles"}
    assert errors["number"] == ["Số thứ tự phải là số nguyên từ 1 đến 999."]
    assert errors["name"] == ["Chưa nhập tên nhiệm vụ."]
    after = KeyTask.objects.get(pk=kt.first.pk)
    assert (after.number, after.name, after.lead_unit_id, after.version) == \
           (before.number, before.name, before.lead_unit_id, before.version)
    assert list(after.projects.all()) == [projects.a]
    with pytest.raises(ServiceError):
        services.save_key_task(cast.appraiser, task_data(units, number=0))
    with pytest.raises(ServiceError):   # an ended unit cannot lead
        services.save_key_task(cast.appraiser, task_data(units, number=7, lead_unit=units.sotttt))
    assert KeyTask.objects.count() == 2


def test_version_conflict_on_the_catalogue_and_on_a_report(cast, units, kt):
    services.save_key_task(cast.appraiser, task_data(units, name="Lần 1"), task=kt.first, version=1)
    with pytest.raises(ConflictError):
        services.save_key_task(cast.appraiser, task_data(units, name="Lần 2"), task=kt.first, version=1)
    assert KeyTask.objects.get(pk=kt.first.pk).name == "Lần 1"
    services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "in_progress", "percent": 30})
    services.report_key_task(cast.head_a, kt.first, units.skhcn, {"progress": "in_progress", "percent": 50},
                             version=1)
    with pytest.raises(ConflictError):
        services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "in_progress", "percent": 60},
                                 version=1)
    assert KeyTaskStatus.objects.get(task=kt.first, unit=units.skhcn).percent == 50


def test_report_creates_then_updates_one_row_and_done_is_100(cast, units, kt, projects):
    status = services.report_key_task(cast.staff_a, kt.second, units.skhcn, {
        "progress": KeyTaskProgress.IN_PROGRESS, "percent": 40, "evidence": "Đã rà soát 60% hồ sơ",
        "projects": [projects.a]})
    assert (status.version, status.percent, status.updated_by) == (1, 40, cast.staff_a)
    assert list(status.projects.all()) == [projects.a]
    status = services.report_key_task(cast.head_a, kt.second, units.skhcn, {"progress": "done", "percent": 70},
                                      version=status.version)
    assert KeyTaskStatus.objects.filter(task=kt.second, unit=units.skhcn).count() == 1
    assert (status.progress, status.percent, status.version) == ("done", 100, 2)
    assert list(status.projects.all()) == []
    assert AuditEvent.objects.filter(verb="survey.keytask_reported").count() == 2


def test_report_bad_input_changes_nothing(cast, units, kt, projects):
    services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "in_progress", "percent": 20})
    for data in ({"progress": "finished", "percent": 20}, {"progress": "in_progress", "percent": 101},
                 {"progress": "in_progress", "percent": "abc"}, {"progress": "in_progress", "percent": -1},
                 {"progress": "in_progress", "projects": [projects.bo]},
                 {"progress": "in_progress", "evidence": "x\x07y"}):
        with pytest.raises(ServiceError):
            services.report_key_task(cast.staff_a, kt.first, units.skhcn, data)
    fake = SimpleUploadedFile("minh-chung.pdf", b"not a pdf at all")
    with pytest.raises(ServiceError, match="không đúng định dạng"):
        services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "done"}, upload=fake)
    status = KeyTaskStatus.objects.get(task=kt.first, unit=units.skhcn)
    assert (status.progress, status.percent, status.version, status.evidence_file.name) == ("in_progress", 20, 1, "")


def test_evidence_file_is_kept(cast, units, kt):
    pdf = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    status = services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "done"}, upload=pdf)
    assert status.evidence_name == "ket-qua.pdf" and status.evidence_file.name.endswith(".pdf")


@pytest.mark.parametrize("who", ["staff_b", "head_b", "appraiser", "leader", "outsider_staff"])
def test_a_unit_reports_only_for_itself(cast, units, kt, who):
    with pytest.raises(PermissionDenied):
        services.report_key_task(getattr(cast, who), kt.first, units.skhcn, {"progress": "done"})
    assert not KeyTaskStatus.objects.exists()


def test_an_ended_unit_does_not_report(cast, units, kt):
    # Sở KH&CN's staff act for Sở TT&TT (its predecessor), which ended: its successor reports
    with pytest.raises(ServiceError, match="đã kết thúc hoạt động"):
        services.report_key_task(cast.staff_a, kt.first, units.sotttt, {"progress": "done"})
    assert not KeyTaskStatus.objects.exists()


def test_blocked_report_notifies_the_lead_unit(cast, units, kt):
    services.report_key_task(cast.staff_b, kt.first, units.syt, {"progress": "blocked", "percent": 10,
                                                                "evidence": "Chưa có đường truyền"})
    notified = set(Notification.objects.filter(kind="survey").values_list("user__username", flat=True))
    assert {"staff_a", "head_a"} <= notified and "staff_b" not in notified
    text = Notification.objects.filter(user=cast.head_a, kind="survey").get().text
    assert "Sở Y tế" in text and "Chưa có đường truyền" in text
    services.report_key_task(cast.staff_b, kt.second, units.syt, {"progress": "in_progress"})
    assert Notification.objects.filter(user=cast.head_a, kind="survey").count() == 1   # only difficulties are sent


def test_delete_only_before_any_report(cast, units, kt):
    services.report_key_task(cast.staff_b, kt.second, units.syt, {"progress": "in_progress", "percent": 5})
    with pytest.raises(ServiceError, match="Đã có 1 đơn vị báo cáo"):
        services.delete_key_task(cast.appraiser, kt.second)
    with pytest.raises(PermissionDenied):
        services.delete_key_task(cast.leader, kt.first)
    services.delete_key_task(cast.appraiser, kt.first)
    assert list(KeyTask.objects.values_list("number", flat=True)) == [2]
    assert AuditEvent.objects.filter(verb="survey.keytask_deleted").count() == 1


def test_reading_scopes(cast, units, kt):
    services.report_key_task(cast.staff_a, kt.first, units.skhcn, {"progress": "in_progress", "percent": 30})
    services.report_key_task(cast.staff_b, kt.first, units.syt, {"progress": "blocked", "percent": 0})
    services.report_key_task(cast.staff_b, kt.second, units.syt, {"progress": "done"})
    units_of = lambda user: sorted(scope_key_task_statuses(user).values_list("task__number", "unit__code"))  # noqa: E731
    # unit A leads task 1: it reads every status of task 1 and its own
    assert units_of(cast.staff_a) == [(1, "T01-SKHCN"), (1, "T01-SYT")]
    # unit B leads task 2: its own statuses only (nobody else reported on task 2)
    assert units_of(cast.head_b) == [(1, "T01-SYT"), (2, "T01-SYT")]
    assert len(units_of(cast.leader)) == 3
    assert units_of(cast.outsider) == [] and units_of(cast.outsider_staff) == []
    assert scope_key_tasks(cast.outsider).count() == 0
    assert scope_key_tasks(cast.staff_b).count() == 2      # every unit follows the catalogue


def test_outsider_tree_gets_404(cast, kt, as_user):
    for user in (cast.outsider, cast.outsider_staff):
        client = as_user(user)
        page = client.get(reverse("surveys:keytasks"))
        assert page.status_code == 200 and "Làm sạch dữ liệu dân cư" not in page.content.decode()
        assert client.get(reverse("surveys:keytask", args=[kt.first.pk])).status_code == 404
        assert client.get(reverse("surveys:keytask_edit", args=[kt.first.pk])).status_code == 404
        assert client.get(reverse("surveys:keytask_report", args=[kt.first.pk, user.unit.pk])).status_code == 404
