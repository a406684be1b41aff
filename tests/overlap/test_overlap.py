"""Overlap where users meet it: the hint on the project form, the project page, the review
queue (decisions kept, not proposed again, flags on both projects, maker ≠ checker), the API
(who sees which candidates, and nothing restricted), bad input, and the index following saves."""
import pytest
from django.urls import reverse

from cds.overlap import services
from cds.overlap.models import OverlapPair, PairStatus
from cds.systems.models import InformationSystem
from tests.api.conftest import ApiClient
from tests.conftest import login
from tests.factories import make_project

LAND_A = "Xây dựng cơ sở dữ liệu đất đai tỉnh Thử Nghiệm"
LAND_B = "Xay dung CSDL dat dai huyen Thu Nghiem giai doan 2024-2025"


@pytest.fixture
def land(cast, units):
    a = make_project(cast.staff_a, units.skhcn, name=LAND_A)
    b = make_project(cast.staff_b, units.syt, name=LAND_B, objectives="Quản lý hồ sơ địa chính.")
    other = make_project(cast.staff_b, units.syt, name="Lắp đặt camera giám sát giao thông", objectives="")
    foreign = make_project(cast.outsider_staff, units.bo_vp, name="Xây dựng cơ sở dữ liệu đất đai của Bộ")
    return a, b, other, foreign


def test_check_ranks_the_duplicate_first_and_says_why(cast, land):
    a, b, other, foreign = land
    found = services.check(cast.staff_a, "CSDL dat dai")
    ids = [c.id for c in found if c.kind == "project"]
    assert set(ids[:2]) == {a.pk, b.pk} and other.pk not in ids
    assert foreign.pk not in ids  # another tree's projects are never proposed
    land_platform = InformationSystem.objects.get(code="CSDLQG-DATDAI")
    assert any(c.kind == "system" and c.id == land_platform.pk for c in found)
    # both duplicates say why; the one written with marks shows the shared words with them
    projects = {c.id: c for c in found if c.kind == "project"}
    assert "dat dai" in projects[b.pk].explanation.lower()
    assert "đất đai" in projects[a.pk].explanation


def test_index_follows_saves(cast, units, land):
    a, b, *_ = land
    assert not [c for c in services.check(cast.appraiser, "Hệ thống bệnh án điện tử") if c.kind == "project"]
    from cds.projects.services import update_project

    update_project(cast.staff_b, b, {"name": "Triển khai bệnh án điện tử tại bệnh viện tỉnh"}, expected_version=b.version)
    found = [c for c in services.check(cast.appraiser, "Hệ thống bệnh án điện tử") if c.kind == "project"]
    assert found and found[0].id == b.pk
    new = make_project(cast.staff_a, units.skhcn, name="Hồ sơ bệnh án điện tử bệnh viện đa khoa")
    assert new.pk in [c.id for c in services.check(cast.appraiser, "bệnh án điện tử")]


def test_form_hint_and_project_page(cast, land):
    a, b, *_ = land
    client = login(cast.staff_a)
    hint = client.get(reverse("overlap:check"), {"name": "Xây dựng CSDL đất đai"}, HTTP_HX_REQUEST="true")
    body = hint.content.decode()
    assert hint.status_code == 200 and "Hệ thống tương tự đã có" in body and b.code in body
    # staff_a may not open Sở Y tế's project: its name is shown, not a link
    assert reverse("projects:detail", args=[b.pk]) not in body and reverse("projects:detail", args=[a.pk]) in body
    assert "Hệ thống tương tự" not in client.get(reverse("overlap:check"), {"name": "abc"}).content.decode()
    page = client.get(reverse("projects:detail", args=[a.pk])).content.decode()
    assert 'data-testid="similar"' in page and b.code in page


