"""The criteria of appraisal, surveys, the yearly plan, estimates and procurement, each computed
from records made through the apps' own services (then dated into the ranked period where the
service stamps today): what is counted, what counts against the unit, and that records of
another tree (the Bộ) or outside the period are left out.

The ranked units of the test province are Sở KH&CN (which also answers for the ended Sở TT&TT),
Sở Y tế and Thanh tra tỉnh."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cds.accounts.models import Role
from cds.appraisal import services as appraisal
from cds.appraisal.models import DossierEvent, EventKind
from cds.estimates import services as estimates
from cds.estimates.models import Conclusion, Level
from cds.plans import services as ps
from cds.plans.models import Proposal
from cds.procurement import services as procurement
from cds.procurement.models import Warning
from cds.projects.models import Stage
from cds.projects.services import record_budget_entry
from cds.rankings import criteria, services
from cds.rankings.criteria import Context
from cds.surveys import services as surveys
from cds.surveys.models import Response
from tests.appraisal.conftest import complete, countersigned, submitted
from tests.estimates.conftest import basic_lines, line, prepared
from tests.factories import UserFactory, make_project, regime, source
from tests.plans.conftest import proposal_data
from tests.surveys.conftest import sample_definition
from tests.surveys.test_core import GOOD

from .conftest import YEAR, approved_method

pytestmark = pytest.mark.django_db

D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def ctx(units):
    return Context.build(units.tinh, D(YEAR, 1, 1), D(YEAR, 12, 31))


@pytest.fixture
def bo_people(units):
    """The Bộ's unit head and leader (the cast has its appraiser and staff)."""
    class People:
        head = UserFactory(username="bo_head", role=Role.UNIT_HEAD, unit=units.bo_vp)
        leader = UserFactory(username="bo_leader", role=Role.LEADER, unit=units.bo)
    return People


def measured(code: str, ctx: Context) -> dict:
    return criteria.get(code).compute(ctx)


def check(measure, ids, against):
    """The measure counts exactly ``ids`` with ``against`` counting against the unit."""
    assert sorted(measure.ids) == sorted(ids)
    assert sorted(measure.against) == sorted(against)
    assert (measure.good, measure.total) == (len(ids) - len(against), len(ids))


def readable(code: str, user, ids) -> set[int]:
    """The records of ``ids`` the criterion's evidence link lets ``user`` read."""
    spec = criteria.get(code)
    qs = spec.scope(user)
    assert qs.model._meta.label_lower == spec.model
    return set(qs.filter(pk__in=ids).values_list("pk", flat=True))


def test_the_six_criteria_are_registered_with_their_default_weights():
    weights = {s.code: s.weight for s in criteria.registered()}
    assert {code: weights[code] for code in ("appraisal_complete", "survey_on_time", "plan_proposals_on_time",
                                              "plan_items_executed", "estimate_clean", "procurement_clean")} == {
        "appraisal_complete": 8, "survey_on_time": 8, "plan_proposals_on_time": 5, "plan_items_executed": 5,
        "estimate_clean": 9, "procurement_clean": 9}
    for code in weights:
        spec = criteria.get(code)
        for text in (spec.name, spec.source, spec.formula):
            assert text and "§" not in text and "domain" not in text and "issue" not in text.lower()


# ------------------------------------------------------------------ appraisal

def _dated(dossier, *times):
    """Date the dossier's events of each kind, in order: (kind, day), …"""
    for kind, day in times:
        event = DossierEvent.objects.filter(dossier=dossier, kind=kind, at__gt=at(D(2026, 1, 10))).order_by("id").first()
        assert event is not None, kind
        DossierEvent.objects.filter(pk=event.pk).update(at=at(day))


