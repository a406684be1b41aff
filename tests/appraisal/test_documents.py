"""The two Word documents of an appraisal: the báo cáo kết quả thẩm định and
the (dự thảo) quyết định phê duyệt, opened with python-docx and read as a user would — header,
title, tables, amounts, the late opinion, the conclusion and its countersignature — plus the
amount in words and, where LibreOffice is installed, the conversion to PDF."""
import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document

from cds.appraisal import services
from cds.appraisal.documents import (
    appraisal_report,
    draft_decision,
    report_filename,
    vnd_in_words,
)
from cds.appraisal.models import Opinion, Result
from cds.projects.models import DocType, ProjectDocument
from cds.reports.nd30 import BLANK, QUOC_HIEU, TIEU_NGU, format_date
from cds.rules.models import ItemKind, TimeLimit
from tests.conftest import require_tool
from tests.factories import make_project, regime

from .conftest import TY, approved, complete, countersigned, submitted

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TODAY = dt.date.today()


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the document in reading order, those inside tables included."""
    root = Document(io.BytesIO(data)).element
    return ["".join(t.text or "" for t in p.iter(W_NS + "t")) for p in root.iter(W_NS + "p")]


def text_of(data: bytes) -> str:
    return "\n".join(paragraphs(data))


def table_rows(data: bytes, first_header: str, header_word: str) -> list[list[str]]:
    """Body rows (cell texts) of the table whose header row has ``header_word``."""
    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if head and head[0] == first_header and header_word in head:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table with {header_word!r}")


def content_items(dossier):
    return list(dossier.procedure.checklist.filter(kind=ItemKind.CONTENT).order_by("order", "id"))


def d(day) -> str:
    return f"{day:%d/%m/%Y}"


# --------------------------------------------------------------------- amounts in words

@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"),
    (1_000_050_000, "Một tỷ không trăm năm mươi nghìn đồng"),
    (15_000_000_000, "Mười lăm tỷ đồng"),
    (2_000_000_000_000, "Hai nghìn tỷ đồng"),
])
def test_vnd_in_words(amount, words):
    assert vnd_in_words(amount) == words


# ------------------------------------------------------------------------- the report

def _report_dossier(cast, units, others):
    """Submitted, one supplement round-trip, a late answer from Sở Tài chính, no answer from
    Công an tỉnh (past due), one content item failed, concluded "cần bổ sung" with findings,
    countersigned with a note."""
    dossier = submitted(cast, units)
    services.request_supplement(cast.appraiser, dossier, request="Bổ sung báo giá thiết bị")
    services.supplement(cast.head_a, dossier, response="Đã bổ sung báo giá")
    late = services.request_opinion(cast.appraiser, dossier, unit=others.stc, question="Ý kiến về nguồn kinh phí",
                                    due=TODAY + dt.timedelta(days=5))
    silent = services.request_opinion(cast.appraiser, dossier, unit=others.ca, question="Ý kiến về an ninh mạng",
                                      due=TODAY + dt.timedelta(days=5))
    Opinion.objects.filter(pk__in=[late.pk, silent.pk]).update(requested_on=TODAY - dt.timedelta(days=10),
                                                               due_date=TODAY - dt.timedelta(days=3))
    services.answer_opinion(others.stc_head, late, answer="Đủ điều kiện bố trí từ nguồn chi thường xuyên.",
                            agrees=True)
    items = content_items(dossier)
    results = {i.pk: (Result.PASS, "") for i in items}
    results[items[-1].pk] = (Result.FAIL, "Chi phí dự phòng vượt 10% tổng các khoản mục")
    results[items[0].pk] = (Result.NA, "")
    services.save_checklist(cast.appraiser, dossier, results)
    findings = [
        {"check": "overlap", "level": "warning", "text": "Giống hệ thống một cửa điện tử của tỉnh 82%", "link": ""},
        {"check": "architecture", "level": "info", "text": "Chưa nêu kết nối qua LGSP của tỉnh", "link": ""},
        {"check": "legal_basis", "level": "ok", "text": "Căn cứ đã ghi nhận đầy đủ", "link": ""},
    ]
    dossier.refresh_from_db()
    services.conclude(cast.appraiser, dossier, conclusion="needs_supplement",
                      text="Đề nghị đơn vị hoàn thiện dự toán trước khi trình phê duyệt.", findings=findings)
    services.countersign(cast.supervisor, dossier, agree=True, note="Thống nhất với kết luận của chuyên viên.")
    dossier.refresh_from_db()
    return dossier


def test_appraisal_report_shows_what_was_appraised(cast, units, others):
    dossier = _report_dossier(cast, units, others)
    project = dossier.project
    data = appraisal_report(dossier)
    text = text_of(data)
    paras = paragraphs(data)

    # NĐ 30 header: issued by the appraiser's Sở under the province, number left blank
    for expected in (QUOC_HIEU, TIEU_NGU, "UBND TỈNH THỬ NGHIỆM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                     f"Số: {BLANK}/BC-SKHCN", f"Thử Nghiệm, {format_date(TODAY)}", "BÁO CÁO",
                     "Kính gửi: Ủy ban nhân dân tỉnh Thử Nghiệm"):
        assert expected in text, expected
    subject = f"Kết quả thẩm định đề cương và dự toán chi tiết {project.name}"
    assert subject in paras

    # I. general information and the clock
    for expected in ("I. THÔNG TIN CHUNG", f"Mã nhiệm vụ/dự án: {project.code}", f"Tên nhiệm vụ/dự án: {project.name}",
                     "Chủ đầu tư/đơn vị sử dụng ngân sách: Sở Khoa học và Công nghệ", "Chế độ pháp lý áp dụng: NĐ 73/2019",
                     f"Thủ tục: {dossier.procedure.name}", "Kinh phí đề nghị: 1.000.000.000 đồng",
                     f"Số hồ sơ: {dossier.code}", "Lần trình: 1", f"Ngày trình: {d(TODAY)}",
                     f"Ngày nhận đủ hồ sơ hợp lệ (bắt đầu tính thời hạn): {d(TODAY)}",
                     "Thời hạn thẩm định: 15 ngày làm việc (TT 03/2020/TT-BTTTT Điều 7.1)",
                     f"Hạn thẩm định: {d(dossier.due_date)}",
                     f"Yêu cầu bổ sung ngày {d(TODAY)}, nhận hồ sơ bổ sung ngày {d(TODAY)} (0 ngày): Bổ sung báo giá",
                     f"Tình trạng thời hạn: Kết luận thẩm định ngày {d(TODAY)}, đúng hạn"):
        assert expected in text, expected
    assert "(cần xác nhận)" not in text  # nothing of this procedure is flagged

    # II. the documents
    docs = table_rows(data, "STT", "Tên tệp")
    assert [r[1] for r in docs] == ["Tờ trình thẩm định", "Đề cương và dự toán chi tiết"]
    assert all(r[2] == "1" and r[3].endswith(".pdf") and r[4] == d(TODAY) for r in docs)

    # III. opinions: the late answer is flagged, the silent unit too
    opinions = {r[1]: r for r in table_rows(data, "STT", "Ý kiến trả lời")}
    stc, ca = opinions["Sở Tài chính"], opinions["Công an tỉnh"]
    assert stc[2] == "Ý kiến về nguồn kinh phí" and stc[3] == d(TODAY - dt.timedelta(days=3))
    assert stc[4] == d(TODAY) and stc[5] == "Quá hạn"
    assert stc[6] == "Thống nhất. Đủ điều kiện bố trí từ nguồn chi thường xuyên."
    assert ca[4] == "Chưa trả lời" and ca[5] == "Quá hạn" and ca[6] == ""

    # IV. each content item in order with its citation, result and comment; the findings
    rows = table_rows(data, "STT", "Kết quả")
    items = content_items(dossier)
    assert [r[1] for r in rows] == [i.text for i in items]
    assert [r[2] for r in rows] == [i.citation for i in items]
    assert [r[3] for r in rows] == ["Không áp dụng"] + ["Đạt"] * (len(items) - 2) + ["Không đạt"]
    assert rows[-1][4] == "Chi phí dự phòng vượt 10% tổng các khoản mục"
    assert "Phát hiện tự động" in text
    assert "Cảnh báo (trùng lặp, dùng lại): Giống hệ thống một cửa điện tử của tỉnh 82%" in text
    assert "Lưu ý (kiến trúc, kết nối): Chưa nêu kết nối qua LGSP của tỉnh" in text
    assert "Căn cứ đã ghi nhận đầy đủ" not in text  # "ok" findings are not repeated

    # V. conclusion, appraiser and independent supervisor; then the signature block
    assert "Kết luận: Cần bổ sung, hoàn thiện." in paras
    assert "Đề nghị đơn vị hoàn thiện dự toán trước khi trình phê duyệt." in paras
    assert f"Người thẩm định: {cast.appraiser.display_name}, ngày {d(TODAY)}." in paras
    assert (f"Giám sát độc lập: {cast.supervisor.display_name}, ngày {d(TODAY)} — "
            "Thống nhất với kết luận của chuyên viên.") in paras
    assert text.index("I. THÔNG TIN CHUNG") < text.index("II. THÀNH PHẦN HỒ SƠ") < text.index(
        "III. Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ") < text.index("IV. KẾT QUẢ THẨM ĐỊNH") < text.index("V. KẾT LUẬN")
    for expected in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nơi nhận:", "- Ủy ban nhân dân tỉnh Thử Nghiệm (báo cáo);",
                     "- Lưu: VT, SKHCN."):
        assert expected in paras, expected


def test_report_before_conclusion_is_a_draft_of_the_province_and_cites_unconfirmed_rules_plainly(cast, units):
    dossier = submitted(cast, units)
    unchecked = dict(confirmed_at=None, confirmed_by="", confirmed_against="", confirmation_note="Chưa đối chiếu")
    dossier.procedure.__class__.objects.filter(pk=dossier.procedure_id).update(**unchecked)
    TimeLimit.objects.filter(procedure=dossier.procedure_id, step="appraisal").update(**unchecked)
    data = appraisal_report(dossier)
    text = text_of(data)
    assert "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" in text and "UBND TỈNH THỬ NGHIỆM" not in text
    assert f"Số: {BLANK}/BC-UBND" in text and f"ngày{BLANK}tháng{BLANK}năm {TODAY.year}" in text
    # an unchecked rule is cited like any other: the document never says whether it was checked
    assert f"({dossier.procedure.citation})" in text
    assert "Thời hạn thẩm định: 15 ngày làm việc (TT 03/2020/TT-BTTTT Điều 7.1)" in text
    assert "xác nhận" not in text and "đối chiếu" not in text
    assert "Tình trạng thời hạn: Chưa kết luận thẩm định; còn 15 ngày làm việc" in text
    assert "Trong quá trình thẩm định không xin ý kiến cơ quan, đơn vị khác." in text
    assert {r[3] for r in table_rows(data, "STT", "Kết quả")} == {"Chưa đánh giá"}
    assert "Phát hiện tự động" not in text
    assert "Chưa có kết luận thẩm định." in text and "Giám sát độc lập" not in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


# ----------------------------------------------------------------------- the decision

def _basis(project, number, *, removed=False, legal=True, doc_type=DocType.DECISION,
           title="Phê duyệt chủ trương và dự kiến kinh phí nhiệm vụ"):
    return ProjectDocument.objects.create(project=project, number=number, issued_on=dt.date(2026, 2, 3),
                                          issuer="Ủy ban nhân dân tỉnh Thử Nghiệm", doc_type=doc_type, title=title,
                                          is_legal_basis=legal, is_removed=removed)


def test_draft_decision_before_approval(cast, units, others):
    dossier = countersigned(cast, units, amount=1_250_000_000)
    project = dossier.project
    _basis(project, "45/QĐ-UBND")
    _basis(project, "46/QĐ-UBND", removed=True)
    _basis(project, "47/CV-UBND", legal=False, doc_type=DocType.OFFICIAL_LETTER)
    _basis(project, "12/TTr-SKHCN", doc_type=DocType.SUBMISSION, title="Đề nghị thẩm định đề cương")
    data = draft_decision(dossier)
    paras = paragraphs(data)
    text = "\n".join(paras)

    # "DỰ THẢO" above everything, blanks for the number and the date
    assert paras[0] == "DỰ THẢO" and text.index("DỰ THẢO") < text.index(QUOC_HIEU)
    for expected in (TIEU_NGU, "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", f"Số: {BLANK}/QĐ-UBND",
                     f"Thử Nghiệm, ngày{BLANK}tháng{BLANK}năm {TODAY.year}", "QUYẾT ĐỊNH",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "QUYẾT ĐỊNH:"):
        assert expected in paras, expected
    assert f"Phê duyệt đề cương và dự toán chi tiết {project.name}" in paras

    # căn cứ: the law, the regime, the procedure, the project's legal-basis documents, the request
    for expected in (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        f"Căn cứ {dossier.procedure.regime.name};",
        f"Căn cứ quy định tại {dossier.procedure.citation};",
        "Căn cứ Quyết định số 45/QĐ-UBND ngày 03/02/2026 của Ủy ban nhân dân tỉnh Thử Nghiệm về việc phê duyệt "
        "chủ trương và dự kiến kinh phí nhiệm vụ;",
        "Xét đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 12/TTr-SKHCN ngày 03/02/2026 và kết quả thẩm định "
        f"của Sở Khoa học và Công nghệ tại Báo cáo kết quả thẩm định ngày {d(TODAY)}.",
    ):
        assert expected in paras, expected
    assert "46/QĐ-UBND" not in text and "47/CV-UBND" not in text

    # Điều 1–3, the amount in figures and in words, signer and recipients
    assert text.index("QUYẾT ĐỊNH:") < text.index("Điều 1.") < text.index("Điều 2.") < text.index("Điều 3.")
    for expected in (
        f"Điều 1. Phê duyệt đề cương và dự toán chi tiết {project.name} với các nội dung chủ yếu sau:",
        f"1. Tên nhiệm vụ/dự án: {project.name}.",
        "2. Đơn vị sử dụng ngân sách (chủ trì thực hiện): Sở Khoa học và Công nghệ.",
        "3. Mục tiêu: Số hóa hồ sơ địa chính, kết nối CSDL quốc gia về đất đai.",
        "4. Quy mô, phạm vi: Toàn tỉnh.",
        "5. Tổng kinh phí: 1.250.000.000 đồng (Bằng chữ: Một tỷ hai trăm năm mươi triệu đồng).",
        "6. Nguồn vốn: Ngân sách địa phương — đầu tư phát triển.",
        "7. Thời gian thực hiện: năm 2024–2025.",
        "Điều 2. Tổ chức thực hiện.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "- Như Điều 3;",
    ):
        assert expected in paras, expected
    assert any(p.startswith("Chánh Văn phòng UBND tỉnh; Giám đốc Sở Khoa học và Công nghệ") and
               p.endswith("chịu trách nhiệm thi hành Quyết định này./.") for p in paras)
    assert "TM. ỦY BAN NHÂN DÂN" not in text
    assert report_filename(dossier, "decision") == f"Du-thao-QD-{dossier.code}.docx"


def test_draft_decision_cites_decree_numbers_and_the_appraising_body(cast, units):
    """Before any conclusion the decision cites the regime's decree by number, date and issuer, the
    procedure's articles, and the appraisal result of the province's CĐS authority — never "of the
    UBND tỉnh", which decides and does not appraise."""
    project = make_project(cast.staff_b, units.syt, kind="recurrent", regime=regime("ND73_2019"), group="C",
                           name="Phần mềm quản lý khám chữa bệnh")
    dossier = services.create_dossier(cast.staff_b, project, {"amount": TY, "title": ""})
    dossier = services.submit(cast.head_b, complete(dossier, cast.staff_b))
    _basis(project, "15/2026/NĐ-CP", doc_type=DocType.OTHER, title="Nghị định quy định chi tiết Luật Thử nghiệm")
    _basis(project, "412/KH-UBND", doc_type=DocType.PLAN, title="Kế hoạch chuyển đổi số tỉnh năm 2026")
    paras = paragraphs(draft_decision(dossier))
    text = "\n".join(paras)
    for expected in (
        "Căn cứ Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ quy định quản lý đầu tư ứng dụng công "
        "nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước;",
        "Căn cứ quy định tại NĐ 73/2019/NĐ-CP Điều 51.2; TT 03/2020/TT-BTTTT Điều 4–7;",
        "Căn cứ Nghị định số 15/2026/NĐ-CP ngày 03/02/2026 của Ủy ban nhân dân tỉnh Thử Nghiệm quy định chi tiết "
        "Luật Thử nghiệm;",
        "Căn cứ Kế hoạch số 412/KH-UBND ngày 03/02/2026 của Ủy ban nhân dân tỉnh Thử Nghiệm về chuyển đổi số tỉnh "
        "năm 2026;",
        f"Xét đề nghị của Sở Y tế tại Tờ trình đề nghị thẩm định (hồ sơ số {dossier.code} trình ngày {d(TODAY)}) "
        "và kết quả thẩm định của Sở Khoa học và Công nghệ.",
    ):
        assert expected in paras, expected
    assert "kết quả thẩm định của Ủy ban nhân dân" not in text and "Văn bản khác" not in text
    assert any(p.startswith("2. Sở Khoa học và Công nghệ theo dõi, hướng dẫn") for p in paras)

    # under NĐ 45/2026 the decree of 26/01/2026 and the article read in it
    dossier = submitted(cast, units, kind="investment", regime_code="ND45_2026", amount=5 * TY)
    paras = paragraphs(draft_decision(dossier))
    assert ("Căn cứ Nghị định số 45/2026/NĐ-CP ngày 26/01/2026 của Chính phủ về quản lý đầu tư ứng dụng công nghệ "
            "thông tin sử dụng nguồn vốn ngân sách nhà nước;") in paras
    assert "Căn cứ quy định tại NĐ 45/2026/NĐ-CP Điều 9.2.a;" in paras


