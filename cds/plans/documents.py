"""The plan taken out of the system:

* :func:`build_docx` — "KẾ HOẠCH Ứng dụng công nghệ thông tin, chuyển đổi số năm N" in Word,
  laid out per NĐ 30/2020 by :class:`cds.reports.nd30.Nd30Document`, issued by the people's
  committee of the round's tree: the basis of the round, I. Mục đích, yêu cầu, II. Nhiệm vụ
  (counts and money by source), III. Kinh phí (by source and year against the envelopes),
  IV. Tổ chức thực hiện, the signature block; Phụ lục I (landscape) lists every item — STT,
  nhiệm vụ, đơn vị chủ trì, thời gian, kinh phí by year and source, tổng, ghi chú — and an
  adjustment adds Phụ lục II, what changed against the version it adjusts
  (:func:`cds.plans.selectors.plan_diff`). A version not yet approved is marked "DỰ THẢO" and
  leaves the number and day blank; an approved one carries its decision: its own number when
  the decision is the Kế hoạch itself ("…/KH-UBND"), else the line "(Ban hành kèm theo Quyết
  định số … ngày … của …)" under the title, as a document issued with a decision has;
* :func:`build_xlsx` — the Excel appendix: sheet "Phụ lục" (one row per item, amounts as
  numbers, a totals row) and sheet "Hạn mức" (the envelopes against the plan);
* :func:`export` — builds one for ``user`` and records ``plan.exported`` (the views call it).

The caller resolves the version through :func:`cds.plans.permissions.get_plan_for` (404 for a
draft a unit may not read). A plan is published content: every reader of the version sees every
item; only the amounts units asked for and the funding recommended (sheet "Hạn mức") are left
out for unit users.

Volume: the items are read as tuples (two queries however many), and the appendix rows are
copies of one row the builder formatted (:func:`cds.reports.nd30.fast_table`). The appendix is
the plan itself, so it is never cut short. Measured on SQLite with 20,000 items of 200 units (one
year, two sources used, three envelopes; tests/plans/bench_documents.py): Word 5–17 s (6
queries, 1,0 MB; the spread is the load of the machine), Excel 3–4 s (8 queries, 1,1 MB); an
adjustment whose 20,000 items all changed (Phụ lục II as long as Phụ lục I) 23–33 s. When the amounts in đồng would not fit their columns (many years and
sources) the Word appendix counts in triệu đồng and numbers the sources under the table; the
Excel file is always in đồng.
"""
from __future__ import annotations

import copy
import io
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cds.accounts import access
from cds.audit.services import record_event
from cds.catalog.models import FundingSource
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.reports.letterhead import is_local_body, place_name, signer_title, symbol_abbreviation
from cds.reports.nd30 import (
    DOCX_CONTENT_TYPE,
    DocumentHeader,
    Nd30Document,
    Signer,
    Total,
    fast_table,
    format_date,
    text_width_mm,
)
from cds.reports.xlsx import add_list_sheet, finish_list_sheet
from cds.reviews.report import basis_sentence
from cds.text.chars import xml_safe
from cds.text.format import cell_text, format_number, format_vnd, vndate

from . import selectors
from .models import Basis, Envelope, PlanItem, PlanItemCost, PlanStatus, PlanVersion

__all__ = ["CONTENT_TYPES", "PlanSheet", "build_docx", "build_xlsx", "export", "filename"]

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
MONEY = "#,##0"
LANDSCAPE_TEXT_MM = 297 - 30 - 15  # the text width of a landscape A4 page (NĐ 30 margins)
CELL_MARGINS_MM = 3.2  # left + right padding of a table cell (cds.reports.nd30)
BASIS_LABELS = dict(Basis.choices)


def filename(plan: PlanVersion, kind: str) -> str:
    stem = f"ke-hoach-cds-{plan.round.period_label.replace('–', '-')}-lan-{plan.number}"
    return f"{stem}.{kind}" if kind == "docx" else f"{stem}-phu-luc.{kind}"


# ------------------------------------------------------------------------------ data


