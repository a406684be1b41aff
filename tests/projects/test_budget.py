import datetime as dt

import pytest
from django.urls import reverse

from cds.core.errors import ConflictError, ServiceError
from cds.projects import selectors, services
from cds.projects.models import BudgetEntry, EventKind
from tests.conftest import login
from tests.factories import source

D = dt.date(2024, 3, 1)


def entry(actor, project, stage, amount, year=2024, **kw):
    data = {"stage": stage, "amount": amount, "year": year, "funding_source": kw.pop("src", source())}
    if stage in ("approved", "allocated", "settled"):
        data.update(decision_number=kw.pop("decision_number", "10/QĐ-UBND"), decision_date=kw.pop("decision_date", D))
    data.update(kw)
    return services.record_budget_entry(actor, project, data)


def test_totals_and_disbursement_rate(cast, projects):
    p = projects.a
    entry(cast.staff_a, p, "estimate", 5_000_000_000)
    entry(cast.staff_a, p, "approved", 4_800_000_000)
    entry(cast.staff_a, p, "allocated", 2_000_000_000, year=2024)
    entry(cast.staff_a, p, "allocated", 2_800_000_000, year=2025)
    entry(cast.staff_a, p, "disbursed", 1_500_000_000, year=2024)
    p.refresh_from_db()
    assert (p.total_estimate, p.total_approved, p.total_allocated, p.total_disbursed) == (
        5_000_000_000, 4_800_000_000, 4_800_000_000, 1_500_000_000)
    assert p.disbursement_rate == 31.2


def test_warnings(cast, projects):
    p = projects.a
    entry(cast.staff_a, p, "approved", 1_000_000_000)
    entry(cast.staff_a, p, "allocated", 500_000_000)
    entry(cast.staff_a, p, "disbursed", 700_000_000)
    entry(cast.staff_a, p, "settled", 1_200_000_000)
    p.refresh_from_db()
    p = selectors.project_detail(cast.staff_a, p.pk)
    warnings = " ".join(selectors.ledger_summary(p)["warnings"])
    assert "Năm 2024: giải ngân 700.000.000 đ vượt kế hoạch vốn được giao 500.000.000 đ" in warnings
    assert "quyết toán 1.200.000.000 đ vượt tổng mức" in warnings


def test_rebaseline_needs_decision_and_is_recorded(cast, projects):
    p = projects.a
    first = entry(cast.staff_a, p, "approved", 1_000_000_000)
    with pytest.raises(ServiceError):
        services.record_budget_entry(cast.staff_a, p, {"stage": "approved", "amount": 900_000_000, "year": 2024,
                                                       "funding_source": source()})
    second = entry(cast.staff_a, p, "approved", 900_000_000, decision_number="20/QĐ-UBND",
                   decision_date=dt.date(2024, 9, 1))
    first.refresh_from_db()
    p.refresh_from_db()
    assert first.superseded_by == second and second.is_rebaseline
    assert p.total_approved == 900_000_000 and p.rebaseline_count == 1
    ev = p.events.get(kind=EventKind.REBASELINE)
    assert "1.000.000.000" in ev.reason and "900.000.000" in ev.reason
    warnings = selectors.ledger_summary(selectors.project_detail(cast.staff_a, p.pk))["warnings"]
    assert any("điều chỉnh 1 lần" in w for w in warnings)


def test_bad_amounts_change_nothing(cast, projects):
    p = projects.a
    for bad in (-1, 1.5, "abc", None):
        with pytest.raises(ServiceError):
            services.record_budget_entry(cast.staff_a, p, {"stage": "estimate", "amount": bad, "year": 2024,
                                                           "funding_source": source()})
    assert BudgetEntry.objects.filter(project=p).count() == 0


def test_void_keeps_entry_and_checks_version(cast, projects):
    p = projects.a
    e = entry(cast.staff_a, p, "estimate", 3_000_000_000)
    with pytest.raises(ConflictError):
        services.void_budget_entry(cast.staff_a, e, reason="Nhập nhầm", expected_version=e.version + 5)
    services.void_budget_entry(cast.staff_a, e, reason="Nhập nhầm", expected_version=e.version)
    e.refresh_from_db()
    p.refresh_from_db()
    assert e.voided and BudgetEntry.objects.filter(pk=e.pk).exists()
    assert p.total_estimate == 0


def test_budget_form_vietnamese_money(cast, projects):
    client = login(cast.staff_a)
    url = reverse("projects:budget_add", args=[projects.a.pk])
    resp = client.post(url, {"stage": "estimate", "year": 2024, "funding_source": source().pk,
                             "amount": "1.250.000.000"})
    assert resp.status_code == 302
    projects.a.refresh_from_db()
    assert projects.a.total_estimate == 1_250_000_000
    resp = client.post(url, {"stage": "estimate", "year": 2024, "funding_source": source().pk, "amount": "-5"})
    assert resp.status_code == 400 and "Số tiền không được âm" in resp.content.decode()
    resp = client.post(url, {"stage": "approved", "year": 2024, "funding_source": source().pk, "amount": "5"})
    assert resp.status_code == 400 and "cần số quyết định" in resp.content.decode()
    projects.a.refresh_from_db()
    assert projects.a.total_estimate == 1_250_000_000 and projects.a.total_approved == 0
    page = client.get(reverse("projects:detail", args=[projects.a.pk]) + "?tab=budget").content.decode()
    assert "1.250.000.000 đ" in page
