"""The warning signs: each check fires, and stays quiet, at and around its threshold under each
law version that has limits (Luật Đấu thầu 2023 in 2024, Luật 57/2024 from 15/01/2025, NĐ
214/2025 from 04/8/2025), with the reason, citation and evidence a reader sees; a province's own
cut-off over the default; the command that rebuilds them."""
import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cds.catalog.models import FundingSource
from cds.procurement import services, signals
from cds.procurement.models import Contract, Level, Package, Setting, Warning
from cds.projects.models import Stage
from cds.projects.services import record_budget_entry

from ..factories import make_project

TRIEU = 1_000_000
TY = 1_000_000_000

L22 = dt.date(2024, 6, 3)          # Luật Đấu thầu 22/2023
L57 = dt.date(2025, 2, 10)         # sửa đổi bởi Luật 57/2024
L90 = dt.date(2025, 7, 10)         # sửa đổi bởi Luật 90/2025, hạn mức chưa cấu hình
ND214 = dt.date(2025, 9, 15)       # Nghị định 214/2025


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def world(projects, cast):
    plans = {}

    def plan(budget="project", project=None, actor=None):
        key = (budget, project.pk if project else None)
        if key not in plans:
            plans[key] = services.create_plan(actor or cast.staff_a, project or projects.a,
                                              {"name": f"KHLCNT {budget} {len(plans)}", "budget": budget})
        return plans[key]

    def package(price, *, method="direct", field="goods", day=L22, budget="project", online=None, project=None,
                name=None, **extra):
        if online is None:
            online = method in ("open", "restricted", "competitive")
        data = {"name": name or f"Gói {method} {field} {price}", "field": field, "package_price": str(price),
                "method": method, "online": online, "selection_start": d(day), **extra}
        return services.create_package(cast.staff_a, plan(budget, project), data)

    def award(p, price, *, bidders=3, day=None, tax="0101234567", name="Công ty TNHH Giải pháp Số"):
        p.refresh_from_db()
        return services.record_result(cast.staff_a, p, {
            "contractor_name": name, "contractor_tax_code": tax, "awarded_price": str(price), "bidders": str(bidders),
            "awarded_on": d(day or p.selection_start + dt.timedelta(days=30))}, p.version)

    return type("World", (), dict(plan=staticmethod(plan), package=staticmethod(package),
                                  award=staticmethod(award)))


def found(p, code=None):
    rows = Warning.objects.filter(package=p)
    return list(rows.filter(code=code)) if code else sorted(rows.values_list("code", flat=True))


# ------------------------------------------------------------------ method.limit

LIMITS = [
    # (day, budget, field, method, limit, citation part)
    (L22, "project", "goods", "direct", 1 * TY, "22/2023/QH15 Điều 23"),
    (L22, "project", "consulting", "direct", 500 * TRIEU, "Điều 23"),
    (L22, "project", "it_service", "direct_short", 1 * TY, "Điều 23"),
    (L22, "recurrent", "goods", "direct", 100 * TRIEU, "Điều 23"),
    (L22, "project", "goods", "competitive", 5 * TY, "Điều 24"),
    (L57, "recurrent", "goods", "direct", 300 * TRIEU, "57/2024/QH15"),
    (L57, "project", "goods", "direct", 1 * TY, "Điều 23"),
    (ND214, "project", "goods", "direct", 2 * TY, "214/2025/NĐ-CP Điều 78"),
    (ND214, "project", "consulting", "direct", 800 * TRIEU, "Điều 78"),
    (ND214, "recurrent", "non_consulting", "direct", 500 * TRIEU, "Điều 78 khoản 4"),
    (ND214, "project", "goods", "competitive", 10 * TY, "Điều 81"),
    (ND214, "recurrent", "goods", "online_quote", 2 * TY, "Điều 99 khoản 3"),
    (ND214, "project", "goods", "online_shop", 1 * TY, "Điều 103"),
]


@pytest.mark.parametrize("day,budget,field,method,limit,cite", LIMITS)
def test_a_method_above_its_limit_is_flagged_and_the_limit_itself_is_not(world, day, budget, field, method, limit,
                                                                         cite):
    at = world.package(limit, method=method, field=field, day=day, budget=budget)
    over = world.package(limit + 1, method=method, field=field, day=day, budget=budget)
    assert "method.limit" not in found(at)
    [w] = found(over, "method.limit")
    assert w.level == Level.WARNING and cite in w.citation
    assert f"{limit + 1:,} đồng".replace(",", ".") in w.message and f"{limit:,} đồng".replace(",", ".") in w.message
    assert d(day) in w.message
    assert w.evidence["max_amount"] == limit and w.evidence["package_price"] == limit + 1
    assert w.evidence["law"] == w.law.code and w.law.in_force_from <= day