@dataclass
class Row:
    item_id: int
    position: int
    name: str
    unit: str
    start_year: int
    end_year: int
    note: str
    total: int
    basis: str
    proposal_id: int
    code: str
    costs: dict = field(default_factory=dict)  # {(source id, year): amount}

    @property
    def period(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"


class PlanSheet:
    """What both files print, read once: the version's items with their costs, the columns
    (one per year and funding source of the round: its envelopes and whatever the items use),
    the envelopes, and the totals the previous version gave each item (for the notes of an
    adjustment)."""

    def __init__(self, plan: PlanVersion):
        self.plan = (PlanVersion.objects.select_related(
            "round", "round__root_unit", "round__receiving_unit", "round__finance_unit", "based_on", "approved_by")
            .get(pk=plan.pk))
        self.round = self.plan.round
        self.root = self.round.root_unit
        rows = {}
        for values in (PlanItem.objects.filter(plan=self.plan).order_by("position", "pk")
                       .values_list("pk", "position", "name", "unit__name", "start_year", "end_year", "note",
                                    "total", "proposal__basis", "proposal_id", "proposal__code")):
            rows[values[0]] = Row(*values)
        for item_id, source_id, year, amount in (PlanItemCost.objects.filter(item__plan=self.plan).order_by()
                                                 .values_list("item_id", "funding_source_id", "year", "amount")):
            rows[item_id].costs[(source_id, year)] = amount
        self.rows = list(rows.values())
        self.envelopes = {(source_id, year): amount for source_id, year, amount in
                          Envelope.objects.filter(round=self.round).values_list("funding_source_id", "year", "amount")}
        keys = set(self.envelopes) | {k for r in self.rows for k in r.costs}
        self.sources = {s.pk: s for s in FundingSource.objects.filter(pk__in={k[0] for k in keys})}
        order = lambda k: (k[1], self.sources[k[0]].sort_order, self.sources[k[0]].name)  # noqa: E731
        self.columns: list[tuple[int, int]] = sorted(keys, key=order)
        self.by_column = defaultdict(int)
        for r in self.rows:
            for k, amount in r.costs.items():
                self.by_column[k] += amount
        self.total = sum(r.total for r in self.rows)
        self.previous: dict[int, int] | None = None
        if self.plan.based_on_id:
            self.previous = dict(PlanItem.objects.filter(plan_id=self.plan.based_on_id)
                                 .values_list("proposal_id", "total"))

    @property
    def years(self) -> list[int]:
        return sorted({y for _, y in self.columns})

    def source_name(self, source_id: int) -> str:
        return self.sources[source_id].name

    def by_source(self) -> list[tuple[str, int]]:
        sums = defaultdict(int)
        for (source_id, _), amount in self.by_column.items():
            sums[source_id] += amount
        ids = sorted(sums, key=lambda s: (self.sources[s].sort_order, self.sources[s].name))
        return [(self.source_name(s), sums[s]) for s in ids]

    def note(self, r: Row) -> str:
        """Ghi chú: new or carried over, the item's own note, and for an adjustment what it did
        to the item."""
        parts = [BASIS_LABELS.get(r.basis, "")]
        if r.note and r.note.strip().lower() != parts[0].lower():
            parts.append(r.note.strip())
        if self.previous is not None:
            before = self.previous.get(r.proposal_id)
            if before is None:
                parts.append("Bổ sung khi điều chỉnh")
            elif before != r.total:
                parts.append(f"Điều chỉnh {'tăng' if r.total > before else 'giảm'} "
                             f"{format_vnd(abs(r.total - before))} đồng (trước: {format_vnd(before)} đồng)")
        return "; ".join(p for p in parts if p)


# ------------------------------------------------------------------------------ Word


def _subject(plan: PlanVersion) -> str:
    """"Ứng dụng công nghệ thông tin, chuyển đổi số năm 2027" — the title without "Kế hoạch",
    which is the document's tên loại."""
    title = " ".join(plan.title.split())
    rest = re.sub(r"^kế hoạch\s+", "", title, flags=re.IGNORECASE)
    subject = rest[:1].upper() + rest[1:] if rest else title
    if plan.number > 1:
        subject += f" (điều chỉnh lần {plan.number - 1})"
    return subject


def _decision(plan: PlanVersion) -> tuple[str, str] | None:
    """(number, ký hiệu) when the approving document is the Kế hoạch itself ("12/KH-UBND")."""
    number = (plan.decision_number or "").strip()
    head, _, symbol = number.partition("/")
    if symbol.upper().startswith("KH"):
        return head, symbol
    return None


def _issued_line(plan: PlanVersion, issuer: str) -> str:
    return (f"(Ban hành kèm theo Quyết định số {plan.decision_number.strip()} "
            f"{format_date(plan.decision_date)} của {issuer})")


def _is_issued(plan: PlanVersion) -> bool:
    return plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED) and bool(plan.decision_number)


