"""NĐ 30/2020 layout of generated Word documents, checked by reopening the bytes with
python-docx (no database).  The PDF round-trip runs only where LibreOffice is installed."""
import datetime as dt
import io
import re
import struct
import subprocess
import zlib
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cds.reports import nd30
from cds.reports.nd30 import (
    QUOC_HIEU,
    TIEU_NGU,
    DocumentHeader,
    Nd30Document,
    Signer,
    format_date,
    format_number,
    format_vnd,
    number_symbol,
    roman,
    text_width_mm,
)
from tests.conftest import require_tool

TNR = "Times New Roman"
SUBJECT = "Kết quả rà soát, đánh giá hiệu quả các nhiệm vụ,\ndự án chuyển đổi số năm 2025"


def tiny_png(width=60, height=30) -> bytes:
    """A small bar-chart-like PNG written by hand (no Pillow in the project)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            bar = (x // 10) % 2 == 0 and y > height - 8 - 4 * (x // 10)
            row += bytes((31, 78, 121) if bar else (255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def build_sample() -> Nd30Document:
    doc = Nd30Document(DocumentHeader(
        parent_body="UBND tỉnh Sơn Lâm", issuer="Sở Khoa học và Công nghệ", issuer_name="Sở Khoa học và Công nghệ",
        number=5, symbol="BC-SKHCN", place="Sơn Lâm", date=dt.date(2026, 1, 5),
        doc_type_name="Báo cáo", subject=SUBJECT,
        addressees=["Ủy ban nhân dân tỉnh Sơn Lâm"],
        legal_bases=["Căn cứ Nghị định số 224/2026/NĐ-CP ngày 24 tháng 6 năm 2026 của Chính phủ quy định chi "
                     "tiết một số điều của Luật Chuyển đổi số", "Căn cứ Kế hoạch số 12/KH-UBND ngày 15 tháng "
                     "02 năm 2025 của Ủy ban nhân dân tỉnh về chuyển đổi số năm 2025;"],
    ))
    doc.paragraph("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Khoa học và Công nghệ báo cáo kết quả rà "
                  "soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2025 như sau:")
    doc.heading("Kết quả rà soát")
    doc.heading("Tình hình triển khai", level=2)
    doc.paragraph("Năm 2025, toàn tỉnh triển khai 3 nhiệm vụ, dự án với tổng kinh phí được giao là "
                  f"{format_vnd(2_130_500_000)} đồng.")
    doc.bullet("02 dự án đã hoàn thành, đưa vào sử dụng;")
    doc.bullet(["01 nhiệm vụ ", ("chậm tiến độ", "b"), " do vướng mắc về thủ tục."])
    doc.table(
        ["STT", "Tên nhiệm vụ, dự án", "Chủ đầu tư", "Kinh phí được giao (đồng)", "Giải ngân (%)"],
        ["A. DỰ ÁN ĐẦU TƯ",
         [1, "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm", "Sở Nông nghiệp và Môi trường", 1_250_000_000, 98.5],
         [2, "Nâng cấp Hệ thống thông tin giải quyết TTHC", "Văn phòng UBND tỉnh", 780_000_000, 100.0],
         "B. NHIỆM VỤ CHI THƯỜNG XUYÊN",
         [3, "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", Decimal("100500000"), 61.25],
         ["", "Tổng cộng", "", 2_130_500_000, None]],
        widths=[1.2, 6, 4, 4, 2.5], bold_rows=[5],
        title="Bảng 1. Kinh phí các nhiệm vụ, dự án năm 2025", unit="Đơn vị tính: đồng",
    )
    doc.image(tiny_png(), width_cm=8, caption="Hình 1. Tỷ lệ giải ngân theo nhiệm vụ, dự án")
    doc.heading("Đánh giá chung")
    doc.paragraph("Các dự án hoàn thành đã phát huy hiệu quả; chi tiết tại Phụ lục I kèm theo Báo cáo này./.")
    doc.closing(Signer(["KT. Giám đốc", "Phó Giám đốc"], "Nguyễn Văn An"),
                recipients=["Như trên;", "- Bộ Khoa học và Công nghệ (b/c);", "Giám đốc, các PGĐ Sở"],
                archive="VT, CĐS")
    doc.appendix("Danh mục nhiệm vụ, dự án chuyển đổi số năm 2025", landscape=True)
    doc.table(["STT", "Tên dự án", "Mục tiêu", "Kết quả", "Tổng mức đầu tư (đồng)", "Đề xuất"],
              [[1, "CSDL đất đai", "Số hóa 100% hồ sơ địa chính", "Đạt", 1_250_000_000, "Tiếp tục vận hành"]],
              widths=[1.2, 5, 6, 3, 4, 4])
    return doc


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return build_sample().to_bytes()


@pytest.fixture(scope="module")
def sample(sample_bytes):
    return Document(io.BytesIO(sample_bytes))


def all_paragraphs(doc):
    """Body paragraphs and those inside tables, in document order."""
    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield block
    yield from walk(doc)


def find_paragraph(doc, start):
    for p in all_paragraphs(doc):
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starting with {start!r}")


# ------------------------------------------------------------------------ pure functions

def test_date_zero_padding_rule():
    assert format_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_date(dt.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert format_date(dt.date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"
    # only months 1 and 2 get a leading zero (NĐ 30, Phụ lục I, II.4.b)
    assert format_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert format_date(dt.date(2026, 12, 9)) == "ngày 09 tháng 12 năm 2026"
    assert re.fullmatch(r"ngày +tháng +năm 2026", format_date(None, 2026))


def test_number_and_symbol():
    assert number_symbol(5, "BC-SKHCN") == "05/BC-SKHCN"
    assert number_symbol(15, "QĐ - UBND") == "15/QĐ-UBND"
    assert number_symbol("7", "TTr-SKHCN") == "07/TTr-SKHCN"  # official mixed-case abbreviation kept
    assert re.fullmatch(r" +/BC-SKHCN", number_symbol(None, "BC-SKHCN"))


def test_money_and_numbers():
    assert format_vnd(1_250_000_000) == "1.250.000.000"
    assert format_vnd(999) == "999"
    assert format_vnd(0) == "0"
    assert format_vnd(-5_000) == "-5.000"
    assert format_vnd(Decimal("1250000000.50")) == "1.250.000.001"  # half up
    assert format_number(98.5, 1) == "98,5"
    assert format_number(Decimal("1234.567"), 2) == "1.234,57"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def test_text_width_is_times_new_roman_metric():
    # Quốc hiệu in bold 12 pt is about 88 mm (checked against a metric-compatible font)
    assert 86 < text_width_mm(QUOC_HIEU, 12, bold=True) < 90
    assert 54 < text_width_mm(TIEU_NGU, 13, bold=True) < 58


# ----------------------------------------------------------------------- the sample report

def test_page_setup(sample):
    s = sample.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    for margin, mm in ((s.top_margin, 20), (s.bottom_margin, 20), (s.left_margin, 30), (s.right_margin, 15)):
        assert abs(margin - Mm(mm)) < Mm(0.1)


def test_times_new_roman_everywhere(sample):
    normal = sample.styles["Normal"]
    assert normal.font.name == TNR
    fonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(qn(f"w:{attr}")) == TNR
    defaults = sample.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == TNR and defaults.get(qn("w:asciiTheme")) is None
    runs = [r for p in all_paragraphs(sample) for r in p.runs if r.text.strip()]
    runs += [r for s in sample.sections for p in s.header.paragraphs for r in p.runs]
    assert len(runs) > 40
    for run in runs:
        assert run.font.name == TNR, run.text
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == TNR, run.text


def test_header_table(sample):
    header = sample.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["UBND TỈNH SƠN LÂM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert [p.text for p in right.paragraphs if p.text] == [QUOC_HIEU, TIEU_NGU]
    assert all(r.bold for p in right.paragraphs for r in p.runs)
    assert right.paragraphs[0].runs[0].font.size == Pt(12)
    assert right.paragraphs[1].runs[0].font.size == Pt(13)
    number_cell, date_cell = header.rows[1].cells
    assert number_cell.text == "Số: 05/BC-SKHCN"
    assert date_cell.text == "Sơn Lâm, ngày 05 tháng 01 năm 2026"
    assert all(r.italic for r in date_cell.paragraphs[0].runs)
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def rule_length_mm(paragraph, avail_mm):
    assert paragraph._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert paragraph.text == ""
    pf = paragraph.paragraph_format
    return avail_mm - (pf.left_indent + pf.right_indent) / 36000


def test_rules_under_tieu_ngu_issuer_and_subject(sample):
    header = sample.tables[0]
    left, right = header.rows[0].cells
    tieu_ngu = rule_length_mm(right.paragraphs[2], nd30.HEADER_RIGHT_MM)
    assert abs(tieu_ngu - text_width_mm(TIEU_NGU, 13, True)) < 0.5
    issuer_w = text_width_mm("SỞ KHOA HỌC VÀ CÔNG NGHỆ", 13, True)
    assert issuer_w / 3 <= rule_length_mm(left.paragraphs[2], nd30.HEADER_LEFT_MM) <= issuer_w / 2
    paragraphs = sample.paragraphs
    i = next(n for n, p in enumerate(paragraphs) if p.text == SUBJECT)
    longest = text_width_mm(SUBJECT, 14, True)  # of the two lines split by "\n"
    assert longest / 3 <= rule_length_mm(paragraphs[i + 1], 165) <= longest / 2


def test_title_and_subject(sample):
    title = find_paragraph(sample, "BÁO CÁO")
    assert title.text == "BÁO CÁO"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in title.runs) and title.runs[0].font.size == Pt(14)
    subject = find_paragraph(sample, SUBJECT)
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in subject.runs)
    assert find_paragraph(sample, "Kính gửi:").text == "Kính gửi: Ủy ban nhân dân tỉnh Sơn Lâm"


def test_legal_bases_italic_and_punctuated(sample):
    bases = [p for p in sample.paragraphs if p.text.startswith("Căn cứ")]
    assert len(bases) == 2
    assert bases[0].text.endswith("Luật Chuyển đổi số;") and bases[1].text.endswith("năm 2025.")
    assert all(r.italic for p in bases for r in p.runs)


def test_body_paragraphs(sample):
    p = find_paragraph(sample, "Thực hiện chỉ đạo")
    pf = p.paragraph_format
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Mm(12.7)) < Mm(0.1)
    assert pf.space_before >= Pt(6)
    assert 1.0 <= pf.line_spacing <= 1.5
    assert p.runs[0].font.size == Pt(14)
    bullet = find_paragraph(sample, "- 01 nhiệm vụ")
    assert [r.bold for r in bullet.runs if r.text == "chậm tiến độ"] == [True]


def test_headings_numbered(sample):
    h1 = find_paragraph(sample, "I. KẾT QUẢ RÀ SOÁT")
    assert all(r.bold for r in h1.runs) and h1.paragraph_format.keep_with_next
    assert find_paragraph(sample, "1. Tình hình triển khai").runs[0].bold
    assert find_paragraph(sample, "II. ĐÁNH GIÁ CHUNG")


def test_money_table(sample):
    table = sample.tables[1]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    money = [c for row in table.rows for c in row.cells if c.text == "1.250.000.000"]
    assert len(money) == 1
    assert money[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert money[0].paragraphs[0].runs[0].font.size == Pt(12)
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[1] == ["A. DỰ ÁN ĐẦU TƯ"] * 5  # merged group row
    assert texts[2][4] == "98,5" and texts[3][4] == "100" and texts[5][4] == "61,25"
    assert texts[5][3] == "100.500.000"
    total = table.rows[6]
    assert total.cells[3].text == "2.130.500.000" and total.cells[3].paragraphs[0].runs[0].bold
    assert texts[2][0] == "1" and table.rows[2].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert find_paragraph(sample, "Đơn vị tính: đồng").alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_image_embedded(sample):
    assert len(sample.inline_shapes) == 1
    assert abs(sample.inline_shapes[0].width - Mm(80)) < Mm(0.1)


def test_page_numbers_not_on_first_page(sample):
    for section in sample.sections:
        assert section.different_first_page_header_footer
        first = section.first_page_header
        assert not first.is_linked_to_previous
        assert "PAGE" not in first._element.xml and first.paragraphs[0].text == ""
        header = section.header
        assert not header.is_linked_to_previous
        instr = [t.text for t in header._element.iter(qn("w:instrText"))]
        assert instr == [" PAGE "]
        assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_closing_block(sample):
    closing = sample.tables[2]
    left, right = closing.rows[0].cells
    noi_nhan = left.paragraphs[0]
    assert noi_nhan.text == "Nơi nhận:"
    assert noi_nhan.runs[0].bold and noi_nhan.runs[0].italic and noi_nhan.runs[0].font.size == Pt(12)
    lines = [p.text for p in left.paragraphs[1:]]
    assert lines == ["- Như trên;", "- Bộ Khoa học và Công nghệ (b/c);", "- Giám đốc, các PGĐ Sở;",
                     "- Lưu: VT, CĐS."]
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    signer = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signer] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(p.runs[0].bold and p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signer)
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    # the last paragraph of the text goes to the next page with the signature, if need be
    assert find_paragraph(sample, "Các dự án hoàn thành").paragraph_format.keep_with_next


def test_appendix_section(sample):
    assert len(sample.sections) == 2
    s = sample.sections[1]
    assert s.orientation == WD_ORIENT.LANDSCAPE and abs(s.page_width - Mm(297)) < Mm(0.1)
    assert s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # numbered separately
    head = find_paragraph(sample, "Phụ lục I")
    assert head.text == "Phụ lục I" and head.runs[0].bold and head.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert find_paragraph(sample, "DANH MỤC NHIỆM VỤ").runs[0].bold
    ref = find_paragraph(sample, "(Kèm theo")
    assert ref.text == ("(Kèm theo Báo cáo số 05/BC-SKHCN ngày 05 tháng 01 năm 2026 "
                        "của Sở Khoa học và Công nghệ)")
    assert ref.runs[0].italic
    wide = sample.tables[3]
    total_width = sum(c.width for c in wide.columns)
    assert abs(total_width - Mm(297 - 45)) < Mm(0.5)  # spans the landscape text width


def test_properties_in_schema_order(sample_bytes):
    """Word refuses files whose property elements are out of schema order."""
    doc = Document(io.BytesIO(sample_bytes))
    parts = [doc.element, doc.styles.element] + [s.header._element for s in doc.sections]
    checked = 0
    for root in parts:
        for tag, seq in nd30._SEQ.items():
            order = [qn(t) for t in seq]
            for el in root.iter(qn(tag)):
                positions = [order.index(child.tag) for child in el if child.tag in order]
                assert positions == sorted(positions), (tag, [c.tag for c in el])
                checked += 1
    assert checked > 100


# ----------------------------------------------------------------------- other layouts

def test_cong_van_draft_without_number_or_date():
    doc = Nd30Document(DocumentHeader(
        parent_body="UBND TỈNH SƠN LÂM", issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ", symbol="SKHCN-CĐS",
        place="Sơn Lâm", draft_year=2026, subject="đôn đốc báo cáo hiệu quả dự án chuyển đổi số",
        addressees=["Sở Y tế", "Sở Nội vụ;", "Ủy ban nhân dân các xã, phường"]))
    doc.paragraph("Thực hiện Nghị định số 224/2026/NĐ-CP …")
    doc.closing(Signer("GIÁM ĐỐC"), recipients=["Như trên"], archive="VT, CĐS")
    out = Document(io.BytesIO(doc.to_bytes()))
    number_cell, date_cell = out.tables[0].rows[1].cells
    assert re.fullmatch(r"Số: +/SKHCN-CĐS", number_cell.paragraphs[0].text)
    assert number_cell.paragraphs[1].text == "V/v đôn đốc báo cáo hiệu quả dự án chuyển đổi số"
    assert re.fullmatch(r"Sơn Lâm, ngày +tháng +năm 2026", date_cell.text)
    texts = [p.text for p in out.paragraphs]
    assert not any(t in ("BÁO CÁO", "CÔNG VĂN") for t in texts)
    assert "Kính gửi:\t- Sở Y tế;" in texts and "- Sở Nội vụ;" in texts
    assert "- Ủy ban nhân dân các xã, phường." in texts
    # the dashes of later addressees line up with the first one's
    first = next(p for p in out.paragraphs if p.text.startswith("Kính gửi:"))
    later = next(p for p in out.paragraphs if p.text == "- Sở Nội vụ;")
    tab = first.paragraph_format.tab_stops[0].position
    assert abs(tab - later.paragraph_format.left_indent) < Mm(0.1)


def test_decision_with_authority_and_articles():
    doc = Nd30Document(DocumentHeader(
        parent_body="", issuer="ỦY BAN NHÂN DÂN\nTỈNH SƠN LÂM", symbol="QĐ-UBND", place="Sơn Lâm",
        doc_type_name="QUYẾT ĐỊNH", subject="Phê duyệt Báo cáo kinh tế - kỹ thuật dự án Xây dựng CSDL đất đai",
        authority="Chủ tịch Ủy ban nhân dân tỉnh Sơn Lâm",
        legal_bases=["Căn cứ Luật Tổ chức chính quyền địa phương",
                     "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ."]))
    doc.centered("QUYẾT ĐỊNH:")
    doc.article("Phê duyệt Báo cáo kinh tế - kỹ thuật với các nội dung sau:")
    doc.article("Quyết định này có hiệu lực kể từ ngày ký.")
    doc.closing(Signer(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]), recipients=["Như Điều 3"],
                archive="VT, KTTH")
    out = Document(io.BytesIO(doc.to_bytes()))
    left = out.tables[0].rows[0].cells[0]
    assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN\nTỈNH SƠN LÂM"  # explicit line break kept
    texts = [p.text for p in out.paragraphs]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LÂM" in texts
    assert texts[texts.index("QUYẾT ĐỊNH:") - 1] == "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ."
    art = find_paragraph(out, "Điều 2.")
    assert art.runs[0].text == "Điều 2." and art.runs[0].bold and not art.runs[1].bold
    signer = [p.text for p in out.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_long_issuer_drops_to_12pt_to_stay_on_one_line():
    doc = Nd30Document(DocumentHeader(issuer="Sở Nông nghiệp và Môi trường", symbol="BC-SNNMT",
                                      place="Sơn Lâm", date=dt.date(2026, 2, 3), number=12, doc_type_name="BÁO CÁO"))
    out = Document(io.BytesIO(doc.to_bytes()))
    run = out.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert run.text == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" and run.font.size == Pt(12)
    assert out.tables[0].rows[1].cells[0].text == "Số: 12/BC-SNNMT"


def test_rejects_line_spacing_outside_nd30():
    with pytest.raises(ValueError):
        Nd30Document(DocumentHeader(issuer="X", symbol="BC-X", place="Y"), line_spacing=2)


# ------------------------------------------------------------------------- LibreOffice

def test_converts_to_pdf_with_libreoffice(sample_bytes, tmp_path):
    soffice = require_tool("soffice", "libreoffice", what="LibreOffice (soffice) is not installed; PDF rendering not checked")
    src = tmp_path / "bao-cao.docx"
    src.write_bytes(sample_bytes)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, timeout=180, capture_output=True)
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.exists()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages >= 2  # the main text and the landscape appendix
