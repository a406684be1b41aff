"""The procurement pages as each reader sees them: the list with its figures, filters and export,
a package with its warnings, contract and payments, a plan, a contractor, the rule data and the
project page's panel — scope everywhere (unit B never sees unit A's packages, the other tree sees
nothing), figures equal to the hand-computed values, and a constant number of queries."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from cds.procurement import rollup, selectors, services
from cds.procurement.models import Level, Package, Warning
from cds.projects.models import Stage
from cds.projects.services import record_budget_entry
from tests.conftest import login
from tests.factories import source

CITATION = "Luật Đấu thầu số 22/2023/QH15 Điều 23"


def _plan(actor, project, name, code=""):
    return services.create_plan(actor, project, {"name": name, "plan_code": code, "decision_number": "12/QĐ-SKHCN",
                                                 "decision_date": "15/02/2025"})


def _package(actor, plan, name, price, *, method="open", field="goods", start="01/03/2025", notice="",
             result=None):
    package = services.create_package(actor, plan, {
        "name": name, "field": field, "package_price": str(price), "method": method, "online": method == "open",
        "selection_start": start, "notice_code": notice}, refresh=False)
    if result:
        tax, contractor, awarded, bidders = result
        package = services.record_result(actor, package, {
            "contractor_name": contractor, "contractor_tax_code": tax, "awarded_price": str(awarded),
            "bidders": str(bidders), "awarded_on": f"{package.selection_start + dt.timedelta(days=40):%d/%m/%Y}"},
            package.version, refresh=False)
    return package


def _warn(package, code, message, **evidence):
    """A warning written here (not by the checks); the unit's rollups follow it, as they follow
    the checks' own rebuild."""
    warning = Warning.objects.create(package=package, unit=package.unit, code=code, level=Level.WARNING,
                                     message=message, citation=CITATION, evidence=evidence)
    rollup.rebuild(package.unit_id)
    return warning


@pytest.fixture
def world(cast, projects):
    return build_world(cast, projects)


def build_world(cast, projects):
    """Unit A (Sở KH&CN): two plans, four packages; unit B (Sở Y tế): one package won by the same
    contractor as one of A's; the ministry: one package."""
    plan_a = _plan(cast.staff_a, projects.a, "KHLCNT dự án đất đai", "PL2500000001")
    server = _package(cast.staff_a, plan_a, "Mua sắm máy chủ", 1_900_000_000, notice="IB2500012345-00",
                      result=("0101234567", "Công ty TNHH Giải pháp Số", 1_710_000_000, 3))
    software = _package(cast.staff_a, plan_a, "Phần mềm quản lý hồ sơ địa chính", 800_000_000, method="direct",
                        field="consulting", start="10/03/2025",
                        result=("0109999999", "Công ty Cổ phần Tư vấn Địa chính", 796_000_000, 1))
    survey = _package(cast.staff_a, plan_a, "Khảo sát hiện trạng", 200_000_000, method="direct", field="consulting",
                      start="05/01/2024")
    plan_a2 = _plan(cast.staff_a, projects.a, "KHLCNT bổ sung")
    cameras = _package(cast.staff_a, plan_a2, "Thiết bị mạng", 400_000_000, method="competitive", start="15/06/2025",
                       result=("0101234567", "Công ty TNHH Giải pháp Số", 300_000_000, 2))
    plan_b = _plan(cast.staff_b, projects.b, "KHLCNT bệnh án điện tử")
    clinic = _package(cast.staff_b, plan_b, "Phần mềm bệnh án điện tử", 3_000_000_000, start="01/04/2025",
                      result=("0101234567", "Công ty TNHH Giải pháp Số", 2_900_000_000, 1))
    plan_bo = _plan(cast.outsider_staff, projects.bo, "KHLCNT của Bộ")
    ministry = _package(cast.outsider_staff, plan_bo, "Máy chủ của Bộ", 900_000_000,
                        result=("0101234567", "Công ty TNHH Giải pháp Số", 850_000_000, 2))
    Warning.objects.all().delete()   # only the warnings written here
    w_single = _warn(software, "bidders.single", "Chỉ có một nhà thầu dự thầu.", bidders=1)
    w_split = _warn(server, "split", "Các gói cùng lĩnh vực, gần nhau về thời gian, cộng lại vượt hạn mức.",
                    others=[{"id": cameras.pk}, {"id": clinic.pk}], sum=2_300_000_000, max_amount=2_000_000_000)
    _warn(clinic, "bidders.single", "Chỉ có một nhà thầu dự thầu.", bidders=1)
    for unit_id in set(Package.objects.values_list("unit_id", flat=True)):   # the packages were written unchecked
        rollup.rebuild(unit_id)
    return type("World", (), dict(plan_a=plan_a, plan_a2=plan_a2, plan_b=plan_b, plan_bo=plan_bo, server=server,
                                  software=software, survey=survey, cameras=cameras, clinic=clinic, ministry=ministry,
                                  w_single=w_single, w_split=w_split))