def test_decision_after_approval_has_its_number_and_date(cast, units):
    dossier = approved(cast, units)
    data = draft_decision(dossier)
    paras = paragraphs(data)
    text = "\n".join(paras)
    assert "DỰ THẢO" not in text
    assert "Số: 123/QĐ-UBND" in paras and f"Thử Nghiệm, {format_date(TODAY)}" in paras
    assert "5. Tổng kinh phí: 1.000.000.000 đồng (Bằng chữ: Một tỷ đồng)." in paras
    # the decision, filed on the project as a legal-basis document when approved, does not cite itself
    assert dossier.project.documents.filter(number="123/QĐ-UBND", is_legal_basis=True).exists()
    assert "Căn cứ Quyết định số 123/QĐ-UBND" not in text
    assert report_filename(dossier, "decision") == f"QD-phe-duyet-{dossier.code}.docx"


def test_report_filename_is_ascii(cast, units):
    dossier = submitted(cast, units)
    assert report_filename(dossier, "report") == f"BC-tham-dinh-{dossier.code}.docx"
    assert report_filename(dossier, "decision") == f"Du-thao-QD-{dossier.code}.docx"
    assert report_filename(dossier, "report").isascii()
    with pytest.raises(ValueError):
        report_filename(dossier, "other")


# -------------------------------------------------------------------------- LibreOffice

def _pdf_text(pdf) -> str | None:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        return None
    return subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")


def test_libreoffice_converts_both_documents(cast, units, tmp_path):
    soffice = require_tool("soffice", "libreoffice", what="LibreOffice (soffice) is not installed")
    dossier = countersigned(cast, units, amount=TY)
    sources = [tmp_path / report_filename(dossier, "report"), tmp_path / report_filename(dossier, "decision")]
    sources[0].write_bytes(appraisal_report(dossier))
    sources[1].write_bytes(draft_decision(dossier))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, sources)], check=True, capture_output=True, timeout=240)
    for src, title in zip(sources, ("Kết quả thẩm định", "Phê duyệt")):
        pdf = tmp_path / (src.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
        text = _pdf_text(pdf)
        if text is not None:
            flat = " ".join(text.split())
            assert title in flat and dossier.project.name in flat
