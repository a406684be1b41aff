"""The estimate spreadsheet: the layout officials use read into lines, sub-totals and the total;
the template and the export read back; every broken sheet refused with its Vietnamese row
error. No database except for :func:`groups_from_structure`."""
import datetime as dt
import io
import random
import re
import subprocess
import time
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from docx import Document

from cds.estimates import norm_data
from cds.estimates.models import CostStructure
from cds.estimates.sheet import GroupSpec, export, groups_from_structure, parse, reading, template
from cds.text.normalize import fold
from tests.conftest import require_tool

HEADER = ["STT", "Nội dung chi phí", "Đơn vị tính", "Khối lượng", "Đơn giá (đồng)", "Thành tiền (đồng)",
          "Thuế GTGT (%)", "Căn cứ (giá)", "Ghi chú"]


def specs(code: str = "nd73_tt04") -> list[GroupSpec]:
    structure = next(s for s in norm_data.STRUCTURES if s[0] == code)
    return [GroupSpec(g[0], g[1], g[2], tuple(fold(k) for k in g[6].splitlines() if fold(k)))
            for g in structure[6]]


GROUPS = specs()


def to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def real_rows():
    """A "Dự toán chi tiết" as an investor unit sends it (values, no formulas)."""
    return [
        ["I", "Chi phí xây lắp", None, None, None, 96_000_000],
        ["1", "Thi công lắp đặt mạng LAN", "hệ thống", 1, 96_000_000, 96_000_000, 8, "Báo giá Công ty A", ""],
        ["", "Cộng", None, None, None, 96_000_000],
        ["II", "Chi phí thiết bị"],
        ["1", "Máy chủ ứng dụng", "bộ", 2, 250_000_000, 500_000_000, 10, "Báo giá", "03 báo giá"],
        ["2", "Phần mềm thương mại"],
        ["2.1", "Bản quyền hệ quản trị CSDL", "bản", 1, "120.000.000 đ", "120.000.000", "10%", "Kết quả trúng thầu", ""],
        ["2.2", "Bản quyền phần mềm diệt virus", "bản", 50, 1_200_000, 60_000_000, 0.1, "Chứng thư thẩm định giá", ""],
        ["", "Cộng nhóm II", None, None, None, 680_000_000],
        ["", "III. Chi phí quản lý dự án", None, None, None, 18_500_000, 0, "Định mức tỷ lệ 1,5%"],
        ["IV", "Chi phí tư vấn đầu tư"],
        ["1", "Lập đề cương, dự toán chi tiết", "", None, None, 32_000_000, 8, "Tỷ lệ theo Quyết định 1688", ""],
        ["", "Cộng", None, None, None, 32_000_000],
        ["V", "Chi phí khác"],
        ["1", "Chi phí thẩm tra dự toán", "gói", 1, 5_000_000, 5_000_000, 8, "", "theo dự toán tương tự"],
        ["", "Cộng", None, None, None, 5_000_000],
        ["VI", "Chi phí dự phòng", None, None, None, 40_000_000, 0, "5% × (I+II+III+IV+V)"],
        ["", "TỔNG CỘNG", None, None, None, 871_500_000],
        [],
        ["", "Bằng chữ: Tám trăm bảy mươi mốt triệu năm trăm nghìn đồng."],
        ["", "NGƯỜI LẬP", None, None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"],
    ]


def real_sheet(rows=None, *, header=HEADER, edit=None, numbers=True) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dự toán"
    ws["A1"] = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    ws["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A3"] = "BẢNG DỰ TOÁN CHI TIẾT"
    ws.merge_cells("A3:I3")
    ws["A4"] = "Dự án: Xây dựng cơ sở dữ liệu ngành (Thành tiền tính bằng đồng)"
    ws.append([])
    ws.append(header)                                          # row 6
    if numbers:
        ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)=(4)x(5)", "(7)", "(8)", "(9)"])
    for row in real_rows() if rows is None else rows:
        ws.append(row)
    if edit:
        edit(ws)
    return to_bytes(wb)


