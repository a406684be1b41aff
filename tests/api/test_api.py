"""The REST API under /api/v1/: tokens and lockout, scoped reads (no IDOR), writes through
the services (version conflicts, maker ≠ checker), error shapes and query counts."""
import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cds.accounts.models import ApiToken
from cds.audit.models import AuditEvent
from cds.catalog.models import Capability
from cds.projects.models import Project
from tests.conftest import PASSWORD, login
from tests.factories import UserFactory, make_project, programme, regime, source

from .conftest import BASE, ApiClient

TODAY = timezone.localdate()


def token_request(username, password, client=None):
    return (client or Client()).post(f"{BASE}/auth/token", {"username": username, "password": password},
                                     content_type="application/json")


def new_project_body(units, **overrides):
    body = {
        "name": "Xây dựng kho dữ liệu dùng chung của tỉnh",
        "objectives": "Tích hợp dữ liệu các sở, ngành.",
        "scope": "Toàn tỉnh",
        "kind": "investment",
        "group": "C",
        "regime_code": "ND73_2019",
        "programme": programme().pk,
        "investor_unit": units.skhcn.pk,
        "start_year": 2025,
        "end_year": 2026,
        "funding_sources": [source().pk],
        "capabilities": [Capability.objects.get(code="LGSP").pk],
    }
    body.update(overrides)
    return body


# ------------------------------------------------------------------ tokens ----

def test_token_issue_and_audit(cast):
    resp = token_request("staff_a", PASSWORD)
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"token", "expires_at"}
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires > timezone.now() + dt.timedelta(days=29)
    token = ApiToken.objects.get(user=cast.staff_a)
    assert token.digest == ApiToken.hash(body["token"]) and body["token"] not in token.digest
    assert AuditEvent.objects.filter(verb="auth.token", actor=cast.staff_a).count() == 1
    # The endpoint does not log the caller into a session.
    assert "sessionid" not in resp.cookies


def test_wrong_password_401(cast):
    resp = token_request("staff_a", "sai-mat-khau")
    assert resp.status_code == 401
    assert resp.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
    assert token_request("khong_ton_tai", "x").status_code == 401
    assert AuditEvent.objects.filter(verb="auth.login_failed", data__username="staff_a").exists()
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(cast):
    cast.staff_a.is_active = False
    cast.staff_a.save()
    assert token_request("staff_a", PASSWORD).status_code == 401


def test_empty_credentials_400(cast):
    resp = token_request("", "")
    assert resp.status_code == 400
    assert set(resp.json()["errors"]) == {"username", "password"}


def test_lockout_after_failures(cast, settings):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    responses = [token_request("staff_a", "sai") for _ in range(limit)]
    assert [r.status_code for r in responses] == [401] * (limit - 1) + [429]
    # The failure that trips the lock already answers 429 in JSON (not axes' HTML page).
    assert "khóa" in responses[-1].json()["detail"]
    # Locked: even the right password is refused, in JSON, in Vietnamese.
    resp = token_request("staff_a", PASSWORD)
    assert resp.status_code == 429
    assert resp["Content-Type"].startswith("application/json")
    assert "khóa" in resp.json()["detail"]
    assert not ApiToken.objects.filter(user=cast.staff_a).exists()
    assert AuditEvent.objects.filter(verb="auth.locked", data__username="staff_a").exists()
    assert AuditEvent.objects.filter(verb="auth.login_failed", data__username="staff_a").count() >= limit
    # Lockout is per user name: a colleague behind the same address still gets a token.
    assert token_request("staff_b", PASSWORD).status_code == 200


