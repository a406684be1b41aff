"""The consolidated report of an effectiveness review campaign:

* :func:`build_docx` — the province's báo cáo in Word, laid out per NĐ 30/2020 by
  :class:`cds.reports.nd30.Nd30Document`: I. tình hình thực hiện (counts, table and chart by
  unit), II. kết quả đánh giá (self vs reviewer ratings and their gap, TIME quadrant, most
  frequent problems, money), III. projects proposed for pause / stop / scale-down /
  adjustment, IV. khó khăn, vướng mắc, kiến nghị with their answers, V. đề xuất, the
  closing block, and Phụ lục I (landscape) listing every reviewed project;
* :func:`build_xlsx` — the Excel appendix (write-only openpyxl): "Tổng hợp" (by unit),
  "Chỉ tiêu" (one row per review × indicator), "Đánh giá" (one row per review), "Kiến nghị".

Both are pure (no writes) and scoped: every number comes from the campaign's reviews the
user may read (:func:`cds.reviews.selectors.campaign_reviews`), so a unit user gets a
report on their own unit only.  :func:`export_report` builds one and records the audit
event ``export.review_report``; the web views and the API both call it.

Volume (target: ≤ 60 s at 20,000 reviews): aggregates run in SQL, lists are read as plain
tuples with ``.iterator()``, many-to-many problems are read in one query, and the long
Word tables are written by cloning a row that :meth:`Nd30Document.table` formatted once
(python-docx builds ~330 rows/s cell by cell; cloning ~15,000 rows/s).  The Word appendix
and the table of section III are capped at :data:`WORD_APPENDIX_MAX_ROWS` rows, section IV
at :data:`WORD_MAX_ISSUES` quotations, each with a note pointing to the Excel file, which
always has every row: a 20,000-row Word table is ~700 pages nobody reads, and LibreOffice
had not finished converting one after 10 minutes.

Measured on a synthetic campaign of 20,000 reviews (108,000 indicator values, 18,000 problem
links, 1,700 issues; the whole province seen by the appraiser): Word 5–8 s (16 queries, 0,5 MB,
LibreOffice → PDF in ≈ 50 s), Excel 16–24 s (14 queries, 10 MB; openpyxl's cell writer is
nearly all of it) on SQLite; 4,8 s and 18 s on PostgreSQL.  A unit's own report: ≈ 1 s.
"""
from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.orgs.models import Unit
from cds.projects.models import State
from cds.reports.letterhead import (
    parent_body,
    place_name,
    signer_title,
    unit_abbreviation,
)
from cds.reports.nd30 import (
    DOCX_CONTENT_TYPE,
    DocumentHeader,
    Nd30Document,
    Signer,
    Total,
    fast_table,
    format_number,
    format_vnd,
)
from cds.text.chars import xml_safe
from cds.text.normalize import fold

from . import scoring, selectors
from .models import (
    RATING_RANK,
    Campaign,
    Decision,
    IndicatorGroup,
    IndicatorValue,
    IssueKind,
    Rating,
    Review,
    ReviewIssue,
    ReviewStatus,
)

try:  # server-side PNG charts (matplotlib); the report is complete without them
    from cds.reports import charts
except ImportError:  # pragma: no cover - depends on the installation
    charts = None

log = logging.getLogger(__name__)

CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
WORD_APPENDIX_MAX_ROWS = 2000  # rows of Phụ lục I (and of the table of section III)
WORD_MAX_ISSUES = 1000  # difficulties and proposals quoted in section IV
CHART_MAX_UNITS = 25  # bars in the progress chart
QUADRANT_NAMED_POINTS = 30  # up to this many projects, each point is labelled with its name
QUADRANT_MAX_LABELS = 15  # above, only the "Loại bỏ/dừng" ones are labelled (by code) if this few
QUADRANT_MAX_POINTS = 500  # above, an even sample by code (label placement is the slow part)
CHUNK = 2000

DONE = selectors.DONE
INEFFECTIVE = selectors.INEFFECTIVE
CHANGING = (Decision.ADJUST, Decision.SCALE_DOWN, Decision.PAUSE, Decision.STOP)
DECISION_ORDER = {Decision.STOP: 0, Decision.PAUSE: 1, Decision.SCALE_DOWN: 2, Decision.ADJUST: 3,
                  Decision.CONTINUE: 4, "": 5}
RATING_LABELS = dict(Rating.choices)
STATUS_LABELS = dict(ReviewStatus.choices)
DECISION_LABELS = dict(Decision.choices)
STATE_LABELS = dict(State.choices)
GROUP_LABELS = dict(IndicatorGroup.choices)
ISSUE_LABELS = dict(IssueKind.choices)
QUADRANT_ORDER = ("invest", "migrate", "tolerate", "eliminate")
QUADRANT_LABELS = {code: label for code, label in scoring.QUADRANTS.values()}
QUADRANT_MEANING = {
    "invest": "Giá trị cao, phù hợp kỹ thuật cao",
    "migrate": "Giá trị cao, phù hợp kỹ thuật thấp",
    "tolerate": "Giá trị thấp, phù hợp kỹ thuật cao",
    "eliminate": "Giá trị thấp, phù hợp kỹ thuật thấp",
}
DOC_KINDS = {"NĐ": "Nghị định", "QĐ": "Quyết định", "KH": "Kế hoạch", "CT": "Chỉ thị", "TB": "Thông báo",
             "NQ": "Nghị quyết", "TT": "Thông tư", "HD": "Hướng dẫn", "BC": "Báo cáo", "CV": "Công văn"}


def vn_key(text) -> tuple:
    """Sort key close to Vietnamese dictionary order (diacritics folded, then the exact text)."""
    return fold(text), str(text or "")


# ------------------------------------------------------------------------------ naming


def _leadership(unit: Unit) -> str:
    return "Lãnh đạo Sở" if fold(unit.name).startswith("so ") else "Lãnh đạo đơn vị"