def _names(response) -> set[str]:
    return {p.name for p in response.context["rows"]}


A_NAMES = {"Mua sắm máy chủ", "Phần mềm quản lý hồ sơ địa chính", "Khảo sát hiện trạng", "Thiết bị mạng"}


def test_the_inspector_reads_every_package_of_the_tree_and_unit_b_only_its_own(world, cast):
    index = reverse("procurement:index")
    assert _names(login(cast.inspector).get(index)) == A_NAMES | {"Phần mềm bệnh án điện tử"}
    assert _names(login(cast.staff_b).get(index)) == {"Phần mềm bệnh án điện tử"}
    assert _names(login(cast.staff_a).get(index)) == A_NAMES
    response = login(cast.outsider).get(index)
    assert response.status_code == 200 and _names(response) == {"Máy chủ của Bộ"}
    response = login(cast.outsider).get(index, {"q": "dat dai"})
    assert _names(response) == set() and response.context["figures"]["count"] == 0


def test_records_outside_the_scope_answer_404(world, cast):
    b, outsider = login(cast.staff_b), login(cast.outsider)
    for client in (b, outsider):
        assert client.get(reverse("procurement:package", args=[world.server.pk])).status_code == 404
        assert client.get(reverse("procurement:plan", args=[world.plan_a.pk])).status_code == 404
    # the contractor won only unit A's package "Phần mềm quản lý hồ sơ địa chính"
    assert b.get(reverse("procurement:contractor", args=[world.software.contractor_id])).status_code == 404
    assert login(cast.inspector).get(reverse("procurement:package", args=[world.clinic.pk])).status_code == 200


def test_a_contractor_shows_only_the_packages_in_scope_and_counts_only_them(world, cast):
    url = reverse("procurement:contractor", args=[world.server.contractor_id])
    response = login(cast.staff_b).get(url)
    assert _names(response) == {"Phần mềm bệnh án điện tử"} and response.context["figures"]["count"] == 1
    body = response.content.decode()
    assert "Mua sắm máy chủ" not in body and "Thiết bị mạng" not in body
    response = login(cast.inspector).get(url)
    assert _names(response) == {"Mua sắm máy chủ", "Thiết bị mạng", "Phần mềm bệnh án điện tử"}
    assert response.context["figures"]["awarded_price"] == 1_710_000_000 + 300_000_000 + 2_900_000_000


def test_the_figures_are_the_hand_computed_ones(world, cast):
    figures = selectors.figures(Package.objects.filter(unit=world.server.unit))
    awarded_package = 1_900_000_000 + 800_000_000 + 400_000_000
    awarded = 1_710_000_000 + 796_000_000 + 300_000_000
    assert figures["count"] == 4 and figures["awarded_count"] == 3
    assert figures["package_price"] == awarded_package + 200_000_000
    assert (figures["awarded_package_price"], figures["awarded_price"]) == (awarded_package, awarded)
    assert figures["savings_rate"] == pytest.approx((awarded_package - awarded) / awarded_package)
    assert figures["avg_bidders"] == pytest.approx(2.0)
    assert (figures["single_bidder"], figures["single_bidder_share"]) == (1, pytest.approx(1 / 3))
    methods = {m["method"]: m for m in selectors.by_method(Package.objects.filter(unit=world.server.unit))}
    assert methods["open"]["share"] == pytest.approx(1_710_000_000 / awarded)
    assert methods["direct"]["share"] == pytest.approx(796_000_000 / awarded)
    assert methods["direct"]["count"] == 2 and methods["direct"]["awarded_count"] == 1
    units = {u["unit_name"]: u for u in selectors.by_unit(Package.objects.all())}
    assert units["Sở KH&CN"]["count"] == 4 and units["Sở Y tế"]["awarded_price"] == 2_900_000_000
    codes = {w["code"]: (w["count"], w["packages"]) for w in selectors.warning_counts(Package.objects.all())}
    assert codes == {"bidders.single": (2, 2), "split": (1, 1)}
    # the page shows them for the filtered set
    response = login(cast.staff_a).get(reverse("procurement:index"))
    assert response.context["figures"]["savings_rate"] == pytest.approx(figures["savings_rate"])
    assert "9,48%" in response.content.decode()   # (3.100 − 2.806) ÷ 3.100 triệu


