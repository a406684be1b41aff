"""The demo's 2025 compliance ranking of Sơn Lâm's units: method v1 drafted by the administrator and
approved by the Chủ tịch, the period computed and published under it (frozen), a draft v2 with
other weights computed beside it for the comparison; and the follow-up items the projects'
signals opened for the CĐS appraiser. The demo is the shared ``demo`` world of tests/conftest.py."""
from decimal import Decimal

import pytest
from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.core.errors import ServiceError
from cds.demo.rankings import TITLE, V2_WEIGHTS
from cds.orgs.models import Unit
from cds.rankings import services
from cds.rankings.criteria import Context
from cds.rankings.models import Alert, AlertKind, AlertState, Colour, Method, MethodStatus, Period, ProjectSignal


def _methods():
    root = Unit.objects.get(code="SL")
    return root, {m.number: m for m in Method.objects.filter(root_unit=root).select_related("drafted_by",
                                                                                             "approved_by")}


def test_demo_method_v1_approved_by_another_than_its_drafter(demo):
    _root, methods = _methods()
    v1 = methods[1]
    assert v1.title == TITLE and v1.status == MethodStatus.APPROVED
    assert v1.drafted_by.username == "admin" and v1.approved_by.username == "lanhdao"
    assert v1.drafted_by_id != v1.approved_by_id
    assert v1.drafted_at < v1.submitted_at < v1.approved_at <= timezone.now()
    # every registered criterion at its default weight, 100 points in all
    assert [(c["code"], c["weight"]) for c in services.default_criteria()] == [
        (c.code, c.weight) for c in v1.criteria.all()]
    assert v1.total_weight == 100 and v1.criteria.count() == 13
    assert AuditEvent.objects.filter(verb="ranking.method_approved", target_id=v1.pk,
                                     actor__username="lanhdao").exists()


def test_demo_2025_period_published_under_v1_one_result_per_ranked_unit(demo):
    root, methods = _methods()
    period = Period.objects.select_related("published_by").get(root_unit=root, year=2025)
    assert period.method_id == methods[1].pk and period.is_published
    assert period.published_by.username == "lanhdao" and period.computed_at <= period.published_at
    ctx = Context.build(root, period.starts_on, period.ends_on)
    results = list(period.results.filter(method=methods[1]).prefetch_related("scores"))
    assert sorted(r.unit_id for r in results) == sorted(u.pk for u in ctx.units) and len(results) >= 20
    # the score is the sum of the points; ranks follow scores
    for result in results:
        assert result.score == sum((s.points for s in result.scores.all()), Decimal("0"))
        assert len(result.scores.all()) == 13
    ordered = sorted(results, key=lambda r: r.rank)
    assert ordered[0].rank == 1
    assert all(a.score >= b.score for a, b in zip(ordered, ordered[1:]))
    # the units differ: not everyone has every point, and the spread is real
    scores = [r.score for r in results]
    assert max(scores) - min(scores) >= 5 and len(set(scores)) >= len(scores) // 2
    # frozen: computing it again under its own method is refused
    admin = methods[1].drafted_by
    with pytest.raises(ServiceError):
        services.compute_period(admin, period)


def test_demo_draft_v2_with_changed_weights_computed_beside_v1(demo):
    root, methods = _methods()
    v1, v2 = methods[1], methods[2]
    assert v2.status == MethodStatus.DRAFT and v2.based_on_id == v1.pk and v2.approved_by_id is None
    w1 = {c.code: c.weight for c in v1.criteria.all()}
    w2 = {c.code: c.weight for c in v2.criteria.all()}
    assert {code for code in w1 if w1[code] != w2[code]} == set(V2_WEIGHTS)
    assert all(w2[code] == weight for code, weight in V2_WEIGHTS.items()) and v2.total_weight == 100
    period = Period.objects.get(root_unit=root, year=2025)
    r1 = {r.unit_id: r for r in period.results.filter(method=v1)}
    r2 = {r.unit_id: r for r in period.results.filter(method=v2).prefetch_related("scores")}
    assert set(r1) == set(r2)
    assert period.method_id == v1.pk        # the published period keeps its method
    for result in r2.values():
        assert result.score == sum((s.points for s in result.scores.all()), Decimal("0"))
    # the weights moved the scores (candour and disbursement differ from unit to unit)
    assert any(r1[u].score != r2[u].score for u in r1)


def test_demo_signals_open_follow_up_items_for_the_appraiser(demo):
    root = Unit.objects.get(code="SL")
    alerts = list(Alert.objects.filter(root_unit=root).select_related("owner", "project"))
    assert len(alerts) >= 4
    kinds = {a.kind for a in alerts}
    assert kinds == {AlertKind.RED_TWICE, AlertKind.BEHIND}
    open_alerts = [a for a in alerts if a.state == AlertState.OPEN]
    assert {a.kind for a in open_alerts} == kinds
    assert all(a.owner.username == "thamdinh" and a.due_on >= a.opened_on for a in open_alerts)
    # a red-twice item: its project was red at two quarter ends running
    red = next(a for a in alerts if a.kind == AlertKind.RED_TWICE)
    colours = list(ProjectSignal.objects.filter(project=red.project, period_end__lte=red.opened_on)
                   .order_by("-period_end").values_list("colour", flat=True)[:2])
    assert colours == [Colour.RED, Colour.RED]
    # a behind-plan item opened after 30/09
    behind = next(a for a in alerts if a.kind == AlertKind.BEHIND)
    assert (behind.opened_on.month, behind.opened_on.day) >= (9, 30)
    assert AuditEvent.objects.filter(verb="alert.opened", target_id=red.pk).exists()
    # the appraiser concluded one item of each kind, with an outcome and a note
    closed = [a for a in alerts if a.state == AlertState.CLOSED]
    assert {a.kind for a in closed} == kinds
    assert all(a.outcome and a.outcome_note and a.closed_by_id == a.owner_id for a in closed)
    assert all(a.opened_on <= timezone.localtime(a.closed_at).date() <= timezone.localdate() for a in closed)
