"""Excel export of the directive tasks: the same rows as the task list for the same user and
filters (overdue first), Vietnamese headers, dates as dates, today's status in working days, an
audit event; a unit user exports the tasks its unit leads or coordinates."""
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.audit.registry import label, summarize
from cds.directives import exporter
from tests.conftest import login

from .conftest import TODAY, make_task

EXPORT = reverse("directives:export")


def download(client, params=None):
    resp = client.get(EXPORT, params or {})
    assert resp.status_code == 200
    assert resp["Content-Type"] == exporter.XLSX_CONTENT_TYPE
    assert re.match(r'attachment; filename="nhiem-vu-duoc-giao-\d{8}\.xlsx"', resp["Content-Disposition"])
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    return wb.active


def rows(ws):
    return [dict(zip(exporter.HEADERS, r, strict=True))
            for r in ws.iter_rows(min_row=exporter.HEADER_ROW + 1, values_only=True) if any(v is not None for v in r)]


def test_export_has_the_rows_of_the_list_in_its_order(cast, units, dv):
    ws = download(login(cast.leader))
    assert [c.value for c in ws[exporter.HEADER_ROW]] == list(exporter.HEADERS)
    assert ws.freeze_panes == f"F{exporter.HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{exporter.HEADER_ROW}:")
    assert ws["A1"].value == exporter.TITLE and "người xuất:" in ws["A2"].value
    first, second = rows(ws)
    assert first["Nội dung nhiệm vụ"] == dv.overdue.content           # overdue first, as on the page
    assert first["STT"] == 1 and second["STT"] == 2
    assert first["Văn bản giao"] == "Công văn số 8826/UBND-VXNV"
    assert first["Đơn vị chủ trì"] == units.skhcn.name and first["Đơn vị phối hợp"] == units.syt.name
    assert first["Trạng thái"] == "Quá hạn" and first["Số ngày làm việc quá hạn"] >= 10
    assert second["Trạng thái"] == "Chưa thực hiện" and second["Số ngày làm việc quá hạn"] is None
    deadline = first["Thời hạn"]
    assert isinstance(deadline, dt.datetime) and deadline.date() == dv.overdue.due_on
    date_cell = ws.cell(row=exporter.HEADER_ROW + 1, column=exporter.HEADERS.index("Thời hạn") + 1)
    assert date_cell.number_format == exporter.DATE_FORMAT


def test_export_uses_the_filters_of_the_page(cast, units, dv):
    client = login(cast.appraiser)
    only = rows(download(client, {"status": "overdue"}))
    assert [r["Nội dung nhiệm vụ"] for r in only] == [dv.overdue.content]
    only = rows(download(client, {"q": "benh an dien tu"}))                # typed without diacritics
    assert [r["Nội dung nhiệm vụ"] for r in only] == [dv.upcoming.content]
    ws = download(client, {"unit": units.syt.pk, "page": 3})              # the page number does not matter
    assert [r["Nội dung nhiệm vụ"] for r in rows(ws)] == [dv.upcoming.content]
    assert "đơn vị chủ trì: Sở Y tế" in ws["A2"].value
    assert len(rows(download(client, {"status": "bogus"}))) == 2          # a wrong value is left out, as on the page


def test_export_is_scoped_like_the_list(cast, units, dv):
    """A unit user: the tasks its unit leads or coordinates; the other tree: nothing."""
    assert [r["Nội dung nhiệm vụ"] for r in rows(download(login(cast.staff_a)))] == [dv.overdue.content]
    assert {r["Nội dung nhiệm vụ"] for r in rows(download(login(cast.staff_b)))} == {
        dv.overdue.content, dv.upcoming.content}                       # leads one, coordinates the other
    assert rows(download(login(cast.outsider))) == []


def test_export_is_audited(cast, dv):
    download(login(cast.inspector), {"status": "overdue", "year": TODAY.year})
    event = AuditEvent.objects.get(verb="export.directive_tasks_xlsx")
    assert event.actor == cast.inspector
    assert event.data == {"count": 1 if dv.overdue.due_on.year == TODAY.year else 0,
                          "filters": {"status": "overdue", "year": TODAY.year},
                          "filters_text": f"trạng thái: Quá hạn, thời hạn trong năm {TODAY.year}"}
    assert label(event.verb) == "Xuất danh sách nhiệm vụ được giao ra Excel"
    assert summarize(event).endswith(f"nhiệm vụ; điều kiện lọc: trạng thái: Quá hạn, thời hạn trong năm {TODAY.year}")


def test_export_marks_what_the_five_r_lack(cast, units, dv):
    make_task(cast.appraiser, dv.d, units.thanhtra, deadline=TODAY + dt.timedelta(days=90),
              content="Thanh tra việc quản lý dự án công nghệ thông tin", responsible="")
    row = next(r for r in rows(download(login(cast.leader))) if r["Đơn vị chủ trì"] == units.thanhtra.name)
    assert "Rõ trách nhiệm" in row["Chưa rõ (theo yêu cầu “5 rõ”)"]


@pytest.mark.parametrize("who", ["leader", "staff_a"])
def test_the_task_pages_offer_the_export_and_print(cast, dv, who):
    html = login(getattr(cast, who)).get(reverse("directives:home"), {"status": "overdue", "page": 2}).content.decode()
    link = re.search(r'id="export-link" href="([^"]+)"', html).group(1)
    assert link.startswith(EXPORT)
    if who == "leader":
        assert "status=overdue" in link and "page=" not in link
    assert "data-print" in html
