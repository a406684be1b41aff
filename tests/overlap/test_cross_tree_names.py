"""No overlap result names a project (or a tree's own system) of a tree the reader may not see.

Two trees — the cast's province and its ministry — hold names chosen to be *transitive*: a
ministry proposal ("Ảnh viễn thám theo dõi rừng") reaches a ministry project through a province
project that is closer to both (the link lifts its score above what the two names alone earn),
and a province proposal reaches a province project through a ministry project. Each test first shows that the link really fires (a reader who may
see every tree is told which project links the pair), then that the other tree's codes and names
never reach the ministry's users, nor the ministry's the province's, wherever overlap results
appear: ``POST /api/v1/overlap/check``, the check page (the hint under the project form's name),
the project page (similar systems, decided findings), the review queue with its stored pairs,
the appraisal dossier's overlap finding and the appraisal report, the audit log of a decision and
the scan's message."""
from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cds.accounts.models import Role
from cds.appraisal import findings as appraisal_findings
from cds.appraisal import services as appraisal_services
from cds.appraisal.models import Result
from cds.overlap import services
from cds.overlap.engine import HIDDEN_VIA
from cds.overlap.models import OverlapPair, PairStatus
from cds.overlap.permissions import scope_overlap_pairs
from cds.rules.models import ItemKind
from cds.systems.models import Category, InformationSystem
from tests.api.conftest import ApiClient
from tests.appraisal.conftest import pdf
from tests.conftest import login
from tests.factories import UserFactory, make_project, regime

# The ministry's proposal and the province's proposal. Each is close to a project of the other
# tree, which in turn is close to a project of the proposer's own tree.
MINISTRY_QUERY = "Ảnh viễn thám theo dõi rừng"
PROVINCE_QUERY = "Đơn thuốc điện tử liên thông nhà thuốc"


@pytest.fixture
def trees(cast, units):
    """Projects of both trees, the stored pairs the daily scan and the saves leave, a pair across
    the trees decided by a national appraiser, a province system, and users of each side."""
    w = SimpleNamespace(units=units, cast=cast)
    # a national appraiser (no unit: every tree) and the ministry unit's head
    w.national = UserFactory(username="national", role=Role.CDS_APPRAISER, unit=None)
    w.bo_head = UserFactory(username="bo_head", role=Role.UNIT_HEAD, unit=units.bo_vp)
    prov = lambda name, **kw: make_project(cast.staff_a, units.skhcn, name=name, objectives="", **kw)  # noqa: E731
    mini = lambda name, **kw: make_project(cast.outsider_staff, units.bo_vp, name=name, objectives="", **kw)  # noqa: E731
    # province: the link of the ministry's query, and the target of its own query
    w.p_link = prov("Ảnh viễn thám theo dõi tài nguyên rừng")
    w.p_target = prov("Liên thông đơn thuốc điện tử với hồ sơ sức khỏe")
    w.p_query = prov(PROVINCE_QUERY)
    # ministry: the target of its query, the link of the province's query, and its own proposal
    w.m_target = mini("Theo dõi tài nguyên rừng bằng ảnh vệ tinh")
    w.m_link = mini("Hồ sơ sức khỏe và đơn thuốc điện tử liên thông với nhà thuốc")
    w.m_query = mini(MINISTRY_QUERY, kind="recurrent", regime=regime("ND73_2019"), group="C")
    # a core system of the province (its own, not a national platform)
    w.system = InformationSystem.objects.create(
        code="TINH-RUNG", name="Hệ thống ảnh viễn thám giám sát rừng dùng chung", category=Category.CORE,
        root_unit=units.tinh, owner_unit=units.skhcn, aliases="Viễn thám rừng")
    # the queue as saves and the daily scan leave it
    for p in (w.p_link, w.p_target, w.p_query, w.m_target, w.m_link, w.m_query):
        services.record_candidates(p, threshold=0.3)
    services.scan(threshold=0.3)
    # a pair stored before transitive links were limited to the reader's trees: its "via"
    # names the province's project
    legacy, _ = OverlapPair.objects.get_or_create(
        project_id=min(w.m_query.pk, w.m_target.pk), other_project_id=max(w.m_query.pk, w.m_target.pk),
        defaults={"score": 0.55})
    legacy.signals = [{"kind": "via", "label": f"{w.p_link.code} {w.p_link.name}"}]
    legacy.save()
    w.legacy = legacy
    # a national appraiser concludes on pairs across the trees
    for a, b in ((w.p_link, w.m_target), (w.p_target, w.m_link), (w.p_link, w.m_query)):
        pair, _ = OverlapPair.objects.get_or_create(project_id=min(a.pk, b.pk), other_project_id=max(a.pk, b.pk),
                                                    defaults={"score": 0.6})
        services.decide(w.national, pair, PairStatus.DUPLICATE, "Cùng mục tiêu, đề nghị dùng chung.",
                        expected_version=pair.version)
    w.province = [w.p_link, w.p_target, w.p_query]
    w.ministry = [w.m_target, w.m_link, w.m_query]
    return w


