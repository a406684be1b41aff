from django.test import Client
from django.urls import reverse

from cds.audit.models import AuditEvent
from tests.conftest import PASSWORD


def test_vietnamese_login_page(db):
    body = Client().get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_login_and_audit(cast):
    client = Client()
    resp = client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(verb="auth.login", actor=cast.staff_a).exists()


def test_wrong_password_message(cast):
    resp = Client().post(reverse("accounts:login"), {"username": "staff_a", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in resp.content.decode()
    assert AuditEvent.objects.filter(verb="auth.login_failed", data__username="staff_a").exists()


def test_lockout_after_repeated_failures(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "staff_a", "password": "sai"})
    resp = client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert resp.status_code == 429
    assert "tạm thời bị khóa" in resp.content.decode()
    assert AuditEvent.objects.filter(verb="auth.locked").exists()
    # Another user from the same address is not locked out (offices share NAT addresses).
    ok = Client().post(reverse("accounts:login"), {"username": "staff_b", "password": PASSWORD})
    assert ok.status_code == 302


def test_csrf_enforced_on_login(cast):
    client = Client(enforce_csrf_checks=True)
    resp = client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert resp.status_code == 403
