"""The review pages of the yearly plan, as their users see them: a unit reads its own proposal
with the checks' findings before it sends it (never the scores), reviewers score independently,
the CĐS authority returns, merges, rejects and funds from the proposal page, the consolidation
page lists a round at a constant cost, and the plan goes from draft to approval, registry and
adjustment with its differences shown."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.accounts.models import Role
from cds.plans import services as ps
from cds.plans.models import (
    Finding,
    Funding,
    PlanStatus,
    Proposal,
    ProposalCost,
    ProposalStatus,
    Rubric,
)
from tests.conftest import login
from tests.factories import UserFactory, source

from .conftest import TODAY, YEAR, cost, proposal_data

pytestmark = pytest.mark.django_db


def submit(round_, cast, who="b", **overrides):
    staff, head = (cast.staff_b, cast.head_b) if who == "b" else (cast.staff_a, cast.head_a)
    p = ps.create_proposal(staff, round_, proposal_data(**overrides))
    return ps.submit_proposal(head, p)


def marks(round_, value):
    return {c["code"]: value for c in round_.rubric.criteria}


def form_marks(round_, value):
    return {f"mark_{c['code']}": str(value) for c in round_.rubric.criteria}


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def table(response) -> str:
    """The consolidation's table of proposals only (the duplicates section names proposals too)."""
    body = text(response)
    return body[body.index('data-testid="proposals"'):].split("</table>", 1)[0]


def clear_checks(round_):
    """Leave only the findings a test writes itself (the real checks' ones depend on the index)."""
    Finding.objects.filter(proposal__round=round_).delete()
    Proposal.objects.filter(round=round_).update(warnings=0)


def duplicate(p, other, score=0.87):
    """A finding as the checks write it: a duplicate of another unit's proposal."""
    f = Finding.objects.create(
        proposal=p, code="overlap.round", level="warning", other_proposal=other, score=score,
        message=f"Trùng lặp với đề xuất {other.code} của {other.unit.name}.",
        citation="Quyết định số 1/QĐ-UBND về tiêu chí rà soát trùng lặp",
        evidence={"median": 1_250_000_000, "samples": 4, "other_id": other.pk})
    Proposal.objects.filter(pk=p.pk).update(warnings=1)
    return f


# ------------------------------------------------------------------ proposal ----

def test_a_unit_reads_its_proposal_with_the_findings_before_it_sends_it(cast, plan_round, projects):
    other = submit(plan_round, cast, "a", name="Bệnh án điện tử dùng chung của tỉnh")
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data(costs=cost(1_000_000_000) + cost(
        250_000_000, "NSDP-TX")))
    clear_checks(plan_round)
    duplicate(p, other)
    Finding.objects.create(proposal=p, code="reuse.core", level="info", other_project=projects.a,
                           message="Hệ thống dùng chung đã có chức năng tương tự.", evidence={"amount": 3_000_000_000})
    page = login(cast.staff_b).get(url("proposal", p.pk))
    assert page.status_code == 200
    body = text(page)
    assert "Kiểm tra tự động: 1 cảnh báo, 1 lưu ý; xem trước khi gửi." in body
    assert f"Trùng lặp với đề xuất {other.code}" in body and "giống 87%" in body
    assert "Trung vị: 1.250.000.000 đ" in body and "Số tiền: 3.000.000.000 đ" in body
    assert "Căn cứ: Quyết định số 1/QĐ-UBND" in body
    # another unit's proposal is named, never linked; the unit's own project is linked
    assert other.name in body and url("proposal", other.pk) not in body
    assert reverse("projects:detail", args=[projects.a.pk]) not in body  # Sở KH&CN's project: not Sở Y tế's
    assert "1.250.000.000" in body and "1.000.000.000" in body and "250.000.000" in body  # the costs grid
    assert url("proposal_edit", p.pk) in body and 'data-testid="submit"' not in body  # staff edits, the head sends
    assert login(cast.staff_a).get(url("proposal", p.pk)).status_code == 404  # another unit's draft
    assert login(cast.outsider).get(url("proposal", p.pk)).status_code == 404
    # the reviewers read the same findings once it is sent, with the links they may follow
    ps.submit_proposal(cast.head_b, p)
    body = text(login(cast.appraiser).get(url("proposal", p.pk)))
    assert url("proposal", other.pk) in body and reverse("projects:detail", args=[projects.a.pk]) in body
    assert "xem trước khi gửi" not in body


