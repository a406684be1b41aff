"""Import of an existing portfolio from .xlsx through the real views: preview, then confirm,
all or nothing; every bad input gets a Vietnamese message and writes no project."""
import datetime as dt
import io
import os
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.projects import importer
from cds.projects.models import BudgetEntry, Project, ProjectEvent, Stage, State
from cds.projects.selectors import ProjectFilter, project_list
from tests.conftest import login
from tests.factories import make_project, make_unit

HEADERS = [
    "Tên nhiệm vụ/dự án*", "Loại*", "Nhóm", "Chế độ pháp lý*", "Đơn vị chủ đầu tư*", "Chương trình",
    "Năm bắt đầu*", "Năm kết thúc", "Chuyển tiếp", "Trạng thái", "Mục tiêu", "Phạm vi", "Nguồn vốn",
    "Tổng mức/dự toán được duyệt", "Số QĐ phê duyệt", "Ngày QĐ phê duyệt", "Lũy kế giải ngân",
]
KEYS = ["name", "kind", "group", "regime", "unit", "programme", "start", "end", "carried", "state", "objectives",
        "scope", "sources", "approved", "decision", "decision_date", "disbursed"]


def row(**values):
    base = {"kind": "Dự án đầu tư", "group": "C", "regime": "NĐ 73/2019", "unit": "Sở Y tế", "start": 2024,
            "end": 2025, "sources": "NSDP-DT"}
    base.update(values)
    return [base.get(k) for k in KEYS]


def xlsx(rows, headers=HEADERS, *, title_rows=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhập dự án"
    for extra in title_rows:
        ws.append(extra)
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, data, name="danh-muc.xlsx"):
    return client.post(reverse("projects:import"), {"file": SimpleUploadedFile(name, data)})


def confirm(client, token=None):
    if token is None:
        token = client.session.get("projects_import", {}).get("token", "")
    return client.post(reverse("projects:import_confirm"), {"token": token})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stashed(media):
    folder = media / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


# ------------------------------------------------------------ happy path ----

def test_good_import_end_to_end(cast, units, media):
    client = login(cast.appraiser)
    rows = [
        row(name="Nâng cấp hệ thống một cửa điện tử", unit="STTTT", start=2021, end=2022, state="Đang triển khai",
            approved="1.250.000.000", decision="12/QĐ-UBND", decision_date="15/03/2021", disbursed=1_000_000_000,
            objectives="Kết nối LGSP", scope="Toàn tỉnh", programme="Kế hoạch chuyển đổi số hằng năm của tỉnh"),
        row(name="Duy trì hệ thống thông tin y tế", kind="recurrent", group="-", regime="ND73_82_2024",
            unit="Sở Y tế", start=2024, end=None, carried="x",
            sources="Ngân sách địa phương — chi thường xuyên (sự nghiệp); ODA",
            approved=300_000_000, decision="45/QĐ-SYT", decision_date=dt.datetime(2024, 5, 2)),
        row(name="Thuê phần mềm quản lý văn bản", kind="Thuê dịch vụ CNTT", unit="T01-SKHCN", start=2025, end=2027,
            programme="DA06", group="Nhóm B"),
        row(name="Mua sắm thiết bị mạng", kind="mua sam", unit="so khoa hoc va cong nghe", start=2025, end=2025,
            carried="Không", sources=""),
        row(name="Xây dựng kho dữ liệu y tế", unit="SYT", start=2023, state="Đề xuất"),
    ]
    # Header matching ignores case, diacritics and notes in brackets; a title row above is fine.
    headers = [h.upper() for h in HEADERS]
    headers[6] = "nam bat dau"
    headers[13] = "Tổng mức/dự toán được duyệt (đồng)"
    data = xlsx(rows, headers, title_rows=[["DANH MỤC DỰ ÁN CỦA TỈNH"]])
    before = Project.objects.count()

    resp = upload(client, data)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Xác nhận nhập 5 nhiệm vụ/dự án" in html
    assert Project.objects.count() == before  # nothing written at preview
    assert AuditEvent.objects.filter(verb="import.previewed", actor=cast.appraiser).exists()
    pending = client.session["projects_import"]
    assert pending["user_id"] == cast.appraiser.pk and len(stashed(media)) == 1

    resp = confirm(client)
    assert resp.status_code == 302 and resp.url == reverse("projects:list")
    assert Project.objects.count() == before + 5
    assert stashed(media) == [] and "projects_import" not in client.session

    a = Project.objects.get(name="Nâng cấp hệ thống một cửa điện tử")
    assert a.code == "DA-2021-0001"
    assert a.investor_unit == units.sotttt  # matched by the alias "STTTT"
    assert a.state == State.IMPLEMENTING and a.created_by == cast.appraiser
    assert a.total_approved == 1_250_000_000 and a.total_disbursed == 1_000_000_000
    assert a.programme.code == "KH-CDS" and [s.code for s in a.funding_sources.all()] == ["NSDP-DT"]
    approved = a.budget_entries.get(stage=Stage.APPROVED)
    assert (approved.year, approved.decision_number, approved.decision_date) == (2021, "12/QĐ-UBND", dt.date(2021, 3, 15))
    assert a.budget_entries.get(stage=Stage.DISBURSED).year == 2022
    rec = a.history.get()
    assert rec.history_type == "+" and rec.history_user == cast.appraiser
    assert [s.fundingsource_id for s in rec.funding_sources.all()] == [a.funding_sources.get().pk]
    assert BudgetEntry.history.filter(project_id=a.pk).count() == 2
    event = ProjectEvent.objects.get(project=a)
    assert event.kind == "created" and event.to_state == State.IMPLEMENTING and event.actor == cast.appraiser

    b = Project.objects.get(name="Duy trì hệ thống thông tin y tế")
    assert b.investor_unit == units.syt and b.kind == "recurrent" and b.group == "-" and b.carried_over
    assert b.regime.code == "ND73_82_2024" and b.funding_sources.count() == 2
    assert b.budget_entries.get().decision_date == dt.date(2024, 5, 2)
    c = Project.objects.get(name="Thuê phần mềm quản lý văn bản")
    assert c.investor_unit == units.skhcn and c.kind == "rental" and c.group == "B" and c.code.startswith("TDV-2025-")
    d = Project.objects.get(name="Mua sắm thiết bị mạng")
    assert d.investor_unit == units.skhcn and d.kind == "procurement" and not d.budget_entries.exists()
    e = Project.objects.get(name="Xây dựng kho dữ liệu y tế")
    assert e.state == State.PROPOSED and e.total_approved == 0

    # Imported projects are found by the diacritic-insensitive search, alias included.
    found = project_list(cast.appraiser, ProjectFilter(search="stttt mot cua"))
    assert list(found) == [a]
    applied = AuditEvent.objects.get(verb="import.applied")
    assert applied.data["count"] == 5 and applied.data["file_name"] == "danh-muc.xlsx"
    assert len(applied.data["sha256"]) == 64
    # The project page and its history tab render for imported rows.
    assert client.get(reverse("projects:detail", args=[a.pk]) + "?tab=history").status_code == 200