def test_the_same_price_is_judged_by_the_law_of_its_day(world):
    before = world.package(1_500 * TRIEU, day=L57)           # direct goods: 1 tỷ then
    after = world.package(1_500 * TRIEU, day=ND214)          # 2 tỷ under NĐ 214
    assert found(before, "method.limit")[0].law.code == "L57_2024"
    assert "method.limit" not in found(after)


def test_competitive_bidding_is_not_allowed_for_consulting_at_any_price(world):
    p = world.package(50 * TRIEU, method="competitive", field="consulting", day=ND214)
    [w] = found(p, "method.limit")
    assert "không được áp dụng cho gói thầu lĩnh vực tư vấn" in w.message and w.evidence["max_amount"] == 0
    assert "Điều 81" in w.citation


def test_open_bidding_has_no_limit(world):
    p = world.package(500 * TY, method="open", day=ND214, online=True)
    assert found(p) == []


def test_a_stated_ground_turns_the_warning_into_a_note_to_check_it(world):
    ground = "Nhiệm vụ chuyển đổi số trọng điểm (NĐ 214/2025 Điều 78.3)"
    p = world.package(3 * TY, day=ND214, method_ground=ground)
    [w] = found(p, "method.limit")
    assert w.level == Level.INFO and ground in w.message and "cần kiểm tra căn cứ" in w.message


@pytest.mark.parametrize("day,law", [(L90, "Luật Đấu thầu (sửa đổi 2025)"), (dt.date(2020, 5, 4), "Luật Đấu thầu 2013")])
def test_a_law_without_limits_leaves_the_package_unchecked_not_compliant(world, day, law):
    direct = world.package(5 * TY, day=day)
    open_ = world.package(5 * TY, method="open", day=day, online=True)
    [w] = found(direct, "method.unchecked")
    assert w.level == Level.INFO and f"theo {law}: hạn mức chưa được cấu hình" in w.message
    assert "method.limit" not in found(direct) and found(open_) == []


def test_before_any_law_version_the_package_is_unchecked(world):
    p = world.package(10 * TRIEU, method="competitive", day=dt.date(2010, 1, 4))
    [w] = found(p, "method.unchecked")
    assert "04/01/2010" in w.message and w.law is None


def test_a_cancelled_package_carries_no_warning(world, cast):
    p = world.package(2 * TY, day=L22)
    assert found(p) == ["method.limit"]
    services.cancel_package(cast.staff_a, p, "Sai hình thức", p.version)
    assert found(p) == []


def test_a_rebuild_keeps_what_is_found_again_and_replaces_what_changed(world, cast, units):
    p = world.package(1_200 * TRIEU, day=L22)
    [first] = found(p, "method.limit")
    signals.refresh_units([units.skhcn.pk])
    assert [(w.pk, w.found_at) for w in found(p, "method.limit")] == [(first.pk, first.found_at)]
    p = services.update_package(cast.staff_a, p, {"name": p.name, "field": "goods", "package_price": "1.300.000.000",
                                                  "method": "direct", "selection_start": d(L22)}, p.version)
    [now] = found(p, "method.limit")
    assert now.pk != first.pk and "1.300.000.000 đồng" in now.message
    assert not Warning.objects.filter(pk=first.pk).exists()


# ------------------------------------------------------------------ split

def test_two_packages_under_the_limit_whose_sum_is_over_are_a_possible_split(world):
    a = world.package(600 * TRIEU, day=L22, name="Mua máy tính đợt 1")
    b = world.package(500 * TRIEU, day=L22 + dt.timedelta(days=60), name="Mua máy tính đợt 2")
    wa, wb = found(a, "split")[0], found(b, "split")[0]
    assert "1.100.000.000 đồng" in wa.message and "1.000.000.000 đồng" in wa.message
    assert "Mua máy tính đợt 2" in wa.message and "Mua máy tính đợt 1" in wb.message
    assert "Điều 16 khoản 6 điểm l (nghiêm cấm “chia nhỏ" in wa.citation and "Điều 23" in wa.citation
    assert wa.evidence["sum"] == 1_100 * TRIEU and wa.evidence["max_amount"] == 1 * TY
    assert [o["id"] for o in wa.evidence["others"]] == [b.pk]
    assert wa.evidence["others"][0]["price"] == 500 * TRIEU and wa.evidence["law"] == "L22_2023"