def messages(result) -> str:
    return "\n".join(e.message for e in result.errors)


# ------------------------------------------------------------------ a good sheet


def test_reads_the_layout_officials_use():
    result = parse(real_sheet(), GROUPS)
    assert result.errors == [], messages(result)
    assert result.header_row == 6
    by_name = {ln.name: ln for ln in result.lines}
    assert [ln.group_code for ln in result.lines] == ["xl", "tb", "tb", "tb", "qlda", "tv", "k", "dp"]
    lan = by_name["Thi công lắp đặt mạng LAN"]
    assert (lan.row, lan.stt, lan.unit, lan.quantity, lan.unit_price, lan.amount) == (
        9, "1", "hệ thống", Decimal(1), 96_000_000, 96_000_000)
    assert (lan.vat_rate, lan.vat_amount, lan.basis) == (Decimal(8), 7_680_000, "quote")
    assert lan.note == "Căn cứ: Báo giá Công ty A"  # the detail of the basis is kept
    db = by_name["Bản quyền hệ quản trị CSDL"]     # money typed as text in the Vietnamese way
    assert (db.unit_price, db.amount, db.vat_rate, db.basis) == (120_000_000, 120_000_000, Decimal(10), "award")
    av = by_name["Bản quyền phần mềm diệt virus"]  # 10% stored by Excel as 0,1
    assert (av.vat_rate, av.vat_amount, av.basis) == (Decimal(10), 6_000_000, "appraisal")
    assert "Phần mềm thương mại" not in by_name     # a sub-heading, not an item
    qlda = by_name["Chi phí quản lý dự án"]         # the heading row carrying the amount is the item
    assert (qlda.stt, qlda.amount, qlda.basis) == ("III", 18_500_000, "rate")
    assert by_name["Lập đề cương, dự toán chi tiết"].basis == "rate"
    assert by_name["Chi phí thẩm tra dự toán"].basis == "similar"  # from the note
    assert by_name["Chi phí dự phòng"].amount == 40_000_000
    assert result.subtotals == {"xl": 96_000_000, "tb": 680_000_000, "qlda": 18_500_000, "tv": 32_000_000,
                                "k": 5_000_000, "dp": 40_000_000}
    assert result.total == 871_500_000


def test_parent_row_of_numbered_sub_items_is_not_an_item():
    rows = real_rows()
    rows[5] = ["2", "Phần mềm thương mại", "", None, None, 180_000_000]
    result = parse(real_sheet(rows), GROUPS)
    assert result.errors == []
    assert "Phần mềm thương mại" not in [ln.name for ln in result.lines]
    assert any("STT 2" in w and "không tính là một khoản mục" in w for w in result.warnings)


def test_amount_left_empty_is_quantity_times_price_with_a_warning():
    rows = real_rows()
    rows[4] = ["1", "Máy chủ ứng dụng", "bộ", 2.5, 250_000_001, None, 10, "Báo giá", ""]
    result = parse(real_sheet(rows), GROUPS)
    assert result.errors == []
    server = next(ln for ln in result.lines if ln.name == "Máy chủ ứng dụng")
    assert server.amount == 625_000_003  # 625.000.002,5 rounded half up
    assert any("khối lượng × đơn giá" in w and "dòng 12" in w for w in result.warnings)


def test_heading_found_by_name_when_numbered_differently():
    """A structure without xây lắp: "I. Chi phí thiết bị" is the thiết bị group whatever its numeral."""
    rows = [["I", "Chi phí mua sắm thiết bị"], ["1", "Máy trạm", "bộ", 3, 20_000_000, 60_000_000],
            ["", "Cộng", None, None, None, 60_000_000], ["", "Tổng cộng", None, None, None, 60_000_000]]
    result = parse(real_sheet(rows), GROUPS)
    assert result.errors == []
    assert [ln.group_code for ln in result.lines] == ["tb"]
    assert result.subtotals == {"tb": 60_000_000}


