"""cds.core.forms.run_form_service: the one way a page's form POST calls a service — success
flashes and redirects; a bad form answers 400, a refused call 403 and a stale version 409, each
re-rendering the page with what was typed and the Vietnamese message."""
import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from cds.core.errors import ConflictError, ServiceError
from cds.core.forms import MoneyField, VersionField, VNDateField, error_list, run_form_service, text_field


class NoteForm(forms.Form):
    title = text_field("trích yếu", limit=20)
    due = VNDateField(noun="thời hạn", required=False)
    amount = MoneyField(required=False)
    version = VersionField()


def post(data):
    request = RequestFactory().post("/x/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def run(data, call):
    request = post(data)
    seen = {}

    def render(form):
        seen["form"] = form
        return HttpResponse(" | ".join(error_list(form)))

    response = run_form_service(request, NoteForm(request.POST), call, success=lambda r: f"Đã lưu {r}.",
                                redirect_to="/xong/", render=render)
    return response, seen.get("form"), [str(m) for m in get_messages(request)]


def test_success_flashes_and_redirects():
    calls = []
    response, form, flashed = run({"title": "Kế hoạch", "due": "05/01/2026", "amount": "1.250.000", "version": "3"},
                                  lambda cd: calls.append(cd) or "KH-1")
    assert response.status_code == 302 and response["Location"] == "/xong/" and flashed == ["Đã lưu KH-1."]
    cd = calls[0]
    assert cd["due"].isoformat() == "2026-01-05" and cd["amount"] == 1_250_000 and cd["version"] == 3


@pytest.mark.parametrize("data, message", [
    ({"title": ""}, "Chưa nhập trích yếu."),
    ({"title": "x" * 21}, "Trích yếu quá dài (tối đa 20 ký tự)."),
    ({"title": "a", "due": "31/02/2026"}, "Thời hạn phải có dạng dd/mm/yyyy."),
    ({"title": "a", "amount": "12,5 triệu"}, "Số tiền phải là số nguyên đồng, ví dụ 1.250.000.000."),
])
def test_a_bad_form_is_400_and_the_service_is_not_called(data, message):
    calls = []
    response, form, flashed = run(data, calls.append)
    assert response.status_code == 400 and message in response.content.decode()
    assert calls == [] and flashed == [] and form.data["title"] == data["title"]  # typed input kept


def test_a_refusal_is_403_with_the_services_message():
    def refuse(cd):
        raise PermissionDenied("Chỉ lãnh đạo được phê duyệt.")
    response, form, flashed = run({"title": "a"}, refuse)
    assert response.status_code == 403 and response.content.decode() == "Chỉ lãnh đạo được phê duyệt."
    assert not form.conflict and flashed == []


def test_a_stale_version_is_409_and_marks_the_conflict():
    def stale(cd):
        raise ConflictError()
    response, form, _ = run({"title": "a", "version": "1"}, stale)
    assert response.status_code == 409 and "đã được người khác cập nhật" in response.content.decode()
    assert form.conflict


def test_a_rule_of_the_service_is_400_beside_its_field():
    def rule(cd):
        raise ServiceError({"title": "Trích yếu đã có trong sổ.", "other": "Lỗi chung."})
    response, form, _ = run({"title": "a"}, rule)
    assert response.status_code == 400
    assert form.errors["title"] == ["Trích yếu đã có trong sổ."] and form.non_field_errors() == ["Lỗi chung."]


def test_a_garbled_version_checks_nothing():
    assert VersionField().clean("abc") is None and VersionField().clean("") is None and VersionField().clean("4") == 4
