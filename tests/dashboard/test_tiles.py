"""The leadership dashboard's tiles (:mod:`cds.core.tiles`): each tile's number is the total its
linked list states and the rows it lists — for each province-wide role, without a filter and
with the dashboard's filters (a sub-unit, a year, a programme) — and another tree's records never
reach a tile."""
import datetime as dt

import pytest
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cds.accounts.access import WIDE_ROLES
from cds.accounts.models import Role, User
from cds.core import tiles
from cds.core.tiles import FILTER_NAMES, SECTIONS, Filters
from cds.overlap.views import CLUSTERS_PER_PAGE
from cds.projects import services as project_services
from cds.projects.models import Project, Stage
from cds.reviews import services as review_services
from cds.surveys import services as survey_services
from tests.conftest import login
from tests.directives.conftest import make_directive, make_task
from tests.factories import UserFactory, make_project, programme, source
from tests.homepage import listed
from tests.reviews.conftest import to_operation

TODAY = timezone.localdate()
ROLES = ("leader", "appraiser", "supervisor", "inspector", "admin")
# The tiles of this change (the rankings app contributes its own).
KEYS = {"projects.behind", "projects.paused", "projects.stopped", "reviews.ineffective", "reviews.late",
        "reviews.to_assess", "overlap.pending", "appraisal.open", "appraisal.overdue", "appraisal.supplement",
        "directives.overdue", "directives.extension", "surveys.bottlenecks_unanswered",
        "surveys.bottlenecks_overdue", "systems.findings", "systems.idle_equipment", "procurement.flagged"}


def test_every_tile_is_registered_for_known_roles_and_links_to_a_page():
    registered = {t.key: t for t in tiles.registered()}
    assert KEYS <= set(registered)
    roles = set(Role.values)
    for tile in registered.values():
        assert tile.roles and tile.roles <= roles, tile.key
        assert tile.section in SECTIONS and tile.honours <= set(FILTER_NAMES), tile.key
        try:
            reverse(tile.url_name)
        except NoReverseMatch:  # pragma: no cover - the assertion says which
            pytest.fail(f"{tile.key}: no page named {tile.url_name!r}")
        full = Filters(unit=7, programme=3, funding_source=2, year=2025, regime=1, state="implementing")
        assert tile.url(full, TODAY).startswith(reverse(tile.url_name)), tile.key
        assert sorted(tile.ignored(full)) == sorted(set(FILTER_NAMES) - tile.honours), tile.key
    for key in KEYS:
        assert registered[key].roles == frozenset(WIDE_ROLES), key


def shown_equals_listed(user, flt: Filters, keys=None) -> dict[str, int]:
    """Every tile of ``user`` (of ``keys``): its count is the total its page states and, up to a
    page, the rows it lists. Returns {key: count}."""
    client = login(user)
    counts = {}
    for tile in tiles.registered():
        if user.role not in tile.roles or (keys is not None and tile.key not in keys):
            continue
        n = tile.count(user, flt, TODAY)
        href = tile.url(flt, TODAY)
        total, rows = listed(client, href)
        page = CLUSTERS_PER_PAGE if tile.url_name == "overlap:queue" else 25
        assert total == n and (rows == n or n > rows >= page), (user.username, tile.key, flt, href, n, total, rows)
        counts[tile.key] = n
    return counts


# ------------------------------------------------------------------ the cast ----

@pytest.fixture
def province(cast, units, projects):
    """A paused project of Sở KH&CN, a stopped one of Sở Y tế, one of Sở KH&CN behind its capital
    plan, overdue directive tasks of both, a review campaign past its deadline, a difficulty
    raised by Sở Y tế — and the same kinds of records in the ministry's tree."""
    decided = {"decision_number": "7/QĐ-UBND", "decision_date": TODAY, "reason": "Chưa thật sự cần thiết"}
    to_operation(cast, projects.a)
    project_services.transition(cast.leader, projects.a, "pause", **decided)
    project_services.transition(cast.leader, projects.b, "stop", **decided)
    behind = make_project(cast.staff_a, units.skhcn, name="Nền tảng tích hợp, chia sẻ dữ liệu", start_year=TODAY.year,
                          end_year=TODAY.year + 1)
    project_services.record_budget_entry(cast.staff_a, behind, {
        "year": TODAY.year, "stage": Stage.ALLOCATED, "amount": 2_000_000_000, "funding_source": source(),
        "decision_number": "12/QĐ-UBND", "decision_date": dt.date(TODAY.year, 1, 1)})
    d = make_directive(cast.appraiser, units.tinh)
    make_task(cast.appraiser, d, units.skhcn, deadline=TODAY - dt.timedelta(days=20))
    make_task(cast.appraiser, d, units.syt, deadline=TODAY - dt.timedelta(days=3), content="Số hóa hồ sơ y tế")
    make_task(cast.appraiser, d, units.syt, deadline=TODAY + dt.timedelta(days=30), content="Kết nối liên thông")
    running = make_project(cast.staff_b, units.syt, name="Bệnh án điện tử", kind="recurrent")
    to_operation(cast, running)
    campaign = review_services.create_campaign(cast.appraiser, {
        "name": "Rà soát hiệu quả", "basis_number": "8826/UBND-VXNV", "basis_date": TODAY - dt.timedelta(days=40),
        "basis_issuer": "UBND tỉnh", "scope_states": ["implementing", "in_operation"],
        "started_until": dt.date(TODAY.year, 12, 31), "deadline": TODAY - dt.timedelta(days=5),
        "receiving_unit": units.skhcn}, allow_past_deadline=True)
    review_services.open_campaign(cast.appraiser, campaign)
    survey_services.raise_bottleneck(cast.staff_b, {
        "unit": units.syt, "title": "Thiếu đường truyền số liệu chuyên dùng tới cấp xã",
        "description": "Nhiều xã chưa có đường truyền.", "proposal": "Đề nghị bố trí kinh phí năm sau.",
        "group": "infrastructure"})
    # the ministry's tree: a paused project and an overdue task
    minister = UserFactory(username="bo_leader", role=Role.LEADER, unit=units.bo)
    project_services.transition(minister, projects.bo, "pause", **{**decided, "decision_number": "3/QĐ-BTN"})
    other = make_directive(cast.outsider, units.bo, number="15/BTN-VP")
    make_task(cast.outsider, other, units.bo_vp, deadline=TODAY - dt.timedelta(days=9))
    return campaign


