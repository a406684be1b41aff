"""The library's workflow through its pages: a unit drafts and submits, the CĐS authority
publishes or returns with a note, and later withdraws with a reason; the one who drafted or
submitted never checks (maker ≠ checker); a stale page answers 409; each refusal is a Vietnamese
message and changes nothing."""
import pytest
from django.utils import timezone

from cds.accounts.models import Role
from cds.audit.models import AuditEvent
from cds.library import services
from cds.library.models import Practice, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {"kind": "model", "title": "Số hóa hồ sơ đất đai cấp xã",
        "problem": "Hồ sơ địa chính giấy, tra cứu chậm.", "solution": "Số hóa và kết nối CSDL đất đai."}


def step(client, practice, action, **data):
    return client.post(f"/thu-vien/{practice.pk}/chuyen/{action}/", {"version": practice.version, **data})


def text(resp) -> str:
    return resp.content.decode()


def test_unit_drafts_submits_and_the_authority_publishes(cast, units, as_user):
    staff = as_user(cast.staff_a)
    resp = staff.post("/thu-vien/moi/", {**FORM, "unit": units.skhcn.pk})
    assert resp.status_code == 302
    practice = Practice.objects.get(title=FORM["title"])
    assert practice.status == Status.DRAFT and practice.created_by == cast.staff_a
    assert resp["Location"] == f"/thu-vien/{practice.pk}/"
    page = text(staff.get(resp["Location"]))
    assert "Gửi kiểm tra" in page and 'data-testid="publish"' not in page

    assert step(staff, practice, "submit").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED and practice.submitted_by == cast.staff_a
    # the unit may no longer edit a submitted entry
    assert staff.get(f"/thu-vien/{practice.pk}/sua/").status_code == 403

    appraiser = as_user(cast.appraiser)
    page = text(appraiser.get(f"/thu-vien/{practice.pk}/"))
    assert 'data-testid="publish"' in page and 'data-testid="return"' in page
    assert step(appraiser, practice, "publish", note="Đạt yêu cầu.").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED and practice.checked_by == cast.appraiser
    assert practice.published_at is not None
    assert list(AuditEvent.objects.filter(verb__startswith="library.").order_by("pk")
                .values_list("verb", flat=True)) == ["library.proposed", "library.submitted", "library.published"]
    # the workflow history names who did what and when (dd/mm/yyyy)
    page = text(staff.get(f"/thu-vien/{practice.pk}/"))
    workflow = page[page.index('data-testid="workflow"'):]
    assert "Lập dự thảo" in workflow and "Gửi kiểm tra" in workflow and "Kiểm tra, công bố" in workflow
    assert cast.staff_a.display_name in workflow and cast.appraiser.display_name in workflow
    assert timezone.localtime(practice.published_at).strftime("%d/%m/%Y") in workflow


def test_the_authority_who_drafted_cannot_publish(cast, units, as_user, practice_of):
    practice = practice_of(cast.appraiser, units.syt, status=Status.SUBMITTED)
    client = as_user(cast.appraiser)
    page = text(client.get(f"/thu-vien/{practice.pk}/"))
    assert 'data-testid="maker-note"' in page and 'data-testid="publish"' not in page
    resp = step(client, practice, "publish")
    assert resp.status_code == 400
    assert "Người lập không được đồng thời là người kiểm tra" in text(resp)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED and practice.checked_by is None
    assert not AuditEvent.objects.filter(verb="library.published").exists()
    # another officer of the same authority publishes it
    other = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.skhcn)
    assert step(as_user(other), practice, "publish").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED and practice.checked_by == other


