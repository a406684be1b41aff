"""The leader's overview and tasks of units that ended; the deadline once an extension is granted."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.directives import services
from cds.orgs.models import UnitKind
from cds.orgs.services import set_successors
from tests.conftest import login
from tests.factories import make_unit

from .conftest import TODAY, make_directive, make_task, vn

DISTRICT_END = dt.date(2025, 6, 30)


@pytest.fixture
def district(cast, units):
    """A district that ended on 30/6/2025, succeeded by two communes, and a directive of 2023 that
    gave it a report due 10/01/2024 it never sent (recorded after the reorganisation, as old
    directives are), beside a task of Sở Y tế overdue by a few days."""
    huyen = make_unit("T01-HTP", "UBND huyện Tân Phong", parent=units.tinh, kind=UnitKind.DISTRICT,
                      short_name="UBND huyện Tân Phong")
    xa1 = make_unit("T01-XTP", "UBND xã Tân Phong", parent=units.tinh, kind=UnitKind.COMMUNE,
                    valid_from=dt.date(2025, 7, 1))
    xa2 = make_unit("T01-XTH", "UBND xã Tân Hiệp", parent=units.tinh, kind=UnitKind.COMMUNE,
                    valid_from=dt.date(2025, 7, 1))
    set_successors(huyen, [xa1, xa2], actor=cast.admin, valid_to=DISTRICT_END)
    d = make_directive(cast.appraiser, units.tinh, issued_on=dt.date(2023, 12, 28))
    old = make_task(cast.appraiser, d, huyen, deadline=dt.date(2024, 1, 10), lead_text="UBND huyện Tân Phong",
                    content="Xây dựng báo cáo đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số của huyện")
    recent = make_task(cast.appraiser, make_directive(cast.appraiser, units.tinh, number="215/KH-UBND"), units.syt,
                       deadline=TODAY - dt.timedelta(days=10), content="Đánh giá hiệu quả hệ thống khám chữa bệnh")
    return huyen, xa1, xa2, old, recent


def first_row(body: str, table: str = "tasks-table") -> str:
    return body.split(f'id="{table}"')[1].split('data-testid="task-row"')[1].split("</tr>")[0]


def count(body: str, name: str) -> int:
    return int(re.search(rf'data-testid="count-{name}">([\d.]+)<', body).group(1).replace(".", ""))


def test_leader_overview_is_not_topped_by_an_ended_units_task(cast, district):
    huyen, xa1, _, old, recent = district
    leader = login(cast.leader)
    url = reverse("directives:home")

    # Not handed over yet: listed apart as "cần giao lại", counted there and not as overdue.
    body = leader.get(url).content.decode()
    assert "Triển khai" not in first_row(body) and "khám chữa bệnh" in first_row(body)
    assert "Xây dựng báo cáo đánh giá hiệu quả" in first_row(body, "reassign-table")
    assert "cần giao lại" in first_row(body, "reassign-table")
    assert count(body, "overdue") == 1 and count(body, "total") == 1
    listed = leader.get(url, {"status": "reassign"}).content.decode()
    assert "Xây dựng báo cáo đánh giá hiệu quả" in first_row(listed) and 'id="reassign"' not in listed
    assert "khám chữa bệnh" not in leader.get(url, {"status": "overdue"}).content.decode().split('id="tasks"')[0]

    # Handed over (the daily job): the first commune leads it and the row says where it came from.
    call_command("transfer_ended_work", stdout=io.StringIO())
    body = leader.get(url).content.decode()
    row = first_row(body)
    assert "UBND xã Tân Phong" in row and f"nhận từ UBND huyện Tân Phong ({vn(TODAY)}, khi đã quá hạn)" in row
    assert 'id="reassign"' not in body and count(body, "overdue") == 2
    old.refresh_from_db()
    assert old.lead_unit == xa1 and old.transferred_from == huyen
    event = AuditEvent.objects.get(verb="directive.task_transferred", target_id=old.pk)
    assert event.actor == cast.admin and event.data["automatic"] is True   # on behalf of who recorded the reorganisation

    # On the task page the document's wording stays, as history.
    page = leader.get(reverse("directives:task", args=[old.pk])).content.decode()
    assert f"Nhận chuyển giao từ UBND huyện Tân Phong (đến 30/06/2025) ngày {vn(TODAY)}" in page
    assert "Văn bản ghi: UBND huyện Tân Phong" in page


def test_no_successor_the_issuer_gives_the_task_to_another_unit(cast, units, district):
    huyen, xa1, _, old, _ = district
    huyen.successors.clear()
    call_command("transfer_ended_work", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.lead_unit == huyen      # nobody to receive it: flagged, still listed apart
    page = login(cast.appraiser).get(reverse("directives:task", args=[old.pk])).content.decode()
    assert "cần giao lại cho đơn vị khác" in page and reverse("directives:task_edit", args=[old.pk]) in page

    data = {"content": old.content, "lead_unit": units.syt.pk, "lead_text": old.lead_text,
            "deadline": TODAY + dt.timedelta(days=15), "deadline_kind": "date", "responsible": "Giám đốc Sở",
            "expected_product": "Báo cáo"}
    services.update_task(cast.appraiser, old, data, version=old.version)
    old.refresh_from_db()
    assert (old.lead_unit, old.transferred_from) == (units.syt, huyen)
    event = AuditEvent.objects.get(verb="directive.task_transferred", target_id=old.pk)
    assert event.actor == cast.appraiser and event.data["rule"] == "cơ quan giao nhiệm vụ giao lại"
    body = login(cast.leader).get(reverse("directives:home")).content.decode()
    assert 'id="reassign"' not in body


def test_granted_extension_shows_the_new_deadline_as_current_and_the_old_wording_as_history(cast, units):
    d = make_directive(cast.appraiser, units.tinh)
    first, granted = TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=40)
    task = make_task(cast.appraiser, d, units.syt, deadline=first, deadline_text=f"trước ngày {vn(first)}")
    req = services.request_extension(cast.head_b, task, proposed=granted, reason="Chờ số liệu quý.")
    leader = login(cast.leader)
    pending = leader.get(reverse("directives:home")).content.decode()
    assert "hạn ban đầu" not in pending and f"trước ngày {vn(first)}" in pending   # not granted yet

    services.decide_extension(cast.leader, req, approve=True, note="Đồng ý.")
    history = f"hạn ban đầu: trước ngày {vn(first)}, gia hạn đến {vn(granted)}"
    row = first_row(leader.get(reverse("directives:home")).content.decode())
    assert vn(granted) in row and "đã gia hạn" in row and history in row
    assert f'fst-italic">trước ngày {vn(first)}' not in row     # the old wording no longer shown as the deadline
    page = leader.get(reverse("directives:task", args=[task.pk])).content.decode()
    assert f"<strong>{vn(granted)}</strong>" in page
    assert f"Hạn ban đầu: trước ngày {vn(first)} (văn bản ghi), gia hạn đến {vn(granted)}" in page
    assert f"Văn bản ghi: trước ngày {vn(first)}" not in page
    mine = login(cast.staff_b).get(reverse("directives:home")).content.decode()
    assert history in mine

    # The issuer sets another deadline afterwards: that one is current, the extension is past.
    task.refresh_from_db()
    later = granted + dt.timedelta(days=5)
    services.update_task(cast.appraiser, task, {
        "content": task.content, "lead_unit": units.syt.pk, "deadline": later, "deadline_kind": "date",
        "deadline_text": f"trước ngày {vn(later)}", "responsible": "Giám đốc Sở", "expected_product": "Kế hoạch"},
        version=task.version)
    assert "hạn ban đầu" not in first_row(leader.get(reverse("directives:home")).content.decode())


def test_refused_extension_keeps_the_deadline_wording(cast, units):
    d = make_directive(cast.appraiser, units.tinh)
    first = TODAY + dt.timedelta(days=10)
    task = make_task(cast.appraiser, d, units.syt, deadline=first, deadline_text=f"trước ngày {vn(first)}")
    req = services.request_extension(cast.head_b, task, proposed=first + dt.timedelta(days=9), reason="Chờ số liệu.")
    services.decide_extension(cast.leader, req, approve=False, note="Không đồng ý, đề nghị khẩn trương.")
    row = first_row(login(cast.leader).get(reverse("directives:home")).content.decode())
    assert f"trước ngày {vn(first)}" in row and "gia hạn đến" not in row
