"""Excel export of the filtered list: the same rows as the list page for the same user and
filters, Vietnamese headers, money as numbers, an audit event."""
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.projects import exporter
from cds.projects.models import Project
from cds.projects.selectors import ProjectFilter, project_list
from cds.projects.services import record_budget_entry
from tests.conftest import login
from tests.factories import make_project, source

EXPECTED_HEADERS = [
    "Mã", "Tên nhiệm vụ/dự án", "Loại", "Nhóm", "Chế độ pháp lý", "Chương trình", "Chủ đầu tư", "Năm bắt đầu",
    "Năm kết thúc", "Chuyển tiếp", "Trạng thái", "Tổng mức/dự toán duyệt", "Kế hoạch vốn", "Đã giải ngân",
    "Quyết toán", "Tỷ lệ giải ngân",
]


def download(client, params=""):
    resp = client.get(reverse("projects:export") + params)
    assert resp.status_code == 200
    body = b"".join(resp.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(body))
    return resp, wb.active


def data_rows(ws):
    return [r for r in ws.iter_rows(min_row=exporter.HEADER_ROW + 1, values_only=True) if any(v is not None for v in r)]


def test_export_has_vietnamese_headers_and_formats(cast, projects):
    record_budget_entry(cast.staff_a, projects.a, {
        "stage": "approved", "year": 2024, "funding_source": source(), "amount": 1_250_000_000,
        "decision_number": "12/QĐ-UBND",
    })
    resp, ws = download(login(cast.staff_a))
    assert resp["Content-Type"] == exporter.XLSX_CONTENT_TYPE
    assert f'filename="danh-muc-du-an-{timezone.localdate():%Y%m%d}.xlsx"' in resp["Content-Disposition"]
    assert ws.title == "Danh mục dự án"
    assert "DANH MỤC NHIỆM VỤ, DỰ ÁN" in ws["A1"].value
    assert [c.value for c in ws[exporter.HEADER_ROW]] == EXPECTED_HEADERS
    assert ws.freeze_panes == f"C{exporter.HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{exporter.HEADER_ROW}:P")
    assert ws.column_dimensions["B"].width >= 50
    rows = {r[0]: r for r in data_rows(ws)}
    a = rows[projects.a.code]
    assert a[1] == projects.a.name and a[6] == "Sở Khoa học và Công nghệ" and a[4] == "NĐ 73/2019"
    assert a[11] == 1_250_000_000 and isinstance(a[11], int)
    money_cell = next(c for c in ws[exporter.HEADER_ROW + 1:ws.max_row] if c[0].value == projects.a.code)[11]
    assert money_cell.number_format == "#,##0"


def test_unit_user_exports_only_own_scope(cast, projects):
    _resp, ws = download(login(cast.staff_b))
    codes = [r[0] for r in data_rows(ws)]
    assert codes == [projects.b.code]
    assert projects.a.code not in codes and projects.bo.code not in codes
    # Sở KH&CN also sees what its predecessor Sở TT&TT registered, never Sở Y tế's projects.
    _resp, ws = download(login(cast.staff_a))
    assert sorted(r[0] for r in data_rows(ws)) == sorted([projects.a.code, projects.old.code])


def test_export_equals_filtered_list(cast, units, projects):
    make_project(cast.staff_b, units.syt, name="Bệnh án điện tử", start_year=2022, end_year=2023)
    user = cast.appraiser
    for params in ("", f"?unit={units.syt.pk}", "?q=he+thong", "?year=2021", "?kind=recurrent&sort=name",
                   "?state=proposed&sort=-code", "?unit=999999"):
        _resp, ws = download(login(user), params)
        expected = [p.code for p in project_list(user, ProjectFilter.from_params(_params(params)))]
        assert [r[0] for r in data_rows(ws)] == expected, params
    # A province-wide reader sees the province, never the ministry's tree.
    _resp, ws = download(login(cast.inspector))
    codes = {r[0] for r in data_rows(ws)}
    assert projects.bo.code not in codes and projects.a.code in codes and projects.b.code in codes


def _params(query):
    from django.http import QueryDict

    return QueryDict(query.lstrip("?"))


def test_export_records_audit_event(cast, projects):
    _resp, ws = download(login(cast.appraiser), "?q=dat+dai&kind=investment")
    event = AuditEvent.objects.get(verb="export.projects_xlsx")
    assert event.actor == cast.appraiser
    assert event.data["count"] == len(data_rows(ws)) == 2  # the province's two investment projects
    assert event.data["filters"]["search"] == "dat dai" and event.data["filters"]["kind"] == "investment"


def test_inspector_may_export(cast, projects):
    resp, ws = download(login(cast.inspector))
    assert len(data_rows(ws)) == 3
    assert login(cast.inspector).get(reverse("projects:import")).status_code == 403


def test_empty_export_still_a_workbook(cast, units):
    _resp, ws = download(login(cast.staff_b))
    assert data_rows(ws) == [] and [c.value for c in ws[exporter.HEADER_ROW]] == EXPECTED_HEADERS


def test_export_query_count_does_not_grow(cast, units, projects, django_assert_max_num_queries):
    for i in range(15):
        make_project(cast.staff_b, units.syt, name=f"Dự án số {i}")
    client = login(cast.appraiser)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("projects:export"))
        b"".join(resp.streaming_content)
    assert Project.objects.count() == 19


def test_anonymous_cannot_export(db):
    from django.test import Client

    assert Client().get(reverse("projects:export")).status_code == 302
