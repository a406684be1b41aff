"""The inventory of information systems taken out of the system:

* :func:`build_docx` — "DANH MỤC HỆ THỐNG THÔNG TIN" in Word, laid out per NĐ 30/2020 by
  :class:`cds.reports.nd30.Nd30Document`: a báo cáo (a draft: number and day left blank) with a
  short summary (systems by category, links,
  findings, the filters in force), the signature block, then Phụ lục I (landscape): one row per
  system — STT, tên hệ thống, đơn vị chủ quản, loại, vòng đời, hệ thống lõi, cấp độ ATTT, số
  kết nối, dữ liệu chủ, phát hiện;
* :func:`build_xlsx` — the Excel file: sheet "Hệ thống" (every field of each system, its
  master data, projects, latest yearly costs, findings) and sheet "Kết nối" (one row per link);
* :func:`export` — builds one for ``user`` and records the audit event ``system.exported``
  (the views call it).

Both read :func:`cds.systems.mapdata.map_data`: the systems the user may read that the filters
choose (the map's focus), the links between systems the user may read, the findings. A project
is named only where the user may read it. The Word table (rows copied from one the builder formatted:
:func:`cds.reports.nd30.fast_table`) stops at :data:`WORD_MAX_ROWS` rows with a note pointing to
the Excel file, which has every row.
"""
from __future__ import annotations

import io
from collections import defaultdict

from django.db.models import F, Max
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from cds.audit.services import record_event
from cds.catalog.models import DataEntity
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects
from cds.reports.letterhead import parent_body, place_name, signer_title, symbol_abbreviation
from cds.reports.nd30 import DOCX_CONTENT_TYPE, DocumentHeader, Nd30Document, Signer, fast_table
from cds.reports.xlsx import add_list_sheet, finish_list_sheet
from cds.text.chars import xml_safe
from cds.text.format import cell_text, format_number

from .mapdata import CATEGORY_LABELS, LIFECYCLE_LABELS, MapFilters, map_data
from .models import Category, DataHolding, HoldingRole, InformationSystem, Integration, SystemCost, SystemProject
from .permissions import scope_systems

__all__ = ["build_docx", "build_xlsx", "export", "filename", "filter_text"]

WORD_MAX_ROWS = 1000
DOCX_COLUMNS = ["STT", "Tên hệ thống", "Đơn vị chủ quản", "Loại", "Vòng đời", "Hệ thống lõi", "Cấp độ ATTT",
                "Số kết nối", "Dữ liệu chủ", "Phát hiện"]
DOCX_WIDTHS = [11, 40, 26, 22, 16, 26, 15, 14, 28, 46]  # "STT", "ATTT" and "(số)" on one line
DOCX_ALIGN = ["center", "left", "left", "left", "left", "left", "center", "center", "left", "left"]
CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def filename(kind: str, day=None) -> str:
    day = day or timezone.localdate()
    return f"danh-muc-he-thong-thong-tin-{day:%Y%m%d}.{kind}"


def filter_text(filters: MapFilters) -> str:
    """The filters in force, in words (unit, data entity and core system by name)."""
    parts = []
    if filters.q:
        parts.append(f"tìm “{filters.q}”")
    if filters.don_vi:
        unit = Unit.objects.filter(pk=filters.don_vi).first()
        parts.append(f"đơn vị {unit.name if unit else 'không còn tồn tại'}")
    if filters.loai:
        parts.append(f"loại {CATEGORY_LABELS.get(filters.loai, filters.loai)}")
    if filters.vong_doi:
        parts.append(f"vòng đời {LIFECYCLE_LABELS.get(filters.vong_doi, filters.vong_doi)}")
    if filters.du_lieu:
        entity = DataEntity.objects.filter(pk=filters.du_lieu).first()
        parts.append(f"dữ liệu {entity.name if entity else 'không còn tồn tại'}")
    if filters.loi:
        core = InformationSystem.objects.filter(pk=filters.loi).first()
        parts.append(f"hệ thống lõi {core.name if core else 'không còn tồn tại'} và các hệ thống phát triển từ đó")
    if filters.phat_hien:
        parts.append("chỉ hệ thống có phát hiện")
    if filters.ca_da_ngung:
        parts.append("gồm cả hệ thống đã ngừng")
    return ", ".join(parts)


