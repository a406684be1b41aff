"""The pages of planning rounds and of a unit's proposals, as users see them: who may open which
page, forms that refuse bad input with a Vietnamese message and change nothing, version
conflicts, a unit never seeing another unit's proposals, the other tree answered 404, and a round
page whose cost does not grow with its proposals."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.plans import services as ps
from cds.plans.models import Basis, Envelope, Proposal, ProposalStatus, Round, RoundStatus
from cds.projects import services as project_services
from tests.conftest import login
from tests.factories import regime, source

from .conftest import TODAY, YEAR, proposal_data

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def round_post(units, **overrides):
    data = {
        "name": f"Kế hoạch ứng dụng CNTT, chuyển đổi số năm {YEAR}", "year_from": YEAR, "year_to": YEAR,
        "basis_number": "8793/KH-UBND", "basis_date": TODAY.strftime("%d/%m/%Y"), "basis_issuer": "UBND tỉnh",
        "basis_title": "Về việc lập kế hoạch", "deadline": (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y"),
        "receiving_unit": units.skhcn.pk, "finance_unit": "", "called_units": [units.syt.pk, units.skhcn.pk],
        "rubric": ps.current_rubric().pk,
    }
    data.update(overrides)
    return data


def grid(prefix, cells: dict) -> dict:
    """{(source code, year): amount text} → the grid's POST fields."""
    return {f"{prefix}_{source(code).pk}_{year}": amount for (code, year), amount in cells.items()}


