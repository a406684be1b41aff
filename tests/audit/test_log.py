"""The audit log an inspector works with: who acted (full name, role and unit at the time), what
was done (filters by date range, person, unit, action and object), a link to the object, the
same rows in Excel — and only the reader's own tree."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cds.accounts.models import Role
from cds.audit import exporter, registry
from cds.audit.models import AuditEvent
from cds.audit.selectors import audit_filter, audit_log
from cds.audit.services import record_event
from cds.projects import services
from tests.conftest import login
from tests.factories import UserFactory, source
from tests.homepage import listed, todo_items


def budget(actor, project, amount=5_000_000, year=2024):
    return services.record_budget_entry(actor, project, {"stage": "estimate", "amount": amount, "year": year,
                                                         "funding_source": source()})


def at(event, day: dt.date):
    """Move ``event`` to noon of ``day`` (local time)."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


def page(user, query=""):
    resp = login(user).get(reverse("audit:log") + query)
    assert resp.status_code == 200
    return resp.content.decode()


def log_table(body: str) -> str:
    """The log's table alone (the filter's lists name every person and unit in scope)."""
    start = body.index('id="audit-log"')
    return body[start:body.index("</table>", start)]


def rows(user, **params):
    return list(audit_log(user, params))


def rename(user, first, last):
    """A name no other user of the cast has (the factory's names may repeat)."""
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


# ----------------------------------------------------------------- the actor ----

def test_the_actor_is_named_with_role_and_unit_as_they_were(cast, projects, units):
    budget(cast.staff_a, projects.a)
    event = AuditEvent.objects.get(verb="budget.recorded")
    assert (event.actor_full_name, event.actor_role, event.actor_unit, event.actor_unit_name) == (
        cast.staff_a.get_full_name(), Role.UNIT_STAFF, units.skhcn, "Sở Khoa học và Công nghệ")
    # Later the person moves to another unit and role: the log still says who they were then.
    cast.staff_a.unit, cast.staff_a.role = units.syt, Role.UNIT_HEAD
    cast.staff_a.save()
    body = log_table(page(cast.inspector, "?verb=budget.recorded"))
    assert cast.staff_a.get_full_name() in body
    assert "Chuyên viên đơn vị (chủ đầu tư) · Sở Khoa học và Công nghệ" in body
    assert "Lãnh đạo đơn vị · Sở Y tế" not in body


def test_events_recorded_before_read_the_current_values(cast, projects):
    budget(cast.staff_a, projects.a)
    AuditEvent.objects.update(actor_full_name="", actor_role="", actor_unit=None, actor_unit_name="")
    body = log_table(page(cast.inspector, "?verb=budget.recorded"))
    assert cast.staff_a.get_full_name() in body
    assert "Chuyên viên đơn vị (chủ đầu tư) · Sở Khoa học và Công nghệ" in body


def test_details_read_in_vietnamese_with_a_link_to_the_object(cast, projects):
    budget(cast.staff_a, projects.a, amount=7_500_000)
    services.transition(cast.staff_a, projects.a, "start_dossier")
    body = page(cast.inspector)
    assert "Dự toán/khái toán đề xuất năm 2024: 7.500.000 đ" in body
    assert "Đề xuất → Đang lập hồ sơ" in body
    detail = reverse("projects:detail", args=[projects.a.pk])
    assert f'href="{detail}?tab=trace"' in body   # a ledger event opens the trace of amounts
    assert f'href="{detail}"' in body


def test_a_failed_login_names_no_one_but_the_name_typed(cast, db):
    from django.test import Client

    Client().post(reverse("accounts:login"), {"username": "staff_a", "password": "sai"})
    Client().post(reverse("accounts:login"), {"username": "khong_co_ai", "password": "sai"})
    # the inspectors of the account's tree see the attempt on it; an unknown name only the national level
    body = page(cast.inspector, "?verb=auth.login_failed")
    assert "Người chưa đăng nhập" in body and "Tên đăng nhập đã nhập: “staff_a”" in body
    assert "khong_co_ai" not in body
    national = UserFactory(username="quoc_gia", role=Role.INSPECTOR, unit=None)
    assert "Tên đăng nhập đã nhập: “khong_co_ai”" in page(national, "?verb=auth.login_failed")


def test_the_log_page_costs_the_same_queries_whatever_its_length(cast, projects):
    budget(cast.staff_a, projects.a)
    client = login(cast.inspector)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:log")).status_code == 200
        return len(ctx)

    few = count()
    services.transition(cast.staff_a, projects.a, "start_dossier")
    for n in range(20):
        budget(cast.staff_b if n % 2 else cast.staff_a, projects.b if n % 2 else projects.a)
    AuditEvent.objects.filter(verb="budget.recorded").update(actor_full_name="", actor_unit=None)  # older rows too
    assert count() == few


# ---------------------------------------------------------------- filters ----