def test_the_head_sends_from_the_page_but_never_what_they_wrote(cast, units, plan_round):
    p = ps.create_proposal(cast.staff_b, plan_round, proposal_data())
    ps.update_proposal(cast.head_b, p, proposal_data(name="Bệnh án điện tử (bản sửa)"), expected_version=p.version)
    p.refresh_from_db()
    assert login(cast.staff_b).post(url("proposal_submit", p.pk), {"version": p.version}).status_code == 403
    page = login(cast.head_b).get(url("proposal", p.pk))
    assert "theo nguyên tắc người lập khác người gửi" in text(page)
    refused = login(cast.head_b).post(url("proposal_submit", p.pk), {"version": p.version})
    assert refused.status_code == 400
    assert "Người lập hoặc sửa đề xuất không được đồng thời là người gửi đề xuất." in text(refused)
    p.refresh_from_db()
    assert p.status == ProposalStatus.DRAFT
    other_head = UserFactory(username="head_b2", role=Role.UNIT_HEAD, unit=units.syt)
    done = login(other_head).post(url("proposal_submit", p.pk), {"version": p.version})
    assert done.status_code == 302
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED and p.submitted_by == other_head
    body = text(login(cast.staff_b).get(url("proposal", p.pk)))
    assert "Gửi: " in body and other_head.display_name in body and "Sửa</a>" not in body


def test_reviewers_score_independently_and_the_unit_never_sees_a_score(cast, finance, plan_round):
    p = submit(plan_round, cast)
    ps.score_proposal(cast.appraiser, p, marks(plan_round, 5), "Ý kiến riêng của cơ quan chuyên trách")
    before = text(login(finance.staff).get(url("proposal", p.pk)))
    assert "Chấm độc lập" in before and "Ý kiến riêng của cơ quan chuyên trách" not in before
    assert "100,00" not in before
    refused = login(finance.staff).post(url("proposal_score", p.pk), {**form_marks(plan_round, 2), "mark_risk": "9"})
    assert refused.status_code == 400 and "phải là số nguyên từ 0 đến 5" in text(refused)
    done = login(finance.staff).post(url("proposal_score", p.pk), {**form_marks(plan_round, 2),
                                                                   "comment": "Khái toán còn sơ sài"})
    assert done.status_code == 302
    after = text(login(finance.staff).get(url("proposal", p.pk)))
    assert "Ý kiến riêng của cơ quan chuyên trách" in after and "Khái toán còn sơ sài" in after
    assert "70,00" in after and "60,00" in after and "cần xem lại" in after  # average, spread flagged
    unit = text(login(cast.staff_b).get(url("proposal", p.pk)))
    assert "Ý kiến riêng" not in unit and "70,00" not in unit and "Chấm điểm theo bộ tiêu chí" not in unit
    assert login(cast.head_b).post(url("proposal_score", p.pk), form_marks(plan_round, 5)).status_code == 403
    leader = text(login(cast.leader).get(url("proposal", p.pk)))
    assert "70,00" in leader and "Lưu phiếu chấm" not in leader