def proposal_post(**overrides):
    data = {
        "name": "Xây dựng hệ thống quản lý hồ sơ bệnh án điện tử", "objectives": "Số hóa hồ sơ bệnh án.",
        "problem": "Hồ sơ giấy.", "legal_basis": "Kế hoạch CĐS của tỉnh", "kind": "investment",
        "regime": regime().pk, "start_year": YEAR, "end_year": YEAR, "priority": 2,
        **grid("cost", {("NSDP-DT", YEAR): "1.000.000.000"}),
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------ rounds ----

def test_the_list_shows_the_rounds_each_user_may_read(cast, units, plan_round):
    draft = ps.create_round(cast.appraiser, {
        "name": "Kế hoạch dự thảo", "year_from": YEAR, "basis_number": "1/KH", "basis_date": TODAY,
        "deadline": TODAY + dt.timedelta(days=5), "receiving_unit": units.skhcn, "called_units": [units.syt]})
    page = text(login(cast.appraiser).get(url("list")))
    assert plan_round.name in page and draft.name in page and "Mở đợt lập kế hoạch" in page
    assert plan_round.deadline.strftime("%d/%m/%Y") in page and "Đang nhận đề xuất" in page
    assert url("rubrics") in page
    unit_page = text(login(cast.staff_b).get(url("list")))
    assert plan_round.name in unit_page and "Kế hoạch dự thảo" not in unit_page   # drafts are not the units'
    assert "Mở đợt lập kế hoạch" not in unit_page
    assert plan_round.name not in text(login(cast.outsider).get(url("list")))


def test_the_authority_opens_a_round_from_the_form(cast, units, finance):
    client = login(cast.appraiser)
    assert client.get(url("round_create")).status_code == 200
    response = client.post(url("round_create"), round_post(units, finance_unit=finance.unit.pk))
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == url("envelopes", round_.pk)
    assert round_.status == RoundStatus.DRAFT and round_.finance_unit == finance.unit
    assert set(round_.called_units.all()) == {units.syt, units.skhcn}
    assert round_.basis_date == TODAY and round_.deadline == TODAY + dt.timedelta(days=30)
    assert login(cast.staff_a).get(url("round_create")).status_code == 403


def test_the_round_form_calls_every_department_at_once(cast, units):
    client = login(cast.appraiser)
    client.post(url("round_create"), round_post(units, called_units=[], call_all="on"))
    called = set(Round.objects.get().called_units.all())
    assert {units.skhcn, units.syt, units.thanhtra} <= called and units.sotttt not in called  # ended unit left out


def test_the_round_form_refuses_bad_input_in_vietnamese_and_stores_nothing(cast, units):
    client = login(cast.appraiser)
    response = client.post(url("round_create"), round_post(
        units, name="   ", year_from="abc", basis_date="31/02/2026", deadline="", receiving_unit=""))
    page = text(response)
    assert response.status_code == 400
    for message in ("Chưa nhập tên đợt lập kế hoạch", "Năm phải là số", "Ngày văn bản",
                    "Chưa nhập hạn gửi đề xuất", "Chưa chọn cơ quan tổng hợp"):
        assert message in page, message
    response = client.post(url("round_create"), round_post(units, year_from=YEAR, year_to=YEAR + 12))
    assert response.status_code == 400 and "tối đa 10 năm" in text(response)
    response = client.post(url("round_create"), round_post(units, called_units=[units.bo_vp.pk]))
    assert response.status_code == 400 and "Lựa chọn không hợp lệ" in text(response)
    assert not Round.objects.exists()


def test_editing_a_round_checks_the_version(cast, units, plan_round):
    client = login(cast.appraiser)
    page = text(client.get(url("round_edit", plan_round.pk)))
    assert plan_round.basis_number in page and plan_round.deadline.strftime("%d/%m/%Y") in page
    later = TODAY + dt.timedelta(days=40)
    data = round_post(units, deadline=later.strftime("%d/%m/%Y"), version=plan_round.version,
                      called_units=[units.skhcn.pk, units.syt.pk, units.thanhtra.pk])
    assert client.post(url("round_edit", plan_round.pk), data).status_code == 302
    plan_round.refresh_from_db()
    assert plan_round.deadline == later and plan_round.called_units.count() == 3
    stale = round_post(units, deadline=TODAY.strftime("%d/%m/%Y"), version=plan_round.version - 1)
    response = client.post(url("round_edit", plan_round.pk), stale)
    assert response.status_code == 409 and "Tải lại nội dung mới nhất" in text(response)
    plan_round.refresh_from_db()
    assert plan_round.deadline == later
    # an open round keeps its period and every unit it called
    response = client.post(url("round_edit", plan_round.pk), round_post(
        units, year_to=YEAR + 1, called_units=[units.syt.pk], version=plan_round.version))
    assert response.status_code == 400 and "không đổi được kỳ kế hoạch" in text(response)
    assert login(cast.leader).get(url("round_edit", plan_round.pk)).status_code == 403


# --------------------------------------------------------------- envelopes ----

def test_envelopes_are_typed_as_vnd_and_saved_all_together(cast, plan_round):
    client = login(cast.appraiser)
    page = text(client.get(url("envelopes", plan_round.pk)))
    assert "5.000.000.000" in page and "2.000.000.000" in page
    data = {"version": plan_round.version, **grid("env", {("NSDP-DT", YEAR): "6.500.000.000",
                                                          ("NSDP-TX", YEAR): "",
                                                          ("NSTW-DT", YEAR): "1 000 000 000"})}
    response = client.post(url("envelopes", plan_round.pk), data)
    assert response.status_code == 302
    amounts = {(e.funding_source.code, e.year): e.amount for e in Envelope.objects.filter(round=plan_round)}
    assert amounts == {("NSDP-DT", YEAR): 6_500_000_000, ("NSTW-DT", YEAR): 1_000_000_000}


@pytest.mark.parametrize("typed, message", [
    ("-5", "không được âm"),
    ("1,5", "Số tiền phải là số nguyên đồng"),
    ("99999999999999999999999", "quá lớn"),
    ("năm tỷ", "Số tiền phải là số nguyên đồng"),
])
def test_a_bad_envelope_cell_is_refused_with_its_row_and_nothing_changes(cast, plan_round, typed, message):
    before = sorted(Envelope.objects.filter(round=plan_round).values_list("funding_source__code", "amount"))
    data = {"version": plan_round.version, **grid("env", {("NSDP-DT", YEAR): "9.000.000.000",
                                                          ("NSDP-TX", YEAR): typed})}
    response = login(cast.appraiser).post(url("envelopes", plan_round.pk), data)
    page = text(response)
    assert response.status_code == 400 and message in page
    assert f"năm {YEAR}" in page and source("NSDP-TX").name in page      # the row is named
    assert sorted(Envelope.objects.filter(round=plan_round).values_list("funding_source__code", "amount")) == before


def test_envelopes_check_the_version_and_the_role(cast, plan_round):
    data = {"version": plan_round.version - 1, **grid("env", {("NSDP-DT", YEAR): "1"})}
    response = login(cast.appraiser).post(url("envelopes", plan_round.pk), data)
    assert response.status_code == 409
    assert Envelope.objects.get(round=plan_round, funding_source__code="NSDP-DT").amount == 5_000_000_000
    assert login(cast.staff_a).get(url("envelopes", plan_round.pk)).status_code == 403
    assert login(cast.outsider).get(url("envelopes", plan_round.pk)).status_code == 404


# ----------------------------------------------------------------- actions ----

def test_open_review_and_close_are_confirmed_posts(cast, units, projects):
    client = login(cast.appraiser)
    client.post(url("round_create"), round_post(units))
    round_ = Round.objects.get()
    confirm = text(client.get(url("round_open", round_.pk)))
    assert "Xác nhận" in confirm and round_.deadline.strftime("%d/%m/%Y") in confirm
    response = client.post(url("round_open", round_.pk), {"version": round_.version})
    assert response.status_code == 400 and "Chưa nhập hạn mức kinh phí" in text(response)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    client.post(url("envelopes", round_.pk), {"version": round_.version,
                                               **grid("env", {("NSDP-DT", YEAR): "5.000.000.000"})})
    round_.refresh_from_db()
    assert client.post(url("round_open", round_.pk), {"version": round_.version}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN and AuditEvent.objects.filter(verb="plan.round_opened").exists()
    assert login(cast.leader).post(url("round_review", round_.pk), {}).status_code == 403
    assert client.post(url("round_review", round_.pk), {"version": round_.version}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.REVIEWING
    response = client.post(url("round_close", round_.pk), {"version": round_.version})
    assert response.status_code == 400 and "Chưa có kế hoạch được phê duyệt" in text(response)
    assert login(cast.outsider).post(url("round_close", round_.pk), {}).status_code == 404


# -------------------------------------------------------------- round page ----

def test_the_round_page_of_a_unit_shows_only_its_own_proposals(cast, units, plan_round):
    mine = ps.create_proposal(cast.staff_b, plan_round, proposal_data(name="Bệnh án điện tử của Sở Y tế"))
    theirs = ps.create_proposal(cast.staff_a, plan_round, proposal_data(name="Kho dữ liệu khoa học của Sở KH&CN"))
    ps.submit_proposal(cast.head_a, theirs)
    page = text(login(cast.staff_b).get(url("round", plan_round.pk)))
    assert mine.name in page and mine.code in page and "1.000.000.000" in page
    assert theirs.name not in page and theirs.code not in page
    assert "Thêm đề xuất" in page and "Chuyển tiếp nhiệm vụ đang thực hiện" in page and "Nhập từ Excel" in page
    assert url("import", plan_round.pk) in page and url("template", plan_round.pk) in page
    assert "Đơn vị chưa gửi đề xuất" not in page and "Đơn vị trễ hạn" not in page     # reviewers' part
    assert plan_round.deadline.strftime("%d/%m/%Y") in page and "còn 20 ngày" in page
    assert "5.000.000.000" in page                                          # the envelope itself
    assert login(cast.outsider_staff).get(url("round", plan_round.pk)).status_code == 404
    assert login(cast.outsider).get(url("round", plan_round.pk)).status_code == 404


def test_the_round_page_of_the_authority_shows_counts_envelopes_and_late_units(cast, units, plan_round):
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data(costs=[
        {"year": YEAR, "funding_source": source("NSDP-TX"), "amount": 2_500_000_000}]))
    ps.submit_proposal(cast.head_b, p)
    Proposal.objects.filter(pk=p.pk).update(funding="funded")
    client = login(cast.appraiser)
    page = text(client.get(url("round", plan_round.pk)))
    assert 'data-testid="count-sent">1<' in page and url("consolidation", plan_round.pk) in page
    assert "2.500.000.000" in page and "-500.000.000" in page and "(vượt)" in page      # over the envelope
    assert "Sở Khoa học và Công nghệ" in page and "Đơn vị chưa gửi đề xuất" in page
    assert "Thêm đề xuất" not in page
    Round.objects.filter(pk=plan_round.pk).update(deadline=TODAY - dt.timedelta(days=2))
    page = text(client.get(url("round", plan_round.pk)))
    assert "Đơn vị trễ hạn" in page and "trễ hạn" in page and "quá hạn 2 ngày" in page
    assert "Sở Y tế · trễ hạn" not in page                                   # it has sent


def test_the_round_page_costs_the_same_queries_with_few_or_many_proposals(cast, units, plan_round,
                                                                          django_assert_max_num_queries):
    clients = {who: login(getattr(cast, who)) for who in ("staff_b", "appraiser", "leader")}

    def count(client):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("round", plan_round.pk)).status_code == 200
        return len(ctx)

    ps.create_proposal(cast.staff_b, plan_round, proposal_data())
    for client in clients.values():
        count(client)           # the session's first request
    few = {who: count(client) for who, client in clients.items()}
    for i in range(8):
        p = ps.create_proposal(cast.staff_b if i % 3 else cast.staff_a, plan_round,
                               proposal_data(name=f"Nhiệm vụ số {i} về dữ liệu y tế"))
        if i % 2:
            ps.submit_proposal(cast.head_b if i % 3 else cast.head_a, p)
    for who, n in few.items():
        with django_assert_max_num_queries(n):
            clients[who].get(url("round", plan_round.pk))


# --------------------------------------------------------------- proposals ----

def test_a_unit_adds_a_proposal_with_its_costs_grid(cast, units, plan_round):
    client = login(cast.staff_b)
    page = text(client.get(url("proposal_create", plan_round.pk)))
    assert f"Năm {YEAR}" in page and reverse("estimates:calc_ucp") in page
    response = client.post(url("proposal_create", plan_round.pk), proposal_post(**grid("cost", {
        ("NSDP-DT", YEAR): "1.200.000.000", ("NSDP-TX", YEAR): "300.000.000"})))
    p = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal", p.pk)
    assert p.unit == units.syt and p.total == 1_500_000_000 and p.status == ProposalStatus.DRAFT
    assert {(c.funding_source.code, c.amount) for c in p.costs.all()} == {("NSDP-DT", 1_200_000_000),
                                                                          ("NSDP-TX", 300_000_000)}
    assert login(cast.appraiser).get(url("proposal_create", plan_round.pk)).status_code == 403
    assert login(cast.outsider_staff).get(url("proposal_create", plan_round.pk)).status_code == 404


def test_the_proposal_form_refuses_bad_input_and_stores_nothing(cast, plan_round):
    client = login(cast.staff_b)
    response = client.post(url("proposal_create", plan_round.pk), proposal_post(
        name="", kind="", start_year=YEAR, end_year=YEAR - 1, ucp_points="abc",
        **grid("cost", {("NSDP-DT", YEAR): "-1", ("NSDP-TX", YEAR): "1,5"})))
    page = text(response)
    assert response.status_code == 400
    for message in ("Chưa nhập tên nhiệm vụ", "Chưa chọn loại nhiệm vụ/dự án",
                    "Năm kết thúc không được trước năm bắt đầu", "không được âm", "Số tiền phải là số nguyên đồng"):
        assert message in page, message
    response = client.post(url("proposal_create", plan_round.pk), proposal_post(ucp_points="abc"))
    assert response.status_code == 400 and "Điểm trường hợp sử dụng phải là số" in text(response)
    assert not Proposal.objects.exists()


def test_editing_a_proposal_checks_the_version_and_extends_the_years(cast, plan_round):
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data())
    client = login(cast.staff_b)
    page = text(client.get(url("proposal_edit", p.pk)))
    assert p.name in page and "1.000.000.000" in page
    data = proposal_post(name="Bệnh án điện tử (sửa)", end_year=YEAR + 1, version=p.version,
                         **grid("cost", {("NSDP-DT", YEAR): "800.000.000", ("NSDP-DT", YEAR + 1): "400.000.000"}))
    assert client.post(url("proposal_edit", p.pk), data).status_code == 302
    p.refresh_from_db()
    assert p.name == "Bệnh án điện tử (sửa)" and p.total == 1_200_000_000 and p.end_year == YEAR + 1
    assert f"Năm {YEAR + 1}" in text(client.get(url("proposal_edit", p.pk)))   # the grid follows the task
    response = client.post(url("proposal_edit", p.pk), proposal_post(name="Bản cũ", version=p.version - 1))
    assert response.status_code == 409 and "Tải lại nội dung mới nhất" in text(response)
    p.refresh_from_db()
    assert p.name == "Bệnh án điện tử (sửa)"
    assert login(cast.staff_a).get(url("proposal_edit", p.pk)).status_code == 404      # another unit's
    assert login(cast.appraiser).get(url("proposal_edit", p.pk)).status_code == 403    # reads it, may not edit
    ps.submit_proposal(cast.head_b, p)
    assert client.get(url("proposal_edit", p.pk)).status_code == 403                   # sent: frozen