def test_queue_decisions_persist_and_flag_both_projects(cast, land):
    a, b, *_ = land
    assert services.scan(cast.appraiser) >= 1
    pair = OverlapPair.objects.get(project=min(a, b, key=lambda p: p.pk), other_project=max(a, b, key=lambda p: p.pk))
    assert pair.status == PairStatus.PENDING and pair.terms
    client = login(cast.appraiser)
    queue = client.get(reverse("overlap:queue")).content.decode()
    assert a.code in queue and b.code in queue
    url = reverse("overlap:decide", args=[pair.pk])
    # no reason → refused, nothing written
    client.post(url, {"status": "duplicate", "reason": "", "version": pair.version})
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    client.post(url, {"status": "duplicate", "reason": "Cùng xây dựng CSDL đất đai", "version": pair.version})
    pair.refresh_from_db()
    assert pair.status == PairStatus.DUPLICATE and pair.decided_by == cast.appraiser
    for p, viewer in ((a, cast.staff_a), (b, cast.staff_b)):
        page = login(viewer).get(reverse("projects:detail", args=[p.pk])).content.decode()
        assert 'data-testid="overlap-flags"' in page and "Cùng xây dựng CSDL đất đai" in page
    # a stale version is refused
    client.post(url, {"status": "unrelated", "reason": "x", "version": 1})
    pair.refresh_from_db()
    assert pair.status == PairStatus.DUPLICATE
    # the decision is kept: a new scan and a new save do not propose the pair again
    services.scan(cast.appraiser)
    services.record_candidates(a)
    assert OverlapPair.objects.filter(project=pair.project, other_project=pair.other_project).count() == 1
    pair.refresh_from_db()
    assert pair.status == PairStatus.DUPLICATE


def test_unrelated_pairs_leave_the_project_page(cast, land):
    a, b, *_ = land
    services.scan(cast.appraiser)
    pair = OverlapPair.objects.get(project=min(a.pk, b.pk), other_project=max(a.pk, b.pk))
    services.decide(cast.appraiser, pair, "unrelated", "Khác phạm vi", expected_version=pair.version)
    assert b.pk not in [c.id for c in services.check(cast.appraiser, a.name, project=a) if c.kind == "project"]