def test_import_page_and_template_link_render(cast):
    resp = login(cast.staff_a).get(reverse("projects:import"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Tải tệp mẫu" in html and reverse("projects:import_template") in html


# -------------------------------------------------------------- bad rows ----

@pytest.mark.parametrize("values,column,message", [
    ({"start": "hai nghìn"}, "Năm bắt đầu", "phải là năm, ví dụ 2024"),
    ({"start": 1890}, "Năm bắt đầu", "năm phải trong khoảng 2000–2100"),
    ({"start": 2025, "end": 2023}, "Năm kết thúc", "năm kết thúc (2023) không được trước năm bắt đầu (2025)"),
    ({"approved": 5_000_000, "decision": "1/QĐ", "decision_date": "31/02/2024"}, "Ngày QĐ phê duyệt",
     "ngày “31/02/2024” không tồn tại"),
    ({"approved": 5_000_000, "decision": "1/QĐ", "decision_date": "2024-13-45x"}, "Ngày QĐ phê duyệt",
     "ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy"),
    ({"approved": "-5.000.000", "decision": "1/QĐ", "decision_date": "01/02/2024"}, "Tổng mức/dự toán được duyệt",
     "số tiền không được âm"),
    ({"disbursed": -1}, "Lũy kế giải ngân", "số tiền không được âm"),
    ({"approved": 1250.5, "decision": "1/QĐ", "decision_date": "01/02/2024"}, "Tổng mức/dự toán được duyệt",
     "không có phần thập phân"),
    ({"approved": "một tỷ", "decision": "1/QĐ", "decision_date": "01/02/2024"}, "Tổng mức/dự toán được duyệt",
     "phải là số nguyên đồng, ví dụ 1.250.000.000"),
    ({"approved": 1_000_000}, "Số QĐ phê duyệt", "bắt buộc khi có tổng mức/dự toán được duyệt"),
    ({"approved": 1_000_000, "decision": "1/QĐ", "decision_date": "01/02/2024", "sources": ""}, "Nguồn vốn",
     "cần ít nhất một nguồn vốn"),
    ({"unit": "Sở Không Tồn Tại"}, "Đơn vị chủ đầu tư", "không tìm thấy đơn vị “Sở Không Tồn Tại”"),
    ({"unit": ""}, "Đơn vị chủ đầu tư", "chưa nhập (cột bắt buộc)"),
    ({"regime": "NĐ 99/2099"}, "Chế độ pháp lý", "không tìm thấy chế độ pháp lý “NĐ 99/2099”"),
    ({"kind": "Dự án ma"}, "Loại", "loại “Dự án ma” không hợp lệ"),
    ({"sources": "NSDP-DT; Tiền túi"}, "Nguồn vốn", "không tìm thấy nguồn vốn “Tiền túi”"),
    ({"state": "Tạm dừng"}, "Trạng thái", "không nhập được từ Excel"),
    ({"carried": "có lẽ"}, "Chuyển tiếp", "chỉ nhận “Có” hoặc “Không”"),
])
def test_bad_row_reported_and_nothing_written(cast, units, media, values, column, message):
    client = login(cast.appraiser)
    before = Project.objects.count()
    data = xlsx([row(name="Dự án tốt"), row(name="Dự án lỗi", **values)])
    resp = upload(client, data)
    html = resp.content.decode()
    assert "Dòng 3" in html and f"<td>{column}</td>" in html
    assert message in html
    assert "Xác nhận nhập" not in html and "projects_import" not in client.session
    assert confirm(client, "anything").status_code == 302
    assert Project.objects.count() == before and stashed(media) == []
    # The same error, as the service reports it, reads as a full Vietnamese sentence.
    result = importer.parse(cast.appraiser, data)
    prefix = f"Dòng 3, cột “{column}”: "
    assert any(m.startswith(prefix) and message in m for m in result.messages), result.messages
    assert result.ok_count == 1 and not result.ok


def test_ambiguous_unit(cast, units):
    make_unit("T01-BQL1", "Ban Quản lý dự án", parent=units.tinh)
    make_unit("T01-BQL2", "Ban Quản lý dự án", parent=units.tinh)
    client = login(cast.appraiser)
    resp = upload(client, xlsx([row(name="Dự án BQL", unit="Ban quan ly du an")]))
    assert "khớp với nhiều đơn vị, hãy dùng mã đơn vị" in resp.content.decode()
    assert Project.objects.count() == 0
    # … while the code picks one without doubt.
    assert importer.parse(cast.appraiser, xlsx([row(name="Dự án BQL", unit="T01-BQL2")])).ok


def test_unit_outside_users_scope(cast, units):
    client = login(cast.staff_b)  # Sở Y tế
    data = xlsx([row(name="Dự án của Sở Y tế"), row(name="Dự án của sở khác", unit="Sở KH&CN"),
                 row(name="Dự án của Bộ", unit="B01-VP")])
    resp = upload(client, data)
    html = resp.content.decode()
    assert "Bạn không được đăng ký cho đơn vị “Sở Khoa học và Công nghệ”" in html
    # A unit of another tree (a ministry) is simply not found: its existence is not revealed.
    assert "không tìm thấy đơn vị “B01-VP”" in html and "Văn phòng Bộ" not in html
    assert Project.objects.count() == 0


def test_duplicate_rows_in_file(cast, units):
    client = login(cast.appraiser)
    data = xlsx([
        row(name="Hệ thống camera giám sát"),
        row(name="Hệ thống khác"),
        row(name="HE THONG CAMERA  GIAM SAT", unit="SYT"),  # same folded name, same unit
        row(name="Hệ thống camera giám sát", unit="Sở KH&CN"),  # another unit: not a duplicate
    ])
    resp = upload(client, data)
    html = resp.content.decode()
    assert "Dòng 4" in html and "trùng với dòng 2 trong tệp (cùng tên và cùng đơn vị chủ đầu tư)" in html
    assert "Dòng 5" not in html
    assert Project.objects.count() == 0


def test_duplicate_of_existing_project(cast, projects):
    client = login(cast.staff_a)
    before = Project.objects.count()
    data = xlsx([row(name="XÂY DỰNG CƠ SỞ DỮ LIỆU ĐẤT ĐAI TỈNH", unit="SKHCN")])
    resp = upload(client, data)
    assert f"đã có nhiệm vụ/dự án {projects.a.code} cùng tên" in resp.content.decode()
    assert Project.objects.count() == before


def test_example_row_of_template_is_refused(cast, units):
    result = importer.parse(cast.appraiser, xlsx([row(name=importer.EXAMPLE_NAME)]))
    assert "dòng ví dụ của tệp mẫu" in " ".join(result.messages) and not result.ok


# ------------------------------------------------------------- bad files ----

def _bomb():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (150 * 1024 * 1024))
    return buf.getvalue()


def _broken_package():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets>not really")
    return buf.getvalue()


def _empty_workbook():
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name,make,message", [
    ("junk.xlsx", lambda: os.urandom(5 * 1024 * 1024), "Tệp không phải là tệp Excel .xlsx hợp lệ"),
    ("notes.xlsx", lambda: "Tên dự án;Năm bắt đầu\nDự án A;2024\n".encode(), "Tệp không phải là tệp Excel .xlsx hợp lệ"),
    ("bomb.xlsx", _bomb, "nghi ngờ tệp nén độc hại"),
    ("broken.xlsx", _broken_package, "Không đọc được nội dung tệp Excel"),
    ("empty.xlsx", _empty_workbook, "Tệp Excel trống"),
    ("headers-only.xlsx", lambda: xlsx([]), "Tệp không có dòng dữ liệu nào"),
    ("danh-muc.csv", lambda: b"a;b\n", "Chỉ nhận tệp Excel .xlsx"),
])
def test_bad_files_refused(cast, units, media, name, make, message):
    client = login(cast.appraiser)
    resp = upload(client, make(), name=name)
    html = resp.content.decode()
    assert message in html
    assert "Xác nhận nhập" not in html and stashed(media) == []
    assert Project.objects.count() == 0
    assert AuditEvent.objects.filter(verb="import.rejected", actor=cast.appraiser).exists()


