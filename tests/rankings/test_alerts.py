"""Follow-up items: opened by the daily signals run (red two quarters running; behind the year's
capital plan from 30/09), once per occasion, to the least loaded CĐS appraiser of the project's
tree with ten working days; assigned and closed by whom the rules allow, with version checks;
the pages scoped like every list; the dashboard's tiles and the home page's items counting what
their lists show; a constant number of queries."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.accounts.models import Role
from cds.audit.models import AuditEvent
from cds.core import tiles, todo
from cds.core.errors import ConflictError, ServiceError
from cds.notifications.models import Notification
from cds.projects import services as project_services
from cds.projects.models import Project, Stage
from cds.rankings import services_alerts as services
from cds.rankings import signals
from cds.rankings.models import Alert, AlertKind, AlertOutcome, AlertState
from cds.rankings.services_alerts import Candidate, open_alerts
from tests.conftest import login
from tests.factories import UserFactory, make_project, source
from tests.homepage import listed, todo_items
from tests.rankings.test_signals import DAY, D, recorded_on

TODAY = dt.date.today()
TILE_KEYS = {"rankings.red", "rankings.worse", "rankings.stale", "rankings.alerts_open", "rankings.alerts_overdue"}


def late_project(actor, unit, name="Hệ thống chậm tiến độ"):
    """Planned 2023–2024, not finished: at 30/06/2025 half a year late (recent-weighted red), at
    30/09/2025 nine months (37 %, red) — red the two latest quarters of :data:`DAY`."""
    p = make_project(actor, unit, name=name, start_year=2023, end_year=2024)
    recorded_on(p, D(2023, 2, 1))
    return p


def item(project, key=None, kind=AlertKind.RED_TWICE, day=DAY):
    return open_alerts(day, [Candidate(project.pk, kind, key or f"{kind}:{project.pk}:x", "Căn cứ thử.")])[0]


def opened(project, kind=AlertKind.RED_TWICE):
    return list(Alert.objects.filter(project=project, kind=kind))


# ------------------------------------------------------------------ opening

def test_red_twice_opens_one_item_for_the_authority(cast, units):
    p = late_project(cast.staff_a, units.skhcn)
    counts = signals.refresh(DAY)
    [alert] = opened(p)
    assert counts["alerts_red_twice"] >= 1
    assert alert.key == f"red_twice:{p.pk}:2025-09-30"
    assert (alert.root_unit, alert.unit, alert.owner, alert.state) == (units.tinh, units.skhcn, cast.appraiser,
                                                                       AlertState.OPEN)
    # Wednesday 15/10/2025 + 10 working days (no holiday in between) = Wednesday 29/10/2025
    assert (alert.opened_on, alert.due_on) == (DAY, D(2025, 10, 29))
    assert "30/06/2025" in alert.reason and "30/09/2025" in alert.reason and "mức đỏ" in alert.reason
    note = Notification.objects.get(user=cast.appraiser, kind="alert")
    assert p.code in note.text and note.url == reverse("rankings:alert", args=[alert.pk])
    event = AuditEvent.objects.get(verb="alert.opened", target_id=alert.pk)
    assert event.actor is None and event.unit == units.skhcn and event.data["due_on"] == "2025-10-29"
    signals.refresh(DAY)
    signals.refresh(D(2025, 11, 3))           # the same quarter end: the same occasion
    assert len(opened(p)) == 1


def test_red_only_in_the_latest_quarter_opens_nothing(cast, units):
    p = make_project(cast.staff_a, units.skhcn, start_year=2024, end_year=2027)
    for amount, day, number in ((1_000_000_000, D(2024, 1, 15), "1/QĐ"), (1_200_000_000, D(2024, 5, 10), "2/QĐ"),
                                (1_280_000_000, D(2025, 8, 20), "3/QĐ")):
        project_services.record_budget_entry(cast.staff_a, p, {
            "stage": Stage.APPROVED, "amount": amount, "year": day.year, "funding_source": source(),
            "decision_number": number, "decision_date": day})
    signals.refresh(DAY)
    assert p.signals.get(is_latest=True).colour == "red"
    assert opened(p) == []


def test_an_open_item_answers_for_the_next_quarter_and_a_closed_one_does_not(cast, units):
    p = late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    [first] = opened(p)
    signals.refresh(D(2026, 1, 10))           # red again at 31/12/2025: the review under way answers for it
    assert opened(p) == [first]
    services.close(cast.appraiser, first, version=first.version, outcome=AlertOutcome.CONTINUE,
                   note="Chủ đầu tư đã có kế hoạch khắc phục.")
    signals.refresh(D(2026, 1, 11))
    assert sorted(a.key for a in opened(p)) == [first.key, f"red_twice:{p.pk}:2025-12-31"]


def test_the_owner_is_the_least_loaded_appraiser_of_the_projects_tree(cast, units):
    second = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.syt)
    quiet = make_project(cast.staff_b, units.syt, name="Dự án đúng hạn", start_year=2025, end_year=2027)
    busy = item(quiet)                                               # equal loads: the first appraiser
    assert busy.owner == cast.appraiser
    p = late_project(cast.staff_a, units.skhcn)
    q = late_project(cast.outsider_staff, units.bo_vp, name="Hệ thống của Bộ")
    signals.refresh(DAY)
    assert opened(p)[0].owner == second
    assert opened(q)[0].owner == cast.outsider                       # never an appraiser of another tree
    assert not Alert.objects.filter(owner=cast.outsider, root_unit=units.tinh).exists()


def test_due_dates_count_working_days(cast, units, projects):
    # Friday 29/08/2025; 01/09 and 02/09 are the National Day holidays: the 10th working day is 16/09
    alert = item(projects.a, day=D(2025, 8, 29))
    assert alert.due_on == D(2025, 9, 16)


def test_behind_plan_opens_an_item_from_30_september(cast, units, projects):
    a = projects.a
    for stage, amount in ((Stage.ALLOCATED, 1_000_000_000), (Stage.DISBURSED, 100_000_000)):
        project_services.record_budget_entry(cast.staff_a, a, {
            "stage": stage, "amount": amount, "year": 2025, "funding_source": source(),
            "decision_number": "5/QĐ-UBND", "decision_date": D(2025, 1, 10)})
    signals.refresh(D(2025, 9, 29))
    assert opened(a, AlertKind.BEHIND) == []
    counts = signals.refresh(D(2025, 9, 30))
    [alert] = opened(a, AlertKind.BEHIND)
    assert counts["alerts_behind"] == 1
    assert alert.key == f"behind:{a.pk}:2025"
    assert "10,0% kế hoạch vốn năm" in alert.reason and "1.000.000.000 đ" in alert.reason
    signals.refresh(D(2025, 10, 20))
    assert len(opened(a, AlertKind.BEHIND)) == 1


# ------------------------------------------------------------------ assign, close

def test_who_may_assign_and_to_whom(cast, units, projects):
    second = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.syt)
    alert = item(projects.a)
    for who in (cast.staff_a, cast.head_a, cast.leader, cast.supervisor, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.assign(who, alert, version=alert.version, owner=second, due_on=D(2025, 11, 5))
    with pytest.raises(ServiceError, match="chuyên viên cơ quan chuyên trách"):
        services.assign(cast.appraiser, alert, version=alert.version, owner=cast.outsider, due_on=D(2025, 11, 5))
    with pytest.raises(ServiceError, match="không được trước ngày mở"):
        services.assign(cast.appraiser, alert, version=alert.version, owner=second, due_on=D(2025, 10, 1))
    with pytest.raises(ConflictError):
        services.assign(cast.appraiser, alert, version=alert.version + 1, owner=second, due_on=D(2025, 11, 5))
    done = services.assign(cast.admin, alert, version=alert.version, owner=second, due_on=D(2025, 11, 5))
    assert (done.owner, done.due_on, done.version) == (second, D(2025, 11, 5), alert.version + 1)
    assert AuditEvent.objects.filter(verb="alert.assigned", target_id=alert.pk, actor=cast.admin).exists()
    assert Notification.objects.filter(user=second, url=reverse("rankings:alert", args=[alert.pk])).exists()


def test_who_may_close_and_how(cast, units, projects):
    second = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.syt)
    alert = item(projects.a)
    assert alert.owner == cast.appraiser
    for who in (second, cast.leader, cast.staff_a):
        with pytest.raises(PermissionDenied):
            services.close(who, alert, version=alert.version, outcome=AlertOutcome.PAUSE, note="Tạm dừng.")
    with pytest.raises(ServiceError, match="Chưa nhập nội dung kết luận"):
        services.close(cast.appraiser, alert, version=alert.version, outcome=AlertOutcome.PAUSE, note="  ")
    with pytest.raises(ServiceError, match="Chưa chọn kết luận"):
        services.close(cast.appraiser, alert, version=alert.version, outcome="later", note="Tạm dừng.")
    with pytest.raises(ConflictError):
        services.close(cast.appraiser, alert, version=alert.version - 1, outcome=AlertOutcome.PAUSE, note="Tạm dừng.")
    done = services.close(cast.appraiser, alert, version=alert.version, outcome=AlertOutcome.PAUSE,
                          note="Đề xuất UBND tỉnh tạm dừng.")
    assert (done.state, done.outcome, done.closed_by) == (AlertState.CLOSED, AlertOutcome.PAUSE, cast.appraiser)
    event = AuditEvent.objects.get(verb="alert.closed", target_id=alert.pk)
    assert event.data["outcome"] == "Đề xuất tạm dừng"
    with pytest.raises(ServiceError, match="đã được kết luận"):
        services.close(cast.admin, done, version=done.version, outcome=AlertOutcome.STOP, note="Dừng.")
    other = item(projects.b)
    assert services.close(cast.admin, other, version=other.version, outcome=AlertOutcome.DISMISS,
                          note="Đã có giải trình.").state == AlertState.CLOSED


# ------------------------------------------------------------------ pages

@pytest.fixture
def two_items(cast, units, projects):
    return item(projects.a), item(projects.b, kind=AlertKind.BEHIND)


def test_the_list_is_scoped_and_filtered(cast, units, projects, two_items):
    a, b = two_items
    url = reverse("rankings:alerts")
    expected = {"staff_a": 1, "head_a": 1, "staff_b": 1, "head_b": 1, "appraiser": 2, "leader": 2, "inspector": 2,
                "admin": 2, "outsider": 0, "outsider_staff": 0}
    for who, n in expected.items():
        assert listed(login(getattr(cast, who)), f"{url}#alert-list") == (n, n), who
    leader = login(cast.leader)
    assert listed(leader, f"{url}?unit={units.skhcn.pk}#alert-list") == (1, 1)
    assert listed(leader, f"{url}?unit={units.tinh.pk}#alert-list") == (2, 2)      # a unit with its subtree
    assert listed(leader, f"{url}?kind=behind#alert-list") == (1, 1)
    assert listed(login(cast.appraiser), f"{url}?owner=me&state=open#alert-list") == (2, 2)
    assert listed(leader, f"{url}?owner=me#alert-list") == (0, 0)
    services.close(cast.appraiser, a, version=a.version, outcome=AlertOutcome.CONTINUE, note="Khắc phục.")
    assert listed(leader, f"{url}?state=open#alert-list") == (1, 1)
    assert listed(leader, f"{url}?state=nonsense#alert-list") == (2, 2)             # a wrong value is ignored
    Alert.objects.filter(pk=b.pk).update(due_on=D(2025, 10, 20))
    assert listed(leader, f"{url}?overdue=1#alert-list") == (1, 1)


def test_an_item_page_is_scoped_and_shows_what_the_user_may_do(cast, units, projects, two_items):
    a, _b = two_items
    url = reverse("rankings:alert", args=[a.pk])
    for who in ("staff_b", "head_b", "outsider", "outsider_staff"):
        assert login(getattr(cast, who)).get(url).status_code == 404, who
    html = login(cast.appraiser).get(url).content.decode()
    assert 'data-testid="assign"' in html and 'data-testid="close"' in html and "Căn cứ thử." in html
    html = login(cast.leader).get(url).content.decode()
    assert 'data-testid="assign"' not in html and 'data-testid="close"' not in html
    html = login(cast.admin).get(url).content.decode()
    assert 'data-testid="assign"' in html and 'data-testid="close"' in html


def test_the_item_page_shows_the_projects_signals(cast, units):
    p = late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    [alert] = opened(p)
    html = login(cast.staff_a).get(reverse("rankings:alert", args=[alert.pk])).content.decode()
    assert 'data-testid="signal-table"' in html and 'id="signal-chart"' in html and "30/09/2025" in html
    assert "<script>" not in html.replace('<script id="signal-chart" type="application/json">', "")


def test_assigning_and_closing_through_the_page(cast, units, projects, two_items):
    a, _b = two_items
    second = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.syt)
    assign = reverse("rankings:alert_assign", args=[a.pk])
    data = {"owner": second.pk, "due_on": "05/11/2025", "version": a.version}
    assert login(cast.staff_b).post(assign, data).status_code == 404
    assert login(cast.staff_a).post(assign, data).status_code == 403
    stale = login(cast.appraiser).post(assign, {**data, "version": a.version + 5})
    assert stale.status_code == 409 and "người khác cập nhật" in stale.content.decode()
    bad = login(cast.appraiser).post(assign, {**data, "due_on": "31/02/2025"})
    assert bad.status_code == 400
    assert login(cast.appraiser).post(assign, data).status_code == 302
    a.refresh_from_db()
    assert (a.owner, a.due_on) == (second, D(2025, 11, 5))
    close = reverse("rankings:alert_close", args=[a.pk])
    assert login(cast.appraiser).post(close, {"outcome": "pause", "outcome_note": "x",
                                              "version": a.version}).status_code == 403
    empty = login(second).post(close, {"outcome": "pause", "outcome_note": " ", "version": a.version})
    assert empty.status_code == 400 and "Chưa nhập nội dung kết luận." in empty.content.decode()
    assert login(second).post(close, {"outcome": "pause", "outcome_note": "Đề xuất tạm dừng.",
                                      "version": a.version}).status_code == 302
    a.refresh_from_db()
    assert a.state == AlertState.CLOSED and a.outcome == AlertOutcome.PAUSE


def test_the_signals_page_is_scoped_and_filtered(cast, units, projects):
    red = late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    url = reverse("rankings:signals")
    tree = Project.objects.filter(investor_unit__path__startswith=units.tinh.tree_prefix).count()
    leader = login(cast.leader)
    assert listed(leader, f"{url}#signal-list") == (tree, tree)
    # Sở KH&CN reads its own projects and those of Sở TT&TT, which it succeeded
    assert listed(login(cast.staff_a), f"{url}#signal-list") == (3, 3)
    assert listed(login(cast.staff_b), f"{url}#signal-list") == (1, 1)
    assert listed(login(cast.outsider_staff), f"{url}#signal-list") == (1, 1)
    html = leader.get(f"{url}?colour=red").content.decode()
    assert red.code in html and projects.a.code not in html
    assert listed(leader, f"{url}?colour=red#signal-list") == (2, 2)                 # red and the old project
    assert listed(leader, f"{url}?colour=red&unit={units.syt.pk}#signal-list") == (0, 0)
    assert listed(leader, f"{url}?trend=worse&unit={units.skhcn.pk}#signal-list") == (1, 1)
    Project.objects.filter(pk=red.pk).update(state="stopped")
    assert listed(leader, f"{url}?colour=red#signal-list") == (1, 1)                 # a stopped project is left out
    assert listed(leader, f"{url}?colour=red&state=stopped#signal-list") == (1, 1)   # unless asked for


def test_the_tiles_count_what_their_lists_show(cast, units, projects):
    late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    item(projects.b, kind=AlertKind.BEHIND)
    Alert.objects.filter(project=projects.b).update(due_on=TODAY + dt.timedelta(days=3))   # not overdue yet
    mine = {t.key: t for t in tiles.registered() if t.key.startswith("rankings.")}
    assert set(mine) == TILE_KEYS
    for who in ("leader", "appraiser", "admin"):
        user, client = getattr(cast, who), login(getattr(cast, who))
        for flt in (tiles.Filters(), tiles.Filters(unit=units.skhcn.pk), tiles.Filters(year=2024, state="proposed")):
            for tile in mine.values():
                n = tile.count(user, flt, TODAY)
                assert listed(client, tile.url(flt, TODAY)) == (n, n), (who, tile.key, flt)
    count = {key: tile.count(cast.leader, tiles.Filters(), TODAY) for key, tile in mine.items()}
    assert (count["rankings.red"], count["rankings.alerts_open"], count["rankings.alerts_overdue"]) == (2, 3, 2)
    assert mine["rankings.alerts_open"].count(cast.leader, tiles.Filters(unit=units.syt.pk), TODAY) == 1


def test_the_home_page_items_count_what_their_lists_show(cast, units, projects):
    late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    keys = {"appraiser": "rankings.alerts_mine", "leader": "rankings.alerts_open"}
    assert {t.key for t in todo.registered() if t.key.startswith("rankings.")} == set(keys.values())
    for who, key in keys.items():
        client = login(getattr(cast, who))
        n, href = todo_item = todo_items(client.get("/").content.decode())[key]
        assert n == Alert.objects.filter(state="open").count() == 2, todo_item
        assert listed(client, href) == (n, n)


def test_the_project_page_shows_its_signal_and_items(cast, units):
    p = late_project(cast.staff_a, units.skhcn)
    signals.refresh(DAY)
    html = login(cast.staff_a).get(reverse("projects:detail", args=[p.pk])).content.decode()
    assert 'data-testid="project-signals"' in html and 'data-testid="project-alert"' in html
    assert reverse("rankings:alert", args=[opened(p)[0].pk]) in html and "+37,4%" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_pages_cost_the_same_queries_whatever_the_data(cast, units, projects):
    from cds.rankings.panels import PANELS

    first = late_project(cast.staff_a, units.skhcn, name="Dự án 0")
    signals.refresh(DAY)
    alert = opened(first)[0]
    client = login(cast.admin)      # the item's page with both forms: the appraisers of the tree to choose from
    urls = [reverse("rankings:alerts"), reverse("rankings:signals"), reverse("rankings:alert", args=[alert.pk])]
    for url in urls:
        client.get(url)      # what a process reads once (the catalogue, the legal regimes) is read now

    def panel() -> int:
        with CaptureQueriesContext(connection) as ctx:
            PANELS[0].context(cast.leader, first, {}, "info")
        return len(ctx)

    few = [_queries(client, url) for url in urls] + [panel()]
    for i in range(5):
        late_project(cast.staff_b, units.syt, name=f"Dự án {i + 1}")
        UserFactory(username=f"appraiser{i + 2}", role=Role.CDS_APPRAISER, unit=units.syt)
        item(first, key=f"more:{i}", kind=AlertKind.BEHIND)
        Alert.objects.filter(key=f"more:{i}").update(state="closed")
    signals.refresh(D(2026, 1, 10))
    assert [_queries(client, url) for url in urls] + [panel()] == few
    assert few[-1] == 2


def test_stale_ratings_are_projects_in_operation_no_reviewer_rated_lately(cast, units, projects):
    """A project in operation with no independent rating in 12 months is listed as stale — its
    health is only self-declared — and one rated recently is not; the tile counts that list."""
    from django.utils import timezone

    from cds.rankings.models import ProjectSignal
    from cds.reviews.models import Review
    from tests.rankings.test_criteria_portfolio import campaign

    rated = make_project(cast.staff_a, units.skhcn, name="Hệ thống một cửa điện tử")
    Project.objects.filter(pk__in=[projects.a.pk, rated.pk]).update(state="in_operation")
    for p in (projects.a, rated):
        ProjectSignal.objects.create(project=p, period_end=dt.date(2026, 9, 30), is_latest=True)
    campaign(cast.appraiser, units, deadline=dt.date(2026, 6, 30))
    Review.objects.filter(project=rated).update(reviewer_rating="effective",
                                                reviewed_at=timezone.now() - dt.timedelta(days=30))
    client = login(cast.leader)
    shown = {t.key: t for t in tiles.for_user(cast.leader, tiles.Filters(), DAY)}["rankings.stale"]
    total, rows = listed(client, shown.url)
    assert (total, rows) == (shown.n, shown.n) == (1, 1)
    html = client.get(shown.url).content.decode()
    assert projects.a.code in html and rated.code not in html