def test_filter_by_date_range(cast, projects):
    old = at(record_event(cast.staff_a, "project.created", projects.a), dt.date(2025, 3, 1))
    mid = at(record_event(cast.staff_a, "project.created", projects.a), dt.date(2025, 3, 15))
    new = at(record_event(cast.staff_a, "project.created", projects.a), dt.date(2025, 3, 31))
    got = rows(cast.inspector, date_from="15/03/2025", date_to="31/03/2025", verb="project.created")
    assert {e.pk for e in got} == {mid.pk, new.pk}
    got = rows(cast.inspector, date_to="15/03/2025", verb="project.created")
    assert {e.pk for e in got} >= {old.pk, mid.pk} and new.pk not in {e.pk for e in got}


def test_a_wrong_date_is_refused_in_vietnamese_and_filters_nothing(cast, projects):
    body = page(cast.inspector, "?date_from=2025-13-45")
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy" in body
    body = page(cast.inspector, "?date_from=31/03/2025&date_to=01/03/2025")
    assert "“Đến ngày” phải từ “Từ ngày” trở đi." in body


def test_filter_by_person_and_unit(cast, projects):
    budget(cast.staff_a, projects.a)
    budget(cast.staff_b, projects.b)
    by_a = rows(cast.inspector, person=str(cast.staff_a.pk), verb="budget.recorded")
    assert by_a and {e.actor_id for e in by_a} == {cast.staff_a.pk}
    syt = cast.staff_b.unit
    in_syt = rows(cast.inspector, unit=str(syt.pk), verb="budget.recorded")
    assert in_syt and {e.target_id for e in in_syt} == {projects.b.pk}
    # the unit's people count too: a Sở Y tế user's login concerns Sở Y tế
    record_event(cast.staff_b, "auth.login", cast.staff_b)
    assert rows(cast.inspector, unit=str(syt.pk), verb="auth.login")
    # the parent unit covers its subtree
    tinh = cast.leader.unit
    assert len(rows(cast.inspector, unit=str(tinh.pk), verb="budget.recorded")) == 2


def test_people_and_units_of_another_tree_are_not_offered_and_refused(cast, projects, units):
    rename(cast.outsider, "Ngoài", "Cây Khác")
    body = page(cast.inspector)
    assert cast.staff_a.get_full_name() in body and cast.outsider.get_full_name() not in body
    assert units.bo_vp.name not in body
    body = page(cast.inspector, f"?unit={units.bo_vp.pk}&person={cast.outsider.pk}")
    assert "Đơn vị không có trong phạm vi được xem." in body
    assert "Người thực hiện không có trong phạm vi được xem." in body


def test_filter_by_action_or_all_actions_of_an_app_and_by_object(cast, projects):
    budget(cast.staff_a, projects.a)
    services.transition(cast.staff_a, projects.a, "start_dossier")
    budget(cast.staff_b, projects.b)
    assert {e.verb for e in rows(cast.inspector, verb="project.transition")} == {"project.transition"}
    verbs = {e.verb for e in rows(cast.inspector, verb="app:projects")}
    assert {"budget.recorded", "project.transition", "project.created"} <= verbs
    assert all(v.startswith(("project.", "budget.", "import.", "export.projects")) for v in verbs)
    by_code = rows(cast.inspector, q=projects.b.code)
    assert by_code and {e.target_id for e in by_code} == {projects.b.pk}
    body = page(cast.inspector, "?verb=nonsense")
    assert "Hành động không có trong danh sách." in body
    assert '<optgroup label="Nhiệm vụ/dự án, sổ ngân sách">' in body


def test_the_log_is_paginated(cast, projects):
    for _ in range(60):
        record_event(cast.staff_a, "project.updated", projects.a, data={"fields": ["name"]})
    body = page(cast.inspector, "?verb=project.updated")
    assert body.count("Sửa: tên nhiệm vụ/dự án") == 50 and "1/2" in body
    assert body.count("Sửa: tên nhiệm vụ/dự án") + page(cast.inspector, "?verb=project.updated&page=2").count(
        "Sửa: tên nhiệm vụ/dự án") == 60


# ------------------------------------------------------------------ scope ----

def test_another_trees_events_never_appear(cast, projects, units):
    rename(cast.outsider, "Ngoài", "Cây Khác")
    rename(cast.outsider_staff, "Người", "Của Bộ")
    budget(cast.outsider, projects.bo, amount=9_999_000)
    record_event(cast.outsider_staff, "auth.login", cast.outsider_staff)
    ministry_inspector = UserFactory(username="bo_thanhtra", role=Role.INSPECTOR, unit=units.bo)
    body = page(cast.inspector)
    assert projects.bo.code not in body and "9.999.000" not in body
    assert cast.staff_a.get_full_name() in log_table(body)
    assert cast.outsider.get_full_name() not in body and cast.outsider_staff.get_full_name() not in body
    assert projects.a.code in body
    body = page(ministry_inspector)
    assert projects.bo.code in body and projects.a.code not in body
    # and none through a filter naming the other tree
    assert rows(cast.inspector, q=projects.bo.code) == []
    assert rows(cast.inspector, person=str(cast.outsider.pk)) == rows(cast.inspector)


