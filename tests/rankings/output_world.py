"""A ranked 2025 period of the test province built through the services, with two criteria of the
tests' own (registered for the test and removed after it) whose measures the test sets — so the
outputs and the API are checked against figures worked out by hand, whatever criteria the
application registers:

=============  ==========================  ==========================  ======  ====
unit           "Báo cáo đúng hạn" (55)      "Hồ sơ đầy đủ" (45)          score   rank
=============  ==========================  ==========================  ======  ====
Sở Y tế        4/4 → 55,00                 no record → 0,75 → 33,75    88,75   1
Thanh tra      0/2 → 0,00                  3/3 → 45,00                 45,00   2
Sở KH&CN       1/3 → 18,33                 1/2 → 22,50                 40,83   3
=============  ==========================  ==========================  ======  ====

(a unit with no record a criterion applies to earns the average value of the others: (1 + ½) ÷ 2.)
"""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from cds.projects.models import Project
from cds.rankings import criteria as registry
from cds.rankings import services

YEAR = 2025
ON_TIME, COMPLETE = "test_on_time", "test_complete"
# unit key → (good, total) per criterion; None: no record
MEASURES = {ON_TIME: {"syt": (4, 4), "thanhtra": (0, 2), "skhcn": (1, 3)},
            COMPLETE: {"syt": None, "thanhtra": (3, 3), "skhcn": (1, 2)}}
EXPECTED = [("Sở Y tế", 1, Decimal("88.75"), {ON_TIME: Decimal("55.00"), COMPLETE: Decimal("33.75")}),
            ("Thanh tra tỉnh", 2, Decimal("45.00"), {ON_TIME: Decimal("0.00"), COMPLETE: Decimal("45.00")}),
            ("Sở Khoa học và Công nghệ", 3, Decimal("40.83"),
             {ON_TIME: Decimal("18.33"), COMPLETE: Decimal("22.50")})]


def _compute(code, measures):
    def compute(ctx):
        out = {}
        for key, unit_id in measures["units"].items():
            counts = measures[code].get(key)
            if counts is None:
                continue
            good, total = counts
            m = registry.Measure()
            for n in range(total):
                m.add(unit_id * 100 + n, n < good)
            out[unit_id] = m
        return out
    return compute


@pytest.fixture
def test_criteria(units):
    """Register the two criteria of this world for the test (measured as MEASURES says)."""
    measures = {k: dict(v) for k, v in MEASURES.items()}
    measures["units"] = {"syt": units.syt.pk, "thanhtra": units.thanhtra.pk, "skhcn": units.skhcn.pk}
    specs = [
        registry.Spec(ON_TIME, "Báo cáo đúng hạn", 55, "Báo cáo của đơn vị trên hệ thống",
                      "Số báo cáo gửi đúng hạn ÷ số báo cáo phải gửi", "projects.project",
                      _compute(ON_TIME, measures), lambda user: Project.objects.none(), order=1),
        registry.Spec(COMPLETE, "Hồ sơ đầy đủ", 45, "Hồ sơ dự án trên hệ thống",
                      "Số hồ sơ đủ thành phần ÷ số hồ sơ", "projects.project",
                      _compute(COMPLETE, measures), lambda user: Project.objects.none(), order=2),
    ]
    for spec in specs:
        registry.register(spec)
    yield measures
    for spec in specs:
        registry._specs.pop(spec.code, None)


def rows(weights=(55, 45)):
    return [{"code": ON_TIME, "weight": weights[0]}, {"code": COMPLETE, "weight": weights[1]}]


def approve(cast, units, *, weights=(55, 45), title="Phương pháp xếp hạng tuân thủ", based_on=None):
    m = services.draft_method(cast.admin, units.tinh, title=title, description="Tổng điểm là tổng điểm các tiêu chí.",
                              criteria=rows(weights), based_on=based_on)
    m = services.submit_method(cast.admin, m, version=m.version)
    return services.decide_method(cast.leader, m, version=m.version, approve=True, note="Đồng ý ban hành.")


def ranked_period(cast, units, *, publish=True, year=YEAR):
    """The period of the table above: computed, and published unless ``publish`` is False."""
    method = approve(cast, units)
    period = services.open_period(cast.admin, units.tinh, year=year, method=method)
    services.compute_period(cast.admin, period)
    period.refresh_from_db()
    if publish:
        period = services.publish_period(cast.leader, period, version=period.version)
    return SimpleNamespace(period=period, method=method)


def comparison(cast, units, world, weights=(10, 90)):
    """A draft v2 (other weights) computed beside the period's own method."""
    v2 = services.draft_method(cast.admin, units.tinh, title="Phương pháp xếp hạng tuân thủ (sửa đổi)",
                               criteria=rows(weights), based_on=world.method)
    services.compute_period(cast.admin, world.period, v2)
    return v2