def test_the_authority_returns_merges_and_rejects_from_the_page(cast, plan_round):
    keep = submit(plan_round, cast, "a", name="Bệnh án điện tử dùng chung của tỉnh")
    dup = submit(plan_round, cast, "b")
    third = submit(plan_round, cast, "b", name="Số hóa hồ sơ lưu trữ")
    duplicate(dup, keep)
    client = login(cast.appraiser)
    page = text(client.get(url("proposal", dup.pk)))
    assert re.search(rf'<option value="{keep.pk}" selected>', page)  # the checks' duplicate pre-selected
    assert login(cast.head_b).post(url("proposal_merge", dup.pk), {"into": keep.pk, "reason": "x"}).status_code == 403
    refused = client.post(url("proposal_merge", dup.pk), {"into": keep.pk, "reason": ""})
    assert refused.status_code == 400 and "Chưa nhập lý do gộp" in text(refused)
    assert client.post(url("proposal_merge", dup.pk), {"into": keep.pk, "reason": "Cùng một hệ thống",
                                                      "version": dup.version}).status_code == 302
    dup.refresh_from_db()
    assert dup.status == ProposalStatus.MERGED and dup.merged_into == keep
    shown = text(login(cast.staff_b).get(url("proposal", dup.pk)))
    assert "Gộp vào: " in shown and keep.code in shown and "Cùng một hệ thống" in shown
    assert client.post(url("proposal_reject", third.pk), {"reason": ""}).status_code == 400
    assert client.post(url("proposal_reject", third.pk), {"reason": "Không thuộc phạm vi kế hoạch"}).status_code == 302
    assert client.post(url("proposal_return", keep.pk), {"comment": "Bổ sung phương án kết nối"}).status_code == 302
    keep.refresh_from_db()
    third.refresh_from_db()
    assert (keep.status, third.status) == (ProposalStatus.RETURNED, ProposalStatus.REJECTED)
    assert "Bổ sung phương án kết nối" in text(login(cast.staff_a).get(url("proposal", keep.pk)))


def test_funding_over_the_envelope_is_refused_without_a_reason(cast, plan_round):
    p = submit(plan_round, cast, costs=cost(6_000_000_000))
    client = login(cast.appraiser)
    refused = client.post(url("proposal_funding", p.pk), {"funding": "funded", "note": ""})
    assert refused.status_code == 400
    assert "Vượt hạn mức: nguồn" in text(refused) and "6.000.000.000" in text(refused)
    p.refresh_from_db()
    assert p.funding == Funding.PENDING
    assert client.post(url("proposal_funding", p.pk), {"funding": "funded",
                                                       "note": "Nhiệm vụ Đề án 06"}).status_code == 302
    p.refresh_from_db()
    assert p.funding == Funding.FUNDED and "Nhiệm vụ Đề án 06" in p.funding_note
    assert login(cast.leader).post(url("proposal_funding", p.pk), {"funding": "unfunded"}).status_code == 403


# ------------------------------------------------------------- consolidation ----

def test_the_consolidation_page_is_for_reviewers_and_the_tree_s_oversight(cast, finance, plan_round):
    p = submit(plan_round, cast)
    assert login(cast.staff_b).get(url("consolidation", plan_round.pk)).status_code == 403
    assert login(cast.outsider).get(url("consolidation", plan_round.pk)).status_code == 404
    for user in (cast.appraiser, finance.staff, cast.leader, cast.inspector, cast.supervisor):
        page = login(user).get(url("consolidation", plan_round.pk))
        assert page.status_code == 200 and p.code in text(page), user


def test_consolidation_lists_filters_clusters_and_funds(cast, plan_round):
    a = submit(plan_round, cast, "a", name="Bệnh án điện tử dùng chung của tỉnh")
    b = submit(plan_round, cast, "b")
    c = submit(plan_round, cast, "b", name="Số hóa hồ sơ lưu trữ", costs=cost(4_500_000_000))
    clear_checks(plan_round)
    duplicate(b, a)
    duplicate(a, b)
    ps.score_proposal(cast.appraiser, a, marks(plan_round, 5))
    client = login(cast.appraiser)
    body = text(client.get(url("consolidation", plan_round.pk)))
    for p in (a, b, c):
        assert p.code in body
    assert "Đề xuất trùng lặp do kiểm tra tự động phát hiện (1 nhóm)" in body and f"gộp vào {a.code}" in body
    assert "5.000.000.000" in body and 'data-testid="envelope-chart"' in body
    warned = table(client.get(url("consolidation", plan_round.pk), {"warned": "1"}))
    assert a.code in warned and b.code in warned and c.code not in warned
    unscored = table(client.get(url("consolidation", plan_round.pk), {"unscored": "1"}))
    assert a.code not in unscored and b.code in unscored
    assert login(cast.leader).post(url("recommend", plan_round.pk)).status_code == 403
    done = client.post(url("recommend", plan_round.pk), follow=True)
    assert "Đã đề xuất bố trí theo điểm: 2 đề xuất được bố trí, 1 chưa bố trí được" in text(done)
    funded = table(client.get(url("consolidation", plan_round.pk), {"funding": "funded"}))
    assert a.code in funded and c.code not in funded