def test_two_row_header_under_a_merged_amount():
    """"Thành tiền (đồng)" over "Trước thuế | Thuế GTGT (%) | Sau thuế"."""
    header = ["STT", "Hạng mục", "ĐVT", "Số lượng", "Đơn giá", "Thành tiền (đồng)", None, None, "Ghi chú"]
    rows = [[None, None, None, None, None, "Trước thuế", "Thuế GTGT (%)", "Sau thuế"],
            ["II", "Chi phí thiết bị"], ["1", "Máy chủ", "bộ", 2, 100_000_000, 200_000_000, 10, 220_000_000],
            ["", "Cộng", None, None, None, 200_000_000, None, 220_000_000]]

    def edit(ws):
        ws.merge_cells("F6:H6")
    result = parse(real_sheet(rows, header=header, edit=edit, numbers=False), GROUPS)
    assert result.errors == [], messages(result)
    [server] = result.lines
    assert (server.amount, server.vat_rate, server.vat_amount) == (200_000_000, Decimal(10), 20_000_000)
    assert result.subtotals == {"tb": 200_000_000}


# ------------------------------------------------------------------ template and export


@pytest.mark.parametrize("code", [s[0] for s in norm_data.STRUCTURES])
def test_template_parses(code):
    groups = specs(code)
    data = template("Cơ cấu thử", groups)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Dự toán", "Hướng dẫn"]
    ws = wb["Dự toán"]
    assert ws["A1"].value == "BẢNG DỰ TOÁN CHI TIẾT"
    assert [c.value for c in ws[5]] == ["STT", "Nội dung chi phí", "Đơn vị tính", "Khối lượng", "Đơn giá (đồng)",
                                        "Thành tiền (đồng)", "Thuế GTGT (%)", "Căn cứ đơn giá", "Ghi chú"]
    assert any(str(c.value).startswith("=SUM(") for row in ws.iter_rows() for c in row)
    result = parse(data, groups)
    assert result.errors == [], messages(result)
    assert result.warnings == ["Bảng chỉ có các dòng ví dụ của tệp mẫu; hãy thay bằng khoản mục thật của dự toán."]
    assert {ln.group_code for ln in result.lines} == {g.code for g in groups}
    assert result.total == sum(result.subtotals.values()) == sum(ln.amount for ln in result.lines)


def estimate_lines():
    L = SimpleNamespace
    return [
        L(group_code="xl", stt="1", name="Lắp đặt tủ rack", unit="tủ", quantity=Decimal("2"), unit_price=15_000_000,
          amount=30_000_000, vat_rate=Decimal("8"), vat_amount=2_400_000, basis="quote", note="Báo giá 03 đơn vị"),
        L(group_code="tb", stt="1", name="Máy chủ", unit="bộ", quantity=Decimal("2.5"), unit_price=333_333_333,
          amount=833_333_333, vat_rate=Decimal("10"), vat_amount=83_333_333, basis="award", note=""),
        L(group_code="tb", stt="2", name="Số hóa hồ sơ", unit="trang", quantity=Decimal("12000"), unit_price=9_500,
          amount=110_000_000, vat_rate=Decimal("0"), vat_amount=0, basis="norm",
          note="Thành tiền ghi khác khối lượng × đơn giá"),
        L(group_code="qlda", stt="1", name="Chi phí quản lý dự án", unit="", quantity=None, unit_price=None,
          amount=18_500_000, vat_rate=Decimal("0"), vat_amount=0, basis="rate", note=""),
        L(group_code="tv", stt="1", name="Lập đề cương", unit="", quantity=None, unit_price=None, amount=32_000_000,
          vat_rate=Decimal("8"), vat_amount=2_560_001, basis="calculation", note="VAT ghi lệch 1 đồng"),
        L(group_code="k", stt="1", name="Thẩm định giá", unit="gói", quantity=Decimal("1"), unit_price=12_000_000,
          amount=12_000_000, vat_rate=Decimal("8"), vat_amount=960_000, basis="appraisal", note=""),
        L(group_code="dp", stt="1", name="Chi phí dự phòng", unit="", quantity=None, unit_price=None,
          amount=40_000_000, vat_rate=Decimal("0"), vat_amount=0, basis="similar", note=""),
    ]