@dataclass
class IssuedWithDecision(DocumentHeader):
    """The header of a document issued with a decision: the decision carries the number and
    the day, so the document itself shows neither (its title is followed by the line "(Ban
    hành kèm theo Quyết định số … ngày … của …)")."""

    @property
    def number_line(self) -> str:
        return ""

    @property
    def date_line(self) -> str:
        return ""


def _header(sheet: PlanSheet) -> DocumentHeader:
    plan, root = sheet.plan, sheet.root
    own = _decision(plan) if _is_issued(plan) else None
    kind = IssuedWithDecision if _is_issued(plan) and own is None else DocumentHeader
    number, date = (own[0], plan.decision_date) if own else (None, None)
    return kind(
        issuer=root.name, issuer_name=root.name, symbol=own[1] if own else f"KH-{symbol_abbreviation(root)}",
        number=number, place=place_name(root), date=date, draft_year=sheet.round.year_from if date is None else None,
        doc_type_name="KẾ HOẠCH", subject=_subject(plan))


def _under_title(doc: Nd30Document, text: str) -> None:
    """An italic line under the trích yếu, above its rule."""
    rule = doc.docx.paragraphs[-1]._p
    p = doc.centered(text, bold=False, italic=True, before=0)
    rule.addprevious(p._p)


def _intro(doc: Nd30Document, sheet: PlanSheet) -> None:
    plan, round_ = sheet.plan, sheet.round
    text = basis_sentence(round_)
    if plan.number > 1 and plan.based_on is not None and plan.based_on.decision_number:
        text += (f"; để điều chỉnh Kế hoạch đã ban hành theo văn bản số {plan.based_on.decision_number} "
                 f"ngày {vndate(plan.based_on.decision_date)}")
    doc.paragraph(f"{text}, {sheet.root.name} ban hành Kế hoạch {_subject(plan)[:1].lower()}{_subject(plan)[1:]} "
                  "như sau:", before=12)
    if plan.number > 1 and plan.reason.strip():
        doc.paragraph([("Lý do điều chỉnh: ", "i"), " ".join(plan.reason.split())])


def _purpose(doc: Nd30Document, sheet: PlanSheet) -> None:
    period = sheet.round.period_label
    doc.heading("Mục đích, yêu cầu")
    doc.heading("Mục đích", level=2)
    doc.paragraph(f"Triển khai các nhiệm vụ ứng dụng công nghệ thông tin, chuyển đổi số năm {period} của các cơ quan, "
                  "đơn vị theo thứ tự ưu tiên; bảo đảm việc đầu tư và sử dụng kinh phí từ ngân sách nhà nước đúng mục "
                  "tiêu, tiết kiệm, hiệu quả, không trùng lặp; kế thừa, tái sử dụng các hệ thống, nền tảng dùng chung "
                  "đã có.")
    doc.heading("Yêu cầu", level=2)
    doc.paragraph("Các nhiệm vụ được triển khai đúng mục tiêu, tiến độ và kinh phí được giao; tuân thủ quy định về "
                  "quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước; kết nối, chia sẻ "
                  "dữ liệu qua các nền tảng tích hợp, chia sẻ dữ liệu của tỉnh và quốc gia; bảo đảm an toàn thông tin "
                  "theo cấp độ.")


def _tasks(doc: Nd30Document, sheet: PlanSheet) -> None:
    doc.heading("Nhiệm vụ")
    rows = sheet.rows
    carried = sum(1 for r in rows if r.basis == Basis.CARRIED)
    units = len({r.unit for r in rows})
    doc.paragraph(f"Kế hoạch gồm {format_number(len(rows))} nhiệm vụ do {format_number(units)} cơ quan, đơn vị chủ "
                  f"trì, trong đó {format_number(len(rows) - carried)} nhiệm vụ mới và {format_number(carried)} nhiệm "
                  f"vụ chuyển tiếp; tổng kinh phí {format_vnd(sheet.total)} đồng (danh mục chi tiết tại Phụ lục I).")
    sources = sheet.by_source()
    if sources:
        doc.paragraph("Kinh phí theo nguồn vốn:")
        for i, (name, amount) in enumerate(sources):
            end = "." if i == len(sources) - 1 else ";"
            doc.bullet(f"{name}: {format_vnd(amount)} đồng{end}")