def test_appraisal_counts_dossiers_first_submitted_in_the_period_and_their_returns(cast, units, ctx, bo_people):
    clean = submitted(cast, units)
    _dated(clean, (EventKind.SUBMITTED, D(2025, 3, 10)))

    asked = submitted(cast, units)
    appraisal.request_supplement(cast.appraiser, asked, request="Bổ sung báo giá thiết bị.")
    _dated(asked, (EventKind.SUBMITTED, D(2025, 4, 1)), (EventKind.SUPPLEMENT_REQUESTED, D(2025, 4, 8)))

    # returned by the leader to be completed, then submitted again: one dossier, counted once
    returned = countersigned(cast, units, conclusion="needs_supplement")
    returned = appraisal.decide(cast.leader, returned, decision="return", reason="Bổ sung căn cứ kế hoạch CĐS")
    returned = appraisal.submit(cast.head_a, returned)
    _dated(returned, (EventKind.SUBMITTED, D(2025, 2, 10)), (EventKind.RETURNED, D(2025, 3, 1)),
           (EventKind.SUBMITTED, D(2025, 3, 20)))

    # asked for a supplement only after the period had ended: complete within the period
    asked_later = submitted(cast, units)
    appraisal.request_supplement(cast.appraiser, asked_later, request="Bổ sung thiết kế.")
    _dated(asked_later, (EventKind.SUBMITTED, D(2025, 12, 20)), (EventKind.SUPPLEMENT_REQUESTED, D(2026, 1, 6)))

    # first submitted the year before: not this period's dossier
    earlier = submitted(cast, units)
    _dated(earlier, (EventKind.SUBMITTED, D(2024, 11, 5)))

    project_b = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý trang thiết bị y tế", kind="recurrent")
    syt = complete(appraisal.create_dossier(cast.staff_b, project_b, {"amount": 500_000_000, "title": ""}),
                   cast.staff_b)
    syt = appraisal.submit(cast.head_b, syt)
    appraisal.request_supplement(cast.appraiser, syt, request="Bổ sung dự toán chi tiết.")
    _dated(syt, (EventKind.SUBMITTED, D(2025, 5, 2)), (EventKind.SUPPLEMENT_REQUESTED, D(2025, 5, 9)))

    project_bo = make_project(cast.outsider_staff, units.bo_vp, name="Hệ thống thư điện tử của Bộ", kind="recurrent")
    bo = complete(appraisal.create_dossier(cast.outsider_staff, project_bo, {"amount": 500_000_000, "title": ""}),
                  cast.outsider_staff)
    bo = appraisal.submit(bo_people.head, bo)
    _dated(bo, (EventKind.SUBMITTED, D(2025, 5, 2)))

    m = measured("appraisal_complete", ctx)
    assert set(m) == {units.skhcn.pk, units.syt.pk}
    check(m[units.skhcn.pk], [clean.pk, asked.pk, returned.pk, asked_later.pk], [asked.pk, returned.pk])
    check(m[units.syt.pk], [syt.pk], [syt.pk])
    assert readable("appraisal_complete", cast.leader, m[units.skhcn.pk].ids) == set(m[units.skhcn.pk].ids)
    assert readable("appraisal_complete", cast.head_b, m[units.skhcn.pk].ids) == set()


# ------------------------------------------------------------------ surveys

def _survey_round(actor, coordinator, name, deadline, targets, form):
    rnd = surveys.create_round(actor, {"name": name, "form": form, "deadline": deadline, "coordinator": coordinator},
                               allow_past_deadline=True)
    return surveys.open_round(actor, rnd, units=targets)


def _send(response, staff, head):
    surveys.save_answers(staff, response, GOOD)
    return surveys.submit_response(head, response)


@pytest.fixture
def form(cast):
    return surveys.publish_version(cast.appraiser, surveys.save_definition(cast.appraiser, sample_definition()))


def test_survey_responses_owed_in_the_period_count_when_sent_by_the_deadline(cast, units, ctx, form, bo_people):
    later = timezone.localdate() + dt.timedelta(days=10)
    rnd = _survey_round(cast.appraiser, units.thanhtra, "Khảo sát điểm nghẽn 2025", later,
                        [units.skhcn, units.syt, units.thanhtra, units.sotttt], form)
    r = {u: Response.objects.get(round=rnd, unit=getattr(units, u)) for u in ("skhcn", "syt", "thanhtra", "sotttt")}
    _send(r["skhcn"], cast.staff_a, cast.head_a)           # before the deadline
    type(rnd).objects.filter(pk=rnd.pk).update(deadline=D(2025, 6, 30))
    Response.objects.filter(pk=r["skhcn"].pk).update(submitted_at=at(D(2025, 6, 25)))
    _send(r["syt"], cast.staff_b, cast.head_b)             # after it: late
    # Thanh tra tỉnh and the ended Sở TT&TT never answered; the deadline has passed

    old = _survey_round(cast.appraiser, units.thanhtra, "Khảo sát 2024", D(2024, 12, 15), [units.skhcn], form)
    bo_form = surveys.publish_version(cast.outsider, surveys.save_definition(
        cast.outsider, dict(sample_definition(), form_id="khao_sat_bo")))
    bo = _survey_round(cast.outsider, units.bo_vp, "Khảo sát của Bộ", D(2025, 6, 30), [units.bo_vp], bo_form)

    m = measured("survey_on_time", ctx)
    assert set(m) == {units.skhcn.pk, units.syt.pk, units.thanhtra.pk}
    check(m[units.skhcn.pk], [r["skhcn"].pk, r["sotttt"].pk], [r["sotttt"].pk])   # Sở TT&TT's counts for its successor
    check(m[units.syt.pk], [r["syt"].pk], [r["syt"].pk])
    check(m[units.thanhtra.pk], [r["thanhtra"].pk], [r["thanhtra"].pk])
    counted = {pk for x in m.values() for pk in x.ids}
    assert not counted & set(Response.objects.filter(round__in=[old, bo]).values_list("pk", flat=True))
    assert readable("survey_on_time", cast.leader, counted) == counted