FIELDS = ("group_code", "stt", "name", "unit", "quantity", "unit_price", "amount", "vat_rate", "vat_amount",
          "basis", "note")


def as_tuples(lines):
    return [tuple(getattr(ln, f) for f in FIELDS) for ln in lines]


def expected_subtotals(lines):
    out = {}
    for ln in lines:
        out[ln.group_code] = out.get(ln.group_code, 0) + ln.amount
    return out


@pytest.fixture(scope="module")
def exported():
    return export("DỰ TOÁN CHI TIẾT", "Dự án: Cơ sở dữ liệu ngành — phiên bản 2", GROUPS, estimate_lines(),
                  declared={"subtotals": {"tb": 950_000_000}, "total": 1_000_000_000})


def test_export_has_live_formulas(exported):
    ws = openpyxl.load_workbook(io.BytesIO(exported))["Dự toán"]
    rows = {ws[f"B{r}"].value: r for r in range(6, ws.max_row + 1)}
    server = rows["Máy chủ"]
    assert ws[f"F{server}"].value == f"=ROUND(D{server}*E{server},0)"
    assert ws[f"H{server}"].value == f"=ROUND(F{server}*G{server}/100,0)"
    assert ws[f"I{server}"].value == f"=F{server}+H{server}"
    scan = rows["Số hóa hồ sơ"]  # amount differs from the product: written as the unit wrote it
    assert ws[f"F{scan}"].value == 110_000_000
    assert ws[f"F{rows['Cộng nhóm II']}"].value == f"=SUM(F{server}:F{scan})"
    total = rows["Tổng cộng"]
    assert ws[f"F{total}"].value.startswith("=SUM(F")
    assert ws[f"L{rows['Cộng nhóm II']}"].value == 950_000_000  # the declared sums beside the formulas
    assert ws[f"L{total}"].value == 1_000_000_000
    assert ws[f"F{server}"].number_format == "#,##0"
    assert ws.freeze_panes == "C6"
    assert ws.print_title_rows == "$5:$5"
    assert ws["A1"].value == "DỰ TOÁN CHI TIẾT"


def test_export_round_trip(exported):
    lines = estimate_lines()
    result = parse(exported, GROUPS)
    assert result.errors == [], messages(result)
    assert as_tuples(result.lines) == as_tuples(lines)
    assert result.subtotals == expected_subtotals(lines)
    assert result.total == sum(ln.amount for ln in lines)


def test_export_formulas_compute_in_libreoffice(exported, tmp_path):
    """The cached values the export carries are dropped, LibreOffice computes the formulas again,
    and the file it saves reads back to the same lines and sums."""
    soffice = require_tool("soffice", "libreoffice", what="LibreOffice (soffice) is not installed")
    wb = openpyxl.load_workbook(io.BytesIO(exported))  # saving again writes the formulas without values
    src = tmp_path / "du-toan.xlsx"
    wb.save(src)
    assert parse(src.read_bytes(), GROUPS).errors  # without values: refused, formula by formula
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(src)], check=True, timeout=180, capture_output=True)
    recalculated = (out / "du-toan.xlsx").read_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(recalculated), data_only=True).active
    rows = {ws[f"B{r}"].value: r for r in range(6, ws.max_row + 1)}
    assert ws[f"F{rows['Máy chủ']}"].value == 833_333_333
    assert ws[f"I{rows['Tổng cộng']}"].value == sum(ln.amount + ln.vat_amount for ln in estimate_lines())
    result = parse(recalculated, GROUPS)
    assert result.errors == [], messages(result)
    assert as_tuples(result.lines) == as_tuples(estimate_lines())
    assert result.subtotals == expected_subtotals(estimate_lines())
    assert result.total == parse(exported, GROUPS).total


