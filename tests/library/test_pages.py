"""The library's list, entry page, form and export as each role sees them: search without
diacritics, filters, who reads what (drafts stay in their unit and tree, published entries are read
by every signed-in user), linked projects named only to those who may read them — on the page
and in the export — and bad input refused with a Vietnamese message, nothing written."""
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import html as lxml_html
from openpyxl import load_workbook

from cds.audit.models import AuditEvent
from cds.catalog.models import Capability, DataEntity
from cds.library.models import Kind, Practice, PracticeDocument, Status
from tests.factories import programme
from tests.homepage import listed, todo_item

pytestmark = pytest.mark.django_db

FORM = {"kind": "model", "title": "Số hóa hồ sơ đất đai cấp xã",
        "problem": "Hồ sơ địa chính giấy, tra cứu chậm.", "solution": "Số hóa và kết nối CSDL đất đai."}
PROJECT_A = "Xây dựng cơ sở dữ liệu đất đai tỉnh"


def text(resp) -> str:
    return resp.content.decode()


def listed_codes(client, query="") -> tuple[int, list[str]]:
    doc = lxml_html.fromstring(text(client.get(f"/thu-vien/{query}")))
    total = int(doc.xpath('//*[@data-testid="list-total"]')[0].text_content().replace(".", ""))
    return total, [td.text_content().strip() for td in doc.xpath('//tr[@data-practice]/td[1]')]


def test_drafts_stay_in_their_unit_and_tree_published_entries_are_read_by_all(cast, units, as_user, practice_of):
    draft = practice_of(cast.staff_a, units.skhcn, title="Bản nháp của Sở KH&CN", status=Status.DRAFT)
    published = practice_of(cast.staff_b, units.syt, title="Một cửa điện tử Sở Y tế")
    expect_draft = {"staff_a": 200, "head_a": 200, "appraiser": 200, "leader": 200, "supervisor": 200,
                    "inspector": 200, "staff_b": 404, "head_b": 404, "outsider": 404, "outsider_staff": 404}
    for who, status in expect_draft.items():
        client = as_user(getattr(cast, who))
        assert client.get(f"/thu-vien/{draft.pk}/").status_code == status, who
        assert client.get(f"/thu-vien/{published.pk}/").status_code == 200, who
        _total, codes = listed_codes(client)
        assert (draft.code in codes) == (status == 200), who
        assert published.code in codes, who
        export = client.get("/thu-vien/xuat-excel/")
        assert (draft.title in export_text(export)) == (status == 200), who
    assert Client().get(f"/thu-vien/{published.pk}/").status_code == 302


def export_text(resp) -> str:
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(b"".join(resp.streaming_content)))
    return "\n".join(str(c) for row in wb.active.iter_rows(values_only=True) for c in row if c is not None)


def test_a_linked_project_is_named_only_to_those_who_may_read_it(cast, units, projects, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, title="Cơ sở dữ liệu địa chính số",
                           projects=[projects.a])
    for who in ("staff_a", "appraiser", "leader"):
        client = as_user(getattr(cast, who))
        assert PROJECT_A in text(client.get(f"/thu-vien/{practice.pk}/")), who
        assert PROJECT_A in export_text(client.get("/thu-vien/xuat-excel/")), who
    for who in ("outsider", "outsider_staff", "staff_b"):
        client = as_user(getattr(cast, who))
        page = text(client.get(f"/thu-vien/{practice.pk}/"))
        assert practice.title in page and PROJECT_A not in page and projects.a.code not in page, who
        content = export_text(client.get("/thu-vien/xuat-excel/"))
        assert practice.title in content and PROJECT_A not in content and projects.a.code not in content, who


def test_search_without_diacritics(cast, units, as_user, practice_of):
    land = practice_of(cast.staff_a, units.skhcn, title="Số hóa hồ sơ đất đai")
    other = practice_of(cast.staff_b, units.syt, title="Bệnh án điện tử")
    client = as_user(cast.staff_b)
    total, codes = listed_codes(client, "?q=dat+dai")
    assert (total, codes) == (1, [land.code])
    total, codes = listed_codes(client, "?q=BENH+AN")
    assert (total, codes) == (1, [other.code])
    page = text(client.get("/thu-vien/"))
    assert "tìm không dấu" in page.lower()