def test_carry_over_prefills_a_proposal_from_the_registry(cast, units, projects, plan_round):
    project = projects.b
    project_services.record_budget_entry(cast.staff_b, project, {
        "year": YEAR - 1, "funding_source": source("NSDP-DT"), "stage": "estimate", "amount": 3_000_000_000})
    client = login(cast.staff_b)
    page = text(client.get(url("carry_over", plan_round.pk)))
    assert project.name in page and "3.000.000.000" in page
    assert projects.a.name not in page                                         # another unit's project
    response = client.post(url("carry_over", plan_round.pk), {"project": project.pk})
    p = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal_edit", p.pk)
    assert p.basis == Basis.CARRIED and p.project == project and p.total == 3_000_000_000
    assert f"Đã có đề xuất {p.code}" in text(client.get(url("carry_over", plan_round.pk)))
    response = client.post(url("carry_over", plan_round.pk), {"project": projects.a.pk})
    assert response.status_code == 400 and "Chọn một nhiệm vụ/dự án của đơn vị" in text(response)
    assert Proposal.objects.count() == 1
    assert login(cast.leader).get(url("carry_over", plan_round.pk)).status_code == 403


# ------------------------------------------------------ home page, project ----

def test_home_page_items_are_the_rows_of_the_lists_they_link_to(cast, units, plan_round):
    from tests.homepage import listed, todo_item

    draft = ps.create_proposal(cast.staff_b, plan_round, proposal_data(name="Bệnh án điện tử"))
    returned = ps.submit_proposal(cast.head_b, ps.create_proposal(cast.staff_b, plan_round, proposal_data(
        name="Kết nối dữ liệu tiêm chủng")))
    ps.return_proposal(cast.appraiser, returned, "Bổ sung phương án kết nối.")
    ps.create_proposal(cast.staff_b, plan_round, proposal_data(name="Chưa có kinh phí", costs=[]))
    sent = ps.submit_proposal(cast.head_a, ps.create_proposal(cast.staff_a, plan_round, proposal_data(
        name="Kho dữ liệu khoa học")))
    expected = {("staff_b", "plans.to_complete"): 3, ("head_b", "plans.to_submit"): 2,
                ("appraiser", "plans.to_score"): 1, ("appraiser", "plans.draft_plan"): 0,
                ("leader", "plans.to_approve"): 0, ("staff_a", "plans.to_complete"): 0}
    for (who, key), n in expected.items():
        client = login(getattr(cast, who))
        shown, href = todo_item(client.get("/").content.decode(), key)
        assert shown == n and listed(client, href) == (n, n), (who, key)
    page = text(login(cast.staff_b).get(todo_item(login(cast.staff_b).get("/").content.decode(),
                                                  "plans.to_complete")[1]))
    assert page.index("Kết nối dữ liệu tiêm chủng") < page.index(draft.name)       # returned ones first
    assert sent.name not in page
    ps.score_proposal(cast.appraiser, sent, {c["code"]: 4 for c in plan_round.rubric.criteria})
    assert todo_item(login(cast.appraiser).get("/").content.decode(), "plans.to_score")[0] == 0