def test_who_may_see_and_decide(cast, land):
    a, b, *_ = land
    services.scan(cast.appraiser)
    # the pair of this province's two land projects (each also pairs with the other tree's)
    pair = OverlapPair.objects.get(project__in=(a, b), other_project__in=(a, b))
    url = reverse("overlap:decide", args=[pair.pk])
    for who in ("staff_a", "head_b"):
        assert login(getattr(cast, who)).get(reverse("overlap:queue")).status_code == 403
    for who in ("leader", "supervisor", "inspector"):
        c = login(getattr(cast, who))
        assert c.get(reverse("overlap:queue")).status_code == 200
        assert c.post(url, {"status": "duplicate", "reason": "x", "version": pair.version}).status_code == 403
    # the other tree's CĐS appraiser does not see this province's pairs at all
    assert a.code not in login(cast.outsider).get(reverse("overlap:queue")).content.decode()
    assert login(cast.outsider).post(url, {"status": "duplicate", "reason": "x",
                                           "version": pair.version}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING


def test_nobody_concludes_on_their_own_project(cast, units):
    from cds.accounts.models import Role
    from tests.factories import UserFactory

    maker = UserFactory(username="appraiser_maker", role=Role.CDS_APPRAISER, unit=units.skhcn)
    a = make_project(maker, units.skhcn, name=LAND_A)
    make_project(cast.staff_b, units.syt, name=LAND_B)
    services.scan(maker)
    pair = OverlapPair.objects.get(project=a, other_project__isnull=False)
    from cds.core.errors import MakerCheckerError

    with pytest.raises(MakerCheckerError):
        services.decide(maker, pair, "duplicate", "x", expected_version=pair.version)


def test_api_check_shows_names_only(cast, land):
    a, b, other, foreign = land
    api = ApiClient.login("staff_a")
    resp = api.post("/overlap/check", {"name": "Xây dựng CSDL đất đai", "description": "địa chính"})
    assert resp.status_code == 200
    items = resp.json()["candidates"]
    assert items == sorted(items, key=lambda c: -c["score"])
    by_id = {(c["kind"], c["id"]): c for c in items}
    cb = by_id[("project", b.pk)]
    assert set(cb) == {"kind", "id", "code", "name", "unit", "running", "category", "score", "explanation", "shared_terms",
                       "signals"}
    assert cb["name"] == LAND_B and cb["unit"] == "Sở Y tế" and 0 < cb["score"] <= 1 and cb["explanation"]
    assert ("project", foreign.pk) not in by_id
    # … and the restricted fields stay behind the project endpoint
    assert api.get(f"/projects/{b.pk}").status_code == 404
    outsider = ApiClient.login("outsider_staff").post("/overlap/check", {"name": "Xây dựng CSDL đất đai"}).json()
    assert {c["id"] for c in outsider["candidates"] if c["kind"] == "project"} == {foreign.pk}


@pytest.mark.parametrize("body, fragment", [
    ({"name": ""}, "Hãy nhập tên"),
    ({"name": "   "}, "Hãy nhập tên"),
    ({"name": "x" * 100_000}, "tối đa 500"),
    ({"name": "CSDL đất đai", "description": "y" * 100_000}, "tối đa 20.000"),
])
def test_api_check_bad_input(cast, body, fragment):
    resp = ApiClient.login("staff_a").post("/overlap/check", body)
    assert resp.status_code == 400 and fragment in resp.json()["detail"]


def test_api_check_needs_a_token(db):
    assert ApiClient().post("/overlap/check", {"name": "CSDL đất đai"}).status_code == 401


def test_scan_command_is_idempotent(cast, land):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("scan_overlaps", stdout=out)
    first = OverlapPair.objects.count()
    assert first >= 2 and f"{first} cặp" in out.getvalue()
    call_command("scan_overlaps", stdout=(out := StringIO()))
    assert OverlapPair.objects.count() == first and "0 cặp" in out.getvalue()


def test_a_refused_conclusion_shows_the_queue_again(cast, land):
    """No reason → 400, a stale version → 409: the queue again with the message and the typed
    reason beside the pair, nothing written."""
    a, b, *_ = land
    services.scan(cast.appraiser)
    pair = OverlapPair.objects.get(project=min(a, b, key=lambda p: p.pk), other_project=max(a, b, key=lambda p: p.pk))
    client = login(cast.appraiser)
    url = reverse("overlap:decide", args=[pair.pk])
    resp = client.post(url, {"status": "duplicate", "reason": "", "version": pair.version, "next": "/trung-lap/"})
    assert resp.status_code == 400 and "Hãy ghi lý do của kết luận." in resp.content.decode()
    resp = client.post(url, {"status": "related", "reason": "Cùng dữ liệu đất đai", "version": pair.version + 5,
                             "next": "/trung-lap/?status=pending"})
    html = resp.content.decode()
    assert resp.status_code == 409 and "đã được người khác cập nhật" in html and "Cùng dữ liệu đất đai" in html
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING


def test_a_transitive_match_never_names_a_project_of_another_tree(cast, units, land):
    """The ministry's candidate may be found through a province's project (both close to the
    text); the ministry user learns that the match is transitive, never which project links it."""
    a, b, other, foreign = land
    seen = []
    for user, _own in ((cast.outsider_staff, {foreign}), (cast.staff_a, {a, b, other})):
        for name in (LAND_A, LAND_B, "Xây dựng CSDL đất đai", "Cơ sở dữ liệu đất đai của tỉnh và của Bộ"):
            for c in services.check(user, name):
                for s in c.signals:
                    if s["kind"] == "via":
                        seen.append((user, s["label"]))
    foreign_names = {(foreign.code, foreign.name)}
    province_names = {(p.code, p.name) for p in (a, b, other)}
    for user, label in seen:
        hidden = province_names if user == cast.outsider_staff else foreign_names
        assert not any(code in label or name in label for code, name in hidden), (user, label)
    # The index itself names a link only inside the trees given.
    from cds.overlap.engine import HIDDEN_VIA, get_index

    index = get_index()
    index.sync()
    row = next(i for i, r in enumerate(index.rows) if r.kind == "project" and r.obj_id == a.pk)
    assert index.via_signal(row, (units.bo.tree_prefix,))["label"] == HIDDEN_VIA
    assert a.code in index.via_signal(row, (units.tinh.tree_prefix,))["label"]
    assert a.code in index.via_signal(row, None)["label"]