def test_sheet_read_exported_and_read_again_gives_the_same_lines():
    first = parse(real_sheet(), GROUPS)
    again = parse(export("DỰ TOÁN", "", GROUPS, first.lines), GROUPS)
    assert again.errors == [] and again.warnings == []
    assert as_tuples(again.lines) == as_tuples(first.lines)
    assert again.subtotals == expected_subtotals(first.lines)
    assert again.total == first.total


def test_export_keeps_text_that_looks_like_a_formula_as_text():
    lines = estimate_lines()
    lines[0].name = '=HYPERLINK("http://example.invalid","Bấm vào đây")'
    data = export("=1+1", "", GROUPS, lines)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Dự toán"]
    assert ws["B7"].data_type == "s" and ws["A1"].data_type == "s"
    assert parse(data, GROUPS).lines[0].name == lines[0].name


def test_export_refuses_lines_of_another_structure():
    line = estimate_lines()[0]
    line.group_code = "thue"
    with pytest.raises(ValueError):
        export("X", "", GROUPS, [line])


# ------------------------------------------------------------------ broken sheets


def test_merged_cells_over_money_columns():
    def edit(ws):
        ws.merge_cells("E12:F12")  # Máy chủ: đơn giá and thành tiền in one cell
    result = parse(real_sheet(edit=edit), GROUPS)
    assert result.lines == []
    assert any(e.row == 12 and e.column == "E (Đơn giá)" and "E12:F12" in e.message and "gộp" in e.message
               for e in result.errors), messages(result)


def test_text_in_a_money_cell():
    rows = real_rows()
    rows[4][5] = "một triệu"
    result = parse(real_sheet(rows), GROUPS)
    assert result.lines == []
    assert messages(result) == ("Dòng 12, cột F (Thành tiền): “một triệu” không phải là số tiền; phải là số nguyên "
                                "đồng, ví dụ 1.250.000.000.")


def test_date_and_boolean_in_money_cells():
    rows = real_rows()
    rows[4][4] = dt.datetime(2026, 1, 5)
    rows[7][5] = True
    result = parse(real_sheet(rows), GROUPS)
    text = messages(result)
    assert "Dòng 12, cột E (Đơn giá): là ngày tháng, không phải số tiền" in text
    assert "Dòng 15, cột F (Thành tiền): là giá trị đúng/sai (TRUE/FALSE), không phải số tiền" in text


def test_formula_without_cached_value():
    rows = real_rows()
    rows[4][5] = "=D12*E12"  # openpyxl stores no result, as a generator that never calculates
    result = parse(real_sheet(rows), GROUPS)
    assert messages(result) == ("Dòng 12, cột F (Thành tiền): ô F12 có công thức nhưng chưa có giá trị tính sẵn: "
                                "mở tệp bằng Excel, lưu lại rồi tải lên.")


def test_no_group_heading_at_all():
    rows = [["1", "Máy chủ", "bộ", 1, 100_000_000, 100_000_000], ["2", "Máy trạm", "bộ", 2, 10_000_000, 20_000_000],
            ["", "Tổng cộng", None, None, None, 120_000_000]]
    result = parse(real_sheet(rows), GROUPS)
    assert len(result.errors) == 1
    assert result.errors[0].message.startswith("Bảng chưa có dòng tiêu đề nhóm chi phí nào")
    assert "I. Chi phí xây lắp; II. Chi phí thiết bị" in result.errors[0].message