def _money(doc: Nd30Document, sheet: PlanSheet) -> None:
    doc.heading("Kinh phí thực hiện")
    doc.paragraph("Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách nhà nước hằng năm theo phân cấp "
                  "và các nguồn vốn hợp pháp khác; tổng hợp theo nguồn vốn và năm, đối chiếu với hạn mức kinh phí dự "
                  "kiến của đợt lập kế hoạch:")
    rows, tot_env, tot_plan = [], 0, 0
    for n, key in enumerate(sheet.columns, 1):
        envelope = sheet.envelopes.get(key)
        amount = sheet.by_column.get(key, 0)
        tot_env += envelope or 0
        tot_plan += amount
        left = "" if envelope is None else (format_vnd(envelope - amount) if envelope >= amount
                                            else f"Vượt {format_vnd(amount - envelope)}")
        rows.append([str(n), sheet.source_name(key[0]), str(key[1]),
                     "Chưa có hạn mức" if envelope is None else format_vnd(envelope), format_vnd(amount), left])
    left = format_vnd(tot_env - tot_plan) if tot_env >= tot_plan else f"Vượt {format_vnd(tot_plan - tot_env)}"
    rows.append(Total(["", "Tổng cộng", "", format_vnd(tot_env), format_vnd(tot_plan), left]))
    fast_table(doc, ["STT", "Nguồn vốn", "Năm", "Hạn mức", "Kinh phí trong Kế hoạch", "Còn lại"], rows,
               widths=[11, 43, 13, 32, 32, 34], align=["center", "left", "center", "right", "right", "right"],
               unit="Đơn vị tính: đồng", size=11)
    over = [r for r in rows[:-1] if r[5].startswith("Vượt")]
    if over:
        doc.paragraph("Phần kinh phí vượt hạn mức được bố trí khi cân đối được nguồn, theo thứ tự ưu tiên của các nhiệm "
                      "vụ trong Kế hoạch.", italic=True)


def _organisation(doc: Nd30Document, sheet: PlanSheet) -> None:
    round_ = sheet.round
    doc.heading("Tổ chức thực hiện")
    doc.heading(round_.receiving_unit.name, level=2)
    doc.paragraph("Là cơ quan thường trực, chủ trì hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị triển khai Kế "
                  "hoạch; kiểm tra việc kết nối, chia sẻ, tái sử dụng các hệ thống dùng chung, phòng tránh đầu tư "
                  f"trùng lặp; tổng hợp, báo cáo {sheet.root.name} kết quả thực hiện; tham mưu điều chỉnh Kế hoạch "
                  "khi cần thiết.")
    if round_.finance_unit_id:
        doc.heading(round_.finance_unit.name, level=2)
        doc.paragraph(f"Chủ trì, phối hợp với {round_.receiving_unit.name} tham mưu bố trí kinh phí thực hiện các nhiệm "
                      "vụ của Kế hoạch trong dự toán ngân sách hằng năm theo khả năng cân đối ngân sách; hướng dẫn "
                      "việc quản lý, sử dụng, thanh toán, quyết toán kinh phí theo quy định.")
    doc.heading("Các cơ quan, đơn vị chủ trì nhiệm vụ", level=2)
    doc.paragraph("Tổ chức triển khai các nhiệm vụ được giao tại Phụ lục I đúng mục tiêu, tiến độ, kinh phí; lập hồ sơ "
                  "đề xuất, dự toán theo quy định; định kỳ báo cáo kết quả thực hiện về "
                  f"{round_.receiving_unit.name} để tổng hợp. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, "
                  f"các cơ quan, đơn vị phản ánh về {round_.receiving_unit.name} để tổng hợp, báo cáo "
                  f"{sheet.root.name} xem xét, giải quyết.")