def hidden_from(w, side: str) -> list[str]:
    """The codes and names a user of ``side`` ("ministry" or "province") must never read."""
    if side == "ministry":
        return [s for p in w.province for s in (p.code, p.name)] + [w.system.code, w.system.name,
                                                                    *w.system.alias_list]
    return [s for p in w.ministry for s in (p.code, p.name)]


def readers(w, side: str):
    c = w.cast
    if side == "ministry":
        return [c.outsider, c.outsider_staff, w.bo_head]
    return [c.staff_a, c.head_a, c.staff_b, c.appraiser, c.supervisor, c.leader, c.inspector, c.admin]


def assert_unnamed(text: str, w, side: str, where: str) -> None:
    leaked = [s for s in hidden_from(w, side) if s in text]
    assert not leaked, f"{where} shows {leaked} to a {side} user"


def vias(candidates) -> list[str]:
    return [s["label"] for c in candidates for s in c["signals"] if s["kind"] == "via"]


SIDES = (("ministry", MINISTRY_QUERY), ("province", PROVINCE_QUERY))


# ---------------------------------------------------------------- the fixture ----

@pytest.mark.parametrize("side,query", SIDES)
def test_the_names_are_transitive_through_the_other_tree(trees, side, query):
    """The proposal reaches its own tree's project through the other tree's: a reader who
    sees every tree is told the linking project; so the tests below test something."""
    w = trees
    link, target = (w.p_link, w.m_target) if side == "ministry" else (w.m_link, w.p_target)
    found = ApiClient.login("national").post("/overlap/check", {"name": query}).json()["candidates"]
    by_id = {c["id"]: c for c in found if c["kind"] == "project"}
    assert target.pk in by_id, found
    assert any(link.code in label for label in vias([by_id[target.pk]])), by_id[target.pk]
    # the proposer's side still finds its project, through a link it may not read
    own = ApiClient.login("outsider_staff" if side == "ministry" else "staff_a")
    found = own.post("/overlap/check", {"name": query}).json()["candidates"]
    mine = next(c for c in found if c["id"] == target.pk and c["kind"] == "project")
    assert HIDDEN_VIA in vias([mine])


# ----------------------------------------------------------- the places ----

@pytest.mark.parametrize("side,query", SIDES)
def test_api_check(trees, side, query):
    w = trees
    for user in readers(w, side):
        for name in (query, MINISTRY_QUERY, PROVINCE_QUERY):
            resp = ApiClient.login(user.username).post("/overlap/check", {"name": name})
            assert resp.status_code == 200
            assert_unnamed(resp.content.decode(), w, side, f"POST /api/v1/overlap/check ({user.username}, {name})")


