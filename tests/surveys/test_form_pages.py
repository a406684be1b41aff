"""Questionnaire pages: the CĐS authority lists, creates, imports, reads, downloads, publishes and
copies questionnaires; a bad XLSForm lists its problems beside the form and saves nothing; a
published version can no longer be replaced."""
import io

import openpyxl
from django.urls import reverse

from cds.surveys import services
from cds.surveys.models import FormVersion, Questionnaire
from cds.surveys.xlsform import write_definition

from .conftest import sample_definition
from .test_xlsform import book


def named(data: io.BytesIO, name="bieu_mau.xlsx"):
    data.seek(0)
    data.name = name
    return data


def test_the_appraiser_reads_the_list_and_the_detail(cast, as_user):
    fv = services.save_definition(cast.appraiser, sample_definition())
    client = as_user(cast.appraiser)
    listing = client.get(reverse("surveys:forms"))
    assert listing.status_code == 200 and "Khảo sát điểm nghẽn CĐS năm 2024" in listing.content.decode()
    page = client.get(reverse("surveys:form", args=[fv.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    for shown in ("Mức sẵn sàng của các cơ sở dữ liệu", "Dân cư", "Đất đai", "${phap_ly_vuong} = &#x27;co&#x27;",
                  "Số cán bộ không được âm.", "từ 1 đến 5", "Máy chủ · Thiết bị mạng · Máy trạm", "Dự thảo"):
        assert shown in text, shown
    assert text.count('data-testid="form-section"') == 5


def test_new_creates_a_draft_of_the_five_groups(cast, as_user):
    client = as_user(cast.appraiser)
    assert client.get(reverse("surveys:form_new")).status_code == 200
    resp = client.post(reverse("surveys:form_new"), {"title": "Khảo sát năm 2025"})
    fv = FormVersion.objects.get(title="Khảo sát năm 2025")
    assert resp.status_code == 302 and resp["Location"] == reverse("surveys:form", args=[fv.pk])
    assert [s.label for s in fv.sections.all()] == ["Pháp lý", "Hạ tầng công nghệ", "Dữ liệu",
                                                    "An ninh, an toàn, bảo mật", "Nguồn lực triển khai"]


def test_import_page_lists_every_problem_and_saves_nothing(cast, as_user):
    client = as_user(cast.appraiser)
    assert client.get(reverse("surveys:form_import")).status_code == 200
    bad = book([["barcode", "ma", "Mã"] + [""] * 6, ["text", "ma", ""] + [""] * 6])
    resp = client.post(reverse("surveys:form_import"), {"file": named(bad)})
    text = resp.content.decode()
    assert resp.status_code == 400
    assert "Sheet “survey”, dòng 2: loại câu hỏi “barcode” không được hỗ trợ." in text
    assert "Sheet “survey”, dòng 3: câu hỏi “ma” chưa có nội dung (cột label)." in text
    assert not Questionnaire.objects.exists()


def test_import_then_publish_freezes_the_version(cast, as_user):
    client = as_user(cast.appraiser)
    resp = client.post(reverse("surveys:form_import"), {"file": named(write_definition(sample_definition()))})
    fv = FormVersion.objects.get()
    assert resp.status_code == 302 and fv.questions.count() == 11
    assert client.post(reverse("surveys:form_publish", args=[fv.pk])).status_code == 302
    fv.refresh_from_db()
    assert fv.is_published
    replacement = book([["text", "moi", "Câu hỏi mới"] + [""] * 6])
    resp = client.post(reverse("surveys:form_replace", args=[fv.pk]), {"file": named(replacement)})
    assert resp.status_code == 400
    assert "Phiên bản đã ban hành không được sửa; hãy tạo phiên bản mới." in resp.content.decode()
    assert list(fv.questions.values_list("name", flat=True))[:1] == ["phap_ly_vuong"]


def test_a_draft_is_replaced_and_a_new_version_copies(cast, as_user):
    client = as_user(cast.appraiser)
    fv = services.save_definition(cast.appraiser, sample_definition())
    replacement = book([["text", "moi", "Câu hỏi mới"] + [""] * 6], settings=["Bản sửa", "ban_sua", "2"])
    resp = client.post(reverse("surveys:form_replace", args=[fv.pk]), {"file": named(replacement),
                                                                       "version": fv.version})
    assert resp.status_code == 302
    fv.refresh_from_db()
    assert fv.title == "Bản sửa" and list(fv.questions.values_list("name", flat=True)) == ["moi"]
    resp = client.post(reverse("surveys:form_new_version", args=[fv.pk]))
    copy = FormVersion.objects.get(questionnaire=fv.questionnaire, number=2)
    assert resp["Location"] == reverse("surveys:form", args=[copy.pk]) and copy.questions.count() == 1


def test_download_and_sample_are_xlsforms(cast, as_user):
    fv = services.save_definition(cast.appraiser, sample_definition())
    client = as_user(cast.appraiser)
    resp = client.get(reverse("surveys:form_xlsform", args=[fv.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    sample = client.get(reverse("surveys:form_import") + "?mau=1")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(sample.streaming_content)))
    groups = [r[1] for r in wb["survey"].iter_rows(values_only=True) if r[0] == "begin_group"]
    assert groups == ["phap_ly", "ha_tang", "du_lieu", "an_ninh", "nguon_luc"]


def test_access_unit_staff_may_not_import_and_outsider_sees_404(cast, as_user):
    fv = services.save_definition(cast.appraiser, sample_definition())
    staff = as_user(cast.staff_a)
    assert staff.get(reverse("surveys:form_import")).status_code == 403
    assert staff.post(reverse("surveys:form_import"),
                      {"file": named(write_definition(sample_definition()))}).status_code == 403
    assert FormVersion.objects.count() == 1
    outsider = as_user(cast.outsider)
    assert outsider.get(reverse("surveys:form", args=[fv.pk])).status_code == 404
    assert outsider.post(reverse("surveys:form_publish", args=[fv.pk])).status_code == 404
    fv.refresh_from_db()
    assert not fv.is_published