def test_a_sum_equal_to_the_limit_is_no_split(world):
    a = world.package(500 * TRIEU, day=L22)
    b = world.package(500 * TRIEU, day=L22 + dt.timedelta(days=10))
    assert "split" not in found(a) + found(b)


def test_packages_further_apart_than_the_window_are_no_split(world):
    a = world.package(900 * TRIEU, day=dt.date(2024, 1, 2))
    b = world.package(900 * TRIEU, day=dt.date(2024, 1, 2) + dt.timedelta(days=366))
    assert "split" not in found(a) + found(b)
    c = world.package(900 * TRIEU, day=dt.date(2024, 1, 2) + dt.timedelta(days=365))
    assert found(a, "split") and found(c, "split")


def test_packages_of_different_fields_or_budgets_are_no_split(world):
    a = world.package(900 * TRIEU, day=L22)
    b = world.package(900 * TRIEU, field="non_consulting", day=L22)
    c = world.package(90 * TRIEU, day=L22, budget="recurrent")
    assert "split" not in found(a) + found(b) + found(c)


def test_a_split_across_the_unit_s_projects_under_nd_214(world, cast, units):
    other = make_project(cast.staff_a, units.skhcn, name="Nâng cấp hạ tầng mạng")
    a = world.package(1_500 * TRIEU, day=ND214)
    b = world.package(600 * TRIEU, method="direct_short", day=ND214 + dt.timedelta(days=20), project=other)
    [w] = found(a, "split")
    assert "cùng chủ đầu tư" in w.message and "2.100.000.000 đồng" in w.message and "214/2025" in w.citation
    assert found(b, "split") and w.evidence["same_project"] is False


def test_competitive_packages_summed_over_their_limit(world):
    a = world.package(3 * TY, method="competitive", day=L57)
    b = world.package(3 * TY, method="competitive", day=L57 + dt.timedelta(days=90))
    c = world.package(900 * TRIEU, day=L57 + dt.timedelta(days=90))               # direct: another family
    [w] = found(a, "split")
    assert "6.000.000.000 đồng" in w.message and "chào hàng cạnh tranh" in w.message and "Điều 24" in w.citation
    assert "nhằm mục đích chỉ định thầu" not in w.citation
    assert found(b, "split") and not found(c, "split")


def test_a_package_over_its_own_limit_is_not_also_a_split(world):
    a = world.package(1_200 * TRIEU, day=L22)
    b = world.package(300 * TRIEU, day=L22)
    assert found(a) == ["method.limit"] and found(b) == []


def test_a_province_may_narrow_the_window(world, units):
    Setting.objects.create(code="split_window_days", root_unit=units.tinh, value=Decimal(30))
    a = world.package(600 * TRIEU, day=L22)
    b = world.package(600 * TRIEU, day=L22 + dt.timedelta(days=31))
    assert "split" not in found(a) + found(b)


def test_splitting_is_found_in_one_pass_over_many_packages(world, projects, units, django_assert_max_num_queries):
    plan = world.plan()
    base = dict(plan=plan, project=projects.a, unit=units.skhcn, field="goods", method="direct")
    Package.objects.bulk_create(
        [Package(name=f"Gói {i}", package_price=300 * TRIEU, selection_start=dt.date(2024, 1, 1)
                 + dt.timedelta(days=i), **base) for i in range(300)])
    with django_assert_max_num_queries(18):   # the checks, and the unit's rollups (six)
        signals.refresh_units([units.skhcn.pk], today=dt.date(2026, 1, 1))
    # 300 packages of 300 triệu, one a day in 2024: each is under 1 tỷ, any four of them are over
    assert Warning.objects.filter(code="split").count() == 300


# ------------------------------------------------------------------ results

def test_an_award_within_one_percent_of_the_package_price(world):
    close = world.award(world.package(TY, method="open", day=L22), 990 * TRIEU)                  # 1 %
    far = world.award(world.package(TY, method="open", day=L22, name="B"), 989_900_000)          # 1,01 %
    above = world.award(world.package(TY, method="competitive", day=L22, name="C"), TY + 1)
    [w] = found(close, "price.close")
    assert "990.000.000 đồng" in w.message and "tỷ lệ tiết kiệm 1 %" in w.message
    assert w.evidence["threshold_pct"] == "1.0000" and w.evidence["savings"] == 10 * TRIEU
    assert "price.close" not in found(far) and "price.close" not in found(above)


