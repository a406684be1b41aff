"""The procurement services: what a unit records, what is refused and leaves nothing behind,
maker ≠ checker, and the awarded prices the estimates read."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cds.catalog.models import FundingSource
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.estimates.models import PricePoint, PriceSource
from cds.procurement import services
from cds.procurement.models import Contract, Package, SelectionPlan
from cds.projects.models import Stage
from cds.projects.services import record_budget_entry

PACKAGE = {"name": "Mua sắm máy chủ", "field": "goods", "package_price": "1.900.000.000", "method": "open",
           "online": True, "selection_start": "01/03/2025", "notice_code": "IB2500012345-00"}
RESULT = {"contractor_name": "Công ty TNHH Giải pháp Số", "contractor_tax_code": "0101234567",
          "awarded_price": "1.750.000.000", "bidders": "3", "awarded_on": "20/04/2025"}


@pytest.fixture
def plan(projects, cast):
    return services.create_plan(cast.staff_a, projects.a, {"name": "KHLCNT dự án đất đai", "plan_code": "PL2500000001",
                                                           "decision_date": "15/02/2025"})


def test_a_package_its_result_contract_and_payment(plan, cast, projects):
    package = services.create_package(cast.staff_a, plan, PACKAGE)
    assert (package.unit, package.project, package.notice_code) == (projects.a.investor_unit, projects.a,
                                                                    "IB2500012345")
    package = services.record_result(cast.staff_a, package, RESULT, package.version)
    assert package.savings == 150_000_000 and package.contractor.tax_code == "0101234567"
    contract = services.save_contract(cast.staff_a, package, {"number": "01/2025/HĐ", "value": "1.750.000.000",
                                                               "signed_on": "25/04/2025",
                                                               "planned_completion": "31/12/2025"}, package.version)
    source = FundingSource.objects.first()
    entry = record_budget_entry(cast.staff_a, projects.a, {"year": 2025, "stage": Stage.DISBURSED,
                                                           "funding_source": source, "amount": 500_000_000})
    package.refresh_from_db()
    services.add_payment(cast.staff_a, contract, {"entry": entry.pk, "amount": "400.000.000", "paid_on": "01/06/2025"},
                         package.version)
    package.refresh_from_db()
    with pytest.raises(ServiceError, match="chỉ còn 100.000.000"):
        services.add_payment(cast.staff_a, contract, {"entry": entry.pk, "amount": "200.000.000",
                                                      "paid_on": "02/06/2025"}, package.version)
    assert contract.payments.count() == 1


def test_bad_input_is_refused_whole_and_changes_nothing(plan, cast):
    bad = {**PACKAGE, "package_price": "-5", "notice_code": "IB12", "selection_start": "31/02/2025", "field": "x"}
    with pytest.raises(ServiceError) as exc:
        services.create_package(cast.staff_a, plan, bad)
    assert set(exc.value.message_dict) == {"package_price", "notice_code", "selection_start", "field"}
    assert not Package.objects.exists()


def test_a_notice_code_names_one_package_whatever_its_version(plan, cast):
    services.create_package(cast.staff_a, plan, PACKAGE)
    with pytest.raises(ServiceError, match="IB2500012345 đã có"):
        services.create_package(cast.staff_a, plan, {**PACKAGE, "notice_code": "IB2500012345-01"})


def test_maker_is_not_checker_and_a_change_clears_the_confirmation(plan, cast):
    package = services.create_package(cast.staff_a, plan, PACKAGE)
    with pytest.raises(PermissionDenied):
        services.confirm_package(cast.staff_a, package, package.version)   # staff does not confirm
    package = services.update_package(cast.head_a, package, {**PACKAGE, "name": "Mua máy chủ"}, package.version)
    with pytest.raises(MakerCheckerError):
        services.confirm_package(cast.head_a, package, package.version)
    package = services.confirm_package(cast.appraiser, package, package.version)
    assert package.checked_by == cast.appraiser
    package = services.update_package(cast.staff_a, package, PACKAGE, package.version)
    assert package.checked_by is None
    with pytest.raises(ConflictError):
        services.update_package(cast.staff_a, package, PACKAGE, package.version - 1)


def test_other_units_and_the_inspector_cannot_record(plan, cast):
    for user in (cast.staff_b, cast.inspector, cast.outsider, cast.leader):
        with pytest.raises(PermissionDenied):
            services.create_package(user, plan, PACKAGE)
    assert not Package.objects.exists() and SelectionPlan.objects.count() == 1


def test_awarded_item_prices_become_market_evidence(plan, cast, projects):
    package = services.create_package(cast.staff_a, plan, PACKAGE)
    package = services.record_result(cast.staff_a, package, RESULT, package.version)
    services.set_items(cast.staff_a, package, [
        {"name": "Máy chủ ứng dụng (2 CPU)", "unit": "Bộ", "quantity": "2", "unit_price": "600.000.000",
         "brand": "Dell R760", "origin": "Trung Quốc"}], package.version)
    point = PricePoint.objects.get(source=PriceSource.AWARD)
    assert (point.item_key, point.unit_price, point.day, point.package_id) == (
        "may chu ung dung", 600_000_000, dt.date(2025, 4, 20), package.pk)
    assert point.tree_prefix == projects.a.investor_unit.tree_prefix
    assert not Contract.objects.exists()


def test_packages_follow_their_project_to_another_investor(plan, cast, projects, units):
    from cds.projects.services import update_project

    package = services.create_package(cast.staff_a, plan, PACKAGE)
    project = projects.a
    project.refresh_from_db()
    update_project(cast.appraiser, project, {"investor_unit": units.syt}, expected_version=project.version)
    package.refresh_from_db()
    assert package.unit == units.syt


def test_the_history_names_who_changed_what_without_a_request(plan, cast):
    """The import, the demo and the commands run without a request: the history still names the
    person the service acted for."""
    package = services.create_package(cast.staff_a, plan, PACKAGE)
    package = services.record_result(cast.head_a, package, RESULT, package.version)
    assert [h.history_user for h in package.history.order_by("history_id")] == [cast.staff_a, cast.head_a]
    assert plan.history.get().history_user == cast.staff_a
