"""The difficulties and bottleneck register: raising, answering, proposing, assigning to a
directive task and resolving — each with its permission, its version check, its audit event and
who is told; the difficulties of effectiveness reviews joining the register once; who reads
which items."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404

from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, ServiceError
from cds.directives import permissions as directive_permissions
from cds.directives.models import Task
from cds.notifications.models import Notification
from cds.reviews import services as rs
from cds.reviews.models import ReviewIssue
from cds.surveys import bottleneck_selectors as sel
from cds.surveys import permissions, services
from cds.surveys.models import Bottleneck, BottleneckSource, BottleneckStatus, DecisionLevel, GroupKind
from cds.workdays.calendar import due_date
from tests.directives.conftest import make_directive, make_task
from tests.reviews.conftest import campaign_setup  # noqa: F401  (fixture)

TODAY = dt.date.today()


def item_data(unit, **extra):
    data = {"unit": unit, "title": "Thiếu đường truyền số liệu chuyên dùng tới cấp xã",
            "description": "Nhiều xã chưa có đường truyền.", "proposal": "Đề nghị bố trí kinh phí năm sau.",
            "group": GroupKind.INFRASTRUCTURE}
    data.update(extra)
    return data


def raise_item(actor, unit, **extra):
    return services.raise_bottleneck(actor, item_data(unit, **extra))


def notes(user, key_part=""):
    return list(Notification.objects.filter(user=user, dedupe_key__contains=key_part))


# ------------------------------------------------------------------ raising ----

def test_a_unit_raises_a_difficulty_on_its_project_to_the_cds_authority(cast, units, projects):
    item = raise_item(cast.staff_b, units.syt, project=projects.b.pk)
    assert item.source == BottleneckSource.UNIT and item.status == BottleneckStatus.NEW
    assert item.root_unit == units.tinh and item.project == projects.b
    # the CĐS authority = the unit of the tree's CĐS appraiser (Sở KH&CN)
    assert item.responsible_unit == units.skhcn
    assert item.decision_level == DecisionLevel.PROVINCE
    assert item.answer_due == due_date(TODAY, 10)
    assert item.history.get().history_user == cast.staff_b
    assert AuditEvent.objects.filter(verb="survey.bottleneck_raised", target_id=str(item.pk)).count() == 1
    # the responsible unit's people are told; the one who raised it is not
    assert notes(cast.head_a, "bottleneck-raised") and notes(cast.appraiser, "bottleneck-raised")
    assert not notes(cast.staff_b, "bottleneck-raised")


def test_a_survey_item_goes_to_the_groups_lead_agency(cast, units, survey_round):
    response = survey_round.responses.get(unit=units.syt)
    item = raise_item(cast.staff_b, units.syt, group=GroupKind.LEGAL, response=response.pk)
    assert item.source == BottleneckSource.SURVEY and item.round == survey_round and item.response == response
    assert item.responsible_unit == units.thanhtra      # phap_ly is led by Thanh tra tỉnh


@pytest.mark.parametrize("bad, message", [
    ({"title": ""}, "Chưa nhập"),
    ({"title": "x" * 301}, "quá dài"),
    ({"unit": None}, "Chưa chọn đơn vị"),
    ({"group": "khac"}, "không hợp lệ"),
    ({"decision_level": "xa"}, "không hợp lệ"),
    ({"answer_due": "31/02/2025"}, "dd/mm/yyyy"),
    ({"answer_due": (TODAY - dt.timedelta(days=1)).isoformat()}, "trước ngày hôm nay"),
])
def test_bad_input_is_refused_and_nothing_is_written(cast, units, bad, message):
    with pytest.raises(ServiceError) as exc:
        services.raise_bottleneck(cast.staff_b, item_data(units.syt) | bad)
    assert message in " ".join(exc.value.messages)
    assert not Bottleneck.objects.exists() and not Notification.objects.exists()


def test_refusals_when_raising(cast, units, projects, survey_round):
    with pytest.raises(PermissionDenied):
        raise_item(cast.staff_b, units.skhcn)                     # not its unit
    with pytest.raises(PermissionDenied):
        raise_item(cast.leader, units.syt)                        # the leader does not raise
    with pytest.raises(PermissionDenied):
        raise_item(cast.outsider, units.syt)                      # another tree's appraiser
    with pytest.raises(ServiceError, match="nhiệm vụ/dự án"):
        raise_item(cast.staff_b, units.syt, project=projects.a.pk)   # a project it cannot read
    with pytest.raises(ServiceError, match="nhiệm vụ/dự án"):
        raise_item(cast.appraiser, units.syt, project=projects.a.pk)  # not Sở Y tế's project
    other = survey_round.responses.get(unit=units.skhcn)
    with pytest.raises(ServiceError, match="phiếu khảo sát"):
        raise_item(cast.staff_b, units.syt, response=other.pk)      # another unit's response
    with pytest.raises(ServiceError, match="không thuộc"):
        raise_item(cast.staff_b, units.syt, responsible_unit=units.bo_vp.pk)
    assert not Bottleneck.objects.exists()
    # the CĐS authority records one on behalf of a unit
    assert raise_item(cast.appraiser, units.syt, project=projects.b.pk).created_by == cast.appraiser


# ------------------------------------------------------------------ answering ----

def test_the_responsible_agency_answers_and_the_unit_sees_it(cast, units):
    item = raise_item(cast.staff_b, units.syt, responsible_unit=units.thanhtra.pk)
    with pytest.raises(PermissionDenied):
        services.answer_bottleneck(cast.staff_a, item, "Không phải cơ quan trả lời")
    with pytest.raises(PermissionDenied):
        services.answer_bottleneck(cast.leader, item, "Lãnh đạo không trả lời thay")
    with pytest.raises(ServiceError):
        services.answer_bottleneck(cast.appraiser, item, "   ")
    with pytest.raises(ConflictError):
        services.answer_bottleneck(cast.appraiser, item, "Trả lời", version=item.version + 1)
    item.refresh_from_db()
    assert item.status == BottleneckStatus.NEW and not item.answer and item.version == 1
    # the CĐS authority of the tree answers (Thanh tra tỉnh has no unit staff in the cast)
    item = services.answer_bottleneck(cast.appraiser, item, "Sở KH&CN đã đưa vào kế hoạch năm 2026.",
                                      version=item.version)
    assert item.status == BottleneckStatus.ANSWERED and item.answered_by == cast.appraiser and item.version == 2
    assert item.history.order_by("-history_date").first().history_user == cast.appraiser
    assert AuditEvent.objects.filter(verb="survey.bottleneck_answered").count() == 1
    assert notes(cast.staff_b, "bottleneck-answered") and notes(cast.head_b, "bottleneck-answered")
    assert "kế hoạch năm 2026" in notes(cast.staff_b, "bottleneck-answered")[0].text


def test_a_unit_staff_of_the_responsible_agency_answers(cast, units):
    item = raise_item(cast.staff_b, units.syt)           # to Sở KH&CN
    assert permissions.can_answer(cast.staff_a, item)
    services.answer_bottleneck(cast.staff_a, item, "Đã tiếp nhận, đang xử lý.")
    with pytest.raises(PermissionDenied):
        services.answer_bottleneck(cast.staff_b, item, "Tự trả lời")


# ------------------------------------------------------------------ proposing ----

def test_the_cds_authority_proposes_a_decision_to_the_leader(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    with pytest.raises(PermissionDenied):
        services.propose_decision(cast.staff_a, item, "Đề xuất")
    with pytest.raises(ServiceError):
        services.propose_decision(cast.appraiser, item, "Đề xuất", decision_level="xa")
    with pytest.raises(ConflictError):
        services.propose_decision(cast.appraiser, item, "Đề xuất", version=9)
    assert not notes(cast.leader)
    item = services.propose_decision(cast.appraiser, item, "Giao Sở Tài chính bố trí kinh phí.",
                                     decision_level=DecisionLevel.MINISTRY, version=1)
    assert item.status == BottleneckStatus.PROPOSED and item.decision_level == DecisionLevel.MINISTRY
    assert "bố trí kinh phí" in notes(cast.leader, "bottleneck-proposed")[0].text
    assert AuditEvent.objects.filter(verb="survey.bottleneck_proposed").count() == 1


# ------------------------------------------------------------------ assigning ----

def test_assigning_creates_a_directive_task_linked_both_ways(cast, units, projects):
    item = raise_item(cast.staff_b, units.syt, project=projects.b.pk)
    directive = make_directive(cast.appraiser, units.tinh)
    with pytest.raises(PermissionDenied):
        services.assign_to_directive(cast.staff_a, item, directive, {"deadline": TODAY + dt.timedelta(days=30)})
    with pytest.raises(ConflictError):
        services.assign_to_directive(cast.appraiser, item, directive, {"deadline": TODAY + dt.timedelta(days=30)},
                                     version=5)
    with pytest.raises(ServiceError):                     # no deadline: the directives register refuses
        services.assign_to_directive(cast.appraiser, item, directive, {})
    assert not Task.objects.exists()
    item.refresh_from_db()
    assert item.status == BottleneckStatus.NEW and item.directive_task is None
    task = services.assign_to_directive(cast.appraiser, item, directive, {"deadline": TODAY + dt.timedelta(days=30)},
                                        version=1)
    item.refresh_from_db()
    assert item.directive_task == task and item.status == BottleneckStatus.ASSIGNED
    assert list(task.bottlenecks.all()) == [item]
    # the task's defaults: the proposal as content, the responsible agency as lead, the project
    assert task.content == item.proposal and task.lead_unit == units.skhcn
    assert list(task.projects.all()) == [projects.b]
    # visible in the directives register of the lead unit, which is told
    assert directive_permissions.scope_tasks(cast.staff_a).filter(pk=task.pk).exists()
    assert Notification.objects.filter(user=cast.head_a, dedupe_key=f"directive-assigned:{task.pk}").exists()
    assert notes(cast.staff_b, "bottleneck-assigned")
    assert AuditEvent.objects.filter(verb="survey.bottleneck_assigned").count() == 1


def test_a_directive_of_another_tree_or_the_leader_adding_tasks_is_refused(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    theirs = make_directive(cast.outsider, units.bo, number="12/BTTTT-VP")
    with pytest.raises(ServiceError, match="văn bản chỉ đạo"):
        services.assign_to_directive(cast.appraiser, item, theirs, {"deadline": TODAY + dt.timedelta(days=9)})
    # the leader decides but does not register tasks in a directive; it links an existing one
    directive = make_directive(cast.appraiser, units.tinh)
    with pytest.raises(PermissionDenied):
        services.assign_to_directive(cast.leader, item, directive, {"deadline": TODAY + dt.timedelta(days=9)})
    assert not Task.objects.exists()


def test_linking_an_existing_task(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    directive = make_directive(cast.appraiser, units.tinh)
    task = make_task(cast.appraiser, directive, units.syt, deadline=TODAY + dt.timedelta(days=20))
    with pytest.raises(ServiceError, match="Không tìm thấy nhiệm vụ"):
        services.link_task(cast.leader, item, None)
    item = services.link_task(cast.leader, item, task, version=1)
    assert item.directive_task == task and item.status == BottleneckStatus.ASSIGNED
    with pytest.raises(ServiceError, match="đã gắn"):
        services.link_task(cast.leader, item, task)


# ------------------------------------------------------------------ resolving ----

def test_resolve_and_close(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    with pytest.raises(PermissionDenied):
        services.resolve_bottleneck(cast.staff_b, item)
    with pytest.raises(ServiceError, match="lý do"):
        services.resolve_bottleneck(cast.appraiser, item, closed=True)      # closing needs a reason
    with pytest.raises(ConflictError):
        services.resolve_bottleneck(cast.appraiser, item, version=3)
    item = services.resolve_bottleneck(cast.appraiser, item, "Đã bố trí kinh phí.", version=1)
    assert item.status == BottleneckStatus.RESOLVED
    assert item.history.order_by("-history_date").first().history_change_reason == "Đã bố trí kinh phí."
    with pytest.raises(ServiceError, match="không xử lý tiếp"):
        services.answer_bottleneck(cast.appraiser, item, "Muộn")
    other = services.resolve_bottleneck(cast.leader, raise_item(cast.staff_b, units.syt, title="Khác"),
                                        "Trùng nội dung đã phản ánh", closed=True)
    assert other.status == BottleneckStatus.CLOSED
    assert AuditEvent.objects.filter(verb="survey.bottleneck_resolved").count() == 2


# ------------------------------------------------------------------ reviews ----

def test_a_review_difficulty_lands_in_the_register_once(cast, units, campaign_setup):  # noqa: F811
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    issue = rs.add_issue(cast.staff_a, review, kind="difficulty",
                         text="Chưa có kinh phí duy trì hệ thống\nChi tiết: năm 2025 không được bố trí.")
    rs.add_issue(cast.staff_a, review, kind="proposal", text="Đề nghị tập huấn")     # a proposal stays out
    item = Bottleneck.objects.get()
    assert item.review_issue == issue and item.source == BottleneckSource.REVIEW
    assert item.unit == review.unit and item.project == a and item.responsible_unit == units.skhcn
    assert item.title == "Chưa có kinh phí duy trì hệ thống"
    assert services.from_review_issue(issue) == item
    call_command("sync_review_difficulties", stdout=open("/dev/null", "w"))
    assert Bottleneck.objects.count() == 1
    # answered in the register: the review shows the answer
    services.answer_bottleneck(cast.appraiser, item, "Sẽ bố trí trong dự toán năm sau.")
    issue.refresh_from_db()
    assert issue.answer == "Sẽ bố trí trong dự toán năm sau." and issue.answered_by == cast.appraiser


def test_backfill_of_existing_review_difficulties(cast, units, campaign_setup, capsys):  # noqa: F811
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    issue = ReviewIssue.objects.bulk_create([ReviewIssue(review=review, kind="difficulty", text="Thiếu nhân lực")])[0]
    rs.answer_issue(cast.appraiser, issue, answer="Đã bổ sung biên chế.")
    assert not Bottleneck.objects.exists()                 # written without signals (an old record)
    call_command("sync_review_difficulties")
    assert "thêm mới 1" in capsys.readouterr().out
    item = Bottleneck.objects.get()
    assert item.status == BottleneckStatus.ANSWERED and item.answer == "Đã bổ sung biên chế."
    call_command("sync_review_difficulties")
    assert "thêm mới 0, đã có trong danh sách 1" in capsys.readouterr().out
    assert Bottleneck.objects.count() == 1


def test_an_answer_on_the_review_page_reaches_the_register(cast, units, campaign_setup):  # noqa: F811
    campaign, a, *_ = campaign_setup
    rs.open_campaign(cast.appraiser, campaign)
    issue = rs.add_issue(cast.staff_a, campaign.reviews.get(project=a), kind="difficulty", text="Thiếu máy chủ")
    rs.answer_issue(cast.appraiser, issue, answer="Dùng hạ tầng trung tâm dữ liệu tỉnh.")
    item = Bottleneck.objects.get()
    assert item.status == BottleneckStatus.ANSWERED and item.answer == "Dùng hạ tầng trung tâm dữ liệu tỉnh."


# ------------------------------------------------------------------ who reads what ----

def test_who_reads_which_items(cast, units):
    mine = raise_item(cast.staff_b, units.syt, title="Khó khăn về dữ liệu y tế")
    theirs = raise_item(cast.staff_a, units.skhcn, title="Khó khăn về đường truyền",
                        responsible_unit=units.thanhtra.pk)
    to_syt = raise_item(cast.appraiser, units.skhcn, title="Vướng mắc liên thông hồ sơ sức khỏe",
                        responsible_unit=units.syt.pk)
    f = sel.BottleneckFilter()
    assert set(sel.filter_bottlenecks(cast.staff_b, f)) == {mine, to_syt}     # its own and addressed to it
    assert set(sel.filter_bottlenecks(cast.appraiser, f)) == {mine, theirs, to_syt}
    assert set(sel.filter_bottlenecks(cast.leader, f)) == {mine, theirs, to_syt}
    assert not sel.filter_bottlenecks(cast.outsider, f).exists()
    assert not sel.filter_bottlenecks(cast.outsider_staff, f).exists()
    assert not sel.filter_bottlenecks(cast.outsider, sel.BottleneckFilter(q="kho khan")).exists()
    with pytest.raises(Http404):
        permissions.get_bottleneck_for(cast.staff_b, theirs.pk)
    with pytest.raises(Http404):
        permissions.get_bottleneck_for(cast.outsider, mine.pk)
    # the search ignores diacritics and case
    assert list(sel.filter_bottlenecks(cast.staff_b, sel.BottleneckFilter(q="DU LIEU y te"))) == [mine]
    assert list(sel.filter_bottlenecks(cast.appraiser, sel.BottleneckFilter(q="lien thong"))) == [to_syt]


def test_overdue_and_unanswered_lists(cast, units):
    late = raise_item(cast.staff_b, units.syt, title="Quá hạn")
    Bottleneck.objects.filter(pk=late.pk).update(answer_due=TODAY - dt.timedelta(days=2))
    fresh = raise_item(cast.staff_b, units.syt, title="Còn hạn")
    answered = services.answer_bottleneck(cast.appraiser, raise_item(cast.staff_b, units.syt, title="Đã trả lời"),
                                          "Xong")
    Bottleneck.objects.filter(pk=answered.pk).update(answer_due=TODAY - dt.timedelta(days=3))
    assert list(sel.filter_bottlenecks(cast.appraiser, sel.BottleneckFilter(overdue=True))) == [late]
    assert list(sel.filter_bottlenecks(cast.appraiser, sel.BottleneckFilter(todo=sel.UNANSWERED))) == [late, fresh]
