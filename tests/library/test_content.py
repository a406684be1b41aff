"""An entry's content beside its text: measured results saved all at once or not at all,
documents added, downloaded (audited) and removed, and nomination of a draft entry from a
finished review rated "Hiệu quả" — refused for any other review and for a review already
nominated."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cds.audit.models import AuditEvent
from cds.library import services, services_content
from cds.library.models import Origin, Practice, PracticeDocument, PracticeResult, Status
from cds.reviews.models import Campaign, Indicator, IndicatorValue, Rating, Review, ReviewStatus
from cds.reviews.services import current_method

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def text(resp) -> str:
    return resp.content.decode()


def rows_post(version, rows, total=None):
    data = {"version": version, "form-TOTAL_FORMS": total if total is not None else len(rows),
            "form-INITIAL_FORMS": 0, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 10}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


GOOD = {"indicator_name": "Tỷ lệ hồ sơ trực tuyến", "measure_unit": "%", "before": "20", "after": "95,5",
        "measured_on": "31/12/2025", "note": "Báo cáo của Sở"}


# ------------------------------------------------------------------ results

def test_results_are_saved_all_at_once(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    client = as_user(cast.staff_a)
    page = client.get(f"/thu-vien/{practice.pk}/ket-qua/")
    assert page.status_code == 200 and page.content.decode().count('name="form-') >= 10 * 6
    second = {"indicator_name": "Thời gian xử lý", "measure_unit": "ngày", "before": "1.250", "after": "3"}
    resp = client.post(f"/thu-vien/{practice.pk}/ket-qua/", rows_post(practice.version, [GOOD, second, {}]))
    assert resp.status_code == 302
    rows = list(PracticeResult.objects.filter(practice=practice).order_by("position"))
    assert [(r.indicator_name, r.before, r.after) for r in rows] == [
        ("Tỷ lệ hồ sơ trực tuyến", Decimal("20"), Decimal("95.5")), ("Thời gian xử lý", Decimal("1250"), Decimal("3"))]
    assert rows[0].measured_on == dt.date(2025, 12, 31)
    event = AuditEvent.objects.get(verb="library.results_set")
    assert event.data["count"] == 2
    page = text(client.get(f"/thu-vien/{practice.pk}/"))
    table = page[page.index('data-testid="results-table"'):]
    assert "95,5" in table and "+75,5 (+377,5%)" in table and "1.250" in table and "-1.247" in table


def test_one_bad_row_refuses_the_whole_table(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    client = as_user(cast.staff_a)
    client.post(f"/thu-vien/{practice.pk}/ket-qua/", rows_post(practice.version, [GOOD]))
    practice.refresh_from_db()
    bad = [
        ([GOOD, {"indicator_name": "Chi phí", "before": "nhiều"}], "Dòng 2: giá trị trước phải là số"),
        ([GOOD, {"indicator_name": "", "after": "5"}], "Dòng 2: Chưa nhập tên chỉ tiêu."),
        ([{**GOOD, "measured_on": "32/13/2025"}], "Dòng 1:"),
        ([{**GOOD, "after": "1e9"}], "Dòng 1: giá trị sau phải là số"),
        ([GOOD] * 11, "tối đa 10 chỉ tiêu"),
    ]
    for rows, message in bad:
        resp = client.post(f"/thu-vien/{practice.pk}/ket-qua/", rows_post(practice.version, rows))
        assert resp.status_code == 400, message
        assert message in text(resp), message
    assert list(PracticeResult.objects.filter(practice=practice).values_list("indicator_name", flat=True)) == [
        GOOD["indicator_name"]]
    assert AuditEvent.objects.filter(verb="library.results_set").count() == 1
    # a stale table answers 409
    resp = client.post(f"/thu-vien/{practice.pk}/ket-qua/", rows_post(practice.version - 1, [GOOD]))
    assert resp.status_code == 409


def test_who_may_set_results(cast, units, as_user, practice_of):
    published = practice_of(cast.staff_a, units.skhcn)
    # the unit edits its results only while drafting; the CĐS authority at any time before withdrawal
    assert as_user(cast.staff_a).get(f"/thu-vien/{published.pk}/ket-qua/").status_code == 403
    assert as_user(cast.staff_b).get(f"/thu-vien/{published.pk}/ket-qua/").status_code == 403
    assert as_user(cast.outsider).get(f"/thu-vien/{published.pk}/ket-qua/").status_code == 403
    appraiser = as_user(cast.appraiser)
    assert appraiser.post(f"/thu-vien/{published.pk}/ket-qua/",
                          rows_post(published.version, [GOOD])).status_code == 302
    published.refresh_from_db()
    withdrawn = services.withdraw(cast.appraiser, published, "Lạc hậu.",
                                                   expected_version=published.version)
    assert appraiser.get(f"/thu-vien/{withdrawn.pk}/ket-qua/").status_code == 403


# ------------------------------------------------------------------ documents

def test_documents_added_downloaded_and_removed(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    staff = as_user(cast.staff_a)
    upload = SimpleUploadedFile("thiet-ke.pdf", PDF, content_type="application/pdf")
    resp = staff.post(f"/thu-vien/{practice.pk}/tai-lieu/", {"kind": "design", "title": "Thiết kế điển hình",
                                                             "file": upload})
    assert resp.status_code == 302
    doc = PracticeDocument.objects.get(practice=practice)
    assert doc.file_name == "thiet-ke.pdf" and doc.file_size == len(PDF) and len(doc.file_sha256) == 64
    assert AuditEvent.objects.filter(verb="library.document_added").count() == 1
    # read by whoever reads the entry; each download audited
    practice = services.submit(cast.staff_a, practice, expected_version=practice.version)
    services.publish(cast.appraiser, practice, expected_version=practice.version)
    reader = as_user(cast.outsider_staff)
    resp = reader.get(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/tai/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
    event = AuditEvent.objects.get(verb="library.document_downloaded")
    assert event.data["document"] == "Thiết kế điển hình" and event.actor_id == cast.outsider_staff.pk
    # another entry's document id does not open through this entry
    other = practice_of(cast.staff_b, units.syt)
    assert reader.get(f"/thu-vien/{other.pk}/tai-lieu/{doc.pk}/tai/").status_code == 404
    # the reader may not remove it; the authority removes it with a reason
    assert reader.post(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/go/", {"reason": "x"}).status_code == 403
    appraiser = as_user(cast.appraiser)
    resp = appraiser.post(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/go/", {"reason": ""})
    assert resp.status_code == 400 and "Chưa nhập lý do gỡ tài liệu." in text(resp)
    assert appraiser.post(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/go/",
                          {"reason": "Bản cũ."}).status_code == 302
    doc.refresh_from_db()
    assert doc.is_removed
    assert reader.get(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/tai/").status_code == 404
    assert "Thiết kế điển hình" not in text(reader.get(f"/thu-vien/{practice.pk}/"))


def test_a_draft_document_is_not_downloaded_by_another_unit(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    doc = services_content.add_document(cast.staff_a, practice, SimpleUploadedFile("a.pdf", PDF), "spec", "Đặc tả")
    assert as_user(cast.staff_b).get(f"/thu-vien/{practice.pk}/tai-lieu/{doc.pk}/tai/").status_code == 404
    assert not AuditEvent.objects.filter(verb="library.document_downloaded").exists()


# ------------------------------------------------------------------ nomination

def finished_review(cast, units, project, *, rating=Rating.EFFECTIVE, status=ReviewStatus.ACCEPTED):
    campaign = Campaign.objects.create(
        name="Đánh giá hiệu quả năm 2025", root_unit=project.investor_unit.root(), basis_number="8826/UBND-VXNV",
        basis_date=TODAY, basis_issuer="UBND tỉnh", scope_states=["in_operation"], period_year=2025,
        deadline=TODAY, receiving_unit=units.skhcn, method=current_method(), status="closed",
        created_by=cast.appraiser)
    review = Review.objects.create(
        campaign=campaign, project=project, unit=project.investor_unit, status=status,
        summary="Hệ thống vận hành ổn định, 95% hồ sơ nộp trực tuyến.", self_rating=rating, reviewer_rating=rating,
        reviewed_by=cast.appraiser, reviewed_at=timezone.now(), reviewer_comment="Đạt và vượt mục tiêu.")
    first, second = Indicator.objects.filter(is_active=True).order_by("sort_order", "code")[:2]
    IndicatorValue.objects.create(review=review, indicator=first, baseline=Decimal("20"), target=Decimal("80"),
                                  actual=Decimal("95"), note="Số liệu cổng DVC")
    IndicatorValue.objects.create(review=review, indicator=second, baseline=Decimal("3"), actual=Decimal("1"))
    return review


def test_nomination_from_an_effective_review(cast, units, projects, as_user):
    review = finished_review(cast, units, projects.a)
    appraiser = as_user(cast.appraiser)
    page = text(appraiser.get("/thu-vien/de-cu/"))
    assert f'data-review="{review.pk}"' in page and projects.a.name in page
    resp = appraiser.post("/thu-vien/de-cu/", {"review": review.pk})
    practice = Practice.objects.get(review=review)
    assert resp.status_code == 302 and resp["Location"] == f"/thu-vien/{practice.pk}/sua/"
    assert practice.status == Status.DRAFT and practice.origin == Origin.NOMINATED
    assert practice.unit == units.skhcn and practice.title == projects.a.name
    assert practice.problem == projects.a.objectives and practice.solution == review.summary
    assert "Hiệu quả" in practice.results_summary and "Đạt và vượt mục tiêu." in practice.results_summary
    assert list(practice.projects.all()) == [projects.a]
    results = list(practice.results.order_by("position"))
    assert [(r.before, r.after, r.source_review_id) for r in results] == [
        (Decimal("20"), Decimal("95"), review.pk), (Decimal("3"), Decimal("1"), review.pk)]
    assert results[0].indicator.name == results[0].indicator_name and results[0].note == "Số liệu cổng DVC"
    assert AuditEvent.objects.get(verb="library.nominated").data["code"] == practice.code
    # listed no more, and refused a second time
    assert f'data-review="{review.pk}"' not in text(appraiser.get("/thu-vien/de-cu/"))
    resp = appraiser.post("/thu-vien/de-cu/", {"review": review.pk})
    assert resp.status_code == 400 and f"đã được đề cử thành mô hình {practice.code}" in text(resp)
    assert Practice.objects.filter(review=review).count() == 1
    # the page of the nominated entry names the review to those who may read it
    assert "Đánh giá hiệu quả năm 2025" in text(appraiser.get(f"/thu-vien/{practice.pk}/"))


def test_nomination_refused_for_a_review_not_rated_effective(cast, units, projects, as_user):
    partly = finished_review(cast, units, projects.a, rating=Rating.PARTLY)
    unfinished = finished_review(cast, units, projects.b, status=ReviewStatus.SUBMITTED)
    appraiser = as_user(cast.appraiser)
    page = text(appraiser.get("/thu-vien/de-cu/"))
    assert f'data-review="{partly.pk}"' not in page and f'data-review="{unfinished.pk}"' not in page
    for review in (partly, unfinished):
        resp = appraiser.post("/thu-vien/de-cu/", {"review": review.pk})
        assert resp.status_code == 400
        assert "kết luận “Hiệu quả”" in text(resp)
    resp = appraiser.post("/thu-vien/de-cu/", {"review": "abc"})
    assert resp.status_code == 400 and "Chưa chọn báo cáo đánh giá" in text(resp)
    assert not Practice.objects.exists()


def test_only_the_authority_of_the_tree_nominates(cast, units, projects, as_user):
    review = finished_review(cast, units, projects.a)
    for who in ("staff_a", "head_a", "leader", "inspector"):
        assert as_user(getattr(cast, who)).get("/thu-vien/de-cu/").status_code == 403, who
        assert as_user(getattr(cast, who)).post("/thu-vien/de-cu/", {"review": review.pk}).status_code == 403, who
    outsider = as_user(cast.outsider)
    assert f'data-review="{review.pk}"' not in text(outsider.get("/thu-vien/de-cu/"))
    assert outsider.post("/thu-vien/de-cu/", {"review": review.pk}).status_code == 404
    assert not Practice.objects.exists()
