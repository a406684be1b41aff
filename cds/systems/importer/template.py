"""The downloadable inventory template: the sheet of systems and the sheet of integrations with
their headers (a note on each), drop-down lists for every choice, a catalogue sheet (units the
user may register for, data entities, the choices) and a guide."""
from __future__ import annotations

import io

from cds.accounts import access
from cds.catalog.models import DataEntity
from cds.orgs.models import Unit
from cds.text.format import num

from ..permissions import can_create_system_for
from .columns import (
    CATALOG_SHEET,
    CHOICE_LISTS,
    GUIDE_SHEET,
    LINK_COLUMNS,
    LINKS_SHEET,
    SYSTEM_COLUMNS,
    SYSTEMS_SHEET,
)
from .reading import MAX_LINKS, MAX_SYSTEMS

TEMPLATE_ROWS = 2_000
LIST_TITLES = {"category": "Loại", "lifecycle": "Vòng đời", "criticality": "Mức độ quan trọng", "hosting": "Nơi đặt",
               "functional_fit": "Mức phù hợp", "security_level": "Cấp độ ATTT", "mechanism": "Phương thức",
               "status": "Tình trạng kết nối", "both_ways": "Có/Không", "sharing": "Phân loại chia sẻ"}


def template_filename() -> str:
    return "mau-nhap-danh-muc-he-thong.xlsx"


def _head(ws, columns, fonts):
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    head_font, req_fill, opt_fill = fonts
    for idx, col in enumerate(columns, 1):
        cell = ws.cell(row=1, column=idx, value=col.label + ("*" if col.required else ""))
        cell.font = head_font
        cell.fill = req_fill if col.required else opt_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if col.help:
            cell.comment = Comment(col.help, "CĐS Portfolio", width=280, height=110)
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "B2"
    return {c.key: get_column_letter(i) for i, c in enumerate(columns, 1)}


def build_template(user) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    units = [u for u in access.scope_units(user, Unit.objects.all()).order_by("path")
             .only("pk", "code", "name", "short_name", "path") if can_create_system_for(user, u)]
    entities = list(DataEntity.objects.filter(is_active=True).order_by("sort_order", "name"))

    wb = Workbook()
    systems = wb.active
    systems.title = SYSTEMS_SHEET
    links = wb.create_sheet(LINKS_SHEET)
    cat = wb.create_sheet(CATALOG_SHEET)
    guide = wb.create_sheet(GUIDE_SHEET)
    fonts = (Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="9C2A2A"),
             PatternFill("solid", fgColor="1F4E79"))
    sys_cols = _head(systems, SYSTEM_COLUMNS, fonts)
    link_cols = _head(links, LINK_COLUMNS, fonts)
    for key in ("operating_cost", "development_cost"):
        for row in range(2, 200):
            systems[f"{sys_cols[key]}{row}"].number_format = "#,##0"
    for row in range(2, 200):
        systems[f"{sys_cols['operate_on']}{row}"].number_format = "DD/MM/YYYY"
        links[f"{link_cols['since']}{row}"].number_format = "DD/MM/YYYY"

    lists = [(LIST_TITLES[k], CHOICE_LISTS[k]) for k in LIST_TITLES]
    lists += [("Mã đơn vị", [u.code for u in units]), ("Tên đơn vị", [u.name for u in units]),
              ("Tên viết tắt", [u.short_name for u in units]),
              ("Mã dữ liệu", [e.code for e in entities]), ("Tên dữ liệu", [e.name for e in entities])]
    ranges = {}
    for cidx, (title, values) in enumerate(lists, 1):
        letter = get_column_letter(cidx)
        cat.cell(row=1, column=cidx, value=title).font = Font(bold=True)
        for ridx, value in enumerate(values, 2):
            cat.cell(row=ridx, column=cidx, value=value)
        cat.column_dimensions[letter].width = max(12, min(50, max([len(title)] + [len(str(v)) for v in values]) + 2))
        ranges[title] = f"'{CATALOG_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    cat.freeze_panes = "A2"

    last = TEMPLATE_ROWS + 1

    def dropdown(ws, col, list_title, *, strict=False):
        dv = DataValidation(type="list", formula1=ranges[list_title], allow_blank=True, showErrorMessage=strict,
                            errorStyle="stop" if strict else "information", errorTitle="Giá trị không hợp lệ",
                            error="Hãy chọn một giá trị trong danh sách.")
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    for key in ("category", "lifecycle", "criticality", "hosting"):
        dropdown(systems, sys_cols[key], LIST_TITLES[key])
    for key in ("functional_fit", "technical_fit"):
        dropdown(systems, sys_cols[key], LIST_TITLES["functional_fit"], strict=True)
    dropdown(systems, sys_cols["security_level"], LIST_TITLES["security_level"], strict=True)
    dropdown(systems, sys_cols["owner_unit"], "Tên đơn vị")      # codes and aliases are accepted too
    dropdown(links, link_cols["mechanism"], LIST_TITLES["mechanism"])
    dropdown(links, link_cols["status"], LIST_TITLES["status"])
    dropdown(links, link_cols["both_ways"], LIST_TITLES["both_ways"])
    for ws, col in ((systems, sys_cols["user_count"]), (systems, sys_cols["operating_cost"]),
                    (systems, sys_cols["development_cost"])):
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Số không hợp lệ", error="Nhập số nguyên không âm.")
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide["A1"] = "HƯỚNG DẪN NHẬP DANH MỤC HỆ THỐNG THÔNG TIN TỪ EXCEL"
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        f"Trang “{SYSTEMS_SHEET}”: mỗi dòng một hệ thống; dòng 1 là tiêu đề, không đổi tên cột. Cột có dấu * là bắt buộc.",
        "Dòng có mã hệ thống đã đăng ký sẽ cập nhật hệ thống đó (ô để trống giữ nguyên giá trị cũ); dòng không có mã "
        "là hệ thống mới, mã được cấp tự động.",
        f"Trang “{LINKS_SHEET}”: mỗi dòng một kết nối giữa hai hệ thống, ghi bằng mã hoặc tên (hệ thống đã đăng ký "
        f"hoặc ở trang “{SYSTEMS_SHEET}”). Kết nối đã có giữa hai hệ thống đó sẽ được cập nhật.",
        "Tiền ghi bằng số nguyên đồng (không có phần thập phân); ngày theo dạng dd/mm/yyyy.",
        f"Tối đa {num(MAX_SYSTEMS)} hệ thống và {num(MAX_LINKS)} kết nối mỗi tệp. Hệ thống kiểm tra toàn bộ tệp trước; "
        "chỉ khi không có lỗi nào mới cho xác nhận, và ghi tất cả cùng lúc (có lỗi thì không ghi dòng nào).",
        f"Các giá trị hợp lệ (loại, vòng đời, đơn vị, dữ liệu …) xem ở trang “{CATALOG_SHEET}”.",
    ]
    for i, text in enumerate(notes, 3):
        guide.cell(row=i, column=1, value=f"{i - 2}.")
        guide.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    row = len(notes) + 5
    for sheet, columns in ((SYSTEMS_SHEET, SYSTEM_COLUMNS), (LINKS_SHEET, LINK_COLUMNS)):
        guide.cell(row=row, column=1, value=f"Trang “{sheet}”").font = Font(bold=True)
        guide.cell(row=row, column=2, value="Cách ghi").font = Font(bold=True)
        for col in columns:
            row += 1
            guide.cell(row=row, column=1, value=col.label + ("*" if col.required else ""))
            guide.cell(row=row, column=2, value=col.help or "Không bắt buộc.").alignment = Alignment(wrap_text=True)
        row += 2
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
