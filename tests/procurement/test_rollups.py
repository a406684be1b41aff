"""The wide lists' figures summed from the units' rollups equal the figures aggregated from the
packages themselves, and follow every change."""
import pytest
from django.utils import timezone

from cds.accounts.models import User
from cds.orgs.models import Unit
from cds.procurement import selectors, services
from cds.procurement.selectors import PackageFilter

KEYS = ("count", "package_price", "awarded_count", "awarded_package_price", "awarded_price", "with_bidders",
        "single_bidder", "contracts", "late_contracts", "cancelled", "savings")


def _live(user, flt):
    qs = selectors.filter_packages(user, flt)
    today = timezone.localdate()
    return selectors.figures(qs, today), selectors.by_method(qs, today), selectors.warning_counts(qs)


def _same(user, flt):
    live, methods, warnings = _live(user, flt)
    summed, summed_methods, summed_warnings = selectors.rollup_figures(user, flt)
    assert {k: summed[k] for k in KEYS} == {k: live[k] for k in KEYS}
    assert summed["avg_bidders"] == pytest.approx(live["avg_bidders"])
    assert [(m["method"], m["awarded_price"], m["count"]) for m in summed_methods] == \
        [(m["method"], m["awarded_price"], m["count"]) for m in methods]
    assert summed_warnings == warnings
    return summed


def test_the_demo_province_and_one_department_read_the_same_from_rollups(demo):
    inspector = User.objects.get(username="thanhtra")
    assert selectors.answers_from_rollups(inspector, PackageFilter())
    whole = _same(inspector, PackageFilter())
    assert whole["count"] > 50 and whole["late_contracts"] >= 1
    health = Unit.objects.get(short_name="Sở Y tế")
    part = _same(inspector, PackageFilter(unit=health.pk))
    assert 0 < part["count"] < whole["count"]
    # a unit's own people and any other filter read the packages themselves
    assert not selectors.answers_from_rollups(User.objects.get(username="cv_yte"), PackageFilter())
    assert not selectors.answers_from_rollups(inspector, PackageFilter(field="goods"))
    for flt in (PackageFilter(method="open"), PackageFilter(year=2025), PackageFilter(method="direct", year=2024),
                PackageFilter(unit=health.pk, method="open")):
        assert selectors.answers_from_rollups(inspector, flt)
        assert _same(inspector, flt)["count"] > 0


def test_rollups_follow_a_change_and_stay_inside_the_tree(projects, cast):
    plan = services.create_plan(cast.staff_a, projects.a, {"name": "KHLCNT"})
    package = services.create_package(cast.staff_a, plan, {
        "name": "Mua sắm máy chủ", "field": "goods", "package_price": "1.900.000.000", "method": "open",
        "online": True, "selection_start": "01/03/2025"})
    services.record_result(cast.staff_a, package, {
        "contractor_name": "Công ty A", "contractor_tax_code": "0101234567", "awarded_price": "1.890.000.000",
        "bidders": "1", "awarded_on": "20/04/2025"}, package.version)
    other = services.create_plan(cast.outsider_staff, projects.bo, {"name": "KHLCNT của Bộ"})
    services.create_package(cast.outsider_staff, other, {
        "name": "Máy chủ của Bộ", "field": "goods", "package_price": "900.000.000", "method": "open",
        "online": True, "selection_start": "01/03/2025"})
    figures = _same(cast.inspector, PackageFilter())
    assert (figures["count"], figures["awarded_price"], figures["single_bidder"]) == (1, 1_890_000_000, 1)
    assert _same(cast.outsider, PackageFilter())["count"] == 1