def test_success_resets_failure_count(cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token_request("staff_a", "sai").status_code == 401
    assert token_request("staff_a", PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token_request("staff_a", "sai").status_code == 401


# -------------------------------------------------------------- bearer auth ----

def test_missing_and_bad_tokens_401(cast, projects):
    assert ApiClient().get("/projects").status_code == 401
    resp = ApiClient("khong-phai-ma").get("/projects")
    assert resp.status_code == 401 and "detail" in resp.json()
    assert resp["WWW-Authenticate"] == "Bearer"


def test_revoked_and_expired_tokens_401(cast, projects):
    client = ApiClient.login("staff_a")
    assert client.get("/projects").status_code == 200
    token = ApiToken.objects.get(user=cast.staff_a)
    token.revoked = True
    token.save()
    assert client.get("/projects").status_code == 401
    token.revoked = False
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert client.get("/projects").status_code == 401
    token.expires_at = timezone.now() + dt.timedelta(days=1)
    token.save()
    cast.staff_a.is_active = False
    cast.staff_a.save()
    assert client.get("/projects").status_code == 401


def test_last_used_at_updated_at_most_once_a_minute(cast, projects):
    client = ApiClient.login("staff_a")
    client.get("/projects")
    first = ApiToken.objects.get(user=cast.staff_a).last_used_at
    assert first is not None
    client.get("/projects")
    assert ApiToken.objects.get(user=cast.staff_a).last_used_at == first
    ApiToken.objects.filter(user=cast.staff_a).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/projects")
    assert ApiToken.objects.get(user=cast.staff_a).last_used_at > first - dt.timedelta(minutes=2)


def test_session_cookie_does_not_authenticate_api(cast, projects):
    client = Client()
    client.force_login(cast.leader, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"{BASE}/projects").status_code == 401
    resp = client.post(f"{BASE}/projects", json.dumps({"name": "x"}), content_type="application/json")
    assert resp.status_code == 401


def test_bearer_calls_need_no_csrf_token(cast, units):
    token = token_request("staff_a", PASSWORD, Client(enforce_csrf_checks=True)).json()["token"]
    client = Client(enforce_csrf_checks=True)
    resp = client.post(f"{BASE}/projects", json.dumps(new_project_body(units)), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")
    assert resp.status_code == 201


# -------------------------------------------------------------------- list ----

def test_list_shape(api_as, projects):
    resp = api_as("staff_a").get("/projects")
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"items", "count"}
    codes = {i["code"] for i in body["items"]}
    # Sở KH&CN sees its own project and its predecessor's (Sở TT&TT).
    assert codes == {projects.a.code, projects.old.code} and body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == projects.a.pk)
    assert set(item) == {
        "id", "code", "name", "kind", "kind_label", "group", "regime", "regime_code", "programme",
        "investor_unit", "start_year", "end_year", "carried_over", "state", "state_label", "total_estimate",
        "total_approved", "total_allocated", "total_disbursed", "total_settled", "version", "updated_at",
    }
    assert item["regime_code"] == "ND73_2019" and item["regime"] == regime().short_name
    assert item["programme"] == programme().name
    assert item["investor_unit"] == {"id": projects.a.investor_unit_id, "code": "T01-SKHCN",
                                     "name": "Sở Khoa học và Công nghệ"}
    assert item["state"] == "proposed" and item["state_label"] == "Đề xuất"
    assert item["kind_label"] == "Dự án đầu tư" and item["total_approved"] == 0


@pytest.mark.parametrize("query", ["dat dai", "CSDL dat dai", "đất đai", "co so du lieu dat dai"])
def test_search(api_as, cast, units, projects, query):
    make_project(cast.staff_a, units.skhcn, name="Đầu tư hệ thống camera giám sát giao thông", objectives="")
    body = api_as("leader").get("/projects", {"search": query}).json()
    names = [i["name"] for i in body["items"]]
    assert "Xây dựng cơ sở dữ liệu đất đai tỉnh" in names
    assert "Đầu tư hệ thống camera giám sát giao thông" not in names
    assert body["count"] == len(names)


def test_search_narrows(api_as, projects):
    client = api_as("leader")
    assert [i["id"] for i in client.get("/projects", {"search": "kham chua benh"}).json()["items"]] == [projects.b.pk]
    assert client.get("/projects", {"search": projects.a.code}).json()["items"][0]["id"] == projects.a.pk
    assert client.get("/projects", {"search": "camera giao thong"}).json() == {"items": [], "count": 0}


def test_filters(api_as, projects, units):
    client = api_as("leader")

    def ids(**params):
        return {i["id"] for i in client.get("/projects", params).json()["items"]}

    province = {projects.a.pk, projects.b.pk, projects.old.pk}
    assert ids() == province  # never the ministry's project
    assert ids(unit=units.tinh.pk) == province  # the subtree
    assert ids(unit=units.syt.pk) == {projects.b.pk}
    assert ids(kind="recurrent") == {projects.b.pk}
    assert ids(state="proposed") == province
    assert ids(state="approved") == set()
    assert ids(year=2021) == {projects.old.pk}
    assert ids(year=2024) == {projects.a.pk, projects.b.pk}
    assert ids(programme=programme().pk) == province
    assert ids(funding_source=source().pk) == province
    assert ids(regime=regime().pk) == province
    assert ids(group="C") == province
    assert ids(group="A") == set()
    names = [i["name"] for i in client.get("/projects", {"sort": "name"}).json()["items"]]
    assert names == sorted(names)
    assert [i["start_year"] for i in client.get("/projects", {"sort": "year"}).json()["items"]][0] == 2021


def test_bad_filters(api_as, projects):
    client = api_as("leader")
    resp = client.get("/projects", {"sort": "mat-khau"})
    assert resp.status_code == 400 and "sort" in resp.json()["errors"]
    assert client.get("/projects", {"state": "xyz"}).status_code == 400
    resp = client.get("/projects", {"unit": "abc"})
    assert resp.status_code == 422 and resp.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert "unit" in resp.json()["errors"]
    assert client.get("/projects", {"limit": 501}).status_code == 422
    assert client.get("/projects", {"limit": 0}).status_code == 422


def test_pagination(api_as, cast, units, projects):
    for i in range(5):
        make_project(cast.staff_a, units.skhcn, name=f"Dự án phân trang {i}")
    client = api_as("leader")
    first = client.get("/projects", {"sort": "code", "limit": 3}).json()
    second = client.get("/projects", {"sort": "code", "limit": 3, "offset": 3}).json()
    rest = client.get("/projects", {"sort": "code", "limit": 3, "offset": 6}).json()
    assert first["count"] == second["count"] == rest["count"] == 8
    assert len(first["items"]) == 3 and len(second["items"]) == 3 and len(rest["items"]) == 2
    codes = [i["code"] for i in first["items"] + second["items"] + rest["items"]]
    assert codes == sorted(codes) and len(set(codes)) == 8
    assert client.get("/projects", {"offset": 100}).json() == {"items": [], "count": 8}
    assert len(client.get("/projects").json()["items"]) == 8  # default limit 50


def count_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get("/projects", params)
    assert resp.status_code == 200
    return len(ctx), len(resp.json()["items"])


@pytest.mark.parametrize("username", ["leader", "staff_a"])
def test_list_constant_queries(api_as, cast, units, projects, username):
    for i in range(10):
        make_project(cast.staff_a, units.skhcn, name=f"Dự án đếm truy vấn {i}")
    client = api_as(username)
    client.get("/projects")  # warm up (last_used_at is written at most once a minute)
    few, n_few = count_queries(client, {"limit": 5})
    many, n_many = count_queries(client, {"limit": 50})
    assert n_few == 5 and n_many > 10
    assert few == many
    filtered, _ = count_queries(client, {"limit": 50, "search": "du an", "unit": units.skhcn.pk})
    assert filtered <= many + 1  # the unit filter reads the unit's path once


# ------------------------------------------------------------------ scoping ----

def test_unit_user_cannot_see_other_units(api_as, projects):
    client = api_as("staff_b")
    ids = {i["id"] for i in client.get("/projects").json()["items"]}
    assert ids == {projects.b.pk}
    resp = client.get(f"/projects/{projects.a.pk}")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "Không tìm thấy nhiệm vụ/dự án."}
    # Same answer as for an id that does not exist at all.
    assert client.get("/projects/999999").json() == resp.json()
    assert client.patch(f"/projects/{projects.a.pk}", {"version": 1, "name": "Đổi tên"}).status_code == 404
    assert client.post(f"/projects/{projects.a.pk}/transition", {"action": "start_dossier"}).status_code == 404
    assert Project.objects.get(pk=projects.a.pk).name == "Xây dựng cơ sở dữ liệu đất đai tỉnh"
    assert Project.objects.get(pk=projects.a.pk).state == "proposed"


