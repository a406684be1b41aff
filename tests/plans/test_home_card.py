"""The home page shows the execution of this year's approved plan: approved → allocated → disbursed."""
import datetime as dt

import pytest

from cds.dashboard import views as dashboard_views
from cds.plans import services as ps
from cds.projects import services as project_services
from cds.projects.models import Stage
from tests.conftest import login
from tests.factories import source

from .conftest import TODAY, YEAR
from .test_workflow import _approved_plan

pytestmark = pytest.mark.django_db


def test_the_home_page_follows_the_approved_plan_into_the_ledger(cast, plan_round, monkeypatch):
    plan, a, _ = _approved_plan(cast, plan_round)
    ps.register_plan(cast.appraiser, plan)
    a.refresh_from_db()
    for stage, amount in ((Stage.ALLOCATED, 1_200_000_000), (Stage.DISBURSED, 300_000_000)):
        project_services.record_budget_entry(cast.staff_b, a.project, {
            "year": YEAR, "funding_source": source("NSDP-DT"), "stage": stage, "amount": amount,
            "decision_number": "7/QĐ-UBND", "decision_date": TODAY})
    from cds.plans.selectors import execution_overview

    [row] = execution_overview(cast.leader, YEAR)
    assert (row.approved, row.allocated, row.disbursed) == (3_000_000_000, 1_200_000_000, 300_000_000)
    assert execution_overview(cast.outsider, YEAR) == []
    assert [r.plan for r in execution_overview(cast.staff_b, YEAR)] == [plan]  # the published plan
    monkeypatch.setattr(dashboard_views.timezone, "localdate", lambda: dt.date(YEAR, 3, 1))
    html = login(cast.leader).get("/").content.decode()
    assert 'data-testid="plans-card"' in html and "3.000.000.000" in html and "1.200.000.000" in html
    assert 'data-testid="plans-card"' not in login(cast.outsider).get("/").content.decode()