def test_a_direct_appointment_price_is_negotiated_not_judged_close(world):
    p = world.award(world.package(500 * TRIEU, day=L22), 499 * TRIEU, bidders=1)
    assert found(p) == []


def test_a_province_s_own_cut_off_overrides_the_default(world, units):
    Setting.objects.create(code="price_close_pct", root_unit=units.tinh, value=Decimal(2))
    p = world.award(world.package(TY, method="open", day=L22), 985 * TRIEU)                      # 1,5 %
    [w] = found(p, "price.close")
    assert "không quá 2 %" in w.message and "2 %" in w.citation
    Setting.objects.create(code="price_close_pct", root_unit=units.bo, value=Decimal(5))         # another tree
    signals.refresh_units([units.skhcn.pk])
    assert found(p, "price.close")[0].evidence["threshold_pct"] == "2.0000"


def test_a_cut_off_without_any_row_judges_nothing(world, units):
    Setting.objects.filter(code="price_close_pct").delete()
    p = world.award(world.package(TY, method="open", day=L22), TY)
    assert "price.close" not in found(p)


def test_a_single_bidder_in_competitive_bidding(world):
    one = world.award(world.package(TY, method="open", day=L22), 900 * TRIEU, bidders=1)
    two = world.award(world.package(TY, method="open", day=L22, name="B"), 900 * TRIEU, bidders=2)
    direct = world.award(world.package(TY, day=L22, name="C"), 900 * TRIEU, bidders=1)
    assert found(one) == ["bidders.single"] and found(two) == [] and found(direct) == []


def test_one_contractor_winning_half_of_the_unit_s_packages(world, units):
    day = dt.date(2025, 3, 3)
    won = [world.award(world.package(TY, method="open", day=day, name=f"A{i}"), 800 * TRIEU, tax="0100000001",
                       name="Công ty A") for i in range(2)]
    lost = world.award(world.package(TY, method="open", day=day, name="B"), 800 * TRIEU, tax="0100000002")
    signals.refresh_units([units.skhcn.pk], today=dt.date(2026, 1, 1))
    assert not Warning.objects.filter(code="contractor.share").exists()          # 3 awards < 4
    world.award(world.package(TY, method="open", day=day, name="C"), 800 * TRIEU, tax="0100000003")
    signals.refresh_units([units.skhcn.pk], today=dt.date(2026, 1, 1))
    assert {w.package_id for w in Warning.objects.filter(code="contractor.share")} == {p.pk for p in won}
    [w] = found(won[0], "contractor.share")
    assert "trúng 2/4 gói thầu" in w.message and "Công ty A (MST 0100000001)" in w.message
    assert w.evidence["share_count_pct"] == "50.00" and w.evidence["count"] == 2 and w.evidence["total"] == 4
    assert "contractor.share" not in found(lost)
    # three years later the awards are out of the window
    signals.refresh_units([units.skhcn.pk], today=dt.date(2028, 4, 3))
    assert not Warning.objects.filter(code="contractor.share").exists()


# ------------------------------------------------------------------ contracts

@pytest.fixture
def contracted(world, cast):
    def make(value=TY, planned="31/12/2025", actual=""):
        p = world.award(world.package(TY, method="open", day=L57), value)
        services.save_contract(cast.staff_a, p, {"number": "01/2025/HĐ", "value": str(value), "signed_on": "01/04/2025",
                                                 "planned_completion": planned, "actual_completion": actual},
                               p.version)
        return Package.objects.get(pk=p.pk)
    return make


def test_a_contract_completed_after_its_date(contracted, units):
    late = contracted(actual="05/01/2026")
    [w] = found(late, "contract.late")
    assert "hoàn thành ngày 05/01/2026, chậm 5 ngày" in w.message and "31/12/2025" in w.message
    assert "Hợp đồng số 01/2025/HĐ" in w.citation and w.evidence["days_late"] == 5
    Setting.objects.create(code="late_grace_days", root_unit=units.tinh, value=Decimal(5))
    signals.refresh_units([units.skhcn.pk])
    assert not found(late, "contract.late")