@pytest.mark.parametrize("who", ROLES)
def test_each_tile_is_the_count_of_its_list_cast(cast, units, province, who):
    user = getattr(cast, who)
    for flt in (Filters(), Filters(unit=units.skhcn.pk), Filters(unit=units.syt.pk), Filters(year=TODAY.year),
                Filters(programme=programme().pk), Filters(unit=units.skhcn.pk, state="paused")):
        shown_equals_listed(user, flt)


def test_the_tiles_count_what_was_constructed(cast, units, province):
    """The figures, as the leader reads them: the paused project is Sở KH&CN's, the stopped one
    Sở Y tế's; both Sở have an overdue task; the campaign's two reports are late."""
    leader = cast.leader
    whole = shown_equals_listed(leader, Filters())
    assert whole["projects.paused"] == 1 and whole["projects.stopped"] == 1 and whole["projects.behind"] == 1
    assert whole["directives.overdue"] == 2 and whole["reviews.late"] == 1
    assert whole["surveys.bottlenecks_unanswered"] == 1
    skhcn = shown_equals_listed(leader, Filters(unit=units.skhcn.pk))
    syt = shown_equals_listed(leader, Filters(unit=units.syt.pk))
    assert (skhcn["projects.paused"], syt["projects.paused"]) == (1, 0)
    assert (skhcn["projects.stopped"], syt["projects.stopped"]) == (0, 1)
    assert (skhcn["directives.overdue"], syt["directives.overdue"]) == (1, 1)
    assert (skhcn["reviews.late"], syt["reviews.late"]) == (0, 1)   # the one project in operation
    assert (skhcn["surveys.bottlenecks_unanswered"], syt["surveys.bottlenecks_unanswered"]) == (0, 1)
    # a tile whose list has no such filter shows the province's figure, and says so
    tile = next(t for t in tiles.registered() if t.key == "reviews.late")
    assert tile.ignored(Filters(unit=units.syt.pk, year=2025)) == ["year"]
    assert shown_equals_listed(leader, Filters(year=TODAY.year))["reviews.late"] == whole["reviews.late"]
    # the state filter narrows the behind-plan tile but not the state tiles, which fix their own
    proposed = shown_equals_listed(leader, Filters(state="proposed"))
    assert proposed["projects.behind"] == 1 and proposed["projects.paused"] == 1
    assert shown_equals_listed(leader, Filters(state="implementing"))["projects.behind"] == 0


def test_another_tree_never_reaches_a_tile(cast, units, province):
    """The ministry's appraiser sees the ministry's paused project and overdue task, nothing of
    the province's; a unit of the province chosen as a filter shows nothing to them."""
    mine = shown_equals_listed(cast.outsider, Filters())
    assert mine["projects.paused"] == 1 and mine["directives.overdue"] == 1
    assert mine["projects.stopped"] == mine["reviews.late"] == mine["surveys.bottlenecks_unanswered"] == 0
    theirs = shown_equals_listed(cast.outsider, Filters(unit=units.skhcn.pk))
    assert set(theirs.values()) == {0}
    assert shown_equals_listed(cast.leader, Filters())["projects.paused"] == 1   # not the ministry's
    assert shown_equals_listed(cast.leader, Filters(unit=units.bo.pk))["directives.overdue"] == 0


def test_unit_users_have_no_tiles(cast, province):
    for who in ("staff_a", "head_a"):
        user = getattr(cast, who)
        assert [t for t in tiles.registered() if t.key in KEYS and user.role in t.roles] == []


# -------------------------------------------------------------- the demo province ----

def _demo_filters() -> list[Filters]:
    """No filter; the sub-unit (below the province) investing in most projects; this year; the
    programme with most projects."""
    unit = (Project.objects.filter(investor_unit__parent__isnull=False).values("investor_unit")
            .annotate(n=Count("pk")).order_by("-n", "investor_unit").first())
    top_programme = (Project.objects.exclude(programme=None).values("programme").annotate(n=Count("pk"))
                     .order_by("-n", "programme").first())
    return [Filters(), Filters(unit=unit["investor_unit"]), Filters(year=TODAY.year),
            Filters(programme=top_programme["programme"] if top_programme else None)]


def test_each_tile_is_the_count_of_its_list_demo(demo):
    """For a leader, an appraiser, a supervisor, an inspector and an administrator of the demo
    province, with each of the filters: every tile's number is its list's total and rows. The demo
    gives most tiles something to count."""
    flts = _demo_filters()
    seen: dict[str, int] = {}
    for role in (Role.LEADER, Role.CDS_APPRAISER, Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        assert user is not None, role
        for flt in flts if role in (Role.LEADER, Role.CDS_APPRAISER) else flts[:2]:
            for key, n in shown_equals_listed(user, flt, KEYS).items():
                seen[key] = max(seen.get(key, 0), n)
    assert len([k for k, n in seen.items() if n]) >= 10, seen