class Inventory:
    """The rows both files print, read once: the map's data and the focus systems in full."""

    def __init__(self, user, filters: MapFilters):
        self.user, self.filters = user, filters
        self.data = map_data(user, filters)
        self.nodes = {n["id"]: n for n in self.data["nodes"]}
        focus = {n["id"] for n in self.data["nodes"] if n["focus"]}
        # names of related rows as columns, not as model instances: 5× fewer objects to build
        rows = (scope_systems(user).order_by().defer("search_text")
                .annotate(owner_name=F("owner_unit__name"), operating_name=F("operating_unit__name"),
                          root_name=F("root_unit__name"), core_name=F("core_system__name")))
        order = {c: i for i, c in enumerate(Category.values)}
        self.systems = sorted((s for s in rows if s.pk in focus),
                              key=lambda s: (order.get(s.category, 9), s.owner_name or "", s.name))
        visible = scope_systems(user).order_by().values("pk")
        self.capabilities: dict[int, list[str]] = defaultdict(list)
        for system_id, name in (InformationSystem.capabilities.through.objects.filter(informationsystem__in=visible)
                                .order_by("capability__name").values_list("informationsystem_id", "capability__name")):
            self.capabilities[system_id].append(name)
        self.masters: dict[int, list[str]] = defaultdict(list)
        self.held: dict[int, list[str]] = defaultdict(list)
        for system_id, role, name in (DataHolding.objects.filter(system__in=visible).order_by("entity__name")
                                      .values_list("system_id", "role", "entity__name")):
            (self.masters if role == HoldingRole.MASTER else self.held)[system_id].append(name)
        projects = scope_projects(user).order_by().values("pk")
        self.projects: dict[int, list[str]] = defaultdict(list)
        for system_id, code in (SystemProject.objects.filter(system__in=visible, project__in=projects)
                                .order_by("project__code").values_list("system_id", "project__code")):
            self.projects[system_id].append(code)
        self.costs: dict[int, tuple] = {}
        latest = dict(SystemCost.objects.filter(system__in=visible).order_by().values("system_id")
                      .annotate(y=Max("year")).values_list("system_id", "y"))
        for system_id, year, op, dev in (SystemCost.objects.filter(system__in=visible)
                                         .values_list("system_id", "year", "operating_cost", "development_cost")):
            if latest.get(system_id) == year:
                self.costs[system_id] = (year, op, dev)
        # the links of the map, with the two fields the map does not carry
        extra = {pk: (since, note) for pk, since, note in Integration.objects.filter(source__in=visible).order_by()
                 .values_list("pk", "since", "note")}
        self.links = [{**e, "since": extra.get(e["id"], (None, ""))[0], "note": extra.get(e["id"], (None, ""))[1]}
                      for e in self.data["edges"]]

    def core_text(self, s) -> str:
        if s.category == Category.CORE:
            return "Là hệ thống lõi" + (", nền tảng tích hợp" if s.is_hub else "")
        return s.core_name or ""

    def degree(self, s) -> int:
        return self.nodes[s.pk]["degree"] if s.pk in self.nodes else 0

    def findings(self, s) -> list[str]:
        return self.nodes[s.pk]["findings"] if s.pk in self.nodes else []


# ------------------------------------------------------------------------------ Word


def _issuer(user) -> Unit | None:
    return user.unit if user.unit_id else None


