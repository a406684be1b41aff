"""The review queue at scale: filters (unit of either project, score band, kind, conclusion),
sorting, pagination at a constant number of queries, clusters of pairs sharing a project, one
decision for a cluster (permission, maker ≠ checker, each pair recorded, audit), and the
access rule that a pair across two trees shows only to national users."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.accounts.models import Role
from cds.audit.models import AuditEvent
from cds.overlap import services
from cds.overlap.models import OverlapPair, PairStatus
from cds.projects.models import Project
from cds.systems.models import Category, InformationSystem
from tests.conftest import login
from tests.factories import UserFactory, make_project

QUEUE = reverse("overlap:queue")
CLUSTER = reverse("overlap:decide_cluster")


def pair(a, b, score, status=PairStatus.PENDING):
    if isinstance(b, InformationSystem):
        return OverlapPair.objects.create(project=a, system=b, score=score, status=status)
    a, b = sorted((a, b), key=lambda p: p.pk)
    return OverlapPair.objects.create(project=a, other_project=b, score=score, status=status)


@pytest.fixture
def world(cast, units):
    mk = lambda who, unit, name: make_project(who, unit, name=name, objectives="", scope="")  # noqa: E731
    p = [mk(cast.staff_a, units.skhcn, f"Dự án A{i}") for i in range(6)]
    q = [mk(cast.staff_b, units.syt, f"Dự án B{i}") for i in range(4)]
    platform = InformationSystem.objects.create(code="T-NEN-TANG", name="Nền tảng thử nghiệm", category=Category.NATIONAL)
    pairs = {
        "x1": pair(p[0], p[1], 0.9), "x2": pair(p[1], p[2], 0.7), "x3": pair(p[0], platform, 0.66),  # one cluster
        "y": pair(q[0], q[1], 0.55),                                                                 # alone
        "z": pair(p[3], q[2], 0.85),                                                                 # across units
        "w": pair(p[2], q[3], 0.55),  # shares p[2] with the cluster, but too weak to join it
        "done": pair(p[4], p[5], 0.95, PairStatus.DUPLICATE),
    }
    return p, q, platform, pairs


def shown(resp) -> list[int]:
    assert resp.status_code == 200
    return [int(x) for x in re.findall(r'id="pair-(\d+)"', resp.content.decode())]


def ids(*keys, pairs):
    return {pairs[k].pk for k in keys}


@pytest.mark.parametrize("params,expected", [
    ({"view": "pairs"}, ("x1", "x2", "x3", "y", "z", "w")),
    ({"view": "pairs", "band": "high"}, ("x1", "z")),
    ({"view": "pairs", "band": "mid"}, ("x2", "x3")),
    ({"view": "pairs", "band": "low"}, ("y", "w")),
    ({"view": "pairs", "kind": "system"}, ("x3",)),
    ({"view": "pairs", "kind": "project"}, ("x1", "x2", "y", "z", "w")),
    ({"status": "duplicate"}, ("done",)),
    ({"status": "all", "band": "high"}, ("x1", "z", "done")),
    ({"view": "pairs", "band": "nonsense", "kind": "?"}, ("x1", "x2", "x3", "y", "z", "w")),  # ignored
])
def test_filters(cast, world, params, expected):
    *_, pairs = world
    assert set(shown(login(cast.appraiser).get(QUEUE, params))) == ids(*expected, pairs=pairs)


def test_unit_filter_takes_either_project_within_scope(cast, units, world):
    *_, pairs = world
    client = login(cast.appraiser)
    assert set(shown(client.get(QUEUE, {"view": "pairs", "unit": units.syt.pk}))) == ids("y", "z", "w", pairs=pairs)
    assert set(shown(client.get(QUEUE, {"view": "pairs", "unit": units.tinh.pk}))) == ids(
        "x1", "x2", "x3", "y", "z", "w", pairs=pairs)
    # a unit of another tree is not in the appraiser's scope: nothing, and not an error
    assert shown(client.get(QUEUE, {"view": "pairs", "unit": units.bo_vp.pk})) == []
    page = client.get(QUEUE).content.decode()
    assert f'value="{units.syt.pk}"' in page and f'value="{units.bo_vp.pk}"' not in page


def test_sorting(cast, world):
    *_, pairs = world
    client = login(cast.appraiser)
    assert shown(client.get(QUEUE, {"view": "pairs"})) == [pairs[k].pk for k in ("x1", "z", "x2", "x3", "y", "w")]
    assert shown(client.get(QUEUE, {"view": "pairs", "sort": "score"})) == [
        pairs[k].pk for k in ("y", "w", "x3", "x2", "z", "x1")]
    OverlapPair.objects.filter(pk=pairs["y"].pk).update(found_at="2030-01-01T00:00:00Z")
    assert shown(client.get(QUEUE, {"view": "pairs", "sort": "-found"}))[0] == pairs["y"].pk
    first_unit = shown(client.get(QUEUE, {"view": "pairs", "sort": "unit"}))[0]
    assert OverlapPair.objects.get(pk=first_unit).project.investor_unit.name == "Sở Khoa học và Công nghệ"


def test_clusters_group_pairs_sharing_a_project(cast, world):
    *_, pairs = world
    html = login(cast.appraiser).get(QUEUE).content.decode()
    cards = html.split('data-testid="cluster"')[1:]
    members = [set(int(x) for x in re.findall(r'id="pair-(\d+)"', c)) for c in cards]
    assert members[0] == ids("x1", "x2", "x3", pairs=pairs)  # best score first
    assert sorted(members[1:], key=min) == [ids(k, pairs=pairs) for k in ("y", "z", "w")]
    assert "Cụm 3 cặp" in cards[0] and "Ghi kết luận cho cụm" in cards[0]
    assert "4 cụm (6 cặp)" in re.sub(r"<[^>]+>", "", html)  # the total as read, whatever marks it up


def test_pagination_costs_the_same_queries(cast, units, world):
    client = login(cast.appraiser)
    client.get(QUEUE)  # session, caches

    def count(params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(QUEUE, params).status_code == 200
        return len(ctx)

    small = (count({}), count({"view": "pairs"}))
    base = make_project(cast.staff_b, units.syt, name="Dự án gốc", objectives="", scope="")
    more = [make_project(cast.staff_b, units.syt, name=f"Dự án C{i}", objectives="", scope="") for i in range(40)]
    for i, other in enumerate(more):
        pair(base if i % 2 else more[i - 1], other, 0.5 + i / 100)
    assert (count({}), count({"view": "pairs"})) == small
    resp = client.get(QUEUE, {"view": "pairs", "page": 2})
    assert len(shown(resp)) == 46 - 25 and "2/2" in resp.content.decode()


def test_a_cluster_decision_records_each_pair(cast, world):
    *_, pairs = world
    chosen = [pairs[k] for k in ("x1", "x2", "x3")]
    client = login(cast.appraiser)
    resp = client.post(CLUSTER, {
        "status": "duplicate", "reason": "Cùng một hệ thống, dùng chung nền tảng của tỉnh",
        "pairs": [f"{p.pk}:{p.version}" for p in chosen], "next": "/trung-lap/"})
    assert resp.status_code == 302
    for p in chosen:
        p.refresh_from_db()
        assert (p.status, p.reason, p.decided_by, p.version) == (
            PairStatus.DUPLICATE, "Cùng một hệ thống, dùng chung nền tảng của tỉnh", cast.appraiser, 2)
        assert p.history.latest().history_user == cast.appraiser
    events = AuditEvent.objects.filter(verb="overlap.decided")
    assert sorted(e.data["pair"] for e in events) == sorted(p.pk for p in chosen)
    assert {e.data["cluster"] for e in events} == {3} and all(e.actor == cast.appraiser for e in events)
    assert OverlapPair.objects.get(pk=pairs["y"].pk).status == PairStatus.PENDING  # not ticked
    assert "Đã ghi kết luận “Trùng lặp” cho 3 cặp của cụm." in client.get(QUEUE).content.decode()


def _post(user, chosen, **extra):
    body = {"status": "related", "reason": "Cùng mục đích", "pairs": [f"{p.pk}:{p.version}" for p in chosen],
            "next": "/trung-lap/"} | extra
    return login(user).post(CLUSTER, body)


def _untouched(chosen):
    return all(OverlapPair.objects.get(pk=p.pk).status == PairStatus.PENDING for p in chosen) \
        and not AuditEvent.objects.filter(verb="overlap.decided").exists()


def test_a_cluster_decision_is_refused_whole(cast, world):
    *_, pairs = world
    chosen = [pairs[k] for k in ("x1", "x2", "x3")]
    for user in (cast.staff_a, cast.leader, cast.inspector, cast.supervisor):
        assert _post(user, chosen).status_code == 403 and _untouched(chosen)
    # the other tree's appraiser may decide, but not on pairs it cannot see
    assert _post(cast.outsider, chosen).status_code == 403 and _untouched(chosen)
    # no reason, nothing ticked, a malformed list
    assert _post(cast.appraiser, chosen, reason=" ").status_code == 400 and _untouched(chosen)
    resp = _post(cast.appraiser, [], reason="x")
    assert resp.status_code == 400 and "Hãy đánh dấu ít nhất một cặp" in resp.content.decode()
    assert _post(cast.appraiser, chosen, pairs=["1:x"]).status_code == 400
    # a pair changed meanwhile → 409, none of the others written
    OverlapPair.objects.filter(pk=pairs["x2"].pk).update(version=7)
    resp = _post(cast.appraiser, chosen)
    assert resp.status_code == 409 and _untouched(chosen) and "Cùng mục đích" in resp.content.decode()


def test_a_cluster_decision_keeps_maker_and_checker_apart(cast, world):
    p, _q, _platform, pairs = world
    Project.objects.filter(pk=p[2].pk).update(created_by=cast.appraiser)
    chosen = [pairs[k] for k in ("x1", "x2", "x3")]
    resp = _post(cast.appraiser, chosen)
    assert resp.status_code in (400, 403) and _untouched(chosen)
    assert p[2].code in resp.content.decode() and "không thể tự kết luận" in resp.content.decode()
    # without the appraiser's own pair, the rest may be settled
    assert _post(cast.appraiser, [pairs["x1"], pairs["x3"]]).status_code == 302
    assert OverlapPair.objects.get(pk=pairs["x2"].pk).status == PairStatus.PENDING
    # the service itself refuses too (not only the page)
    with pytest.raises(Exception, match="không thể tự kết luận"):
        services.decide_cluster(cast.appraiser, {pairs["x2"].pk: 1}, "related", "x")


def test_a_pair_across_two_trees_shows_only_to_national_users(cast, units, world):
    p, *_ = world
    ministry = make_project(cast.outsider_staff, units.bo_vp, name="Dự án của Bộ", objectives="", scope="")
    across = pair(p[0], ministry, 0.95)
    national = UserFactory(username="quocgia", role=Role.CDS_APPRAISER, unit=None)
    for user in (cast.appraiser, cast.leader, cast.outsider):
        client = login(user)
        assert across.pk not in shown(client.get(QUEUE, {"view": "pairs", "status": "all"}))
        assert across.pk not in shown(client.get(QUEUE))
        assert _post(user, [across]).status_code == 403
    client = login(national)
    assert across.pk in shown(client.get(QUEUE, {"view": "pairs"}))
    assert across.pk in shown(client.get(QUEUE, {"view": "pairs", "unit": units.bo_vp.pk}))
    assert _post(national, [across]).status_code == 302
