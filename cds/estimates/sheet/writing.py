"""Writing the estimate sheet: the template an investor unit fills in, and an estimate exported
back with live formulas (Thành tiền = khối lượng × đơn giá, thuế, cộng nhóm, tổng cộng) so the
official keeps working on it in Excel.

openpyxl writes a formula without its result; every formula cell here also carries the value it
computes (written into the XML after saving), so viewers that do not calculate — and
:func:`~cds.estimates.sheet.reading.parse` — read the same numbers Excel shows. The workbook
asks Excel to recalculate on opening all the same."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cds.text.chars import xml_safe
from cds.text.format import num

from .cells import basis_label, round_half_up
from .reading import MAX_COLUMNS, MAX_LINES
from .samples import DEFAULT_SAMPLE, SAMPLES

FONT = "Times New Roman"
MONEY = "#,##0"
HEADER_ROW = 5
SHEET_TITLE = "Dự toán"
GUIDE_TITLE = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float


COLUMNS = [
    Column("stt", "STT", 6), Column("name", "Nội dung chi phí", 46), Column("unit", "Đơn vị tính", 11),
    Column("quantity", "Khối lượng", 11), Column("unit_price", "Đơn giá (đồng)", 16),
    Column("amount", "Thành tiền (đồng)", 18), Column("vat_rate", "Thuế GTGT (%)", 9),
    Column("vat_amount", "Thuế GTGT (đồng)", 16), Column("after_tax", "Thành tiền sau thuế (đồng)", 18),
    Column("basis", "Căn cứ đơn giá", 24), Column("note", "Ghi chú", 30),
]
TEMPLATE_KEYS = ("stt", "name", "unit", "quantity", "unit_price", "amount", "vat_rate", "basis", "note")
DECLARED = Column("declared", "Số đơn vị ghi trong bảng (đồng)", 18)

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
SAMPLE_FONT = Font(name=FONT, size=12, italic=True, color="595959")


class _Sheet:
    """The data sheet being written: columns by key, and the value of every formula written."""

    def __init__(self, ws, columns: list[Column]):
        self.ws = ws
        self.columns = columns
        self.letter = {c.key: get_column_letter(i) for i, c in enumerate(columns, 1)}
        self.cached: dict[str, int | Decimal] = {}
        self.row = HEADER_ROW

    def has(self, key: str) -> bool:
        return key in self.letter

    def put(self, key: str, value, *, fmt: str | None = None, font: Font | None = None, formula: bool = False):
        cell = self.ws[f"{self.letter[key]}{self.row}"]
        cell.value = xml_safe(value)
        if isinstance(value, str) and not formula:
            cell.data_type = "s"  # a name typed as "=…" stays text, never a formula
        cell.border = BORDER
        cell.font = font or Font(name=FONT, size=12)
        if fmt:
            cell.number_format = fmt
        wrap = key in ("name", "basis", "note")
        cell.alignment = Alignment(vertical="top", wrap_text=wrap,
                                   horizontal="center" if key in ("stt", "unit", "vat_rate") else None)
        return cell

    def formula(self, key: str, formula: str, value, *, font: Font | None = None):
        self.cached[f"{self.letter[key]}{self.row}"] = value
        return self.put(key, "=" + formula, fmt=MONEY, font=font, formula=True)

    def ref(self, key: str, row: int | None = None) -> str:
        return f"{self.letter[key]}{row or self.row}"

    def blank_row(self, font: Font, fill: PatternFill | None = None) -> None:
        for c in self.columns:
            cell = self.put(c.key, None, font=font)
            if fill:
                cell.fill = fill


def _title_block(ws, columns: list[Column], title: str, lines: list[str]) -> None:
    last = get_column_letter(len(columns))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = xml_safe(title)
    ws["A1"].data_type = "s"
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 24
    for i, text in enumerate(lines[:2], 2):
        ws.merge_cells(f"A{i}:{last}{i}")
        ws[f"A{i}"] = xml_safe(text)
        ws[f"A{i}"].data_type = "s"
        ws[f"A{i}"].font = Font(name=FONT, size=12, italic=True)
        ws[f"A{i}"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws[f"{last}4"] = "Đơn vị tính: đồng"
    ws[f"{last}4"].font = Font(name=FONT, size=11, italic=True)
    ws[f"{last}4"].alignment = Alignment(horizontal="right")
    for i, col in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=col.label)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[HEADER_ROW].height = 36


def _page_setup(ws) -> None:
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.print_options.horizontalCentered = True


def _quantity_format(value: Decimal) -> str:
    return MONEY if value == value.to_integral_value() else "#,##0.0###"


def _rate_format(value: Decimal) -> str:
    return "0" if value == value.to_integral_value() else "0.0#"


def _stt_value(stt: str):
    return int(stt) if stt and stt.isascii() and stt.isdigit() and len(stt) < 6 else stt


def _heading(sheet: _Sheet, group) -> None:
    sheet.row += 1
    bold = Font(name=FONT, size=12, bold=True)
    sheet.blank_row(bold, GROUP_FILL)
    sheet.put("stt", group.numeral, font=bold).fill = GROUP_FILL
    sheet.put("name", group.name, font=bold).fill = GROUP_FILL


def _item(sheet: _Sheet, line, font: Font | None = None) -> tuple[int, int]:
    """One item row; (amount, VAT amount) it shows."""
    sheet.row += 1
    quantity, price = line.quantity, line.unit_price
    amount, rate = int(line.amount), Decimal(line.vat_rate or 0)
    vat = int(line.vat_amount) if sheet.has("vat_amount") else round_half_up(amount * rate / 100)
    sheet.put("stt", _stt_value(line.stt or ""), font=font)
    sheet.put("name", line.name, font=font)
    sheet.put("unit", line.unit or "", font=font)
    sheet.put("quantity", quantity, fmt=_quantity_format(Decimal(quantity)) if quantity is not None else None,
              font=font)
    sheet.put("unit_price", price, fmt=MONEY, font=font)
    if quantity is not None and price is not None and amount == round_half_up(Decimal(quantity) * price):
        sheet.formula("amount", f"ROUND({sheet.ref('quantity')}*{sheet.ref('unit_price')},0)", amount, font=font)
    else:
        sheet.put("amount", amount, fmt=MONEY, font=font)
    sheet.put("vat_rate", rate, fmt=_rate_format(rate), font=font)
    if sheet.has("vat_amount"):
        if vat == round_half_up(amount * rate / 100):
            sheet.formula("vat_amount", f"ROUND({sheet.ref('amount')}*{sheet.ref('vat_rate')}/100,0)", vat, font=font)
        else:
            sheet.put("vat_amount", vat, fmt=MONEY, font=font)
        sheet.formula("after_tax", f"{sheet.ref('amount')}+{sheet.ref('vat_amount')}", amount + vat, font=font)
    # a template's samples show the wording an official types ("Tỷ lệ % theo quy định"), not only a label
    sheet.put("basis", getattr(line, "basis_text", "") or basis_label(line.basis or ""), font=font)
    sheet.put("note", line.note or "", font=font)
    return amount, vat


SUM_KEYS = ("amount", "vat_amount", "after_tax")


def _subtotal(sheet: _Sheet, group, first: int, sums: dict[str, int], declared=None) -> dict[str, str]:
    """The "Cộng" row of a group: =SUM over its item rows (0 for a group without items)."""
    last = sheet.row
    sheet.row += 1
    bold = Font(name=FONT, size=12, bold=True)
    sheet.blank_row(bold)
    sheet.put("name", f"Cộng nhóm {group.numeral}", font=bold)
    refs = {}
    for key in SUM_KEYS:
        if not sheet.has(key):
            continue
        if last >= first:
            sheet.formula(key, f"SUM({sheet.ref(key, first)}:{sheet.ref(key, last)})", sums[key], font=bold)
        else:
            sheet.put(key, 0, fmt=MONEY, font=bold)
        refs[key] = sheet.ref(key)
    if declared is not None and sheet.has("declared"):
        sheet.put("declared", declared, fmt=MONEY, font=bold)
    return refs


def _total(sheet: _Sheet, subtotal_refs: list[dict[str, str]], sums: dict[str, int], declared=None) -> None:
    sheet.row += 1
    bold = Font(name=FONT, size=12, bold=True)
    sheet.blank_row(bold, HEAD_FILL)
    sheet.put("name", "Tổng cộng", font=bold).fill = HEAD_FILL
    for key in SUM_KEYS:
        if sheet.has(key):
            refs = ",".join(r[key] for r in subtotal_refs) or "0"
            sheet.formula(key, f"SUM({refs})", sums[key], font=bold).fill = HEAD_FILL
    if declared is not None and sheet.has("declared"):
        sheet.put("declared", declared, fmt=MONEY, font=bold).fill = HEAD_FILL


def _body(sheet: _Sheet, groups, lines_of, *, declared_subtotals=None, declared_total=None, font=None) -> None:
    refs_all, grand = [], dict.fromkeys(SUM_KEYS, 0)
    for group in groups:
        _heading(sheet, group)
        first = sheet.row + 1
        sums = dict.fromkeys(SUM_KEYS, 0)
        for line in lines_of(group):
            amount, vat = _item(sheet, line, font)
            sums["amount"] += amount
            sums["vat_amount"] += vat
            sums["after_tax"] += amount + vat
        declared = (declared_subtotals or {}).get(group.code)
        refs_all.append(_subtotal(sheet, group, first, sums, declared))
        for key in SUM_KEYS:
            grand[key] += sums[key]
    _total(sheet, refs_all, grand, declared_total)


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/>|<c r="([A-Z]+[0-9]+)"([^>]*)>'
                           rb"<f>([^<]*)</f><v>\s*</v>")


def _with_cached_values(data: bytes, part: str, cached: dict[str, int | Decimal]) -> bytes:
    """The package ``data`` with each formula cell of ``part`` carrying its computed value."""
    def fill(m: re.Match) -> bytes:
        ref, attrs, formula = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5),
                                                                                         m.group(6))
        value = cached.get(ref.decode())
        if value is None:
            return m.group(0)
        return b'<c r="%s"%s><f>%s</f><v>%s</v>' % (ref, attrs, formula, str(value).encode())

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == part:
                body = _FORMULA_CELL.sub(fill, body)
            zout.writestr(info, body)
    return out.getvalue()


def _save(wb, sheet: _Sheet) -> bytes:
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_cached_values(buffer.getvalue(), "xl/worksheets/sheet1.xml", sheet.cached)


# ------------------------------------------------------------------ template

class _Sample:
    """A sample item of the template, shaped like an estimate line."""

    def __init__(self, group_code: str, stt: int, spec):
        name, unit, quantity, price, amount, rate, basis_text, note = spec
        self.group_code, self.stt, self.name, self.unit = group_code, str(stt), name, unit
        self.quantity = Decimal(quantity) if quantity is not None else None
        self.unit_price = price
        self.amount = amount if amount is not None else round_half_up(Decimal(quantity) * price)
        self.vat_rate = Decimal(rate)
        self.vat_amount = round_half_up(self.amount * self.vat_rate / 100)
        self.basis, self.basis_text, self.note = "", basis_text, note


def template(structure_name: str, groups) -> bytes:
    """The .xlsx an investor unit fills in for an estimate of the cost structure ``structure_name``
    (``groups``: objects with ``code``, ``numeral``, ``name``): title, project line, header, one
    heading row per group with sample items and a "Cộng" row, "Tổng cộng", and a guide sheet."""
    columns = [c for c in COLUMNS if c.key in TEMPLATE_KEYS]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    _title_block(ws, columns, "BẢNG DỰ TOÁN CHI TIẾT", [
        "Tên nhiệm vụ/dự án: ……………………………………………………………", f"Cơ cấu dự toán: {structure_name}"])
    sheet = _Sheet(ws, columns)

    def samples(group):
        return [_Sample(group.code, i, spec) for i, spec in enumerate(SAMPLES.get(group.code, DEFAULT_SAMPLE), 1)]

    _body(sheet, groups, samples, font=SAMPLE_FONT)
    _page_setup(ws)
    _guide(wb.create_sheet(GUIDE_TITLE), structure_name, groups)
    return _save(wb, sheet)


def _guide(ws, structure_name: str, groups) -> None:
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 110
    ws["A1"] = "HƯỚNG DẪN LẬP BẢNG DỰ TOÁN ĐỂ TẢI LÊN HỆ THỐNG"
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    group_list = "; ".join(f"{g.numeral}. {g.name}" for g in groups)
    notes = [
        f"Giữ nguyên dòng tiêu đề cột (dòng {HEADER_ROW} của trang “{SHEET_TITLE}”); các dòng phía trên (tên bảng, "
        "tên nhiệm vụ/dự án) sửa tự do.",
        "Mỗi nhóm chi phí bắt đầu bằng dòng tiêu đề nhóm: số La Mã (I, II …) ở cột STT và tên nhóm ở cột “Nội dung "
        f"chi phí”. Các nhóm của cơ cấu “{structure_name}”: {group_list}.",
        "Mỗi khoản mục một dòng, nằm dưới dòng tiêu đề nhóm của nó, STT 1, 2, 3 …; nếu chia mục con 1.1, 1.2 … thì "
        "dòng mục mẹ (1) chỉ là dòng cộng, không tính là khoản mục.",
        "Thành tiền = Khối lượng × Đơn giá. Khoản tính theo tỷ lệ (quản lý dự án, tư vấn, dự phòng) để trống khối "
        "lượng, đơn giá và ghi thẳng thành tiền.",
        "Tiền ghi bằng số nguyên đồng, không có phần thập phân; thuế GTGT ghi theo phần trăm (0, 5, 8, 10).",
        "Cột “Căn cứ đơn giá” ghi một trong: Báo giá; Kết quả trúng thầu; Thẩm định giá (chứng thư); Định mức, đơn "
        "giá nhà nước; Định mức tỷ lệ; Dự toán tương tự đã duyệt; Tính toán (phụ lục kèm theo) — có thể ghi thêm "
        "chi tiết, ví dụ “Báo giá Công ty A ngày 05/01/2026”.",
        "Dòng “Cộng nhóm …” cuối mỗi nhóm và dòng “Tổng cộng” có sẵn công thức; khi thêm khoản mục, chèn dòng vào "
        "giữa nhóm để công thức tự mở rộng.",
        "Các dòng chữ nghiêng là ví dụ: xóa hoặc ghi đè bằng khoản mục thật. Lưu tệp bằng Excel (.xlsx) trước khi "
        "tải lên để các công thức có giá trị tính sẵn.",
        f"Giới hạn: tối đa {num(MAX_LINES)} khoản mục và {MAX_COLUMNS} cột; không gộp ô (Merge Cells) ở các cột "
        "khối lượng, đơn giá, thành tiền, thuế.",
        "Hệ thống kiểm tra toàn bộ tệp trước khi nhận: có lỗi ở dòng nào thì không nhận dòng nào, và mỗi lỗi ghi rõ "
        "số dòng, cột cần sửa.",
    ]
    for i, text in enumerate(notes, 3):
        ws.cell(row=i, column=1, value=f"{i - 2}.").alignment = Alignment(vertical="top")
        cell = ws.cell(row=i, column=2, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=FONT, size=12)


# ------------------------------------------------------------------ export


def export(title: str, subtitle: str, groups, lines, *, declared=None) -> bytes:
    """The estimate as .xlsx with live formulas: Thành tiền =ROUND(khối lượng × đơn giá) where
    the line's amount is that product (its written amount otherwise), Thuế GTGT = thành tiền ×
    thuế suất, a "Cộng nhóm" =SUM per group and "Tổng cộng" = the sum of the group sums.
    ``lines`` have the attributes of :class:`~cds.estimates.models.EstimateLine`; ``declared``
    (``{"subtotals": {code: amount}, "total": amount}``, as the unit wrote them) adds a column
    beside the computed sums."""
    known = {g.code for g in groups}
    stray = sorted({ln.group_code for ln in lines} - known)
    if stray:
        raise ValueError(f"lines of groups outside the structure: {stray}")
    columns = list(COLUMNS) + ([DECLARED] if declared is not None else [])
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    _title_block(ws, columns, title, [subtitle] if subtitle else [])
    sheet = _Sheet(ws, columns)
    by_group: dict[str, list] = {}
    for line in lines:
        by_group.setdefault(line.group_code, []).append(line)
    declared = declared or {}
    _body(sheet, groups, lambda g: by_group.get(g.code, []),
          declared_subtotals=declared.get("subtotals") or {}, declared_total=declared.get("total"))
    _page_setup(ws)
    return _save(wb, sheet)
