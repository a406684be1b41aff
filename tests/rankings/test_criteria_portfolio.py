"""The criteria of the registry, reviews, money, directives and candour, each computed from records
made through the apps' own services for the 2025 ranking of the test province.

For every criterion: how many records count and how many are good, which records (and which
counted against the unit), that records of the ministry's tree and records dated outside 2025 are
left out, and that a record of the ended Sở TT&TT counts for its successor Sở KH&CN. Then the
ranking itself: candour never lets a unit that hides its problems outrank one that reports them,
and a computed period's scores are the sums of their points, its ranks follow its scores and a
unit with nothing to count earns the others' average value.

The services stamp what people do with today's date; where a record must be dated in 2025 the
moment is set back afterwards (as the demo builder dates its history), or the directives
service's clock is set to that day.
"""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cds.directives import services as directive_services
from cds.projects import services as project_services
from cds.projects.models import Stage
from cds.rankings import criteria, services
from cds.rankings.criteria import Context, portfolio
from cds.rankings.models import Score
from cds.reviews import services as review_services
from cds.reviews.models import ProblemType, Review
from cds.systems import services as system_services
from cds.systems.models import InformationSystem, Lifecycle
from tests.directives.conftest import make_directive, make_task, pdf
from tests.factories import make_project, source
from tests.reviews.conftest import to_operation
from tests.systems.conftest import build_systems

from .conftest import YEAR, approved_method

START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
CODES = ("reviews_on_time", "registry_complete", "systems_attested", "disbursement", "directives_on_time", "candour")


def measure(code, units):
    """{unit short code: (good, total, ids, against)} of criterion ``code`` over 2025."""
    out = criteria.get(code).compute(Context.build(units.tinh, START, END))
    names = {units.skhcn.pk: "skhcn", units.syt.pk: "syt", units.thanhtra.pk: "thanhtra"}
    return {names[uid]: (m.good, m.total, set(m.ids), set(m.against)) for uid, m in out.items()}