def _many(round_, unit, n, start):
    """``n`` sent proposals written straight to the tables (the page's cost, not the services', is measured)."""
    src = source("NSDP-DT")
    template = Proposal.objects.filter(round=round_).first()
    rows = Proposal.objects.bulk_create([Proposal(
        round=round_, unit=unit, code=f"DXT-{start + i:05d}", name=f"Nhiệm vụ thử {start + i}", kind="investment",
        regime_id=template.regime_id, start_year=YEAR, end_year=YEAR, total=100_000_000, status=ProposalStatus.SUBMITTED,
        warnings=i % 3, score=i % 90, score_count=1, score_spread=i % 30) for i in range(n)])
    ProposalCost.objects.bulk_create([ProposalCost(proposal=p, year=YEAR, funding_source=src, amount=100_000_000)
                                      for p in rows])
    Finding.objects.bulk_create([Finding(proposal=rows[i], code="overlap.round", message="Trùng lặp",
                                         other_proposal=rows[i + 1], score=0.8) for i in range(0, n - 1, 7)])
    return rows


def test_the_consolidation_page_costs_the_same_queries_for_few_or_many_proposals(cast, units, plan_round):
    first = submit(plan_round, cast)
    ps.score_proposal(cast.appraiser, first, marks(plan_round, 4))
    _many(plan_round, units.syt, 5, 0)
    client = login(cast.appraiser)
    client.get(url("consolidation", plan_round.pk))  # sessions, content types: warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("consolidation", plan_round.pk)).status_code == 200
    _many(plan_round, units.skhcn, 240, 100)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("consolidation", plan_round.pk), {"warned": "1", "page": "2"})
    assert page.status_code == 200 and "2/2" in text(page)
    assert len(many) <= len(few) + 1, [q["sql"][:120] for q in many.captured_queries]


def test_consolidation_queries_stay_bounded(cast, units, plan_round, django_assert_max_num_queries):
    submit(plan_round, cast)
    _many(plan_round, units.syt, 300, 0)
    client = login(cast.leader)
    client.get(url("consolidation", plan_round.pk))
    with django_assert_max_num_queries(25):
        assert client.get(url("consolidation", plan_round.pk)).status_code == 200


# --------------------------------------------------------------------- plan ----

def _funded(cast, round_):
    a = submit(round_, cast, "b", name="Nền tảng tích hợp dữ liệu ngành y tế", costs=cost(2_000_000_000))
    b = submit(round_, cast, "a", name="Phần mềm quản lý trang thiết bị", costs=cost(1_000_000_000))
    for p, m in ((a, 5), (b, 4)):
        ps.score_proposal(cast.appraiser, p, marks(round_, m))
    ps.recommend_funding(cast.appraiser, round_)
    return a, b


