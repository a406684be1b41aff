"""Who may read and do what in the directives register, through the pages: 404 outside one's
scope (another tree, a task not concerning one's unit), 403 for what one may see but not do,
the inspector reads everything and changes nothing, anonymous users go to the login page."""
import datetime as dt

import pytest
from django.urls import reverse

from cds.directives import services
from cds.directives.models import Directive, ExtensionRequest, ProgressReport, Task

from .conftest import TODAY, make_task, pdf, vn

pytestmark = pytest.mark.django_db

HOME = reverse("directives:home")


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def read_urls(dv, report=None):
    urls = [url("directive", dv.d.pk), url("task", dv.overdue.pk), url("task", dv.upcoming.pk)]
    if report is not None:
        urls.append(url("report_evidence", dv.overdue.pk, report.pk))
    return urls


def test_other_tree_gets_404(cast, dv, as_user):
    report = services.report_progress(cast.staff_a, dv.overdue, percent=10, content="Bắt đầu", upload=pdf())
    for user in (cast.outsider, cast.outsider_staff):
        client = as_user(user)
        for target in read_urls(dv, report) + [url("assistant", dv.d.pk), url("task_edit", dv.overdue.pk),
                                               url("directive_edit", dv.d.pk)]:
            assert client.get(target).status_code == 404, (user.username, target)
        assert client.post(url("task_report", dv.overdue.pk), {"percent": 5, "content": "x"}).status_code == 404
    # Their overview and lists show nothing of the province.
    for target in (HOME, url("directives"), url("calendar") + f"?thang={dv.upcoming.due_on:%Y-%m}"):
        html = as_user(cast.outsider).get(target).content.decode()
        assert dv.overdue.content not in html and dv.upcoming.content not in html and "8826/UBND-VXNV" not in html


def test_unit_reads_only_tasks_concerning_it(cast, units, dv, as_user):
    third = make_task(cast.appraiser, dv.d, units.thanhtra, deadline=TODAY + dt.timedelta(days=10),
                      content="Thanh tra việc quản lý dự án công nghệ thông tin")
    client = as_user(cast.staff_b)
    assert client.get(url("task", dv.upcoming.pk)).status_code == 200   # it leads
    assert client.get(url("task", dv.overdue.pk)).status_code == 200    # it coordinates
    assert client.get(url("task", third.pk)).status_code == 404
    html = client.get(url("directive", dv.d.pk)).content.decode()
    assert dv.upcoming.content in html and dv.overdue.content in html and third.content not in html
    assert as_user(cast.appraiser).get(url("task", third.pk)).status_code == 200


def test_only_the_lead_unit_reports(cast, dv, as_user):
    resp = as_user(cast.staff_b).post(url("task_report", dv.overdue.pk), {"percent": 10, "content": "Phối hợp"})
    assert resp.status_code == 403
    resp = as_user(cast.staff_b).post(url("task_extension", dv.overdue.pk), {"proposed": vn(TODAY), "reason": "x"})
    assert resp.status_code == 403
    # Staff of the lead unit report; only its head asks for more time.
    resp = as_user(cast.staff_a).post(url("task_extension", dv.overdue.pk),
                                      {"proposed": vn(TODAY + dt.timedelta(days=30)), "reason": "x"})
    assert resp.status_code == 403
    assert not ProgressReport.objects.exists() and not ExtensionRequest.objects.exists()


