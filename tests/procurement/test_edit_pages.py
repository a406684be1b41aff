"""The procurement write pages as a unit's staff uses them: a plan, a package, its result, goods
items, contract and payments, cancellation and confirmation; bad input answered in Vietnamese
beside the field with nothing changed; a stale form answered with the conflict message; a record
outside the user's scope is 404, one they may read but not record is 403."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cds.procurement import services
from cds.procurement.models import AwardItem, Contract, ContractPayment, Package, SelectionPlan
from cds.projects.models import Stage
from cds.projects.services import record_budget_entry
from tests.conftest import login
from tests.factories import source

PLAN = {"name": "KHLCNT dự án đất đai", "plan_code": "PL2500000001", "decision_number": "12/QĐ-SKHCN",
        "decision_date": "15/02/2025", "approver": "Giám đốc Sở", "budget": "project"}
PACKAGE = {"name": "Mua sắm máy chủ", "field": "goods", "package_price": "1.900.000.000", "method": "open",
           "mode": "1s1e", "online": "on", "contract_type": "lump_sum", "duration_days": "90",
           "selection_start": "01/03/2025", "notice_code": "IB2500012345-00"}
RESULT = {"contractor_name": "Công ty TNHH Giải pháp Số", "contractor_tax_code": "0101234567",
          "awarded_price": "1.750.000.000", "bidders": "3", "awarded_on": "20/04/2025", "award_decision": "45/QĐ"}
CONTRACT = {"number": "01/2025/HĐ", "value": "1.750.000.000", "signed_on": "25/04/2025",
            "planned_completion": "31/12/2025"}


def url(name, *args):
    return reverse(f"procurement:{name}", args=args)


def errors(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(cast, projects):
    return services.create_plan(cast.staff_a, projects.a, {"name": "KHLCNT", "decision_date": "15/02/2025"})


@pytest.fixture
def package(cast, plan):
    return services.create_package(cast.staff_a, plan, {**PACKAGE, "online": True})


@pytest.fixture
def awarded(cast, package):
    return services.record_result(cast.staff_a, package, RESULT, package.version)


@pytest.fixture
def contracted(cast, awarded):
    services.save_contract(cast.staff_a, awarded, CONTRACT, awarded.version)
    return Package.objects.get(pk=awarded.pk)


def snapshot():
    return (list(SelectionPlan.objects.values()), list(Package.objects.values()), list(AwardItem.objects.values()),
            list(Contract.objects.values()), list(ContractPayment.objects.values()))


# ------------------------------------------------------------------ happy paths

def test_staff_records_a_plan_then_a_package(cast, projects):
    client = login(cast.staff_a)
    assert client.get(url("plan_create", projects.a.pk)).status_code == 200
    response = client.post(url("plan_create", projects.a.pk), PLAN)
    plan = SelectionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == url("plan", plan.pk)
    assert (plan.project, plan.plan_code, plan.decision_date) == (projects.a, "PL2500000001", dt.date(2025, 2, 15))

    page = client.get(url("package_create", plan.pk))
    assert page.status_code == 200 and "Hình thức lựa chọn nhà thầu" in page.content.decode()
    response = client.post(url("package_create", plan.pk), {**PACKAGE, "funding_source": source().pk})
    package = Package.objects.get()
    assert response.status_code == 302 and response["Location"] == url("package", package.pk)
    assert (package.package_price, package.notice_code, package.online, package.duration_days,
            package.funding_source, package.changed_by) == (1_900_000_000, "IB2500012345", True, 90, source(),
                                                            cast.staff_a)

    edit = client.get(url("plan_edit", plan.pk))
    assert edit.status_code == 200 and 'value="PL2500000001"' in edit.content.decode()
    response = client.post(url("plan_edit", plan.pk), {**PLAN, "approver": "UBND tỉnh", "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.approver == "UBND tỉnh"


def test_staff_edits_a_package_and_records_result_items_contract_and_payment(cast, projects, package):
    client = login(cast.staff_a)
    form = client.get(url("package_edit", package.pk)).content.decode()
    assert 'value="1.900.000.000"' in form and 'value="01/03/2025"' in form
    response = client.post(url("package_edit", package.pk), {**PACKAGE, "name": "Mua sắm máy chủ ứng dụng",
                                                             "version": package.version})
    assert response.status_code == 302 and response["Location"] == url("package", package.pk)
    package.refresh_from_db()
    assert package.name == "Mua sắm máy chủ ứng dụng"

    response = client.post(url("result", package.pk), {**RESULT, "version": package.version})
    assert response.status_code == 302
    package.refresh_from_db()
    assert (package.awarded_price, package.bidders, package.contractor.tax_code) == (1_750_000_000, 3, "0101234567")

    rows = ("Tên hàng hóa\tĐơn vị\tSố lượng\tĐơn giá\tNhãn hiệu\tXuất xứ\n"
            "Máy chủ ứng dụng\tBộ\t2\t600.000.000\tDell R760\tTrung Quốc\n\n"
            "Thiết bị lưu trữ; Bộ; 1; 550.000.000; PowerStore; Mỹ\n"
            "Cáp mạng\tmét\t1.200,5\t15.000\n")
    response = client.post(url("items", package.pk), {"rows": rows, "version": package.version})
    assert response.status_code == 302
    assert list(AwardItem.objects.order_by("id").values_list("name", "quantity", "unit_price", "origin")) == [
        ("Máy chủ ứng dụng", 2, 600_000_000, "Trung Quốc"), ("Thiết bị lưu trữ", 1, 550_000_000, "Mỹ"),
        ("Cáp mạng", Decimal("1200.5"), 15_000, "")]
    page = client.get(url("items", package.pk)).content.decode()
    assert "Máy chủ ứng dụng\tBộ\t2\t600.000.000" in page and "Cáp mạng\tmét\t1200,5\t15.000" in page

    package.refresh_from_db()
    response = client.post(url("contract", package.pk), {**CONTRACT, "version": package.version})
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.value, contract.planned_completion) == (1_750_000_000, dt.date(2025, 12, 31))

    entry = record_budget_entry(cast.staff_a, projects.a, {"year": 2025, "stage": Stage.DISBURSED,
                                                           "funding_source": source(), "amount": 500_000_000,
                                                           "decision_number": "88/QĐ-UBND"})
    package.refresh_from_db()
    page = client.get(url("payment_add", package.pk)).content.decode()
    assert "Năm 2025 · " in page and "500.000.000 đồng · QĐ 88/QĐ-UBND" in page
    response = client.post(url("payment_add", package.pk), {"entry": entry.pk, "amount": "400.000.000",
                                                             "paid_on": "01/06/2025", "version": package.version})
    assert response.status_code == 302
    payment = ContractPayment.objects.get()
    assert (payment.entry, payment.amount, payment.paid_on) == (entry, 400_000_000, dt.date(2025, 6, 1))

    package.refresh_from_db()
    response = client.post(url("payment_remove", package.pk, payment.pk), {"version": package.version})
    assert response.status_code == 302 and not ContractPayment.objects.exists()


def test_a_recurrent_task_buys_from_a_purchase_estimate_by_default(cast, projects):
    html = login(cast.staff_b).get(url("plan_create", projects.b.pk)).content.decode()
    assert '<option value="recurrent" selected>' in html
    html = login(cast.staff_a).get(url("plan_create", projects.a.pk)).content.decode()
    assert '<option value="project" selected>' in html


def test_cancel_needs_a_reason(cast, package):
    client = login(cast.staff_a)
    response = client.post(url("cancel", package.pk), {"reason": "  ", "version": package.version})
    assert response.status_code == 400 and "Chưa nhập lý do hủy thầu" in errors(response)
    package.refresh_from_db()
    assert not package.cancelled
    response = client.post(url("cancel", package.pk), {"reason": "Không có nhà thầu đáp ứng", "version": package.version})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.cancelled and package.cancel_reason == "Không có nhà thầu đáp ứng"


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("change, field, message", [
    ({"package_price": "-5"}, "package_price", "không được âm"),
    ({"package_price": "0"}, "package_price", "phải lớn hơn 0"),
    ({"selection_start": "31/02/2025"}, "selection_start", "dd/mm/yyyy"),
    ({"notice_code": "IB12"}, "notice_code", "không đúng dạng"),
    ({"name": "x" * 501}, "name", "quá dài"),
    ({"name": "Máy chủ\x07"}, "name", "ký tự điều khiển"),
    ({"method": "lottery"}, "method", "Lựa chọn không hợp lệ"),
    ({"duration_days": "-1"}, "duration_days", "từ 0 trở lên"),
])
def test_bad_package_input_changes_nothing(cast, package, change, field, message):
    before = snapshot()
    response = login(cast.staff_a).post(url("package_edit", package.pk), {**PACKAGE, **change,
                                                                          "version": package.version})
    assert response.status_code == 400
    html = errors(response)
    assert f'data-field="{field}"' in html and message in html
    assert html.count("is-invalid") == 1
    assert snapshot() == before


@pytest.mark.parametrize("change, field, message", [
    ({"awarded_price": "-1"}, "awarded_price", "không được âm"),
    ({"awarded_on": "31/02/2025"}, "awarded_on", "dd/mm/yyyy"),
    ({"awarded_on": "01/01/2025"}, "awarded_on", "không được trước thời gian bắt đầu"),
    ({"contractor_tax_code": "12345"}, "contractor_tax_code", "không đúng dạng"),
    ({"bidders": "0"}, "bidders", "từ 1 trở lên"),
])
def test_bad_result_input_changes_nothing(cast, package, change, field, message):
    before = snapshot()
    response = login(cast.staff_a).post(url("result", package.pk), {**RESULT, **change, "version": package.version})
    assert response.status_code == 400
    html = errors(response)
    assert f'data-field="{field}"' in html and message in html
    assert snapshot() == before


def test_bad_plan_input_and_a_taken_plan_code(cast, projects, plan):
    client = login(cast.staff_a)
    services.update_plan(cast.staff_a, plan, {"name": "KHLCNT", "plan_code": "PL2500000009"}, plan.version)
    before = snapshot()
    for data, message in (({**PLAN, "plan_code": "PL2500000009"}, "đã có trong hệ thống"),
                          ({**PLAN, "decision_date": "31/02/2025"}, "dd/mm/yyyy"),
                          ({**PLAN, "name": ""}, "Chưa nhập tên kế hoạch lựa chọn nhà thầu")):
        response = client.post(url("plan_create", projects.a.pk), data)
        assert response.status_code == 400 and message in errors(response), message
    assert snapshot() == before


def test_bad_item_rows_are_named_by_their_line_and_change_nothing(cast, awarded):
    services.set_items(cast.staff_a, awarded, [{"name": "Máy chủ", "unit": "Bộ", "quantity": "1",
                                                 "unit_price": "600.000.000"}], awarded.version)
    awarded.refresh_from_db()
    before = snapshot()
    rows = ("Máy chủ\tBộ\t2\t600.000.000\n\n"
            "Thiết bị lưu trữ\tBộ\t1\t-550.000.000\n"
            "Tường lửa\tBộ\tba\t100.000.000\n")
    response = login(cast.staff_a).post(url("items", awarded.pk), {"rows": rows, "version": awarded.version})
    assert response.status_code == 400
    html = errors(response)
    assert "Dòng 3: Đơn giá không được âm" in html and "Dòng 4: Số lượng phải là số dương" in html
    response = login(cast.staff_a).post(url("items", awarded.pk), {"rows": "a;b;1;2;c;d;e", "version": awarded.version})
    assert response.status_code == 400 and "Dòng 1: có 7 cột" in errors(response)
    assert snapshot() == before


def test_bad_contract_and_payment_input_changes_nothing(cast, projects, contracted):
    client = login(cast.staff_a)
    entry = record_budget_entry(cast.staff_a, projects.a, {"year": 2025, "stage": Stage.DISBURSED,
                                                           "funding_source": source(), "amount": 500_000_000})
    contracted.refresh_from_db()
    before = snapshot()
    response = client.post(url("contract", contracted.pk), {**CONTRACT, "planned_completion": "01/04/2025",
                                                            "version": contracted.version})
    assert response.status_code == 400 and "không được trước ngày ký hợp đồng" in errors(response)
    for data, message in (({"entry": entry.pk, "amount": "600.000.000", "paid_on": "01/06/2025"}, "chỉ còn"),
                          ({"entry": entry.pk, "amount": "1000", "paid_on": "31/02/2025"}, "dd/mm/yyyy"),
                          ({"entry": "999999", "amount": "1000", "paid_on": "01/06/2025"}, "Lựa chọn không hợp lệ"),
                          ({"entry": entry.pk, "amount": "1000", "paid_on": "01/01/2025"}, "trước ngày ký")):
        response = client.post(url("payment_add", contracted.pk), {**data, "version": contracted.version})
        assert response.status_code == 400 and message in errors(response), message
    assert snapshot() == before


def test_a_stale_form_gets_the_conflict_message(cast, package):
    client = login(cast.staff_a)
    stale = package.version
    services.update_package(cast.head_a, package, {**PACKAGE, "name": "Sửa bởi lãnh đạo"}, stale)
    before = snapshot()
    response = client.post(url("package_edit", package.pk), {**PACKAGE, "version": stale})
    assert response.status_code == 409
    assert "đã được người khác cập nhật" in errors(response) and "Tải lại nội dung mới nhất" in errors(response)
    assert snapshot() == before
    assert Package.objects.get().name == "Sửa bởi lãnh đạo"


# ------------------------------------------------------------------ access

FORMS = ("package_edit", "result", "items", "contract", "payment_add", "cancel")


def test_other_units_and_other_trees_get_404_the_inspector_403(cast, projects, plan, package):
    for who, status in (("staff_b", 404), ("outsider", 404), ("outsider_staff", 404), ("inspector", 403),
                        ("leader", 403)):
        client = login(getattr(cast, who))
        for name in FORMS:
            assert client.get(url(name, package.pk)).status_code == status, (who, name)
        assert client.get(url("plan_edit", plan.pk)).status_code == status, who
        assert client.get(url("package_create", plan.pk)).status_code == status, who
        assert client.get(url("plan_create", projects.a.pk)).status_code == status, who
        before = snapshot()
        assert client.post(url("package_edit", package.pk), {**PACKAGE, "name": "Đổi"}).status_code == status
        assert client.post(url("confirm", package.pk), {"version": package.version}).status_code == status
        assert snapshot() == before


# ------------------------------------------------------------------ maker ≠ checker

def test_the_last_maker_cannot_confirm_another_can_and_a_change_clears_it(cast, package):
    head = login(cast.head_a)
    head.post(url("package_edit", package.pk), {**PACKAGE, "name": "Lãnh đạo sửa", "version": package.version})
    package.refresh_from_db()
    assert package.changed_by == cast.head_a
    response = head.post(url("confirm", package.pk), {"version": package.version}, follow=False)
    assert response.status_code == 302 and response["Location"] == url("package", package.pk)
    page = head.get(url("package_edit", package.pk)).content.decode()
    assert "không được tự xác nhận" in page              # the message waits for the next page
    package.refresh_from_db()
    assert package.checked_by is None

    staff = login(cast.staff_a)
    staff.post(url("package_edit", package.pk), {**PACKAGE, "version": package.version})
    package.refresh_from_db()
    assert staff.post(url("confirm", package.pk), {"version": package.version}).status_code == 403
    head.post(url("confirm", package.pk), {"version": package.version})
    package.refresh_from_db()
    assert package.checked_by == cast.head_a and package.checked_at is not None

    staff.post(url("result", package.pk), {**RESULT, "version": package.version})
    package.refresh_from_db()
    assert package.checked_by is None and package.awarded_price == 1_750_000_000


def test_confirming_a_stale_version_is_refused(cast, package):
    stale = package.version
    services.update_package(cast.staff_a, package, {**PACKAGE, "name": "Đã sửa"}, stale)
    response = login(cast.appraiser).post(url("confirm", package.pk), {"version": stale})
    assert response.status_code == 302
    assert Package.objects.get().checked_by is None
    assert login(cast.appraiser).get("/").status_code == 200


def test_confirm_is_post_only(cast, package):
    assert login(cast.head_a).get(url("confirm", package.pk)).status_code == 405


# ------------------------------------------------------------------ work items

def test_work_items_follow_confirmation_and_contracts(cast, package):
    from cds.core import todo
    from cds.procurement.waiting import waiting

    def counts(user):
        return {e.key: e.n for e in todo.for_user(user, dt.date.today()) if e.key.startswith("procurement.")}

    # staff_a recorded the package: the unit head and the CĐS authority have it to confirm.
    assert counts(cast.head_a) == {"procurement.to_confirm": 1}
    assert counts(cast.appraiser) == {"procurement.to_confirm": 1}
    assert counts(cast.head_b) == {"procurement.to_confirm": 0}
    assert counts(cast.staff_a) == {"procurement.no_contract": 0}
    # the head's own change is not his to confirm; once confirmed, nobody's
    package = services.update_package(cast.head_a, package, {**PACKAGE, "name": "Lãnh đạo sửa"}, package.version)
    assert counts(cast.head_a)["procurement.to_confirm"] == 0 and counts(cast.appraiser)["procurement.to_confirm"] == 1
    services.confirm_package(cast.appraiser, package, package.version)
    assert counts(cast.head_a)["procurement.to_confirm"] == counts(cast.appraiser)["procurement.to_confirm"] == 0
    # awarded without a contract: the unit's staff is reminded until the contract is recorded
    package = services.record_result(cast.staff_a, Package.objects.get(), RESULT, None)
    assert counts(cast.staff_a) == {"procurement.no_contract": 1} and counts(cast.staff_b) == {
        "procurement.no_contract": 0}
    assert list(waiting(cast.staff_a, "no_contract")) == [package]
    services.save_contract(cast.staff_a, package, CONTRACT, package.version)
    assert counts(cast.staff_a) == {"procurement.no_contract": 0}
    assert counts(cast.head_a)["procurement.to_confirm"] == 1


def test_the_waiting_list_shows_as_many_rows_as_the_home_page_counts(cast, plan, package):
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from lxml import html as lxml_html

    from cds.procurement.waiting import waiting_context

    services.create_package(cast.staff_a, plan, {**PACKAGE, "name": "Phần mềm", "notice_code": ""})
    request = RequestFactory().get("/dau-thau/", {"todo": "to_confirm"})
    request.user = cast.head_a
    doc = lxml_html.fromstring(render_to_string("procurement/_waiting.html", waiting_context(request), request))
    box = doc.get_element_by_id("todo-list") if doc.get("id") != "todo-list" else doc
    assert box.xpath('.//*[@data-testid="list-total"]')[0].text_content().strip() == "2"
    assert [a.text_content() for a in box.xpath(".//tbody/tr/td[1]/a")] == ["Mua sắm máy chủ", "Phần mềm"]
    request = RequestFactory().get("/dau-thau/", {"todo": "other"})
    request.user = cast.head_a
    assert waiting_context(request) == {}


def test_the_package_actions_offer_what_the_user_may_do(cast, awarded):
    from django.template.loader import render_to_string
    from lxml import html as lxml_html

    from cds.procurement.permissions import can_confirm, can_record

    def actions(user):
        html = render_to_string("procurement/_package_actions.html", {
            "package": awarded, "may_record": can_record(user, awarded.project),
            "may_confirm": can_confirm(user, awarded)})
        doc = lxml_html.fromstring(f"<div>{html}</div>")
        return {a.get("href") for a in doc.xpath("//a")} | {f.get("action") for f in doc.xpath("//form")}

    recorder = {url(name, awarded.pk) for name in ("package_edit", "result", "items", "contract", "payment_add",
                                                   "cancel")}
    assert actions(cast.staff_a) == recorder
    assert actions(cast.head_a) == recorder | {url("confirm", awarded.pk)}
    assert actions(cast.inspector) == set()