def _recipients(sheet: PlanSheet) -> list[str]:
    round_ = sheet.round
    if is_local_body(sheet.root):
        lines = ["Thường trực Tỉnh ủy (b/c)", "Thường trực HĐND tỉnh (b/c)", "Chủ tịch, các Phó Chủ tịch UBND tỉnh"]
    else:
        lines = ["Lãnh đạo cơ quan (b/c)"]
    lines.append(round_.receiving_unit.name)
    if round_.finance_unit_id:
        lines.append(round_.finance_unit.name)
    lines.append("Các cơ quan, đơn vị tại Phụ lục I (thực hiện)")
    return lines


@dataclass
class Layout:
    """The columns of the appendix table: widths (mm), font size and the money unit, chosen so
    the largest amount fits its column on one line."""

    widths: list[float]
    size: float
    unit: str  # "đồng" or "triệu đồng"
    divisor: int

    def amount(self, value: int) -> str:
        if self.divisor == 1:
            return format_vnd(value)
        text = format_number(Decimal(value) / self.divisor, 3)
        return text.rstrip("0").rstrip(",")


def _layout(sheet: PlanSheet) -> Layout:
    n_money = len(sheet.columns) + 1  # and "Tổng cộng"
    fixed = [11, 56, 34, 19, 27] if n_money <= 5 else [10, 46, 28, 16, 22]
    size = 11 if n_money <= 3 else 10 if n_money <= 5 else 9
    money_w = (LANDSCAPE_TEXT_MM - sum(fixed)) / n_money
    widest = max([sheet.total, *sheet.by_column.values()], default=0)
    divisor, unit = 1, "đồng"
    if text_width_mm(format_vnd(widest), size) + CELL_MARGINS_MM > money_w:
        divisor, unit = 10**6, "triệu đồng"
    if divisor > 1 and text_width_mm(Layout([], size, unit, divisor).amount(widest), size) + CELL_MARGINS_MM > money_w:
        size = 8
    widths = fixed[:4] + [money_w] * n_money + fixed[4:]
    return Layout(widths, size, unit, divisor)


def _merge_header(table, sheet: PlanSheet) -> None:
    """Two header rows: "Kinh phí năm …" over the sources of each year; the other headings
    span both rows. Done on the XML of the header row alone: the data rows are copies of
    other template rows and are not touched."""
    tbl = table._tbl
    bottom = tbl.tr_lst[0]
    top = copy.deepcopy(bottom)
    bottom.addprevious(top)
    top_cells, bottom_cells = list(top.tc_lst), list(bottom.tc_lst)
    n_fixed = 4
    money = range(n_fixed, n_fixed + len(sheet.columns))
    for j, (tc_top, tc_bottom) in enumerate(zip(top_cells, bottom_cells)):
        if j in money:
            continue
        tc_top.vMerge = "restart"
        tc_bottom.vMerge = "continue"
        _set_text(tc_bottom, "")
    # group the money columns of each year under one cell of the top row
    j = n_fixed
    for year in sheet.years:
        span = sum(1 for _, y in sheet.columns if y == year)
        first = top_cells[j]
        _set_text(first, f"Kinh phí năm {year}")
        width = sum(tc.width for tc in top_cells[j:j + span] if tc.width is not None)
        for tc in top_cells[j + 1:j + span]:
            top.remove(tc)
        first.grid_span = span
        if width:
            first.width = width
        j += span


def _set_text(tc, text: str) -> None:
    tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    texts = list(tc.iter(tag))
    for i, t in enumerate(texts):
        t.text = text if i == 0 else ""


