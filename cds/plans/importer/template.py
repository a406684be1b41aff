"""The downloadable proposals sheet of one round: the data sheet with its header (a note on
each column), one money column per year of the round and source of its envelopes, drop-down
lists; a catalogue sheet explaining the codes (kinds, regimes, programmes, systems, the unit's
registry projects that may be carried over with what remains to be funded); a guide."""
from __future__ import annotations

import io

from cds.accounts import access
from cds.catalog.models import FundingSource, Programme
from cds.projects.importer.columns import KIND_SHORT_LABELS
from cds.projects.models import Kind
from cds.projects.permissions import scope_projects
from cds.rules.models import LegalRegime
from cds.systems.permissions import inventory_systems
from cds.text.format import format_vnd, num, vndate

from .. import services
from ..models import Round
from .columns import (
    BASIS_LABELS,
    CATALOG_SHEET,
    COLUMNS,
    COST_HELP,
    DATA_SHEET,
    EXAMPLE_NAME,
    GUIDE_SHEET,
    PRIORITY_LABELS,
    cost_label,
)
from .reading import MAX_PROPOSALS

TEMPLATE_ROWS = 1_000
MAX_SYSTEMS_LISTED = 2_000


def template_filename(round_: Round) -> str:
    return f"mau-de-xuat-ke-hoach-{round_.period_label.replace('–', '-')}-{round_.pk}.xlsx"


def money_columns(round_: Round) -> list[tuple[int, FundingSource]]:
    """(year, source) of each money column: the round's years × the sources of its envelopes."""
    sources = list(FundingSource.objects.filter(pk__in=round_.envelopes.values("funding_source_id"))
                   .order_by("sort_order", "name"))
    return [(year, source) for year in round_.years for source in sources]


def carryable(user, round_: Round):
    """The registry projects of the user's unit that may be carried over into ``round_``."""
    return (scope_projects(user).filter(services.carriable_projects(round_))
            .filter(access.scope_for(user).q("investor_unit")).order_by("code"))