def test_filters(cast, units, as_user, practice_of):
    cap = Capability.objects.create(code="TEST-LIB-1", name="Năng lực thử nghiệm một")
    entity = DataEntity.objects.create(code="TEST-LIB-2", name="Dữ liệu thử nghiệm hai")
    prog = programme()
    a = practice_of(cast.staff_a, units.skhcn, title="Mô hình A", capabilities=[cap], programmes=[prog])
    b = practice_of(cast.staff_b, units.syt, title="Thiết kế B", kind=Kind.DESIGN, data_entities=[entity])
    c = practice_of(cast.staff_b, units.syt, title="Mô hình C", status=Status.SUBMITTED)
    client = as_user(cast.appraiser)
    assert listed_codes(client, "?loai=design") == (1, [b.code])
    assert sorted(listed_codes(client, f"?don_vi={units.syt.pk}")[1]) == sorted([b.code, c.code])
    assert listed_codes(client, f"?don_vi={units.tinh.pk}")[0] == 3          # a unit and its subtree
    assert listed_codes(client, f"?nang_luc={cap.pk}") == (1, [a.code])
    assert listed_codes(client, f"?chuong_trinh={prog.pk}") == (1, [a.code])
    assert listed_codes(client, f"?du_lieu={entity.pk}") == (1, [b.code])
    assert listed_codes(client, "?tinh_trang=submitted") == (1, [c.code])
    resp = client.get("/thu-vien/?loai=khac")
    assert resp.status_code == 200 and "Loại không hợp lệ" in text(resp)
    assert listed_codes(client, "?loai=khac") == (0, [])
    # the export reads the same filters
    content = export_text(client.get("/thu-vien/xuat-excel/?loai=design"))
    assert "Thiết kế B" in content and "Mô hình A" not in content


def test_counts_by_status_for_insiders(cast, units, as_user, practice_of):
    practice_of(cast.staff_a, units.skhcn, title="Nháp", status=Status.DRAFT)
    practice_of(cast.staff_a, units.skhcn, title="Chờ", status=Status.SUBMITTED)
    practice_of(cast.staff_a, units.skhcn, title="Đã công bố")
    page = lxml_html.fromstring(text(as_user(cast.appraiser).get("/thu-vien/")))
    counts = {a.get("data-status"): a.text_content() for a in page.xpath('//*[@data-testid="status-counts"]/a')
              if a.get("data-status")}
    assert set(counts) == {"draft", "submitted", "published"}
    assert all(v.strip().endswith("1") for v in counts.values())
    # a reader who sees only published entries of another tree gets no breakdown
    assert 'data-testid="status-counts"' not in text(as_user(cast.outsider_staff).get("/thu-vien/"))


def test_the_home_page_counts_what_the_list_shows(cast, units, as_user, practice_of):
    practice_of(cast.staff_a, units.skhcn, title="Chờ 1", status=Status.SUBMITTED)
    practice_of(cast.staff_b, units.syt, title="Chờ 2", status=Status.SUBMITTED)
    practice_of(cast.staff_a, units.skhcn, title="Trả lại", status=Status.RETURNED)
    practice_of(cast.outsider_staff, units.bo_vp, title="Chờ của Bộ", checker=cast.outsider,
                status=Status.SUBMITTED)
    appraiser = as_user(cast.appraiser)
    n, href = todo_item(text(appraiser.get("/")), "library.to_check")
    assert n == 2 and listed(appraiser, href) == (2, 2)
    staff = as_user(cast.staff_a)
    n, href = todo_item(text(staff.get("/")), "library.returned")
    assert n == 1 and listed(staff, href) == (1, 1)
    staff_b = as_user(cast.staff_b)
    assert todo_item(text(staff_b.get("/")), "library.returned")[0] == 0


# ------------------------------------------------------------------ bad input

