"""The calculators over the constants loaded by the migration: the worked use-case-point example,
QĐ 1688 interpolation at and between milestones, the review rule, TT 194 lines, the contingency
cap — and a constant the province has not entered, refused in words."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cds.core.errors import ServiceError
from cds.estimates.calc import contingency, data_entry, rates, ucp
from cds.estimates.calc.constants import method_constants
from cds.estimates.models import Constant

pytestmark = pytest.mark.django_db

TECHNICAL = [2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1]          # TFW 17
ENVIRONMENT = [5, 5, 3, 5, 5, 5, 0, 5]


def example(hourly_rate=Decimal("55677.38")):
    return {"actors": {"simple": 0, "average": 0, "complex": 3},
            "use_cases": {"B": {"simple": 11, "average": 9}, "M": {"simple": 1}, "T": {"average": 1}},
            "technical_factors": TECHNICAL, "environment_factors": ENVIRONMENT, "hourly_rate": hourly_rate}


@pytest.mark.parametrize("code", ["CV2589", "QD671"])
def test_worked_example(code, django_assert_num_queries):
    with django_assert_num_queries(1):
        constants = method_constants(code)
    r = ucp.compute(example(), constants)
    assert (r.taw, r.tbf, r.uucp, r.tfw) == (9, 166, 175, 17)
    assert r.tcf == Decimal("0.77")
    assert (r.efw, r.ef, r.es, r.p) == (Decimal("25.5"), Decimal("0.635"), Decimal("4.8"), 20)
    assert r.aucp == Decimal("85.56625")
    assert str(r.e).startswith("142.6104166")
    assert (r.g, r.c, r.tl) == (222_324_882, 144_511_173, 22_010_163)
    assert r.total == 388_846_218 == r.g + r.c + r.tl   # the sum of the three rounded amounts
    stored = json.loads(json.dumps(r.as_dict()))         # what a version stores and the API answers
    assert stored["tcf"] == 0.77 and stored["aucp"] == 85.56625 and stored["total"] == 388_846_218
    assert isinstance(stored["g"], int) and stored["h"] == 55677.38


def test_worked_example_with_whole_dong_rate():
    r = ucp.compute(example(55677), method_constants("CV2589"))
    g = round(Decimal("1.4") * Decimal(175) * Decimal("0.77") * Decimal("0.635") * 10 / 6 * 20 * 55677)
    c = round(Decimal("0.65") * g)
    tl = round(Decimal("0.06") * (g + c))
    assert (r.g, r.c, r.tl, r.total) == (g, c, tl, g + c + tl) == (222_323_365, 144_510_187, 22_010_013, 388_843_565)


def test_appendix_tables():
    constants = method_constants("QD671")
    tables = ucp.compute(example(), constants).appendix()
    titles = [t.title for t in tables]
    assert titles[0].startswith("Bảng tính điểm tác nhân") and titles[1].startswith("Bảng tính điểm trường hợp sử dụng")
    assert titles[2].startswith("Bảng tính hệ số phức tạp kỹ thuật") and titles[3].startswith("Bảng tính hệ số môi trường")
    assert titles[4] == "Bảng tính giá trị phần mềm"
    technical, environment, value = tables[2], tables[3], tables[4]
    assert len(technical.rows) == 13 and technical.rows[0][1] == "Xử lý phân tán"    # QĐ 671 wording
    assert technical.rows[0][2:] == ["2", "2", "4"]
    assert len(environment.rows) == 8 and environment.rows[0][-1] == "1" and environment.rows[6][-1] == "0"
    assert environment.footer[0][-2:] == ["25,5", "4,8"]
    assert value.footer[0][-1] == "388.846.218" and "Quyết định 671/QĐ-BTTTT" in value.citation
    assert any(row[-1] == "222.324.882" for row in value.rows)


@pytest.mark.parametrize("change, field, message", [
    ({"actors": {"complex": -1}}, "actors.complex", "không được âm"),
    ({"actors": {"complex": 10_001}}, "actors.complex", "quá lớn"),
    ({"use_cases": {"B": {"simple": "nhiều"}}}, "use_cases.B.simple", "phải là số nguyên"),
    ({"technical_factors": [1] * 12}, "technical_factors", "Cần đúng 13 điểm"),
    ({"technical_factors": [6] + [1] * 12}, "technical_factors.0", "điểm phải từ 0 đến 5"),
    ({"environment_factors": [-1] + [1] * 7}, "environment_factors.0", "điểm phải từ 0 đến 5"),
    ({"environment_factors": [1] * 9}, "environment_factors", "Cần đúng 8 điểm"),
    ({"hourly_rate": 0}, "hourly_rate", "phải lớn hơn 0"),
    ({"hourly_rate": -5}, "hourly_rate", "phải lớn hơn 0"),
    ({"hourly_rate": 10**9}, "hourly_rate", "quá lớn"),
    ({"hourly_rate": None}, "hourly_rate", "Chưa nhập đơn giá"),
])
def test_bad_input_is_refused_in_vietnamese(change, field, message):
    inputs = {**example(55677), **change}
    with pytest.raises(ServiceError) as exc:
        ucp.compute(inputs, method_constants("CV2589"))
    assert field in exc.value.message_dict and message in " ".join(exc.value.message_dict[field])


def test_unset_constant_is_named():
    Constant.objects.filter(method__code="CV2589", key="overhead_rate").update(value=None)
    with pytest.raises(ServiceError) as exc:
        ucp.compute(example(55677), method_constants("CV2589"))
    text = " ".join(exc.value.messages)
    assert text.startswith("Tỉnh chưa nhập Chi phí chung C = tỷ lệ × G (Công văn 2589/BTTTT-ƯDCNTT")
    assert "Quy tắc → Hằng số, bảng định mức" in text


def test_hourly_rate_from_labour_components():
    h = ucp.hourly_rate(hcb=Decimal("2.34"), hpc=0, mlcs=2_340_000, hdc=0, insurance_share=Decimal("0.215"),
                        days=26, hours=8)
    assert h["monthly"] == 5_475_600 and h["insurance"] == 1_177_254
    assert h["day"] == round(Decimal(5_475_600 + 1_177_254) / 26) and h["hour"] == round(Decimal(h["day"]) / 8)
    with pytest.raises(ServiceError):
        ucp.hourly_rate(hcb=1, hpc=0, mlcs=0, hdc=0, insurance_share=0, days=26, hours=8)


# ------------------------------------------------------------------ rates ----

@pytest.fixture
def r1688():
    return method_constants("QD1688")


def test_rate_between_milestones(r1688):
    r = rates.rate("t1b", 10 * 10**9, r1688)
    assert r.rate == Decimal("2.5555") and r.amount == 255_550_000
    assert r.lower == (7, Decimal("2.809")) and r.upper == (15, Decimal("2.133"))
    assert "2,809 − (2,809 − 2,133) / (15 − 7) × (10 − 7) = 2,5555%" in r.formula
    assert "Quyết định 1688/QĐ-BTTTT" in r.citation


@pytest.mark.parametrize("base_ty, expected", [
    (Decimal(7), Decimal("2.809")), (Decimal(15), Decimal("2.133")), (Decimal(200), Decimal("1.248")),  # milestones
    (Decimal(1), Decimal("2.809")),                  # below the first: the first rate
    (Decimal("0.5"), Decimal("2.809")),
    (Decimal(5000), Decimal("1.248")),               # above the last: the last rate
])
def test_rate_at_and_beyond_milestones(r1688, base_ty, expected):
    r = rates.rate("t1b", int(base_ty * 10**9), r1688)
    assert r.rate == expected and r.amount == round(expected / 100 * base_ty * 10**9)


@pytest.mark.parametrize("base, message", [(0, "phải lớn hơn 0"), (-1, "không được âm")])
def test_rate_edges(r1688, base, message):
    with pytest.raises(ServiceError) as exc:
        rates.rate("t1b", base, r1688)
    assert message in exc.value.message_dict["base"][0]


def test_rate_unknown_table(r1688):
    with pytest.raises(ServiceError):
        rates.rate("t99", 10**9, r1688)


def test_coefficients_by_column(r1688):
    qlda = rates.rate("t1b", 10 * 10**9, r1688, ["island"])          # QLDA column: 1,35
    other = rates.rate("t2b", 10 * 10**9, r1688, ["island"])         # other tables: 1,2
    assert qlda.rate == Decimal("2.5555") * Decimal("1.35") and qlda.table_rate == Decimal("2.5555")
    assert other.rate == other.table_rate * Decimal("1.2")
    assert qlda.coefficients == [("Dự án tại hải đảo", Decimal("1.35"))] and "× 1,35" in qlda.formula


def test_multi_province_coefficient_per_kind_of_cost(r1688):
    """QLDA ×1,25, preparing a project ×1,3, a review (thẩm tra, tables 4–6) ×1,1."""
    base = 10 * 10**9
    for table, factor in (("t1b", "1.25"), ("t2b", "1.3"), ("t4b", "1.1"), ("t6a", "1.1")):
        r = rates.rate(table, base, r1688, ["multi_province"])
        assert r.rate == r.table_rate * Decimal(factor), table


def test_review_rule(r1688):
    base = 10 * 10**9
    r = rates.rate("review_b", base, r1688)
    t4, t5, t6 = (rates.rate(k, base, r1688).rate for k in ("t4b", "t5b", "t6b"))
    assert r.rate == Decimal("0.4") * t4 + Decimal("0.7") * t5 + Decimal("0.7") * t6
    assert [p.table_key for p in r.parts] == ["t4b", "t5b", "t6b"]
    assert r.amount == round(r.rate / 100 * base) and "40% × " in r.formula


# --------------------------------------------------------------- data entry ----

def test_data_entry_lines():
    r = data_entry.compute({"fields": {"short": 1000, "long": 10}, "pages": {"text": 2},
                            "ocr_pages": {"table": 10}, "photos": 4}, method_constants("TT194"))
    amounts = [(ln.quantity, ln.rate, ln.amount) for ln in r.lines]
    assert amounts == [(1000, 300, 300_000), (10, 450, 4_500), (2, 9500, 19_000),
                       (10, Decimal("3510"), 35_100), (4, Decimal("3600"), 14_400)]
    assert r.total == sum(a for _, _, a in amounts)
    assert all("Thông tư 194/2012/TT-BTC" in ln.citation for ln in r.lines)


def test_data_entry_shares():
    r = data_entry.compute({"pages": {"text": 100}, "reuse": True, "language_uplift": Decimal("0.2"), "staff": True},
                           method_constants("TT194"))
    line = r.lines[0]
    assert line.rate == Decimal(9500) * Decimal("0.15") * Decimal("1.2") * Decimal("0.5") and line.amount == 85_500
    with pytest.raises(ServiceError) as exc:
        data_entry.compute({"pages": {"text": 1}, "language_uplift": Decimal("0.5")}, method_constants("TT194"))
    assert "từ 10% đến 30%" in exc.value.message_dict["language_uplift"][0]


def test_medium_fields_not_configured():
    constants = method_constants("TT194")
    assert data_entry.compute({"fields": {"short": 1}}, constants).total == 300   # not asked: no refusal
    with pytest.raises(ServiceError) as exc:
        data_entry.compute({"fields": {"medium": 5}}, constants)
    assert exc.value.messages[0].startswith("Tỉnh chưa nhập Nhập dữ liệu có cấu trúc, trường 15–50 ký tự")


def test_data_entry_bad_input():
    with pytest.raises(ServiceError) as exc:
        data_entry.compute({"fields": {"short": -1}, "pages": {"text": 10**10}}, method_constants("TT194"))
    assert "không được âm" in exc.value.message_dict["fields.short"][0]
    assert "quá lớn" in exc.value.message_dict["pages.text"][0]
    with pytest.raises(ServiceError, match="Chưa nhập khối lượng"):
        data_entry.compute({}, method_constants("TT194"))


# -------------------------------------------------------------- contingency ----

def test_contingency_cap():
    assert contingency.cap("tt03_de_cuong") == Decimal(10)
    assert contingency.cap("nd73_rental") is None
    ok = contingency.check("tt03_de_cuong", 1_000_000_000, 100_000_000)
    assert ok.ok and ok.limit == 100_000_000
    over = contingency.check("tt03_de_cuong", 1_000_000_000, 100_000_001)
    assert not over.ok and "vượt mức tối đa 10%" in over.message and "TT 03/2020" in over.citation
    free = contingency.check("nd73_rental", 1_000_000_000, 900_000_000)
    assert free.ok and free.cap is None and "không quy định" in free.message
    with pytest.raises(ServiceError):
        contingency.check("tt03_de_cuong", -1, 0)
