"""The register's forms (cds/directives/forms.py): a bad date or a missing field answers 400
with the Vietnamese message and what was typed, nothing written; a refusal of the service
answers 403 on the page itself, with the message beside the form."""
import datetime as dt

import pytest
from django.urls import reverse

from cds.directives.models import Directive, ExtensionRequest, Task

from .conftest import TODAY, vn

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def test_task_without_content(cast, units, dv, as_user):
    resp = as_user(cast.appraiser).post(url("task_create", dv.d.pk), {
        "content": "", "lead_unit": units.syt.pk, "deadline_kind": "date", "deadline": vn(TODAY + dt.timedelta(days=9)),
        "responsible": "Giám đốc Sở Y tế"})
    html = resp.content.decode()
    assert resp.status_code == 400 and "Chưa nhập nội dung nhiệm vụ." in html and "Giám đốc Sở Y tế" in html
    assert Task.objects.count() == 2


def test_task_with_a_date_deadline_but_no_date(cast, units, dv, as_user):
    resp = as_user(cast.appraiser).post(url("task_create", dv.d.pk), {
        "content": "Rà soát hạ tầng", "lead_unit": units.syt.pk, "deadline_kind": "date", "deadline": ""})
    assert resp.status_code == 400 and "Chưa nhập thời hạn." in resp.content.decode()
    assert Task.objects.count() == 2


def test_extension_with_a_bad_date(cast, dv, as_user):
    resp = as_user(cast.head_a).post(url("task_extension", dv.overdue.pk), {"proposed": "32/13/2026",
                                                                            "reason": "Chờ ý kiến các sở"})
    html = resp.content.decode()
    assert resp.status_code == 400 and "Thời hạn đề nghị phải có dạng dd/mm/yyyy." in html and "Chờ ý kiến các sở" in html
    assert not ExtensionRequest.objects.exists()


def test_progress_report_without_percent(cast, dv, as_user):
    resp = as_user(cast.staff_a).post(url("task_report", dv.overdue.pk), {"percent": "", "content": "Đang làm",
                                                                          "version": dv.overdue.version})
    assert resp.status_code == 400 and "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100." in resp.content.decode()
    assert not dv.overdue.reports.exists()


def test_directive_with_a_bad_issue_date_keeps_what_was_typed(cast, units, as_user):
    resp = as_user(cast.appraiser).post(url("directive_create"), {
        "kind": "ket_luan", "number": "61/TB-UBND", "issued_on": "2026/13/01", "issuer": units.tinh.pk,
        "signer": "Phó Chủ tịch UBND tỉnh Trần Văn B", "title": "Kết luận cuộc họp"})
    html = resp.content.decode()
    assert resp.status_code == 400 and "Ngày ban hành phải có dạng dd/mm/yyyy." in html
    assert "Phó Chủ tịch UBND tỉnh Trần Văn B" in html and not Directive.objects.exists()


def test_a_refusal_of_the_service_answers_403_on_the_form(cast, units, as_user):
    """The ministry is outside the province's tree: the service refuses (PermissionDenied) and the
    form is shown again with its message and the typed text, nothing written."""
    resp = as_user(cast.appraiser).post(url("directive_create"), {
        "kind": "ket_luan", "number": "61/TB-UBND", "issued_on": vn(TODAY), "issuer": units.bo.pk,
        "signer": "Thứ trưởng Nguyễn Văn C", "title": "Kết luận cuộc họp"})
    html = resp.content.decode()
    assert resp.status_code == 403 and "Bạn không được nhập văn bản của cơ quan này." in html
    assert "Thứ trưởng Nguyễn Văn C" in html and not Directive.objects.exists()


def test_the_filter_bar_drops_a_wrong_value_with_a_warning(cast, units, dv, as_user):
    resp = as_user(cast.appraiser).get(url("home"), {"year": "hai nghìn", "unit": units.syt.pk})
    html = resp.content.decode()
    assert resp.status_code == 200 and "Giá trị lọc không hợp lệ." in html
    assert dv.upcoming.content in html and dv.overdue.content not in html   # the unit filter still applies