@pytest.mark.parametrize("side,query", SIDES)
def test_check_page_and_form_hint(trees, side, query):
    w = trees
    own = w.ministry if side == "ministry" else w.province
    for user in readers(w, side):
        client = login(user)
        for name in (query, MINISTRY_QUERY, PROVINCE_QUERY):
            for params in ({"name": name}, {"name": name, "objectives": "theo dõi, giám sát"}):
                resp = client.get(reverse("overlap:check"), params, HTTP_HX_REQUEST="true")
                assert resp.status_code == 200
                assert_unnamed(resp.content.decode(), w, side, f"the check page ({user.username}, {name})")
        for p in own:  # the hint on an existing project's edit form
            resp = client.get(reverse("overlap:check"), {"name": p.name, "project": p.pk}, HTTP_HX_REQUEST="true")
            if resp.status_code == 200:
                assert_unnamed(resp.content.decode(), w, side, f"the form hint of {p.code} ({user.username})")


@pytest.mark.parametrize("side", ("ministry", "province"))
def test_project_page(trees, side):
    """Similar systems and the decided findings on the page of every project of the reader's tree
    — including those decided duplicate with a project of the other tree."""
    w = trees
    own = w.ministry if side == "ministry" else w.province
    shown = 0
    for user in readers(w, side):
        client = login(user)
        for p in own:
            resp = client.get(reverse("projects:detail", args=[p.pk]))
            if resp.status_code == 404:
                continue
            body = resp.content.decode()
            assert_unnamed(body, w, side, f"the page of {p.code} ({user.username})")
            shown += 'data-testid="overlap-flags"' in body
    assert shown, "no decided finding was shown: the test would prove nothing"


@pytest.mark.parametrize("side", ("ministry", "province"))
def test_queue(trees, side):
    w = trees
    queue_readers = [u for u in readers(w, side) if u.role in (Role.CDS_APPRAISER, Role.LEADER, Role.INSPECTOR,
                                                               Role.SUPERVISOR, Role.ADMIN)]
    assert queue_readers
    for user in queue_readers:
        client = login(user)
        for status in ("all", "pending", "duplicate"):
            resp = client.get(reverse("overlap:queue"), {"status": status})
            assert resp.status_code == 200
            assert_unnamed(resp.content.decode(), w, side, f"the queue ({user.username}, {status})")
    # the pair stored with the province project's name is in the ministry's queue, without it
    if side == "ministry":
        body = login(w.cast.outsider).get(reverse("overlap:queue"), {"status": "all"}).content.decode()
        assert f'id="pair-{w.legacy.pk}"' in body and HIDDEN_VIA in body


def test_a_pair_with_another_trees_system_is_not_in_the_queue(trees):
    """A ministry project paired with the province's own core system: the ministry's queue
    does not show the pair (the system's name belongs to the province)."""
    w = trees
    pairs = OverlapPair.objects.filter(system=w.system)
    assert pairs.filter(project__in=w.ministry).exists(), "the scan found no such pair: the test would prove nothing"
    body = login(w.cast.outsider).get(reverse("overlap:queue"), {"status": "all"}).content.decode()
    for pair in pairs.filter(project__in=w.ministry):
        assert f'id="pair-{pair.pk}"' not in body


def test_queue_decision_refusal_shows_the_queue_without_foreign_names(trees):
    """A refused conclusion renders the queue again (400): the same names rule holds."""
    w = trees
    client = login(w.cast.outsider)
    resp = client.post(reverse("overlap:decide", args=[w.legacy.pk]),
                       {"status": "duplicate", "reason": "", "version": w.legacy.version,
                        "next": reverse("overlap:queue") + "?status=all"})
    assert resp.status_code == 400
    assert_unnamed(resp.content.decode(), w, "ministry", "the queue after a refused conclusion")


