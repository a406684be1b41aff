"""The dossier page's forms (cds/appraisal/forms.py): a bad date or a missing field answers 400
with the Vietnamese message beside the form and what was typed, and nothing is written; a stale
version answers 409."""
import pytest
from django.urls import reverse

from cds.appraisal.models import Dossier, Opinion, Status

from .conftest import submitted

pytestmark = pytest.mark.django_db


def url(d, name):
    return reverse(name, args=[d.pk])


def test_opinion_request_with_a_bad_date(cast, units, others, as_user):
    d = submitted(cast, units)
    resp = as_user(cast.appraiser).post(url(d, "appraisal:opinion_request"), {
        "unit": others.stc.pk, "question": "Nguồn kinh phí thực hiện?", "due": "30/02/2026"})
    html = resp.content.decode()
    assert resp.status_code == 400 and "Hạn trả lời phải có dạng dd/mm/yyyy." in html
    assert "Nguồn kinh phí thực hiện?" in html and 'value="30/02/2026"' in html
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"question": "Nguồn kinh phí?"}, "Chưa chọn đơn vị được xin ý kiến."),
    ({"unit": "stc", "question": "  "}, "Chưa nhập nội dung xin ý kiến."),
])
def test_opinion_request_with_a_missing_field(cast, units, others, as_user, data, message):
    d = submitted(cast, units)
    data = {k: (others.stc.pk if v == "stc" else v) for k, v in data.items()}
    resp = as_user(cast.appraiser).post(url(d, "appraisal:opinion_request"), data)
    assert resp.status_code == 400 and message in resp.content.decode()
    assert not Opinion.objects.exists()


def test_supplement_request_without_its_text(cast, units, as_user):
    d = submitted(cast, units)
    resp = as_user(cast.appraiser).post(url(d, "appraisal:supplement_request"), {"request": "", "version": d.version})
    assert resp.status_code == 400 and "Chưa nhập nội dung yêu cầu bổ sung." in resp.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.IN_APPRAISAL


def test_countersign_refusal_needs_a_note(cast, units, as_user):
    from .conftest import concluded

    d = concluded(cast, units)
    resp = as_user(cast.supervisor).post(url(d, "appraisal:countersign"), {"agree": "no", "note": "",
                                                                           "version": d.version})
    assert resp.status_code == 400 and "Chưa nhập ý kiến giám sát." in resp.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.CONCLUDED


def test_a_stale_version_answers_409_and_writes_nothing(cast, units, as_user):
    d = submitted(cast, units)
    resp = as_user(cast.appraiser).post(url(d, "appraisal:supplement_request"), {
        "request": "Bổ sung thuyết minh", "version": d.version - 1})
    html = resp.content.decode()
    assert resp.status_code == 409 and "đã được người khác cập nhật" in html and "Tải lại nội dung mới nhất" in html
    assert "Bổ sung thuyết minh" in html
    assert Dossier.objects.get(pk=d.pk).status == Status.IN_APPRAISAL


def test_create_form_money_and_missing_amount(cast, units, as_user):
    from .conftest import new_project

    project = new_project(cast, units)
    client = as_user(cast.staff_a)
    resp = client.post(reverse("appraisal:create", args=[project.pk]), {"amount": "1,5 tỷ", "title": "Hồ sơ"})
    assert resp.status_code == 400 and "Số tiền phải là số nguyên đồng" in resp.content.decode()
    resp = client.post(reverse("appraisal:create", args=[project.pk]), {"amount": "", "title": "Hồ sơ"})
    assert resp.status_code == 400 and "Chưa nhập kinh phí đề nghị." in resp.content.decode()
    assert not Dossier.objects.exists()
