"""The demo's library of good practices and its first publication: eight entries of Sơn Lâm
drafted and submitted by their units and published by the CĐS appraiser, with measured results
and links; one entry waiting for the check and one nominated draft; a project withheld with its
reason; a snapshot prepared by the appraiser and approved by a leader, from which the withheld
project is absent. The demo is the shared ``demo`` world of tests/conftest.py."""
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from cds.accounts.models import Role, User
from cds.demo.common import DATA_END
from cds.demo.library_public import WITHHELD, build_library_public
from cds.library.models import DocKind, Kind, Origin, Practice, Status
from cds.orgs.models import Unit
from cds.projects.models import Project, State
from cds.public import selectors
from cds.public.models import Dataset, PublishedRecord, SnapshotStatus, Withholding
from cds.reviews.models import Rating, ReviewStatus

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
FINISHED = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)


def _root():
    return Unit.objects.get(code="SL")


def _withheld():
    return Project.objects.get(name=WITHHELD[0])


def test_demo_eight_entries_published_by_the_appraiser_after_their_units(demo):
    published = list(Practice.objects.filter(root_unit=_root(), status=Status.PUBLISHED)
                     .select_related("created_by", "submitted_by", "checked_by", "unit"))
    assert len(published) == 8
    assert sorted(p.kind for p in published).count(Kind.DESIGN) == 2
    for p in published:
        # drafted and submitted in the unit, checked by the CĐS appraiser: maker ≠ checker
        assert p.created_by.role in UNIT_ROLES and p.submitted_by.role in UNIT_ROLES
        assert p.checked_by.username == "thamdinh"
        assert p.checked_by_id not in (p.created_by_id, p.submitted_by_id)
        assert p.created_at < p.submitted_at < p.published_at
        assert p.code.startswith("MH-2026-")
    titles = " ".join(p.title for p in published)
    for word in ("LGSP", "một cửa", "đất đai", "IOC", "văn bản", "chữ ký số", "Trung tâm dữ liệu"):
        assert word in titles


def test_demo_entries_carry_results_links_and_tags(demo):
    for p in Practice.objects.filter(root_unit=_root(), status=Status.PUBLISHED):
        assert p.results.count() >= 2, p.title
        assert p.projects.exists() and p.systems.exists(), p.title
        assert p.capabilities.exists() and p.programmes.exists(), p.title
        assert p.problem and p.solution and p.lessons and p.reuse_conditions, p.title
        # the linked projects and systems are the entry's tree's own
        assert all(pr.investor_unit.path.startswith(_root().path) for pr in p.projects.all())
        for r in p.results.all():
            assert r.indicator_name and (r.after is not None)
    # results taken from the linked projects' finished reviews carry the indicator and the review
    sourced = [r for p in Practice.objects.filter(root_unit=_root(), status=Status.PUBLISHED)
               for r in p.results.select_related("source_review", "indicator")
               if r.source_review_id is not None]
    assert len(sourced) >= 4
    for r in sourced:
        assert r.indicator is not None and r.source_review.status in FINISHED
        assert r.practice.projects.filter(pk=r.source_review.project_id).exists()
        assert r.after == r.source_review.values.get(indicator=r.indicator).actual
    # the typical designs carry their design document
    for design in Practice.objects.filter(root_unit=_root(), status=Status.PUBLISHED, kind=Kind.DESIGN):
        assert design.documents.filter(kind=DocKind.DESIGN, is_removed=False).exclude(file="").exists()
    ioc = Practice.objects.get(root_unit=_root(), status=Status.PUBLISHED, title__contains="IOC")
    assert "nhân lực" in ioc.lessons and "chưa có phần mềm" in ioc.lessons


def test_demo_one_entry_waiting_for_the_check_and_one_nominated_draft(demo):
    waiting = Practice.objects.get(root_unit=_root(), status=Status.SUBMITTED)
    assert waiting.checked_by_id is None and waiting.submitted_by.role in UNIT_ROLES
    draft = Practice.objects.get(root_unit=_root(), status=Status.DRAFT)
    assert draft.origin == Origin.NOMINATED and draft.created_by.username == "thamdinh"
    assert draft.review.reviewer_rating == Rating.EFFECTIVE and draft.review.status in FINISHED
    assert draft.projects.filter(pk=draft.review.project_id).exists()


def test_demo_snapshot_approved_by_a_leader_without_the_withheld_project(demo):
    snapshot = selectors.current("SL")
    assert snapshot is not None and snapshot.status == SnapshotStatus.PUBLISHED
    assert snapshot.prepared_by.username == "thamdinh" and snapshot.decided_by.role == Role.LEADER
    assert snapshot.prepared_by_id != snapshot.decided_by_id
    assert snapshot.prepared_at < snapshot.published_at and snapshot.as_of <= DATA_END
    withheld = _withheld()
    holding = Withholding.objects.get(project=withheld, is_active=True)
    assert holding.reason and holding.withheld_by.role in (Role.LEADER, Role.CDS_APPRAISER)
    assert withheld.state not in (State.PROPOSED, State.REJECTED)   # it would be published otherwise
    projects = selectors.records(snapshot, Dataset.PROJECTS)
    assert projects.count() == snapshot.counts["projects"] > 50
    assert snapshot.counts["withheld"] == 1
    assert not projects.filter(key=withheld.pk).exists()
    every = PublishedRecord.objects.filter(snapshot=snapshot)
    assert not any(withheld.code in str(r.data) or withheld.name in str(r.data) for r in every)
    # documents and the people who entered or checked records are never published
    names = [d.file.name for p in Practice.objects.filter(root_unit=_root()) for d in p.documents.all()]
    assert names and not any(n in str(r.data) or ".pdf" in str(r.data) for n in names for r in every)
    assert not any("thamdinh" in str(r.data) or "Phạm Quốc Huy" in str(r.data) for r in every)
    # proposals are not published; projects past the proposal are
    keys = set(projects.values_list("key", flat=True))
    assert not keys & set(Project.objects.filter(state=State.PROPOSED).values_list("pk", flat=True))
    library = selectors.records(snapshot, Dataset.LIBRARY)
    assert library.count() == 8
    assert all(r.data.get("results") for r in library)
    assert snapshot.summary["library"] == 8 and snapshot.summary["effectiveness"]
    assert any(r.data.get("effectiveness") for r in projects)


def test_demo_library_and_publication_not_built_twice(demo):
    before = Practice.objects.count(), PublishedRecord.objects.count()
    builder = SimpleNamespace(units={u.code: u for u in Unit.objects.all()},
                              users={u.username: u for u in User.objects.all()}, cutoff=DATA_END, skipped=0)
    assert build_library_public(builder) == {}
    assert (Practice.objects.count(), PublishedRecord.objects.count()) == before


def test_demo_public_page_answers_an_anonymous_visitor(demo):
    response = Client().get(reverse("public:portfolio", args=["SL"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sơn Lâm" in page and _withheld().name not in page
