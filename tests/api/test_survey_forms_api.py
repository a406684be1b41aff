"""/api/v1/surveys/forms: an XLSForm in (a new draft questionnaire; every malformed workbook → 422
naming sheet, row and problem, nothing created) and out (an .xlsx that reads back the same)."""
import io

import openpyxl
import pytest
from django.test import Client

from cds.audit.models import AuditEvent
from cds.surveys import services
from cds.surveys.models import FormVersion, Questionnaire
from cds.surveys.xlsform import read_xlsform, write_definition
from tests.surveys.conftest import sample_definition
from tests.surveys.test_xlsform import KOBO, KOBO_CHOICES, MALFORMED, book

from .conftest import BASE, ApiClient


def upload(api: ApiClient, data: io.BytesIO, name="bieu_mau.xlsx"):
    data.seek(0)
    return api.client.post(f"{BASE}/surveys/forms", {"file": _named(data, name)}, **api._headers())


def _named(data, name):
    data.name = name
    return data


def test_import_creates_a_draft_with_its_groups(api_as, cast):
    resp = upload(api_as("appraiser"), book(KOBO, KOBO_CHOICES, ["Khảo sát Kobo", "kobo_form", "3"]), "kobo.xlsx")
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["title"] == "Khảo sát Kobo" and body["questions"] == 5 and body["groups"] == ["Dữ liệu"]
    fv = FormVersion.objects.get(pk=body["id"])
    assert not fv.is_published and fv.source_name == "kobo.xlsx"
    assert AuditEvent.objects.filter(verb="survey.form_imported", target_id=fv.pk).exists()


def test_export_round_trips_names_types_labels_choices_required_relevant(api_as, cast):
    fv = services.save_definition(cast.appraiser, sample_definition())
    resp = api_as("supervisor").get(f"/surveys/forms/{fv.pk}/xlsform")   # reads, changes nothing
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    back = read_xlsform(io.BytesIO(b"".join(resp.streaming_content)), "lai.xlsx")
    keys = ("name", "type", "label", "required", "relevant", "list_name", "rows", "section")
    assert [[q[k] for k in keys] for q in back["questions"]] == [[q[k] for k in keys]
                                                                for q in sample_definition()["questions"]]
    assert sorted((c["list_name"], c["name"], c["label"]) for c in back["choices"]) == sorted(
        (c["list_name"], c["name"], c["label"]) for c in sample_definition()["choices"])
    assert AuditEvent.objects.filter(verb="survey.form_exported", target_id=fv.pk).exists()


@pytest.mark.parametrize("case,make,expected", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_every_malformed_form_answers_422_with_sheet_row_and_nothing_is_created(api_as, cast, case, make,
                                                                                expected):
    resp = upload(api_as("appraiser"), make())
    assert resp.status_code == 422, resp.content
    detail = resp.json()["detail"]
    assert isinstance(detail, list) and any(expected in m for m in detail), detail
    assert not Questionnaire.objects.exists() and not FormVersion.objects.exists()
    assert AuditEvent.objects.filter(verb="survey.form_rejected").count() == 1


def test_a_request_without_a_file_is_refused(api_as, cast):
    api = api_as("appraiser")
    resp = api.client.post(f"{BASE}/surveys/forms", {}, **api._headers())
    assert resp.status_code == 422 and resp.json()["detail"] == ["Chưa gửi tệp XLSForm (trường multipart “file”)."]


def test_only_the_cds_authority_imports(api_as, cast):
    resp = upload(api_as("staff_a"), write_definition(sample_definition()))
    assert resp.status_code == 403
    assert not FormVersion.objects.exists()
    assert Client().post(f"{BASE}/surveys/forms", {"file": _named(write_definition(sample_definition()),
                                                                    "a.xlsx")}).status_code == 401


def test_another_trees_form_is_404_and_the_list_is_scoped(api_as, cast):
    fv = services.save_definition(cast.appraiser, sample_definition())
    assert api_as("outsider").get(f"/surveys/forms/{fv.pk}/xlsform").status_code == 404
    assert api_as("appraiser").get("/surveys/forms/999999/xlsform").status_code == 404
    mine = api_as("appraiser").get("/surveys/forms").json()
    assert [(i["id"], i["number"], i["status"], i["questions"]) for i in mine["items"]] == [(fv.pk, 1, "draft", 11)]
    assert api_as("outsider").get("/surveys/forms").json() == {"items": [], "count": 0}


def test_the_exported_workbook_has_the_three_sheets(api_as, cast):
    fv = services.save_definition(cast.appraiser, sample_definition())
    resp = api_as("appraiser").get(f"/surveys/forms/{fv.pk}/xlsform")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    assert [c.value for c in wb["settings"][2]] == ["Khảo sát điểm nghẽn CĐS năm 2024", "diem_nghen_2024", "2024.1"]