def basis_sentence(campaign: Campaign) -> str:
    """"Thực hiện Công văn số 8826/UBND-VXNV ngày 28/12/2023 của UBND tỉnh về việc …"."""
    number = campaign.basis_number.strip()
    tail = number.rsplit("/", 1)[-1]
    kind = DOC_KINDS.get(tail.split("-")[0].upper(), "Công văn")
    text = f"Thực hiện {kind} số {number}"
    if campaign.basis_date:
        text += f" ngày {campaign.basis_date:%d/%m/%Y}"
    if campaign.basis_issuer:
        text += f" của {campaign.basis_issuer.strip()}"
    title = (campaign.basis_title or "").strip().rstrip(".;")
    title = re.sub(r"^(v/v|về việc)\s+", "", title, flags=re.IGNORECASE)
    if title:
        if title.lower().startswith(("điều", "khoản", "mục")):
            text += f" ({title})"
        else:
            text += f" về việc {title[0].lower()}{title[1:]}"
    return text


def period_text(campaign: Campaign) -> str:
    return f"năm {campaign.period_year}"


def report_filename(campaign: Campaign, fmt: str) -> str:
    return f"bao-cao-danh-gia-hieu-qua-{campaign.pk}.{fmt}"


# ------------------------------------------------------------------------------- data


@dataclass
class RatingStats:
    self_counts: dict[str, int] = field(default_factory=dict)  # over submitted reviews
    reviewer_counts: dict[str, int] = field(default_factory=dict)  # over assessed reviews
    submitted: int = 0
    assessed: int = 0
    both: int = 0  # reviews with a self-rating and a reviewer rating
    higher: int = 0  # self-rating better than the reviewer's
    lower: int = 0
    same: int = 0


@dataclass
class Summary:
    """Everything but the long lists, computed with a handful of aggregate queries."""

    campaign: Campaign
    counts: dict
    progress: list  # selectors.UnitProgress, in Vietnamese order of unit names
    ratings: RatingStats
    quadrants: dict[str, int]
    scored: int
    problems: list[tuple[str, int]]
    money: dict
    money_ineffective: dict
    restricted_to: str | None  # unit name when the user sees only part of the campaign


def _reviews(user, campaign):
    return selectors.campaign_reviews(user, campaign)


def _rating_stats(qs) -> RatingStats:
    stats = RatingStats()
    rows = qs.filter(status__in=DONE).order_by().values("self_rating", "reviewer_rating").annotate(n=Count("id"))
    for r in rows:
        mine, theirs, n = r["self_rating"], r["reviewer_rating"], r["n"]
        stats.submitted += n
        stats.self_counts[mine] = stats.self_counts.get(mine, 0) + n
        if theirs:
            stats.assessed += n
            stats.reviewer_counts[theirs] = stats.reviewer_counts.get(theirs, 0) + n
        if mine and theirs:
            stats.both += n
            gap = RATING_RANK[mine] - RATING_RANK[theirs]
            if gap > 0:
                stats.higher += n
            elif gap < 0:
                stats.lower += n
            else:
                stats.same += n
    return stats


def _quadrant_counts(qs, method) -> tuple[dict[str, int], int]:
    vt, ft = method.value_threshold, method.fitness_threshold
    scored = qs.filter(status__in=DONE, value_score__isnull=False, fitness_score__isnull=False)
    agg = scored.aggregate(
        invest=Count("id", filter=Q(value_score__gte=vt, fitness_score__gte=ft)),
        migrate=Count("id", filter=Q(value_score__gte=vt, fitness_score__lt=ft)),
        tolerate=Count("id", filter=Q(value_score__lt=vt, fitness_score__gte=ft)),
        eliminate=Count("id", filter=Q(value_score__lt=vt, fitness_score__lt=ft)),
    )
    return agg, sum(agg.values())


def _problem_counts(qs) -> list[tuple[str, int]]:
    through = Review.problems.through
    rows = (through.objects.filter(review__in=qs.filter(status__in=DONE).values("pk")).order_by()
            .values("problemtype__name", "problemtype__sort_order").annotate(n=Count("id")))
    out = [(r["problemtype__name"], r["n"], r["problemtype__sort_order"]) for r in rows]
    out.sort(key=lambda x: (-x[1], x[2]))
    return [(name, n) for name, n, _ in out]


def _money(qs) -> dict:
    agg = qs.aggregate(n=Count("id"), approved=Sum("project__total_approved"),
                       allocated=Sum("project__total_allocated"), disbursed=Sum("project__total_disbursed"))
    return {k: v or 0 for k, v in agg.items()}


def summary(user, campaign: Campaign) -> Summary:
    qs = _reviews(user, campaign)
    progress = selectors.progress_by_unit(user, campaign)
    progress.sort(key=lambda p: vn_key(p.unit.name))
    quadrants, scored = _quadrant_counts(qs, campaign.method)
    restricted = None
    if user.role in access.UNIT_ROLES and user.unit_id:
        restricted = user.unit.name
    return Summary(
        campaign=campaign, counts=selectors.totals(progress), progress=progress,
        ratings=_rating_stats(qs), quadrants=quadrants, scored=scored, problems=_problem_counts(qs),
        money=_money(qs), money_ineffective=_money(qs.filter(reviewer_rating__in=INEFFECTIVE)),
        restricted_to=restricted,
    )


def _pct(part, whole) -> str:
    return format_number(Decimal(part * 100) / Decimal(whole), 1) + "%" if whole else "—"


# ------------------------------------------------------------------------------- Word


def _header(campaign: Campaign) -> DocumentHeader:
    receiving, root = campaign.receiving_unit, campaign.root_unit
    is_root = receiving.pk == root.pk
    return DocumentHeader(
        parent_body=None if is_root else parent_body(root),
        issuer=receiving.name,
        issuer_name=receiving.name,
        symbol=f"BC-{unit_abbreviation(receiving)}",
        number=None,
        place=place_name(root),
        date=timezone.localdate(),
        doc_type_name="BÁO CÁO",
        subject=f"Kết quả rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số {period_text(campaign)}",
        addressees=[] if is_root else [root.name],
    )