def build_docx(user, filters: MapFilters, inventory: Inventory | None = None) -> bytes:
    inv = inventory or Inventory(user, filters)
    issuer = _issuer(user)
    root = issuer.root() if issuer else None
    is_root = issuer is not None and root.pk == issuer.pk
    header = DocumentHeader(
        parent_body=None if issuer is None or is_root else parent_body(root),
        issuer=issuer.name if issuer else "CƠ QUAN CHUYÊN TRÁCH CHUYỂN ĐỔI SỐ",
        issuer_name=issuer.name if issuer else None,
        symbol=f"BC-{symbol_abbreviation(issuer)}" if issuer else "BC", number=None,
        place=place_name(root) if root else "Hà Nội", date=None, draft_year=timezone.localdate().year,
        doc_type_name="BÁO CÁO", subject="Danh mục hệ thống thông tin, kết nối và dữ liệu")
    doc = Nd30Document(header)
    doc.heading("Tổng hợp")
    counts = defaultdict(int)
    for s in inv.systems:
        counts[s.category] += 1
    doc.paragraph(f"Danh mục gồm {format_number(len(inv.systems))} hệ thống thông tin, "
                  f"{format_number(len(inv.links))} kết nối, tích hợp giữa các hệ thống; "
                  f"{format_number(sum(1 for s in inv.systems if inv.findings(s)))} hệ thống có phát hiện cần xử lý "
                  "(chi tiết tại Phụ lục I).")
    for category, label in Category.choices:
        if counts[category]:
            doc.bullet([(f"{label}: ", "b"), f"{format_number(counts[category])} hệ thống"])
    text = filter_text(filters)
    if text:
        doc.paragraph(f"Điều kiện lọc: {text}.", italic=True)
    doc.paragraph(f"Số liệu lập ngày {timezone.localdate():%d/%m/%Y} từ cơ sở dữ liệu danh mục hệ thống thông tin.",
                  italic=True)
    archive = "VT" if issuer is None or is_root else f"VT, {symbol_abbreviation(issuer)}"
    doc.closing(Signer(signer_title(issuer) if issuer else ["THỦ TRƯỞNG CƠ QUAN"], ""), archive=archive)

    doc.appendix("Danh mục hệ thống thông tin", landscape=True)
    rows = []
    for n, s in enumerate(inv.systems[:WORD_MAX_ROWS], 1):
        unit = s.owner_name or s.operator or ""
        security = str(s.security_level) if s.security_level else ""  # the decision: in the Excel file
        rows.append([str(n), f"{cell_text(s.name)}\n({s.code})", cell_text(unit), s.get_category_display(),
                     s.get_lifecycle_display(), cell_text(inv.core_text(s)), security, str(inv.degree(s)),
                     "; ".join(cell_text(m) for m in inv.masters.get(s.pk, [])),
                     "\n".join(f"- {cell_text(t)}" for t in inv.findings(s))])
    if not rows:
        rows.append("Không có hệ thống thông tin nào theo điều kiện đã chọn.")
    fast_table(doc, DOCX_COLUMNS, rows, widths=DOCX_WIDTHS, align=DOCX_ALIGN, size=11, breaks=True)
    if len(inv.systems) > WORD_MAX_ROWS:
        doc.paragraph(f"Phụ lục liệt kê {format_number(WORD_MAX_ROWS)} trong số {format_number(len(inv.systems))} "
                      "hệ thống; danh mục đầy đủ tại tệp Excel xuất cùng điều kiện lọc.", italic=True)
    return doc.to_bytes()


# ----------------------------------------------------------------------------- Excel

SYSTEM_COLUMNS = (
    ("Mã", 14), ("Tên hệ thống", 44), ("Tên gọi khác", 24), ("Mô tả, chức năng", 40), ("Loại", 24),
    ("Nền tảng tích hợp", 10), ("Thuộc tỉnh/bộ", 24), ("Đơn vị chủ quản", 30), ("Đơn vị vận hành", 30),
    ("Cơ quan chủ quản, vận hành (ngoài tỉnh)", 26), ("Nhóm người dùng", 26), ("Số người dùng", 11),
    ("Phát triển từ hệ thống lõi", 30), ("Vòng đời", 14), ("Ngày đưa vào kế hoạch", 12),
    ("Ngày bắt đầu triển khai", 12), ("Ngày đưa vào vận hành", 12), ("Ngày bắt đầu thu hẹp", 12), ("Ngày ngừng", 12),
    ("Mức độ quan trọng", 18), ("Phù hợp nghiệp vụ", 16), ("Phù hợp kỹ thuật", 16), ("Nơi đặt hệ thống", 22),
    ("Cấp độ ATTT", 9), ("Quyết định phê duyệt cấp độ", 22), ("Ngày phê duyệt cấp độ", 12),
    ("Nhà cung cấp", 24), ("Hợp đồng", 24), ("Năng lực cung cấp", 30), ("Dữ liệu chủ", 30),
    ("Dữ liệu khác nắm giữ", 30), ("Số kết nối", 9), ("Dự án xây dựng, nâng cấp", 22), ("Năm chi phí", 8),
    ("Chi phí vận hành (đồng)", 16), ("Chi phí phát triển (đồng)", 16), ("Xác nhận của lãnh đạo đơn vị", 30),
    ("Căn cứ", 24), ("Phát hiện", 60),
)
LINK_COLUMNS = (
    ("Mã hệ thống gửi", 14), ("Hệ thống gửi", 40), ("Mã hệ thống nhận", 14), ("Hệ thống nhận", 40),
    ("Hai chiều", 9), ("Phương thức", 30), ("Tình trạng", 16), ("Từ ngày", 12), ("Dữ liệu trao đổi", 40),
    ("Ghi chú", 30),
)
MONEY = "#,##0"
DATE = "DD/MM/YYYY"