def test_outsider_sees_nothing_of_the_province(api_as, projects):
    client = api_as("outsider")
    body = client.get("/projects").json()
    assert {i["id"] for i in body["items"]} == {projects.bo.pk}
    for p in (projects.a, projects.b, projects.old):
        assert client.get(f"/projects/{p.pk}").status_code == 404
    staff = api_as("outsider_staff")
    assert staff.get("/projects", {"search": "kham chua benh"}).json() == {"items": [], "count": 0}
    assert staff.get("/projects", {"unit": projects.a.investor_unit_id}).json() == {"items": [], "count": 0}


def test_inspector_reads_but_cannot_write(api_as, projects, units):
    client = api_as("inspector")
    assert client.get("/projects").json()["count"] == 3
    detail = client.get(f"/projects/{projects.a.pk}")
    assert detail.status_code == 200 and detail.json()["allowed_actions"] == []
    resp = client.patch(f"/projects/{projects.a.pk}", {"version": projects.a.version, "name": "Sửa"})
    assert resp.status_code == 403 and resp.json()["detail"]
    resp = client.post(f"/projects/{projects.a.pk}/transition", {"action": "start_dossier"})
    assert resp.status_code == 403
    resp = client.post("/projects", new_project_body(units))
    assert resp.status_code == 403
    assert resp.json()["detail"] == "Bạn không có quyền đăng ký nhiệm vụ/dự án."
    assert Project.objects.count() == 4


