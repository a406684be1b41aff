"""The ranking's rules as the services enforce them, whatever page or command calls them: a method
is drafted by the administrator and approved by a leader who did not draft it; weights add up to
100; an approved method never changes; a published period is frozen while another version is
computed beside it; points add up to the score and ranks follow the scores."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.rankings import criteria, services
from cds.rankings.models import MethodStatus, Result, Score
from tests.rankings.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(units):
    """Two test criteria over fixed per-unit counts (good, total), replacing the registry for the
    test: ``a`` favours Sở Y tế, ``b`` has no record for Thanh tra tỉnh."""
    saved = dict(criteria._specs)
    table = {"a": {units.skhcn.pk: (1, 4), units.syt.pk: (4, 4), units.thanhtra.pk: (2, 4)},
             "b": {units.skhcn.pk: (3, 3), units.syt.pk: (1, 2)}}

    def make(code, weight):
        def compute(ctx):
            out = {}
            for unit_id, (good, total) in table[code].items():
                m = criteria.Measure()
                for i in range(total):
                    m.add(unit_id * 100 + i, i < good)
                out[unit_id] = m
            return out
        return criteria.Spec(code, f"Tiêu chí {code}", weight, "Số liệu thử", "Đạt ÷ tổng", "projects.project",
                             compute, lambda user: None)

    criteria._specs.clear()
    criteria.register(make("a", 60))
    criteria.register(make("b", 40))
    yield table
    criteria._specs.clear()
    criteria._specs.update(saved)


def _approved(cast, units, **kw):
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp thử", **kw)
    m = services.submit_method(cast.admin, m, version=m.version)
    return services.decide_method(cast.leader, m, version=m.version, approve=True, note="Đồng ý.")


def test_only_the_administrator_drafts_and_only_a_leader_approves(cast, units, counted):
    with pytest.raises(PermissionDenied):
        services.draft_method(cast.appraiser, units.tinh, title="Phương pháp")
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp")
    assert [c.code for c in m.criteria.all()] == ["a", "b"] and m.total_weight == 100
    m = services.submit_method(cast.admin, m, version=m.version)
    for who in (cast.admin, cast.appraiser, cast.head_a):
        with pytest.raises(PermissionDenied):
            services.decide_method(who, m, version=m.version, approve=True)
    m = services.decide_method(cast.leader, m, version=m.version, approve=True, note="")
    assert m.status == MethodStatus.APPROVED and m.approved_by == cast.leader


def test_the_leader_who_drafted_cannot_approve(cast, units, counted, monkeypatch):
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp")
    m.drafted_by = cast.leader
    m.save()
    m = services.submit_method(cast.admin, m, version=m.version)
    with pytest.raises(MakerCheckerError):
        services.decide_method(cast.leader, m, version=m.version, approve=True)
    m.refresh_from_db()
    assert m.status == MethodStatus.SUBMITTED


def test_weights_must_add_up_to_100_and_codes_must_be_known(cast, units, counted):
    with pytest.raises(ServiceError, match="không phải tiêu chí được hỗ trợ"):
        services.draft_method(cast.admin, units.tinh, title="P", criteria=[{"code": "x", "weight": 10}])
    with pytest.raises(ServiceError, match="từ 0 đến 100"):
        services.draft_method(cast.admin, units.tinh, title="P", criteria=[{"code": "a", "weight": 101}])
    m = services.draft_method(cast.admin, units.tinh, title="P", criteria=[{"code": "a", "weight": 50}])
    with pytest.raises(ServiceError, match="bằng 100"):
        services.submit_method(cast.admin, m, version=m.version)
    assert m.status == MethodStatus.DRAFT


def test_an_approved_method_never_changes_and_edits_check_the_version(cast, units, counted):
    m = services.draft_method(cast.admin, units.tinh, title="P")
    with pytest.raises(ConflictError):
        services.update_method(cast.admin, m, version=m.version + 1, title="Q", description="",
                               criteria=[{"code": "a", "weight": 100}])
    m = _approved(cast, units)
    with pytest.raises(ServiceError, match="dự thảo"):
        services.update_method(cast.admin, m, version=m.version, title="Q", description="",
                               criteria=[{"code": "a", "weight": 100}])


def test_points_add_up_ranks_follow_scores_and_missing_records_earn_the_average(cast, units, counted):
    m = _approved(cast, units)
    period = services.open_period(cast.admin, units.tinh, year=YEAR, method=m)
    services.compute_period(cast.admin, period)
    results = {r.unit_id: r for r in Result.objects.filter(period=period, method=m)}
    assert set(results) == {units.skhcn.pk, units.syt.pk, units.thanhtra.pk}  # Sở TT&TT ended: not ranked
    for r in results.values():
        assert r.score == sum(s.points for s in r.scores.all())
    syt, skhcn, ttra = results[units.syt.pk], results[units.skhcn.pk], results[units.thanhtra.pk]
    assert syt.score == Decimal("80.00")                 # 60 × 4/4 + 40 × 1/2
    assert skhcn.score == Decimal("55.00")               # 60 × 1/4 + 40 × 3/3
    b = Score.objects.get(result=ttra, criterion__code="b")
    assert b.value is None and b.points == Decimal("30.00")  # 40 × the average of 1 and 1/2
    assert [r.rank for r in sorted(results.values(), key=lambda r: -r.score)] == [1, 2, 3]
    a = Score.objects.get(result=skhcn, criterion__code="a")
    assert len(a.evidence["ids"]) == 4 and len(a.evidence["against"]) == 3


def test_a_published_period_is_frozen_and_another_version_is_computed_beside_it(cast, units, counted):
    v1 = _approved(cast, units)
    period = services.open_period(cast.admin, units.tinh, year=YEAR, method=v1)
    services.compute_period(cast.admin, period)
    period.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.publish_period(cast.admin, period, version=period.version)
    period = services.publish_period(cast.leader, period, version=period.version)
    before = list(Result.objects.filter(period=period, method=v1).values_list("unit_id", "rank", "score"))
    with pytest.raises(ServiceError, match="đã công bố"):
        services.compute_period(cast.admin, period)
    v2 = services.draft_method(cast.admin, units.tinh, title="P2", based_on=v1,
                               criteria=[{"code": "a", "weight": 20}, {"code": "b", "weight": 80}])
    services.compute_period(cast.admin, period, v2)
    after = list(Result.objects.filter(period=period, method=v1).values_list("unit_id", "rank", "score"))
    assert after == before
    v2_scores = dict(Result.objects.filter(period=period, method=v2).values_list("unit_id", "score"))
    assert v2_scores[units.skhcn.pk] == Decimal("85.00")   # 20 × 1/4 + 80 × 1
    with pytest.raises(ServiceError):
        services.set_period_method(cast.admin, period, version=period.version, method=v1)


def test_a_period_needs_an_approved_method_of_its_tree(cast, units, counted):
    draft = services.draft_method(cast.admin, units.tinh, title="P")
    with pytest.raises(ServiceError, match="đã được phê duyệt"):
        services.open_period(cast.admin, units.tinh, year=YEAR, method=draft)
    m = _approved(cast, units)
    services.open_period(cast.admin, units.tinh, year=YEAR, method=m)
    with pytest.raises(ServiceError, match="Đã có kỳ"):
        services.open_period(cast.admin, units.tinh, year=YEAR, method=m)
    with pytest.raises(PermissionDenied):
        services.open_period(cast.admin, units.bo, year=YEAR, method=m)