def test_decision_in_the_audit_log(trees):
    """The audit log of the ministry (its inspector's view, its admin's) does not name the
    province project a national appraiser found it duplicates."""
    w = trees
    inspector = UserFactory(username="bo_inspector", role=Role.INSPECTOR, unit=w.units.bo)
    resp = login(inspector).get(reverse("audit:log"))
    assert resp.status_code == 200
    assert_unnamed(resp.content.decode(), w, "ministry", "the audit log")
    resp = login(w.cast.inspector).get(reverse("audit:log"))
    assert_unnamed(resp.content.decode(), w, "province", "the audit log")


def test_scan_message_counts_only_what_the_user_may_see(trees):
    """The queue's "scan again" button tells the province's appraiser how many new pairs *they*
    will find in their queue — not how many the ministry got."""
    w = trees
    make_project(w.cast.outsider_staff, w.units.bo_vp, name="Hệ thống giám sát tài nguyên rừng bằng viễn thám",
                 objectives="")
    before = set(OverlapPair.objects.values_list("pk", flat=True))
    resp = login(w.cast.appraiser).post(reverse("overlap:scan"), follow=True)
    new = OverlapPair.objects.exclude(pk__in=before)
    visible = scope_overlap_pairs(w.cast.appraiser, new).count()
    assert new.count() > visible, "the scan added no pair of the ministry: the test would prove nothing"
    assert f"{visible} cặp nghi trùng lặp mới" in resp.content.decode()


# ------------------------------------------------------------------ appraisal ----

def _ministry_dossier(w):
    """The ministry's proposal as an appraisal dossier, submitted."""
    d = appraisal_services.create_dossier(w.cast.outsider_staff, w.m_query, {"amount": 1_000_000_000, "title": ""})
    for item in d.procedure.checklist.filter(kind=ItemKind.DOCUMENT, required=True):
        appraisal_services.add_document(w.cast.outsider_staff, d, kind=item.document_kind.split("|")[0],
                                        upload=pdf(f"{item.pk}.pdf"))
    d = appraisal_services.submit(w.bo_head, d)
    assert d.procedure.checklist.filter(auto_check="overlap").exists()
    return d


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("concluder", ("outsider", "national"))
def test_appraisal_dossier_and_report(trees, concluder):
    """The ministry dossier's overlap finding (page) and the report written at the conclusion —
    by the ministry's appraiser or by a national one, whose own view spans every tree: the
    dossier and its report belong to the ministry's tree and name nothing of the province."""
    w = trees
    d = _ministry_dossier(w)
    user = getattr(w.cast, concluder, None) or w.national
    found = appraisal_findings.flat(appraisal_findings.findings(user, d))
    overlap = [f for f in found if f["check"] == "overlap"]
    assert overlap, found
    assert_unnamed(json.dumps(found, ensure_ascii=False), w, "ministry", f"the overlap finding ({concluder})")
    # the dossier page, for the ministry's readers
    for reader in readers(w, "ministry"):
        resp = login(reader).get(reverse("appraisal:dossier", args=[d.pk]))
        assert resp.status_code == 200
        assert_unnamed(resp.content.decode(), w, "ministry", f"the dossier page ({reader.username})")
    # concluded through the page (the findings snapshot is what the report prints)
    items = d.procedure.checklist.filter(kind=ItemKind.CONTENT)
    appraisal_services.save_checklist(user, d, {i.pk: (Result.PASS, "") for i in items})
    d.refresh_from_db()
    resp = login(user).post(reverse("appraisal:conclude", args=[d.pk]),
                            {"conclusion": "eligible", "text": "Hồ sơ đáp ứng yêu cầu.", "version": d.version})
    assert resp.status_code in (200, 302), resp.content.decode()[:2000]
    d.refresh_from_db()
    assert d.findings_snapshot
    assert_unnamed(json.dumps(d.findings_snapshot, ensure_ascii=False), w, "ministry", "the findings snapshot")
    for reader in readers(w, "ministry"):
        resp = login(reader).get(reverse("appraisal:report", args=[d.pk]))
        assert resp.status_code == 200
        assert_unnamed(_docx_text(resp.content), w, "ministry", f"the appraisal report ({reader.username})")