def test_what_is_not_yet_due_is_not_counted(cast, units, form):
    """A response or a proposal not sent while its deadline is still ahead is not counted; one
    already sent is."""
    today = timezone.localdate()
    window = Context.build(units.tinh, today - dt.timedelta(days=30), today + dt.timedelta(days=30))
    rnd = _survey_round(cast.appraiser, units.thanhtra, "Khảo sát đang mở", today + dt.timedelta(days=10),
                        [units.skhcn, units.syt], form)
    sent = _send(Response.objects.get(round=rnd, unit=units.syt), cast.staff_b, cast.head_b)
    m = measured("survey_on_time", window)
    assert set(m) == {units.syt.pk}
    check(m[units.syt.pk], [sent.pk], [])

    round_ = _plan_round(cast, units, deadline=today + dt.timedelta(days=10))
    ps.create_proposal(cast.staff_a, round_, proposal_data(**_years(round_.year_from)))
    sent_p = _propose(round_, cast.staff_b, cast.head_b)
    m = measured("plan_proposals_on_time", window)
    assert set(m) == {units.syt.pk}
    check(m[units.syt.pk], [sent_p.pk], [])


# ------------------------------------------------------------------ the yearly plan

def _plan_round(cast, units, *, deadline, year_from=None, year_to=None, appraiser=None, called=None,
                receiving=None, name="Kế hoạch ứng dụng CNTT, chuyển đổi số"):
    appraiser = appraiser or cast.appraiser
    today = timezone.localdate()
    year_from = year_from or today.year + 1
    year_to = year_to or year_from
    round_ = ps.create_round(appraiser, {
        "name": name, "year_from": year_from, "year_to": year_to, "basis_number": "123/UBND-KGVX",
        "basis_date": today, "deadline": max(deadline, today), "receiving_unit": receiving or units.skhcn,
        "finance_unit": None, "called_units": called or [units.skhcn, units.syt],
    })
    ps.set_envelopes(appraiser, round_, [{"funding_source": source("NSDP-DT"), "year": y, "amount": 50_000_000_000}
                                         for y in range(year_from, year_to + 1)], expected_version=round_.version)
    round_.refresh_from_db()
    round_ = ps.open_round(appraiser, round_, expected_version=round_.version)
    if deadline != round_.deadline:
        type(round_).objects.filter(pk=round_.pk).update(deadline=deadline)
        round_.refresh_from_db()
    return round_


def _years(year, amount=1_000_000_000, name="Hệ thống quản lý hồ sơ bệnh án điện tử"):
    return {"name": name, "start_year": year, "end_year": year,
            "costs": [{"year": year, "funding_source": source("NSDP-DT"), "amount": amount}]}


def _propose(round_, staff, head, **kw):
    p = ps.create_proposal(staff, round_, proposal_data(**{**_years(round_.year_from), **kw}))
    return ps.submit_proposal(head, p)


def _first_sent(proposal, day):
    """Date the proposal's sending (and the history rows that recorded it) to ``day``."""
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=at(day))
    Proposal.history.filter(id=proposal.pk, submitted_at__isnull=False).update(submitted_at=at(day))


