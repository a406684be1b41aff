"""The yearly plan through its services: a round, proposals, maker ≠ checker at every step, the
rubric and its versions, scores, envelopes never exceeded silently, plan versions and the
registry."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.plans import selectors
from cds.plans import services as ps
from cds.plans.models import Funding, PlanStatus, ProposalStatus, RoundStatus, Rubric
from cds.plans.permissions import get_plan_for, get_proposal_for, scope_proposals, scope_rounds
from cds.projects.models import BudgetEntry, Stage, State

from .conftest import TODAY, YEAR, cost, open_round, proposal_data

pytestmark = pytest.mark.django_db


def sent(cast, who="b", **overrides):
    staff, head = (cast.staff_b, cast.head_b) if who == "b" else (cast.staff_a, cast.head_a)
    return staff, head, overrides


def submit(round_, cast, who="b", **overrides):
    staff, head = (cast.staff_b, cast.head_b) if who == "b" else (cast.staff_a, cast.head_a)
    p = ps.create_proposal(staff, round_, proposal_data(**overrides))
    return ps.submit_proposal(head, p)


# ------------------------------------------------------------------ rubric ----

def test_the_default_rubric_is_published_and_weights_sum_to_100():
    rubric = ps.current_rubric()
    assert rubric.is_published and sum(c["weight"] for c in rubric.criteria) == 100
    assert {c["code"] for c in rubric.criteria} >= {"alignment", "necessity", "readiness", "reuse", "benefit", "risk"}


def test_a_new_rubric_version_leaves_the_published_one_and_its_rounds_alone(cast, plan_round):
    old = plan_round.rubric
    criteria = [dict(c) for c in old.criteria]
    criteria[0]["weight"] += 5
    with pytest.raises(ServiceError) as err:
        ps.new_rubric_version(cast.appraiser, old, {"name": old.name, "criteria": criteria})
    assert "Tổng trọng số phải bằng 100" in str(err.value)
    criteria[1]["weight"] -= 5
    new = ps.new_rubric_version(cast.appraiser, old, {"name": old.name, "criteria": criteria})
    assert new.version == old.version + 1 and not new.is_published
    ps.publish_rubric(cast.appraiser, new)
    with pytest.raises(ServiceError):
        ps.publish_rubric(cast.appraiser, new)
    assert ps.current_rubric() == new
    plan_round.refresh_from_db()
    assert plan_round.rubric == old  # the open round keeps the version it was opened with
    assert Rubric.objects.get(pk=old.pk).criteria == old.criteria
    with pytest.raises(PermissionDenied):
        ps.new_rubric_version(cast.staff_a, old, {"name": "x", "criteria": criteria})


# ------------------------------------------------------------------- round ----

def test_a_round_needs_its_basis_units_and_envelopes_before_it_opens(cast, units):
    with pytest.raises(ServiceError) as err:
        ps.create_round(cast.appraiser, {"name": "", "year_from": 1990, "deadline": None})
    messages = err.value.message_dict
    assert {"name", "basis_number", "basis_date", "deadline", "year_from", "receiving_unit"} <= set(messages)
    round_ = ps.create_round(cast.appraiser, {
        "name": "Kế hoạch 2027", "year_from": YEAR, "basis_number": "1/KH", "basis_date": TODAY,
        "deadline": TODAY + dt.timedelta(days=5), "receiving_unit": units.skhcn, "called_units": []})
    with pytest.raises(ServiceError) as err:
        ps.open_round(cast.appraiser, round_)
    assert "Chưa chọn đơn vị" in str(err.value) and "hạn mức" in str(err.value)
    with pytest.raises(PermissionDenied):
        ps.create_round(cast.staff_a, {})
    with pytest.raises(ServiceError):
        ps.create_round(cast.appraiser, {
            "name": "x", "year_from": YEAR, "basis_number": "1", "basis_date": TODAY, "deadline": TODAY,
            "receiving_unit": units.skhcn, "called_units": [units.bo_vp]})


def test_envelopes_refuse_bad_rows_and_change_nothing(cast, plan_round):
    from tests.factories import source

    before = list(plan_round.envelopes.values_list("amount", flat=True))
    for rows in ([{"funding_source": source("NSDP-DT"), "year": YEAR + 3, "amount": 1}],
                 [{"funding_source": source("NSDP-DT"), "year": YEAR, "amount": "-5"}],
                 [{"funding_source": source("NSDP-DT"), "year": YEAR, "amount": "1,5"}],
                 [{"funding_source": source("NSDP-DT"), "year": YEAR, "amount": 1},
                  {"funding_source": source("NSDP-DT"), "year": YEAR, "amount": 2}]):
        with pytest.raises(ServiceError):
            ps.set_envelopes(cast.appraiser, plan_round, rows, expected_version=plan_round.version)
    assert list(plan_round.envelopes.values_list("amount", flat=True)) == before
    with pytest.raises(ConflictError):
        ps.set_envelopes(cast.appraiser, plan_round, [], expected_version=plan_round.version - 1)


# --------------------------------------------------------------- proposals ----

def test_staff_prepares_and_the_head_submits_never_the_same_person(cast, plan_round):
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data())
    assert p.status == ProposalStatus.DRAFT and p.total == 1_000_000_000 and p.code.startswith(f"DX{YEAR}")
    with pytest.raises(PermissionDenied):
        ps.submit_proposal(cast.staff_b, p)  # staff cannot submit
    ps.update_proposal(cast.head_b, p, proposal_data(name="Bệnh án điện tử (bản sửa)"), expected_version=p.version)
    with pytest.raises(MakerCheckerError):
        ps.submit_proposal(cast.head_b, p)  # the head edited it: someone else must send
    assert AuditEvent.objects.filter(verb="plan.proposal_updated").exists()


def test_a_unit_proposes_only_for_itself_and_only_while_the_round_is_open(cast, units, plan_round):
    with pytest.raises(PermissionDenied):
        ps.create_proposal(cast.staff_a, plan_round, proposal_data(unit=units.syt))
    with pytest.raises(PermissionDenied):
        ps.create_proposal(cast.outsider_staff, plan_round, proposal_data())
    with pytest.raises(PermissionDenied):
        ps.create_proposal(cast.appraiser, plan_round, proposal_data(unit=units.syt))
    ps.start_review(cast.appraiser, plan_round)
    plan_round.refresh_from_db()
    with pytest.raises(ServiceError):
        ps.create_proposal(cast.staff_b, plan_round, proposal_data())


def test_bad_proposal_input_is_refused_with_every_reason(cast, plan_round):
    with pytest.raises(ServiceError) as err:
        ps.create_proposal(cast.staff_b, plan_round, proposal_data(
            name="", kind="x", start_year=YEAR, end_year=YEAR - 1, priority=9, ucp_points="abc",
            costs=cost("1,5") + cost("-1", code="NSDP-TX")))
    messages = err.value.message_dict
    assert {"name", "kind", "end_year", "priority", "ucp_points", "costs"} <= set(messages)
    assert plan_round.proposals.count() == 0


def test_a_submitted_proposal_is_frozen_and_edits_check_the_version(cast, plan_round):
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data())
    with pytest.raises(ConflictError):
        ps.update_proposal(cast.staff_b, p, proposal_data(), expected_version=p.version + 1)
    ps.submit_proposal(cast.head_b, p)
    with pytest.raises(PermissionDenied):
        ps.update_proposal(cast.staff_b, p, proposal_data(), expected_version=p.version)


def test_carry_over_prefills_what_remains_to_be_funded(cast, units, projects, plan_round):
    from cds.projects import services as project_services
    from tests.factories import source

    project = projects.b
    project_services.record_budget_entry(cast.staff_b, project, {
        "year": YEAR - 1, "funding_source": source("NSDP-DT"), "stage": Stage.ESTIMATE, "amount": 3_000_000_000})
    project_services.record_budget_entry(cast.staff_b, project, {
        "year": YEAR - 1, "funding_source": source("NSDP-DT"), "stage": Stage.ALLOCATED, "amount": 1_200_000_000,
        "decision_number": "5/QĐ-UBND", "decision_date": TODAY})
    p = ps.carry_over(cast.staff_b, plan_round, project)
    assert p.basis == "carried" and p.project == project and p.total == 1_800_000_000
    with pytest.raises(ServiceError):
        ps.carry_over(cast.staff_b, plan_round, project)  # once per round
    with pytest.raises(PermissionDenied):
        ps.carry_over(cast.outsider_staff, plan_round, projects.bo)  # another tree's unit
    with pytest.raises(ServiceError) as err:
        ps.create_proposal(cast.staff_a, plan_round, {**ps.carried_over_data(plan_round, projects.bo),
                                                      "unit": units.skhcn})
    assert "không thuộc tỉnh/bộ" in str(err.value)


# ------------------------------------------------------------ consolidation ----

def test_return_merge_and_reject_need_the_authority_and_a_reason(cast, plan_round):
    a = submit(plan_round, cast, "b")
    b = submit(plan_round, cast, "a", name="Bệnh án điện tử dùng chung")
    with pytest.raises(PermissionDenied):
        ps.merge_proposal(cast.head_b, a, b, "trùng")
    with pytest.raises(ServiceError):
        ps.merge_proposal(cast.appraiser, a, b, "")
    ps.merge_proposal(cast.appraiser, a, b, "Cùng một hệ thống; Sở KH&CN chủ trì.")
    a.refresh_from_db()
    assert a.status == ProposalStatus.MERGED and a.merged_into == b
    with pytest.raises(ServiceError):
        ps.reject_proposal(cast.appraiser, a, "lý do")  # already decided
    ps.return_proposal(cast.appraiser, b, "Bổ sung phương án kết nối.")
    b.refresh_from_db()
    assert b.status == ProposalStatus.RETURNED and ps.update_proposal(
        cast.staff_a, b, proposal_data(name="Bệnh án điện tử dùng chung"), expected_version=b.version)


def test_each_reviewer_scores_alone_and_the_spread_is_kept(cast, finance, plan_round):
    p = submit(plan_round, cast)
    rubric = plan_round.rubric
    full = {c["code"]: rubric.scale_max for c in rubric.criteria}
    low = {c["code"]: 2 for c in rubric.criteria}
    with pytest.raises(ServiceError) as err:
        ps.score_proposal(cast.appraiser, p, {**full, "risk": 9})
    assert "từ 0 đến 5" in str(err.value)
    with pytest.raises(ServiceError):
        ps.score_proposal(cast.appraiser, p, {"alignment": 5})  # every criterion
    assert not selectors.scored_ids(cast.appraiser, plan_round)
    ps.score_proposal(cast.appraiser, p, full)
    ps.score_proposal(finance.staff, p, low, "Kinh phí chưa có khái toán chi tiết.")
    p.refresh_from_db()
    assert p.score == Decimal("70.00") and p.score_spread == Decimal("60.00") and p.score_count == 2
    with pytest.raises(PermissionDenied):
        ps.score_proposal(cast.head_b, p, full)  # the proposing unit
    with pytest.raises(PermissionDenied):
        ps.score_proposal(cast.outsider, p, full)  # another tree
    with pytest.raises(PermissionDenied):
        ps.score_proposal(cast.leader, p, full)
    # a re-score replaces the reviewer's own score
    ps.score_proposal(cast.appraiser, p, low)
    p.refresh_from_db()
    assert p.score == Decimal("40.00") and p.score_count == 2


def test_scores_weigh_each_criterion_by_its_weight(plan_round):
    rubric = plan_round.rubric
    marks = {c["code"]: 0 for c in rubric.criteria}
    marks["alignment"] = 5
    assert ps.score_total(rubric, marks) == Decimal(next(c["weight"] for c in rubric.criteria
                                                          if c["code"] == "alignment"))


def _scored(round_, cast, name, amount, mark, who="b", code="NSDP-DT"):
    p = submit(round_, cast, who, name=name, costs=cost(amount, code))
    ps.score_proposal(cast.appraiser, p, {c["code"]: mark for c in round_.rubric.criteria})
    p.refresh_from_db()
    return p


def test_funding_follows_the_scores_and_never_exceeds_an_envelope_silently(cast, plan_round):
    best = _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 3_000_000_000, 5)
    second = _scored(plan_round, cast, "Phần mềm quản lý trang thiết bị y tế", 2_500_000_000, 4, "a")
    third = _scored(plan_round, cast, "Số hóa hồ sơ lưu trữ", 1_500_000_000, 3)
    ps.recommend_funding(cast.appraiser, plan_round)
    for p in (best, second, third):
        p.refresh_from_db()
    assert (best.funding, second.funding, third.funding) == (Funding.FUNDED, Funding.UNFUNDED, Funding.FUNDED)
    assert "còn 2.000.000.000 đồng, cần 2.500.000.000" in second.funding_note  # 5 bn − 3 bn
    usage = {r.source_id: r for r in selectors.envelope_usage(plan_round)}
    row = usage[best.costs.get().funding_source_id]
    assert (row.envelope, row.funded, row.requested) == (5_000_000_000, 4_500_000_000, 7_000_000_000)
    with pytest.raises(ServiceError) as err:
        ps.set_funding(cast.appraiser, second, Funding.FUNDED)
    assert "Vượt hạn mức" in str(err.value)
    second.refresh_from_db()
    assert second.funding == Funding.UNFUNDED
    ps.set_funding(cast.appraiser, second, Funding.FUNDED, "Nhiệm vụ Đề án 06, bổ sung từ nguồn dự phòng.")
    second.refresh_from_db()
    assert second.funding_note.startswith("Vượt hạn mức") and "dự phòng" in second.funding_note
    assert [r.over for r in selectors.envelope_usage(plan_round) if r.source_id == row.source_id] == [True]


# -------------------------------------------------------------------- plan ----

def _approved_plan(cast, round_):
    a = _scored(round_, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 2_000_000_000, 5)
    b = _scored(round_, cast, "Phần mềm quản lý trang thiết bị y tế", 1_000_000_000, 4, "a")
    ps.recommend_funding(cast.appraiser, round_)
    plan = ps.draft_plan(cast.appraiser, round_)
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    plan.refresh_from_db()
    return plan, a, b


def test_the_leader_approves_the_plan_prepared_by_the_authority(cast, plan_round):
    a = _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 2_000_000_000, 5)
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    assert [i.proposal for i in plan.items.all()] == [a] and plan.items.get().total == 2_000_000_000
    with pytest.raises(ServiceError):
        ps.draft_plan(cast.appraiser, plan_round)  # one draft at a time
    with pytest.raises(ServiceError):
        ps.approve_plan(cast.leader, plan, decision_number="1", decision_date=TODAY)  # not submitted
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        ps.approve_plan(cast.appraiser, plan, decision_number="1", decision_date=TODAY)
    with pytest.raises(ServiceError) as err:
        ps.approve_plan(cast.leader, plan, decision_number="", decision_date=TODAY + dt.timedelta(days=1))
    assert {"decision_number", "decision_date"} <= set(err.value.message_dict)
    ps.return_plan(cast.leader, plan, "Sắp xếp lại theo thứ tự ưu tiên.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == cast.leader


def test_a_leader_who_prepared_the_draft_cannot_approve_it(cast, plan_round):
    """Maker ≠ checker even when one account holds both rights (the role check alone would pass)."""
    _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 2_000_000_000, 5)
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    plan.prepared_by = cast.leader
    plan.save()
    with pytest.raises(MakerCheckerError):
        ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)


def test_a_plan_over_its_envelopes_is_submitted_only_with_a_reason(cast, plan_round):
    p = _scored(plan_round, cast, "Nền tảng tích hợp dữ liệu ngành y tế", 6_000_000_000, 5)
    ps.set_funding(cast.appraiser, p, Funding.FUNDED, "Ưu tiên của tỉnh")
    plan = ps.draft_plan(cast.appraiser, plan_round)
    with pytest.raises(ServiceError) as err:
        ps.submit_plan(cast.appraiser, plan)
    assert "vượt hạn mức" in str(err.value) and "6.000.000.000" in str(err.value)
    ps.submit_plan(cast.appraiser, plan, over_reason="Bổ sung từ nguồn tăng thu.")
    event = AuditEvent.objects.filter(verb="plan.submitted").latest("pk")
    assert event.data["over"] and "tăng thu" in event.data["over_reason"]


def test_approved_items_become_registry_projects_with_their_estimate_lines(cast, plan_round):
    plan, a, b = _approved_plan(cast, plan_round)
    with pytest.raises(PermissionDenied):
        ps.register_plan(cast.leader, plan)
    result = ps.register_plan(cast.appraiser, plan)
    assert result["created"] == 2
    a.refresh_from_db()
    project = a.project
    assert project.state == State.PROPOSED and project.investor_unit == a.unit and project.name == a.name
    entry = BudgetEntry.objects.get(project=project, stage=Stage.ESTIMATE, voided=False)
    assert (entry.amount, entry.year, entry.decision_number) == (2_000_000_000, YEAR, "45/QĐ-UBND")
    assert project.total_estimate == 2_000_000_000
    with pytest.raises(ServiceError):
        ps.register_plan(cast.appraiser, plan)  # once


def test_an_adjustment_is_a_new_version_with_its_difference_and_it_updates_the_ledger(cast, plan_round):
    plan, a, b = _approved_plan(cast, plan_round)
    ps.register_plan(cast.appraiser, plan)
    with pytest.raises(ServiceError):
        ps.draft_plan(cast.appraiser, plan_round)  # an adjustment needs its reason
    v2 = ps.draft_plan(cast.appraiser, plan_round, reason="Điều chỉnh theo dự toán được giao.")
    assert v2.number == 2 and v2.based_on == plan
    item_a = v2.items.get(proposal=a)
    ps.update_item(cast.appraiser, item_a, {"note": "Giảm quy mô", "costs": cost(1_500_000_000)})
    ps.remove_item(cast.appraiser, v2.items.get(proposal=b))
    changes = selectors.plan_diff(plan, v2)
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("changed", 2_000_000_000, 1_500_000_000), ("removed", 1_000_000_000, 0)]
    ps.submit_plan(cast.appraiser, v2)
    v2.refresh_from_db()
    ps.approve_plan(cast.leader, v2, decision_number="99/QĐ-UBND", decision_date=TODAY)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED  # never overwritten: the first version is kept as it was
    assert plan.items.get(proposal=a).total == 2_000_000_000
    v2.refresh_from_db()
    result = ps.register_plan(cast.appraiser, v2)
    assert result["created"] == 0 and result["voided"] == 2
    a.refresh_from_db()
    b.refresh_from_db()
    live = BudgetEntry.objects.filter(project=a.project, stage=Stage.ESTIMATE, voided=False)
    assert [e.amount for e in live] == [1_500_000_000]
    assert not BudgetEntry.objects.filter(project=b.project, stage=Stage.ESTIMATE, voided=False).exists()
    execution = selectors.execution(v2)
    assert execution[v2.items.get(proposal=a).pk].approved == 1_500_000_000


# ------------------------------------------------------------------ access ----

def test_a_unit_sees_its_own_proposals_and_the_published_plan_reviewers_see_the_tree(cast, finance, plan_round):
    mine = submit(plan_round, cast, "b")
    other = submit(plan_round, cast, "a", name="Phần mềm quản lý trang thiết bị y tế")
    draft = ps.create_proposal(cast.staff_a, plan_round, proposal_data(name="Bản nháp của Sở KH&CN"))
    assert set(scope_proposals(cast.staff_b)) == {mine}
    assert set(scope_proposals(cast.appraiser)) == {mine, other, draft}
    assert set(scope_proposals(finance.staff)) == {mine, other}  # sent ones, never drafts
    assert not scope_proposals(cast.outsider).exists() and not scope_rounds(cast.outsider).exists()
    assert not scope_rounds(cast.outsider_staff).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        get_proposal_for(cast.staff_b, other.pk)
    ps.score_proposal(cast.appraiser, mine, {c["code"]: 4 for c in plan_round.rubric.criteria})
    ps.score_proposal(cast.appraiser, other, {c["code"]: 4 for c in plan_round.rubric.criteria})
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    with pytest.raises(Http404):
        get_plan_for(cast.staff_b, plan.pk)  # a draft plan is not the unit's to read
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    assert get_plan_for(cast.staff_b, plan.pk) == plan
    with pytest.raises(Http404):
        get_plan_for(cast.outsider, plan.pk)


def test_a_draft_round_is_not_shown_to_units(cast, units):
    round_ = ps.create_round(cast.appraiser, {
        "name": "Kế hoạch 2028", "year_from": YEAR, "basis_number": "1/KH", "basis_date": TODAY,
        "deadline": TODAY + dt.timedelta(days=5), "receiving_unit": units.skhcn, "called_units": [units.syt]})
    assert round_.status == RoundStatus.DRAFT
    assert not scope_rounds(cast.staff_b).filter(pk=round_.pk).exists()
    assert scope_rounds(cast.leader).filter(pk=round_.pk).exists()


def test_opening_notifies_the_units_called(cast, units):
    from cds.notifications.models import Notification

    open_round(cast, units)
    assert Notification.objects.filter(user=cast.head_b, text__contains="gửi đề xuất").exists()


def test_only_the_units_called_propose(cast, units, finance):
    round_ = open_round(cast, units, called=[units.skhcn])
    with pytest.raises(ServiceError) as err:
        ps.create_proposal(cast.staff_b, round_, proposal_data())
    assert "không thuộc các đơn vị được đề nghị" in str(err.value)
    assert ps.create_proposal(cast.staff_a, round_, proposal_data()).unit == units.skhcn
