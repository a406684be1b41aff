"""Failed logins are throttled per user name *and address* and per address: one address cannot
guess across accounts, and nobody can lock another person — the administrator — out of their
account from elsewhere."""
from django.test import Client
from django.urls import reverse

from cds.audit.models import AuditEvent
from tests.api.conftest import BASE
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def attempt(username, password, ip):
    return Client(REMOTE_ADDR=ip).post(reverse("accounts:login"), {"username": username, "password": password})


def test_one_address_trying_many_accounts_is_blocked(cast, settings):
    """40 wrong passwords over 10 accounts from one address: blocked at the address limit (each
    account alone stays under its own limit), then even a right password from that address is
    refused — while the same accounts sign in from another address."""
    accounts = ["staff_a", "head_a", "staff_b", "head_b", "appraiser", "supervisor", "leader", "inspector",
                "outsider", "outsider_staff"]
    limit = settings.AXES_IP_FAILURE_LIMIT
    assert limit == 20 and settings.AXES_FAILURE_LIMIT == 5
    statuses = [attempt(name, "doan-sai", ATTACKER).status_code for _ in range(4) for name in accounts]
    assert statuses == [200] * (limit - 1) + [429] * (40 - limit + 1), statuses
    blocked = attempt("staff_a", PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "Địa chỉ mạng này tạm thời bị chặn đăng nhập" in body and "15 phút" in body
    assert attempt("staff_a", PASSWORD, OFFICE).status_code == 302
    event = AuditEvent.objects.filter(verb="auth.locked", data__scope="ip").first()
    assert event is not None and event.ip == ATTACKER


def test_nobody_locks_the_administrator_out_from_elsewhere(cast, settings):
    """Wrong passwords for "admin" from one address lock "admin" on that address only."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("admin", "doan-sai", ATTACKER)
    locked = attempt("admin", PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    assert AuditEvent.objects.filter(verb="auth.locked", data__username="admin", data__scope="user").exists()
    # the administrator, at their own desk, signs in — by the page and by the API
    assert attempt("admin", PASSWORD, OFFICE).status_code == 302
    token = Client(REMOTE_ADDR=OFFICE).post(f"{BASE}/auth/token", {"username": "admin", "password": PASSWORD},
                                            content_type="application/json")
    assert token.status_code == 200


def test_signing_in_to_ones_own_account_does_not_reset_the_address(cast, settings):
    """An attacker who has an account cannot clear the address's count by signing in with it."""
    limit = settings.AXES_IP_FAILURE_LIMIT
    names = ["staff_b", "head_b", "leader", "inspector", "supervisor"]
    for i in range(limit - 1):
        assert attempt(names[i % len(names)], "doan-sai", ATTACKER).status_code == 200
    assert attempt("staff_a", PASSWORD, ATTACKER).status_code == 302
    assert attempt("head_b", "doan-sai", ATTACKER).status_code == 429


def test_the_api_refuses_an_address_blocked_in_json(cast, settings):
    def token(username, password, ip):
        return Client(REMOTE_ADDR=ip).post(f"{BASE}/auth/token", {"username": username, "password": password},
                                           content_type="application/json")

    names = ["staff_a", "head_a", "staff_b", "head_b", "appraiser"]
    answers = [token(names[i % len(names)], "doan-sai", ATTACKER).status_code
               for i in range(settings.AXES_IP_FAILURE_LIMIT)]
    assert answers[-1] == 429 and set(answers[:-1]) == {401}
    resp = token("leader", PASSWORD, ATTACKER)
    assert resp.status_code == 429 and "Địa chỉ mạng này" in resp.json()["detail"]
    assert token("leader", PASSWORD, OFFICE).status_code == 200
