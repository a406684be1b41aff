"""The staff's publication pages, as each role meets them: the overview, preparing and previewing
a snapshot, the leader's decision, the masking policy, withheld projects, the project page's
panel, the leader's to-do line and the ``publish_snapshot`` command. Unit roles are refused, the
other tree sees nothing of the province, bad input is answered in Vietnamese and changes nothing."""
import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cds.public import services
from cds.public.models import Dataset, FieldPolicy, PublishedRecord, Snapshot, SnapshotStatus, Withholding
from tests.homepage import listed, todo_item
from tests.public.ledger import publishable

pytestmark = pytest.mark.django_db

MANAGE = reverse("public:manage")
POLICY = reverse("public:policy")
WITHHELD = reverse("public:withholdings")
PREPARE = reverse("public:prepare")


@pytest.fixture
def world(cast, units, projects):
    publishable(cast.staff_a, projects.a, approved=3_000_000_000, disbursed=1_200_000_000)
    publishable(cast.staff_b, projects.b, approved=5_000_000_000)
    publishable(cast.outsider, projects.bo, approved=7_000_000_000)
    return projects


def text(resp) -> str:
    return resp.content.decode()


def snapshot_url(snap) -> str:
    return reverse("public:snapshot", args=[snap.pk])


# ------------------------------------------------------------ who sees what

def test_unit_roles_are_refused_and_the_other_tree_sees_nothing_of_the_province(cast, units, world, as_user):
    snap = services.prepare(cast.appraiser, units.tinh)
    pages = [MANAGE, POLICY, WITHHELD, snapshot_url(snap)]
    for who in ("staff_a", "head_a", "staff_b", "outsider_staff"):
        client = as_user(getattr(cast, who))
        for url in pages:
            resp = client.get(url)
            assert resp.status_code == 403, (who, url)
            assert "Trang công bố chỉ dành cho" in text(resp)
        assert client.post(PREPARE, {}).status_code == 403
        assert client.post(WITHHELD, {"project": world.a.code, "reason": "Lý do."}).status_code == 403
    for who in ("appraiser", "supervisor", "leader", "inspector", "admin"):
        client = as_user(getattr(cast, who))
        for url in pages:
            assert client.get(url).status_code == 200, (who, url)
    outsider = as_user(cast.outsider)
    assert outsider.get(snapshot_url(snap)).status_code == 404
    assert outsider.post(reverse("public:decide", args=[snap.pk]), {"decision": "approve"}).status_code == 404
    for url in (MANAGE, POLICY, WITHHELD):
        html = text(outsider.get(url))
        assert units.tinh.name not in html and world.a.name not in html and world.a.code not in html
        assert units.bo.name in html
    assert outsider.get(MANAGE + f"?don_vi={units.tinh.pk}").status_code == 404
    assert as_user(cast.leader).get(MANAGE + f"?don_vi={units.bo.pk}").status_code == 404
    anonymous = as_user(cast.leader)
    anonymous.logout()
    assert anonymous.get(MANAGE).status_code == 302


# ------------------------------------------------------------ prepare, preview, decide

def test_prepare_preview_and_approve_through_the_pages(cast, units, world, as_user):
    appraiser, leader = as_user(cast.appraiser), as_user(cast.leader)
    resp = appraiser.post(PREPARE, {"don_vi": units.tinh.pk, "as_of": "31/01/2025"})
    snap = Snapshot.objects.get(root_unit=units.tinh)
    assert resp.status_code == 302 and resp["Location"] == snapshot_url(snap)
    assert snap.status == SnapshotStatus.DRAFT and snap.as_of == dt.date(2025, 1, 31)

    html = text(appraiser.get(snapshot_url(snap)))
    assert "31/01/2025" in html and world.a.name in html and world.b.name in html
    assert "3.000.000.000 đ" in html and "8.000.000.000 đ" in html      # a record and the total approved
    assert world.old.name not in html and world.bo.name not in html    # a proposal, another tree
    assert ">Mục tiêu<" not in html and "ẩn Mục tiêu" in html          # masked by default, listed by label
    assert 'data-testid="decide-form"' not in html                     # the preparer does not decide
    assert "Lập bản công bố mới" not in text(appraiser.get(MANAGE))    # one draft at a time

    html = text(leader.get(snapshot_url(snap)))
    assert 'data-testid="decide-form"' in html
    assert html.count('data-testid="record"') == 2
    resp = leader.post(reverse("public:decide", args=[snap.pk]),
                       {"decision": "approve", "note": "", "version": snap.version})
    assert resp.status_code == 302
    snap.refresh_from_db()
    assert snap.status == SnapshotStatus.PUBLISHED and snap.decided_by == cast.leader

    html = text(appraiser.get(MANAGE))
    assert 'data-testid="current-number"' in html and "31/01/2025" in html
    assert reverse("public:portfolio", args=["T01"]) in html
    assert "Lập bản công bố mới" in html
    resp = appraiser.post(PREPARE, {"don_vi": units.tinh.pk, "as_of": "2025-02-28"})    # ISO also read
    assert resp.status_code == 302
    assert Snapshot.objects.get(root_unit=units.tinh, status=SnapshotStatus.DRAFT).as_of == dt.date(2025, 2, 28)
    html = text(appraiser.get(MANAGE))
    assert html.count('data-testid="history-row"') == 2