@pytest.mark.parametrize("headers,missing", [
    ([h for h in HEADERS if h not in ("Năm bắt đầu*", "Chế độ pháp lý*")], ["Năm bắt đầu", "Chế độ pháp lý"]),
    (["Cột A", "Cột B", "Cột C"], ["Tên nhiệm vụ/dự án", "Loại", "Chế độ pháp lý", "Đơn vị chủ đầu tư", "Năm bắt đầu"]),
])
def test_missing_columns(cast, units, headers, missing):
    client = login(cast.appraiser)
    data = xlsx([["x"] * len(headers)], headers)
    html = upload(client, data).content.decode()
    for label in missing:
        assert f"Thiếu cột bắt buộc “{label}”" in html
    assert Project.objects.count() == 0


def test_duplicate_column_reported(cast, units):
    headers = HEADERS + ["Loại"]
    result = importer.parse(cast.appraiser, xlsx([row() + ["Mua sắm"]], headers))
    assert "Cột “Loại” xuất hiện nhiều lần (cột B và cột R)." in result.messages


def test_too_many_rows(cast, units, monkeypatch):
    monkeypatch.setattr(importer.parsing, "MAX_ROWS", 3)
    client = login(cast.appraiser)
    data = xlsx([row(name=f"Dự án {i}") for i in range(4)])
    assert "Tệp có hơn 3 dòng bên dưới dòng tiêu đề (kể cả dòng trống)" in upload(client, data).content.decode()
    assert Project.objects.count() == 0