# ------------------------------------------------------------------- detail ----

def test_detail_fields(api_as, projects, cast):
    body = api_as("staff_a").get(f"/projects/{projects.a.pk}").json()
    for key in ("objectives", "scope", "lead_unit", "coordinating_units", "funding_sources", "capabilities",
                "data_entities", "documents", "events", "budget_entries", "allowed_actions"):
        assert key in body
    assert body["funding_sources"] == [{"id": source().pk, "code": "NSDP-DT", "name": source().name}]
    assert body["events"][0]["kind"] == "created" and body["events"][0]["actor"] == "staff_a"
    assert {a["action"] for a in body["allowed_actions"]} == {"start_dossier"}
    leader = api_as("leader").get(f"/projects/{projects.a.pk}").json()
    assert {a["action"] for a in leader["allowed_actions"]} == {"approve_policy", "reject", "pause", "stop"}


# ------------------------------------------------------------ create / edit ----

def test_create_patch_and_conflict(api_as, units, cast):
    client = api_as("staff_a")
    resp = client.post("/projects", new_project_body(units, coordinating_units=[units.syt.pk]))
    assert resp.status_code == 201, resp.content
    created = resp.json()
    assert created["code"].startswith("DA-2025-") and created["state"] == "proposed"
    assert created["regime_code"] == "ND73_2019" and created["version"] == 1
    assert [u["code"] for u in created["coordinating_units"]] == ["T01-SYT"]
    assert [c["code"] for c in created["capabilities"]] == ["LGSP"]
    pk = created["id"]
    assert Project.objects.get(pk=pk).created_by == cast.staff_a
    assert AuditEvent.objects.filter(verb="project.created", target_id=pk).exists()

    resp = client.patch(f"/projects/{pk}", {"version": 1, "name": "Kho dữ liệu dùng chung (sửa)", "end_year": 2027})
    assert resp.status_code == 200, resp.content
    assert resp.json()["version"] == 2 and resp.json()["end_year"] == 2027
    assert resp.json()["objectives"] == "Tích hợp dữ liệu các sở, ngành."  # untouched fields stay

    resp = client.patch(f"/projects/{pk}", {"version": 1, "name": "Ghi đè bản cũ"})
    assert resp.status_code == 409
    assert "người khác cập nhật" in resp.json()["detail"]
    assert Project.objects.get(pk=pk).name == "Kho dữ liệu dùng chung (sửa)"
    assert Project.objects.get(pk=pk).version == 2