def test_unit_users_and_appraisers_are_refused(cast, projects):
    for who in (cast.staff_a, cast.head_a, cast.appraiser, cast.outsider_staff):
        client = login(who)
        assert client.get(reverse("audit:log")).status_code == 403
        assert client.get(reverse("audit:export")).status_code == 403
    assert not AuditEvent.objects.filter(verb="export.audit_xlsx").exists()


# ----------------------------------------------------------------- export ----

def download(user, query=""):
    resp = login(user).get(reverse("audit:export") + query)
    assert resp.status_code == 200
    assert resp["Content-Type"] == exporter.XLSX_CONTENT_TYPE
    assert 'filename="nhat-ky-' in resp["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active


def data_rows(ws):
    return [r for r in ws.iter_rows(min_row=exporter.HEADER_ROW + 1, values_only=True) if any(r)]


def test_export_holds_the_filtered_rows_in_vietnamese(cast, projects):
    budget(cast.staff_a, projects.a, amount=7_500_000)
    budget(cast.outsider, projects.bo, amount=9_999_000)
    services.transition(cast.staff_a, projects.a, "start_dossier")
    ws = download(cast.inspector, "?verb=budget.recorded")
    header = [c.value for c in ws[exporter.HEADER_ROW]]
    assert header == [h for h, _w in exporter.COLUMNS]
    got = data_rows(ws)
    assert len(got) == len(rows(cast.inspector, verb="budget.recorded")) == 1
    when, name, username, role, unit, verb, target, _unit, details, _ip = got[0]
    assert (name, username, role, unit, verb) == (cast.staff_a.get_full_name(), "staff_a",
                                                  "Chuyên viên đơn vị (chủ đầu tư)", "Sở Khoa học và Công nghệ",
                                                  "Ghi sổ ngân sách")
    assert target.startswith(projects.a.code) and "7.500.000 đ" in details
    assert dt.datetime.strptime(when, "%d/%m/%Y %H:%M")
    assert "hành động “Ghi sổ ngân sách”" in ws.cell(row=2, column=1).value
    event = AuditEvent.objects.get(verb="export.audit_xlsx")
    assert event.actor == cast.inspector and event.data["count"] == 1
    assert event.summary == "1 dòng; điều kiện lọc: hành động “Ghi sổ ngân sách”"


def test_export_keeps_to_the_readers_tree_and_text_stays_text(cast, projects):
    budget(cast.outsider, projects.bo, amount=9_999_000)
    record_event(cast.staff_a, "project.document_removed", projects.a,
                 data={"document": "=HYPERLINK(\"http://x\")", "reason": "a\x01b"})
    ws = download(cast.inspector)
    text = " ".join(str(v) for r in data_rows(ws) for v in r if v)
    assert projects.bo.code not in text and "9.999.000" not in text
    cell = next(c for r in ws.iter_rows(min_row=exporter.HEADER_ROW + 1) for c in r
                if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_export_stops_at_its_row_limit_and_says_so(cast, projects, monkeypatch):
    monkeypatch.setattr(exporter, "MAX_ROWS", 5)
    for _ in range(8):
        record_event(cast.staff_a, "project.updated", projects.a, data={"fields": ["name"]})
    ws = download(cast.inspector, "?verb=project.updated")
    assert len(data_rows(ws)) == 5
    assert "chỉ xuất 5 dòng mới nhất trong 8 dòng" in ws.cell(row=2, column=1).value
    assert AuditEvent.objects.get(verb="export.audit_xlsx").data["truncated"] is True


# ------------------------------------------------------------------- kinds ----

def test_kind_filter_separates_changes_from_exports_and_reads(cast, projects):
    """"Loại": data changed (neither an export nor a read) or data taken out — the inspector's
    home page counts both over the last days and links here."""
    record_event(cast.leader, "auth.login", cast.leader)
    changed = budget(cast.staff_a, projects.a)
    record_event(cast.staff_a, "export.projects_xlsx", data={"count": 3, "filters": {}})
    old = record_event(cast.staff_a, "export.projects_xlsx", data={"count": 1, "filters": {}})
    at(old, timezone.localdate() - dt.timedelta(days=40))
    assert "export.projects_xlsx" in registry.verbs_of_kind("exports")
    assert "auth.login" not in registry.verbs_of_kind("changes") + registry.verbs_of_kind("exports")
    assert "budget.recorded" in registry.verbs_of_kind("changes") and changed
    verbs = {e.verb for e in rows(cast.inspector, kind="changes")}
    assert "budget.recorded" in verbs and not verbs & {"auth.login", "export.projects_xlsx"}
    assert {e.verb for e in rows(cast.inspector, kind="exports")} == {"export.projects_xlsx"}
    client = login(cast.inspector)
    items = todo_items(client.get("/").content.decode())
    exports, href = items["audit.exports"]
    assert exports == 1 and listed(client, href) == (1, 1)     # the one of 40 days ago is left out
    changes, href = items["audit.changes"]
    assert changes == len(rows(cast.inspector, kind="changes")) and listed(client, href) == (changes, changes)
    assert "loại: xuất, tải dữ liệu" in audit_filter(cast.inspector, {"kind": "exports"}).describe()