def test_the_project_page_shows_the_approved_plan_items_funding_it(cast, units, projects, plan_round):
    from cds.projects.models import Project

    a = ps.submit_proposal(cast.head_b, ps.create_proposal(cast.staff_b, plan_round, proposal_data(
        name="Nền tảng tích hợp dữ liệu ngành y tế", costs=[
            {"year": YEAR, "funding_source": source("NSDP-DT"), "amount": 2_000_000_000}])))
    ps.score_proposal(cast.appraiser, a, {c["code"]: 5 for c in plan_round.rubric.criteria})
    ps.recommend_funding(cast.appraiser, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    ps.register_plan(cast.appraiser, plan)
    project = Project.objects.get(plan_items__plan=plan)
    page = text(login(cast.staff_b).get(reverse("projects:detail", args=[project.pk])))
    assert "Kế hoạch CĐS" in page and "45/QĐ-UBND" in page and TODAY.strftime("%d/%m/%Y") in page
    assert "2.000.000.000" in page and url("plan", plan.pk) in page
    other = text(login(cast.staff_b).get(reverse("projects:detail", args=[projects.b.pk])))
    assert 'data-testid="project-plans"' not in other


def test_the_finance_department_reads_the_sent_proposals_counts_not_the_drafts(cast, finance, plan_round):
    draft = ps.create_proposal(cast.staff_b, plan_round, proposal_data(name="Bản nháp của Sở Y tế"))
    sent = ps.submit_proposal(cast.head_a, ps.create_proposal(cast.staff_a, plan_round, proposal_data(
        name="Kho dữ liệu khoa học")))
    page = text(login(finance.staff).get(url("round", plan_round.pk)))
    assert 'data-testid="count-sent">1<' in page and url("consolidation", plan_round.pk) in page
    assert draft.name not in page and sent.name not in page             # counts, not another unit's list
    assert "Đề xuất của đơn vị" in page                                  # its own (none yet)
