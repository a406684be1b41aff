"""The downloadable import template: the data sheet with its header, an example row and
drop-down lists, a catalogue sheet, a guide sheet."""
from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from cds.accounts import access
from cds.catalog.models import FundingSource, Programme
from cds.orgs.models import Unit
from cds.rules.models import LegalRegime
from cds.text.format import num

from .. import services
from ..models import Group, Kind, State
from ..permissions import can_create_project_for
from .columns import (
    CATALOG_SHEET,
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_NAME,
    GUIDE_SHEET,
    IMPORT_STATES,
    KIND_SHORT_LABELS,
)
from .parsing import MAX_ROWS

TEMPLATE_ROWS = 5_000


def template_filename() -> str:
    return "mau-nhap-danh-muc-du-an.xlsx"


def build_template(user) -> bytes:  # noqa: C901
    """The import template: header row, one example row, a catalogue sheet and drop-downs."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    today = timezone.localdate()
    units = list(access.scope_units(user, Unit.objects.all()).order_by("path")
                 .only("pk", "code", "name", "short_name", "valid_to", "path"))
    creatable = [u for u in units if can_create_project_for(user, u)]
    regimes = list(LegalRegime.objects.all())
    programmes = list(Programme.objects.filter(is_active=True))
    sources = list(FundingSource.objects.filter(is_active=True))
    states = [(s, State(s).label) for s in IMPORT_STATES]

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    cat = wb.create_sheet(CATALOG_SHEET)
    guide = wb.create_sheet(GUIDE_SHEET)

    head_font = Font(bold=True, color="FFFFFF")
    req_fill = PatternFill("solid", fgColor="9C2A2A")
    opt_fill = PatternFill("solid", fgColor="1F4E79")
    for idx, col in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=idx, value=col.label + ("*" if col.required else ""))
        cell.font = head_font
        cell.fill = req_fill if col.required else opt_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if col.help:
            cell.comment = Comment(col.help, "CĐS Portfolio", width=260, height=90)
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "B2"

    own = user.unit if getattr(user, "unit_id", None) and user.unit in creatable else (creatable[0] if creatable else None)
    regime = LegalRegime.for_date(today) or (regimes[0] if regimes else None)
    example = {
        "name": EXAMPLE_NAME,
        "kind": KIND_SHORT_LABELS[Kind.INVESTMENT],
        "group": "C",
        "regime": regime.short_name if regime else "",
        "unit": own.name if own else "",
        "programme": programmes[0].name if programmes else "",
        "start_year": today.year,
        "end_year": today.year + 1,
        "carried_over": "Không",
        "state": State.PROPOSED.label,
        "objectives": "Số hóa hồ sơ, kết nối, chia sẻ dữ liệu với CSDL quốc gia.",
        "scope": "Toàn tỉnh",
        "funding_sources": sources[0].name if sources else "",
        "approved": 1_250_000_000,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": dt.datetime(today.year, 1, 15) if dt.date(today.year, 1, 15) <= today
        else dt.datetime(today.year - 1, 12, 15),
        "disbursed": 500_000_000,
    }
    example_font = Font(italic=True, color="7F7F7F")
    for idx, col in enumerate(COLUMNS, 1):
        cell = ws.cell(row=2, column=idx, value=example[col.key])
        cell.font = example_font
        if col.key in ("approved", "disbursed"):
            cell.number_format = "#,##0"
        elif col.key == "decision_date":
            cell.number_format = "DD/MM/YYYY"
    last = TEMPLATE_ROWS + 1
    col_of = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    for key in ("approved", "disbursed"):
        for row in range(3, 200):
            ws[f"{col_of[key]}{row}"].number_format = "#,##0"
    for row in range(3, 200):
        ws[f"{col_of['decision_date']}{row}"].number_format = "DD/MM/YYYY"

    # Catalogue sheet: each list in its own column, referenced by the drop-downs.
    lists = [
        ("Loại", [KIND_SHORT_LABELS[k] for k in Kind.values]),
        ("Nhóm", [g for g in Group.values]),
        ("Chế độ pháp lý", [r.short_name for r in regimes]),
        ("Mã chế độ", [r.code for r in regimes]),
        ("Chương trình", [p.name for p in programmes]),
        ("Mã chương trình", [p.code for p in programmes]),
        ("Nguồn vốn", [s.name for s in sources]),
        ("Mã nguồn vốn", [s.code for s in sources]),
        ("Trạng thái", [label for _code, label in states]),
        ("Chuyển tiếp", ["Có", "Không"]),
        ("Mã đơn vị", [u.code for u in creatable]),
        ("Tên đơn vị", [u.name for u in creatable]),
        ("Tên viết tắt", [u.short_name for u in creatable]),
        ("Hiệu lực đến", [u.valid_to.strftime("%d/%m/%Y") if u.valid_to else "" for u in creatable]),
    ]
    ranges = {}
    for cidx, (title, values) in enumerate(lists, 1):
        letter = get_column_letter(cidx)
        head = cat.cell(row=1, column=cidx, value=title)
        head.font = Font(bold=True)
        for ridx, value in enumerate(values, 2):
            cat.cell(row=ridx, column=cidx, value=value)
        cat.column_dimensions[letter].width = max(12, min(60, max([len(title)] + [len(str(v)) for v in values]) + 2))
        ranges[title] = f"'{CATALOG_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    cat.freeze_panes = "A2"

    def dropdown(key: str, list_title: str, *, strict: bool = True):
        dv = DataValidation(type="list", formula1=ranges[list_title], allow_blank=True,
                            showErrorMessage=strict, errorStyle="stop" if strict else "information",
                            errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)

    dropdown("kind", "Loại", strict=False)  # codes such as "investment" are accepted too
    dropdown("group", "Nhóm")
    dropdown("regime", "Chế độ pháp lý", strict=False)
    dropdown("unit", "Tên đơn vị", strict=False)  # codes and aliases are accepted too
    dropdown("programme", "Chương trình", strict=False)
    dropdown("state", "Trạng thái", strict=False)
    dropdown("carried_over", "Chuyển tiếp", strict=False)
    dropdown("funding_sources", "Nguồn vốn", strict=False)  # several, separated by ";"
    for key in ("start_year", "end_year"):
        dv = DataValidation(type="whole", operator="between", formula1=str(services.MIN_YEAR),
                            formula2=str(services.MAX_YEAR), allow_blank=True, showErrorMessage=True,
                            errorTitle="Năm không hợp lệ", error="Nhập năm 4 chữ số, ví dụ 2024.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)
    for key in ("approved", "disbursed"):
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Số tiền không hợp lệ",
                            error="Nhập số nguyên đồng, không âm, ví dụ 1250000000.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)

    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide["A1"] = "HƯỚNG DẪN NHẬP DANH MỤC NHIỆM VỤ, DỰ ÁN TỪ EXCEL"
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        "Mỗi dòng của sheet “Nhập dự án” là một nhiệm vụ/dự án; dòng 1 là tiêu đề, không đổi tên cột.",
        "Cột có dấu * là bắt buộc. Dòng 2 là ví dụ: hãy xóa hoặc ghi đè trước khi nhập.",
        "Tiền ghi bằng số nguyên đồng (không có phần thập phân); ngày theo dạng dd/mm/yyyy.",
        f"Tối đa {num(MAX_ROWS)} dòng mỗi tệp. Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi không có lỗi nào "
        "mới cho xác nhận, và nhập tất cả các dòng cùng lúc (có lỗi thì không nhập dòng nào).",
        "Các giá trị hợp lệ (loại, nhóm, chế độ pháp lý, chương trình, nguồn vốn, trạng thái, đơn vị) "
        "xem ở sheet “Danh mục”.",
    ]
    for i, text in enumerate(notes, 3):
        guide.cell(row=i, column=1, value=f"{i - 2}.")
        guide.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    row = len(notes) + 5
    guide.cell(row=row, column=1, value="Cột").font = Font(bold=True)
    guide.cell(row=row, column=2, value="Cách ghi").font = Font(bold=True)
    for col in COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=col.label + ("*" if col.required else ""))
        guide.cell(row=row, column=2, value=col.help or "Không bắt buộc.").alignment = Alignment(wrap_text=True)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
