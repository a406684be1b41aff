"""The calculator pages: forms labelled from the method's rows, the worked example's appendix
tables with VND separators and citations, Vietnamese errors beside the fields, nothing stored."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.estimates.models import Constant
from tests.conftest import login

TECHNICAL = [2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1]
ENVIRONMENT = [5, 5, 3, 5, 5, 5, 0, 5]


def ucp_post(method="CV2589", **change):
    data = {"method": method, "actor_complex": "3", "uc_B_simple": "11", "uc_B_average": "9", "uc_M_simple": "1",
            "uc_T_average": "1", "hourly_rate": "55.677"}
    data.update({f"t{i}": str(v) for i, v in enumerate(TECHNICAL, 1)})
    data.update({f"e{i}": str(v) for i, v in enumerate(ENVIRONMENT, 1)})
    data.update(change)
    return data


def text(resp) -> str:
    return re.sub(r"\s+", " ", resp.content.decode())


def test_ucp_form_names_the_factors_of_the_method(cast):
    client = login(cast.staff_a)
    page = text(client.get(reverse("estimates:calc_ucp")))
    assert "T1. Xử lý phân tán" in page                    # QĐ 671 (in force) by default
    page = text(client.get(reverse("estimates:calc_ucp"), {"method": "CV2589"}))
    assert "T1. Hệ thống phân tán" in page and "E7. Sử dụng nhân viên làm bán thời gian" in page
    assert "trọng số 1,5" in page and "trọng số 1.5" not in page
    assert "Công văn 2589/BTTTT-ƯDCNTT" in page


@pytest.mark.parametrize("method, citation", [("CV2589", "Công văn 2589/BTTTT-ƯDCNTT"),
                                              ("QD671", "Quyết định 671/QĐ-BTTTT")])
def test_ucp_worked_example(cast, method, citation, django_assert_max_num_queries):
    client = login(cast.head_b)
    before = AuditEvent.objects.count()
    with django_assert_max_num_queries(12):
        resp = client.post(reverse("estimates:calc_ucp"), ucp_post(method))
    assert resp.status_code == 200
    page = text(resp)
    assert "388.843.565 đ" in page                           # H = 55.677 đồng/giờ
    for title in ("Bảng tính điểm tác nhân", "Bảng tính điểm trường hợp sử dụng",
                  "Bảng tính hệ số phức tạp kỹ thuật – công nghệ", "Bảng tính hệ số môi trường",
                  "Bảng tính giá trị phần mềm"):
        assert title in page
    for figure in ("222.323.365", "144.510.187", "22.010.013", "85,56625", "0,635", "25,5", "4,8"):
        assert figure in page, figure
    assert page.count(f"Căn cứ: {citation}") >= 5 and "data-print" in page
    assert AuditEvent.objects.count() == before


def test_ucp_worked_example_exact_rate(cast):
    """The documented example's H of 55.677,38 đồng/giờ (a rate, typed with its decimals)."""
    page = text(login(cast.staff_a).post(reverse("estimates:calc_ucp"), ucp_post(hourly_rate="55.677,38")))
    assert "388.846.218 đ" in page and "222.324.882" in page and "55.677,38" in page


@pytest.mark.parametrize("change, message", [
    ({"actor_complex": "-1"}, "Số tác nhân phức tạp: không được âm."),
    ({"uc_B_simple": "20000"}, "quá lớn (tối đa 10.000)"),
    ({"t1": "6"}, "T1 (Hệ thống phân tán): điểm phải từ 0 đến 5"),
    ({"e8": "abc"}, "Điểm E8 phải là số nguyên."),
    ({"hourly_rate": "55.677,385"}, "ví dụ 55.677 hoặc 55.677,38"),
    ({"hourly_rate": "-55.677"}, "Đơn giá nhân công (H) phải lớn hơn 0"),
    ({"t13": ""}, "Chưa nhập điểm T13."),
    ({"hourly_rate": "0"}, "Đơn giá nhân công (H) phải lớn hơn 0"),
    ({"hourly_rate": "99.000.000"}, "Đơn giá nhân công (H) quá lớn"),
    ({"hourly_rate": ""}, "Chưa nhập đơn giá nhân công"),
])
def test_ucp_bad_input(cast, change, message):
    resp = login(cast.staff_a).post(reverse("estimates:calc_ucp"), ucp_post(**change))
    assert resp.status_code == 400
    page = text(resp)
    assert message in page and 'data-testid="appendix"' not in page