def test_api_refuses_an_ended_unit_as_the_form_does(api_as, units, cast):
    """Sở TT&TT ended on 28/02/2025: the API and the registration form refuse it as investor unit
    with the same Vietnamese message (the service's), and nothing is written."""
    from django.urls import reverse

    message = units.sotttt.ended_message
    assert "đã kết thúc hoạt động ngày 28/02/2025" in message
    resp = api_as("appraiser").post("/projects", new_project_body(units, investor_unit=units.sotttt.pk))
    assert resp.status_code == 400, resp.content
    assert resp.json()["errors"]["investor_unit"] == [message] and resp.json()["detail"] == message
    page = login(cast.appraiser).post(reverse("projects:create"), {
        "name": "Xây dựng kho dữ liệu dùng chung của tỉnh", "kind": "investment", "group": "C",
        "regime": regime().pk, "investor_unit": units.sotttt.pk, "start_year": 2026})
    assert page.status_code == 400 and page.context["form"].errors["investor_unit"] == [message]
    assert not Project.objects.filter(investor_unit=units.sotttt).exists()
    # Its successor is accepted.
    assert api_as("appraiser").post("/projects", new_project_body(units)).status_code == 201


def test_create_by_id_regime_and_ids(api_as, units):
    body = new_project_body(units, regime=regime().pk)
    del body["regime_code"]
    resp = api_as("appraiser").post("/projects", body)
    assert resp.status_code == 201
    resp = api_as("appraiser").post("/projects", {**body, "regime": "ND73_2019"})
    assert resp.status_code == 201 and resp.json()["regime_code"] == "ND73_2019"


def test_create_validation_errors(api_as, units):
    client = api_as("staff_a")
    resp = client.post("/projects", new_project_body(units, name="  "))
    assert resp.status_code == 400
    assert resp.json()["errors"]["name"] == ["Tên nhiệm vụ/dự án không được để trống."]
    assert resp.json()["detail"] == "Tên nhiệm vụ/dự án không được để trống."

    resp = client.post("/projects", new_project_body(units, start_year="hai nghìn"))
    assert resp.status_code == 422
    assert resp.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert resp.json()["errors"]["start_year"] == ["Phải là số nguyên."]
    assert resp.json()["validation_errors"]

    resp = client.post("/projects", new_project_body(units, start_year=2025, end_year=2024))
    assert resp.status_code == 400
    assert resp.json()["errors"]["end_year"] == ["Năm kết thúc không được trước năm bắt đầu."]

    resp = client.post("/projects", new_project_body(units, investor_unit=987654))
    assert resp.status_code == 400 and "investor_unit" in resp.json()["errors"]
    # A real unit outside the caller's scope answers exactly like a missing one.
    other = client.post("/projects", new_project_body(units, investor_unit=units.syt.pk))
    assert other.status_code == 400 and other.json() == resp.json()
    foreign = client.post("/projects", new_project_body(units, coordinating_units=[units.bo_vp.pk]))
    assert foreign.status_code == 400 and "coordinating_units" in foreign.json()["errors"]

    resp = client.post("/projects", new_project_body(units, regime_code="KHONG_CO"))
    assert resp.status_code == 400 and "regime_code" in resp.json()["errors"]
    resp = client.post("/projects", new_project_body(units, funding_sources=[source().pk, 424242]))
    assert resp.status_code == 400 and "424242" in resp.json()["errors"]["funding_sources"][0]
    resp = client.post("/projects", new_project_body(units, group="Z", kind="khac"))
    assert resp.status_code == 400 and "group" in resp.json()["errors"]
    resp = client.post("/projects", new_project_body(units, kind="khac"))
    assert resp.status_code == 400 and "kind" in resp.json()["errors"]
    resp = client.post("/projects", {})
    assert resp.status_code == 400
    assert {"name", "start_year", "investor_unit", "regime", "kind"} <= set(resp.json()["errors"])
    resp = Client().post(
        f"{BASE}/projects", "{không phải json", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}")
    assert resp.status_code == 400 and resp.json()["detail"]
    assert Project.objects.count() == 0


def test_patch_permissions_and_validation(api_as, projects):
    a = projects.a
    # Another unit's head: not visible → 404; same unit's staff: editable.
    assert api_as("head_b").patch(f"/projects/{a.pk}", {"version": a.version, "scope": "x"}).status_code == 404
    client = api_as("staff_a")
    resp = client.patch(f"/projects/{a.pk}", {"version": a.version, "start_year": 2026, "end_year": 2025})
    assert resp.status_code == 400 and "end_year" in resp.json()["errors"]
    resp = client.patch(f"/projects/{a.pk}", {"scope": "thiếu version"})
    assert resp.status_code == 422 and "version" in resp.json()["errors"]
    resp = client.patch(f"/projects/{a.pk}", {"version": a.version, "lead_unit": projects.b.investor_unit_id})
    assert resp.status_code == 400 and resp.json()["errors"]["lead_unit"]
    assert Project.objects.get(pk=a.pk).version == a.version
    # Leaders approve, they do not edit.
    assert api_as("leader").patch(f"/projects/{a.pk}", {"version": a.version, "scope": "x"}).status_code == 403