def test_item_above_the_first_group_heading():
    rows = [["1", "Máy chủ", "bộ", 1, 100_000_000, 100_000_000]] + real_rows()
    result = parse(real_sheet(rows), GROUPS)
    assert messages(result) == "Dòng 8 chưa thuộc nhóm chi phí nào (thiếu dòng tiêu đề nhóm I, II …): “Máy chủ”."


def test_unknown_group_heading():
    rows = real_rows()
    rows[13] = ["V", "Chi phí lãi vay trong thời gian xây dựng"]
    result = parse(real_sheet(rows), GROUPS)
    assert result.lines == []
    assert len(result.errors) == 1, messages(result)  # its items are not reported again
    message = result.errors[0].message
    assert message.startswith("Dòng 21, cột B (Nội dung chi phí): nhóm “V. Chi phí lãi vay")
    assert "I. Chi phí xây lắp; II. Chi phí thiết bị; III. Chi phí quản lý dự án" in message


def test_unstorable_text_and_too_long_name():
    rows = real_rows()
    rows[1][1] = "Thi công \u202emạng"
    rows[4][1] = "Máy chủ " * 80
    result = parse(real_sheet(rows), GROUPS)
    text = messages(result)
    assert "Dòng 9, cột B (Nội dung chi phí): chứa ký tự đảo chiều hiển thị văn bản (U+202E)" in text
    assert "Dòng 12, cột B (Nội dung chi phí): quá dài (639 ký tự; tối đa 500)" in text


def test_missing_amount_column():
    header = [h for h in HEADER if not h.startswith("Thành tiền")]
    result = parse(real_sheet(header=header), GROUPS)
    assert messages(result) == "Bảng dự toán thiếu cột “Thành tiền” ở dòng tiêu đề."


def test_too_wide_sheet():
    def edit(ws):
        ws.cell(row=12, column=41, value="ghi chú lạc")
    result = parse(real_sheet(edit=edit), GROUPS)
    assert any(e.row == 12 and "tối đa 40 cột" in e.message for e in result.errors)


def test_errors_are_capped():
    rows = [["I", "Chi phí xây lắp"]] + [[str(i), f"Khoản {i}", "gói", 1, "không rõ", None] for i in range(1, 400)]
    result = parse(real_sheet(rows), GROUPS)
    assert len(result.errors) == reading.MAX_ERRORS + 1
    assert result.errors[-1].message == "… và 199 lỗi khác."


def test_too_many_items():
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dự toán")
    ws.append(HEADER)
    ws.append(["I", "Chi phí thiết bị"])
    for i in range(1, reading.MAX_LINES + 2):
        ws.append([str(i), f"Thiết bị {i}", "bộ", 1, 1_000, 1_000])
    result = parse(to_bytes(wb), GROUPS)
    assert messages(result).startswith("Bảng có hơn 5.000 khoản mục")
    assert result.lines == []


def with_blank_rows(data: bytes, count: int) -> bytes:
    """The package with ``count`` blank (styled, empty) rows appended to the sheet, then a
    "Tổng cộng" row that must never be reached."""
    src = zipfile.ZipFile(io.BytesIO(data))
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    last = max(int(n) for n in re.findall(r'<row r="(\d+)"', sheet))
    blank = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(last + 1, last + count + 1))
    end = last + count + 1
    tail = f'<row r="{end}"><c r="B{end}" t="inlineStr"><is><t>Tổng cộng</t></is></c><c r="F{end}"><v>1</v></c></row>'
    sheet = sheet.replace("</sheetData>", blank + tail + "</sheetData>")
    sheet = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:I{end}"/>', sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_half_a_million_blank_rows_stop_the_reading():
    rows = real_rows()[:-4]  # without the total: the one after the blank rows is never read
    data = with_blank_rows(real_sheet(rows), 500_000)
    started = time.monotonic()
    result = parse(data, GROUPS)
    elapsed = time.monotonic() - started
    assert result.errors == [], messages(result)
    assert result.total is None
    assert len(result.lines) == 8
    assert any(w.startswith(f"Dừng đọc ở dòng {24 + reading.BLANK_RUN}") for w in result.warnings), result.warnings
    assert elapsed < 2, elapsed
    print(f"parse of {len(data):,} bytes: {elapsed:.3f} s")