def test_a_contract_still_open_after_its_date(contracted, units):
    p = contracted()
    signals.refresh_units([units.skhcn.pk], today=dt.date(2025, 12, 31))
    assert not found(p, "contract.late")
    signals.refresh_units([units.skhcn.pk], today=dt.date(2026, 1, 10))
    [w] = found(p, "contract.late")
    assert "đã quá hạn 10 ngày, chưa hoàn thành" in w.message


def test_a_contract_completed_on_time_is_not_late(contracted):
    assert not found(contracted(actual="31/12/2025"), "contract.late")


def test_payments_above_the_contract_value(contracted, cast, projects):
    p = contracted(value=100 * TRIEU, actual="01/12/2025")
    entry = record_budget_entry(cast.staff_a, projects.a, {"year": 2025, "stage": Stage.DISBURSED,
                                                           "funding_source": FundingSource.objects.first(),
                                                           "amount": 500 * TRIEU})
    contract = Contract.objects.get(package=p)
    for amount in ("60.000.000", "40.000.000"):
        p.refresh_from_db()
        services.add_payment(cast.staff_a, contract, {"entry": entry.pk, "amount": amount, "paid_on": "01/06/2025"},
                             p.version)
    assert not found(p, "paid.over")                                     # exactly the value
    p.refresh_from_db()
    services.add_payment(cast.staff_a, contract, {"entry": entry.pk, "amount": "1", "paid_on": "02/06/2025"},
                         p.version)
    [w] = found(p, "paid.over")
    assert "Đã thanh toán 100.000.001 đồng" in w.message and "vượt giá hợp đồng 100.000.000 đồng là 1 đồng" in w.message
    assert w.evidence["over"] == 1


# ------------------------------------------------------------------ online

@pytest.mark.parametrize("method,day,required", [
    ("open", dt.date(2024, 12, 31), False),
    ("open", dt.date(2025, 1, 1), True),            # still Luật 22/2023: online from 01/01/2025
    ("restricted", L57, True),
    ("competitive", L90, True),
    ("open", ND214, True),
    ("direct", ND214, False),
    ("direct", dt.date(2025, 1, 2), False),
    ("online_shop", ND214, False),
])
def test_online_bidding_where_the_law_requires_it(world, method, day, required):
    offline = world.package(400 * TRIEU, method=method, day=day, online=False, name="Ngoài mạng")
    online = world.package(400 * TRIEU, method=method, day=day, online=True, name="Qua mạng")
    assert bool(found(offline, "online.missing")) is required
    assert not found(online, "online.missing")
    if required:
        [w] = found(offline, "online.missing")
        assert "Điều 50 khoản 1 điểm b" in w.citation and d(day) in w.message


# ------------------------------------------------------------------ the command

def test_the_command_rebuilds_one_unit_or_all(world, units, cast, projects):
    p = world.package(2 * TY, day=L22)
    services.create_package(cast.staff_b, services.create_plan(cast.staff_b, projects.b, {"name": "KH Y tế"}),
                            {"name": "Gói Y tế", "field": "goods", "package_price": "3.000.000.000", "method": "direct",
                             "selection_start": d(L22)})
    Warning.objects.all().delete()
    out = StringIO()
    call_command("refresh_procurement_warnings", "--unit", units.skhcn.code, stdout=out)
    assert found(p) == ["method.limit"] and Warning.objects.count() == 1
    assert "Đã tính lại dấu hiệu cảnh báo của 1 đơn vị, 1 gói thầu: 1 dấu hiệu" in out.getvalue()
    assert "Hình thức lựa chọn nhà thầu vượt hạn mức theo giá gói thầu: 1" in out.getvalue()
    out = StringIO()
    call_command("refresh_procurement_warnings", stdout=out)
    assert Warning.objects.count() == 2 and "của 2 đơn vị, 2 gói thầu" in out.getvalue()


@pytest.mark.parametrize("args,message", [
    (["--unit", "KHONG-CO"], "Không có đơn vị mã “KHONG-CO”"),
    (["--unit", " "], "Chưa nhập mã đơn vị"),
    (["--today", "31/12/2025"], "--today phải có dạng YYYY-MM-DD"),
])
def test_the_command_refuses_bad_input_and_changes_nothing(world, args, message):
    p = world.package(2 * TY, day=L22)
    Warning.objects.filter(package=p).update(message="cũ")
    with pytest.raises(CommandError, match=message):
        call_command("refresh_procurement_warnings", *args, stdout=StringIO())
    assert list(Warning.objects.values_list("message", flat=True)) == ["cũ"]
