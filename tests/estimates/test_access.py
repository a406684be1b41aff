"""Who reads which estimates: unit users their unit's projects (and those of the unit they
succeeded), province-wide roles their province, the ministry nothing of the province's; a
single estimate outside the scope is a 404; the checkers' worklist never lists what the reader
prepared; market evidence names only the estimates the reader may read."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import Http404

from cds.accounts.models import Role
from cds.estimates import selectors, services
from cds.estimates.models import Conclusion, Flag
from cds.estimates.permissions import can_check_estimate, can_prepare_estimate, get_estimate_for, scope_estimates
from tests.factories import UserFactory

from .conftest import basic_lines, prepared, submitted
from .test_services import become


@pytest.fixture
def world(est):
    c = est.cast
    return SimpleNamespace(
        a=submitted(c.staff_a, est.inv, basic_lines(), title="Dự toán A"),
        old=prepared(c.head_a, est.projects.old, basic_lines(), title="Dự toán của Sở TT&TT cũ"),
        b=submitted(c.staff_b, est.recurrent, basic_lines(), title="Dự toán B"),
        bo=submitted(c.outsider_staff, est.bo, basic_lines(), title="Dự toán của Bộ"),
    )


SEES = {
    "staff_a": {"a", "old"}, "head_a": {"a", "old"},
    "staff_b": {"b"}, "head_b": {"b"},
    "appraiser": {"a", "old", "b"}, "supervisor": {"a", "old", "b"}, "leader": {"a", "old", "b"},
    "inspector": {"a", "old", "b"}, "admin": {"a", "old", "b"},
    "outsider": {"bo"}, "outsider_staff": {"bo"},
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_each_role_reads_its_scope_only(est, world, who):
    user = getattr(est.cast, who)
    names = {k: getattr(world, k) for k in ("a", "old", "b", "bo")}
    seen = set(scope_estimates(user).values_list("pk", flat=True))
    assert seen == {names[k].pk for k in SEES[who]}
    for key, estimate in names.items():
        if key in SEES[who]:
            assert get_estimate_for(user, estimate.pk) == estimate
        else:
            with pytest.raises(Http404):
                get_estimate_for(user, estimate.pk)
    assert set(selectors.estimates_of_project(user, est.inv)) == ({world.a} if "a" in SEES[who] else set())


def test_national_appraiser_reads_every_tree(est, world):
    national = UserFactory(username="national", role=Role.CDS_APPRAISER, unit=None)
    assert scope_estimates(national).count() == 4


def test_bad_ids_are_404(est, world):
    for pk in ("abc", None, 10**9, -1):
        with pytest.raises(Http404):
            get_estimate_for(est.cast.appraiser, pk)


def test_preparing_and_checking_rights(est, world):
    c = est.cast
    assert can_prepare_estimate(c.staff_a, est.inv) and can_prepare_estimate(c.head_a, est.projects.old)
    assert not can_prepare_estimate(c.staff_b, est.inv) and not can_prepare_estimate(c.appraiser, est.inv)
    assert can_check_estimate(c.appraiser, world.a) and can_check_estimate(c.supervisor, world.b)
    assert not can_check_estimate(c.outsider, world.a) and can_check_estimate(c.outsider, world.bo)
    for who in ("staff_a", "head_b", "leader", "inspector", "admin"):
        assert not can_check_estimate(getattr(c, who), world.a)


@pytest.mark.parametrize("who", ["staff_a", "head_b", "leader", "inspector", "admin", "outsider_staff"])
def test_worklist_is_for_checkers_only(est, world, who):
    assert list(selectors.worklist(getattr(est.cast, who))) == []


def test_worklist_lists_submitted_estimates_of_the_tree_oldest_first(est, world):
    assert list(selectors.worklist(est.cast.appraiser)) == [world.a, world.b]
    assert list(selectors.worklist(est.cast.supervisor)) == [world.a, world.b]
    assert list(selectors.worklist(est.cast.outsider)) == [world.bo]
    services.conclude(est.cast.appraiser, world.a, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    assert list(selectors.worklist(est.cast.supervisor)) == [world.b]


@pytest.mark.parametrize("role", [Role.CDS_APPRAISER, Role.SUPERVISOR])
def test_worklist_never_lists_what_the_reader_prepared(est, world, role):
    # Sở Y tế's head added a version of B, then moved to a checker's role
    head_b = est.cast.head_b
    services.conclude(est.cast.appraiser, world.b, conclusion=Conclusion.ADJUST, text="Điều chỉnh.")
    services.save_version(head_b, world.b, basic_lines())
    services.submit(est.cast.staff_b, world.b)
    become(head_b, role)
    assert list(selectors.worklist(head_b)) == [world.a]
    # staff_a prepared and submitted A
    become(est.cast.staff_a, role)
    assert list(selectors.worklist(est.cast.staff_a)) == [world.b]


def test_worklist_never_lists_what_the_reader_submitted_in_an_earlier_round(est, world):
    c = est.cast
    estimate = prepared(c.staff_a, est.inv, basic_lines(), title="Dự toán hai vòng")
    services.submit(c.head_a, estimate)
    services.conclude(c.appraiser, estimate, conclusion=Conclusion.ADJUST, text="Điều chỉnh.")
    services.save_version(c.staff_a, estimate, basic_lines())
    services.submit(c.staff_a, estimate)
    become(c.head_a, Role.CDS_APPRAISER)
    assert estimate not in list(selectors.worklist(c.head_a))
    assert estimate in list(selectors.worklist(c.appraiser))


def _cites(*estimates):
    return [Flag(rule="market.price", level="warning", message="",
                 evidence={"sources": [{"estimate": e.pk} for e in estimates] + [{"estimate": None}, {}]})]


def test_source_estimates_names_only_what_the_reader_reads(est, world):
    flags = _cites(world.a, world.b, world.bo)
    assert set(selectors.source_estimates(est.cast.appraiser, flags)) == {world.a.pk, world.b.pk}
    assert set(selectors.source_estimates(est.cast.staff_b, flags)) == {world.b.pk}
    assert set(selectors.source_estimates(est.cast.staff_a, flags)) == {world.a.pk}
    assert set(selectors.source_estimates(est.cast.outsider, flags)) == {world.bo.pk}
    named = selectors.source_estimates(est.cast.staff_a, flags)[world.a.pk]
    assert named == {"title": "Dự toán A", "project": est.inv.code, "project_name": est.inv.name,
                     "project_id": est.inv.pk}
    assert selectors.source_estimates(est.cast.staff_a, []) == {}


def test_version_page_of_a_reader_outside_the_cited_unit_shows_no_names(est, world):
    """A warning on B cites A's prices: Sở Y tế's staff reads the count, not A's name."""
    version = selectors.version_of(world.b)
    Flag.objects.create(version=version, rule="market.price", level="warning", message="Cao hơn trung vị.",
                        evidence={"sources": [{"estimate": world.a.pk}]})
    version = selectors.version_of(world.b)
    page = selectors.version_page(est.cast.staff_b, world.b, version, {})
    assert page["sources"] == {}
    page = selectors.version_page(est.cast.appraiser, world.b, version, {})
    assert set(page["sources"]) == {world.a.pk}
