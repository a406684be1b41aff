# ruff: noqa: F811 - the fixtures of page_specs are imported, then named as arguments
"""The ranking's front page and its method versions through the pages: the administrator drafts a
version, edits its weights and submits it; a leader other than the drafter approves it or sends it
back; a refusal is shown beside the form and changes nothing; drafts are the administrator's and
the leaders' only."""
from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.rankings import services
from cds.rankings.models import Method, MethodStatus
from tests.conftest import login
from tests.rankings.page_specs import approved, page_specs, ranking_world  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("page_specs")


def text(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def edit_data(method, **weights):
    data = {"title": method.title, "description": method.description, "version": method.version}
    for c in method.criteria.all():
        data.update({f"{c.code}-name": c.name, f"{c.code}-weight": weights.get(c.code, c.weight),
                     f"{c.code}-source": c.source, f"{c.code}-formula": c.formula})
    return data


def test_admin_drafts_edits_submits_and_a_leader_approves(cast, units):
    admin = login(cast.admin)
    v1 = approved(cast, units)
    page = admin.get(reverse("rankings:method_new"))
    assert page.status_code == 200 and f'value="{v1.pk}" selected' in page.content.decode()

    resp = admin.post(reverse("rankings:method_new"), {"title": "Phương pháp 2026", "based_on": v1.pk})
    v2 = Method.objects.get(number=2)
    assert resp.status_code == 302 and resp["Location"] == reverse("rankings:method_edit", args=[v2.pk])
    assert v2.based_on == v1 and v2.status == MethodStatus.DRAFT and v2.drafted_by == cast.admin
    assert {c.code: c.weight for c in v2.criteria.all()} == {"pg_done": 60, "pg_candour": 40}

    edit = admin.get(reverse("rankings:method_edit", args=[v2.pk]))
    assert 'data-testid="weight-total">100</output>' in edit.content.decode()
    assert "rankings/method_edit.js" in edit.content.decode()

    # Weights that do not add up are saved as a draft, but the draft cannot be submitted.
    resp = admin.post(reverse("rankings:method_edit", args=[v2.pk]), edit_data(v2, pg_done=30))
    assert resp.status_code == 302
    v2.refresh_from_db()
    resp = admin.post(reverse("rankings:method_submit", args=[v2.pk]), {"version": v2.version})
    assert resp.status_code == 400
    assert "Tổng trọng số các tiêu chí phải bằng 100 điểm (hiện là 70)" in text(resp)
    v2.refresh_from_db()
    assert v2.status == MethodStatus.DRAFT

    resp = admin.post(reverse("rankings:method_edit", args=[v2.pk]), edit_data(v2, pg_done=20, pg_candour=80))
    assert resp.status_code == 302
    v2.refresh_from_db()
    assert {c.code: c.weight for c in v2.criteria.all()} == {"pg_done": 20, "pg_candour": 80}

    # The draft page shows what changed against v1, weights side by side.
    page = text(admin.get(reverse("rankings:method", args=[v2.pk])))
    assert "Thay đổi so với phiên bản 1" in page
    assert "Dự án không chậm 60 20 -40" in page and "Báo cáo trung thực 40 80 +40" in page

    resp = admin.post(reverse("rankings:method_submit", args=[v2.pk]), {"version": v2.version})
    assert resp.status_code == 302
    v2.refresh_from_db()
    assert v2.status == MethodStatus.SUBMITTED
    # Submitted: no longer editable.
    resp = admin.get(reverse("rankings:method_edit", args=[v2.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("rankings:method", args=[v2.pk])

    # The administrator who drafted it may not approve it.
    resp = admin.post(reverse("rankings:method_decide", args=[v2.pk]), {"version": v2.version, "decision": "approve"})
    assert resp.status_code == 403
    v2.refresh_from_db()
    assert v2.status == MethodStatus.SUBMITTED

    leader = login(cast.leader)
    page = leader.get(reverse("rankings:method", args=[v2.pk]))
    assert 'data-testid="decide-form"' in page.content.decode()
    resp = leader.post(reverse("rankings:method_decide", args=[v2.pk]),
                       {"version": v2.version, "decision": "approve", "note": "Đồng ý ban hành."})
    assert resp.status_code == 302
    v2.refresh_from_db()
    assert v2.status == MethodStatus.APPROVED and v2.approved_by == cast.leader
    page = text(leader.get(reverse("rankings:method", args=[v2.pk])))
    assert f"{cast.leader.display_name}, ngày {v2.approved_at.astimezone().strftime('%d/%m/%Y')}" in page
    assert "Đồng ý ban hành." in page

    # Approved: a unit reads it on the front page and the method page.
    staff = login(cast.staff_a)
    assert staff.get(reverse("rankings:method", args=[v2.pk])).status_code == 200
    assert reverse("rankings:method", args=[v2.pk]) in staff.get(reverse("rankings:index")).content.decode()


def test_a_leader_cannot_approve_a_version_the_leader_drafted(cast, units):
    """Maker ≠ checker holds for the leader too (a version the leader drafted, e.g. in an earlier
    role, is refused with the reason beside the form)."""
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp thử",
                              criteria=[{"code": "pg_done", "weight": 60}, {"code": "pg_candour", "weight": 40}])
    m = services.submit_method(cast.admin, m, version=m.version)
    Method.objects.filter(pk=m.pk).update(drafted_by=cast.leader)
    m.refresh_from_db()
    resp = login(cast.leader).post(reverse("rankings:method_decide", args=[m.pk]),
                                   {"version": m.version, "decision": "approve"})
    assert resp.status_code == 400
    assert "Người lập không được đồng thời là người kiểm tra, phê duyệt" in text(resp)
    m.refresh_from_db()
    assert m.status == MethodStatus.SUBMITTED and m.approved_by is None


def test_returning_needs_a_note_and_sends_the_draft_back(cast, units):
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp thử",
                              criteria=[{"code": "pg_done", "weight": 60}, {"code": "pg_candour", "weight": 40}])
    m = services.submit_method(cast.admin, m, version=m.version)
    leader = login(cast.leader)
    resp = leader.post(reverse("rankings:method_decide", args=[m.pk]), {"version": m.version, "decision": "return"})
    assert resp.status_code == 400 and "chưa nhập ý kiến" in text(resp).lower()
    resp = leader.post(reverse("rankings:method_decide", args=[m.pk]), {"version": m.version, "decision": "maybe"})
    assert resp.status_code == 400 and "Chọn phê duyệt hoặc trả lại." in text(resp)
    m.refresh_from_db()
    assert m.status == MethodStatus.SUBMITTED
    resp = leader.post(reverse("rankings:method_decide", args=[m.pk]),
                       {"version": m.version, "decision": "return", "note": "Giảm trọng số tiêu chí 1."})
    assert resp.status_code == 302
    m.refresh_from_db()
    assert m.status == MethodStatus.DRAFT and m.approval_note == "Giảm trọng số tiêu chí 1."
    # A stale page (the version it was opened at) is refused, nothing changed.
    resp = login(cast.admin).post(reverse("rankings:method_submit", args=[m.pk]), {"version": m.version - 1})
    assert resp.status_code == 409 and "đã được người khác cập nhật" in text(resp)


def test_bad_input_on_the_edit_page_is_shown_and_changes_nothing(cast, units):
    m = services.draft_method(cast.admin, units.tinh, title="Phương pháp thử",
                              criteria=[{"code": "pg_done", "weight": 60}, {"code": "pg_candour", "weight": 40}])
    admin = login(cast.admin)
    for weight, message in (("abc", "Trọng số phải là số nguyên."), ("-1", "Trọng số không được âm."),
                            ("101", "Trọng số không quá 100 điểm.")):
        resp = admin.post(reverse("rankings:method_edit", args=[m.pk]), edit_data(m, pg_done=weight))
        assert resp.status_code == 400 and message in text(resp), weight
    resp = admin.post(reverse("rankings:method_edit", args=[m.pk]), {**edit_data(m), "title": "\x00"})
    assert resp.status_code == 400
    resp = admin.post(reverse("rankings:method_new"), {"title": "", "based_on": "999999"})
    assert resp.status_code == 400 and "Chưa nhập tên phương pháp" in text(resp)
    resp = admin.post(reverse("rankings:method_new"), {"title": "Phương pháp khác", "based_on": "999999"})
    assert resp.status_code == 400 and "Không tìm thấy phiên bản gốc đã chọn." in text(resp)
    m.refresh_from_db()
    assert m.version == 1 and m.title == "Phương pháp thử"
    assert Method.objects.count() == 1


def test_who_sees_drafts_and_who_may_change_them(cast, units):
    m = services.draft_method(cast.admin, units.tinh, title="Dự thảo bí mật",
                              criteria=[{"code": "pg_done", "weight": 60}, {"code": "pg_candour", "weight": 40}])
    url = reverse("rankings:method", args=[m.pk])
    for user in (cast.admin, cast.leader):
        assert login(user).get(url).status_code == 200
        assert "Dự thảo bí mật" in login(user).get(reverse("rankings:methods")).content.decode()
    for user in (cast.staff_a, cast.head_b, cast.appraiser, cast.supervisor, cast.inspector, cast.outsider):
        assert login(user).get(url).status_code == 404
        assert "Dự thảo bí mật" not in login(user).get(reverse("rankings:methods")).content.decode()
        assert login(user).post(reverse("rankings:method_submit", args=[m.pk]), {"version": 1}).status_code == 404
    assert login(cast.leader).get(reverse("rankings:method_edit", args=[m.pk])).status_code == 403
    assert login(cast.leader).get(reverse("rankings:method_new")).status_code == 403
    assert login(cast.leader).post(reverse("rankings:method_submit", args=[m.pk]), {"version": 1}).status_code == 403
    m.refresh_from_db()
    assert m.status == MethodStatus.DRAFT


def test_front_page_shows_the_latest_published_table_and_drafts_only_to_insiders(cast, units, ranking_world):
    w = ranking_world
    services.compute_period(cast.admin, w.period)
    # Not yet published: units see no table and no period; the leader sees the draft period.
    assert "Chưa có kỳ xếp hạng nào được công bố." in text(login(cast.staff_a).get(reverse("rankings:index")))
    assert w.period.name not in text(login(cast.staff_a).get(reverse("rankings:index")))
    assert w.period.name in text(login(cast.leader).get(reverse("rankings:index")))
    w.period.refresh_from_db()
    services.publish_period(cast.leader, w.period, version=w.period.version)
    page = login(cast.staff_b).get(reverse("rankings:index"))
    body = page.content.decode()
    assert reverse("rankings:period", args=[w.period.pk]) in body
    ranks = re.findall(r'data-unit="(\d+)">\s*<td[^>]*data-testid="rank">(\d+)</td>', body)
    assert ranks == [(str(units.skhcn.pk), "1"), (str(units.syt.pk), "2"), (str(units.thanhtra.pk), "3")]
    assert "60,00" in body and "50,00" in body and "40,00" in body
    assert 'data-testid="alerts-link"' not in body and 'data-testid="period-new"' not in body
    admin_page = login(cast.admin).get(reverse("rankings:index")).content.decode()
    assert 'data-testid="alerts-link"' in admin_page and 'data-testid="period-new"' in admin_page
    assert 'data-testid="method-new"' in admin_page
    # The other tree sees nothing of this province's ranking.
    other = text(login(cast.outsider_staff).get(reverse("rankings:index")))
    assert w.period.name not in other and "Sở Y tế" not in other


def test_pages_cost_a_fixed_number_of_queries(cast, units, ranking_world):
    from tests.factories import make_unit

    services.compute_period(cast.admin, ranking_world.period)
    leader = login(cast.leader)
    urls = [reverse("rankings:index"), reverse("rankings:methods"),
            reverse("rankings:method", args=[ranking_world.v1.pk])]

    def count():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as q:
                assert leader.get(url).status_code == 200
            out.append(len(q))
        return out

    few = count()
    for n in range(4):
        make_unit(f"T01-X{n}", f"Sở thử {n}", parent=units.tinh)
    approved(cast, units, title="Phương pháp khác")
    ranking_world.period.refresh_from_db()
    services.compute_period(cast.admin, ranking_world.period)
    assert count() == few
