"""Procedures as data keyed by regime: routing at the exact boundaries, time limits with their
unit and citation, unverified rows flagged, an admin's new regime picked up by routing."""
import pytest

from cds.core.errors import ServiceError
from cds.rules.models import ChecklistItem, LegalRegime, Procedure, Step, TimeLimit
from cds.rules.selectors import route

from .conftest import TR, TY

pytestmark = pytest.mark.django_db


def code(regime_code, kind, amount):
    return route(LegalRegime.objects.get(code=regime_code), kind, amount).code


@pytest.mark.parametrize("amount,expected", [
    (1, "recurrent_small"), (200 * TR, "recurrent_small"), (200 * TR + 1, "de_cuong"),
    (15 * TY, "de_cuong"), (15 * TY + 1, "recurrent_project"),
])
def test_nd73_recurrent_routing_at_200_trieu_and_15_ty(amount, expected):
    assert code("ND73_2019", "recurrent", amount) == expected


@pytest.mark.parametrize("amount,expected", [
    (15 * TY, "investment_one_step"), (15 * TY + 1, "investment_two_step"),
])
def test_nd73_one_step_design_up_to_15_ty(amount, expected):
    assert code("ND73_2019", "investment", amount) == expected


@pytest.mark.parametrize("amount,expected", [
    (15 * TY + 1, "investment_one_step"), (20 * TY, "investment_one_step"), (20 * TY + 1, "investment_two_step"),
])
def test_nd224_one_step_design_up_to_20_ty(amount, expected):
    assert code("ND224_2026", "investment", amount) == expected


def test_nd224_has_no_money_tiers_for_recurrent_funds():
    assert {code("ND224_2026", "recurrent", a) for a in (1, 200 * TR + 1, 15 * TY + 1)} == {"recurrent_project"}
    assert code("ND224_2026", "procurement", 5 * TY) == "procurement"
    assert not Procedure.objects.get(regime__code="ND224_2026", code="procurement").needs_appraisal


def test_limits_carry_unit_group_and_citation():
    de_cuong = Procedure.objects.get(regime__code="ND73_2019", code="de_cuong")
    appraisal = de_cuong.limit(Step.APPRAISAL)
    assert (appraisal.days, appraisal.unit) == (15, "working") and "TT 03/2020" in appraisal.citation
    assert (de_cuong.limit(Step.SUPPLEMENT).days, de_cuong.limit(Step.APPROVAL).days) == (5, 3)
    two_step = Procedure.objects.get(regime__code="ND73_2019", code="investment_two_step")
    # NĐ 73 Điều 21: design appraisal in calendar days by group.
    assert [(two_step.limit(Step.DESIGN, g).days, two_step.limit(Step.DESIGN, g).unit) for g in "ABC"] == [
        (20, "calendar"), (15, "calendar"), (10, "calendar")]
    nd224 = Procedure.objects.get(regime__code="ND224_2026", code="investment_one_step")
    assert [nd224.limit(Step.APPRAISAL, g).days for g in ("A", "B", "C", "-")] == [30, 20, 20, 20]
    assert [nd224.limit(Step.APPROVAL, g).days for g in ("A", "C")] == [5, 3]
    rental = Procedure.objects.get(regime__code="ND224_2026", code="rental_plan")
    assert (rental.limit(Step.SUPPLEMENT).days, rental.limit(Step.SUPPLEMENT).unit) == (3, "working")


def test_every_row_cites_and_unverified_regimes_are_not_confirmed():
    assert not Procedure.objects.filter(citation="").exists()
    assert not TimeLimit.objects.filter(citation="").exists()
    assert not ChecklistItem.objects.filter(citation="").exists()
    for regime in ("ND73_82_2024", "ND45_2026"):
        assert Procedure.objects.filter(regime__code=regime).exists()
        assert not Procedure.objects.filter(regime__code=regime, confirmed_at__isnull=False).exists()
        assert not TimeLimit.objects.filter(procedure__regime__code=regime, confirmed_at__isnull=False).exists()
    # Whole-project appraisal under NĐ 73 follows Luật ĐTC, whose days were not retrieved: not confirmed.
    assert not TimeLimit.objects.get(procedure__regime__code="ND73_2019", procedure__code="investment_one_step",
                                     step=Step.APPRAISAL).is_confirmed
    assert TimeLimit.objects.get(procedure__regime__code="ND73_2019", procedure__code="de_cuong",
                                 step=Step.APPRAISAL).is_confirmed


def test_regime_without_rules_says_so_in_vietnamese():
    with pytest.raises(ServiceError, match="Chưa có quy tắc thủ tục"):
        route(LegalRegime.objects.get(code="ND102_2009"), "investment", TY)
    with pytest.raises(ServiceError, match="không âm"):
        route(LegalRegime.objects.get(code="ND224_2026"), "investment", -1)


def test_admin_adds_a_regime_and_its_rules(cast, as_user):
    client = as_user(cast.admin)
    resp = client.post("/quan-tri/rules/legalregime/add/", {
        "code": "ND999_2027", "name": "Nghị định thử nghiệm", "short_name": "NĐ 999/2027",
        "citation": "Giả định cho kiểm thử", "sort_order": 50})
    assert resp.status_code == 302, resp.content[:500]
    regime = LegalRegime.objects.get(code="ND999_2027")
    resp = client.post("/quan-tri/rules/procedure/add/", {
        "regime": regime.pk, "code": "simple", "name": "Thủ tục rút gọn", "kinds": "investment",
        "max_amount": "5000000000", "dossier_name": "Tờ trình", "needs_appraisal": "on", "citation": "Điều 1",
        "sort_order": 10,
        "time_limits-TOTAL_FORMS": "1", "time_limits-INITIAL_FORMS": "0",
        "time_limits-0-step": "appraisal", "time_limits-0-group": "", "time_limits-0-days": "7",
        "time_limits-0-unit": "working", "time_limits-0-citation": "Điều 2",
        "checklist-TOTAL_FORMS": "0", "checklist-INITIAL_FORMS": "0"})
    assert resp.status_code == 302, resp.content[:2000]
    proc = route(regime, "investment", 5 * TY)
    assert proc.name == "Thủ tục rút gọn" and proc.limit(Step.APPRAISAL).days == 7
    with pytest.raises(ServiceError):
        route(regime, "investment", 5 * TY + 1)
    # Edits are history-tracked: who changed the rule and when.
    assert proc.history.first().history_user == cast.admin


def test_rules_page_lists_procedures_with_citations(cast, as_user):
    nd73 = LegalRegime.objects.get(code="ND73_82_2024")
    html = as_user(cast.staff_a).get(f"/tham-dinh/quy-tac/?regime={nd73.pk}").content.decode()
    assert "Đề cương và dự toán chi tiết" in html and "NĐ 73/2019/NĐ-CP Điều 51.2" in html
    assert "đối chiếu" not in html  # whether a row was checked is for administrators only
    assert "200.000.000" in html and "15.000.000.000" in html
    html = as_user(cast.staff_a).get("/tham-dinh/quy-tac/").content.decode()
    assert "NĐ 224/2026/NĐ-CP Điều 50" in html and "20 ngày làm việc" in html