def test_plan_proposals_count_when_first_sent_by_the_round_deadline(cast, units, ctx, bo_people):
    round_ = _plan_round(cast, units, deadline=D(2026, 12, 31))
    on_time = _propose(round_, cast.staff_a, cast.head_a)
    # returned to be completed and sent again after the deadline: its first sending counts
    resent = _propose(round_, cast.staff_a, cast.head_a, name="Nền tảng tích hợp dữ liệu của tỉnh")
    late = _propose(round_, cast.staff_b, cast.head_b, name="Phần mềm quản lý trang thiết bị y tế")
    _first_sent(on_time, D(2025, 6, 30))
    _first_sent(resent, D(2025, 6, 20))
    _first_sent(late, D(2025, 7, 2))
    type(round_).objects.filter(pk=round_.pk).update(deadline=D(2025, 6, 30))
    resent = ps.return_proposal(cast.appraiser, resent, "Bổ sung thuyết minh sự cần thiết.")
    deputy = UserFactory(username="head_a2", role=Role.UNIT_HEAD, unit=units.skhcn)  # not who sent it first
    resent = ps.submit_proposal(deputy, resent)
    assert resent.submitted_at.date() > D(2025, 6, 30)
    never = ps.create_proposal(cast.staff_b, round_, proposal_data(**_years(round_.year_from, name="Số hóa hồ sơ")))

    older = _plan_round(cast, units, deadline=D(2024, 12, 1), name="Kế hoạch năm trước")
    ps.create_proposal(cast.staff_a, older, proposal_data(**_years(older.year_from)))
    bo_round = _plan_round(cast, units, deadline=D(2025, 6, 30), appraiser=cast.outsider, called=[units.bo_vp],
                           receiving=units.bo_vp, name="Kế hoạch của Bộ")
    bo = _propose(bo_round, cast.outsider_staff, bo_people.head)
    _first_sent(bo, D(2025, 8, 1))

    m = measured("plan_proposals_on_time", ctx)
    assert set(m) == {units.skhcn.pk, units.syt.pk}
    check(m[units.skhcn.pk], [on_time.pk, resent.pk], [])
    check(m[units.syt.pk], [late.pk, never.pk], [late.pk, never.pk])
    assert readable("plan_proposals_on_time", cast.head_a, m[units.skhcn.pk].ids) == set(m[units.skhcn.pk].ids)
    assert readable("plan_proposals_on_time", cast.head_a, m[units.syt.pk].ids) == set()