def test_the_plan_goes_from_draft_to_approval_and_the_registry_through_its_pages(cast, plan_round):
    a, b = _funded(cast, plan_round)
    client = login(cast.appraiser)
    drafted = client.post(url("plan_draft", plan_round.pk), {"title": ""})
    assert drafted.status_code == 302
    plan = plan_round.plan_versions.get()
    assert drafted["Location"] == url("plan", plan.pk)
    body = text(client.get(url("plan", plan.pk)))
    assert a.name in body and b.name in body and "3.000.000.000" in body and url("plan_docx", plan.pk) in body
    assert login(cast.staff_b).get(url("plan", plan.pk)).status_code == 404  # a draft is not the unit's
    # edit an item: its note and its amounts (a bad amount changes nothing)
    item = plan.items.get(proposal=a)
    field = f"cost_{YEAR}_{source('NSDP-DT').pk}"
    assert login(cast.leader).get(url("plan_item", plan.pk, item.pk)).status_code == 403
    assert client.get(url("plan_item", plan.pk, item.pk)).status_code == 200
    bad = client.post(url("plan_item", plan.pk, item.pk), {"note": "x", field: "1,5"})
    assert bad.status_code == 400 and "Số tiền phải là số nguyên đồng" in text(bad)
    assert client.post(url("plan_item", plan.pk, item.pk), {"note": "Ưu tiên", field: "6.500.000.000"}).status_code == 302
    item.refresh_from_db()
    assert item.total == 6_500_000_000 and item.note == "Ưu tiên"
    page = text(client.get(url("plan", plan.pk)))
    assert "Dự thảo vượt hạn mức" in page and "plan-over" in page
    refused = client.post(url("plan_submit", plan.pk), {"over_reason": ""})
    assert refused.status_code == 400 and "Kế hoạch vượt hạn mức" in text(refused)
    assert client.post(url("plan_submit", plan.pk), {"over_reason": "Bổ sung từ nguồn tăng thu"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    # approval: the leader only
    decision = {"decision_number": "45/QĐ-UBND", "decision_date": TODAY.strftime("%d/%m/%Y")}
    assert client.post(url("plan_approve", plan.pk), decision).status_code == 403
    assert login(cast.staff_b).post(url("plan_approve", plan.pk), decision).status_code == 404
    bad = login(cast.leader).post(url("plan_approve", plan.pk), {"decision_number": "", "decision_date": "31/02/2026"})
    assert bad.status_code == 400
    assert login(cast.leader).post(url("plan_approve", plan.pk), decision).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == cast.leader
    assert login(cast.staff_b).get(url("plan", plan.pk)).status_code == 200  # the published plan
    # into the registry, with the counts
    done = client.post(url("plan_register", plan.pk), follow=True)
    assert "Đã đưa kế hoạch vào danh mục: 2 nhiệm vụ mới" in text(done)
    a.refresh_from_db()
    body = text(client.get(url("plan", plan.pk), {"nam": str(YEAR)}))
    assert 'data-testid="execution"' in body and reverse("projects:detail", args=[a.project_id]) in body
    assert client.post(url("plan_register", plan.pk)).status_code == 400  # once


def test_an_adjustment_needs_its_reason_and_its_difference_is_shown(cast, plan_round):
    _funded(cast, plan_round)
    plan = ps.draft_plan(cast.appraiser, plan_round)
    ps.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    ps.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    client = login(cast.appraiser)
    body = text(client.get(url("consolidation", plan_round.pk)))
    assert "Lý do điều chỉnh (bắt buộc" in body
    refused = client.post(url("plan_draft", plan_round.pk), {"reason": ""})
    assert refused.status_code == 400 and "Chưa nhập lý do điều chỉnh" in text(refused)
    assert client.post(url("plan_draft", plan_round.pk), {"reason": "Điều chỉnh theo dự toán được giao"}).status_code == 302
    v2 = plan_round.plan_versions.get(number=2)
    item = v2.items.order_by("position").first()
    field = f"cost_{YEAR}_{source('NSDP-DT').pk}"
    assert client.post(url("plan_item", v2.pk, item.pk), {"note": "Giảm quy mô", field: "1.500.000.000",
                                                          "version": v2.version}).status_code == 302
    diff = client.get(url("plan_diff", v2.pk))
    assert diff.status_code == 200
    body = text(diff)
    assert "Điều chỉnh theo dự toán được giao" in body and "45/QĐ-UBND" in body
    assert "2.000.000.000" in body and "1.500.000.000" in body and "-500.000.000" in body
    assert "năm" in body and "→" in body
    first = text(client.get(url("plan_diff", plan.pk)))
    assert "không có bản trước" in first
    assert login(cast.staff_b).get(url("plan_diff", v2.pk)).status_code == 404  # a draft adjustment
    assert login(cast.leader).post(url("plan_approve", v2.pk), {
        "decision_number": "99/QĐ-UBND", "decision_date": TODAY.strftime("%d/%m/%Y")}).status_code == 400  # not sent


def test_items_are_added_and_removed_only_in_a_draft(cast, plan_round):
    a, b = _funded(cast, plan_round)
    c = submit(plan_round, cast, "b", name="Số hóa hồ sơ lưu trữ", costs=cost(100_000_000))
    plan = ps.draft_plan(cast.appraiser, plan_round)
    client = login(cast.appraiser)
    assert client.post(url("plan_add_item", plan.pk), {"proposal": c.pk}).status_code == 302
    assert plan.items.filter(proposal=c).exists()
    again = client.post(url("plan_add_item", plan.pk), {"proposal": c.pk})
    assert again.status_code == 400 and "Đề xuất đã có trong kế hoạch" in text(again)
    item = plan.items.get(proposal=b)
    assert login(cast.leader).post(url("plan_remove_item", plan.pk, item.pk)).status_code == 403
    assert client.post(url("plan_remove_item", plan.pk, item.pk)).status_code == 302
    assert not plan.items.filter(proposal=b).exists()
    assert client.post(url("plan_return", plan.pk), {"comment": "x"}).status_code == 403  # the leader's


# ------------------------------------------------------------------- rubrics ----

def test_published_rubrics_are_read_by_everyone_drafts_by_their_managers(cast, plan_round):
    old = plan_round.rubric
    draft = ps.new_rubric_version(cast.appraiser, old, {"name": "Bộ tiêu chí sửa đổi", "criteria": old.criteria})
    body = text(login(cast.staff_b).get(url("rubrics")))
    assert old.name in body and old.criteria[0]["name"] in body and "Bộ tiêu chí sửa đổi" not in body
    assert f"Công bố {old.published_on:%d/%m/%Y}" in body
    assert "Bộ tiêu chí sửa đổi" in text(login(cast.appraiser).get(url("rubrics")))
    assert Rubric.objects.filter(pk=draft.pk, published_on__isnull=True).exists()


def test_a_new_rubric_version_is_made_and_published_from_the_pages(cast, plan_round):
    old = plan_round.rubric
    assert login(cast.staff_a).get(url("rubric_create")).status_code == 403
    client = login(cast.appraiser)
    form = text(client.get(url("rubric_create"), {"base": old.pk}))
    assert old.criteria[0]["name"] in form
    rows = {"name": "Bộ tiêu chí năm sau", "description": "", "citation": ""}
    for i, c in enumerate(old.criteria):
        rows.update({f"code_{i}": c["code"], f"name_{i}": c["name"], f"weight_{i}": str(c["weight"]),
                     f"guidance_{i}": c.get("guidance", "")})
    bad = client.post(url("rubric_create") + f"?base={old.pk}", {**rows, "weight_0": str(old.criteria[0]["weight"] + 5)})
    assert bad.status_code == 400 and "Tổng trọng số phải bằng 100" in text(bad)
    assert Rubric.objects.filter(code=old.code).count() == 1
    assert client.post(url("rubric_create") + f"?base={old.pk}", rows).status_code == 302
    new = Rubric.objects.get(code=old.code, version=old.version + 1)
    assert not new.is_published and new.criteria == old.criteria
    assert login(cast.staff_a).post(url("rubric_publish", new.pk)).status_code == 404  # a draft is not theirs
    assert client.post(url("rubric_publish", new.pk)).status_code == 302
    new.refresh_from_db()
    assert new.published_on == dt.date.today() and ps.current_rubric() == new
    again = client.post(url("rubric_publish", new.pk))
    assert again.status_code == 400 and "đã được công bố" in text(again)


def test_a_long_plan_is_shown_a_page_at_a_time_with_the_whole_plans_totals(cast, plan_round, monkeypatch):
    from cds.plans.views import review

    from .test_workflow import _approved_plan

    plan, a, b = _approved_plan(cast, plan_round)
    monkeypatch.setattr(review, "PLAN_PAGE", 1)
    client = login(cast.leader)
    first = text(client.get(url("plan", plan.pk)))
    second = text(client.get(url("plan", plan.pk), {"page": 2}))
    names = [i.name for i in plan.items.order_by("position")]
    assert names[0] in first and names[1] not in first.split("Thực hiện")[0]
    assert names[1] in second
    for body in (first, second):
        assert "Danh mục nhiệm vụ (2)" in body and "3.000.000.000" in body  # the whole plan's total