def test_late_contracts_are_counted(world, cast):
    package = Package.objects.get(pk=world.cameras.pk)
    services.save_contract(cast.staff_a, package, {"number": "05/2025/HĐ", "value": "300.000.000",
                                                   "signed_on": "01/08/2025", "planned_completion": "30/09/2025"},
                           package.version)
    package = Package.objects.get(pk=world.server.pk)
    services.save_contract(cast.staff_a, package, {"number": "06/2025/HĐ", "value": "1.710.000.000",
                                                   "signed_on": "25/04/2025", "planned_completion": "31/12/2025",
                                                   "actual_completion": "20/12/2025"}, package.version)
    figures = selectors.figures(Package.objects.filter(unit=package.unit), today=dt.date(2026, 1, 10))
    assert (figures["contracts"], figures["late_contracts"]) == (2, 1)
    assert selectors.figures(Package.objects.filter(unit=package.unit), today=dt.date(2025, 6, 1))[
        "late_contracts"] == 0


@pytest.mark.parametrize("params, expected", [
    ({"q": "dat dai"}, A_NAMES),                                       # the project's name, unaccented
    ({"q": "máy chủ"}, {"Mua sắm máy chủ"}),                           # the package's name
    ({"method": "direct"}, {"Phần mềm quản lý hồ sơ địa chính", "Khảo sát hiện trạng"}),
    ({"field": "consulting", "year": "2024"}, {"Khảo sát hiện trạng"}),
    ({"warning": "bidders.single"}, {"Phần mềm quản lý hồ sơ địa chính", "Phần mềm bệnh án điện tử"}),
    ({"flagged": "1"}, {"Phần mềm quản lý hồ sơ địa chính", "Phần mềm bệnh án điện tử", "Mua sắm máy chủ"}),
    ({"contractor": "0101234567"}, {"Mua sắm máy chủ", "Thiết bị mạng", "Phần mềm bệnh án điện tử"}),
    ({"contractor": "tu van dia chinh"}, {"Phần mềm quản lý hồ sơ địa chính"}),
    ({"method": "nonsense"}, A_NAMES | {"Phần mềm bệnh án điện tử"}),   # ignored, with a message
])
def test_filters(world, cast, params, expected):
    response = login(cast.inspector).get(reverse("procurement:index"), params)
    assert _names(response) == expected


def test_the_unit_filter_takes_the_subtree(world, cast, units):
    client = login(cast.inspector)
    assert _names(client.get(reverse("procurement:index"), {"unit": units.syt.pk})) == {"Phần mềm bệnh án điện tử"}
    assert len(_names(client.get(reverse("procurement:index"), {"unit": units.tinh.pk}))) == 5
    # a unit outside the scope gives nothing, not the other tree's packages
    assert _names(client.get(reverse("procurement:index"), {"unit": units.bo.pk})) == set()


def test_the_list_shows_links_warnings_and_confirmation(world, cast):
    body = login(cast.inspector).get(reverse("procurement:index")).content.decode()
    assert reverse("procurement:package", args=[world.server.pk]) in body
    assert reverse("projects:detail", args=[world.server.project_id]) in body
    assert 'data-testid="warning-badge"' in body and "chưa xác nhận" in body
    assert reverse("procurement:export") in body


