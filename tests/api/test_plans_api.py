"""/api/v1/plans: the rounds a caller may read with their basis, approved plan and counts; one
round with its envelopes, plan versions and the proposals the caller may read — costs,
findings with evidence, scores only to whom may see them, funding and whether the approved
plan holds the item; 404 for another tree, 401 without a token, and a fixed number of
queries."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cds.plans import services as ps
from cds.plans.models import Finding
from tests.plans.conftest import TODAY, YEAR, cost, finance, plan_round, proposal_data  # noqa: F401

from .conftest import BASE

pytestmark = pytest.mark.django_db


def submit(round_, cast, who="b", **overrides):
    staff, head = (cast.staff_b, cast.head_b) if who == "b" else (cast.staff_a, cast.head_a)
    return ps.submit_proposal(head, ps.create_proposal(staff, round_, proposal_data(**overrides)))


def score(round_, user, proposal, mark):
    ps.score_proposal(user, proposal, {c["code"]: mark for c in round_.rubric.criteria})


@pytest.fixture
def world(cast, finance, plan_round):  # noqa: F811
    b = submit(plan_round, cast, "b", name="Nền tảng tích hợp dữ liệu ngành y tế", costs=cost(2_000_000_000))
    a = submit(plan_round, cast, "a", name="Phần mềm quản lý trang thiết bị y tế", costs=cost(1_000_000_000))
    Finding.objects.create(proposal=b, code="duplicate_proposal", message="Trùng với đề xuất của Sở KH&CN",
                           evidence={"other": a.code, "similarity": 0.91}, other_proposal=a, score=0.91)
    score(plan_round, cast.appraiser, b, 5)
    score(plan_round, finance.staff, b, 3)
    return plan_round, a, b


def by_code(body):
    return {i["code"]: i for i in body["items"]}


def test_the_list_gives_the_rounds_of_the_callers_scope(api_as, cast, world):
    round_, a, b = world
    body = api_as("appraiser").get("/plans").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == round_.pk and item["period"] == str(YEAR) and item["status"] == "open"
    assert item["basis"] == {"number": "123/UBND-KGVX", "date": TODAY.isoformat(), "issuer": "UBND tỉnh",
                             "title": ""}
    assert item["approved_plan"] is None
    assert item["counts"]["proposals"] == 2 and item["counts"]["amount"] == 3_000_000_000
    own = api_as("staff_b").get("/plans").json()["items"][0]["counts"]
    assert own["proposals"] == 1 and own["amount"] == 2_000_000_000  # a unit counts its own only
    assert api_as("outsider").get("/plans").json() == {"items": [], "count": 0}
    assert api_as("appraiser").get("/plans", {"limit": 0}).status_code == 422
    response = Client().get(f"{BASE}/plans")
    assert response.status_code == 401 and "detail" in response.json()


def test_the_detail_lists_the_proposals_with_findings_and_costs(api_as, cast, world):
    round_, a, b = world
    resp = api_as("appraiser").get(f"/plans/{round_.pk}")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert [(e["funding_source"]["code"], e["year"], e["amount"]) for e in body["envelopes"]] == [
        ("NSDP-DT", YEAR, 5_000_000_000), ("NSDP-TX", YEAR, 2_000_000_000)]
    assert body["finance_unit"]["name"] == "Sở Tài chính" and body["items_count"] == 2
    item = by_code(body)[b.code]
    assert item["unit"]["code"] == "T01-SYT" and item["basis"] == "new" and item["total"] == 2_000_000_000
    assert item["costs"] == [{"year": YEAR, "funding_source": item["costs"][0]["funding_source"],
                              "amount": 2_000_000_000}]
    assert {"code": "duplicate_proposal", "level": "warning", "message": "Trùng với đề xuất của Sở KH&CN",
            "evidence": {"other": a.code, "similarity": 0.91}} in item["findings"]
    assert all(set(f) == {"code", "level", "message", "evidence"} for f in item["findings"])
    # the appraiser has scored it: the average, the spread and each reviewer's score
    assert item["score"] == 80.0 and item["score_spread"] == 40.0 and item["score_count"] == 2
    assert sorted(s["total"] for s in item["scores"]) == [60.0, 100.0]
    # not yet scored by the appraiser: the others' scores stay hidden
    other = by_code(body)[a.code]
    assert other["score_count"] == 0 and other["scores"] is None
    assert item["plan_item"] == {"in_approved_plan": False, "approved_amount": None, "position": None}
    assert item["project"] is None and item["funding"]["value"] == ""


def test_a_unit_sees_its_own_proposals_without_scores_and_an_outsider_nothing(api_as, cast, world):
    round_, a, b = world
    body = api_as("staff_b").get(f"/plans/{round_.pk}").json()
    assert list(by_code(body)) == [b.code] and body["items_count"] == 1
    item = by_code(body)[b.code]
    assert item["score"] is None and item["scores"] is None and item["score_count"] == 2
    assert item["findings"][0]["code"] == "duplicate_proposal"  # the unit sees what the checks found
    assert body["plans"] == []
    assert api_as("outsider").get(f"/plans/{round_.pk}").status_code == 404
    assert api_as("outsider_staff").get(f"/plans/{round_.pk}").status_code == 404
    assert api_as("appraiser").get("/plans/999999").status_code == 404
    assert Client().get(f"{BASE}/plans/{round_.pk}").status_code == 401


def test_the_finance_reviewer_sees_scores_once_it_has_scored(api_as, cast, world):
    round_, a, b = world
    from tests.api.conftest import ApiClient

    client = ApiClient.login("stc_staff")
    body = client.get(f"/plans/{round_.pk}").json()
    assert set(by_code(body)) == {a.code, b.code}  # the sent proposals of the round it scores
    assert by_code(body)[b.code]["scores"] is not None and by_code(body)[a.code]["scores"] is None


def test_the_approved_plan_and_the_registry_show_on_the_items(api_as, cast, world):
    round_, a, b = world
    score(round_, cast.appraiser, a, 2)  # 40 points: after b (80)
    ps.recommend_funding(cast.appraiser, round_)
    plan = ps.draft_plan(cast.appraiser, round_)
    assert api_as("staff_b").get(f"/plans/{round_.pk}").json()["plans"] == []  # a draft: reviewers only
    assert [p["status"] for p in api_as("appraiser").get(f"/plans/{round_.pk}").json()["plans"]] == ["draft"]
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    plan.refresh_from_db()
    ps.register_plan(cast.appraiser, plan)
    listed = api_as("staff_b").get("/plans").json()["items"][0]
    assert listed["approved_plan"] == {"id": plan.pk, "number": 1, "decision_number": "45/QĐ-UBND",
                                       "decision_date": TODAY.isoformat()}
    body = api_as("staff_b").get(f"/plans/{round_.pk}").json()
    assert [(p["number"], p["status"], p["items_count"], p["total"]) for p in body["plans"]] == [
        (1, "approved", 2, 3_000_000_000)]
    item = by_code(body)[b.code]
    assert item["plan_item"] == {"in_approved_plan": True, "approved_amount": 2_000_000_000, "position": 1}
    b.refresh_from_db()
    assert item["project"] == {"id": b.project_id, "code": b.project.code}
    assert item["funding"]["value"] == "funded"


def test_the_detail_costs_a_fixed_number_of_queries(api_as, cast, world):
    round_, a, b = world
    client = api_as("appraiser")

    def queries():
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"/plans/{round_.pk}").status_code == 200
        return len(q)

    queries()  # warm: the token's last use, caches
    before = queries()
    for i in range(3):
        p = submit(round_, cast, "b", name=f"Số hóa hồ sơ lưu trữ đợt {i}", costs=cost(100_000_000 + i))
        Finding.objects.create(proposal=p, code="missing_basis", level="info", message="Chưa nêu căn cứ")
        score(round_, cast.appraiser, p, 2)
    after = queries()
    assert after == before, (before, after)
    assert len(client.get(f"/plans/{round_.pk}", {"limit": 2, "offset": 1}).json()["items"]) == 2