def test_the_preview_pages_the_records_fifty_at_a_time(cast, units, world, as_user):
    snap = services.prepare(cast.appraiser, units.tinh)
    rows = [PublishedRecord(snapshot=snap, dataset=Dataset.SYSTEMS, key=1000 + i, code=f"HT-{i:03}",
                            last_modified=snap.prepared_at, data={"code": f"HT-{i:03}", "name": f"Hệ thống {i}"})
            for i in range(60)]
    PublishedRecord.objects.bulk_create(rows)
    client = as_user(cast.leader)
    html = text(client.get(snapshot_url(snap) + "?ds=systems"))
    assert html.count('data-testid="record"') == 50 and "HT-000" in html and "HT-059" not in html
    html = text(client.get(snapshot_url(snap) + "?ds=systems&page=2"))
    assert html.count('data-testid="record"') == 10 and "HT-059" in html
    assert ">Tên hệ thống<" in html and ">Loại<" not in html           # only the fields the records carry


def test_bad_input_on_prepare_and_decide_is_answered_and_changes_nothing(cast, units, world, as_user,
                                                                          django_user_model):
    appraiser, leader = as_user(cast.appraiser), as_user(cast.leader)
    for value, message in [("31/02/2025", "dd/mm/yyyy"), ("hôm qua", "dd/mm/yyyy"),
                           ((dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y"), "sau ngày hôm nay")]:
        resp = appraiser.post(PREPARE, {"don_vi": units.tinh.pk, "as_of": value})
        assert resp.status_code == 400 and message in text(resp), value
    assert appraiser.post(PREPARE, {"don_vi": "999999"}).status_code == 404
    resp = as_user(cast.supervisor).post(PREPARE, {"don_vi": units.tinh.pk})
    assert resp.status_code == 403 and "không có quyền" in text(resp)
    assert not Snapshot.objects.exists()

    snap = services.prepare(cast.appraiser, units.tinh)
    decide = reverse("public:decide", args=[snap.pk])
    resp = leader.post(decide, {"decision": "reject", "note": "  ", "version": snap.version})
    assert resp.status_code == 400 and "Chưa nhập ý kiến" in text(resp)
    resp = leader.post(decide, {"decision": "publish!", "version": snap.version})
    assert resp.status_code == 400 and "Quyết định không hợp lệ" in text(resp)
    resp = leader.post(decide, {"decision": "approve", "version": snap.version + 1})
    assert resp.status_code == 409 and "người khác cập nhật" in text(resp)
    resp = leader.post(decide, {"decision": "approve"})                       # no version: a stale page
    assert resp.status_code == 409
    resp = appraiser.post(decide, {"decision": "approve", "version": snap.version})
    assert resp.status_code == 403 and "Chỉ lãnh đạo duyệt công bố" in text(resp)
    other_leader = django_user_model.objects.create(username="leader_bo", role="leader", unit=units.bo)
    assert as_user(other_leader).get(snapshot_url(snap)).status_code == 404
    assert as_user(other_leader).post(decide, {"decision": "approve", "version": snap.version}).status_code == 404
    assert leader.get(decide).status_code == 405
    snap.refresh_from_db()
    assert snap.status == SnapshotStatus.DRAFT and snap.version == 1
    assert PublishedRecord.objects.filter(snapshot=snap).exists()

    resp = leader.post(decide, {"decision": "reject", "note": "Chưa đủ số liệu giải ngân.", "version": snap.version})
    assert resp.status_code == 302
    snap.refresh_from_db()
    assert snap.status == SnapshotStatus.REJECTED and not PublishedRecord.objects.filter(snapshot=snap).exists()
    assert "Chưa đủ số liệu giải ngân." in text(leader.get(snapshot_url(snap)))


# ------------------------------------------------------------ policy

def test_the_policy_page_saves_a_dataset_and_refuses_forged_input(cast, units, world, as_user):
    appraiser = as_user(cast.appraiser)
    html = text(appraiser.get(POLICY))
    assert 'value="objectives" id="m-projects-objectives" aria-label="Ẩn Mục tiêu" checked' in html
    assert 'name="masked" value="name"' not in html and "Luôn công khai" in html
    for data, message in [({"dataset": "users", "masked": ["name"]}, "Bộ dữ liệu không hợp lệ"),
                          ({"dataset": "projects", "masked": ["internal_note"]}, "không có trong từ điển"),
                          ({"dataset": "projects", "masked": ["name"]}, "luôn được công khai"),
                          ({"dataset": "projects", "masked": ["x\u202eabc\u0000"]}, "không có trong từ điển")]:
        resp = appraiser.post(POLICY, {"don_vi": units.tinh.pk, **data})
        assert resp.status_code == 400 and message in text(resp), data
        assert "\u202e" not in text(resp) and "\u0000" not in text(resp)
    assert not FieldPolicy.objects.exists()
    resp = as_user(cast.leader).post(POLICY, {"don_vi": units.tinh.pk, "dataset": "projects", "masked": []})
    assert resp.status_code == 403 and not FieldPolicy.objects.exists()
    assert 'data-testid="policy-save-projects"' not in text(as_user(cast.leader).get(POLICY))

    resp = appraiser.post(POLICY, {"don_vi": units.tinh.pk, "dataset": "projects",
                                   "masked": ["total_disbursed"]}, follow=True)
    assert "có hiệu lực từ bản công bố tiếp theo" in text(resp)
    assert services.policy_of(units.tinh)[Dataset.PROJECTS] == ["total_disbursed"]
    snap = services.prepare(cast.appraiser, units.tinh)
    html = text(appraiser.get(snapshot_url(snap)))
    assert ">Đã giải ngân<" not in html and ">Mục tiêu<" in html and "ẩn Đã giải ngân" in html
    assert "1.200.000.000" not in html


# ------------------------------------------------------------ withheld projects

def test_withholding_and_lifting_from_the_page(cast, units, world, as_user):
    appraiser, leader = as_user(cast.appraiser), as_user(cast.leader)
    for data, message in [({"project": world.a.code, "reason": "  "}, "Chưa nhập lý do không công bố"),
                          ({"project": "DA-0000-9999", "reason": "Lý do."}, "Không tìm thấy nhiệm vụ/dự án"),
                          ({"project": world.bo.code, "reason": "Lý do."}, "Không tìm thấy nhiệm vụ/dự án"),
                          ({"project": str(world.bo.pk), "reason": "Lý do."}, "Không tìm thấy nhiệm vụ/dự án"),
                          ({"project": "", "reason": "Lý do."}, "Chưa nhập mã nhiệm vụ/dự án")]:
        resp = appraiser.post(WITHHELD, {"don_vi": units.tinh.pk, **data})
        assert resp.status_code == 400 and message in text(resp), data
        assert world.bo.name not in text(resp)
    assert as_user(cast.supervisor).post(WITHHELD, {"project": world.a.code, "reason": "Lý do."}).status_code == 403
    assert not Withholding.objects.exists()

    resp = appraiser.post(WITHHELD, {"don_vi": units.tinh.pk, "project": world.a.code.lower(),
                                     "reason": "Dự án liên quan quốc phòng."})
    assert resp.status_code == 302
    item = Withholding.objects.get(project=world.a, is_active=True)
    html = text(leader.get(WITHHELD))
    assert "Dự án liên quan quốc phòng." in html and re.search(r'data-testid="list-total">1<', html)
    assert "1</span> nhiệm vụ/dự án" in text(leader.get(MANAGE))
    assert world.a.code not in text(as_user(cast.outsider).get(WITHHELD))

    lift = reverse("public:lift", args=[item.pk])
    resp = leader.post(lift, {"reason": ""})
    assert resp.status_code == 400 and "Chưa nhập lý do bỏ không công bố" in text(resp)
    assert as_user(cast.outsider).post(lift, {"reason": "Lý do."}).status_code == 404
    assert as_user(cast.staff_a).post(lift, {"reason": "Lý do."}).status_code == 403
    assert Withholding.objects.get(pk=item.pk).is_active
    assert leader.post(lift, {"reason": "Đã được phép công bố."}).status_code == 302
    assert not Withholding.objects.get(pk=item.pk).is_active
    assert 'data-testid="withholding"' not in text(leader.get(WITHHELD))
    html = text(leader.get(WITHHELD + "?da_bo=1"))
    assert world.a.code in html and "Đã được phép công bố." in html


def test_the_project_page_panel(cast, units, world, as_user):
    page = reverse("projects:detail", args=[world.a.pk])
    appraiser, staff = as_user(cast.appraiser), as_user(cast.staff_a)
    assert "Chưa công bố." in text(appraiser.get(page))
    snap = services.prepare(cast.appraiser, units.tinh)
    services.decide(cast.leader, snap, True, expected_version=snap.version)
    html = text(staff.get(page))
    assert f"Đang được công bố trong bản số {snap.number}" in html
    assert 'data-testid="panel-withhold"' not in html
    assert 'data-testid="panel-withhold"' in text(appraiser.get(page))

    resp = appraiser.post(WITHHELD, {"project": world.a.code, "reason": "Chờ ý kiến Bộ Công an.", "next": page})
    assert resp.status_code == 302 and resp["Location"] == page
    html = text(appraiser.get(page))
    assert "Không công bố — lý do: Chờ ý kiến Bộ Công an." in html and 'data-testid="panel-lift"' in html
    html = text(staff.get(page))
    assert "Không công bố" in html and "Chờ ý kiến Bộ Công an." not in html
    assert 'data-testid="panel-lift"' not in html
    item = Withholding.objects.get(project=world.a, is_active=True)
    resp = appraiser.post(reverse("public:lift", args=[item.pk]), {"reason": "Đã có ý kiến.", "next": page})
    assert resp.status_code == 302 and resp["Location"] == page
    resp = appraiser.post(WITHHELD, {"project": world.a.code, "reason": "Lý do.", "next": "https://evil.example/"})
    assert resp.status_code == 302 and resp["Location"].startswith("/")


# ------------------------------------------------------------ to-do and command

def test_the_leader_is_told_of_a_draft_waiting_and_the_count_is_the_list(cast, units, world, as_user):
    leader = as_user(cast.leader)
    assert todo_item(text(leader.get("/")), "public.to_approve")[0] == 0
    services.prepare(cast.appraiser, units.tinh)
    services.prepare(cast.outsider, units.bo)                       # another tree's draft is not counted
    n, href = todo_item(text(leader.get("/")), "public.to_approve")
    assert n == 1 and listed(leader, href) == (1, 1)


def test_the_publish_snapshot_command(cast, units, world):
    bad = [({"tree": "XX"}, "không có tỉnh/bộ"),
           ({"tree": "T01-SYT"}, "không có tỉnh/bộ"),
           ({"as_of": "31/01/2025"}, "YYYY-MM-DD"),
           ({"prepared_by": "nobody"}, "không có người dùng"),
           ({"approved_by": "appraiser"}, "phải khác người lập"),
           ({"prepared_by": "staff_a"}, "không có quyền"),
           ({"prepared_by": "outsider"}, "không có quyền"),
           ({"approved_by": "supervisor"}, "Chỉ lãnh đạo duyệt công bố"),
           ({"as_of": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "sau ngày hôm nay")]
    for extra, message in bad:
        options = {"tree": "T01", "prepared_by": "appraiser", "approved_by": "leader", **extra}
        with pytest.raises(CommandError, match=message):
            call_command("publish_snapshot", **options)
    assert not Snapshot.objects.exists()                            # a refused approval undid the draft

    call_command("publish_snapshot", tree="T01", prepared_by="appraiser", as_of="2025-03-31")
    draft = Snapshot.objects.get()
    assert draft.status == SnapshotStatus.DRAFT and draft.as_of == dt.date(2025, 3, 31)
    with pytest.raises(CommandError, match="chờ lãnh đạo duyệt"):
        call_command("publish_snapshot", tree="T01", prepared_by="appraiser")
    services.decide(cast.leader, draft, False, "Làm lại.", expected_version=draft.version)
    call_command("publish_snapshot", tree="T01", prepared_by="admin", approved_by="leader")
    snap = Snapshot.objects.get(status=SnapshotStatus.PUBLISHED)
    assert snap.prepared_by == cast.admin and snap.decided_by == cast.leader and snap.counts["projects"] == 2