def at(day: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# ------------------------------------------------------------------ reviews


VALUES = {"USE_ACTIVE": {"baseline": "0", "target": "80", "actual": "40"}, "DATA_LGSP": {"actual": "1"}}


def fill(staff, review, self_rating, *, problems=("UNUSED_FUNCTIONS",)):
    return review_services.save_review(staff, review, {
        "summary": "Hệ thống vận hành, người dùng còn ít.", "self_rating": self_rating, "values": VALUES,
        "problems": list(ProblemType.objects.filter(code__in=problems))})


def send(cast, review, *, on: dt.date, self_rating="effective", reviewer_rating=None):
    """The unit fills and its head sends ``review`` (dated ``on``); the CĐS authority rates it."""
    mine = review.unit.code.endswith(("SKHCN", "STTTT"))
    staff, head = (cast.staff_a, cast.head_a) if mine else (cast.staff_b, cast.head_b)
    fill(staff, review, self_rating)
    review = review_services.submit_review(head, review)
    Review.objects.filter(pk=review.pk).update(submitted_at=at(on))
    if reviewer_rating:
        review_services.assess_review(cast.appraiser, Review.objects.get(pk=review.pk), rating=reviewer_rating,
                                      proposed_decision="continue")
    return Review.objects.get(pk=review.pk)


def campaign(actor, units, *, deadline, states=("in_operation",), root=None, name="Rà soát hiệu quả năm 2025"):
    root = root or units.tinh
    c = review_services.create_campaign(actor, {
        "name": name, "root_unit": root, "basis_number": "8826/UBND-VXNV", "basis_date": deadline - dt.timedelta(days=60),
        "basis_issuer": "UBND tỉnh", "scope_states": list(states), "deadline": deadline,
        "receiving_unit": units.skhcn if root == units.tinh else units.bo_vp}, allow_past_deadline=True)
    review_services.open_campaign(actor, c)
    return c


@pytest.fixture
def reviewed(cast, units, projects):
    """A 2025 campaign (due 30/06/2025) over the three projects in operation, a 2026 one over the
    same projects, and a ministry campaign due the same day.

    * Sở KH&CN's project A: sent on the deadline day, self-rated "effective", rated "partly"
      (optimistic);
    * Sở Y tế's project B: sent two days late, self-rated "not yet", rated "partly" (modest);
    * Sở TT&TT's project (the report stayed with the ended unit): never sent (late), and in the
      2026 campaign a report rated exactly as the unit rated it.
    """
    for p in (projects.a, projects.b, projects.old):
        to_operation(cast, p)
    c25 = campaign(cast.appraiser, units, deadline=dt.date(YEAR, 6, 30))
    c26 = campaign(cast.appraiser, units, deadline=dt.date(YEAR + 1, 1, 31), name="Báo cáo hằng năm 2025")
    bo = campaign(cast.outsider, units, deadline=dt.date(YEAR, 6, 30), states=("proposed",), root=units.bo)
    # A report of a campaign opened before the reorganisation stays with the unit that owed it.
    Review.objects.filter(campaign__in=[c25, c26], project=projects.old).update(unit=units.sotttt)
    r = {(c.pk, rev.project_id): rev for c in (c25, c26) for rev in c.reviews.select_related("unit")}
    a = send(cast, r[c25.pk, projects.a.pk], on=dt.date(YEAR, 6, 30), self_rating="effective",
             reviewer_rating="partly")
    b = send(cast, r[c25.pk, projects.b.pk], on=dt.date(YEAR, 7, 2), self_rating="not_yet", reviewer_rating="partly")
    old = r[c25.pk, projects.old.pk]
    old26 = send(cast, r[c26.pk, projects.old.pk], on=dt.date(YEAR + 1, 1, 5), self_rating="partly",
                 reviewer_rating="partly")
    a26 = send(cast, r[c26.pk, projects.a.pk], on=dt.date(YEAR + 1, 1, 10), self_rating="effective",
               reviewer_rating="not_yet")
    ministry = bo.reviews.get()
    return SimpleNamespace(a=a, b=b, old=old, old26=old26, a26=a26, ministry=ministry, c25=c25, c26=c26)


def test_reviews_on_time_counts_the_reports_due_in_the_period(units, reviewed):
    got = measure("reviews_on_time", units)
    # Sở KH&CN answers for its own report (sent on the deadline day) and the ended Sở TT&TT's (never sent).
    assert got["skhcn"] == (1, 2, {reviewed.a.pk, reviewed.old.pk}, {reviewed.old.pk})
    assert got["syt"] == (0, 1, {reviewed.b.pk}, {reviewed.b.pk})
    assert "thanhtra" not in got                     # nothing owed: no value (the ranking gives the average)
    counted = {pk for m in got.values() for pk in m[2]}
    assert reviewed.ministry.pk not in counted       # another tree
    assert not counted & {reviewed.old26.pk, reviewed.a26.pk}   # due in 2026


def test_a_report_not_yet_due_is_not_counted_against_the_unit(cast, units, projects):
    to_operation(cast, projects.b)
    c = campaign(cast.appraiser, units, deadline=dt.date(YEAR, 6, 30))
    assert measure("reviews_on_time", units)["syt"][:2] == (0, 1)
    # The same campaign, had its deadline not yet come: the unsent report is not counted yet.
    c.deadline = timezone.localdate()
    c.save()
    today = timezone.localdate()
    assert portfolio.reviews_on_time(Context.build(units.tinh, today.replace(month=1, day=1), today)) == {}


def test_candour_compares_the_self_rating_with_the_reviewer(units, reviewed):
    got = measure("candour", units)
    # A rated itself above the reviewer: against. B rated itself below: never against the unit.
    assert got["skhcn"] == (0, 1, {reviewed.a.pk}, {reviewed.a.pk})
    assert got["syt"] == (1, 1, {reviewed.b.pk}, set())
    # The ended unit's unrated report is not counted; its 2026 report is outside the period.
    assert reviewed.old.pk not in got["skhcn"][2] and reviewed.old26.pk not in got["skhcn"][2]


def test_candour_counts_the_ended_units_reports_for_its_successor(cast, units, reviewed):
    # Sở TT&TT's report, sent late but rated exactly as the unit rated it.
    send(cast, reviewed.old, on=dt.date(YEAR, 8, 1), self_rating="not_yet", reviewer_rating="not_yet")
    assert measure("candour", units)["skhcn"] == (1, 2, {reviewed.a.pk, reviewed.old.pk}, {reviewed.a.pk})


# ------------------------------------------------------------------ registry


def legal_basis(actor, project, number="1234/QĐ-UBND"):
    return project_services.add_document(actor, project, {
        "number": number, "issued_on": dt.date(YEAR - 1, 11, 5), "issuer": "UBND tỉnh", "doc_type": "QD",
        "title": "Phê duyệt kế hoạch chuyển đổi số", "is_legal_basis": True})


def line(actor, project, stage, amount, *, year=YEAR, number="15/QĐ-UBND"):
    return project_services.record_budget_entry(actor, project, {
        "year": year, "funding_source": source(), "stage": stage, "amount": amount, "decision_number": number,
        "decision_date": dt.date(year, 1, 15)})


def test_registry_complete_needs_the_registrys_required_parts(cast, units, projects):
    a, b = projects.a, projects.b
    legal_basis(cast.staff_a, a)                                        # A: complete (a proposal)
    running = to_operation(cast, make_project(cast.staff_a, units.skhcn, name="Trung tâm điều hành thông minh"))
    legal_basis(cast.staff_a, running, "2/QĐ-UBND")                     # approved, no approved total yet
    bare = make_project(cast.staff_b, units.syt, name="Số hóa hồ sơ bệnh án", objectives="",
                        funding_sources=[])
    legal_basis(cast.staff_b, bare, "3/QĐ-UBND")                        # no objectives, no funding source
    removed = legal_basis(cast.staff_b, b, "4/QĐ-UBND")
    project_services.remove_document(cast.staff_b, removed, reason="Nhập nhầm văn bản của dự án khác.")
    ended = make_project(cast.appraiser, units.sotttt, name="Nâng cấp Cổng thông tin điện tử tỉnh",
                         occurred_on=dt.date(YEAR, 1, 15))
    legal_basis(cast.appraiser, ended, "5/QĐ-UBND")
    later = make_project(cast.staff_b, units.syt, name="Bệnh án điện tử giai đoạn 2", start_year=YEAR + 1,
                         end_year=YEAR + 2)
    got = measure("registry_complete", units)
    # Sở TT&TT's project counts for Sở KH&CN; the old one (2021–2022), the ministry's, the 2026 one do not.
    assert got["skhcn"] == (2, 3, {a.pk, running.pk, ended.pk}, {running.pk})
    assert got["syt"] == (0, 2, {b.pk, bare.pk}, {b.pk, bare.pk})
    counted = got["skhcn"][2] | got["syt"][2]
    assert not counted & {projects.old.pk, projects.bo.pk, later.pk}
    # Its approved total written in the ledger completes the approved project's record.
    line(cast.appraiser, running, Stage.APPROVED, 12_000_000_000, number="2/QĐ-UBND")
    assert measure("registry_complete", units)["skhcn"][:2] == (3, 3)


# ------------------------------------------------------------------ systems


FULL = {"description": "Quản lý, điều hành văn bản liên thông bốn cấp.", "user_groups": "Cán bộ, công chức",
        "user_count": 1200, "operate_on": "01/03/2024", "criticality": "business", "functional_fit": 3,
        "technical_fit": 3, "hosting": "province_dc", "security_level": 3, "security_decision": "12/QĐ-SKHCN",
        "vendor": "Công ty Cổ phần Phần mềm Thử Nghiệm"}


def complete(actor, system, units):
    system = InformationSystem.objects.get(pk=system.pk)
    return system_services.update_system(actor, system, {**FULL, "operating_unit": units.skhcn},
                                         expected_version=system.version)


def attest(head, system):
    system = InformationSystem.objects.get(pk=system.pk)
    return system_services.attest(head, system, expected_version=system.version)


def test_systems_attested_needs_a_complete_record_and_a_valid_seal(cast, units):
    s = build_systems(cast, units)
    for system in (s.qlvb, s.land, s.hospital):
        complete(cast.appraiser, system, units)
    attest(cast.head_a, s.qlvb)                                         # complete and attested
    attest(cast.head_a, s.lgsp)                                         # attested, record too thin
    attest(cast.head_b, s.hospital)
    hospital = InformationSystem.objects.get(pk=s.hospital.pk)          # then edited by someone else
    system_services.update_system(cast.appraiser, hospital, {"user_count": 1500}, expected_version=hospital.version)
    old = system_services.create_system(cast.appraiser, {"name": "Cổng thông tin điện tử tỉnh", "category": "unit",
                                                          "owner_unit": units.sotttt, "core_system": s.lgsp})
    complete(cast.appraiser, old, units)
    attest(cast.head_a, old)                                            # the successor's head attests
    stale = system_services.create_system(cast.appraiser, {"name": "Phần mềm quản lý hồ sơ sức khỏe",
                                                            "category": "unit", "owner_unit": units.syt,
                                                            "core_system": s.lgsp})
    complete(cast.appraiser, stale, units)
    attest(cast.head_b, stale)
    InformationSystem.objects.filter(pk=stale.pk).update(attested_at=timezone.now() - dt.timedelta(days=400))
    retired = system_services.create_system(cast.appraiser, {"name": "Phần mềm một cửa cũ", "category": "unit",
                                                              "owner_unit": units.syt, "lifecycle": Lifecycle.RETIRED})
    got = measure("systems_attested", units)
    assert got["skhcn"] == (2, 4, {s.qlvb.pk, s.lgsp.pk, s.land.pk, old.pk}, {s.lgsp.pk, s.land.pk})
    assert got["syt"] == (0, 2, {s.hospital.pk, stale.pk}, {s.hospital.pk, stale.pk})
    counted = got["skhcn"][2] | got["syt"][2]
    assert not counted & {s.ministry.pk, s.national.pk, retired.pk}


# ------------------------------------------------------------------ disbursement


def test_disbursement_counts_the_years_allocation_against_what_was_disbursed(cast, units, projects):
    who = cast.appraiser
    a, b = projects.a, projects.b
    line(who, a, Stage.ALLOCATED, 1_000_000_000)
    line(who, a, Stage.DISBURSED, 950_000_000)                          # exactly 95 %: good
    short = make_project(cast.staff_a, units.skhcn, name="Hệ thống một cửa điện tử")
    line(who, short, Stage.ALLOCATED, 600_000_000)
    line(who, short, Stage.ALLOCATED, 400_000_000, number="16/QĐ-UBND")
    line(who, short, Stage.DISBURSED, 949_999_999)                      # one đồng short of 95 %
    wrong = line(who, b, Stage.ALLOCATED, 2_000_000_000)
    project_services.void_budget_entry(who, wrong, reason="Nhập sai số tiền.", expected_version=wrong.version)
    line(who, b, Stage.ALLOCATED, 100_000_000, number="17/QĐ-UBND")
    line(who, b, Stage.DISBURSED, 100_000_000)                          # the voided line is left out: good
    late = make_project(cast.staff_b, units.syt, name="Bệnh án điện tử")
    line(who, late, Stage.ALLOCATED, 500_000_000)
    line(who, late, Stage.DISBURSED, 500_000_000, year=YEAR + 1)        # disbursed only in 2026
    earlier = make_project(cast.staff_b, units.syt, name="Phần mềm quản lý trang thiết bị y tế")
    line(who, earlier, Stage.ALLOCATED, 300_000_000, year=YEAR - 1)     # allocated for 2024 only
    ended = make_project(cast.appraiser, units.sotttt, name="Nâng cấp Cổng thông tin điện tử tỉnh",
                         occurred_on=dt.date(YEAR, 1, 15))
    line(who, ended, Stage.ALLOCATED, 200_000_000)
    line(who, ended, Stage.DISBURSED, 200_000_000)
    line(cast.outsider, projects.bo, Stage.ALLOCATED, 700_000_000)
    got = measure("disbursement", units)
    assert got["skhcn"] == (2, 3, {a.pk, short.pk, ended.pk}, {short.pk})
    assert got["syt"] == (1, 2, {b.pk, late.pk}, {late.pk})
    assert not (got["skhcn"][2] | got["syt"][2]) & {earlier.pk, projects.bo.pk}


# ------------------------------------------------------------------ directives


def report_done(monkeypatch, staff, task, day):
    monkeypatch.setattr(directive_services, "today", lambda: day)
    directive_services.report_progress(staff, task, percent=100, content="Đã hoàn thành, có văn bản kèm theo.",
                                       completes=True, upload=pdf())
    monkeypatch.undo()


def test_directives_on_time_counts_the_tasks_due_in_the_period(monkeypatch, cast, units):
    d = make_directive(cast.appraiser, units.tinh, issued_on=dt.date(YEAR, 1, 10))
    task = lambda lead, deadline, **kw: make_task(cast.appraiser, d, lead, deadline=deadline, **kw)  # noqa: E731
    on_time = task(units.skhcn, dt.date(YEAR, 3, 31))
    report_done(monkeypatch, cast.staff_a, on_time, dt.date(YEAR, 3, 20))
    done_late = task(units.skhcn, dt.date(YEAR, 4, 15))
    report_done(monkeypatch, cast.staff_a, done_late, dt.date(YEAR, 5, 15))
    overdue = task(units.syt, dt.date(YEAR, 6, 30))                     # never done
    open_ended = task(units.syt, None, deadline_kind="none")
    next_year = task(units.syt, dt.date(YEAR + 1, 3, 31))
    ended = task(units.sotttt, dt.date(YEAR, 2, 20))
    report_done(monkeypatch, cast.staff_a, ended, dt.date(YEAR, 2, 18))  # reported by its successor's staff
    yearly = task(units.skhcn, dt.date(YEAR, 12, 31), deadline_kind="yearly")
    report_done(monkeypatch, cast.staff_a, yearly, dt.date(YEAR, 12, 15))  # its next deadline falls in 2026
    quarterly = task(units.syt, dt.date(YEAR, 3, 31), deadline_kind="quarterly")
    report_done(monkeypatch, cast.staff_b, quarterly, dt.date(YEAR, 3, 25))
    report_done(monkeypatch, cast.staff_b, quarterly, dt.date(YEAR, 7, 10))  # the second quarter, late
    bo = make_directive(cast.outsider, units.bo, number="12/BTN-VP", issued_on=dt.date(YEAR, 1, 10))
    ministry = make_task(cast.outsider, bo, units.bo_vp, deadline=dt.date(YEAR, 6, 30))
    got = measure("directives_on_time", units)
    assert got["skhcn"] == (3, 4, {on_time.pk, done_late.pk, ended.pk, yearly.pk}, {done_late.pk})
    assert got["syt"] == (0, 2, {overdue.pk, quarterly.pk}, {overdue.pk, quarterly.pk})
    assert not (got["skhcn"][2] | got["syt"][2]) & {open_ended.pk, next_year.pk, ministry.pk}


# ------------------------------------------------------------------ the ranking


#: A method of these criteria alone (weights summing to 100), so the ranking below is theirs.
WEIGHTS = {"reviews_on_time": 20, "registry_complete": 10, "systems_attested": 10, "disbursement": 20,
           "directives_on_time": 20, "candour": 20}


@pytest.fixture
def ranking(cast, units):
    m = approved_method(cast, units, criteria=[{"code": code, "weight": w} for code, w in WEIGHTS.items()])
    return services.open_period(cast.admin, units.tinh, year=YEAR, method=m)


def _result(period, unit):
    return period.results.get(method=period.method, unit=unit)


def test_a_unit_reporting_its_problems_honestly_ranks_above_one_hiding_them(cast, units, ranking):
    """Sở KH&CN and Sở Y tế hold the same project, report on the same day and the reviewer rates
    both "not yet effective". Sở KH&CN says so itself; Sở Y tế rates itself "effective"."""
    twins = {}
    for unit, staff in ((units.skhcn, cast.staff_a), (units.syt, cast.staff_b)):
        p = to_operation(cast, make_project(staff, unit, name=f"Phần mềm quản lý hồ sơ công việc {unit.code}"))
        legal_basis(staff, p, f"{unit.pk}/QĐ-UBND")
        twins[unit.pk] = p
    c = campaign(cast.appraiser, units, deadline=dt.date(YEAR, 6, 30))
    for review in c.reviews.select_related("unit"):
        honest = review.unit_id == units.skhcn.pk
        send(cast, review, on=dt.date(YEAR, 6, 20), self_rating="not_yet" if honest else "effective",
             reviewer_rating="not_yet")
    services.compute_period(cast.admin, ranking)
    honest, hiding = _result(ranking, units.skhcn), _result(ranking, units.syt)
    assert honest.score > hiding.score and honest.rank < hiding.rank
    # The only difference is candour; every other criterion gave the two the same points.
    points = {r.unit_id: {s.criterion.code: s.points for s in r.scores.select_related("criterion")}
              for r in (honest, hiding)}
    differs = {code for code in CODES if points[units.skhcn.pk][code] != points[units.syt.pk][code]}
    assert differs == {"candour"}
    assert points[units.skhcn.pk]["candour"] == WEIGHTS["candour"] and points[units.syt.pk]["candour"] == 0


def test_computed_scores_are_sums_of_points_ranks_follow_and_a_unit_without_records_earns_the_average(
        cast, units, projects, ranking):
    who = cast.appraiser
    line(who, projects.a, Stage.ALLOCATED, 1_000_000_000)
    line(who, projects.a, Stage.DISBURSED, 100_000_000)                 # Sở KH&CN: 0 of 1
    line(who, projects.b, Stage.ALLOCATED, 1_000_000_000)
    line(who, projects.b, Stage.DISBURSED, 1_000_000_000)               # Sở Y tế: 1 of 1
    legal_basis(cast.staff_b, projects.b)                               # Sở Y tế's record complete, A's not
    period = ranking
    results = services.compute_period(cast.admin, period)
    assert {r.unit_id for r in results} == {units.skhcn.pk, units.syt.pk, units.thanhtra.pk}
    scores = {s.result.unit_id: {} for s in Score.objects.filter(result__period=period)}
    for s in Score.objects.filter(result__period=period).select_related("criterion", "result"):
        scores[s.result.unit_id][s.criterion.code] = s
    for r in period.results.all():
        assert r.score == sum(s.points for s in scores[r.unit_id].values())
    ordered = sorted(period.results.all(), key=lambda r: r.rank)
    assert [r.score for r in ordered] == sorted((r.score for r in ordered), reverse=True)
    assert [r.unit_id for r in ordered][0] == units.syt.pk
    # Thanh tra tỉnh has no allocated project: it earns the average of the others' values (0 and 1).
    money = scores[units.thanhtra.pk]["disbursement"]
    assert money.value is None and money.denominator == 0 and money.points == WEIGHTS["disbursement"] / 2
    assert scores[units.skhcn.pk]["disbursement"].points == 0
    assert scores[units.syt.pk]["disbursement"].points == WEIGHTS["disbursement"]
    # Evidence names the records: the project counted, and the one that counted against the unit.
    assert scores[units.skhcn.pk]["disbursement"].evidence == {"model": "projects.project", "ids": [projects.a.pk],
                                                                "against": [projects.a.pk]}
    # No unit has a record for directives: every unit earns the full weight.
    assert {scores[u]["directives_on_time"].points for u in scores} == {WEIGHTS["directives_on_time"]}


# ------------------------------------------------------------------ the records behind the figures


def test_each_criterion_names_its_records_and_reads_them_through_their_apps_scope(cast, units):
    for code in CODES:
        spec = criteria.get(code)
        assert spec.scope(cast.leader).model._meta.label_lower == spec.model
        assert spec.formula and spec.source and spec.name
    assert sum(criteria.get(code).weight for code in CODES) == 56
    assert f"{portfolio.DISBURSEMENT_TARGET}%" in criteria.get("disbursement").formula


def test_the_criteria_cost_the_same_queries_however_many_records(cast, units, projects):
    ctx = Context.build(units.tinh, START, END)

    def count():
        with CaptureQueriesContext(connection) as seen:
            for code in CODES:
                criteria.get(code).compute(ctx)
        return len(seen)

    line(cast.appraiser, projects.a, Stage.ALLOCATED, 1_000_000_000)
    before = count()
    for n in range(5):
        p = make_project(cast.staff_b, units.syt, name=f"Dự án thử {n}")
        line(cast.appraiser, p, Stage.ALLOCATED, 1_000_000_000)
        legal_basis(cast.staff_b, p, f"{n + 10}/QĐ-UBND")
        system_services.create_system(cast.appraiser, {"name": f"Hệ thống thử {n}", "category": "unit",
                                                       "owner_unit": units.syt})
    d = make_directive(cast.appraiser, units.tinh, issued_on=dt.date(YEAR, 1, 10))
    for _ in range(5):
        make_task(cast.appraiser, d, units.syt, deadline=dt.date(YEAR, 6, 30))
    assert count() == before <= 3 * len(CODES)