def build_template(user, round_: Round) -> bytes:  # noqa: C901
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    regimes = list(LegalRegime.objects.all())
    programmes = list(Programme.objects.filter(is_active=True))
    systems = list(inventory_systems(user).order_by("code").only("code", "name")[:MAX_SYSTEMS_LISTED])
    projects = list(carryable(user, round_))
    money = money_columns(round_)

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    cat = wb.create_sheet(CATALOG_SHEET)
    guide = wb.create_sheet(GUIDE_SHEET)

    head_font = Font(bold=True, color="FFFFFF")
    req_fill, opt_fill, money_fill = (PatternFill("solid", fgColor=c) for c in ("9C2A2A", "1F4E79", "385723"))
    headers = [(c.label + ("*" if c.required else ""), c.help, c.width, req_fill if c.required else opt_fill)
               for c in COLUMNS]
    headers += [(cost_label(year, source), COST_HELP, 20, money_fill) for year, source in money]
    for idx, (label, help_text, width, fill) in enumerate(headers, 1):
        cell = ws.cell(row=1, column=idx, value=label)
        cell.font, cell.fill = head_font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if help_text:
            cell.comment = Comment(help_text, "CĐS Portfolio", width=280, height=110)
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "C2"
    col_of = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    first_money = len(COLUMNS) + 1
    last = TEMPLATE_ROWS + 1

    regime = LegalRegime.for_date(round_.basis_date) or (regimes[0] if regimes else None)
    example = {"stt": 1, "name": EXAMPLE_NAME, "basis": BASIS_LABELS["new"], "kind": KIND_SHORT_LABELS[Kind.RENTAL],
               "regime": regime.short_name if regime else "", "start_year": round_.year_from,
               "end_year": round_.year_from, "priority": PRIORITY_LABELS[2],
               "objectives": "Giải quyết thủ tục hành chính trực tuyến toàn trình.",
               "systems": ", ".join(s.code for s in systems[:1])}
    grey = Font(italic=True, color="7F7F7F")
    for idx, c in enumerate(COLUMNS, 1):
        if c.key in example:
            ws.cell(row=2, column=idx, value=example[c.key]).font = grey
    if money:
        cell = ws.cell(row=2, column=first_money, value=500_000_000)
        cell.font, cell.number_format = grey, "#,##0"
    for col in range(first_money, first_money + len(money)):
        letter = get_column_letter(col)
        for row in range(3, 200):
            ws[f"{letter}{row}"].number_format = "#,##0"

    # The catalogue sheet: each list in its own column, referenced by the drop-downs.
    lists = [
        ("Loại đề xuất", list(BASIS_LABELS.values())),
        ("Loại nhiệm vụ", [KIND_SHORT_LABELS[k] for k in Kind.values]),
        ("Chế độ pháp lý", [r.short_name for r in regimes]),
        ("Mã chế độ", [r.code for r in regimes]),
        ("Chương trình", [p.name for p in programmes]),
        ("Mã chương trình", [p.code for p in programmes]),
        ("Mức ưu tiên", list(PRIORITY_LABELS.values())),
        ("Mã hệ thống", [s.code for s in systems]),
        ("Tên hệ thống", [s.name for s in systems]),
        ("Mã nhiệm vụ/dự án", [p.code for p in projects]),
        ("Tên nhiệm vụ/dự án", [p.name for p in projects]),
        ("Còn phải bố trí (đồng)", [services.remaining_to_fund(p) for p in projects]),
    ]
    ranges = {}
    for cidx, (title, values) in enumerate(lists, 1):
        letter = get_column_letter(cidx)
        cat.cell(row=1, column=cidx, value=title).font = Font(bold=True)
        for ridx, value in enumerate(values, 2):
            cell = cat.cell(row=ridx, column=cidx, value=value)
            if isinstance(value, int):
                cell.number_format = "#,##0"
        cat.column_dimensions[letter].width = max(12, min(50, max([len(title)] + [len(str(v)) for v in values]) + 2))
        ranges[title] = f"'{CATALOG_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    cat.freeze_panes = "A2"

    def dropdown(key: str, list_title: str, *, strict: bool = False):
        dv = DataValidation(type="list", formula1=ranges[list_title], allow_blank=True, showErrorMessage=strict,
                            errorStyle="stop" if strict else "information", errorTitle="Giá trị không hợp lệ",
                            error="Hãy chọn một giá trị trong danh sách.")
        dv.add(f"{col_of[key]}2:{col_of[key]}{last}")
        ws.add_data_validation(dv)

    dropdown("basis", "Loại đề xuất", strict=True)
    dropdown("kind", "Loại nhiệm vụ")             # codes such as "investment" are accepted too
    dropdown("regime", "Chế độ pháp lý")
    dropdown("programme", "Chương trình")
    dropdown("priority", "Mức ưu tiên")
    if projects:
        dropdown("project", "Mã nhiệm vụ/dự án")
    years = DataValidation(type="whole", operator="between", formula1=str(services.MIN_YEAR),
                           formula2=str(services.MAX_YEAR), allow_blank=True, showErrorMessage=True,
                           errorTitle="Năm không hợp lệ", error="Nhập năm 4 chữ số, ví dụ 2027.")
    years.add(f"{col_of['start_year']}2:{col_of['end_year']}{last}")
    ws.add_data_validation(years)
    if money:
        amounts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 showErrorMessage=True, errorTitle="Số tiền không hợp lệ",
                                 error="Nhập số nguyên đồng, không âm, ví dụ 1250000000.")
        amounts.add(f"{get_column_letter(first_money)}2:{get_column_letter(first_money + len(money) - 1)}{last}")
        ws.add_data_validation(amounts)

    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide["A1"] = "HƯỚNG DẪN NHẬP ĐỀ XUẤT NHIỆM VỤ TỪ EXCEL"
    guide["A1"].font = Font(bold=True, size=13)
    unit = user.unit
    notes = [
        f"Đợt lập kế hoạch: {round_.name} (thời kỳ {round_.period_label}), theo văn bản {round_.basis_number} ngày "
        f"{vndate(round_.basis_date)}; hạn gửi đề xuất {vndate(round_.deadline)}.",
        f"Đề xuất được lập cho đơn vị: {unit.name if unit else '—'}. Mỗi dòng của sheet “{DATA_SHEET}” là một đề xuất; "
        "dòng 1 là tiêu đề, không đổi tên cột. Dòng 2 là ví dụ: hãy xóa hoặc ghi đè trước khi nhập.",
        "Đề xuất mới: bắt buộc tên nhiệm vụ, loại nhiệm vụ, chế độ pháp lý, năm bắt đầu (trong thời kỳ của đợt) và "
        "kinh phí ít nhất một ô.",
        "Đề xuất chuyển tiếp: ghi “Chuyển tiếp” và mã nhiệm vụ/dự án của đơn vị (sheet “Danh mục”); ô để trống được "
        "lấy từ danh mục, kinh phí để trống = phần còn phải bố trí (ghi vào năm đầu của đợt).",
        "Kinh phí ghi bằng số nguyên đồng ở các cột “Kinh phí <năm> — <nguồn vốn>”, mỗi cột là một năm của đợt và "
        "một nguồn vốn có hạn mức; để trống = không đề xuất.",
        f"Tối đa {num(MAX_PROPOSALS)} đề xuất mỗi tệp. Hệ thống kiểm tra toàn bộ tệp và cho xem trước; chỉ khi không "
        "có lỗi nào mới cho xác nhận, và lập tất cả đề xuất cùng lúc (có lỗi thì không lập đề xuất nào). "
        "Đề xuất được lập ở tình trạng “Đang soạn”: lãnh đạo đơn vị xem lại và gửi từng đề xuất.",
    ]
    for i, text in enumerate(notes, 3):
        guide.cell(row=i, column=1, value=f"{i - 2}.")
        guide.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    row = len(notes) + 5
    guide.cell(row=row, column=1, value="Cột").font = Font(bold=True)
    guide.cell(row=row, column=2, value="Cách ghi").font = Font(bold=True)
    for c in COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=c.label + ("*" if c.required else ""))
        guide.cell(row=row, column=2, value=c.help or "Không bắt buộc.").alignment = Alignment(wrap_text=True)
    row += 1
    guide.cell(row=row, column=1, value="Kinh phí <năm> — <nguồn>")
    guide.cell(row=row, column=2, value=COST_HELP + " Hạn mức của đợt: " + "; ".join(
        f"{e.funding_source.name} năm {e.year}: {format_vnd(e.amount)} đồng"
        for e in round_.envelopes.select_related("funding_source")) + ".").alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
