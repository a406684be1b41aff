"""Awarded prices as market evidence, end to end: three packages of Sở Y tế awarded with their
server's unit price make a Sở KH&CN estimate priced 40 % above their median a market warning,
whose sources read "giá trúng thầu ngày …" with the unit price and a link to the package page,
never the package's name; another tree's awards never count."""
import pytest
from django.urls import reverse
from lxml import html as lxml_html

from cds.estimates import services as estimates
from cds.estimates.models import Flag, PricePoint
from cds.procurement import services
from tests.conftest import login

SERVER = "Máy chủ ứng dụng"


def _award(user, project, n, price, awarded_on="20/04/2025"):
    plan = services.create_plan(user, project, {"name": f"KHLCNT số {n}"})
    package = services.create_package(user, plan, {
        "name": f"Gói thầu mua máy chủ bí danh {n}", "field": "goods", "package_price": "2.000.000.000",
        "method": "open", "online": True, "selection_start": "01/03/2025"})
    package = services.record_result(user, package, {
        "contractor_name": "Công ty TNHH Máy tính Hà Nội", "contractor_tax_code": f"01012345{n:02d}",
        "awarded_price": "1.800.000.000", "bidders": "3", "awarded_on": awarded_on}, package.version)
    return services.set_items(user, package, [{"name": SERVER, "unit": "bộ", "quantity": "2",
                                               "unit_price": price}], package.version)


@pytest.fixture
def awards(cast, projects):
    return [_award(cast.staff_b, projects.b, n, price)
            for n, price in enumerate(("95.000.000", "100.000.000", "110.000.000"), 1)]


def _estimate(user, project, price):
    estimate = estimates.create_estimate(user, project, title="Dự toán mua máy chủ")
    estimates.save_version(user, estimate, [{"group_code": "tb", "name": SERVER, "unit": "bộ", "quantity": 2,
                                             "unit_price": price, "amount": 2 * price}])
    return estimate


def test_awards_of_the_province_flag_a_price_40_percent_above_their_median(cast, projects, awards):
    estimate = _estimate(cast.staff_a, projects.a, 140_000_000)
    [flag] = Flag.objects.filter(version__estimate=estimate, rule="market.price")
    assert flag.evidence["median"] == 100_000_000 and flag.evidence["awards"] == 3
    assert {s["package"] for s in flag.evidence["sources"]} == {p.pk for p in awards}
    assert "3 giá trúng thầu" in flag.message and "40 %" in flag.message
    page = login(cast.staff_a).get(reverse("estimates:detail", args=[estimate.pk]))
    assert page.status_code == 200
    [sources] = lxml_html.fromstring(page.content.decode()).xpath('//*[@data-testid="flag-sources"]')
    text = sources.text_content()
    assert "giá trúng thầu ngày 20/04/2025" in text and "đơn giá 100.000.000 đồng" in text
    assert "bí danh" not in page.content.decode()   # the package's name is not printed
    links = {a.get("href") for a in sources.xpath(".//a")}
    assert links == {reverse("procurement:package", args=[p.pk]) for p in awards}


def test_awards_of_another_tree_do_not_count(cast, projects):
    for n, price in enumerate(("95.000.000", "100.000.000", "110.000.000"), 1):
        _award(cast.outsider_staff, projects.bo, n, price)
    estimate = _estimate(cast.staff_a, projects.a, 140_000_000)
    assert not Flag.objects.filter(version__estimate=estimate, rule="market.price").exists()


def test_a_cancelled_package_is_no_longer_evidence(cast, projects, awards):
    services.cancel_package(cast.staff_b, awards[0], "Hủy để đấu thầu lại.", awards[0].version)
    assert not PricePoint.objects.filter(package_id=awards[0].pk).exists()
    estimate = _estimate(cast.staff_a, projects.a, 140_000_000)
    assert not Flag.objects.filter(version__estimate=estimate, rule="market.price").exists()   # two are left