# --------------------------------------------------------------- confirm ----

def test_forged_confirm_without_preview_writes_nothing(cast, units, media):
    client = login(cast.appraiser)
    resp = confirm(client, "forged-token-forged-token-123")
    assert resp.status_code == 302 and resp.url == reverse("projects:import")
    assert Project.objects.count() == 0
    follow = client.get(resp.url)
    assert "Không có bản xem trước hợp lệ để xác nhận" in follow.content.decode()


def test_confirm_after_preview_with_errors_writes_nothing(cast, units, media):
    client = login(cast.appraiser)
    upload(client, xlsx([row(name="Dự án", start="abc")]))
    assert "projects_import" not in client.session
    assert confirm(client, "x" * 43).status_code == 302
    assert Project.objects.count() == 0


def test_confirm_needs_matching_token_and_untouched_file(cast, units, media):
    client = login(cast.appraiser)
    upload(client, xlsx([row(name="Dự án một")]))
    token = client.session["projects_import"]["token"]
    assert confirm(client, "another-token-another-token").status_code == 302
    assert Project.objects.count() == 0
    # Someone swaps the waiting file: the checksum in the session no longer matches.
    (media / "imports" / f"{token}.xlsx").write_bytes(xlsx([row(name=f"Dự án {i}") for i in range(6)]))
    resp = confirm(client, token)
    assert resp.status_code == 302
    assert "đã bị thay đổi" in client.get(resp.url).content.decode()
    assert Project.objects.count() == 0 and stashed(media) == []


