"""POST /api/v1/estimates/ucp: the worked example, each kind of bad input → 422 in Vietnamese with
nothing written, a constant not entered → 400, no token → 401."""
from __future__ import annotations

import pytest
from django.test import Client

from cds.audit.models import AuditEvent
from cds.estimates.models import Constant

ENDPOINT = "/estimates/ucp"


def body(**change):
    data = {"method": "CV2589", "actors": {"simple": 0, "average": 0, "complex": 3},
            "use_cases": {"B": {"simple": 11, "average": 9, "complex": 0}, "M": {"simple": 1}, "T": {"average": 1}},
            "technical_factors": [2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1],
            "environment_factors": [5, 5, 3, 5, 5, 5, 0, 5], "hourly_rate": 55677}
    data.update(change)
    return data


@pytest.mark.parametrize("method", ["CV2589", "QD671"])
def test_worked_example(api_as, method):
    resp = api_as("staff_a").post(ENDPOINT, body(method=method))
    assert resp.status_code == 200, resp.content
    out = resp.json()
    assert {k: out[k] for k in ("taw", "tbf", "uucp", "tfw", "tcf", "efw", "ef", "es", "p", "aucp")} == {
        "taw": 9, "tbf": 166, "uucp": 175, "tfw": 17, "tcf": 0.77, "efw": 25.5, "ef": 0.635, "es": 4.8, "p": 20,
        "aucp": 85.56625}
    assert abs(out["e"] - 142.6104167) < 1e-6
    # H = 55.677 đ/h: G = 1,4 × E × 20 × 55.677 = 222.323.364,725 → 222.323.365; C = 65 % G; TL = 6 % (G + C).
    assert (out["g"], out["c"], out["tl"], out["total"]) == (222_323_365, 144_510_187, 22_010_013, 388_843_565)
    assert all(isinstance(out[k], int) for k in ("g", "c", "tl", "total"))


BAD = [
    ("negative count", {"actors": {"complex": -1}}, "actors.complex", "không nhỏ hơn 0"),
    ("count too large", {"use_cases": {"B": {"simple": 10_001}}}, "use_cases.B.simple", "không lớn hơn 10000"),
    ("rating above 5", {"technical_factors": [6] + [1] * 12}, "technical_factors.0", "từ 0 đến 5"),
    ("rating below 0", {"environment_factors": [-1] + [1] * 7}, "environment_factors.0", "từ 0 đến 5"),
    ("12 technical factors", {"technical_factors": [1] * 12}, "technical_factors", "Cần đúng 13 điểm"),
    ("9 environment factors", {"environment_factors": [1] * 9}, "environment_factors", "Cần đúng 8 điểm"),
    ("hourly rate 0", {"hourly_rate": 0}, "hourly_rate", "không nhỏ hơn"),
    ("hourly rate absurd", {"hourly_rate": 10**12}, "hourly_rate", "không lớn hơn"),
    ("count not a number", {"actors": {"complex": "ba"}}, "actors.complex", "Phải là số nguyên"),
    ("unknown method", {"method": "QD2378"}, "method", "chỉ nhận 'CV2589' hoặc 'QD671'"),
]


@pytest.mark.parametrize("change, field, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_422(api_as, change, field, message):
    client = api_as("staff_a")
    before = AuditEvent.objects.count()
    resp = client.post(ENDPOINT, body(**change))
    assert resp.status_code == 422, resp.content
    out = resp.json()
    assert field in out["errors"], out
    assert message in " ".join(out["errors"][field]) and out["detail"]
    assert AuditEvent.objects.count() == before


def test_missing_field_422(api_as):
    data = body()
    del data["hourly_rate"]
    resp = api_as("staff_a").post(ENDPOINT, data)
    assert resp.status_code == 422 and resp.json()["errors"]["hourly_rate"] == ["Trường này là bắt buộc."]


def test_unset_constant_400(api_as):
    Constant.objects.filter(method__code="QD671", key="profit_rate").update(value=None)
    resp = api_as("staff_a").post(ENDPOINT, body(method="QD671"))
    assert resp.status_code == 400
    assert resp.json()["detail"].startswith("Tỉnh chưa nhập Thu nhập chịu thuế tính trước")


def test_needs_a_token(db):
    resp = Client().post("/api/v1" + ENDPOINT, body(), content_type="application/json")
    assert resp.status_code == 401 and resp.json()["detail"].startswith("Chưa xác thực")


def test_openapi_documents_the_calculator(db):
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/estimates/ucp"]["post"]
    assert op["tags"] == ["Tính dự toán"] and {"200", "401", "422"} <= set(op["responses"])
