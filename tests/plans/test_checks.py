"""The checks a proposal goes through before anyone scores it: each one firing and not firing,
what its evidence holds, findings of a round duplicate written on both proposals, and nothing of
another tree ever compared or named."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cds.catalog.models import Capability
from cds.estimates import services as estimate_services
from cds.estimates.models import Conclusion
from cds.overlap.engine import get_index
from cds.plans import checks
from cds.plans.models import Basis, Finding, Level, Proposal, ProposalCost, ProposalStatus, Round, RoundStatus, Rubric
from cds.projects import services as project_services
from cds.projects.models import State
from cds.reviews.models import Campaign, Decision, Rating, Review, ReviewStatus, ScoringMethod
from cds.systems.models import Category, InformationSystem
from cds.text.normalize import search_document
from tests.estimates.conftest import basic_lines, line, prepared
from tests.estimates.test_services import ucp_inputs
from tests.factories import make_project, programme, regime, source

TODAY = dt.date.today()


# ------------------------------------------------------------------ world ----

def open_round(units, actor, **overrides):
    data = dict(name="Kế hoạch ứng dụng CNTT, chuyển đổi số năm 2027", root_unit=units.tinh, year_from=2027,
                year_to=2027, basis_number="123/UBND-KGVX", basis_date=TODAY, deadline=TODAY + dt.timedelta(days=30),
                receiving_unit=units.skhcn, rubric=Rubric.objects.get(code="KH-CDS", version=1),
                status=RoundStatus.OPEN, created_by=actor)
    data.update(overrides)
    return Round.objects.create(**data)


_codes = iter(range(1, 10**6))


def propose(round_, unit, actor, name, *, costs=((2027, 1_000_000_000),), capabilities=(), systems=(), actor_check=True,
            **fields):
    """A saved proposal (with its costs and tags) and its checks run, as the services will do."""
    data = dict(round=round_, unit=unit, code=f"DX-T-{next(_codes):04d}", name=name, kind="investment",
                regime=regime(), programme=programme(), legal_basis="Kế hoạch số 123/KH-UBND", start_year=2027,
                end_year=2027, problem="Hồ sơ còn lưu trữ giấy, tra cứu chậm.", objectives="",
                total=sum(a for _, a in costs), prepared_by=actor)
    data.update(fields)
    proposal = Proposal.objects.create(**data)
    for year, amount in costs:
        ProposalCost.objects.create(proposal=proposal, year=year, funding_source=source(), amount=amount)
    proposal.capabilities.set(capabilities)
    proposal.systems.set(systems)
    Proposal.objects.filter(pk=proposal.pk).update(
        search_text=search_document(proposal.code, proposal.name, proposal.objectives))
    proposal = Proposal.objects.select_related("round__root_unit", "unit", "project").get(pk=proposal.pk)
    checks.refresh(proposal, actor if actor_check else None)
    return proposal


def findings(proposal, code=None):
    qs = Finding.objects.filter(proposal=proposal)
    return list(qs.filter(code=code) if code else qs)


@pytest.fixture
def plan(cast, units, projects):
    return SimpleNamespace(cast=cast, units=units, projects=projects, round=open_round(units, cast.appraiser))


LAND = "Xây dựng cơ sở dữ liệu đất đai tỉnh Thử Nghiệm giai đoạn 2027"
CAMERA = "Lắp đặt camera giám sát giao thông nội thị"


# --------------------------------------------------------------- registry ----

def test_every_check_says_what_it_checked():
    assert set(checks.CHECKS) == {"overlap.project", "overlap.system", "reuse.core", "overlap.round", "estimate.total",
                                  "estimate.ucp", "estimate.flags", "estimate.costs", "basis.missing",
                                  "carried.paused"}
    assert all(checks.CHECKS.values())


def test_a_project_of_the_registry_is_named_with_its_unit_state_and_why(plan):
    foreign = make_project(plan.cast.outsider_staff, plan.units.bo_vp, name="Xây dựng cơ sở dữ liệu đất đai của Bộ")
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, LAND)
    [f] = findings(p, "overlap.project")
    a = plan.projects.a
    assert f.level == Level.WARNING and f.other_project_id == a.pk and f.score >= checks.Context(p).threshold
    assert a.code in f.message and "Sở KH&CN" in f.message and "đề xuất" in f.message and "%" in f.message
    assert "Từ khóa chung" in f.message and "đất đai" in f.evidence["explanation"]
    assert f.evidence["project"] == a.code and f.evidence["state"] == "Đề xuất" and f.citation
    assert foreign.code not in str([x.message for x in findings(p)])  # another tree's project never named
    assert not findings(propose(plan.round, plan.units.syt, plan.cast.staff_b, CAMERA), "overlap.project")


def test_the_carried_over_project_is_not_its_own_duplicate(plan):
    a = plan.projects.a
    p = propose(plan.round, plan.units.skhcn, plan.cast.staff_a, a.name, basis=Basis.CARRIED, project=a)
    assert not [f for f in findings(p, "overlap.project") if f.other_project_id == a.pk]


def test_without_the_right_to_check_overlap_the_registry_check_says_so(plan):
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, LAND, actor_check=False)
    [f] = findings(p, "overlap.project")
    assert f.level == Level.INFO and "Chưa đối chiếu" in f.message


# ---------------------------------------------------------------- systems ----

@pytest.fixture
def systems(plan):
    units = plan.units
    land = Capability.objects.create(code="T-QLDD", name="Quản lý hồ sơ đất đai thử nghiệm")
    mk = InformationSystem.objects.create
    return SimpleNamespace(
        land=land,
        his=mk(code="T-YTE-HIS", name="Hệ thống quản lý bệnh viện đa khoa", category=Category.SECTOR,
               root_unit=units.tinh, owner_unit=units.syt),
        bo_his=mk(code="T-BO-HIS", name="Hệ thống quản lý bệnh viện đa khoa của Bộ", category=Category.SECTOR,
                  root_unit=units.bo, owner_unit=units.bo_vp),
        core=mk(code="T-DD-CORE", name="Nền tảng địa chính số dùng chung", category=Category.CORE,
                root_unit=units.tinh, owner_unit=units.skhcn),
        bo_core=mk(code="T-BO-CORE", name="Nền tảng địa chính số của Bộ", category=Category.CORE,
                   root_unit=units.bo, owner_unit=units.bo_vp),
        retired=mk(code="T-DD-OLD", name="Phần mềm địa chính cũ", category=Category.CORE, root_unit=units.tinh,
                   owner_unit=units.skhcn, lifecycle="retired"),
    )


def test_a_system_of_the_map_that_the_proposal_rebuilds(plan, systems):
    name = "Xây dựng hệ thống quản lý bệnh viện đa khoa tỉnh"
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, name)
    [f] = findings(p, "overlap.system")
    assert f.level == Level.WARNING and f.system_id == systems.his.pk and "T-YTE-HIS" in f.message
    assert "trùng với hệ thống đang có" in f.message.lower() and f.evidence["system"] == "T-YTE-HIS"
    assert "T-BO-HIS" not in str([x.message for x in findings(p)])   # another tree's system never named
    # an upgrade that says which system it builds on is not a duplicate of it
    declared = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, systems=[systems.his])
    assert not findings(declared, "overlap.system")
    assert not findings(propose(plan.round, plan.units.syt, plan.cast.staff_b, CAMERA), "overlap.system")


def test_a_core_system_offering_the_capability_asks_for_reuse_unless_declared(plan, systems):
    name = "Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận"
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, capabilities=[systems.land])
    systems.core.capabilities.add(systems.land)
    systems.bo_core.capabilities.add(systems.land)
    systems.retired.capabilities.add(systems.land)
    checks.refresh(p, plan.cast.staff_b)
    reuse = findings(p, "reuse.core")
    assert [f.system_id for f in reuse] == [systems.core.pk]
    [f] = reuse
    assert f.level == Level.WARNING and "kế thừa" in f.message and "T-DD-CORE" in f.message
    assert f.evidence["capabilities"] == [systems.land.name] and systems.land.name in f.message
    assert "T-BO-CORE" not in str([x.message for x in findings(p)])  # another tree's: never
    # the proposal that declares the core system it builds on
    declared = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, capabilities=[systems.land],
                       systems=[systems.core])
    assert not [f for f in findings(declared, "reuse.core") if f.system_id == systems.core.pk]
    assert not findings(propose(plan.round, plan.units.syt, plan.cast.staff_b, CAMERA), "reuse.core")


def test_a_reference_type_is_covered_by_the_provinces_own_instance(plan, systems):
    """The catalogue's "document system of a province" (no tree) is not asked for again when the
    proposal declares the province's own system sharing its capability, nor when the province's
    own system is found beside it (that one is the one to reuse)."""
    ref = InformationSystem.objects.create(code="T-REF-DD", name="Hệ thống địa chính số của tỉnh",
                                           category=Category.CORE, root_unit=None)
    ref.capabilities.add(systems.land)
    systems.core.capabilities.add(systems.land)
    name = "Số hóa hồ sơ địa chính phục vụ cấp giấy chứng nhận"
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, capabilities=[systems.land])
    assert [f.system_id for f in findings(p, "reuse.core")] == [systems.core.pk]   # the province's own
    declared = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, capabilities=[systems.land],
                       systems=[systems.core])
    assert not findings(declared, "reuse.core")
    systems.core.capabilities.clear()
    alone = propose(plan.round, plan.units.syt, plan.cast.staff_b, name, capabilities=[systems.land])
    assert ref.pk in [f.system_id for f in findings(alone, "reuse.core")]   # no instance of its own: asked


def test_a_national_platform_like_the_proposal_by_its_name(plan):
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, LAND)
    national = InformationSystem.objects.get(code="CSDLQG-DATDAI")
    [f] = [f for f in findings(p, "reuse.core") if f.system_id == national.pk]
    assert f.level == Level.WARNING and f.score and "tương đồng" in f.message
    declared = propose(plan.round, plan.units.syt, plan.cast.staff_b, LAND, systems=[national])
    assert not [f for f in findings(declared, "reuse.core") if f.system_id == national.pk]


# ------------------------------------------------------------------ round ----

def test_two_units_proposing_the_same_thing_both_see_it(plan):
    c = plan.cast
    first = propose(plan.round, plan.units.skhcn, c.staff_a, "Xây dựng hệ thống bệnh án điện tử dùng chung")
    unrelated = propose(plan.round, plan.units.skhcn, c.staff_a, CAMERA)
    second = propose(plan.round, plan.units.syt, c.staff_b, "Triển khai bệnh án điện tử tại các bệnh viện tỉnh")
    [f] = findings(second, "overlap.round")
    assert f.level == Level.WARNING and f.other_proposal_id == first.pk and first.code in f.message
    assert "Sở KH&CN" in f.message and f.evidence["unit"] == plan.units.skhcn.name and f.evidence["terms"]
    [mirror] = findings(first, "overlap.round")
    assert mirror.level == Level.WARNING and mirror.other_proposal_id == second.pk and "Sở Y tế" in mirror.message
    assert not findings(unrelated, "overlap.round")
    first.refresh_from_db()
    assert first.warnings == Finding.objects.filter(proposal=first, level=Level.WARNING).count() >= 1
    # renamed: the pair no longer stands, on either side
    Proposal.objects.filter(pk=second.pk).update(name="Trang bị máy tính cho trạm y tế xã",
                                                 search_text=search_document("Trang bị máy tính cho trạm y tế xã"))
    second.refresh_from_db()
    checks.refresh(second, c.staff_b)
    assert not findings(second, "overlap.round") and not findings(first, "overlap.round")
    first.refresh_from_db()
    assert first.warnings == Finding.objects.filter(proposal=first, level=Level.WARNING).count()


def test_the_same_unit_twice_is_a_note_and_another_tree_never_compared(plan):
    c = plan.cast
    first = propose(plan.round, plan.units.syt, c.staff_b, "Xây dựng hệ thống bệnh án điện tử dùng chung")
    again = propose(plan.round, plan.units.syt, c.staff_b, "Triển khai bệnh án điện tử tại các bệnh viện tỉnh")
    [f] = findings(again, "overlap.round")
    assert f.level == Level.INFO and "cùng đơn vị" in f.message and f.other_proposal_id == first.pk
    other_round = open_round(plan.units, c.outsider, root_unit=plan.units.bo, receiving_unit=plan.units.bo_vp)
    ministry = propose(other_round, plan.units.bo_vp, c.outsider_staff, "Triển khai bệnh án điện tử tại bệnh viện")
    assert not findings(ministry, "overlap.round")
    assert not Finding.objects.filter(other_proposal=ministry).exists()


def test_a_merged_proposal_is_nobodys_duplicate_any_more(plan):
    c = plan.cast
    first = propose(plan.round, plan.units.skhcn, c.staff_a, "Xây dựng hệ thống bệnh án điện tử dùng chung")
    second = propose(plan.round, plan.units.syt, c.staff_b, "Triển khai bệnh án điện tử tại các bệnh viện tỉnh")
    assert findings(first, "overlap.round")
    Proposal.objects.filter(pk=second.pk).update(status=ProposalStatus.MERGED, merged_into=first)
    second.refresh_from_db()
    checks.forget(second)
    assert not findings(first, "overlap.round")
    assert [f.other_proposal_id for f in findings(second, "overlap.round")] == [first.pk]  # why it was merged
    first.refresh_from_db()
    assert first.warnings == Finding.objects.filter(proposal=first, level=Level.WARNING).count()
    checks.refresh(first, c.staff_a)   # the merged one is not compared again
    assert not findings(first, "overlap.round")


def test_a_large_round_compares_the_proposals_sharing_rare_words(plan, monkeypatch):
    monkeypatch.setattr(checks, "ROUND_CAP", 5)
    c = plan.cast
    for i in range(8):
        propose(plan.round, plan.units.skhcn, c.staff_a, f"Trang bị máy tính cho xã số {i}", costs=())
    first = propose(plan.round, plan.units.skhcn, c.staff_a, "Xây dựng hệ thống bệnh án điện tử dùng chung")
    second = propose(plan.round, plan.units.syt, c.staff_b, "Triển khai bệnh án điện tử tại các bệnh viện tỉnh")
    assert [f.other_proposal_id for f in findings(second, "overlap.round")] == [first.pk]
    ctx = checks.Context(second, c.staff_b)
    assert len(ctx.round_names) <= 5 and first.pk in [r["pk"] for r in ctx.round_names]


def test_round_names_are_scored_with_the_registrys_words(plan, monkeypatch):
    first = "Xây dựng hệ thống bệnh án điện tử dùng chung"
    alike = "Triển khai bệnh án điện tử tại các bệnh viện tỉnh"
    threshold = checks.Context(Proposal(), None).threshold
    index = get_index()
    scores = index.text_scores(first, [alike, CAMERA])
    assert scores[0] >= threshold > scores[1]
    # before the overlap index is built the round is not compared, and the proposal says so
    monkeypatch.setattr(type(index), "text_scores", lambda self, name, others: None)
    propose(plan.round, plan.units.skhcn, plan.cast.staff_a, first)
    p = propose(plan.round, plan.units.syt, plan.cast.staff_b, alike)
    [f] = findings(p, "overlap.round")
    assert f.level == Level.INFO and "Chưa so được" in f.message and f.other_proposal_id is None


# -------------------------------------------------------------- estimates ----

def ledger(actor, project, amount):
    project_services.record_budget_entry(actor, project, {
        "stage": "approved", "amount": amount, "year": 2025, "funding_source": source(),
        "decision_number": "10/QĐ-UBND", "decision_date": dt.date(2025, 1, 1)})


def test_the_total_against_similar_projects_of_the_tree(plan):
    c = plan.cast
    ledger(c.head_a, plan.projects.a, 2_000_000_000)
    similar = make_project(c.staff_b, plan.units.syt, name="Xây dựng cơ sở dữ liệu đất đai cấp huyện")
    ledger(c.head_b, similar, 4_000_000_000)
    foreign = make_project(c.outsider_staff, plan.units.bo_vp, name="Xây dựng cơ sở dữ liệu đất đai của Bộ")
    ledger(c.outsider_staff, foreign, 90_000_000_000)
    high = propose(plan.round, plan.units.syt, c.staff_b, LAND, costs=((2027, 9_000_000_000),))
    [f] = findings(high, "estimate.total")
    assert f.level == Level.WARNING and f.evidence["median"] == 3_000_000_000 and f.evidence["count"] == 2
    assert {s["project"] for s in f.evidence["sources"]} == {plan.projects.a.code, similar.code}
    assert "3.000.000.000" in f.message and "gấp 3 lần" in f.message
    fair = propose(plan.round, plan.units.syt, c.staff_b, LAND, costs=((2027, 3_500_000_000),))
    [f] = findings(fair, "estimate.total")
    assert f.level == Level.INFO and f.evidence["median"] == 3_000_000_000
    assert not findings(propose(plan.round, plan.units.syt, c.staff_b, CAMERA), "estimate.total")


def _concluded_with_ucp(cast, project, hourly_rate=55677):
    estimate = prepared(cast.staff_b, project, basic_lines())
    version = estimate_services.attach_ucp(cast.staff_b, estimate, "CV2589", ucp_inputs(hourly_rate))
    estimate.refresh_from_db()
    estimate_services.submit(cast.staff_b, estimate)
    estimate_services.conclude(cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    return version.ucp["total"] / version.ucp["aucp"]


def test_cost_per_use_case_point_against_the_trees_concluded_estimates(plan):
    c = plan.cast
    per_point = _concluded_with_ucp(c, plan.projects.b)
    fair = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, ucp_points=100,
                   software_cost=round(per_point * 100))
    [f] = findings(fair, "estimate.ucp")
    assert f.level == Level.INFO and f.evidence["count"] == 1 and f.evidence["median"] == round(per_point)
    dear = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, ucp_points=100,
                   software_cost=round(per_point * 100 * 2))
    [f] = findings(dear, "estimate.ucp")
    assert f.level == Level.WARNING and "cao hơn" in f.message and f.evidence["mine"] == pytest.approx(
        2 * per_point, rel=0.01)
    assert not findings(propose(plan.round, plan.units.syt, c.staff_b, CAMERA), "estimate.ucp")


def test_another_trees_estimates_never_set_the_cost_per_point(plan):
    c = plan.cast
    bo = make_project(c.outsider_staff, plan.units.bo_vp, name="Phần mềm quản lý của Bộ")
    estimate = prepared(c.outsider_staff, bo, basic_lines())
    estimate_services.attach_ucp(c.outsider_staff, estimate, "CV2589", ucp_inputs(10_000))
    estimate.refresh_from_db()
    estimate_services.submit(c.outsider_staff, estimate)
    estimate_services.conclude(c.outsider, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    p = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, ucp_points=100, software_cost=900_000_000)
    assert not findings(p, "estimate.ucp")


def test_open_flags_of_a_carried_over_tasks_estimate(plan):
    c = plan.cast
    lines = basic_lines()
    lines[2] = line("qlda", "Chi phí quản lý dự án", 500_000_000, basis="rate")   # far above the rate
    prepared(c.staff_a, plan.projects.a, lines)
    carried = propose(plan.round, plan.units.skhcn, c.staff_a, plan.projects.a.name, basis=Basis.CARRIED,
                      project=plan.projects.a)
    flags = findings(carried, "estimate.flags")
    assert flags and all(f.level == Level.WARNING for f in flags)
    [rate] = [f for f in flags if f.evidence["rule"] == "norm.rate"]
    assert "vượt định mức" in rate.message and rate.citation and rate.evidence["allowed"] < 500_000_000
    prepared(c.staff_b, plan.projects.b, basic_lines())
    clean = propose(plan.round, plan.units.syt, c.staff_b, plan.projects.b.name, basis=Basis.CARRIED,
                    project=plan.projects.b)
    assert not findings(clean, "estimate.flags")


def test_costs_missing_or_outside_the_years(plan):
    c = plan.cast
    none = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, costs=())
    [f] = findings(none, "estimate.costs")
    assert f.level == Level.WARNING and "Chưa nêu kinh phí" in f.message
    late = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, costs=((2027, 10**9), (2029, 10**9)),
                   end_year=2028)
    messages = [f.message for f in findings(late, "estimate.costs")]
    assert any("ngoài thời kỳ của kế hoạch (2027)" in m for m in messages)
    assert any("ngoài thời gian thực hiện nhiệm vụ (2027–2028)" in m for m in messages)
    assert not findings(propose(plan.round, plan.units.syt, c.staff_b, CAMERA), "estimate.costs")


# --------------------------------------------------------- basis, carried ----

def test_a_missing_basis_and_problem(plan):
    c = plan.cast
    bare = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, legal_basis="", programme=None, problem="")
    by_level = {f.level: f for f in findings(bare, "basis.missing")}
    assert set(by_level) == {Level.WARNING, Level.INFO}
    assert "chưa nêu căn cứ" in by_level[Level.WARNING].message.lower() and by_level[Level.WARNING].citation
    assert not findings(propose(plan.round, plan.units.syt, c.staff_b, CAMERA, legal_basis=""), "basis.missing")
    assert not findings(propose(plan.round, plan.units.syt, c.staff_b, CAMERA, programme=None), "basis.missing")


def test_a_carried_over_task_of_a_paused_project(plan):
    c = plan.cast
    a = plan.projects.a
    project_services.transition(c.leader, a, "pause", decision_number="15/QĐ-UBND", decision_date=TODAY,
                                reason="Chờ rà soát trùng lặp")
    carried = propose(plan.round, plan.units.skhcn, c.staff_a, a.name, basis=Basis.CARRIED, project=a)
    [f] = findings(carried, "carried.paused")
    assert f.level == Level.WARNING and a.code in f.message and "Tạm dừng" in f.message
    assert f.evidence["state"] == "Tạm dừng" and f.other_project_id == a.pk
    normal = propose(plan.round, plan.units.syt, c.staff_b, plan.projects.b.name, basis=Basis.CARRIED,
                     project=plan.projects.b)
    assert not findings(normal, "carried.paused")
    assert State.PAUSED == a.__class__.objects.get(pk=a.pk).state


def _assessed(plan, project, **fields):
    campaign = Campaign.objects.create(
        name="Đánh giá hiệu quả năm 2026", root_unit=plan.units.tinh, basis_number="88/UBND-VX", basis_date=TODAY,
        basis_issuer="UBND tỉnh", period_year=2026, deadline=TODAY, receiving_unit=plan.units.skhcn,
        method=ScoringMethod.objects.filter(published_on__isnull=False).first(), status="closed")
    return Review.objects.create(campaign=campaign, project=project, unit=project.investor_unit,
                                 status=ReviewStatus.DECIDED, reviewed_at=dt.datetime.now(dt.timezone.utc), **fields)


def test_a_carried_over_task_rated_ineffective_or_decided_to_stop(plan):
    c = plan.cast
    _assessed(plan, plan.projects.b, reviewer_rating=Rating.INEFFECTIVE, reviewer_comment="Ít người dùng.",
              decision=Decision.STOP, decision_number="20/QĐ-UBND", decision_date=TODAY)
    carried = propose(plan.round, plan.units.syt, c.staff_b, plan.projects.b.name, basis=Basis.CARRIED,
                      project=plan.projects.b)
    [f] = findings(carried, "carried.paused")
    assert "Không hiệu quả" in f.message and "Dừng" in f.message and "20/QĐ-UBND" in f.message
    assert f.evidence["rating"] == "Không hiệu quả" and f.evidence["comment"] == "Ít người dùng."
    _assessed(plan, plan.projects.a, reviewer_rating=Rating.EFFECTIVE, decision=Decision.CONTINUE)
    fine = propose(plan.round, plan.units.skhcn, c.staff_a, plan.projects.a.name, basis=Basis.CARRIED,
                   project=plan.projects.a)
    assert not findings(fine, "carried.paused")


# ----------------------------------------------------------------- storing ----

def test_refresh_replaces_the_findings_without_touching_history_or_version(plan):
    c = plan.cast
    p = propose(plan.round, plan.units.syt, c.staff_b, CAMERA, legal_basis="", programme=None)
    history, version = p.history.count(), p.version
    before = {f.pk for f in findings(p)}
    assert p.warnings == Finding.objects.filter(proposal=p, level=Level.WARNING).count() >= 1 and p.checked_at
    Proposal.objects.filter(pk=p.pk).update(legal_basis="Kế hoạch số 123/KH-UBND")
    p = Proposal.objects.get(pk=p.pk)
    checks.refresh(p, c.staff_b)
    assert not findings(p, "basis.missing") or all(f.level == Level.INFO for f in findings(p, "basis.missing"))
    assert not before & {f.pk for f in findings(p)}
    stored = Proposal.objects.get(pk=p.pk)
    assert stored.warnings == p.warnings == Finding.objects.filter(proposal=p, level=Level.WARNING).count()
    assert stored.version == version and stored.history.count() == history


def test_findings_speak_law_not_notes(plan, systems):
    c = plan.cast
    p = propose(plan.round, plan.units.syt, c.staff_b, LAND, legal_basis="", programme=None, problem="",
                capabilities=[systems.land], costs=((2031, 5),))
    for f in findings(p):
        for marker in ("[V]", "[U]", "[N]", "cần xác nhận", "domain.md", "§"):
            assert marker not in f.message and marker not in f.citation