def test_inspector_reads_everything_and_changes_nothing(cast, units, dv, as_user):
    report = services.report_progress(cast.staff_a, dv.overdue, percent=10, content="Bắt đầu", upload=pdf())
    req = services.request_extension(cast.head_a, dv.overdue, proposed=TODAY + dt.timedelta(days=30), reason="Chờ")
    client = as_user(cast.inspector)
    for target in read_urls(dv, report) + [HOME, url("directives"), url("calendar"), url("performance")]:
        assert client.get(target).status_code == 200, target
    html = client.get(url("task", dv.overdue.pk)).content.decode()
    assert "Gửi báo cáo" not in html and "Đồng ý gia hạn" not in html and "Sửa nhiệm vụ" not in html
    posts = [
        (url("directive_create"), {"kind": "cong_van", "number": "1/UBND", "issued_on": vn(TODAY),
                                   "issuer": units.tinh.pk, "title": "x"}),
        (url("directive_edit", dv.d.pk), {"number": "1/UBND"}),
        (url("task_create", dv.d.pk), {"content": "Nội dung nhiệm vụ mới", "lead_unit": units.syt.pk}),
        (url("assistant", dv.d.pk), {"action": "extract", "text": "Giao Sở Y tế chủ trì."}),
        (url("task_edit", dv.upcoming.pk), {"content": "x"}),
        (url("task_delete", dv.upcoming.pk), {}),
        (url("task_report", dv.overdue.pk), {"percent": 50, "content": "x"}),
        (url("task_extension", dv.upcoming.pk), {"proposed": vn(TODAY + dt.timedelta(days=90)), "reason": "x"}),
        (url("extension_decide", dv.overdue.pk, req.pk), {"decision": "approve"}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403, target
    for target in (url("directive_create"), url("directive_edit", dv.d.pk), url("assistant", dv.d.pk),
                   url("task_edit", dv.upcoming.pk)):
        assert client.get(target).status_code == 403, target
    assert Directive.objects.count() == 1 and Task.objects.count() == 2 and ProgressReport.objects.count() == 1
    req.refresh_from_db()
    assert req.status == "pending"


def test_performance_is_for_province_wide_roles(cast, dv, as_user):
    for user in (cast.staff_a, cast.head_b):
        assert as_user(user).get(url("performance")).status_code == 403, user.username
    for user in (cast.leader, cast.appraiser, cast.supervisor, cast.admin):
        assert as_user(user).get(url("performance")).status_code == 200, user.username


def test_unit_registers_only_its_own_directives(cast, units, dv, as_user):
    client = as_user(cast.staff_a)
    page = client.get(url("directive_create")).content.decode()
    assert f'<option value="{units.skhcn.pk}" selected>' in page and f'<option value="{units.tinh.pk}"' not in page
    data = {"kind": "ke_hoach", "number": "45/KH-SKHCN", "issued_on": vn(TODAY), "title": "Kế hoạch nội bộ",
            "signer": "Giám đốc Sở"}
    resp = client.post(url("directive_create"), data | {"issuer": units.tinh.pk})
    assert resp.status_code == 403 and not Directive.objects.filter(number="45/KH-SKHCN").exists()
    resp = client.post(url("directive_create"), data | {"issuer": units.skhcn.pk})
    own = Directive.objects.get(number="45/KH-SKHCN")
    assert resp.status_code == 302 and own.issuer == units.skhcn
    # It manages its own directive, not the province's.
    assert "Sửa văn bản" in client.get(url("directive", own.pk)).content.decode()
    assert client.get(url("directive_edit", dv.d.pk)).status_code == 403
    assert client.get(url("assistant", dv.d.pk)).status_code == 403
    assert client.post(url("task_create", dv.d.pk), {"content": "Nhiệm vụ tự giao cho mình",
                                                     "lead_unit": units.skhcn.pk}).status_code == 403
    # Roles that do not register directives get 403.
    for user in (cast.leader, cast.supervisor):
        assert as_user(user).get(url("directive_create")).status_code == 403


def test_extension_of_a_unit_directive_maker_is_not_checker(cast, units, as_user):
    own = services.create_directive(cast.head_b, {"kind": "ke_hoach", "number": "7/KH-SYT", "issued_on": TODAY,
                                                  "issuer": units.syt, "title": "Kế hoạch nội bộ Sở Y tế"})
    task = make_task(cast.head_b, own, units.syt, deadline=TODAY + dt.timedelta(days=10),
                     content="Rà soát hạ tầng công nghệ thông tin các bệnh viện")
    head = as_user(cast.head_b)
    resp = head.post(url("task_extension", task.pk), {"proposed": vn(TODAY + dt.timedelta(days=40)), "reason": "Chờ"})
    assert resp.status_code == 302
    req = ExtensionRequest.objects.get()
    resp = head.post(url("extension_decide", task.pk, req.pk), {"decision": "approve"})
    assert resp.status_code == 400 and "Người lập không được đồng thời là người kiểm tra" in resp.content.decode()
    req.refresh_from_db()
    assert req.status == "pending"
    # The province's leader does not decide for Sở Y tế's internal plan.
    assert as_user(cast.leader).post(url("extension_decide", task.pk, req.pk), {"decision": "approve"}).status_code == 403


def test_anonymous_is_sent_to_login(dv, client):
    for target in [HOME, url("directives"), url("directive_create"), url("calendar"), url("performance"),
                   url("assistant", dv.d.pk)] + read_urls(dv):
        resp = client.get(target)
        assert resp.status_code == 302 and "/tai-khoan/dang-nhap/" in resp["Location"], target
    resp = client.post(url("task_report", dv.overdue.pk), {"percent": 5, "content": "x"})
    assert resp.status_code == 302 and not ProgressReport.objects.exists()