def _approved_plan(round_, appraiser, leader, proposals):
    """Score every proposal, fund them, draft, submit and approve the plan, carry it into the
    registry: {proposal pk: plan item}."""
    for p in proposals:
        ps.score_proposal(appraiser, p, {c["code"]: 5 for c in round_.rubric.criteria})
    ps.recommend_funding(appraiser, round_)
    plan = ps.draft_plan(appraiser, round_)
    ps.submit_plan(appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(leader, plan, decision_number="45/QĐ-UBND", decision_date=timezone.localdate())
    plan.refresh_from_db()
    ps.register_plan(appraiser, plan)
    return {i.proposal_id: i for i in plan.items.select_related("project")}


def _allocate(actor, project, year, amount=800_000_000):
    record_budget_entry(actor, project, {"year": year, "funding_source": source("NSDP-DT"), "stage": Stage.ALLOCATED,
                                         "amount": amount, "decision_number": "12/QĐ-STC",
                                         "decision_date": timezone.localdate()})


def test_approved_plan_items_count_as_executed_when_registered_and_funded_in_the_year(cast, units, bo_people):
    year = timezone.localdate().year + 1
    round_ = _plan_round(cast, units, deadline=timezone.localdate() + dt.timedelta(days=20), year_from=year,
                         year_to=year + 1)
    executed = _propose(round_, cast.staff_b, cast.head_b, **_years(year, name="Nền tảng dữ liệu y tế"))
    idle = _propose(round_, cast.staff_a, cast.head_a, **_years(year, name="Cổng dữ liệu mở của tỉnh"))
    other_year = _propose(round_, cast.staff_b, cast.head_b, **_years(year, 500_000_000, name="Số hóa bệnh án"))
    next_year = _propose(round_, cast.staff_a, cast.head_a, **_years(year + 1, name="Trung tâm điều hành thông minh"))
    items = _approved_plan(round_, cast.appraiser, cast.leader, [executed, idle, other_year, next_year])
    _allocate(cast.appraiser, items[executed.pk].project, year)
    _allocate(cast.appraiser, items[other_year.pk].project, year + 1)   # money of another year

    bo_round = _plan_round(cast, units, deadline=timezone.localdate() + dt.timedelta(days=20), year_from=year,
                           appraiser=cast.outsider, called=[units.bo_vp], receiving=units.bo_vp, name="Kế hoạch Bộ")
    bo = _propose(bo_round, cast.outsider_staff, bo_people.head, **_years(year))
    bo_items = _approved_plan(bo_round, cast.outsider, bo_people.leader, [bo])
    _allocate(cast.outsider, bo_items[bo.pk].project, year)

    m = measured("plan_items_executed", Context.build(units.tinh, D(year, 1, 1), D(year, 12, 31)))
    assert set(m) == {units.skhcn.pk, units.syt.pk}
    check(m[units.syt.pk], [items[executed.pk].pk, items[other_year.pk].pk], [items[other_year.pk].pk])
    check(m[units.skhcn.pk], [items[idle.pk].pk], [items[idle.pk].pk])     # the next year's item is not due
    assert readable("plan_items_executed", cast.head_b, m[units.syt.pk].ids) == set(m[units.syt.pk].ids)
    assert readable("plan_items_executed", cast.outsider_staff, m[units.syt.pk].ids) == set()


# ------------------------------------------------------------------ estimates

WRONG = [line("tb", "Máy chủ", quantity=2, unit_price=300_000_000, amount=600_500_000, unit="bộ", basis="quote")]


def _checked(maker, checker, project, lines, day, *, first=None, conclusion=Conclusion.SUITABLE):
    estimate = prepared(maker, project, first or lines)
    if first is not None:   # a draft version corrected before it was sent
        estimates.save_version(maker, estimate, lines)
        estimate.refresh_from_db()
    estimate = estimates.submit(maker, estimate)
    estimate = estimates.conclude(checker, estimate, conclusion=conclusion, text="Ý kiến kiểm tra.")
    type(estimate).objects.filter(pk=estimate.pk).update(concluded_at=at(day))
    return estimate


def test_estimates_checked_in_the_period_count_when_the_version_sent_had_no_error(cast, units, projects):
    syt_project = make_project(cast.staff_b, units.syt, name="Hệ thống bệnh án điện tử", regime=regime())
    clean = _checked(cast.staff_a, cast.appraiser, projects.a, basic_lines(), D(2025, 5, 4))
    assert not clean.versions.get(number=clean.concluded_version).flags.filter(level=Level.ERROR).exists()
    corrected = _checked(cast.staff_a, cast.appraiser, projects.a, basic_lines(), D(2025, 6, 4), first=WRONG)
    assert corrected.versions.get(number=1).flags.filter(level=Level.ERROR).exists()
    wrong = _checked(cast.staff_a, cast.appraiser, projects.a, WRONG, D(2025, 7, 4), conclusion=Conclusion.ADJUST)
    assert wrong.versions.get(number=wrong.concluded_version).flags.filter(level=Level.ERROR).exists()
    syt_wrong = _checked(cast.staff_b, cast.appraiser, syt_project, WRONG, D(2025, 9, 1), conclusion=Conclusion.ADJUST)
    _checked(cast.staff_b, cast.appraiser, syt_project, WRONG, D(2024, 12, 30))          # checked the year before
    estimates.submit(cast.staff_a, prepared(cast.staff_a, projects.a, WRONG))            # sent, not yet checked
    bo_project = make_project(cast.outsider_staff, units.bo_vp, name="Hệ thống quản lý văn bản của Bộ")
    _checked(cast.outsider_staff, cast.outsider, bo_project, WRONG, D(2025, 5, 4))        # the Bộ's

    m = measured("estimate_clean", Context.build(units.tinh, D(YEAR, 1, 1), D(YEAR, 12, 31)))
    assert set(m) == {units.skhcn.pk, units.syt.pk}
    check(m[units.skhcn.pk], [clean.pk, corrected.pk, wrong.pk], [wrong.pk])
    check(m[units.syt.pk], [syt_wrong.pk], [syt_wrong.pk])
    assert readable("estimate_clean", cast.leader, m[units.skhcn.pk].ids) == set(m[units.skhcn.pk].ids)


# ------------------------------------------------------------------ procurement

def _package(actor, project, price, day, *, field="goods", method="direct", **extra):
    plan = procurement.create_plan(actor, project, {"name": f"KHLCNT {project.code} {price} {day}"})
    return procurement.create_package(actor, plan, {
        "name": f"Gói {field} {price}", "field": field, "package_price": str(price), "method": method,
        "online": False, "selection_start": day.strftime("%d/%m/%Y"), **extra})


def _levels(package) -> list[str]:
    return sorted(Warning.objects.filter(package=package).values_list("level", flat=True))


def test_procurement_packages_of_the_period_count_when_they_carry_no_warning(cast, units, projects):
    ty = 1_000_000_000
    over = _package(cast.staff_a, projects.a, 3 * ty, D(2025, 2, 10))             # over the limit of direct award
    grounded = _package(cast.staff_a, projects.a, 3 * ty, D(2025, 3, 12),
                        method_ground="Nhiệm vụ chuyển đổi số trọng điểm")   # only a note to verify the ground
    clean = _package(cast.staff_a, projects.a, 300_000_000, D(2025, 4, 15), field="consulting")
    cancelled = _package(cast.staff_a, projects.a, 3 * ty, D(2025, 5, 20))
    procurement.cancel_package(cast.staff_a, cancelled, "Dừng mua sắm", cancelled.version)
    _package(cast.staff_a, projects.a, 3 * ty, D(2024, 6, 3))                        # the year before
    syt = _package(cast.staff_b, projects.b, 3 * ty, D(2025, 9, 15))
    _package(cast.outsider_staff, projects.bo, 3 * ty, D(2025, 9, 15))               # the Bộ's
    assert "warning" in _levels(over) and _levels(grounded) == ["info"] and _levels(clean) == []

    m = measured("procurement_clean", Context.build(units.tinh, D(YEAR, 1, 1), D(YEAR, 12, 31)))
    assert set(m) == {units.skhcn.pk, units.syt.pk}
    check(m[units.skhcn.pk], [over.pk, grounded.pk, clean.pk], [over.pk])
    assert "warning" in _levels(syt)
    check(m[units.syt.pk], [syt.pk], [syt.pk])
    assert readable("procurement_clean", cast.head_b, m[units.syt.pk].ids) == {syt.pk}
    assert readable("procurement_clean", cast.head_b, m[units.skhcn.pk].ids) == set()


# ------------------------------------------------------------------ through the period

def test_a_computed_period_keeps_each_criterion_evidence(cast, units, projects):
    """Computed under a method of these six criteria, each unit's score carries the counts and
    the records behind them."""
    weights = {"appraisal_complete": 20, "survey_on_time": 20, "plan_proposals_on_time": 10,
               "plan_items_executed": 10, "estimate_clean": 20, "procurement_clean": 20}
    method = approved_method(cast, units, criteria=[{"code": c, "weight": w} for c, w in weights.items()])
    period = services.open_period(cast.admin, units.tinh, year=YEAR, method=method)
    over = _package(cast.staff_a, projects.a, 3 * 1_000_000_000, D(2025, 2, 10))
    clean = _package(cast.staff_b, projects.b, 300_000_000, D(2025, 4, 15), field="consulting")
    services.compute_period(cast.admin, period)
    scores = {(s.result.unit_id, s.criterion.code): s for r in period.results.all() for s in r.scores.all()}
    a = scores[(units.skhcn.pk, "procurement_clean")]
    assert (a.numerator, a.denominator, a.evidence) == (
        0, 1, {"model": "procurement.package", "ids": [over.pk], "against": [over.pk]})
    b = scores[(units.syt.pk, "procurement_clean")]
    assert (b.numerator, b.denominator, b.evidence["ids"], b.points) == (1, 1, [clean.pk], 20)


def test_each_criterion_reads_its_records_in_one_query(cast, units, projects, django_assert_num_queries):
    """One query per criterion however many units and records (a national tree is computed in
    seconds): the good/bad condition is computed by the database, never record by record."""
    ctx = Context.build(units.tinh, D(YEAR, 1, 1), D(YEAR, 12, 31))
    for day in (D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 10)):
        _package(cast.staff_a, projects.a, 3 * 1_000_000_000, day)
        _package(cast.staff_b, projects.b, 3 * 1_000_000_000, day)
    for code in ("appraisal_complete", "survey_on_time", "plan_proposals_on_time", "plan_items_executed",
                 "estimate_clean", "procurement_clean"):
        with django_assert_num_queries(1):
            measured(code, ctx)
    assert measured("procurement_clean", ctx)[units.syt.pk].total == 3
