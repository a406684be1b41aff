"""The dossier pages for each role: who sees what (404 outside one's scope, 403 for what one
may see but not do), the forms' refusals shown in Vietnamese with nothing written, and the
page's cost in queries."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cds.appraisal import services
from cds.appraisal.models import Dossier, DossierDocument, Status
from cds.projects.models import State

from .conftest import TY, countersigned, new_dossier, new_project, pdf, submitted

pytestmark = pytest.mark.django_db


def url(d, name="appraisal:dossier"):
    return reverse(name, args=[d.pk])


def test_who_sees_a_dossier(cast, units, others, as_user):
    d = submitted(cast, units)
    for user in (cast.staff_a, cast.head_a, cast.appraiser, cast.supervisor, cast.leader, cast.inspector):
        assert as_user(user).get(url(d)).status_code == 200, user.username
    for user in (cast.staff_b, cast.outsider, cast.outsider_staff, others.stc_head):
        assert as_user(user).get(url(d)).status_code == 404, user.username
    # Asked for an opinion, Sở Tài chính may read the dossier and answer.
    services.request_opinion(cast.appraiser, d, unit=others.stc, question="Nguồn kinh phí?")
    page = as_user(others.stc_head).get(url(d))
    assert page.status_code == 200 and "Gửi ý kiến" in page.content.decode()


def test_anonymous_is_sent_to_login(cast, units, client):
    d = submitted(cast, units)
    resp = client.get(url(d))
    assert resp.status_code == 302 and "/tai-khoan/dang-nhap/" in resp["Location"]


def test_actions_are_refused_to_other_roles(cast, units, as_user):
    d = submitted(cast, units)
    assert as_user(cast.staff_a).post(url(d, "appraisal:conclude"), {"conclusion": "eligible", "text": "x"}).status_code == 403
    assert as_user(cast.inspector).post(url(d, "appraisal:supplement_request"), {"request": "x"}).status_code == 403
    assert as_user(cast.leader).post(url(d, "appraisal:countersign"), {"agree": "yes"}).status_code == 403
    assert as_user(cast.appraiser).post(url(d, "appraisal:decide"), {"decision": "approve"}).status_code == 403
    assert as_user(cast.outsider).post(url(d, "appraisal:conclude"), {"conclusion": "eligible"}).status_code == 404
    d.refresh_from_db()
    assert d.status == Status.IN_APPRAISAL


def test_create_page_shows_the_routing_then_creates(cast, units, as_user):
    project = new_project(cast, units, kind="investment", regime_code="ND224_2026")
    client = as_user(cast.staff_a)
    page = client.post(reverse("appraisal:create", args=[project.pk]), {"amount": "20.000.000.000", "preview": "1"})
    html = page.content.decode()
    assert "thiết kế một bước" in html and "20 ngày làm việc" in html and not Dossier.objects.exists()
    page = client.post(reverse("appraisal:create", args=[project.pk]), {"amount": "20.000.000.001"})
    d = Dossier.objects.get()
    assert page.status_code == 302 and d.procedure.code == "investment_two_step" and d.amount == 20_000_000_001
    assert as_user(cast.appraiser).get(reverse("appraisal:create", args=[project.pk])).status_code == 403
    assert as_user(cast.outsider).get(reverse("appraisal:create", args=[project.pk])).status_code == 404


def test_create_page_bad_amount(cast, units, as_user):
    project = new_project(cast, units)
    resp = as_user(cast.staff_a).post(reverse("appraisal:create", args=[project.pk]), {"amount": "một tỷ"})
    assert resp.status_code == 400 and "Số tiền phải là số nguyên đồng" in resp.content.decode()
    resp = as_user(cast.staff_a).post(reverse("appraisal:create", args=[project.pk]), {"amount": "150.000.000"})
    assert resp.status_code == 400 and "không phải thẩm định" in resp.content.decode()
    assert not Dossier.objects.exists()


def test_upload_submit_and_refusals_on_the_page(cast, units, as_user):
    d = new_dossier(cast, units)
    staff, head = as_user(cast.staff_a), as_user(cast.head_a)
    resp = staff.post(url(d, "appraisal:document_add"), {"kind": "to_trinh", "file": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert resp.status_code == 400 and "không đúng định dạng" in resp.content.decode()
    assert not DossierDocument.objects.exists()
    resp = head.post(url(d, "appraisal:submit"), {"version": d.version})
    assert resp.status_code == 400 and "Hồ sơ chưa đủ thành phần" in resp.content.decode()
    for kind in ("to_trinh", "de_cuong"):
        assert staff.post(url(d, "appraisal:document_add"), {"kind": kind, "file": pdf(f"{kind}.pdf")}).status_code == 302
    assert staff.post(url(d, "appraisal:submit"), {"version": 1}).status_code == 403
    d.refresh_from_db()
    resp = head.post(url(d, "appraisal:submit"), {"version": d.version})
    assert resp.status_code == 302
    d.refresh_from_db()
    html = head.get(url(d)).content.decode()
    assert d.status == Status.IN_APPRAISAL and d.due_date.strftime("%d/%m/%Y") in html
    doc = d.documents.get(kind="de_cuong")
    download = staff.get(reverse("appraisal:document_download", args=[d.pk, doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert as_user(cast.staff_b).get(reverse("appraisal:document_download", args=[d.pk, doc.pk])).status_code == 404


def test_appraiser_page_shows_checklist_findings_and_keeps_typed_text(cast, units, as_user):
    d = submitted(cast, units)
    client = as_user(cast.appraiser)
    html = client.get(url(d)).content.decode()
    assert "Nội dung thẩm định" in html and "Phát hiện tự động" in html
    assert "TT 03/2020/TT-BTTTT Điều 7.3.b" in html
    assert "Chưa có dự toán chi tiết trong hệ thống" in html  # no estimate yet: the finding says so
    resp = client.post(url(d, "appraisal:conclude"), {"conclusion": "eligible", "text": "Ý kiến dài đã gõ",
                                                      "version": d.version})
    body = resp.content.decode()
    assert resp.status_code == 400 and "Chưa đánh giá các nội dung" in body and "Ý kiến dài đã gõ" in body


def test_checklist_and_conclusion_through_the_page(cast, units, as_user):
    d = submitted(cast, units)
    client = as_user(cast.appraiser)
    items = list(d.procedure.checklist.filter(kind="content"))
    data = {f"result_{i.pk}": "pass" for i in items} | {f"comment_{i.pk}": "" for i in items}
    data[f"result_{items[0].pk}"] = "fail"
    data["version"] = d.version
    resp = client.post(url(d, "appraisal:checklist"), data)
    assert resp.status_code == 400 and "cần ghi nhận xét" in resp.content.decode()
    data[f"comment_{items[0].pk}"] = "Chưa nêu kế hoạch CĐS năm 2026"
    assert client.post(url(d, "appraisal:checklist"), data).status_code == 302
    d.refresh_from_db()
    resp = client.post(url(d, "appraisal:conclude"), {"conclusion": "needs_supplement", "text": "Cần bổ sung",
                                                      "version": d.version})
    assert resp.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.CONCLUDED and d.findings_snapshot  # what the appraiser saw is kept


def test_leader_decides_on_the_page_with_bad_date(cast, units, as_user):
    d = countersigned(cast, units)
    client = as_user(cast.leader)
    resp = client.post(url(d, "appraisal:decide"), {"decision": "approve", "decision_number": "12/QĐ-UBND",
                                                    "decision_date": "31/02/2026", "version": d.version})
    assert resp.status_code == 400 and "dd/mm/yyyy" in resp.content.decode()
    today = dt.date.today().strftime("%d/%m/%Y")
    resp = client.post(url(d, "appraisal:decide"), {"decision": "approve", "decision_number": "12/QĐ-UBND",
                                                    "decision_date": today, "version": d.version})
    assert resp.status_code == 302
    d.refresh_from_db()
    d.project.refresh_from_db()
    assert d.status == Status.APPROVED and d.project.state == State.APPROVED


def test_project_page_links_its_dossier_and_hides_bare_submission(cast, units, as_user):
    project = new_project(cast, units)
    html = as_user(cast.staff_a).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Lập hồ sơ thẩm định" in html
    d = services.create_dossier(cast.staff_a, project, {"amount": TY})
    html = as_user(cast.head_a).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert d.code in html and "Trình thẩm định" not in html
    resp = as_user(cast.head_a).post(reverse("projects:transition", args=[project.pk, "submit_appraisal"]))
    project.refresh_from_db()
    assert resp.status_code == 302 and project.state == State.DOSSIER_PREPARING


def test_dossier_page_costs_constant_queries(cast, units, others, as_user):
    d = submitted(cast, units)
    client = as_user(cast.appraiser)
    client.get(url(d))
    with CaptureQueriesContext(connection) as small:
        client.get(url(d))
    services.request_opinion(cast.appraiser, d, unit=others.stc, question="Nguồn kinh phí?")
    services.request_opinion(cast.appraiser, d, unit=others.ca, question="An ninh mạng?")
    services.request_supplement(cast.appraiser, d, request="Bổ sung")
    for i in range(4):
        services.add_document(cast.staff_a, d, kind="other", upload=pdf(f"{i}.pdf"))
    with CaptureQueriesContext(connection) as big:
        client.get(url(d))
    assert len(big) <= len(small) + 2, [q["sql"][:120] for q in big.captured_queries]