def _cells(ws, values, money=(), dates=()):
    out = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            v = xml_safe(v)
        if v is not None and (i in money or i in dates):
            c = WriteOnlyCell(ws, value=v)
            c.number_format = MONEY if i in money else DATE
            v = c
        out.append(v)
    return out


def build_xlsx(user, filters: MapFilters, inventory: Inventory | None = None) -> bytes:
    inv = inventory or Inventory(user, filters)
    now = timezone.localtime()
    subtitle = "; ".join(filter(None, [f"Xuất ngày {now:%d/%m/%Y %H:%M}", f"người xuất: {user.username}",
                                       filter_text(filters)]))
    wb = Workbook(write_only=True)
    ws = add_list_sheet(wb, "Hệ thống", "DANH MỤC HỆ THỐNG THÔNG TIN", subtitle, [c[0] for c in SYSTEM_COLUMNS],
                        [c[1] for c in SYSTEM_COLUMNS], freeze_col="C", header_height=45, zoom=90)
    dates = {14, 15, 16, 17, 18, 25}
    money = {34, 35}
    for s in inv.systems:
        year, op, dev = inv.costs.get(s.pk, (None, None, None))
        seal = s.seal_state()[1]
        if s.attested_by_id and s.attested_at:
            seal += f" (ngày {timezone.localtime(s.attested_at):%d/%m/%Y})"
        ws.append(_cells(ws, [
            s.code, s.name, "; ".join(s.alias_list), s.description, s.get_category_display(),
            "Có" if s.is_hub else "", s.root_name or "Dùng chung toàn quốc", s.owner_name or "", s.operating_name or "",
            s.operator, s.user_groups, s.user_count, s.core_name or "",
            s.get_lifecycle_display(), s.planned_on, s.build_on, s.operate_on, s.phase_out_on, s.retired_on,
            s.get_criticality_display() if s.criticality else "",
            s.get_functional_fit_display() if s.functional_fit else "",
            s.get_technical_fit_display() if s.technical_fit else "",
            s.get_hosting_display() if s.hosting else "", s.security_level, s.security_decision,
            s.security_decision_on, s.vendor, s.contract, "; ".join(inv.capabilities.get(s.pk, [])),
            "; ".join(inv.masters.get(s.pk, [])), "; ".join(inv.held.get(s.pk, [])), inv.degree(s),
            "; ".join(inv.projects.get(s.pk, [])), year, op, dev, seal, s.citation,
            "\n".join(f"- {t}" for t in inv.findings(s)),
        ], money, dates))
    finish_list_sheet(ws, len(SYSTEM_COLUMNS), len(inv.systems))
    ws2 = add_list_sheet(wb, "Kết nối", "CÁC KẾT NỐI, TÍCH HỢP GIỮA HỆ THỐNG", subtitle,
                         [c[0] for c in LINK_COLUMNS], [c[1] for c in LINK_COLUMNS], freeze_col="C", header_height=30)
    for ln in inv.links:
        source, target = inv.nodes[ln["source"]], inv.nodes[ln["target"]]
        ws2.append(_cells(ws2, [
            source["code"], source["name"], target["code"], target["name"], "Có" if ln["both_ways"] else "Không",
            ln["mechanism_label"], ln["status_label"], ln["since"], "; ".join(ln["entities"]), ln["note"],
        ], dates={7}))
    finish_list_sheet(ws2, len(LINK_COLUMNS), len(inv.links))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- export

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx}


def export(user, filters: MapFilters, kind: str) -> tuple[bytes, str]:
    """Build the ``kind`` ("docx" or "xlsx") file of ``user``'s inventory under ``filters`` and
    record the download; returns (content, file name)."""
    inv = Inventory(user, filters)
    content = BUILDERS[kind](user, filters, inv)
    record_event(user, "system.exported", data={
        "document": kind, "count": len(inv.systems), "links": len(inv.links), "filters": filters.as_params(),
        "filters_text": filter_text(filters)})
    return content, filename(kind)