def _appendix(doc: Nd30Document, sheet: PlanSheet, reference: str | None) -> None:
    doc.appendix(f"Danh mục nhiệm vụ ứng dụng công nghệ thông tin, chuyển đổi số năm {sheet.round.period_label}",
                 landscape=True, reference=reference)
    layout = _layout(sheet)
    # a source's name heads its columns when it fits on three lines, else a number explained
    # under the table
    room = 3 * (layout.widths[4] - CELL_MARGINS_MM)
    source_ids = sorted({s for s, _ in sheet.columns}, key=lambda s: [k[0] for k in sheet.columns].index(s))
    named = all(text_width_mm(sheet.source_name(s), layout.size, True) <= room for s in source_ids)
    label = {s: sheet.source_name(s) if named else f"({n})" for n, s in enumerate(source_ids, 1)}
    columns = (["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện"]
               + [label[s] for s, _ in sheet.columns] + ["Tổng cộng", "Ghi chú"])
    rows = []
    for r in sheet.rows:
        rows.append([str(r.position), cell_text(r.name), cell_text(r.unit), r.period]
                    + [layout.amount(r.costs[k]) if r.costs.get(k) else "" for k in sheet.columns]
                    + [layout.amount(r.total), cell_text(sheet.note(r))])
    if not rows:
        rows.append("Kế hoạch chưa có nhiệm vụ nào.")
    rows.append(Total(["", "Tổng cộng", "", ""] + [layout.amount(sheet.by_column.get(k, 0)) for k in sheet.columns]
                      + [layout.amount(sheet.total), ""]))
    align = ["center", "left", "left", "center"] + ["right"] * (len(sheet.columns) + 1) + ["left"]
    table = fast_table(doc, columns, rows, widths=layout.widths, align=align, size=layout.size,
                       unit=f"Đơn vị tính: {layout.unit}")
    _merge_header(table, sheet)
    if not named:
        doc.paragraph("Nguồn vốn: " + "; ".join(f"{label[s]} {sheet.source_name(s)}" for s in source_ids) + ".",
                      italic=True, indent=False, size=11)


def _changes(doc: Nd30Document, sheet: PlanSheet, reference: str | None) -> None:
    plan = sheet.plan
    doc.appendix(f"Nội dung điều chỉnh so với {plan.based_on.label.lower()}", landscape=True, reference=reference)
    kinds = {"added": "Bổ sung vào Kế hoạch", "changed": "Điều chỉnh", "removed": "Đưa ra khỏi Kế hoạch"}
    rows = []
    for n, c in enumerate(selectors.plan_diff(plan.based_on, plan), 1):
        content = "\n".join([kinds[c.kind]] + [f"- {line[:1].upper()}{line[1:]}" for line in c.lines])
        delta = c.delta
        rows.append([str(n), cell_text(c.name), cell_text(c.unit), content, format_vnd(c.before), format_vnd(c.after),
                     ("+" if delta > 0 else "−" if delta < 0 else "") + format_vnd(abs(delta))])
    if not rows:
        rows.append("Không có nhiệm vụ nào thay đổi.")
    fast_table(doc, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Nội dung điều chỉnh", "Trước điều chỉnh",
                     "Sau điều chỉnh", "Tăng (+), giảm (−)"], rows,
               widths=[11, 55, 34, 62, 29, 29, 32], align=["center", "left", "left", "left", "right", "right", "right"],
               unit="Đơn vị tính: đồng", breaks=True)


def build_docx(user, plan: PlanVersion, sheet: PlanSheet | None = None) -> bytes:
    sheet = sheet or PlanSheet(plan)
    plan, root = sheet.plan, sheet.root
    doc = Nd30Document(_header(sheet))
    issued = _is_issued(plan)
    reference = None
    if issued and _decision(plan) is None:
        _under_title(doc, _issued_line(plan, root.name))
        reference = (f"(Kèm theo Kế hoạch ban hành theo Quyết định số {plan.decision_number.strip()} "
                     f"{format_date(plan.decision_date)} của {root.name})")
    if not issued:
        doc.mark_draft()
    _intro(doc, sheet)
    _purpose(doc, sheet)
    _tasks(doc, sheet)
    _money(doc, sheet)
    _organisation(doc, sheet)
    signer = plan.approved_by.display_name if issued and plan.approved_by_id else ""
    doc.closing(Signer(signer_title(root), signer), recipients=_recipients(sheet), archive="VT")
    _appendix(doc, sheet, reference)
    if plan.based_on_id:
        _changes(doc, sheet, reference)
    return doc.to_bytes()


# ----------------------------------------------------------------------------- Excel


def _money_cell(ws, value, bold=False):
    c = WriteOnlyCell(ws, value=value)
    c.number_format = MONEY
    if bold:
        c.font = Font(bold=True)
    return c


def _text(value) -> str:
    return xml_safe(value) if isinstance(value, str) else value


