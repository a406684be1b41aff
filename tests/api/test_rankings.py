"""/api/v1/rankings, /rankings/latest and /rankings/{id}: the published periods of the caller's
tree; a period's table in rank order, each unit's score the sum of its criterion points; a unit
user reads the whole published table, nothing of another tree; a draft period only for the
administrator and the leaders; 401 without a token; a fixed number of queries."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cds.rankings import services
from tests.rankings.output_world import (  # noqa: F401  (fixture)
    COMPLETE,
    EXPECTED,
    ON_TIME,
    approve,
    comparison,
    ranked_period,
    test_criteria,
)

from .conftest import BASE

pytestmark = pytest.mark.django_db


def _dec(value) -> Decimal:
    return Decimal(str(value))


def test_latest_gives_the_method_and_every_unit_in_rank_order(api_as, cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    comparison(cast, units, world)                           # a comparison never shows in the API
    body = api_as("staff_a").get("/rankings/latest").json()
    period = world.period
    assert body["period"] == {"id": period.pk, "year": 2025, "name": "Xếp hạng tuân thủ năm 2025",
                              "published_at": body["period"]["published_at"]}
    assert body["period"]["published_at"].startswith(period.published_at.date().isoformat())
    assert body["method"] == {"version": 1, "criteria": [
        {"code": ON_TIME, "name": "Báo cáo đúng hạn", "weight": 55},
        {"code": COMPLETE, "name": "Hồ sơ đầy đủ", "weight": 45}]}
    got = [(u["unit_name"], u["rank"], _dec(u["score"]), {k: _dec(v) for k, v in u["criteria"].items()})
           for u in body["units"]]
    assert got == EXPECTED
    assert [u["unit_id"] for u in body["units"]] == [units.syt.pk, units.thanhtra.pk, units.skhcn.pk]
    for unit in body["units"]:                               # the score is the sum of the points shown
        assert sum(_dec(p) for p in unit["criteria"].values()) == _dec(unit["score"])
    ranks = [u["rank"] for u in body["units"]]
    scores = [_dec(u["score"]) for u in body["units"]]
    assert ranks == sorted(ranks) and scores == sorted(scores, reverse=True)
    assert api_as("leader").get(f"/rankings/{period.pk}").json() == body


def test_equal_scores_share_a_rank(api_as, cast, units, test_criteria):  # noqa: F811
    test_criteria[ON_TIME].update(skhcn=(2, 2), thanhtra=(2, 2), syt=(2, 2))
    test_criteria[COMPLETE].update(skhcn=(1, 2), thanhtra=(1, 2), syt=(2, 2))
    ranked_period(cast, units)
    body = api_as("head_b").get("/rankings/latest").json()
    assert [(u["unit_name"], u["rank"], u["score"]) for u in body["units"]] == [
        ("Sở Y tế", 1, 100.0), ("Sở Khoa học và Công nghệ", 2, 77.5), ("Thanh tra tỉnh", 2, 77.5)]


def test_the_list_gives_the_published_periods_of_the_tree(api_as, cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units)
    draft = services.open_period(cast.admin, units.tinh, year=2026, method=world.method)
    services.compute_period(cast.admin, draft)
    body = api_as("staff_b").get("/rankings").json()
    assert body == {"count": 1, "items": [{"id": world.period.pk, "year": 2025, "name": "Xếp hạng tuân thủ năm 2025",
                                           "method_version": 1, "published_at": body["items"][0]["published_at"],
                                           "units": 3}]}
    assert api_as("leader").get("/rankings").json()["count"] == 1      # drafts are not listed, even to leaders
    assert api_as("outsider").get("/rankings").json() == {"items": [], "count": 0}
    assert api_as("staff_b").get("/rankings", {"limit": 0}).status_code == 422
    # the latest published one, never the newer draft
    assert api_as("leader").get("/rankings/latest").json()["period"]["id"] == world.period.pk


def test_drafts_and_other_trees_answer_404(api_as, cast, units, test_criteria):  # noqa: F811
    world = ranked_period(cast, units, publish=False)
    url = f"/rankings/{world.period.pk}"
    for role in ("admin", "leader"):
        body = api_as(role).get(url).json()
        assert [u["unit_name"] for u in body["units"]] == [e[0] for e in EXPECTED]
        assert body["period"]["published_at"] is None
    for role in ("staff_a", "head_b", "appraiser", "supervisor", "inspector", "outsider", "outsider_staff"):
        resp = api_as(role).get(url)
        assert resp.status_code == 404 and resp.json()["detail"] == "Không tìm thấy kỳ xếp hạng.", role
    resp = api_as("staff_a").get("/rankings/latest")
    assert resp.status_code == 404 and resp.json()["detail"] == \
        "Chưa có kỳ xếp hạng nào được công bố trong phạm vi của bạn."
    services.publish_period(cast.leader, world.period, version=world.period.version)
    assert api_as("staff_a").get(url).status_code == 200
    assert api_as("outsider").get(url).status_code == 404
    assert api_as("outsider_staff").get("/rankings/latest").status_code == 404
    assert api_as("staff_a").get(f"/rankings/{world.period.pk + 999}").status_code == 404
    assert api_as("staff_a").get("/rankings/abc").status_code == 422


def test_anonymous_gets_401(cast, units):
    for path in ("/rankings", "/rankings/latest", "/rankings/1"):
        resp = Client().get(BASE + path)
        assert resp.status_code == 401 and resp["WWW-Authenticate"] == "Bearer"


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_units_or_periods(api_as, cast, units, test_criteria):  # noqa: F811
    client = api_as("staff_a")
    ranked_period(cast, units, year=2024)
    client.get("/rankings")                                  # the token's first use is recorded once
    few = (_count(client, "/rankings/latest"), _count(client, "/rankings"))
    from tests.factories import make_unit

    extra = [make_unit(f"T01-X{n}", f"Sở thử {n}", parent=units.tinh) for n in range(4)]
    test_criteria["units"].update({f"x{n}": u.pk for n, u in enumerate(extra)})
    test_criteria[ON_TIME].update({f"x{n}": (n, 4) for n in range(4)})
    test_criteria[COMPLETE].update({f"x{n}": (1, 1) for n in range(4)})
    method = approve(cast, units, title="Phương pháp năm 2025")
    period = services.open_period(cast.admin, units.tinh, year=2025, method=method)
    services.compute_period(cast.admin, period)
    period.refresh_from_db()
    services.publish_period(cast.leader, period, version=period.version)
    body = client.get("/rankings/latest").json()
    assert body["period"]["year"] == 2025 and len(body["units"]) == 7
    assert (_count(client, "/rankings/latest"), _count(client, "/rankings")) == few