def test_bad_input_is_refused_and_nothing_is_written(cast, units, projects, as_user):
    client = as_user(cast.staff_a)
    cases = [
        ({**FORM, "title": "  ", "unit": units.skhcn.pk}, "Chưa nhập tên mô hình."),
        ({**FORM, "problem": "x" * 10_001, "unit": units.skhcn.pk}, "quá dài (tối đa 10.000 ký tự)"),
        ({**FORM, "unit": units.skhcn.pk, "projects": [projects.bo.pk]}, "ngoài phạm vi bạn được xem"),
        ({**FORM, "unit": units.skhcn.pk, "projects": [projects.b.pk]}, "ngoài phạm vi bạn được xem"),
        ({**FORM, "unit": units.skhcn.pk, "projects": ["abc"]}, "ngoài phạm vi bạn được xem"),
        ({**FORM, "unit": units.syt.pk}, "Bạn chỉ đề xuất mô hình cho đơn vị của mình."),
        ({**FORM, "unit": units.skhcn.pk, "kind": "other"}, "Loại mô hình không hợp lệ."),
        ({**FORM, "unit": units.skhcn.pk, "title": "Tên\x00lạ"}, "ký tự"),
    ]
    for data, message in cases:
        resp = client.post("/thu-vien/moi/", data)
        assert resp.status_code == 400, message
        assert message in text(resp), message
    assert not Practice.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="library.").exists()
    # the name of the other tree's project never shows in the form's choices
    page = text(client.get("/thu-vien/moi/"))
    assert projects.bo.name not in page and projects.b.name not in page and PROJECT_A in page


def test_who_may_open_the_form(cast, units, as_user):
    for who, status in {"staff_a": 200, "head_b": 200, "appraiser": 200, "outsider_staff": 200, "leader": 403,
                        "inspector": 403, "supervisor": 403}.items():
        assert as_user(getattr(cast, who)).get("/thu-vien/moi/").status_code == status, who


def test_bad_upload_is_refused(cast, units, as_user, practice_of):
    practice = practice_of(cast.staff_a, units.skhcn, status=Status.DRAFT)
    client = as_user(cast.staff_a)
    fake = SimpleUploadedFile("thiet-ke.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    resp = client.post(f"/thu-vien/{practice.pk}/tai-lieu/", {"kind": "design", "title": "Thiết kế", "file": fake})
    assert resp.status_code == 400 and "không đúng định dạng .pdf" in text(resp)
    exe = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    resp = client.post(f"/thu-vien/{practice.pk}/tai-lieu/", {"kind": "design", "title": "Thiết kế", "file": exe})
    assert resp.status_code == 400 and "Chỉ nhận tệp PDF" in text(resp)
    resp = client.post(f"/thu-vien/{practice.pk}/tai-lieu/", {"kind": "design", "title": "Thiết kế"})
    assert resp.status_code == 400 and "Chưa chọn tệp tài liệu." in text(resp)
    assert not PracticeDocument.objects.exists()


def test_export_content_and_audit(cast, units, as_user, practice_of):
    cap = Capability.objects.create(code="TEST-LIB-3", name="Năng lực thử nghiệm ba")
    practice = practice_of(cast.staff_a, units.skhcn, title="Nền tảng LGSP dùng chung",
                           reuse_conditions="Có trục LGSP cấp tỉnh.", capabilities=[cap])
    client = as_user(cast.leader)
    resp = client.get("/thu-vien/xuat-excel/")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(b"".join(resp.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    header = rows[2]
    assert header[0] == "Mã" and "Điều kiện áp dụng, nhân rộng" in header
    data = [r for r in rows[3:] if r[0]]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=False))
    assert row["Mã"] == practice.code and row["Tên mô hình, thiết kế"] == "Nền tảng LGSP dùng chung"
    assert row["Đơn vị thực hiện"] == units.skhcn.name and row["Tình trạng"] == "Đã công bố"
    assert row["Năng lực nghiệp vụ"] == "Năng lực thử nghiệm ba"
    assert row["Điều kiện áp dụng, nhân rộng"] == "Có trục LGSP cấp tỉnh."
    event = AuditEvent.objects.get(verb="library.exported")
    assert event.data["count"] == 1 and event.actor_id == cast.leader.pk