def test_large_sheet_without_its_dimension_is_not_read_whole():
    """openpyxl's write-only mode writes no <dimension>; without one openpyxl would read the
    whole sheet on opening it."""
    data = with_blank_rows(real_sheet(real_rows()[:-4]), 500_000)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb"<dimension [^>]*/>", b"", body)
            dst.writestr(info.filename, body)
    started = time.monotonic()
    result = parse(out.getvalue(), GROUPS)
    assert time.monotonic() - started < 2
    assert result.errors == [], messages(result)
    assert (len(result.lines), result.total) == (8, None)


@pytest.mark.parametrize("data, expected", [
    (b"", "Tệp rỗng."),
    (random.Random(7).randbytes(5000), "Tệp không phải là tệp Excel .xlsx hợp lệ (nội dung không đúng định dạng)."),
    (b"PK\x03\x04" + b"\x00" * 100, "Tệp Excel bị hỏng, không đọc được."),
])
def test_not_an_xlsx(data, expected):
    result = parse(data, GROUPS)
    assert [e.message for e in result.errors] == [expected]
    assert result.lines == []


def test_word_document_renamed():
    out = io.BytesIO()
    Document().save(out)
    result = parse(out.getvalue(), GROUPS)
    assert [e.message for e in result.errors] == ["Tệp không phải là bảng tính Excel .xlsx hợp lệ."]


def test_zip_bomb_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    result = parse(out.getvalue(), GROUPS)
    assert "nghi ngờ tệp nén độc hại" in messages(result)


def test_sheet_without_header():
    wb = openpyxl.Workbook()
    wb.active.append(["Danh sách", "cán bộ"])
    result = parse(to_bytes(wb), GROUPS)
    assert messages(result).startswith("Không tìm thấy dòng tiêu đề của bảng dự toán trong 15 dòng đầu")


# ------------------------------------------------------------------ with the database


@pytest.mark.django_db
def test_groups_from_structure_reads_the_rule_rows():
    structure = CostStructure.objects.get(code="nd73_rental")
    groups = groups_from_structure(structure)
    assert [(g.code, g.numeral) for g in groups] == [("thue", "I"), ("qlda", "II"), ("tv", "III"), ("k", "IV"),
                                                     ("dp", "V")]
    assert "chi phi quan ly" in groups[1].keywords
    assert parse(template(structure.name, groups), groups).errors == []



def test_groups_lettered_a_b_are_read_when_the_name_is_a_group():
    """Some units letter their groups ("A", "B." or "A. Chi phí thiết bị"); a letter before a name
    that is no group's stays an ordinary row."""
    rows = [
        ["A", "Chi phí thiết bị"],
        ["1", "Máy chủ ứng dụng", "bộ", 2, 250_000_000, 500_000_000, 10, "Báo giá", ""],
        ["", "B. Chi phí quản lý dự án", None, None, None, 12_000_000],
        ["C.", "Chi phí tư vấn"],
        ["1", "Chi phí khảo sát", "gói", 1, 20_000_000, 20_000_000, 0, "Báo giá", ""],
    ]
    parsed = parse(real_sheet(rows), GROUPS)
    assert parsed.errors == [], parsed.errors
    assert [(ln.group_code, ln.name) for ln in parsed.lines] == [
        ("tb", "Máy chủ ứng dụng"), ("qlda", "Chi phí quản lý dự án"), ("tv", "Chi phí khảo sát")]
    stray = parse(real_sheet([["A", "Hạng mục mua sắm"], ["1", "Máy chủ", "bộ", 1, 1, 1]]), GROUPS)
    assert stray.lines == [] and "chưa có dòng tiêu đề nhóm chi phí" in stray.errors[0].message
