"""Publication's rules: a snapshot is prepared by the CĐS authority and approved by a leader who
did not prepare it, of their own tree only; approving supersedes the previous one, rejecting
deletes the draft's records; the masking policy and withheld projects decide what a snapshot
carries — a masked field is in no record, a withheld project in no record, no figure and no
library entry; proposals and other trees' projects are never published."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.projects.models import State
from cds.public import dictionary, selectors, services
from cds.public.models import Dataset, FieldPolicy, PublishedRecord, Snapshot, SnapshotStatus, Withholding
from cds.systems.models import Category, InformationSystem, ProjectRole, SystemProject
from tests.factories import make_project
from tests.library.conftest import make_practice
from tests.public.ledger import publishable

pytestmark = pytest.mark.django_db

A_APPROVED, A_DISBURSED = 3_000_000_000, 1_200_000_000
B_APPROVED, B_DISBURSED = 5_000_000_000, 2_000_000_000


@pytest.fixture
def world(cast, units, projects):
    publishable(cast.staff_a, projects.a, approved=A_APPROVED, disbursed=A_DISBURSED, year=2024)
    publishable(cast.staff_b, projects.b, approved=B_APPROVED, disbursed=B_DISBURSED, year=2025)
    publishable(cast.outsider, projects.bo, approved=7_000_000_000, disbursed=1_000_000_000)
    return projects


def codes(snap, dataset=Dataset.PROJECTS):
    return set(selectors.records(snap, dataset).values_list("code", flat=True))


def prepare(cast, units, **kwargs):
    return services.prepare(cast.appraiser, units.tinh, **kwargs)


def approve(cast, snap):
    return services.decide(cast.leader, snap, True, "Đồng ý.", expected_version=snap.version)


# ------------------------------------------------------------ maker ≠ checker

def test_the_preparer_cannot_approve_and_a_leader_of_another_tree_cannot_either(cast, units, world, django_user_model):
    snap = services.prepare(cast.admin, units.tinh)
    with pytest.raises(PermissionDenied):        # the appraiser is not a leader
        services.decide(cast.appraiser, snap, True, expected_version=snap.version)
    other_leader = django_user_model.objects.create(username="leader_bo", role="leader", unit=units.bo)
    with pytest.raises(PermissionDenied):
        services.decide(other_leader, snap, True, expected_version=snap.version)
    with pytest.raises(PermissionDenied):        # nor prepare it for the province
        services.prepare(cast.outsider, units.tinh)
    snap.refresh_from_db()
    assert snap.status == SnapshotStatus.DRAFT and snap.decided_by is None


def test_a_leader_who_prepared_cannot_approve(cast, units, world, monkeypatch):
    # Were a leader ever allowed to prepare, the service still refuses them as the checker.
    monkeypatch.setattr(services, "can_prepare", lambda user: True)
    snap = services.prepare(cast.leader, units.tinh)
    with pytest.raises(MakerCheckerError):
        services.decide(cast.leader, snap, True, expected_version=snap.version)
    assert Snapshot.objects.get(pk=snap.pk).status == SnapshotStatus.DRAFT


def test_a_stale_version_is_refused(cast, units, world):
    snap = prepare(cast, units)
    with pytest.raises(ConflictError):
        services.decide(cast.leader, snap, True, expected_version=snap.version + 1)
    assert Snapshot.objects.get(pk=snap.pk).status == SnapshotStatus.DRAFT


def test_one_draft_at_a_time_and_no_future_date(cast, units, world):
    prepare(cast, units)
    with pytest.raises(ServiceError, match="chờ lãnh đạo duyệt"):
        prepare(cast, units)
    Snapshot.objects.all().delete()
    with pytest.raises(ServiceError, match="sau ngày hôm nay"):
        prepare(cast, units, as_of=dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ServiceError, match="cả tỉnh/bộ"):
        services.prepare(cast.appraiser, units.skhcn)
    assert not Snapshot.objects.exists()


def test_approving_supersedes_the_previous_and_rejecting_deletes_the_records(cast, units, world):
    first = approve(cast, prepare(cast, units, as_of=dt.date(2025, 1, 31)))
    assert selectors.current("T01") == first
    second = approve(cast, prepare(cast, units))
    first.refresh_from_db()
    assert first.status == SnapshotStatus.SUPERSEDED and second.status == SnapshotStatus.PUBLISHED
    assert selectors.current("T01") == second and second.number == first.number + 1
    third = prepare(cast, units)
    assert PublishedRecord.objects.filter(snapshot=third).exists()
    with pytest.raises(ServiceError):            # a rejection needs its reason
        services.decide(cast.leader, third, False, "  ", expected_version=third.version)
    assert PublishedRecord.objects.filter(snapshot=third).exists()
    rejected = services.decide(cast.leader, third, False, "Số liệu giải ngân chưa cập nhật.",
                               expected_version=third.version)
    assert rejected.status == SnapshotStatus.REJECTED
    assert not PublishedRecord.objects.filter(snapshot=third).exists()
    assert selectors.current("T01") == second    # the published one stays
    with pytest.raises(ServiceError, match="đã được xử lý"):
        services.decide(cast.leader, rejected, True, expected_version=rejected.version)


# ------------------------------------------------------------ what is published

def test_proposals_and_other_trees_are_never_published(cast, units, world):
    assert world.old.state == State.PROPOSED
    snap = prepare(cast, units)
    assert codes(snap) == {world.a.code, world.b.code}
    assert world.bo.code not in codes(snap) and world.old.code not in codes(snap)
    names = {d["investor_unit"] for d in selectors.records(snap, Dataset.PROJECTS).values_list("data", flat=True)}
    assert "Văn phòng Bộ Thử Nghiệm" not in names
    assert snap.summary["totals"]["total_approved"] == A_APPROVED + B_APPROVED


def test_a_masked_field_is_in_no_record_and_unmasked_it_comes_back(cast, units, world):
    make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, projects=[world.a], lessons="Làm từng bước.")
    services.set_policy(cast.appraiser, units.tinh, Dataset.PROJECTS, ["total_disbursed", "objectives"])
    services.set_policy(cast.appraiser, units.tinh, Dataset.LIBRARY, ["lessons"])
    masked = approve(cast, prepare(cast, units))
    datas = list(selectors.records(masked, Dataset.PROJECTS).values_list("data", flat=True))
    assert datas and all("total_disbursed" not in d and "objectives" not in d for d in datas)
    assert all("total_approved" in d for d in datas)
    assert "total_disbursed" not in masked.summary["totals"]
    disbursed = "Giải ngân"                   # the ledger stage the masked total sums
    assert all(line["stage"] != disbursed for d in datas for line in d["money_by_year"])
    assert all(disbursed not in y["stages"] for y in masked.summary["money_by_year"])
    assert all(g["disbursed"] is None and g["approved"] for g in masked.summary["by_unit"])
    assert all("lessons" not in d for d in selectors.records(masked, Dataset.LIBRARY).values_list("data", flat=True))
    assert masked.policy[Dataset.PROJECTS] == ["objectives", "total_disbursed"]

    services.set_policy(cast.appraiser, units.tinh, Dataset.PROJECTS, [])
    services.set_policy(cast.appraiser, units.tinh, Dataset.LIBRARY, [])
    open_ = prepare(cast, units)
    datas = list(selectors.records(open_, Dataset.PROJECTS).values_list("data", flat=True))
    assert {d["total_disbursed"] for d in datas} == {A_DISBURSED, B_DISBURSED}
    assert all(d["objectives"] for d in datas)
    assert open_.summary["totals"]["total_disbursed"] == A_DISBURSED + B_DISBURSED
    assert sum(y["stages"].get(disbursed, 0) for y in open_.summary["money_by_year"]) == A_DISBURSED + B_DISBURSED
    assert [d["lessons"] for d in selectors.records(open_, Dataset.LIBRARY).values_list("data", flat=True)] == \
        ["Làm từng bước."]


def test_every_maskable_field_can_be_masked_and_then_is_absent(cast, units, world):
    make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, projects=[world.a])
    for ds in Dataset.values:
        services.set_policy(cast.appraiser, units.tinh, ds, [f.name for f in dictionary.fields(ds) if f.maskable])
    snap = prepare(cast, units)
    for ds in (Dataset.PROJECTS, Dataset.LIBRARY):
        datas = list(selectors.records(snap, ds).values_list("data", flat=True))
        assert datas, ds
        always = {f.name for f in dictionary.fields(ds) if not f.maskable}
        assert all(set(d) == always for d in datas), ds


def test_the_policy_refuses_always_public_unknown_fields_and_forged_datasets(cast, units, world):
    before = services.policy_of(units.tinh)
    for dataset, masked, message in [(Dataset.PROJECTS, ["name"], "luôn được công khai"),
                                     (Dataset.PROJECTS, ["code", "total_approved"], "luôn được công khai"),
                                     (Dataset.PROJECTS, ["internal_note"], "không có trong từ điển"),
                                     ("users", ["name"], "Bộ dữ liệu không hợp lệ")]:
        with pytest.raises(ServiceError, match=message):
            services.set_policy(cast.appraiser, units.tinh, dataset, masked)
    assert services.policy_of(units.tinh) == before and not FieldPolicy.objects.exists()
    with pytest.raises(PermissionDenied):
        services.set_policy(cast.leader, units.tinh, Dataset.PROJECTS, [])
    with pytest.raises(PermissionDenied):
        services.set_policy(cast.outsider, units.tinh, Dataset.PROJECTS, [])


def test_the_default_policy_masks_the_dictionary_defaults(units):
    policy = services.policy_of(units.tinh)
    assert policy[Dataset.PROJECTS] == ["objectives"] and policy[Dataset.SYSTEMS] == ["hosting"]


# ------------------------------------------------------------ withholding

def test_a_withheld_project_is_in_no_record_no_figure_and_no_library_entry(cast, units, world):
    c = publishable(cast.staff_a, make_project(cast.staff_a, units.skhcn, name="Trung tâm giám sát điều hành"))
    make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, projects=[world.a, c, world.old])
    before = prepare(cast, units)
    assert before.summary["totals"]["total_approved"] == A_APPROVED + B_APPROVED
    entry = selectors.records(before, Dataset.LIBRARY).get().data
    assert set(entry["projects"]) == {world.a.code, c.code}      # the proposal "old" is not published
    services.decide(cast.leader, before, False, "Làm lại.", expected_version=before.version)

    services.withhold(cast.leader, world.a, "Dự án liên quan an ninh, chưa công bố.")
    snap = prepare(cast, units)
    assert codes(snap) == {world.b.code, c.code} and snap.counts["withheld"] == 1
    s = snap.summary
    assert s["projects"] == 2
    assert s["totals"]["total_approved"] == B_APPROVED and s["totals"]["total_disbursed"] == B_DISBURSED
    assert sorted((g["label"], g["count"], g["approved"], g["disbursed"]) for g in s["by_unit"]) == \
        sorted([(units.syt.name, 1, B_APPROVED, B_DISBURSED), (units.skhcn.name, 1, 0, 0)])
    assert sum(g["count"] for g in s["by_state"]) == 2 and sum(g["count"] for g in s["by_programme"]) == 2
    assert [y["year"] for y in s["money_by_year"]] == [2025]          # project a's 2024 money is gone
    assert sum(sum(y["stages"].values()) for y in s["money_by_year"]) == B_APPROVED + B_DISBURSED
    entry = selectors.records(snap, Dataset.LIBRARY).get().data
    assert entry["projects"] == [c.code]
    dump = str(list(PublishedRecord.objects.filter(snapshot=snap).values_list("data", flat=True))) + str(s)
    assert world.a.code not in dump and world.a.name not in dump
    services.decide(cast.leader, snap, False, "Làm lại.", expected_version=snap.version)

    item = Withholding.objects.get(project=world.a, is_active=True)
    with pytest.raises(ServiceError):
        services.lift(cast.appraiser, item, "")
    services.lift(cast.appraiser, item, "Đã được phép công bố.")
    again = prepare(cast, units)
    assert codes(again) == {world.a.code, world.b.code, c.code}
    assert again.summary["totals"]["total_approved"] == A_APPROVED + B_APPROVED
    with pytest.raises(ServiceError, match="đã được bỏ"):
        services.lift(cast.appraiser, item, "Lần nữa.")


def test_withholding_refuses_empty_reasons_twice_other_trees_and_unit_roles(cast, units, world):
    with pytest.raises(ServiceError, match="lý do"):
        services.withhold(cast.appraiser, world.a, "   ")
    with pytest.raises(PermissionDenied):
        services.withhold(cast.staff_a, world.a, "Lý do.")
    with pytest.raises(PermissionDenied):
        services.withhold(cast.outsider, world.a, "Lý do.")
    with pytest.raises(PermissionDenied):
        services.withhold(cast.supervisor, world.a, "Lý do.")
    assert not Withholding.objects.exists()
    services.withhold(cast.appraiser, world.a, "Lý do.")
    with pytest.raises(ServiceError, match="đã được ghi nhận"):
        services.withhold(cast.leader, world.a, "Lý do khác.")
    assert Withholding.objects.count() == 1


def test_a_system_a_withheld_project_builds_is_withheld_with_it_one_it_only_connects_to_is_not(cast, units, world):
    camera = InformationSystem.objects.create(code="T01-CAMERA", name="Hệ thống camera giám sát an ninh",
                                              category=Category.SECTOR, root_unit=units.tinh, owner_unit=units.skhcn)
    lgsp = InformationSystem.objects.create(code="T01-LGSP2", name="Nền tảng tích hợp, chia sẻ dữ liệu",
                                            category=Category.CORE, root_unit=units.tinh, owner_unit=units.skhcn)
    SystemProject.objects.create(system=camera, project=world.a, role=ProjectRole.BUILD)
    SystemProject.objects.create(system=lgsp, project=world.a, role=ProjectRole.INTEGRATE)
    assert {"T01-CAMERA", "T01-LGSP2"} <= codes(prepare(cast, units), Dataset.SYSTEMS)
    Snapshot.objects.filter(status=SnapshotStatus.DRAFT).delete()

    services.withhold(cast.leader, world.a, "Dự án liên quan an ninh, chưa công bố.")
    systems = codes(prepare(cast, units), Dataset.SYSTEMS)
    assert "T01-CAMERA" not in systems and "T01-LGSP2" in systems
