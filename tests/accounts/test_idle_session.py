"""A session left idle for SESSION_IDLE_MINUTES ends: the next request meets the login page with
a message saying why; activity keeps it alive."""
import time

from django.urls import reverse

from cds.accounts.middleware import LAST_SEEN
from cds.audit.models import AuditEvent
from tests.conftest import login


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


def test_an_idle_session_ends_with_a_message_on_the_login_page(cast, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    client = login(cast.staff_a)
    assert client.get(reverse("projects:list")).status_code == 200  # the first request starts the clock
    idle_for(client, 31)
    resp = client.get(reverse("projects:list"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))
    page = client.get(resp["Location"]).content.decode()
    assert "Phiên làm việc đã hết hạn vì không thao tác trong 30 phút" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="auth.logout", actor=cast.staff_a).exists()
    # a fresh login works as usual
    assert client.post(reverse("accounts:login"), {"username": "staff_a", "password": "Test@12345"}).status_code == 302


def test_activity_keeps_the_session(cast):
    client = login(cast.staff_a)
    client.get(reverse("projects:list"))
    idle_for(client, 29)
    assert client.get(reverse("projects:list")).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5  # the clock started again


def test_an_htmx_request_after_the_timeout_goes_to_the_login_page_whole(cast):
    client = login(cast.staff_a)
    client.get(reverse("projects:list"))
    idle_for(client, 45)
    resp = client.get(reverse("projects:list"), {"q": "dat dai"}, HTTP_HX_REQUEST="true",
                      HTTP_HX_CURRENT_URL="http://testserver/du-an/?q=dat")
    assert resp.status_code == 200 and resp.content == b""
    assert resp["HX-Redirect"] == reverse("accounts:login") + "?next=%2Fdu-an%2F%3Fq%3Ddat"


def test_the_timeout_can_be_turned_off(cast, settings):
    settings.SESSION_IDLE_MINUTES = 0
    client = login(cast.staff_a)
    client.get(reverse("projects:list"))
    idle_for(client, 600)
    assert client.get(reverse("projects:list")).status_code == 200
