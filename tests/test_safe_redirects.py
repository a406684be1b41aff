"""Every redirect to a URL the request carries (``next``, the Referer) stays on this site: the
login and logout pages, the overlap queue's conclusion form and every form POST through
:func:`cds.core.forms.run_form_service`; anything else falls back to a page of ours."""
import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from cds.core.forms import run_form_service, text_field
from cds.core.redirects import safe_next
from cds.overlap import services as overlap_services
from cds.overlap.models import OverlapPair, PairStatus
from tests.conftest import PASSWORD, login
from tests.overlap.test_overlap import land  # noqa: F401 - fixture

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)",
        "http://evil.example@testserver.evil.example/", "\\\\evil.example"]


def is_local(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("url", EVIL)
def test_safe_next_falls_back_to_the_home_page(url):
    request = RequestFactory().get("/")
    assert safe_next(request, url) == reverse("dashboard:home")
    assert safe_next(request, url, "/trung-lap/") == "/trung-lap/"


@pytest.mark.parametrize("url", ["/du-an/?page=2", "/trung-lap/#pair-3", "http://testserver/du-an/"])
def test_safe_next_keeps_this_site(url):
    assert safe_next(RequestFactory().get("/"), url) == url


@pytest.mark.parametrize("url", EVIL)
def test_login_next_stays_on_the_site(cast, url):
    client = Client()
    page = client.get(reverse("accounts:login"), {"next": url}).content.decode()
    assert "evil.example" not in page and "javascript:" not in page
    resp = client.post(reverse("accounts:login") + "?next=" + url,
                       {"username": "staff_a", "password": PASSWORD, "next": url})
    assert resp.status_code == 302 and resp["Location"] == reverse("dashboard:home")


@pytest.mark.parametrize("url", EVIL)
def test_logout_next_stays_on_the_site(cast, url):
    resp = login(cast.staff_a).post(reverse("accounts:logout"), {"next": url})
    assert resp.status_code == 302 and is_local(resp["Location"]), resp["Location"]


def _land_pair(land):  # noqa: F811 - fixture
    """The pending pair of the two land projects of this province (the other tree's land project
    pairs with them too)."""
    a, b, *_ = land
    return OverlapPair.objects.get(project__in=(a, b), other_project__in=(a, b), status=PairStatus.PENDING)


@pytest.mark.parametrize("url", EVIL)
def test_overlap_conclusion_returns_only_to_this_site(cast, land, url):  # noqa: F811 - fixture
    overlap_services.scan(cast.appraiser)
    pair = _land_pair(land)
    client = login(cast.appraiser)
    resp = client.post(reverse("overlap:decide", args=[pair.pk]),
                       {"status": "related", "reason": "Cùng dữ liệu đất đai", "version": pair.version, "next": url},
                       HTTP_REFERER=url)
    assert resp.status_code == 302 and resp["Location"] == reverse("overlap:queue")
    pair.refresh_from_db()
    assert pair.status == PairStatus.RELATED
    # A refused conclusion shows the queue again, never the other site's page.
    resp = client.post(reverse("overlap:decide", args=[pair.pk]), {"status": "duplicate", "reason": "",
                                                                    "version": pair.version, "next": url})
    assert resp.status_code in (400, 409) and "evil.example" not in resp.content.decode()


def test_overlap_conclusion_keeps_the_page_of_the_queue(cast, land):  # noqa: F811 - fixture
    overlap_services.scan(cast.appraiser)
    pair = _land_pair(land)
    back = reverse("overlap:queue") + f"?status=pending#pair-{pair.pk}"
    resp = login(cast.appraiser).post(reverse("overlap:decide", args=[pair.pk]), {
        "status": "related", "reason": "Cùng dữ liệu đất đai", "version": pair.version, "next": back})
    assert resp.status_code == 302 and resp["Location"] == back


class TitleForm(forms.Form):
    title = text_field("trích yếu", limit=20)


@pytest.mark.parametrize("url", EVIL)
def test_every_form_post_redirects_only_to_this_site(url, rf):
    request = rf.post("/x/", {"title": "Kế hoạch"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    resp = run_form_service(request, TitleForm(request.POST), lambda cd: None, success="Đã lưu.",
                            redirect_to=url, render=lambda f: HttpResponse(status=400))
    assert resp.status_code == 302 and resp["Location"] == reverse("dashboard:home")
