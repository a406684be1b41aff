"""The automatic checks of an estimate: each rule fires where the unit got it wrong, stays silent
where it got it right (and at the edge), and runs only for the cost structures it is registered
for. Most tests run the rules on lines cleaned as the services store them (``run``); a few go
through ``save_version`` to show what the user finds stored on the version."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cds.estimates import checks, services
from cds.estimates.keys import item_key
from cds.estimates.models import Conclusion, EstimateLine, Flag, Level, PricePoint
from tests.factories import make_project

from .conftest import basic_lines, line, prepared
from .test_services import ucp_inputs


def _lines(project, lines):
    structure = services.structure_for(project)
    codes = {g.code for g in structure.groups.all()}
    out = []
    for data in lines:
        if data["group_code"] in codes:
            out.append(SimpleNamespace(**services.clean_line(data, codes)))
        else:  # a line of a group the structure does not have (as a sheet preview may hold)
            out.append(SimpleNamespace(**{**services.clean_line({**data, "group_code": "tb"}, codes),
                                          "group_code": data["group_code"]}))
    return structure, out


def run(project, lines, *, subtotals=None, total=None, estimate_id=None, actor=None, ucp=None, day=None):
    structure, objs = _lines(project, lines)
    ctx = checks.Context(project, structure, objs, subtotals or {}, total, ucp or {}, estimate_id, actor, day=day)
    return checks.run(ctx)


def found(results, rule):
    return [f for f in results if f.rule == rule]


# ------------------------------------------------------------------ arithmetic

def test_line_product_wrong_is_an_error_with_what_it_should_be(est):
    results = run(est.inv, [line("tb", "Máy chủ", quantity=2, unit_price=300_000_000, amount=600_500_000)])
    [flag] = found(results, "arithmetic.line")
    assert flag.level == Level.ERROR
    assert flag.evidence == {"quantity": "2.0000", "unit_price": 300_000_000, "expected": 600_000_000,
                             "stated": 600_500_000}
    assert "600.000.000" in flag.message and "chênh 500.000" in flag.message


@pytest.mark.parametrize("amount", [600_000_000, 600_000_001, 599_999_999])
def test_line_product_right_or_one_dong_off_is_not_flagged(est, amount):
    results = run(est.inv, [line("tb", "Máy chủ", quantity=2, unit_price=300_000_000, amount=amount)])
    assert found(results, "arithmetic.line") == []


def test_line_product_two_dong_off_is_flagged(est):
    results = run(est.inv, [line("tb", "Máy chủ", quantity=2, unit_price=300_000_000, amount=600_000_002)])
    assert len(found(results, "arithmetic.line")) == 1


def test_line_product_of_a_fractional_quantity_rounds_half_up(est):
    # 1,5 × 3 = 4,5 → 5 đồng; the unit writing 4 or 5 is within the rounding
    for amount in (4, 5, 6):
        results = run(est.inv, [line("tb", "Bản quyền phần mềm", quantity="1.5", unit_price=3, amount=amount)])
        assert found(results, "arithmetic.line") == []
    results = run(est.inv, [line("tb", "Bản quyền phần mềm", quantity="1.5", unit_price=3, amount=7)])
    assert len(found(results, "arithmetic.line")) == 1


def test_line_with_an_amount_only_is_not_checked_for_its_product(est):
    assert found(run(est.inv, [line("qlda", "Chi phí quản lý dự án", 12_345)]), "arithmetic.line") == []


def test_vat_wrong_is_an_error(est):
    results = run(est.inv, [line("tb", "Máy chủ", 100_000_000, vat_rate=10, vat_amount=11_000_000)])
    [flag] = found(results, "arithmetic.vat")
    assert flag.level == Level.ERROR
    assert flag.evidence["expected"] == 10_000_000 and flag.evidence["stated"] == 11_000_000


@pytest.mark.parametrize("vat", [10_000_000, 10_000_001, None])
def test_vat_right_or_one_dong_off_or_computed_is_not_flagged(est, vat):
    results = run(est.inv, [line("tb", "Máy chủ", 100_000_000, vat_rate=10, vat_amount=vat)])
    assert found(results, "arithmetic.vat") == []


def _two_lines():
    return [line("tb", "Máy chủ", 100_000_000, vat_rate=10), line("tb", "Thiết bị tường lửa", 50_000_000)]


@pytest.mark.parametrize("stated", [150_000_000, 160_000_000, 150_000_001])
def test_subtotal_before_or_after_vat_is_accepted(est, stated):
    assert found(run(est.inv, _two_lines(), subtotals={"tb": stated}), "arithmetic.subtotal") == []


def test_subtotal_neither_before_nor_after_vat_is_an_error(est):
    [flag] = found(run(est.inv, _two_lines(), subtotals={"tb": 155_000_000}), "arithmetic.subtotal")
    assert flag.level == Level.ERROR and flag.group_code == "tb"
    assert flag.evidence == {"stated": 155_000_000, "sum_before_vat": 150_000_000, "sum_after_vat": 160_000_000}
    assert "Chi phí thiết bị" in flag.message


def test_subtotal_of_an_empty_group_written_as_nonzero_is_an_error(est):
    results = run(est.inv, _two_lines(), subtotals={"xl": 5_000_000})
    assert [f.group_code for f in found(results, "arithmetic.subtotal")] == ["xl"]


@pytest.mark.parametrize("stated", [150_000_000, 160_000_000, 159_999_999])
def test_total_before_or_after_vat_is_accepted(est, stated):
    assert found(run(est.inv, _two_lines(), total=stated), "arithmetic.total") == []


def test_total_wrong_is_an_error_and_no_total_written_is_not_checked(est):
    [flag] = found(run(est.inv, _two_lines(), total=170_000_000), "arithmetic.total")
    assert flag.level == Level.ERROR and flag.evidence["stated"] == 170_000_000
    assert found(run(est.inv, _two_lines(), total=None), "arithmetic.total") == []


def test_arithmetic_errors_are_stored_on_the_version(est):
    lines = basic_lines()
    lines[0]["amount"] = 650_000_000
    estimate = prepared(est.cast.staff_a, est.inv, lines, declared_total=1)
    version = estimate.versions.get()
    rules = {f.rule for f in version.flags.all()}
    assert {"arithmetic.line", "arithmetic.total"} <= rules
    stored = version.flags.get(rule="arithmetic.line")
    assert stored.line.name == "Máy chủ" and stored.level == Level.ERROR


# ------------------------------------------------------------------ structure

def test_required_group_missing_is_a_warning(est):
    lines = [ln for ln in basic_lines() if ln["group_code"] != "qlda"]
    [flag] = found(run(est.inv, lines), "structure.required")
    assert flag.group_code == "qlda" and flag.level == Level.WARNING
    assert "Chi phí quản lý dự án" in flag.message


def test_required_group_with_a_zero_line_only_is_still_missing(est):
    lines = [ln for ln in basic_lines() if ln["group_code"] != "qlda"] + [line("qlda", "Chi phí quản lý dự án", 0)]
    assert [f.group_code for f in found(run(est.inv, lines), "structure.required")] == ["qlda"]


def test_all_required_groups_present_nothing_missing(est):
    assert found(run(est.inv, basic_lines()), "structure.required") == []


def test_optional_group_absent_is_not_flagged(est):
    # xây lắp and chi phí khác are not required by TT 04/2020's structure
    assert all(ln["group_code"] not in ("xl", "k") for ln in basic_lines())
    assert found(run(est.inv, basic_lines()), "structure.required") == []


def test_line_of_a_group_not_in_the_structure_is_an_error(est):
    results = run(est.inv, basic_lines() + [line("thue", "Thuê dịch vụ", 1_000_000)])
    [flag] = found(results, "structure.unknown_group")
    assert flag.level == Level.ERROR and flag.group_code == "thue"
    assert found(run(est.inv, basic_lines()), "structure.unknown_group") == []


def test_server_under_project_management_is_misplaced(est):
    [flag] = found(run(est.inv, [line("qlda", "Máy chủ ứng dụng", 100_000_000)]), "structure.misplaced")
    assert flag.level == Level.WARNING and flag.evidence["expected_group"] == "tb"
    assert "Chi phí thiết bị" in flag.message and "Chi phí quản lý dự án" in flag.message


def test_training_under_consulting_belongs_to_equipment(est):
    [flag] = found(run(est.inv, [line("tv", "Đào tạo, chuyển giao công nghệ", 30_000_000)]), "structure.misplaced")
    assert flag.evidence == {"expected_group": "tb", "matched": "dao tao"}


def test_correctly_placed_lines_are_not_flagged(est):
    lines = basic_lines() + [line("tv", "Tư vấn lập hồ sơ mời thầu", 1_000_000),
                             line("tb", "Đào tạo hướng dẫn sử dụng", 2_000_000)]
    assert found(run(est.inv, lines), "structure.misplaced") == []


def test_line_matching_no_group_is_not_flagged(est):
    assert found(run(est.inv, [line("tv", "Công việc khác chưa gọi tên", 1_000_000)]), "structure.misplaced") == []


# ------------------------------------------------------------------ contingency

def _de_cuong(contingency):
    return [line("tb", "Phần mềm quản lý khám chữa bệnh", 1_000_000_000, basis="quote"),
            line("qlda", "Chi phí quản lý dự án", 10_000_000),
            line("tv", "Chi phí khảo sát", 90_000_000),
            line("dp", "Chi phí dự phòng", contingency)]


def test_contingency_over_the_cap_of_a_de_cuong_is_an_error(est):
    [flag] = found(run(est.recurrent, _de_cuong(132_000_000)), "norm.contingency")   # 12 % of 1,1 tỷ
    assert flag.level == Level.ERROR and flag.group_code == "dp"
    assert Decimal(flag.evidence["cap"]) == 10 and flag.evidence["allowed"] == 110_000_000
    assert flag.evidence["share"] == "12.00"
    assert "12 %" in flag.message and "10 %" in flag.message and "TT 03/2020" in flag.citation


def test_contingency_exactly_at_the_cap_is_not_flagged(est):
    assert found(run(est.recurrent, _de_cuong(110_000_000)), "norm.contingency") == []
    assert found(run(est.recurrent, _de_cuong(110_000_001)), "norm.contingency") == []  # one đồng of rounding
    assert len(found(run(est.recurrent, _de_cuong(110_000_002)), "norm.contingency")) == 1


def test_contingency_of_an_investment_without_a_cap_is_information_only(est):
    [flag] = found(run(est.inv, basic_lines()), "norm.contingency")
    assert flag.level == Level.INFO and "chưa nhập mức tối đa" in flag.message
    lines = basic_lines()
    lines[-1]["amount"] = 500_000_000   # ~48 %: still no cap to hold it against
    assert [f.level for f in found(run(est.inv, lines), "norm.contingency")] == [Level.INFO]


def test_no_contingency_line_no_flag(est):
    assert found(run(est.recurrent, _de_cuong(0)), "norm.contingency") == []


# ------------------------------------------------------------------ rate norms (QĐ 1688)

def _infra(qlda, *extra):
    """Hardware only: base = xây lắp + thiết bị (tables "a")."""
    return [line("xl", "Thi công lắp đặt mạng", 500_000_000),
            line("tb", "Máy chủ", 1_000_000_000),
            line("qlda", "Chi phí quản lý dự án", qlda), *extra]


def _software(qlda, *extra):
    """Internal software: base = thiết bị only (tables "b")."""
    return [line("xl", "Thi công lắp đặt mạng", 500_000_000),
            line("tb", "Phần mềm quản lý văn bản", 1_000_000_000),
            line("qlda", "Chi phí quản lý dự án", qlda), *extra]


def test_project_management_above_table_1a_is_an_error_with_its_evidence(est):
    # 1,5 tỷ ≤ 7 tỷ: 2,644 % × 1.500.000.000 = 39.660.000 đồng
    [flag] = found(run(est.inv, _infra(45_000_000)), "norm.rate")
    assert flag.level == Level.ERROR and flag.group_code == "qlda"
    assert flag.evidence["table"] == "t1a" and flag.evidence["base"] == 1_500_000_000
    assert Decimal(flag.evidence["rate"]) == Decimal("2.644") and flag.evidence["allowed"] == 39_660_000
    assert "1688" in flag.citation
    assert "39.660.000" in flag.message


@pytest.mark.parametrize("amount", [39_660_000, 30_000_000, 39_800_000])  # at, below, within the rate's rounding
def test_project_management_at_or_below_the_norm_is_not_flagged(est, amount):
    assert found(run(est.inv, _infra(amount)), "norm.rate") == []


def test_software_projects_read_table_1b_on_equipment_only(est):
    # software: base 1 tỷ (xây lắp left out), 2,809 % = 28.090.000 đồng
    [flag] = found(run(est.inv, _software(30_000_000)), "norm.rate")
    assert flag.evidence["table"] == "t1b" and flag.evidence["base"] == 1_000_000_000
    assert flag.evidence["allowed"] == 28_090_000
    # the same amount on infrastructure is within table 1a (base 1,5 tỷ)
    assert found(run(est.inv, _infra(30_000_000)), "norm.rate") == []


def test_tender_documents_above_table_8_are_an_error(est):
    # 0,283 % × 1,5 tỷ = 4.245.000 đồng
    results = run(est.inv, _infra(30_000_000, line("tv", "Lập hồ sơ mời thầu mua sắm thiết bị", 6_000_000)))
    [flag] = found(results, "norm.rate")
    assert flag.line.name == "Lập hồ sơ mời thầu mua sắm thiết bị"
    assert flag.evidence["table"] == "t8a" and flag.evidence["allowed"] == 4_245_000
    results = run(est.inv, _infra(30_000_000, line("tv", "Lập hồ sơ mời thầu mua sắm thiết bị", 4_245_000)))
    assert found(results, "norm.rate") == []


def test_a_line_naming_its_norm_is_checked_against_it(est):
    results = run(est.inv, _infra(30_000_000, line("tv", "Chi phí tư vấn gói 2", 6_000_000, norm_key="t8a")))
    assert [f.evidence["table"] for f in found(results, "norm.rate")] == ["t8a"]


def test_de_cuong_reads_the_bcktkt_column(est):
    # software đề cương: table 1b (BCKTKT) 1,855 % × 1 tỷ = 18.550.000 đồng
    lines = [line("tb", "Phần mềm quản lý khám chữa bệnh", 1_000_000_000),
             line("qlda", "Chi phí quản lý dự án", 20_000_000)]
    [flag] = found(run(est.recurrent, lines), "norm.rate")
    assert flag.evidence["table"] == "t1b_bcktkt" and flag.evidence["allowed"] == 18_550_000
    # the same lines in an investment project read the project column (2,809 %): within it
    assert found(run(est.inv, lines), "norm.rate") == []


@pytest.mark.parametrize("name", ["nd224", "rental"])
def test_structures_without_rate_norms_get_no_rate_flag(est, name):
    project = getattr(est, name)
    group = "tb" if name == "nd224" else "thue"
    lines = [line(group, "Máy chủ", 1_000_000_000, basis="quote"),
             line("qlda", "Chi phí quản lý dự án", 500_000_000, basis="quote")]
    assert found(run(project, lines), "norm.rate") == []


def test_no_base_no_rate_check(est):
    assert found(run(est.inv, [line("qlda", "Chi phí quản lý dự án", 500_000_000)]), "norm.rate") == []


# ------------------------------------------------------------------ basis under NĐ 224

def test_nd224_line_without_its_price_basis_is_a_warning(est):
    lines = [line("tb", "Máy chủ", 100_000_000, basis="quote"), line("tb", "Thiết bị tường lửa", 50_000_000),
             line("dp", "Chi phí dự phòng", 5_000_000)]
    [flag] = found(run(est.nd224, lines), "basis.missing")
    assert flag.line.name == "Thiết bị tường lửa" and flag.level == Level.WARNING
    assert "224/2026" in flag.citation


def test_basis_is_not_asked_outside_nd224(est):
    lines = [line("tb", "Máy chủ", 100_000_000), line("qlda", "Chi phí quản lý dự án", 1_000_000)]
    assert found(run(est.inv, lines), "basis.missing") == []
    assert found(run(est.recurrent, lines), "basis.missing") == []


# ------------------------------------------------------------------ market prices

def _history(estimate, prices, *, name="Máy chủ", unit="bộ", tree=None):
    """Earlier prices of ``name`` as concluded estimates leave them (on ``estimate``'s first line)."""
    ln = EstimateLine.objects.filter(version__estimate=estimate).first()
    tree = tree or estimate.project.investor_unit.tree_prefix
    PricePoint.objects.bulk_create([
        PricePoint(tree_prefix=tree, item_key=item_key(name), unit=unit, unit_price=p, name=name,
                   day=dt.date(2025, 1, 1) + dt.timedelta(days=i), estimate=estimate, line=ln)
        for i, p in enumerate(prices)])


@pytest.fixture
def earlier(est):
    """A province estimate and a ministry estimate the price history points to."""
    return SimpleNamespace(
        province=prepared(est.cast.staff_b, est.recurrent, [line("tb", "Máy chủ", 1)], title="Dự toán cũ"),
        ministry=prepared(est.cast.outsider_staff, est.bo, [line("tb", "Máy chủ", 1)], title="Dự toán của Bộ"))


def _server(price, unit="bộ", name="Máy chủ (2 CPU, 256 GB)"):
    return [line("tb", name, quantity=2, unit_price=price, amount=2 * price, unit=unit)]


def test_price_double_the_median_is_a_warning_with_the_spread_and_sources(est, earlier):
    _history(earlier.province, [90_000_000, 100_000_000, 130_000_000])
    [flag] = found(run(est.inv, _server(200_000_000)), "market.price")
    assert flag.level == Level.WARNING
    ev = flag.evidence
    assert (ev["median"], ev["min"], ev["max"], ev["count"]) == (100_000_000, 90_000_000, 130_000_000, 3)
    assert {s["estimate"] for s in ev["sources"]} == {earlier.province.pk}
    assert [s["unit_price"] for s in ev["sources"]] == [130_000_000, 100_000_000, 90_000_000]  # newest first
    assert "100 %" in flag.message and "3 giá của dự toán được kết luận phù hợp" in flag.message
    assert "trúng thầu" not in flag.message and (ev["estimates"], ev["awards"]) == (3, 0)
    assert {s["kind"] for s in ev["sources"]} == {"estimate"}


def test_price_within_the_tolerance_is_not_flagged(est, earlier):
    _history(earlier.province, [90_000_000, 100_000_000, 130_000_000])
    assert found(run(est.inv, _server(125_000_000)), "market.price") == []   # +25 %: the edge
    assert len(found(run(est.inv, _server(125_000_001)), "market.price")) == 1


def test_prices_of_another_tree_never_count(est, earlier):
    # the ministry's estimates priced servers at 100 million; the province has no history
    _history(earlier.ministry, [100_000_000] * 5)
    assert found(run(est.inv, _server(400_000_000)), "market.price") == []
    # and the ministry's own estimate is compared with the ministry's prices only
    assert len(found(run(est.bo, _server(400_000_000)), "market.price")) == 1
    _history(earlier.province, [400_000_000] * 3)
    assert found(run(est.bo, _server(100_000_000)), "market.price") == []
    [flag] = found(run(est.bo, _server(900_000_000)), "market.price")
    assert flag.evidence["median"] == 100_000_000
    assert {s["estimate"] for s in flag.evidence["sources"]} == {earlier.ministry.pk}


def test_fewer_earlier_prices_than_the_minimum_compare_nothing(est, earlier):
    _history(earlier.province, [100_000_000, 100_000_000])
    _history(earlier.ministry, [100_000_000] * 3, tree=earlier.ministry.project.investor_unit.tree_prefix)
    assert found(run(est.inv, _server(500_000_000)), "market.price") == []


def test_a_different_unit_of_measure_is_not_compared(est, earlier):
    _history(earlier.province, [100_000_000] * 3, unit="bộ")
    assert found(run(est.inv, _server(500_000_000, unit="chiếc")), "market.price") == []
    assert len(found(run(est.inv, _server(500_000_000, unit="Bộ")), "market.price")) == 1


def test_a_different_item_is_not_compared(est, earlier):
    _history(earlier.province, [100_000_000] * 3)
    assert found(run(est.inv, _server(500_000_000, name="Máy chủ lưu trữ")), "market.price") == []


def test_the_estimates_own_prices_are_not_its_history(est, earlier):
    _history(earlier.province, [100_000_000] * 3)
    assert found(run(est.inv, _server(500_000_000), estimate_id=earlier.province.pk), "market.price") == []


def test_lines_outside_priced_groups_are_not_compared(est, earlier):
    _history(earlier.province, [100_000] * 3, name="Chi phí quản lý dự án", unit="")
    lines = [line("qlda", "Chi phí quản lý dự án", quantity=1, unit_price=900_000, amount=900_000)]
    assert found(run(est.inv, lines), "market.price") == []


# ------------------------------------------------------------------ awarded prices

DAY = dt.date(2026, 6, 1)   # the day the estimate is judged on


def _awards(prices, *, name="Máy chủ", unit="bộ", tree="", days=None, package=700):
    """Awarded unit prices as the procurement services leave them (one package per price)."""
    days = days or [DAY - dt.timedelta(days=30 * (i + 1)) for i in range(len(prices))]
    PricePoint.objects.bulk_create([
        PricePoint(tree_prefix=tree, item_key=item_key(name), unit=unit, unit_price=p, name=name, day=d,
                   source="award", package_id=package + i)
        for i, (p, d) in enumerate(zip(prices, days))])


def test_a_price_40_percent_above_three_awards_is_a_warning_citing_them(est):
    tree = est.inv.investor_unit.tree_prefix
    _awards([95_000_000, 100_000_000, 110_000_000], tree=tree)
    [flag] = found(run(est.inv, _server(140_000_000), day=DAY), "market.price")
    ev = flag.evidence
    assert (ev["median"], ev["count"], ev["estimates"], ev["awards"]) == (100_000_000, 3, 0, 3)
    assert ev["sources"] == [
        {"kind": "award", "package": 700, "day": "2026-05-02", "unit_price": 95_000_000},
        {"kind": "award", "package": 701, "day": "2026-04-02", "unit_price": 100_000_000},
        {"kind": "award", "package": 702, "day": "2026-03-03", "unit_price": 110_000_000}]
    assert "40 %" in flag.message and "3 giá trúng thầu" in flag.message and "dự toán được" not in flag.message
    assert found(run(est.inv, _server(125_000_000), day=DAY), "market.price") == []   # +25 %: the edge


def test_awards_of_another_tree_another_unit_or_outside_the_years_do_not_count(est, earlier):
    tree = est.inv.investor_unit.tree_prefix
    _awards([100_000_000] * 3, tree=earlier.ministry.project.investor_unit.tree_prefix)
    _awards([100_000_000] * 3, tree=tree, unit="chiếc", package=800)
    _awards([100_000_000] * 3, tree=tree, days=[dt.date(2023, 5, 31)] * 3, package=900)   # a day too old
    _awards([100_000_000] * 3, tree=tree, days=[DAY + dt.timedelta(days=1)] * 3, package=950)  # after the day
    assert found(run(est.inv, _server(400_000_000), day=DAY), "market.price") == []
    # exactly three years before the day still counts
    _awards([100_000_000] * 3, tree=tree, days=[dt.date(2023, 6, 1)] * 3, package=990)
    [flag] = found(run(est.inv, _server(400_000_000), day=DAY), "market.price")
    assert {s["package"] for s in flag.evidence["sources"]} == {990, 991, 992}
    assert flag.evidence["since"] == "2023-06-01"


def test_the_years_are_a_setting(est, settings):
    _awards([100_000_000] * 3, tree=est.inv.investor_unit.tree_prefix, days=[dt.date(2024, 1, 10)] * 3)
    assert len(found(run(est.inv, _server(400_000_000), day=DAY), "market.price")) == 1
    settings.ESTIMATE_MARKET_YEARS = 2
    assert found(run(est.inv, _server(400_000_000), day=DAY), "market.price") == []
    settings.ESTIMATE_MARKET_YEARS = 1   # one year: from 10/01/2024 for a day of 10/01/2025
    assert found(run(est.inv, _server(400_000_000), day=dt.date(2025, 1, 11)), "market.price") == []
    assert len(found(run(est.inv, _server(400_000_000), day=dt.date(2025, 1, 10)), "market.price")) == 1


def test_estimates_concluded_suitable_and_awards_count_together(est, earlier):
    tree = est.inv.investor_unit.tree_prefix
    _history(earlier.province, [90_000_000, 100_000_000])
    _awards([105_000_000, 120_000_000], tree=tree)
    # two of each: neither alone reaches the minimum of three
    [flag] = found(run(est.inv, _server(150_000_000), day=DAY), "market.price")
    ev = flag.evidence
    assert (ev["count"], ev["estimates"], ev["awards"], ev["median"]) == (4, 2, 2, 102_500_000)
    assert {s["kind"] for s in ev["sources"]} == {"estimate", "award"}
    assert {s.get("estimate") for s in ev["sources"] if s["kind"] == "estimate"} == {earlier.province.pk}
    assert "2 giá của dự toán được kết luận phù hợp, 2 giá trúng thầu" in flag.message


def test_a_stored_version_is_judged_on_its_own_date(est):
    """Prices recorded after the version was written are not its evidence."""
    version = prepared(est.cast.staff_a, est.inv, _server(400_000_000), title="Dự toán máy chủ").versions.get()
    type(version).objects.filter(pk=version.pk).update(created_at=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
    version.refresh_from_db()
    _awards([100_000_000] * 3, tree=est.inv.investor_unit.tree_prefix, days=[dt.date(2026, 7, 1)] * 3)
    assert not [f for f in services.run_checks(version) if f.rule == "market.price"]
    _awards([100_000_000] * 3, tree=est.inv.investor_unit.tree_prefix, days=[dt.date(2026, 5, 1)] * 3, package=800)
    assert [f for f in services.run_checks(version) if f.rule == "market.price"]


# ------------------------------------------------------------------ similar projects

def test_no_similar_concluded_estimate_no_comparison(est):
    """Without a similar project's estimate concluded as suitable there is nothing to compare
    the total with, whoever runs the check."""
    for actor in (est.cast.staff_a, est.cast.appraiser, None):
        results = run(est.inv, basic_lines(), actor=actor, ucp={"aucp": 100, "total": 10**9})
        assert found(results, "market.ucp") == [] and found(results, "market.total") == []


# ------------------------------------------------------------------ registration

@pytest.fixture
def extra_rule():
    seen = []

    def rule(ctx):
        seen.append(ctx.structure.code)
        yield checks.Found("test.extra", Level.INFO, "Quy tắc thử.")

    before = list(checks.RULES)
    checks.register("test.extra", "Quy tắc thử", structures=("nd73_rental",))(rule)
    try:
        yield seen
    finally:
        checks.RULES[:] = before


def test_a_rule_registered_for_one_structure_runs_for_it_only(est, extra_rule):
    assert found(run(est.rental, [line("thue", "Thuê dịch vụ hội nghị truyền hình", 1_000_000)]), "test.extra")
    for project in (est.inv, est.recurrent, est.nd224):
        assert found(run(project, basic_lines()[:1]), "test.extra") == []
    assert extra_rule == ["nd73_rental"]


def test_rules_by_structure(est):
    codes = {s: {r.code for r in checks.rules_for(s)} for s in ("nd73_tt04", "tt03_de_cuong", "nd224_49",
                                                                  "nd73_rental", "nd224_rental")}
    assert "norm.rate" in codes["nd73_tt04"] and "norm.rate" in codes["tt03_de_cuong"]
    assert "norm.rate" not in codes["nd224_49"] and "norm.rate" not in codes["nd73_rental"]
    assert "basis.missing" in codes["nd224_49"] and "basis.missing" in codes["nd224_rental"]
    assert "basis.missing" not in codes["nd73_tt04"]


@pytest.fixture
def similar(est):
    """A project of Sở Y tế much like Sở KH&CN's land database, and one of the ministry."""
    return SimpleNamespace(
        province=make_project(est.cast.staff_b, est.units.syt, name="Xây dựng cơ sở dữ liệu đất đai cấp huyện"),
        ministry=make_project(est.cast.outsider_staff, est.units.bo_vp,
                              name="Xây dựng cơ sở dữ liệu đất đai của Bộ"))


def _concluded(actor, project, checker, conclusion=Conclusion.SUITABLE, hourly_rate=None):
    estimate = prepared(actor, project, basic_lines())
    if hourly_rate:
        services.attach_ucp(actor, estimate, "CV2589", ucp_inputs(hourly_rate))
    services.submit(actor, estimate)
    if conclusion:
        services.conclude(checker, estimate, conclusion=conclusion, text="Kết luận.")
    return estimate


def test_total_compared_with_similar_projects_of_the_tree(est, similar):
    other = _concluded(est.cast.staff_b, similar.province, est.cast.appraiser)
    lines = basic_lines()
    lines[0].update(unit_price=1_500_000_000, amount=3_000_000_000, vat_rate=0)
    version = prepared(est.cast.staff_a, est.inv, lines).versions.get()
    [flag] = version.flags.filter(rule="market.total")
    assert flag.level == Level.WARNING   # more than twice the median
    assert flag.evidence["count"] == 1 and flag.evidence["median"] == other.versions.get().total
    assert flag.evidence["sources"] == [{"estimate": other.pk, "project": similar.province.pk,
                                         "total": other.versions.get().total}]


def test_cost_per_use_case_point_compared_with_similar_projects(est, similar):
    _concluded(est.cast.staff_b, similar.province, est.cast.appraiser, hourly_rate=55677)
    estimate = prepared(est.cast.staff_a, est.inv, basic_lines())
    version = services.attach_ucp(est.cast.staff_a, estimate, "CV2589", ucp_inputs(55677))
    assert not version.flags.filter(rule="market.ucp").exists()   # the same cost per point
    estimate.refresh_from_db()
    version = services.attach_ucp(est.cast.staff_a, estimate, "CV2589", ucp_inputs(2 * 55677))
    [flag] = version.flags.filter(rule="market.ucp")
    assert flag.level == Level.WARNING and flag.evidence["count"] == 1
    assert flag.evidence["mine"] == pytest.approx(2 * flag.evidence["median"], rel=0.001)


def test_similar_projects_of_another_tree_or_not_concluded_suitable_never_count(est, similar):
    # the ministry's similar project concluded suitable, the province's only submitted or adjusted
    ministry = _concluded(est.cast.outsider_staff, similar.ministry, est.cast.outsider, hourly_rate=10_000)
    _concluded(est.cast.staff_b, similar.province, est.cast.appraiser, conclusion=None)
    third = make_project(est.cast.staff_b, est.units.syt, name="Cơ sở dữ liệu đất đai cấp xã")
    _concluded(est.cast.staff_b, third, est.cast.appraiser, conclusion=Conclusion.ADJUST)
    estimate = prepared(est.cast.staff_a, est.inv, basic_lines())
    version = services.attach_ucp(est.cast.staff_a, estimate, "CV2589", ucp_inputs(55677))
    assert not version.flags.filter(rule__in=("market.total", "market.ucp")).exists()
    cited = {s.get("estimate") for f in Flag.objects.all() for s in f.evidence.get("sources", ())
             if f.version.estimate.project.investor_unit.tree_prefix == est.units.skhcn.tree_prefix}
    assert ministry.pk not in cited