def test_the_export_has_every_package_in_scope_with_warnings_and_citations(world, cast):
    response = login(cast.staff_b).get(reverse("procurement:export"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == ["Phần mềm bệnh án điện tử"]
    assert "Chỉ có một nhà thầu dự thầu." in rows[0][-1] and CITATION in rows[0][-1]
    event = AuditEvent.objects.get(verb="procurement.exported")
    assert event.data["document"] == "danh sách gói thầu (Excel)" and event.data["count"] == 1
    response = login(cast.inspector).get(reverse("procurement:export"), {"flagged": "1"})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert {r[1].value for r in ws.iter_rows(min_row=4)} == {"Phần mềm quản lý hồ sơ địa chính",
                                                              "Phần mềm bệnh án điện tử", "Mua sắm máy chủ"}


def test_a_package_page_drills_to_warnings_contract_payments_and_history(world, cast, projects):
    package = Package.objects.get(pk=world.server.pk)
    contract = services.save_contract(cast.staff_a, package, {
        "number": "06/2025/HĐ", "value": "1.710.000.000", "signed_on": "25/04/2025",
        "planned_completion": "31/12/2025"}, package.version)
    entry = record_budget_entry(cast.staff_a, projects.a, {"year": 2025, "stage": Stage.DISBURSED,
                                                           "funding_source": source(), "amount": 900_000_000})
    package.refresh_from_db()
    services.add_payment(cast.staff_a, contract, {"entry": entry.pk, "amount": "600.000.000",
                                                  "paid_on": "01/06/2025"}, package.version)
    Warning.objects.all().delete()
    _warn(package, "split", "Các gói cùng lĩnh vực cộng lại vượt hạn mức.",
          others=[{"id": world.cameras.pk}, {"id": world.clinic.pk}], sum=2_300_000_000)
    url = reverse("procurement:package", args=[package.pk])

    body = login(cast.inspector).get(url).content.decode()
    assert "Các gói cùng lĩnh vực cộng lại vượt hạn mức." in body and f"Căn cứ: {CITATION}" in body
    assert reverse("procurement:package", args=[world.cameras.pk]) in body       # the evidence, linked
    assert reverse("procurement:package", args=[world.clinic.pk]) in body
    assert "2.300.000.000" in body
    assert f"?tab=budget#entry-{entry.pk}" in body and "600.000.000" in body and "1.110.000.000" in body
    assert "Luật Đấu thầu (sửa đổi 2024)" in body                             # in force on 01/03/2025
    assert "Lịch sử thay đổi" in body and "Giá hợp đồng" in body
    assert reverse("procurement:package_edit", args=[package.pk]) not in body  # the inspector changes nothing
    assert reverse("procurement:confirm", args=[package.pk]) not in body

    # unit A's staff reads the same page, but the other unit's package is only counted
    body = login(cast.staff_a).get(url).content.decode()
    assert reverse("procurement:package", args=[world.clinic.pk]) not in body
    assert "và 1 gói bạn không có quyền xem" in body
    assert reverse("procurement:package_edit", args=[package.pk]) in body
    assert reverse("procurement:payment_add", args=[package.pk]) in body
    assert reverse("procurement:confirm", args=[package.pk]) not in body       # staff does not confirm
    body = login(cast.head_a).get(url).content.decode()
    assert reverse("procurement:confirm", args=[package.pk]) in body


def test_the_maker_is_told_why_there_is_no_confirm_button(world, cast):
    package = Package.objects.get(pk=world.survey.pk)
    services.update_package(cast.head_a, package, {"name": "Khảo sát hiện trạng hạ tầng", "field": "consulting",
                                                   "package_price": "200.000.000", "method": "direct",
                                                   "selection_start": "05/01/2024"}, package.version)
    body = login(cast.head_a).get(reverse("procurement:package", args=[package.pk])).content.decode()
    assert reverse("procurement:confirm", args=[package.pk]) not in body and "không tự xác nhận" in body


def test_a_plan_page_lists_its_packages(world, cast):
    response = login(cast.inspector).get(reverse("procurement:plan", args=[world.plan_a.pk]))
    assert _names(response) == {"Mua sắm máy chủ", "Phần mềm quản lý hồ sơ địa chính", "Khảo sát hiện trạng"}
    assert response.context["figures"]["count"] == 3
    body = login(cast.staff_a).get(reverse("procurement:plan", args=[world.plan_a.pk])).content.decode()
    assert reverse("procurement:package_create", args=[world.plan_a.pk]) in body


def test_the_rules_page_shows_confirmation_to_administrators_only(world, cast):
    body = login(cast.staff_b).get(reverse("procurement:rules")).content.decode()
    assert "Luật Đấu thầu số 22/2023/QH15" in body and "NĐ 214/2025/NĐ-CP" in body
    assert 'data-testid="confirmation"' not in body and "đối chiếu" not in body
    body = login(cast.admin).get(reverse("procurement:rules")).content.decode()
    assert 'data-testid="confirmation"' in body and "đối chiếu" in body


def test_the_project_page_panel(world, cast, projects):
    url = reverse("projects:detail", args=[projects.a.pk])
    body = login(cast.inspector).get(url).content.decode()
    assert 'data-testid="project-procurement"' in body and "Mua sắm máy chủ" in body
    assert reverse("procurement:plan_create", args=[projects.a.pk]) not in body
    body = login(cast.staff_a).get(url).content.decode()
    assert reverse("procurement:plan_create", args=[projects.a.pk]) in body
    panel = login(cast.staff_a).get(url).context["procurement_panel"]
    assert panel["figures"]["count"] == 4


def _many(cast, projects, n):
    plan = _plan(cast.staff_a, projects.a, f"KHLCNT {n}")
    for i in range(n):
        package = _package(cast.staff_a, plan, f"Gói {n}-{i}", 100_000_000 + i, start="01/03/2025",
                           result=(f"01{i:08d}", f"Công ty {i}", 90_000_000, 2))
        _warn(package, "bidders.single", "Chỉ có một nhà thầu dự thầu.")


def test_the_pages_cost_a_constant_number_of_queries(cast, projects, django_assert_max_num_queries):
    _many(cast, projects, 5)
    client = login(cast.inspector)
    urls = [reverse("procurement:index"), reverse("procurement:index") + "?flagged=1&q=dat+dai",
            reverse("procurement:contractor", args=[Package.objects.first().contractor_id])]

    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = [count(u) for u in urls]
    _many(cast, projects, 45)
    many = [count(u) for u in urls]
    assert many == few
    with django_assert_max_num_queries(30):
        client.get(urls[0])
    plan = Package.objects.last().plan
    first = count(reverse("procurement:plan", args=[plan.pk]))
    assert first <= 30
