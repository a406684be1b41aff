"""The downloadable workbook of the unit sheet: the headers of the ``unit_sheet`` mapping as an
administrator keeps them, one example row, and a guide listing the words a choice cell takes."""
from __future__ import annotations

import datetime as dt
import io

from ..models import ColumnMapping, ContractType, Field, Method, Mode
from .columns import EXAMPLE_NAME, FIELDS, REQUIRED
from .reading import GUIDE_SHEET, MAX_ROWS

SHEET_MAPPING = "unit_sheet"
DATA_SHEET = "Gói thầu"
TEMPLATE_FILENAME = "mau-nhap-goi-thau.xlsx"

EXAMPLE = {
    "project_code": "DA-2025-0001", "project": "Xây dựng cơ sở dữ liệu đất đai tỉnh",
    "plan_name": "Kế hoạch lựa chọn nhà thầu dự án cơ sở dữ liệu đất đai", "plan_code": "PL2500000001",
    "plan_decision_number": "125/QĐ-UBND", "plan_decision_date": dt.date(2025, 2, 15),
    "name": EXAMPLE_NAME, "field": Field.GOODS.label, "package_price": 1_900_000_000,
    "method": Method.OPEN.label, "mode": Mode.ONE_STAGE_ONE.label, "online": "Qua mạng",
    "contract_type": ContractType.LUMP_SUM.label, "duration_days": 90, "selection_start": dt.date(2025, 3, 1),
    "notice_code": "IB2500012345-00", "contractor_name": "Công ty TNHH Giải pháp Số",
    "contractor_tax_code": "0101234567", "awarded_price": 1_750_000_000, "bidders": 3,
    "awarded_on": dt.date(2025, 4, 20), "award_decision": "45/QĐ-STNMT",
}
HELP = {
    "project_code": "Mã nhiệm vụ/dự án trên hệ thống. Để trống nếu chọn nhiệm vụ/dự án khi tải tệp lên hoặc ghi "
                    "mã KHLCNT của một kế hoạch đã có.",
    "plan_code": "Dạng PL + 10 chữ số. Các gói cùng mã KHLCNT (hoặc cùng tên kế hoạch) thuộc một kế hoạch.",
    "field": ", ".join(label for _v, label in Field.choices),
    "method": ", ".join(label for _v, label in Method.choices),
    "mode": ", ".join(label for v, label in Mode.choices if v),
    "contract_type": ", ".join(label for v, label in ContractType.choices if v),
    "online": "Qua mạng hoặc Không qua mạng.",
    "package_price": "Số nguyên đồng, ví dụ 1.900.000.000.",
    "awarded_price": "Số nguyên đồng. Ghi cùng nhà thầu, mã số thuế, số nhà thầu dự thầu và ngày phê duyệt kết quả.",
    "selection_start": "Ngày dạng dd/mm/yyyy.",
    "notice_code": "Dạng IB + 10 chữ số (+ -00, -01 …: các phiên bản là một gói thầu). Một gói chỉ nhập một lần.",
    "contractor_tax_code": "10 chữ số, hoặc 10 chữ số-3 chữ số với chi nhánh.",
}


def headers() -> list[tuple[str, str]]:
    """(header, field code) of the unit sheet, in the mapping's order."""
    mapping = ColumnMapping.objects.filter(code=SHEET_MAPPING).first()
    columns = mapping.columns if mapping and isinstance(mapping.columns, dict) else {}
    out, seen = [], set()
    for header, key in columns.items():
        if key in FIELDS and key not in seen:
            seen.add(key)
            out.append((header, key))
    return out


def build_template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    guide = wb.create_sheet(GUIDE_SHEET)
    head_font = Font(bold=True, color="FFFFFF")
    req_fill, opt_fill = PatternFill("solid", fgColor="9C2A2A"), PatternFill("solid", fgColor="1F4E79")
    grey = Font(italic=True, color="7F7F7F")
    columns = headers()
    for idx, (header, key) in enumerate(columns, 1):
        cell = ws.cell(row=1, column=idx, value=header)
        cell.font, cell.fill = head_font, req_fill if key in REQUIRED else opt_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(idx)].width = 44 if key in ("name", "plan_name", "project") else 20
        value = EXAMPLE.get(key)
        if value is not None:
            example = ws.cell(row=2, column=idx, value=value)
            example.font = grey
            if isinstance(value, int):
                example.number_format = "#,##0"
            elif isinstance(value, dt.date):
                example.number_format = "dd/mm/yyyy"
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "A2"

    guide.column_dimensions["A"].width = 36
    guide.column_dimensions["B"].width = 100
    guide["A1"] = "HƯỚNG DẪN NHẬP GÓI THẦU TỪ BẢNG EXCEL CỦA ĐƠN VỊ"
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        f"Mỗi dòng của sheet “{DATA_SHEET}” là một gói thầu; dòng 1 là tiêu đề, không đổi tên cột. Dòng 2 là ví dụ: "
        "hãy xóa hoặc ghi đè trước khi nhập. Cột màu đỏ là bắt buộc.",
        f"Tối đa {MAX_ROWS:,} gói thầu mỗi tệp. Hệ thống kiểm tra toàn bộ tệp và cho xem trước; chỉ khi không có lỗi "
        "nào mới cho xác nhận, và ghi tất cả gói thầu cùng lúc (có lỗi thì không ghi gói nào).".replace(",", "."),
        "Nhiệm vụ/dự án của gói: theo mã nhiệm vụ/dự án; nếu để trống, theo kế hoạch đã có cùng mã KHLCNT; nếu "
        "không, theo nhiệm vụ/dự án chọn khi tải tệp lên. Chỉ ghi được gói thầu của nhiệm vụ/dự án bạn được ghi "
        "thông tin đấu thầu.",
        "Dòng có nhà thầu trúng thầu được ghi cả kết quả lựa chọn nhà thầu.",
    ]
    for i, text in enumerate(notes, 3):
        guide.cell(row=i, column=1, value=f"{i - 2}.")
        guide.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    row = len(notes) + 4
    guide.cell(row=row, column=1, value="Cột").font = Font(bold=True)
    guide.cell(row=row, column=2, value="Cách ghi").font = Font(bold=True)
    for header, key in columns:
        row += 1
        guide.cell(row=row, column=1, value=header)
        text = HELP.get(key) or ("Bắt buộc." if key in REQUIRED else "Không bắt buộc.")
        guide.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
