"""``disbursement=behind``: projects whose disbursement this year is behind the share of the year
gone by of this year's capital plan — the same rows on the list page, its export and
``GET /api/v1/projects`` (the leader's home page counts them)."""
import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from cds.projects import services
from cds.projects.filters import ProjectFilterSet, behind_plan, year_elapsed
from cds.projects.models import Project
from tests.api.conftest import ApiClient
from tests.conftest import login
from tests.factories import make_project, source


def entry(actor, project, stage, amount, year):
    services.record_budget_entry(actor, project, {
        "stage": stage, "amount": amount, "year": year, "funding_source": source(),
        "decision_number": "10/QĐ-UBND", "decision_date": dt.date(min(year, timezone.localdate().year), 1, 1)})


def test_year_elapsed():
    assert year_elapsed(dt.date(2026, 1, 1)) == (1, 365)
    assert year_elapsed(dt.date(2026, 7, 2)) == (183, 365)
    assert year_elapsed(dt.date(2024, 12, 31)) == (366, 366)


def test_behind_is_against_the_share_of_the_year_gone_by(cast, units):
    year = 2026
    slow = make_project(cast.staff_a, units.skhcn, name="Giải ngân chậm")
    on_pace = make_project(cast.staff_a, units.skhcn, name="Giải ngân đúng tiến độ")
    last_year_only = make_project(cast.staff_a, units.skhcn, name="Chỉ có kế hoạch vốn năm trước")
    entry(cast.staff_a, slow, "allocated", 1_000_000_000, year)
    entry(cast.staff_a, slow, "disbursed", 400_000_000, year)
    entry(cast.staff_a, on_pace, "allocated", 1_000_000_000, year)
    entry(cast.staff_a, on_pace, "disbursed", 600_000_000, year)
    entry(cast.staff_a, last_year_only, "allocated", 1_000_000_000, year - 1)
    # 2 July: 183 of 365 days gone (50.1 %)
    behind = set(behind_plan(Project.objects.all(), dt.date(year, 7, 2)).values_list("name", flat=True))
    assert behind == {"Giải ngân chậm"}
    # 31 August: 243/365 = 66.6 %: both are behind
    assert behind_plan(Project.objects.all(), dt.date(year, 8, 31)).count() == 2
    # 10 January: 10/365 = 2.7 %: neither is behind
    assert behind_plan(Project.objects.all(), dt.date(year, 1, 10)).count() == 0


def test_page_export_and_api_list_the_same_projects(cast, units):
    year = timezone.localdate().year
    slow = make_project(cast.staff_a, units.skhcn, name="Hệ thống giải ngân chậm")
    done = make_project(cast.staff_a, units.skhcn, name="Hệ thống đã giải ngân đủ")
    entry(cast.staff_a, slow, "allocated", 1_000_000_000, year)
    entry(cast.staff_a, done, "allocated", 1_000_000_000, year)
    entry(cast.staff_a, done, "disbursed", 1_000_000_000, year)
    html = login(cast.leader).get(reverse("projects:list"), {"disbursement": "behind"}).content.decode()
    assert slow.code in html and done.code not in html and 'data-testid="result-count">1<' in html
    assert f"Giải ngân chậm năm {year}</option>" in html and "tỷ lệ thời gian đã qua của năm" in html
    export = login(cast.leader).get(reverse("projects:export"), {"disbursement": "behind"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    codes = {cell.value for cell in sheet["A"]}
    assert slow.code in codes and done.code not in codes
    api = ApiClient.login("leader")
    body = api.get("/projects", {"disbursement": "behind"}).json()
    assert [p["code"] for p in body["items"]] == [slow.code] and body["count"] == 1
    refused = api.get("/projects", {"disbursement": "slow"})
    assert refused.status_code == 400 and refused.json()["detail"].startswith("Giải ngân không hợp lệ")
    assert ProjectFilterSet.for_user({"disbursement": "behind"}, cast.staff_b).qs.count() == 0  # not Sở Y tế's