def test_ucp_hourly_rate_from_wage_components(cast):
    client = login(cast.staff_a)
    data = ucp_post(hourly_rate="", labour_hcb="2,34", labour_mlcs="2.340.000", labour_insurance="21,5",
                    labour_days="26", labour_hours="8")
    page = text(client.post(reverse("estimates:calc_ucp"), data))
    # (2,34 × 2.340.000 + 21,5 % × 2,34 × 2.340.000) / 26 = 255.879 đ/ngày; / 8 = 31.985 đ/giờ
    assert "Bảng tính mức lương lao động bình quân (H)" in page and "255.879" in page and "31.985" in page
    data["labour_days"] = ""
    resp = client.post(reverse("estimates:calc_ucp"), data)
    assert resp.status_code == 400 and "Chưa nhập số ngày làm việc trong tháng để tính H." in text(resp)


def test_ucp_unset_constant_is_said_plainly(cast):
    Constant.objects.filter(method__code="CV2589", key="direct_factor").update(value=None)
    page = text(login(cast.staff_a).post(reverse("estimates:calc_ucp"), ucp_post()))
    assert "Tỉnh chưa nhập Giá trị phần mềm G = hệ số × E × P × H (Công văn 2589/BTTTT-ƯDCNTT" in page


def test_rates_page(cast):
    client = login(cast.inspector)
    page = text(client.get(reverse("estimates:calc_rates")))
    assert "Bảng 1b — Quản lý dự án, phần mềm nội bộ, CSDL (dự án)" in page and "Dự án tại hải đảo" in page
    resp = client.post(reverse("estimates:calc_rates"), {"table": "t1b", "base": "10.000.000.000"})
    page = text(resp)
    assert resp.status_code == 200 and "255.550.000 đ" in page and "2,5555%" in page
    assert "Mốc dưới Gb; định mức Nb" in page and "Căn cứ: Quyết định 1688/QĐ-BTTTT" in page
    resp = client.post(reverse("estimates:calc_rates"), {"table": "review_b", "base": "10.000.000.000",
                                                         "coefficients": ["island"]})
    assert resp.status_code == 200 and "Bảng 4b" in text(resp) and "× 1,2" in text(resp)


@pytest.mark.parametrize("data, message", [
    ({"table": "t1b", "base": "-5"}, "không được âm"),
    ({"table": "t1b", "base": "0"}, "phải lớn hơn 0 đồng"),
    ({"table": "t99", "base": "1000"}, "Bảng định mức đã chọn không có."),
    ({"table": "t1b", "base": "1,5 tỷ"}, "phải là số nguyên đồng"),
])
def test_rates_bad_input(cast, data, message):
    resp = login(cast.staff_a).post(reverse("estimates:calc_rates"), data)
    assert resp.status_code == 400 and message in text(resp)


def test_data_page(cast):
    client = login(cast.leader)
    page = text(client.get(reverse("estimates:calc_data")))
    assert "Nhập dữ liệu có cấu trúc, trường ≤ 15 ký tự</label>" in page
    resp = client.post(reverse("estimates:calc_data"), {"fields_short": "1000", "pages_text": "2",
                                                        "ocr_pages_table": "10"})
    page = text(resp)
    assert resp.status_code == 200 and "354.100 đ" in page and "Căn cứ: Thông tư 194/2012/TT-BTC" in page
    resp = client.post(reverse("estimates:calc_data"), {"fields_medium": "5"})
    assert resp.status_code == 400 and "Tỉnh chưa nhập Nhập dữ liệu có cấu trúc, trường 15–50 ký tự" in text(resp)
    resp = client.post(reverse("estimates:calc_data"), {"pages_text": "-3", "language_uplift": "50"})
    assert resp.status_code == 400 and "không được âm" in text(resp) and "từ 10% đến 30%" in text(resp)


def test_anonymous_is_sent_to_login(db):
    from django.test import Client
    resp = Client().get(reverse("estimates:calc_ucp"))
    assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]


def test_method_without_constants_is_said_plainly(cast):
    Constant.objects.filter(method__code="QD1688").delete()
    resp = login(cast.staff_a).get(reverse("estimates:calc_rates"))
    page = text(resp)
    assert resp.status_code == 200 and "Phương pháp tính “QD1688” chưa có hằng số nào" in page
    assert 'data-testid="rate-form"' not in page
