"""Procedures as data keyed by regime: routing at the exact boundaries, time limits with their
unit and citation, the facts checked against the decrees, each row's confirmation (who checked it,
when, against which text) seen by administrators only, an admin's new regime picked up by
routing."""
import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from cds.core.errors import ServiceError
from cds.rules import rule_data
from cds.rules.models import ChecklistItem, LegalRegime, Procedure, Step, TimeLimit
from cds.rules.selectors import route

from .conftest import TR, TY, submitted

D = dt.date

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


def test_rules_hold_the_facts_checked_against_the_decrees():
    # NĐ 45/2026 in force 01/3/2026 (until NĐ 224/2026 repealed it from 01/7/2026); NĐ 82/2024 of 10/7/2024
    nd45, nd82 = LegalRegime.objects.get(code="ND45_2026"), LegalRegime.objects.get(code="ND73_82_2024")
    assert (nd45.in_force_from, nd45.in_force_to) == (D(2026, 3, 1), D(2026, 6, 30)) and nd45.is_confirmed
    assert (nd82.in_force_from, nd82.in_force_to) == (D(2024, 7, 10), D(2026, 2, 28))
    assert [LegalRegime.for_date(day).code for day in (D(2026, 2, 28), D(2026, 3, 1), D(2026, 6, 30), D(2026, 7, 1))] \
        == ["ND73_82_2024", "ND45_2026", "ND45_2026", "ND224_2026"]
    assert nd45.name.startswith("Nghị định số 45/2026/NĐ-CP ngày 26/01/2026 của Chính phủ")
    # NĐ 82/2024's own content is not in the system: its rows are NĐ 73's, open, and say so to the admin
    assert not nd82.is_confirmed and "NĐ 82/2024 chưa số hóa nội dung" in nd82.confirmation_note
    assert all("NĐ 82/2024 chưa số hóa nội dung" in t.confirmation_note
               for t in TimeLimit.objects.filter(procedure__regime=nd82))

    # TT 03/2020 Điều 7: appraisal 15, supplement request 5, approval 3 working days — checked
    de_cuong = Procedure.objects.get(regime__code="ND73_2019", code="de_cuong")
    for step, days in ((Step.APPRAISAL, 15), (Step.SUPPLEMENT, 5), (Step.APPROVAL, 3)):
        limit = de_cuong.limit(step)
        assert (limit.days, limit.unit) == (days, "working") and limit.is_confirmed
        assert limit.confirmed_at and limit.confirmed_by and "TT 03/2020/TT-BTTTT" in limit.confirmed_against
    # NĐ 224/2026 Điều 50, 66, 67 — checked
    for code_, step, group, days in (("investment_two_step", Step.APPRAISAL, "A", 30),
                                     ("investment_two_step", Step.DESIGN, "B", 10),
                                     ("investment_one_step", Step.APPROVAL, "A", 5),
                                     ("recurrent_project", Step.APPRAISAL, "", 20),
                                     ("rental_plan", Step.APPROVAL, "", 3)):
        limit = Procedure.objects.get(regime__code="ND224_2026", code=code_).limit(step, group)
        assert limit.days == days and limit.unit == "working" and limit.is_confirmed, (code_, step)
    # NĐ 45/2026 Điều 9.2.a: one-step design up to 20 tỷ; its other rows keep NĐ 224's values but never
    # cite NĐ 224's articles as NĐ 45's
    assert code("ND45_2026", "investment", 20 * TY) == "investment_one_step"
    assert Procedure.objects.get(regime=nd45, code="investment_one_step").citation == "NĐ 45/2026/NĐ-CP Điều 9.2.a"
    assert not TimeLimit.objects.filter(procedure__regime=nd45, citation__contains="224/2026").exists()
    assert not ChecklistItem.objects.filter(procedure__regime=nd45, citation__contains="224/2026").exists()


def test_reloading_the_rules_updates_rows_in_place(cast, units):
    """The data migration updates an installation's rows where they are: a dossier keeps its
    checklist items, an edited value returns to the checked one."""
    dossier = submitted(cast, units)
    items = set(dossier.procedure.checklist.values_list("pk", flat=True))
    TimeLimit.objects.filter(procedure=dossier.procedure, step=Step.APPRAISAL).update(days=99, confirmed_at=None)
    rule_data.load(apps)
    assert set(dossier.procedure.checklist.values_list("pk", flat=True)) == items
    limit = TimeLimit.objects.get(procedure=dossier.procedure, step=Step.APPRAISAL, group="")
    assert limit.days == 15 and limit.is_confirmed


def test_administrator_sees_the_confirmation_in_the_rules_catalogue_a_leader_does_not(cast, as_user):
    nd224 = LegalRegime.objects.get(code="ND224_2026")
    url = f"/tham-dinh/quy-tac/?regime={nd224.pk}"
    admin_html = as_user(cast.admin).get(url).content.decode()
    leader_html = as_user(cast.leader).get(url).content.decode()
    for html in (admin_html, leader_html):
        assert "NĐ 224/2026/NĐ-CP Điều 50" in html and "20 ngày làm việc" in html
    # the administrator: when, by whom, against which text; and the rows still open, with their note
    assert 'data-testid="confirmation"' in admin_html and "đã đối chiếu 01/12/2026" in admin_html
    assert "Đợt đối chiếu văn bản tháng 12/2026" in admin_html and "toàn văn NĐ 224/2026/NĐ-CP" in admin_html
    assert "chưa đối chiếu" in admin_html and "dự án quan trọng quốc gia lấy như nhóm A" in admin_html
    for shown in ('data-testid="confirmation"', "đối chiếu", "toàn văn", "quan trọng quốc gia lấy như"):
        assert shown not in leader_html, shown


def test_administrator_records_a_check_and_the_system_adds_who_and_when(cast, as_user):
    limit = TimeLimit.objects.get(procedure__regime__code="ND73_2019", procedure__code="investment_one_step",
                                  step=Step.APPROVAL)
    assert not limit.is_confirmed and "Luật Đầu tư công" in limit.confirmation_note
    client = as_user(cast.admin)
    form = {"procedure": limit.procedure_id, "step": limit.step, "group": limit.group, "days": "10",
            "unit": limit.unit, "citation": limit.citation, "confirmed_at": "", "confirmed_by": "",
            "confirmed_against": "", "confirmation_note": limit.confirmation_note}
    url = f"/quan-tri/rules/timelimit/{limit.pk}/change/"
    # a date without the text checked is refused, nothing changes
    resp = client.post(url, {**form, "confirmed_at": "01/12/2026"})
    assert resp.status_code == 200 and "Ghi văn bản đã dùng để đối chiếu" in resp.content.decode()
    limit.refresh_from_db()
    assert not limit.is_confirmed
    resp = client.post(url, {**form, "confirmed_against": "Luật Đầu tư công 58/2024/QH15, bản Công báo"})
    assert resp.status_code == 302, resp.content[:1500]
    limit.refresh_from_db()
    assert limit.confirmed_at == timezone.localdate() and limit.confirmed_by == cast.admin.display_name
    assert limit.confirmed_against == "Luật Đầu tư công 58/2024/QH15, bản Công báo"
    assert limit.history.first().history_user == cast.admin