def test_return_needs_a_note_then_the_unit_completes_and_resubmits(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.SUBMITTED)
    appraiser = as_user(cast.appraiser)
    resp = step(appraiser, practice, "return", note="   ")
    assert resp.status_code == 400 and "Chưa nhập ý kiến khi trả lại." in text(resp)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED

    assert step(appraiser, practice, "return", note="Bổ sung số liệu trước/sau.").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.RETURNED
    staff = as_user(cast.staff_a)
    page = text(staff.get(f"/thu-vien/{practice.pk}/"))
    assert "Bổ sung số liệu trước/sau." in page and 'data-testid="edit-practice"' in page
    resp = staff.post(f"/thu-vien/{practice.pk}/sua/", {**FORM, "title": "Số hóa hồ sơ đất đai (bổ sung)",
                                                        "unit": units.skhcn.pk, "version": practice.version})
    assert resp.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Số hóa hồ sơ đất đai (bổ sung)"
    assert step(staff, practice, "submit").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    page = text(staff.get(f"/thu-vien/{practice.pk}/"))
    workflow = page[page.index('data-testid="workflow"'):]
    assert workflow.count("Gửi kiểm tra") == 2 and "Trả lại để hoàn thiện" in workflow


def test_withdraw_with_a_reason(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn)
    # the unit cannot withdraw: only the CĐS authority
    resp = step(as_user(cast.staff_a), practice, "withdraw", note="Không dùng nữa.")
    assert resp.status_code == 403
    appraiser = as_user(cast.appraiser)
    resp = step(appraiser, practice, "withdraw", note="")
    assert resp.status_code == 400 and "Chưa nhập lý do thu hồi." in text(resp)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert step(appraiser, practice, "withdraw", note="Giải pháp đã lạc hậu.").status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.WITHDRAWN and practice.withdrawn_reason == "Giải pháp đã lạc hậu."
    # a withdrawn entry is no longer read outside its unit and tree
    assert as_user(cast.staff_b).get(f"/thu-vien/{practice.pk}/").status_code == 404
    assert "Giải pháp đã lạc hậu." in text(as_user(cast.staff_a).get(f"/thu-vien/{practice.pk}/"))


def test_a_stale_page_answers_409_and_changes_nothing(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    stale = practice.version
    staff = as_user(cast.staff_a)
    assert staff.post(f"/thu-vien/{practice.pk}/sua/", {**FORM, "unit": units.skhcn.pk,
                                                         "version": stale}).status_code == 302
    resp = staff.post(f"/thu-vien/{practice.pk}/sua/", {**FORM, "title": "Ghi đè", "unit": units.skhcn.pk,
                                                         "version": stale})
    assert resp.status_code == 409 and "Tải lại nội dung mới nhất" in text(resp)
    practice.refresh_from_db()
    assert practice.title == FORM["title"]
    resp = staff.post(f"/thu-vien/{practice.pk}/chuyen/submit/", {"version": stale})
    assert resp.status_code == 409
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_an_unknown_step_or_a_get_is_refused(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.SUBMITTED)
    client = as_user(cast.appraiser)
    assert client.post(f"/thu-vien/{practice.pk}/chuyen/delete/", {"version": practice.version}).status_code == 404
    assert client.get(f"/thu-vien/{practice.pk}/chuyen/publish/").status_code == 405
    # the CĐS authority of another tree does not even see a submitted entry
    assert step(as_user(cast.outsider), practice, "publish").status_code == 404
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_unit_of_another_unit_cannot_submit(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    assert step(as_user(cast.staff_b), practice, "submit").status_code == 404
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_editing_keeps_a_link_the_editor_may_not_read(cast, units, projects, as_user, practice_of):
    """The CĐS authority linked Sở Y tế's project to Sở KH&CN's entry; Sở KH&CN, editing the
    returned entry, neither sees that project's name nor drops the link."""
    practice = practice_of(cast.appraiser, units.skhcn, status=Status.DRAFT, projects=[projects.a, projects.b])
    practice = services.submit(cast.appraiser, practice, expected_version=practice.version)
    other = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.skhcn)
    practice = services.return_practice(other, practice, "Bổ sung.", expected_version=practice.version)
    staff = as_user(cast.staff_a)
    page = text(staff.get(f"/thu-vien/{practice.pk}/sua/"))
    assert projects.b.name not in page and projects.a.name in page
    resp = staff.post(f"/thu-vien/{practice.pk}/sua/", {**FORM, "unit": units.syt.pk, "projects": [projects.a.pk],
                                                         "version": practice.version})
    assert resp.status_code == 302
    practice.refresh_from_db()
    assert set(practice.projects.all()) == {projects.a, projects.b} and practice.unit == units.skhcn