def build_xlsx(user, plan: PlanVersion, sheet: PlanSheet | None = None) -> bytes:
    sheet = sheet or PlanSheet(plan)
    plan = sheet.plan
    now = timezone.localtime()
    state = (f"ban hành theo văn bản số {plan.decision_number} ngày {vndate(plan.decision_date)}"
             if _is_issued(plan) else f"dự thảo ({plan.get_status_display().lower()})")
    subtitle = f"{plan.label} — {state}; xuất ngày {now:%d/%m/%Y %H:%M}, người xuất: {user.username}"
    title = f"PHỤ LỤC: DANH MỤC NHIỆM VỤ — {plan.title.upper()}"
    money_headers = [f"{sheet.source_name(s)} — năm {y} (đồng)" for s, y in sheet.columns]
    headers = (["STT", "Mã đề xuất", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện", "Loại"] + money_headers
               + ["Tổng cộng (đồng)", "Ghi chú"])
    widths = [6, 16, 60, 32, 12, 14] + [20] * len(money_headers) + [20, 44]
    wb = Workbook(write_only=True)
    ws = add_list_sheet(wb, "Phụ lục", title, subtitle, headers, widths, freeze_col="D", header_height=60)
    for r in sheet.rows:
        ws.append([r.position, r.code, _text(r.name), _text(r.unit), r.period, BASIS_LABELS.get(r.basis, "")]
                  + [_money_cell(ws, r.costs[k]) if r.costs.get(k) else None for k in sheet.columns]
                  + [_money_cell(ws, r.total), _text(sheet.note(r))])
    label = WriteOnlyCell(ws, value="Tổng cộng")
    label.font = Font(bold=True)
    ws.append([None, None, label, None, None, None]
              + [_money_cell(ws, sheet.by_column.get(k, 0), True) for k in sheet.columns]
              + [_money_cell(ws, sheet.total, True), None])
    finish_list_sheet(ws, len(headers), len(sheet.rows))

    wide = user.role not in access.UNIT_ROLES
    env_headers = ["Nguồn vốn", "Năm", "Hạn mức (đồng)"]
    if wide:
        env_headers += ["Đơn vị đề xuất (đồng)", "Đề nghị bố trí (đồng)"]
    env_headers += ["Trong kế hoạch (đồng)", "Còn lại so với hạn mức (đồng)", "Tình trạng"]
    ws2 = add_list_sheet(wb, "Hạn mức", "HẠN MỨC KINH PHÍ VÀ MỨC SỬ DỤNG", subtitle, env_headers,
                         [44, 8] + [20] * (len(env_headers) - 3) + [24], freeze_col="C", header_height=45)
    usage = {(u.source_id, u.year): u for u in selectors.envelope_usage(sheet.round)} if wide else {}
    count = 0
    for key in sheet.columns:
        envelope = sheet.envelopes.get(key)
        amount = sheet.by_column.get(key, 0)
        row = [_text(sheet.source_name(key[0])), key[1], None if envelope is None else _money_cell(ws2, envelope)]
        if wide:
            u = usage.get(key)
            row += [_money_cell(ws2, u.requested if u else 0), _money_cell(ws2, u.funded if u else 0)]
        status = ("Chưa có hạn mức" if envelope is None else "Vượt hạn mức" if amount > envelope else "Trong hạn mức")
        row += [_money_cell(ws2, amount), None if envelope is None else _money_cell(ws2, envelope - amount), status]
        ws2.append(row)
        count += 1
    finish_list_sheet(ws2, len(env_headers), count)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- export

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx}


def export(user, plan: PlanVersion, kind: str) -> tuple[bytes, str, str]:
    """Build the ``kind`` ("docx" or "xlsx") file of ``plan`` for ``user`` and record the
    download; returns (content, content type, file name). The caller has resolved ``plan``
    through :func:`cds.plans.permissions.get_plan_for`."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown document kind {kind!r}")
    started = time.monotonic()
    sheet = PlanSheet(plan)
    content = BUILDERS[kind](user, plan, sheet)
    record_event(user, "plan.exported", sheet.plan, data={
        "document": kind, "number": sheet.plan.number, "items": len(sheet.rows), "bytes": len(content),
        "seconds": round(time.monotonic() - started, 2)})
    return content, CONTENT_TYPES[kind], filename(sheet.plan, kind)