def test_confirm_revalidates_against_current_data(cast, units, media):
    client = login(cast.appraiser)
    upload(client, xlsx([row(name="Cổng thông tin y tế"), row(name="Hồ sơ sức khỏe điện tử")]))
    assert client.session["projects_import"]["rows"] == 2
    # Between preview and confirmation somebody registers the same project by hand.
    make_project(cast.staff_b, units.syt, name="Cổng thông tin y tế")
    resp = confirm(client)
    assert resp.status_code == 400
    assert "cùng tên của đơn vị chủ đầu tư này" in resp.content.decode()
    assert Project.objects.count() == 1  # only the hand-made one; the import wrote nothing
    assert not AuditEvent.objects.filter(verb="import.applied").exists()
    assert stashed(media) == []


def test_confirm_twice_imports_once(cast, units, media):
    client = login(cast.appraiser)
    upload(client, xlsx([row(name="Dự án một lần")]))
    token = client.session["projects_import"]["token"]
    assert confirm(client, token).status_code == 302
    assert confirm(client, token).status_code == 302
    assert Project.objects.filter(name="Dự án một lần").count() == 1


# -------------------------------------------------------------- template ----

def test_template_downloads_and_reimports(cast, units, media):
    client = login(cast.staff_b)
    resp = client.get(reverse("projects:import_template"))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Nhập dự án", "Danh mục", "Hướng dẫn"]
    ws = wb["Nhập dự án"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A2"].value == importer.EXAMPLE_NAME
    assert len(ws.data_validations.dataValidation) >= 5
    cat = wb["Danh mục"]
    catalogue = {cat.cell(row=1, column=c).value: [cat.cell(row=r, column=c).value for r in range(2, cat.max_row + 1)]
                 for c in range(1, cat.max_column + 1)}
    assert "Dự án đầu tư" in catalogue["Loại"] and "NĐ 73/2019" in catalogue["Chế độ pháp lý"]
    assert "T01-SYT" in catalogue["Mã đơn vị"] and "T01-SKHCN" not in catalogue["Mã đơn vị"]  # the user's scope only
    assert "Tạm dừng" not in catalogue["Trạng thái"]

    # Left as it is, the example row is refused …
    assert "dòng ví dụ của tệp mẫu" in upload(client, resp.content, "mau.xlsx").content.decode()
    # … filled in, the template imports.
    ws["A2"] = "Bệnh án điện tử"
    ws["A2"].font = openpyxl.styles.Font()
    buf = io.BytesIO()
    wb.save(buf)
    preview = upload(client, buf.getvalue(), "mau-da-dien.xlsx")
    assert "Xác nhận nhập 1 nhiệm vụ/dự án" in preview.content.decode()
    assert confirm(client).status_code == 302
    p = Project.objects.get(name="Bệnh án điện tử")
    assert p.investor_unit == units.syt and p.total_approved == 1_250_000_000 and p.total_disbursed == 500_000_000


# ------------------------------------------------------------ permission ----

def test_inspector_may_not_import(cast):
    client = login(cast.inspector)
    assert client.get(reverse("projects:import")).status_code == 403
    assert client.post(reverse("projects:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx([row()]))}).status_code == 403
    assert client.get(reverse("projects:import_template")).status_code == 403
    assert client.post(reverse("projects:import_confirm"), {"token": "x"}).status_code == 403
    assert login(cast.leader).get(reverse("projects:import")).status_code == 403
    assert Project.objects.count() == 0


def test_anonymous_is_sent_to_login(db):
    from django.test import Client

    resp = Client().get(reverse("projects:import"))
    assert resp.status_code == 302 and "tai-khoan" in resp.url


def test_apply_refuses_user_without_import_right(cast, units):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importer.apply(cast.inspector, xlsx([row()]), "a.xlsx")
    assert Project.objects.count() == 0


def test_unit_that_had_ended_before_the_start_year(cast, units):
    result = importer.parse(cast.appraiser, xlsx([row(name="Dự án mới của sở cũ", unit="STTTT", start=2026, end=2026)]))
    assert any("chỉ hoạt động đến 28/02/2025" in m and "đơn vị kế thừa" in m for m in result.messages)
    assert importer.parse(cast.appraiser, xlsx([row(name="Dự án cũ", unit="STTTT", start=2024, end=2026)])).ok


def test_post_without_file(cast, units):
    resp = login(cast.appraiser).post(reverse("projects:import"), {})
    assert resp.status_code == 400 and "Chưa chọn tệp Excel để tải lên." in resp.content.decode()
    assert Project.objects.count() == 0