# --------------------------------------------------------------- lifecycle ----

def test_transition_happy_path(api_as, projects):
    a = projects.a
    resp = api_as("staff_a").post(f"/projects/{a.pk}/transition", {"action": "start_dossier", "version": a.version})
    assert resp.status_code == 200, resp.content
    assert resp.json()["state"] == "dossier_preparing"
    resp = api_as("head_a").post(f"/projects/{a.pk}/transition", {"action": "submit_appraisal"})
    assert resp.status_code == 200 and resp.json()["state"] == "in_appraisal"

    leader = api_as("leader")
    resp = leader.post(f"/projects/{a.pk}/transition", {"action": "approve"})
    assert resp.status_code == 400
    assert set(resp.json()["errors"]) == {"decision_number", "decision_date"}
    resp = leader.post(f"/projects/{a.pk}/transition", {"action": "approve", "decision_number": "123/QĐ-UBND",
                                                        "decision_date": "31/12/2024"})
    assert resp.status_code == 422 and "decision_date" in resp.json()["errors"]
    resp = leader.post(f"/projects/{a.pk}/transition", {
        "action": "approve", "decision_number": "123/QĐ-UBND", "decision_date": TODAY.isoformat(),
    })
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["state"] == "approved"
    last = body["events"][-1]
    assert last["to_state"] == "approved" and last["decision_number"] == "123/QĐ-UBND"
    assert last["actor"] == "leader" and last["decision_date"] == TODAY.isoformat()
    assert [e["kind"] for e in body["events"]] == ["created", "transition", "transition", "transition"]
    assert AuditEvent.objects.filter(verb="project.transition", target_id=a.pk).count() == 3


def test_transition_errors(api_as, projects):
    a = projects.a
    client = api_as("staff_a")
    resp = client.post(f"/projects/{a.pk}/transition", {"action": "bay-len-troi"})
    assert resp.status_code == 400 and resp.json()["errors"]["action"] == ["Thao tác không hợp lệ."]
    # Allowed role, wrong state.
    resp = client.post(f"/projects/{a.pk}/transition", {"action": "start_procurement"})
    assert resp.status_code == 400 and "action" in resp.json()["errors"]
    assert "Đề xuất" in resp.json()["detail"]
    # No role for this step.
    resp = client.post(f"/projects/{a.pk}/transition", {"action": "approve_policy"})
    assert resp.status_code == 403
    # Stale version.
    resp = client.post(f"/projects/{a.pk}/transition", {"action": "start_dossier", "version": a.version + 5})
    assert resp.status_code == 409
    assert Project.objects.get(pk=a.pk).state == "proposed"
    # Reject needs a reason.
    resp = api_as("leader").post(f"/projects/{a.pk}/transition", {"action": "reject"})
    assert resp.status_code == 400 and "reason" in resp.json()["errors"]


def test_maker_cannot_be_checker(api_as, cast, units):
    """The appraiser who registered a project may not return its dossier (a checking step): 403."""
    created = api_as("appraiser").post("/projects", new_project_body(units)).json()
    pk = created["id"]
    assert api_as("staff_a").post(f"/projects/{pk}/transition", {"action": "start_dossier"}).status_code == 200
    assert api_as("head_a").post(f"/projects/{pk}/transition", {"action": "submit_appraisal"}).status_code == 200
    detail = api_as("appraiser").get(f"/projects/{pk}").json()
    assert "return_dossier" in {a["action"] for a in detail["allowed_actions"]}
    resp = api_as("appraiser").post(f"/projects/{pk}/transition", {"action": "return_dossier", "reason": "Thiếu hồ sơ"})
    assert resp.status_code == 403
    assert "Người lập không được đồng thời là người kiểm tra" in resp.json()["detail"]
    assert Project.objects.get(pk=pk).state == "in_appraisal"
    # Another appraiser may.
    UserFactory(username="appraiser2", role=cast.appraiser.role, unit=units.skhcn)
    resp = ApiClient.login("appraiser2").post(f"/projects/{pk}/transition",
                                              {"action": "return_dossier", "reason": "Thiếu hồ sơ"})
    assert resp.status_code == 200 and resp.json()["state"] == "dossier_preparing"


