"""/api/v1/surveys/rounds and /api/v1/surveys/rounds/{id}/results: the rounds a caller sees with
their counts; the results limited to what the caller reads (a lead agency its group across
units, a unit its own answers); 404 outside the scope, 422 on a wrong type."""
import pytest
from django.test import Client

from tests.surveys.conftest import survey_form, survey_round  # noqa: F401  (fixtures)
from tests.surveys.results_world import answer_round

from .conftest import BASE

pytestmark = pytest.mark.django_db


def test_list_gives_each_round_with_its_counts(api_as, cast, survey_round):  # noqa: F811
    answer_round(cast, survey_round, submit_b=False)
    body = api_as("inspector").get("/surveys/rounds").json()
    assert body == {"count": 1, "items": [{"id": survey_round.pk, "name": "Khảo sát điểm nghẽn 2024",
                                           "deadline": survey_round.deadline.isoformat(),
                                           "counts": {"units": 2, "submitted": 1, "late": 0}}]}
    assert api_as("staff_b").get("/surveys/rounds").json()["count"] == 1      # sent to Sở Y tế
    assert api_as("outsider").get("/surveys/rounds").json() == {"items": [], "count": 0}
    assert api_as("inspector").get("/surveys/rounds", {"limit": 0}).status_code == 422
    assert Client().get(f"{BASE}/surveys/rounds").status_code == 401


def _questions(body):
    return {q["name"]: q for s in body["sections"] for q in s["questions"]}


def test_results_are_limited_to_what_the_caller_reads(api_as, cast, survey_round):  # noqa: F811
    world = answer_round(cast, survey_round)
    url = f"/surveys/rounds/{survey_round.pk}/results"
    body = api_as("inspector").get(url).json()
    assert (body["units"], body["submitted"], body["across_units"]) == (2, 2, True)
    assert [s["name"] for s in body["sections"]] == ["phap_ly", "ha_tang", "du_lieu", "an_ninh", "nguon_luc"]
    qs = _questions(body)
    assert {c["code"]: c["count"] for c in qs["ha_tang_thiet_bi"]["choices"]} == {"may_chu": 2, "mang": 1,
                                                                                   "may_tram": 0}
    assert qs["so_can_bo"]["stats"]["mean"] == 4.0 and qs["so_can_bo"]["answered"] == 2
    assert qs["du_lieu_csdl"]["rows"][1] == {"label": "Đất đai", "choices": [
        {"code": "san_sang", "label": "Sẵn sàng", "count": 0},
        {"code": "dang_xay_dung", "label": "Đang xây dựng", "count": 1},
        {"code": "chua_co", "label": "Chưa có", "count": 1}]}
    lead = api_as("staff_a").get(url).json()              # Sở KH&CN leads "Dữ liệu"
    assert [s["name"] for s in lead["sections"]] == ["du_lieu"] and lead["sections"][0]["lead_unit"] == \
        "Sở Khoa học và Công nghệ"
    assert {c["code"]: c["count"] for c in _questions(lead)["du_lieu_co_nghen"]["choices"]} == {"co": 1, "khong": 1}
    own = api_as("head_b").get(url).json()                # Sở Y tế: its own answers only
    assert own["across_units"] is False and (own["units"], own["submitted"]) == (1, 1)
    assert {c["code"]: c["count"] for c in _questions(own)["du_lieu_co_nghen"]["choices"]} == {"co": 0, "khong": 1}
    one = api_as("inspector").get(url, {"section": world.sections["nguon_luc"].pk}).json()
    assert [s["name"] for s in one["sections"]] == ["nguon_luc"]
    assert api_as("staff_a").get(url, {"section": world.sections["phap_ly"].pk}).status_code == 404
    assert api_as("outsider").get(url).status_code == 404
    assert api_as("inspector").get(f"/surveys/rounds/{survey_round.pk + 999}/results").status_code == 404
    assert api_as("inspector").get(url, {"section": "abc"}).status_code == 422