def _chart(fn, *args, **kwargs) -> bytes | None:
    if charts is None:
        return None
    try:
        return fn(*args, **kwargs)
    except Exception:  # a chart must never cost the whole report
        log.exception("report chart failed")
        return None


def _section_progress(doc, s: Summary, figure: list):
    c, campaign = s.counts, s.campaign
    doc.heading("Tình hình thực hiện")
    on_time = c["submitted"] - c["submitted_late"]
    not_submitted = c["total"] - c["submitted"]
    scope = []
    if campaign.started_until:
        scope.append(f"bắt đầu thực hiện không muộn hơn ngày {campaign.started_until:%d/%m/%Y}")
    if campaign.scope_states:
        scope.append("ở trạng thái " + ", ".join(STATE_LABELS.get(x, x).lower() for x in campaign.scope_states))
    if campaign.scope_programme_id:
        scope.append(f"thuộc {campaign.scope_programme.name}")
    units = len(s.progress)
    doc.paragraph(
        f"Đợt rà soát, đánh giá “{campaign.name}” gồm {format_vnd(c['total'])} nhiệm vụ, dự án của "
        f"{format_vnd(units)} đơn vị" + (f" ({'; '.join(scope)})" if scope else "") +
        f"; hạn gửi báo cáo ngày {campaign.deadline:%d/%m/%Y}.")
    if s.restricted_to:
        doc.paragraph(f"Số liệu trong báo cáo này chỉ gồm các nhiệm vụ, dự án thuộc phạm vi của {s.restricted_to}.",
                      italic=True)
    doc.paragraph("Kết quả tiếp nhận báo cáo của các đơn vị:")
    doc.bullet(f"Đã gửi báo cáo: {format_vnd(c['submitted'])}/{format_vnd(c['total'])} nhiệm vụ, dự án "
               f"({_pct(c['submitted'], c['total'])}), trong đó đúng hạn {format_vnd(on_time)}, "
               f"gửi muộn {format_vnd(c['submitted_late'])};")
    late_note = " (đã quá hạn)" if timezone.localdate() > campaign.deadline else ""
    if not_submitted:
        doc.bullet(f"Chưa gửi báo cáo: {format_vnd(not_submitted)} nhiệm vụ, dự án{late_note}, trong đó đang nhập "
                   f"{format_vnd(c['in_progress'])}, chưa thực hiện {format_vnd(c['not_started'])}.")
    else:
        doc.bullet("Không còn nhiệm vụ, dự án chưa gửi báo cáo.")
    rows = []
    tot = defaultdict(int)
    for i, p in enumerate(s.progress, 1):
        outstanding = p.total - p.submitted
        vals = [p.total, p.submitted - p.submitted_late, p.submitted_late, outstanding, p.optimistic, p.ineffective]
        for k, v in zip(range(6), vals):
            tot[k] += v
        rows.append([str(i), p.unit.name] + [format_vnd(v) for v in vals])
    rows.append(Total(["", "Tổng cộng"] + [format_vnd(tot[k]) for k in range(6)]))
    fast_table(doc, ["STT", "Đơn vị", "Số nhiệm vụ, dự án", "Gửi đúng hạn", "Gửi muộn", "Chưa gửi",
                     "Tự đánh giá cao hơn thẩm tra", "Chưa/ không hiệu quả"],
               rows, widths=[12, 47, 17, 17, 17, 17, 19, 19],
               align=["center", "left", "right", "right", "right", "right", "right", "right"],
               title="Bảng 1. Tình hình gửi báo cáo theo đơn vị")
    if len(s.progress) > 1 and charts is not None:  # one unit: the table says it all
        top = sorted(s.progress, key=lambda p: -p.total)[:CHART_MAX_UNITS]
        top.sort(key=lambda p: vn_key(p.unit.name))
        png = _chart(
            charts.stacked_bar_chart, [p.unit.short_name or p.unit.name for p in top],
            {"Gửi đúng hạn": [p.submitted - p.submitted_late for p in top],
             "Gửi muộn": [p.submitted_late for p in top],
             "Chưa gửi": [p.total - p.submitted for p in top]},
            value_label="Số nhiệm vụ, dự án")
        if png:
            figure[0] += 1
            note = f" ({len(top)} đơn vị có nhiều nhiệm vụ, dự án nhất)" if len(top) < len(s.progress) else ""
            doc.image(png, width_cm=15, caption=f"Hình {figure[0]}. Tình hình gửi báo cáo theo đơn vị{note}")