# ----------------------------------------------------------------- openapi ----

def test_openapi(db):
    resp = Client().get(f"{BASE}/openapi.json")
    assert resp.status_code == 200
    schema = resp.json()
    assert schema["info"]["title"] == "Giao diện lập trình (API) của CĐS Portfolio" and schema["info"]["version"] == "1"
    paths = schema["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/projects", "/api/v1/projects/{project_id}",
                 "/api/v1/projects/{project_id}/transition"):
        assert path in paths, list(paths)
    assert {"get", "post"} <= set(paths["/api/v1/projects"])
    assert {"get", "patch"} <= set(paths["/api/v1/projects/{project_id}"])
    assert "403" in paths["/api/v1/projects/{project_id}/transition"]["post"]["responses"]
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
    # No docs page pulling Swagger UI from a CDN.
    docs = Client().get(f"{BASE}/docs")
    assert docs.status_code == 404 or b"cdn" not in docs.content.lower()


def test_patch_tags_and_regime(api_as, projects, units):
    a = projects.a
    client = api_as("staff_a")
    other_source = source("NSDP-TX")
    resp = client.patch(f"/projects/{a.pk}", {
        "version": a.version, "funding_sources": [other_source.pk], "coordinating_units": [units.syt.pk],
        "regime_code": "ND73_82_2024", "programme": None, "carried_over": True,
    })
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert [s["code"] for s in body["funding_sources"]] == ["NSDP-TX"]
    assert [u["code"] for u in body["coordinating_units"]] == ["T01-SYT"]
    assert body["regime_code"] == "ND73_82_2024" and body["programme"] is None and body["carried_over"] is True
    # Fields that were not sent keep their values (lists too).
    resp = client.patch(f"/projects/{a.pk}", {"version": body["version"], "name": "Tên mới"})
    assert [s["code"] for s in resp.json()["funding_sources"]] == ["NSDP-TX"]
    # The coordinating Sở Y tế now sees the project (scope includes coordinating units).
    assert api_as("staff_b").get(f"/projects/{a.pk}").status_code == 200
    # regime and regime_code naming two different regimes is refused.
    resp = client.patch(f"/projects/{a.pk}", {"version": resp.json()["version"], "regime": regime().pk,
                                              "regime_code": "ND73_82_2024"})
    assert resp.status_code == 400 and "regime_code" in resp.json()["errors"]


def test_docs_page_loads_nothing_from_outside(db):
    import re

    from django.test import Client

    body = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src=|<link[^>]*href=)"([^"]+)"', body)
    assert assets and all(a.startswith("/static/") for a in assets)
    links = re.findall(r'href="([^"]+)"', body)
    assert all(a.startswith("/") and not a.startswith("//") for a in links)    # nothing outside the site


def test_docs_page_is_titled_in_vietnamese(db):
    """The docs page: Vietnamese <title>, lang="vi", the site's header and the sections (tags) of
    the API named in Vietnamese."""
    import re

    body = Client().get(f"{BASE}/docs").content.decode()
    assert re.search(r"<title>Tài liệu API · CĐS Portfolio</title>", body)
    assert '<html lang="vi">' in body and "Tài liệu giao diện lập trình (API)" in body
    assert 'href="/api/v1/openapi.json"' in body
    schema = Client().get(f"{BASE}/openapi.json").json()
    tags = {tag for op in schema["paths"].values() for spec in op.values() for tag in spec.get("tags", [])}
    assert tags == {"Xác thực", "Nhiệm vụ, dự án", "Đợt đánh giá hiệu quả", "Trùng lặp, tái sử dụng",
                    "Lịch ngày làm việc", "Văn bản chỉ đạo", "Tính dự toán", "Hệ thống thông tin",
                    "Kế hoạch ứng dụng CNTT, chuyển đổi số", "Đấu thầu", "Khảo sát", "Xếp hạng"}
