"""The product's own error pages, in Vietnamese, with DEBUG off (production and demo mode alike):
400, 403, 404, 500 and a refused CSRF token; the API answers its JSON shape instead."""
import pytest
from django.test import Client, override_settings

from tests.conftest import login

ENGLISH = ("Server Error", "Not Found", "Forbidden", "Bad Request", "CSRF verification failed",
           "The requested resource")


def assert_product_page(response, code, *phrases):
    body = response.content.decode()
    assert response.status_code == code
    assert response["Content-Type"].startswith("text/html")
    assert 'lang="vi"' in body and 'data-testid="error-page"' in body, body[:500]
    assert f"{code} — " in body
    for phrase in phrases:
        assert phrase in body, phrase
    for english in ENGLISH:
        assert english not in body, english


@pytest.fixture
def broken_project_page(monkeypatch):
    """The project page's read fails as an unexpected bug would."""
    from cds.projects import selectors

    def boom(*args, **kwargs):
        raise RuntimeError("lỗi thử")

    monkeypatch.setattr(selectors, "project_detail", boom)


@override_settings(DEBUG=False)
def test_a_server_error_shows_the_product_500_page(cast, projects, broken_project_page):
    client = login(cast.staff_a)
    client.raise_request_exception = False
    response = client.get(f"/du-an/{projects.a.pk}/")
    assert_product_page(response, 500, "Lỗi hệ thống", "thao tác chưa được thực hiện", "CĐS Portfolio")


@override_settings(DEBUG=False, DEMO_MODE=True)
def test_the_500_page_in_demo_mode_too(cast, projects, broken_project_page):
    client = login(cast.leader)
    client.raise_request_exception = False
    assert_product_page(client.get(f"/du-an/{projects.a.pk}/"), 500, "Lỗi hệ thống")


@override_settings(DEBUG=False)
def test_the_500_page_answers_even_when_its_template_fails(cast, projects, broken_project_page, monkeypatch):
    from django.template import loader

    def no_template(*args, **kwargs):
        raise RuntimeError("template gone")

    monkeypatch.setattr(loader, "render_to_string", no_template)
    client = login(cast.staff_a)
    client.raise_request_exception = False
    response = client.get(f"/du-an/{projects.a.pk}/")
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()


@override_settings(DEBUG=False)
def test_not_found_and_forbidden_pages(cast, projects):
    client = login(cast.staff_b)
    assert_product_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy")
    assert_product_page(client.get(f"/du-an/{projects.a.pk}/"), 404, "Không tìm thấy")   # out of scope
    assert_product_page(login(cast.leader).get("/du-an/moi/"), 403, "Không có quyền")
    assert_product_page(Client().get("/khong-co-trang-nay/"), 404, "Không tìm thấy")      # signed out


@override_settings(DEBUG=False)
def test_bad_request_page(db):
    response = Client().get("/", HTTP_HOST="ke-xau.example")       # a host not in ALLOWED_HOSTS
    assert_product_page(response, 400, "Yêu cầu không hợp lệ")


@override_settings(DEBUG=False)
def test_a_refused_csrf_token_shows_the_product_403_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staff_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/thong-bao/da-doc/")
    assert_product_page(response, 403, "Biểu mẫu đã hết hạn", "tải lại trang")


@override_settings(DEBUG=False)
def test_the_api_answers_json_for_its_own_missing_paths(db):
    response = Client().get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Trang hoặc bản ghi không tồn tại, hoặc bạn không có quyền xem."}