def _quadrant_points(qs, method, scored: int) -> tuple[list, str]:
    """(points, caption note) for the TIME chart: every scored project (an even sample by code
    above :data:`QUADRANT_MAX_POINTS`), named when there are few, else only those of the
    "Loại bỏ/dừng" quadrant are labelled (by code) when they are few enough to read."""
    rows = list(qs.filter(status__in=DONE, value_score__isnull=False, fitness_score__isnull=False)
                .order_by("project__code").values_list("project__code", "project__name", "fitness_score",
                                                       "value_score").iterator(chunk_size=CHUNK))
    if len(rows) <= QUADRANT_NAMED_POINTS:
        return [(name, fit, val) for _code, name, fit, val in rows], "từng nhiệm vụ, dự án"
    low = [r for r in rows if r[3] < method.value_threshold and r[2] < method.fitness_threshold]
    labelled = {r[0] for r in low} if len(low) <= QUADRANT_MAX_LABELS else set()
    shown = rows
    note = []
    if len(rows) > QUADRANT_MAX_POINTS:
        step = -(-len(rows) // QUADRANT_MAX_POINTS)
        shown = rows[::step]
        have = {r[0] for r in shown}
        shown += [r for r in low if r[0] in labelled and r[0] not in have]
        note.append(f"thể hiện {format_vnd(len(shown))}/{format_vnd(len(rows))} nhiệm vụ, dự án, chọn đều theo mã")
    if labelled:
        note.append("ghi mã các nhiệm vụ, dự án thuộc nhóm “Loại bỏ/dừng”")
    points = [(code if code in labelled else "", fit, val) for code, _name, fit, val in shown]
    return points, "; ".join(note) or "mỗi điểm là một nhiệm vụ, dự án"


def _section_results(doc, s: Summary, qs, figure: list):
    r, method = s.ratings, s.campaign.method
    doc.heading("Kết quả đánh giá")
    doc.heading("Mức độ hiệu quả", level=2)
    doc.paragraph(
        f"Trong {format_vnd(r.submitted)} báo cáo đã gửi, {format_vnd(r.assessed)} báo cáo đã được cơ quan "
        f"chuyên trách về chuyển đổi số thẩm tra, đánh giá. Kết quả tự đánh giá của đơn vị và kết quả thẩm tra "
        f"như sau:")
    rows = []
    for code, label in Rating.choices:
        rows.append([label, format_vnd(r.self_counts.get(code, 0)), _pct(r.self_counts.get(code, 0), r.submitted),
                     format_vnd(r.reviewer_counts.get(code, 0)),
                     _pct(r.reviewer_counts.get(code, 0), r.assessed)])
    no_self = r.self_counts.get("", 0)
    rows.append(["Chưa tự đánh giá / chưa thẩm tra", format_vnd(no_self), _pct(no_self, r.submitted),
                 format_vnd(r.submitted - r.assessed), _pct(r.submitted - r.assessed, r.submitted)])
    rows.append(Total(["Tổng số", format_vnd(r.submitted), "", format_vnd(r.submitted), ""]))
    fast_table(doc, ["Mức đánh giá", "Đơn vị tự đánh giá", "Tỷ lệ", "Kết quả thẩm tra", "Tỷ lệ"], rows,
               widths=[40, 15, 10, 15, 10], align=["left", "right", "right", "right", "right"],
               title="Bảng 2. Kết quả tự đánh giá và thẩm tra")
    units_higher = sum(1 for p in s.progress if p.optimistic)
    if r.both:
        doc.paragraph(
            f"So sánh trên {format_vnd(r.both)} nhiệm vụ, dự án có cả kết quả tự đánh giá và kết quả thẩm tra: "
            f"{format_vnd(r.higher)} nhiệm vụ, dự án ({_pct(r.higher, r.both)}) của {format_vnd(units_higher)} "
            f"đơn vị được đơn vị tự đánh giá cao hơn kết quả thẩm tra; {format_vnd(r.lower)} tự đánh giá thấp hơn; "
            f"{format_vnd(r.same)} trùng khớp.")
    else:
        doc.paragraph("Chưa có nhiệm vụ, dự án nào được thẩm tra để so sánh với kết quả tự đánh giá.")

    doc.heading("Phân loại theo giá trị mang lại và mức độ phù hợp kỹ thuật", level=2)
    doc.paragraph(
        f"Theo {method.name} (phiên bản {method.version}), điểm giá trị mang lại và điểm phù hợp kỹ thuật "
        f"(0–100) được tính từ các chỉ tiêu đơn vị báo cáo; ngưỡng phân loại: giá trị {method.value_threshold}, "
        f"phù hợp kỹ thuật {method.fitness_threshold} (mô hình TIME). Có {format_vnd(s.scored)} nhiệm vụ, dự án "
        f"đủ số liệu để phân loại:")
    rows = [[QUADRANT_LABELS[q], QUADRANT_MEANING[q], format_vnd(s.quadrants.get(q, 0)),
             _pct(s.quadrants.get(q, 0), s.scored)] for q in QUADRANT_ORDER]
    fast_table(doc, ["Nhóm", "Đặc điểm", "Số nhiệm vụ, dự án", "Tỷ lệ"], rows, widths=[25, 45, 15, 10],
               align=["left", "left", "right", "right"], title="Bảng 3. Phân loại nhiệm vụ, dự án theo mô hình TIME")
    if s.scored and charts is not None:
        points, note = _quadrant_points(qs, method, s.scored)
        png = _chart(charts.quadrant_chart, points, x_threshold=method.fitness_threshold,
                     y_threshold=method.value_threshold)
        if png:
            figure[0] += 1
            doc.image(png, width_cm=14, caption=f"Hình {figure[0]}. Phân loại theo mô hình TIME ({note})")

    doc.heading("Những tồn tại, hạn chế phổ biến", level=2)
    if s.problems:
        doc.paragraph("Các vấn đề được đơn vị nêu nhiều nhất trong báo cáo:")
        rows = [[str(i), name, format_vnd(n), _pct(n, r.submitted)] for i, (name, n) in enumerate(s.problems, 1)]
        fast_table(doc, ["STT", "Vấn đề", "Số nhiệm vụ, dự án", "Tỷ lệ trên số báo cáo đã gửi"], rows,
                   widths=[12, 103, 25, 25], align=["center", "left", "right", "right"],
                   title="Bảng 4. Các vấn đề phát hiện qua rà soát")
    else:
        doc.paragraph("Các báo cáo đã gửi chưa nêu tồn tại, hạn chế theo danh mục.")

    doc.heading("Kinh phí", level=2)
    m, mi = s.money, s.money_ineffective
    text = (f"Tổng mức đầu tư, dự toán được duyệt của {format_vnd(m['n'])} nhiệm vụ, dự án được rà soát là "
            f"{format_vnd(m['approved'])} đồng; kế hoạch vốn đã giao {format_vnd(m['allocated'])} đồng; đã giải "
            f"ngân {format_vnd(m['disbursed'])} đồng")
    text += f" ({_pct(m['disbursed'], m['allocated'])} kế hoạch vốn)." if m["allocated"] else "."
    doc.paragraph(text)
    if mi["n"]:
        doc.paragraph(f"Trong đó, {format_vnd(mi['n'])} nhiệm vụ, dự án được thẩm tra đánh giá chưa hiệu quả hoặc "
                      f"không hiệu quả có tổng mức được duyệt {format_vnd(mi['approved'])} đồng, đã giải ngân "
                      f"{format_vnd(mi['disbursed'])} đồng.")


def _proposal_rows(qs):
    rows = list(
        qs.filter(Q(proposed_decision__in=CHANGING) | Q(decision__in=CHANGING))
        .order_by().values_list("project__code", "project__name", "unit__name", "reviewer_rating",
                                "proposed_decision", "proposed_reason", "decision", "decision_number",
                                "decision_date").iterator(chunk_size=CHUNK))
    rows.sort(key=lambda r: (DECISION_ORDER.get(r[6] or r[4], 9), vn_key(r[2]), r[0]))
    return rows


def _section_proposals(doc, s: Summary, qs) -> int:
    doc.heading("Nhiệm vụ, dự án đề xuất tạm dừng, dừng, giảm quy mô, điều chỉnh")
    rows = _proposal_rows(qs)
    if not rows:
        doc.paragraph("Qua thẩm tra, chưa có nhiệm vụ, dự án nào được đề xuất tạm dừng, dừng, giảm quy mô hoặc "
                      "điều chỉnh.")
        return 0
    by = defaultdict(int)
    for r in rows:
        by[r[4] or r[6]] += 1
    parts = [f"{DECISION_LABELS[d].lower()} {format_vnd(by[d])}" for d in (Decision.STOP, Decision.PAUSE,
                                                                             Decision.SCALE_DOWN, Decision.ADJUST)
             if by.get(d)]
    doc.paragraph(f"Qua thẩm tra, đề xuất xử lý {format_vnd(len(rows))} nhiệm vụ, dự án: {', '.join(parts)} "
                  f"(chi tiết tại Bảng 5).")
    shown = rows[:WORD_APPENDIX_MAX_ROWS]
    if len(shown) < len(rows):
        doc.paragraph(f"Bảng 5 liệt kê {format_vnd(len(shown))}/{format_vnd(len(rows))} nhiệm vụ, dự án, theo thứ tự "
                      f"dừng, tạm dừng, giảm quy mô, điều chỉnh; xem đầy đủ trong Phụ lục Excel kèm theo (bảng "
                      f"“Đánh giá”, cột “Đề xuất”).", italic=True)
    out = []
    for i, (code, name, unit, rating, proposal, reason, decision, number, date) in enumerate(shown, 1):
        decided = ""
        if decision:
            decided = DECISION_LABELS.get(decision, decision)
            if number:
                decided += f" ({number}" + (f" ngày {date:%d/%m/%Y}" if date else "") + ")"
        out.append([str(i), f"{name} ({code})", unit, RATING_LABELS.get(rating, ""),
                    DECISION_LABELS.get(proposal, ""), reason, decided or "Chưa quyết định"])
    fast_table(doc, ["STT", "Nhiệm vụ, dự án", "Đơn vị", "Kết quả thẩm tra", "Đề xuất", "Lý do", "Quyết định"],
               out, widths=[12, 40, 24, 17, 16, 35, 21],
               align=["center", "left", "left", "left", "left", "left", "left"],
               title="Bảng 5. Nhiệm vụ, dự án đề xuất tạm dừng, dừng, giảm quy mô, điều chỉnh")
    return len(rows)


def _section_issues(doc, s: Summary, qs):
    doc.heading("Khó khăn, vướng mắc và kiến nghị")
    issues = list(
        ReviewIssue.objects.filter(review__in=qs.values("pk")).order_by("created_at", "id")
        .values_list("review__unit__name", "review__project__code", "review__project__name", "kind", "text",
                     "answer").iterator(chunk_size=CHUNK))
    if not issues:
        doc.paragraph("Các đơn vị không nêu khó khăn, vướng mắc, kiến nghị.")
        return
    by_unit = defaultdict(list)
    for unit, *rest in issues:
        by_unit[unit].append(rest)
    answered = sum(1 for *_, a in issues if a)
    doc.paragraph(f"{format_vnd(len(by_unit))} đơn vị nêu {format_vnd(len(issues))} khó khăn, vướng mắc, kiến nghị; "
                  f"cơ quan chuyên trách về chuyển đổi số đã trả lời {format_vnd(answered)} nội dung.")
    if len(issues) > WORD_MAX_ISSUES:
        doc.paragraph(f"Mục này trích {format_vnd(WORD_MAX_ISSUES)} nội dung đầu tiên theo đơn vị; xem đầy đủ trong Phụ "
                      f"lục Excel kèm theo (bảng “Kiến nghị”).", italic=True)
    left = WORD_MAX_ISSUES
    for unit in sorted(by_unit, key=vn_key):
        if left <= 0:
            break
        doc.heading(unit, level=2)
        items = by_unit[unit][:left]
        left -= len(items)
        for code, name, kind, text, answer in items:
            doc.bullet([(f"{ISSUE_LABELS.get(kind, kind)} ", "b"), (f"({name}, {code}): ", "i"),
                        " ".join(text.split())])
            doc.bullet(("Trả lời: " + " ".join(answer.split())) if answer else "Chưa trả lời.", level=2)


def _section_proposal_text(doc, s: Summary, n_changes: int):
    doc.heading("Đề xuất")
    receiving = s.campaign.receiving_unit.name
    root = s.campaign.root_unit.name
    not_submitted = s.counts["total"] - s.counts["submitted"]
    doc.paragraph(f"Trên cơ sở kết quả rà soát, đánh giá, {receiving} kính đề nghị {root}:")
    if n_changes:
        doc.bullet(f"Xem xét, quyết định đối với {format_vnd(n_changes)} nhiệm vụ, dự án được đề xuất tạm dừng, "
                   f"dừng, giảm quy mô, điều chỉnh tại Mục III;")
    if not_submitted:
        units = sum(1 for p in s.progress if p.total > p.submitted)
        doc.bullet(f"Chỉ đạo {format_vnd(units)} đơn vị còn {format_vnd(not_submitted)} nhiệm vụ, dự án chưa gửi "
                   f"báo cáo khẩn trương hoàn thành, gửi {receiving} để tổng hợp;")
    doc.bullet("Giao các đơn vị chủ trì khắc phục các tồn tại, hạn chế đã nêu; bố trí kinh phí vận hành, duy trì, "
               "nhân lực để khai thác hiệu quả các hệ thống đã đầu tư; chỉ đề xuất nhiệm vụ, dự án mới khi đã "
               "đánh giá hiệu quả các nhiệm vụ, dự án đã triển khai;")
    doc.bullet(f"Giao {receiving} theo dõi việc thực hiện các kiến nghị, quyết định sau rà soát và báo cáo kết "
               f"quả trong kỳ đánh giá tiếp theo.")
    doc.paragraph(f"Trên đây là báo cáo kết quả rà soát, đánh giá hiệu quả các nhiệm vụ, dự án chuyển đổi số "
                  f"{period_text(s.campaign)}, {receiving} kính báo cáo {root} xem xét, chỉ đạo./.")


APPENDIX_COLUMNS = ["STT", "Mã", "Tên nhiệm vụ, dự án", "Trạng thái dự án", "Tình trạng báo cáo", "Tự đánh giá",
                    "Thẩm tra", "Điểm giá trị", "Điểm phù hợp kỹ thuật", "Đề xuất"]


def _appendix_rows(qs):
    """Every review of the user's scope as plain tuples, in Vietnamese unit order."""
    units = {}
    rows = []
    fields = ("unit_id", "project__code", "project__name", "project__state", "status", "self_rating",
              "reviewer_rating", "value_score", "fitness_score", "proposed_decision", "decision", "project_id")
    for row in qs.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        rows.append(row)
        units[row[0]] = None
    names = dict(Unit.objects.filter(pk__in=list(units)).values_list("pk", "name"))
    rows.sort(key=lambda r: (vn_key(names[r[0]]), r[1]))
    return rows, names


def _section_appendix(doc, qs, summary_: Summary, systems: dict[int, str]):
    doc.appendix("Danh mục nhiệm vụ, dự án được rà soát, đánh giá", landscape=True)
    rows, names = _appendix_rows(qs)
    total = len(rows)
    shown = rows[:WORD_APPENDIX_MAX_ROWS]
    if total > len(shown):
        doc.paragraph(f"Phụ lục này liệt kê {format_vnd(len(shown))}/{format_vnd(total)} nhiệm vụ, dự án đầu tiên; "
                      f"xem đầy đủ trong Phụ lục Excel kèm theo (bảng “Đánh giá”, “Chỉ tiêu”).", italic=True,
                      indent=False, align="center")
    else:
        doc.paragraph("Chi tiết các chỉ tiêu của từng nhiệm vụ, dự án: xem Phụ lục Excel kèm theo.", italic=True,
                      indent=False, align="center")
    out = []
    current = None
    per_unit = defaultdict(int)
    for r in rows:
        per_unit[r[0]] += 1
    n_unit = 0
    for i, (unit_id, code, name, state, status, mine, theirs, val, fit, proposal, decision, project_id) \
            in enumerate(shown, 1):
        if unit_id != current:
            current = unit_id
            n_unit += 1
            out.append(f"{n_unit}. {names[unit_id]} ({format_vnd(per_unit[unit_id])} nhiệm vụ, dự án)")
        shown_decision = DECISION_LABELS.get(proposal, "")
        if decision:
            shown_decision = f"Đã quyết định: {DECISION_LABELS.get(decision, decision).lower()}"
        if systems.get(project_id):
            name = f"{name}. Hệ thống xây dựng, nâng cấp: {systems[project_id]}"
        out.append([str(i), code, name, STATE_LABELS.get(state, state), STATUS_LABELS.get(status, status),
                    RATING_LABELS.get(mine, ""), RATING_LABELS.get(theirs, ""),
                    "" if val is None else str(val), "" if fit is None else str(fit), shown_decision])
    if not out:
        doc.paragraph("Không có nhiệm vụ, dự án nào trong phạm vi.")
        return
    fast_table(doc, APPENDIX_COLUMNS, out, widths=[12, 30, 68, 22, 20, 20, 20, 15, 17, 28],
               align=["center", "left", "left", "left", "left", "left", "left", "right", "right", "left"])


def build_docx(user, campaign: Campaign) -> bytes:
    """The consolidated report (Word, NĐ 30/2020) of ``campaign`` on the reviews ``user`` may read."""
    campaign = _full(campaign)
    s = summary(user, campaign)
    qs = _reviews(user, campaign)
    doc = Nd30Document(_header(campaign))
    receiving = campaign.receiving_unit.name
    doc.paragraph(f"{basis_sentence(campaign)}, {receiving} báo cáo kết quả rà soát, đánh giá hiệu quả các nhiệm "
                  f"vụ, dự án chuyển đổi số {period_text(campaign)} như sau:", before=12)
    figure = [0]
    _section_progress(doc, s, figure)
    _section_results(doc, s, qs, figure)
    n_changes = _section_proposals(doc, s, qs)
    _section_issues(doc, s, qs)
    _section_proposal_text(doc, s, n_changes)
    doc.closing(Signer(signer_title(campaign.receiving_unit), ""),
                recipients=["Như trên", "Các đơn vị có nhiệm vụ, dự án được rà soát", _leadership(campaign.receiving_unit)],
                archive=f"VT, {unit_abbreviation(campaign.receiving_unit)}")
    _section_appendix(doc, qs, s, selectors.built_systems_by_project(user, qs.values("project_id")))
    return doc.to_bytes()


def _full(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_related("receiving_unit", "root_unit", "method", "scope_programme").get(
        pk=campaign.pk)


# ------------------------------------------------------------------------------ Excel

MONEY = "#,##0"
INT = "#,##0"
DEC = "#,##0.00"
PCT = "0.0%"
DATE = "DD/MM/YYYY"
HEADER_ROW = 3
BOLD = Font(bold=True)


class _Sheet:
    """A write-only sheet with the house style: title, subtitle, a dark header row frozen
    with the first ``freeze`` columns, an auto-filter over the data."""

    def __init__(self, wb, title, heading, subtitle, columns, freeze_cols=1):
        self.ws = ws = wb.create_sheet(title)
        self.columns = columns
        for idx, (_h, width, _k) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(idx)].width = width
        ws.freeze_panes = f"{get_column_letter(freeze_cols + 1)}{HEADER_ROW + 1}"
        ws.sheet_view.zoomScale = 90
        cell = WriteOnlyCell(ws, value=xml_safe(heading))
        cell.font = Font(bold=True, size=13)
        ws.append([cell])
        cell = WriteOnlyCell(ws, value=xml_safe(subtitle))
        cell.font = Font(italic=True, color="555555")
        ws.append([cell])
        header_font = Font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor="1F4E79")
        header_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header = []
        for h, _w, _k in columns:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill, c.alignment = header_font, header_fill, header_align
            header.append(c)
        ws.row_dimensions[HEADER_ROW].height = 45
        ws.append(header)
        self.count = 0
        self.kinds = [k for _h, _w, k in columns]

    def append(self, values, bold=False):
        ws = self.ws
        out = []
        for kind, value in zip(self.kinds, values):
            value = xml_safe(value)  # a character an .xlsx cannot hold never stops the export
            fmt = _number_format(kind, value)
            if not (fmt or bold):  # a plain value is much cheaper for openpyxl than a styled cell
                out.append(value)
                continue
            cell = WriteOnlyCell(ws, value=value)
            if bold:
                cell.font = BOLD
            if fmt:
                cell.number_format = fmt
            out.append(cell)
        ws.append(out)
        self.count += 1

    def close(self):
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(self.count, 1)}"
        self.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _number_format(kind, value):
    if value is None or kind == "text":
        return None
    if kind == "money":
        return MONEY
    if kind == "int":
        return INT
    if kind == "pct":
        return PCT
    if kind == "date":
        return DATE
    if kind == "num":
        return INT if isinstance(value, int) else DEC
    return None


