"""The Đề án 06 pages: the progress view's counts are the units' statuses, in a fixed number of
queries; a unit sees its own status and reports through its form; the catalogue's form refuses
bad input in Vietnamese and changes nothing."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cds.surveys import services
from cds.surveys.models import KeyTask, KeyTaskStatus

from .keytask_world import build, task_data


@pytest.fixture
def kt(cast, units, projects):
    world = build(cast, units, projects)
    services.report_key_task(cast.staff_a, world.first, units.skhcn,
                             {"progress": "in_progress", "percent": 30, "evidence": "Đã rà soát 30% hồ sơ"})
    services.report_key_task(cast.staff_b, world.first, units.syt,
                             {"progress": "blocked", "percent": 0, "evidence": "Thiếu máy chủ"})
    services.report_key_task(cast.head_b, world.second, units.syt, {"progress": "done"})
    return world


def cells(html: str, number: int) -> dict:
    row = re.search(rf'<tr data-task="{number}".*?</tr>', html, re.S).group(0)
    return {k: v.strip() for k, v in re.findall(r'data-col="(\w+)">([^<]*)<', row) if k != "average"}


@pytest.mark.parametrize("who", ["leader", "appraiser", "staff_a", "staff_b", "inspector"])
def test_progress_view_renders_for_each_role(cast, kt, as_user, who):
    page = as_user(getattr(cast, who)).get(reverse("surveys:keytasks"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Làm sạch dữ liệu dân cư" in html and "Triển khai dịch vụ công" in html
    assert "Dữ liệu" in html and "Thủ tục hành chính" in html     # grouped by the task's group
    assert ("Thêm nhiệm vụ" in html) == (who == "appraiser")


def test_progress_counts_equal_the_statuses(cast, kt, as_user):
    html = as_user(cast.leader).get(reverse("surveys:keytasks")).content.decode()
    assert cells(html, 1) == {"units": "2", "done": "0", "in_progress": "1", "blocked": "1", "not_started": "0"}
    assert cells(html, 2) == {"units": "1", "done": "1", "in_progress": "0", "blocked": "0", "not_started": "0"}
    for task in KeyTask.objects.all():
        statuses = list(KeyTaskStatus.objects.filter(task=task))
        row = cells(html, task.number)
        assert int(row["units"]) == len(statuses)
        for progress in ("done", "in_progress", "blocked", "not_started"):
            assert int(row[progress]) == sum(s.progress == progress for s in statuses)
    assert re.search(r'<progress class="kt-bar" max="100" value="15">', html)   # (30 + 0) / 2
    # filtered to Sở Y tế: its statuses only
    html = as_user(cast.leader).get(reverse("surveys:keytasks"), {"don-vi": cast.staff_b.unit_id}).content.decode()
    assert cells(html, 1)["units"] == "1" and cells(html, 1)["blocked"] == "1"
    html = as_user(cast.leader).get(reverse("surveys:keytasks"), {"nhom": "Dữ liệu"}).content.decode()
    assert 'data-task="1"' in html and 'data-task="2"' not in html


def test_unit_sees_its_own_status_and_the_report_button(cast, kt, as_user):
    html = as_user(cast.staff_b).get(reverse("surveys:keytasks")).content.decode()
    row = re.search(r'<tr data-task="1".*?</tr>', html, re.S).group(0)
    assert "Vướng mắc" in row
    assert reverse("surveys:keytask_report", args=[kt.first.pk, cast.staff_b.unit_id]) in row
    # unit B reads only its own status of task 1 (led by unit A)
    assert cells(html, 1)["units"] == "1"
    detail = as_user(cast.staff_b).get(reverse("surveys:keytask", args=[kt.first.pk])).content.decode()
    assert "Thiếu máy chủ" in detail and "Đã rà soát 30% hồ sơ" not in detail
    # the links it may not read are counted, not named
    assert "1 nhiệm vụ/dự án của đơn vị khác" in detail and "1 nhiệm vụ chỉ đạo giao cho đơn vị khác" in detail
    assert reverse("directives:task", args=[kt.dtask.pk]) not in detail
    # the lead unit reads every unit's status of its task
    detail = as_user(cast.staff_a).get(reverse("surveys:keytask", args=[kt.first.pk])).content.decode()
    assert "Thiếu máy chủ" in detail and "Đã rà soát 30% hồ sơ" in detail
    assert reverse("directives:task", args=[kt.dtask.pk]) in detail
    assert reverse("projects:detail", args=[kt.first.projects.get().pk]) in detail


def test_matrix_for_the_province_roles(cast, units, kt, as_user):
    html = as_user(cast.leader).get(reverse("surveys:keytasks"), {"xem": "ma-tran"}).content.decode()
    matrix = re.search(r'data-testid="keytask-matrix".*?</table>', html, re.S).group(0)
    row_b = re.search(rf'<tr data-row="{units.syt.pk}">.*?</tr>', matrix, re.S).group(0)
    assert re.findall(r'data-progress="(\w+)"', row_b) == ["blocked", "done"]
    row_a = re.search(rf'<tr data-row="{units.skhcn.pk}">.*?</tr>', matrix, re.S).group(0)
    assert re.findall(r'data-progress="(\w+)"', row_a) == ["in_progress"]
    staff = as_user(cast.staff_a).get(reverse("surveys:keytasks"), {"xem": "ma-tran"}).content.decode()
    assert "keytask-matrix" not in staff


def test_matrix_excel(cast, units, kt, as_user):
    response = as_user(cast.leader).get(reverse("surveys:keytasks"), {"xuat": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    by_unit = {r[0]: r[1:] for r in rows[3:]}
    assert list(by_unit["Sở Y tế"][:2]) == ["Vướng mắc (0%)", "Hoàn thành (100%)"]
    assert list(by_unit["Số đơn vị đã báo cáo"][:2]) == [2, 1]


def test_progress_view_queries_do_not_grow(cast, units, kt, as_user):
    url = reverse("surveys:keytasks")
    probes = [(cast.leader, ""), (cast.leader, "ma-tran"), (cast.staff_a, ""), (cast.head_b, "")]

    def measure():
        counts = []
        for user, view in probes:
            client = as_user(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"xem": view}).status_code == 200
            counts.append(len(queries))
        return counts

    before = measure()
    for n in range(3, 9):
        task = services.save_key_task(cast.appraiser, task_data(units, number=n, name=f"Nhiệm vụ {n}",
                                                                group=f"Nhóm {n}"))
        services.report_key_task(cast.staff_a, task, units.skhcn, {"progress": "in_progress", "percent": n})
        services.report_key_task(cast.staff_b, task, units.syt, {"progress": "not_started"})
    assert measure() == before


def test_report_through_the_page(cast, units, kt, as_user):
    url = reverse("surveys:keytask_report", args=[kt.second.pk, units.skhcn.pk])
    client = as_user(cast.staff_a)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"progress": "in_progress", "percent": "150", "evidence": "x"})
    assert bad.status_code == 400 and "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100." in bad.content.decode()
    assert not KeyTaskStatus.objects.filter(task=kt.second, unit=units.skhcn).exists()
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    ok = client.post(url, {"progress": "done", "percent": "20", "evidence": "Đã nghiệm thu", "file": pdf,
                           "projects": [kt.first.projects.get().pk]})
    assert ok.status_code == 302
    status = KeyTaskStatus.objects.get(task=kt.second, unit=units.skhcn)
    assert (status.progress, status.percent, status.evidence_name) == ("done", 100, "bien-ban.pdf")
    # the evidence downloads from the task's page for those who read the status
    download = as_user(cast.staff_b).get(reverse("surveys:keytask", args=[kt.second.pk]), {"minh-chung": status.pk})
    assert download.status_code == 200   # unit B leads task 2
    other = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")
    assert as_user(cast.staff_b).post(url, {"progress": "done", "file": other}).status_code == 403
    assert as_user(cast.appraiser).get(url).status_code == 403
    assert KeyTaskStatus.objects.get(pk=status.pk).version == 1


def test_stale_report_is_a_conflict(cast, units, kt, as_user):
    url = reverse("surveys:keytask_report", args=[kt.first.pk, units.syt.pk])
    page = as_user(cast.head_b).post(url, {"progress": "in_progress", "percent": "40", "version": "7"})
    assert page.status_code == 409
    assert KeyTaskStatus.objects.get(task=kt.first, unit=units.syt).progress == "blocked"


def test_catalogue_form(cast, units, kt, as_user):
    client = as_user(cast.appraiser)
    create = reverse("surveys:keytask_create")
    page = client.get(create)
    assert page.status_code == 200 and 'value="3"' in page.content.decode()     # the next number
    dup = client.post(create, {"number": "2", "name": "Trùng số", "lead_unit": units.syt.pk})
    assert dup.status_code == 400 and "Đã có nhiệm vụ số 2 trong danh mục" in dup.content.decode()
    outside = client.post(create, {"number": "3", "name": "Ngoài tỉnh", "lead_unit": units.bo_vp.pk,
                                   "deadline": "31/02/2026"})
    assert outside.status_code == 400
    assert KeyTask.objects.count() == 2
    ok = client.post(create, {"number": "3", "name": "Số hóa hồ sơ", "group": "Dữ liệu", "principles": "5 rõ",
                              "lead_unit": units.syt.pk, "deadline": "31/12/2026",
                              "directive_tasks": [kt.dtask.pk]})
    assert ok.status_code == 302
    task = KeyTask.objects.get(number=3)
    assert task.lead_unit == units.syt and list(task.directive_tasks.all()) == [kt.dtask]
    edit = reverse("surveys:keytask_edit", args=[task.pk])
    assert client.get(edit).status_code == 200
    assert as_user(cast.leader).get(edit).status_code == 403
    refused = client.post(reverse("surveys:keytask_edit", args=[kt.first.pk]), {"xoa": "1"})
    assert refused.status_code == 400 and KeyTask.objects.filter(pk=kt.first.pk).exists()
    assert client.post(edit, {"xoa": "1"}).status_code == 302
    assert not KeyTask.objects.filter(pk=task.pk).exists()
