"""The demo's estimates: the province's earlier estimates concluded "phù hợp" give the market
comparison at least three earlier prices for every common item; four estimates waiting for the
check each carry the one fault a checker must find (rate norm, contingency cap, a price twice the
median, a sub-total that does not add up) and the fifth carries none; all five are in the CĐS
appraiser's worklist. The demo is the shared ``demo`` world of tests/conftest.py."""
from django.utils import timezone

from cds.accounts.models import User
from cds.demo.estimates import CATALOGUE
from cds.estimates import selectors
from cds.estimates.keys import item_key
from cds.estimates.models import Conclusion, Estimate, Level, PricePoint, Status

FAULTS = {
    # project name (start), structure, rule, level, where (line's group or the group flagged)
    "Xây dựng Hệ thống quản lý xây dựng và giao thông vận tải": ("nd73_tt04", "norm.rate", Level.ERROR, "qlda"),
    "Xây dựng phần mềm quản lý đội ngũ nhà giáo": ("tt03_de_cuong", "norm.contingency", Level.ERROR, "dp"),
    "Xây dựng Hệ thống quản lý hồ sơ điện tử cán bộ, công chức": ("nd73_tt04", "market.price", Level.WARNING, "tb"),
    "Xây dựng phần mềm cấp Phiếu lý lịch tư pháp": ("tt03_de_cuong", "arithmetic.subtotal", Level.ERROR, "tb"),
}
CLEAN = "Xây dựng Cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc"
COMMON = ("app_server", "db_server", "firewall", "core_switch", "os_licence", "antivirus", "scanner", "rack_space",
          "ssl")


def problems(estimate):
    version = estimate.versions.get(number=estimate.current_version)
    return version, [f for f in version.flags.select_related("line") if f.level in (Level.ERROR, Level.WARNING)]


def test_demo_history_gives_earlier_prices(demo):
    concluded = list(Estimate.objects.filter(conclusion=Conclusion.SUITABLE).select_related(
        "project__investor_unit", "concluded_by", "prepared_by"))
    assert len(concluded) >= 6
    for e in concluded:
        assert e.status == Status.CONCLUDED and e.concluded_by.username == "thamdinh"
        assert e.prepared_by_id != e.concluded_by_id and e.concluded_at.year <= 2023
    tree = concluded[0].project.investor_unit.tree_prefix
    for key in COMMON:
        estimates = set(PricePoint.objects.filter(tree_prefix=tree, item_key=item_key(CATALOGUE[key].name))
                        .values_list("estimate_id", flat=True))
        assert len(estimates) >= 3, key
    assert not PricePoint.objects.filter(day__gt=timezone.localdate()).exists()
    # An accepted price lower than requested is what the history remembers.
    pc = PricePoint.objects.filter(item_key=item_key(CATALOGUE["pc"].name))
    assert 18_200_000 in set(pc.values_list("unit_price", flat=True))


def test_demo_faulty_estimates_carry_their_flag(demo):
    for name, (structure, rule, level, where) in FAULTS.items():
        estimate = Estimate.objects.select_related("structure").get(project__name__startswith=name)
        assert estimate.status == Status.SUBMITTED and estimate.structure.code == structure, name
        version, found = problems(estimate)
        assert [(f.rule, f.level) for f in found] == [(rule, level)], (name, [f.message for f in found])
        flag = found[0]
        assert (flag.line.group_code if flag.line_id else flag.group_code) == where
        assert flag.citation
    price = Estimate.objects.get(project__name__startswith="Xây dựng Hệ thống quản lý hồ sơ điện tử cán bộ")
    flag = problems(price)[1][0]
    assert flag.line.name == CATALOGUE["app_server"].name and flag.evidence["count"] >= 3
    assert flag.line.unit_price >= 2 * flag.evidence["median"] * 0.98
    assert flag.line.evidence_name == "Bao-gia-may-chu-ung-dung.pdf"   # the supplier's quotation it rests on


def test_demo_clean_estimate_has_no_error_or_warning(demo):
    estimate = Estimate.objects.get(project__name__startswith=CLEAN)
    version, found = problems(estimate)
    assert found == []
    assert version.ucp["method"] == "QD671" and version.ucp["total"] > 0
    software = version.lines.get(basis="calculation")
    assert software.amount == version.ucp["total"]


def test_demo_worklist_of_the_appraiser(demo):
    appraiser = User.objects.get(username="thamdinh")
    listed = list(selectors.worklist(appraiser))
    submitted = set(Estimate.objects.filter(status=Status.SUBMITTED).values_list("pk", flat=True))
    assert {e.pk for e in listed} == submitted and len(submitted) == 5
    assert [e.submitted_at for e in listed] == sorted(e.submitted_at for e in listed)
    assert all(e.submitted_at <= timezone.now() for e in listed)
    counts = selectors.flag_counts(listed)
    assert sum(1 for e in listed if counts[e.pk].get(Level.ERROR) or counts[e.pk].get(Level.WARNING)) == 4