def _num(d):
    """Decimal → int when whole (shown without decimals), else float."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _local_date(value):
    return timezone.localtime(value).date() if value else None


SUMMARY_COLUMNS = (
    ("STT", 6, "int"), ("Đơn vị", 44, "text"), ("Số nhiệm vụ, dự án", 12, "int"), ("Đã gửi", 10, "int"),
    ("Gửi đúng hạn", 10, "int"), ("Gửi muộn", 10, "int"), ("Chưa gửi", 10, "int"), ("Đang nhập", 10, "int"),
    ("Chưa thực hiện", 10, "int"), ("Quá hạn, gửi muộn", 11, "int"), ("Tự đánh giá cao hơn thẩm tra", 13, "int"),
    ("Chưa/không hiệu quả", 12, "int"),
)
INDICATOR_COLUMNS = (
    ("Mã dự án", 15, "text"), ("Tên nhiệm vụ, dự án", 50, "text"), ("Đơn vị báo cáo", 32, "text"),
    ("Tình trạng báo cáo", 14, "text"), ("Mã chỉ tiêu", 14, "text"), ("Tên chỉ tiêu", 46, "text"),
    ("Nhóm chỉ tiêu", 20, "text"), ("Đơn vị tính", 10, "text"), ("Giá trị ban đầu", 13, "num"),
    ("Mục tiêu", 13, "num"), ("Thực tế", 13, "num"), ("Mức đạt (%)", 10, "pct"), ("Ghi chú, nguồn số liệu", 40, "text"),
)
REVIEW_COLUMNS = (
    ("Mã dự án", 15, "text"), ("Tên nhiệm vụ, dự án", 50, "text"), ("Đơn vị báo cáo", 32, "text"),
    ("Trạng thái dự án", 16, "text"), ("Tình trạng báo cáo", 14, "text"), ("Ngày gửi", 11, "date"),
    ("Muộn, quá hạn", 9, "text"), ("Đơn vị tự đánh giá", 16, "text"), ("Kết quả thẩm tra", 16, "text"),
    ("Chênh lệch (tự đánh giá − thẩm tra, bậc)", 14, "int"), ("Điểm giá trị", 9, "int"),
    ("Điểm phù hợp kỹ thuật", 10, "int"), ("Nhóm (TIME)", 18, "text"), ("Vấn đề phát hiện", 50, "text"),
    ("Đề xuất", 12, "text"), ("Lý do đề xuất", 40, "text"), ("Quyết định", 12, "text"),
    ("Số văn bản quyết định", 16, "text"), ("Ngày quyết định", 11, "date"),
    ("Tổng mức/dự toán duyệt (đồng)", 18, "money"), ("Đã giải ngân (đồng)", 18, "money"),
    ("Hệ thống do dự án xây dựng, nâng cấp (nhóm TIME của hệ thống)", 45, "text"),
)
ISSUE_COLUMNS = (
    ("STT", 6, "int"), ("Đơn vị", 32, "text"), ("Mã dự án", 15, "text"), ("Tên nhiệm vụ, dự án", 44, "text"),
    ("Loại", 18, "text"), ("Nội dung", 60, "text"), ("Trả lời", 60, "text"), ("Ngày trả lời", 11, "date"),
)


def _subtitle(user, campaign, s: Summary | None = None) -> str:
    parts = [f"Đợt: {campaign.name}", f"căn cứ {campaign.basis_number}", f"hạn {campaign.deadline:%d/%m/%Y}",
             f"xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}"]
    if s and s.restricted_to:
        parts.append(f"phạm vi: {s.restricted_to}")
    return "; ".join(parts)


def _problems_by_review(qs) -> dict[int, list[str]]:
    through = Review.problems.through
    out = defaultdict(list)
    rows = (through.objects.filter(review__in=qs.values("pk")).order_by("problemtype__sort_order")
            .values_list("review_id", "problemtype__name").iterator(chunk_size=CHUNK * 5))
    for review_id, name in rows:
        out[review_id].append(name)
    return out


def _summary_sheet(wb, s: Summary, subtitle):
    sh = _Sheet(wb, "Tổng hợp", "TỔNG HỢP TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ ĐÁNH GIÁ THEO ĐƠN VỊ", subtitle,
                SUMMARY_COLUMNS, freeze_cols=2)
    totals = [0] * 10
    for i, p in enumerate(s.progress, 1):
        vals = [p.total, p.submitted, p.submitted - p.submitted_late, p.submitted_late, p.total - p.submitted,
                p.in_progress, p.not_started, p.late, p.optimistic, p.ineffective]
        totals = [a + b for a, b in zip(totals, vals)]
        sh.append([i, p.unit.name, *vals])
    sh.append([None, "Tổng cộng", *totals], bold=True)
    sh.close()


def _indicator_sheet(wb, qs, subtitle):
    sh = _Sheet(wb, "Chỉ tiêu", "KẾT QUẢ CÁC CHỈ TIÊU ĐÁNH GIÁ HIỆU QUẢ", subtitle, INDICATOR_COLUMNS, freeze_cols=2)
    rows = (IndicatorValue.objects.filter(review__in=qs.values("pk"))
            .order_by("review__unit__name", "review__project__code", "indicator__sort_order", "indicator__code")
            .values_list("review__project__code", "review__project__name", "review__unit__name", "review__status",
                         "indicator__code", "indicator__name", "indicator__group", "indicator__unit",
                         "indicator__direction", "baseline", "target", "actual", "note")
            .iterator(chunk_size=CHUNK * 5))
    for (code, name, unit, status, icode, iname, group, iunit, direction, baseline, target, actual, note) in rows:
        sh.append([code, name, unit, STATUS_LABELS.get(status, status), icode, iname, GROUP_LABELS.get(group, group),
                   iunit, _num(baseline), _num(target), _num(actual), scoring.attainment(direction, target, actual),
                   note])
    sh.close()
    return sh.count


def _review_sheet(wb, qs, campaign, subtitle, systems: dict[int, str]):
    sh = _Sheet(wb, "Đánh giá", "KẾT QUẢ RÀ SOÁT, ĐÁNH GIÁ TỪNG NHIỆM VỤ, DỰ ÁN", subtitle, REVIEW_COLUMNS,
                freeze_cols=2)
    problems = _problems_by_review(qs)
    method = campaign.method
    deadline = campaign.deadline
    today = timezone.localdate()
    rows = (qs.order_by("unit__name", "project__code")
            .values_list("pk", "project__code", "project__name", "unit__name", "project__state", "status",
                         "submitted_at", "self_rating", "reviewer_rating", "value_score", "fitness_score",
                         "proposed_decision", "proposed_reason", "decision", "decision_number", "decision_date",
                         "project__total_approved", "project__total_disbursed", "project_id")
            .iterator(chunk_size=CHUNK))
    for (pk, code, name, unit, state, status, submitted_at, mine, theirs, val, fit, proposal, reason, decision,
         number, ddate, approved, disbursed, project_id) in rows:
        done = status in DONE
        sent = _local_date(submitted_at) if done else None
        late = (sent > deadline) if sent else (today > deadline)
        gap = RATING_RANK[mine] - RATING_RANK[theirs] if mine and theirs else None
        quadrant = scoring.quadrant(method, val, fit)[1] if val is not None and fit is not None else ""
        sh.append([code, name, unit, STATE_LABELS.get(state, state), STATUS_LABELS.get(status, status), sent,
                   "Có" if late else "", RATING_LABELS.get(mine, ""), RATING_LABELS.get(theirs, ""), gap, val, fit,
                   quadrant, "; ".join(problems.get(pk, ())), DECISION_LABELS.get(proposal, ""), reason,
                   DECISION_LABELS.get(decision, ""), number, ddate, approved, disbursed, systems.get(project_id, "")])
    sh.close()
    return sh.count


def _issue_sheet(wb, qs, subtitle):
    sh = _Sheet(wb, "Kiến nghị", "KHÓ KHĂN, VƯỚNG MẮC, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", subtitle, ISSUE_COLUMNS,
                freeze_cols=2)
    rows = (ReviewIssue.objects.filter(review__in=qs.values("pk"))
            .order_by("review__unit__name", "review__project__code", "created_at", "id")
            .values_list("review__unit__name", "review__project__code", "review__project__name", "kind", "text",
                         "answer", "answered_at").iterator(chunk_size=CHUNK))
    for i, (unit, code, name, kind, text, answer, answered_at) in enumerate(rows, 1):
        sh.append([i, unit, code, name, ISSUE_LABELS.get(kind, kind), text, answer, _local_date(answered_at)])
    sh.close()


def build_xlsx(user, campaign: Campaign) -> bytes:
    """The Excel appendix of ``campaign`` on the reviews ``user`` may read (every indicator)."""
    campaign = _full(campaign)
    s = summary(user, campaign)
    qs = _reviews(user, campaign)
    subtitle = _subtitle(user, campaign, s)
    wb = Workbook(write_only=True)
    _summary_sheet(wb, s, subtitle)
    _indicator_sheet(wb, qs, subtitle)
    _review_sheet(wb, qs, campaign, subtitle, selectors.built_systems_by_project(user, qs.values("project_id")))
    _issue_sheet(wb, qs, subtitle)
    wb.properties.title = xml_safe(f"Phụ lục: {campaign.name}"[:250])
    wb.properties.creator = xml_safe(campaign.receiving_unit.name)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------- export

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx}


def export_report(user, campaign: Campaign, fmt: str) -> tuple[bytes, str, str]:
    """Build the report in ``fmt`` ("docx" or "xlsx") and record the audit event.

    The caller has already resolved ``campaign`` through ``selectors.get_campaign(user, …)``
    (404 outside the user's scope).  Returns ``(content, content_type, filename)``."""
    if fmt not in BUILDERS:
        raise ValueError(f"unknown report format {fmt!r}")
    started = timezone.now()
    content = BUILDERS[fmt](user, campaign)
    record_event(user, "export.review_report", campaign, data={
        "format": fmt, "campaign": campaign.pk, "bytes": len(content),
        "seconds": round((timezone.now() - started).total_seconds(), 2),
    })
    return content, CONTENT_TYPES[fmt], report_filename(campaign, fmt)
