"""Downloads of a round's results: raw answers in Excel and CSV, the consolidated report in Word.

* **Raw answers** (:func:`raw_rows`): one row per unit × question (× matrix row) of the
  submitted responses and the sections the user reads (:func:`cds.surveys.results.viewer`):
  unit code and name, section, question name and label, matrix row, answer codes and labels
  ("; " between the items of a multiple choice), number, date (dd/mm/yyyy), text (or the name
  of an attached file). Excel is streamed by :mod:`cds.surveys.sheet` (openpyxl's cell objects
  were too slow for 200,000 rows), CSV as UTF-8 with a byte-order mark so that Excel opens the
  Vietnamese letters right.
* **Word report** (:func:`build_docx`), laid out per NĐ 30/2020 by
  :class:`cds.reports.nd30.Nd30Document`, for one section (issued by its lead agency) or for
  every section the user reads (issued by the round's coordinator): I. tình hình thực hiện
  (units, submitted, late units), II. kết quả theo nhóm (per question the distribution as a
  table and a chart, statistics of numbers, the groups of free-text answers, the lead agency's
  consolidation), III. the round's bottlenecks with the agency that handles each, its status
  and the directive task it became.

:func:`export` builds one of them and records ``survey.results_exported``.
"""
from __future__ import annotations

import csv
import io
import logging
import re
from decimal import Decimal

from django.utils import timezone

from cds.audit.services import record_event
from cds.core.uploads import XLSX_CONTENT_TYPE
from cds.reports import charts
from cds.reports.letterhead import parent_body, place_name, signer_title, unit_abbreviation
from cds.reports.nd30 import DOCX_CONTENT_TYPE, DocumentHeader, Nd30Document, Signer, format_number

from . import results, selectors
from .models import Bottleneck, ChoiceItem, GroupKind, Question, QuestionType, ResponseStatus
from .permissions import scope_bottlenecks
from .sheet import write_sheet

log = logging.getLogger(__name__)

COLUMNS = ("Mã đơn vị", "Tên đơn vị", "Nhóm câu hỏi", "Mã câu hỏi", "Câu hỏi", "Hàng", "Mã trả lời",
           "Trả lời", "Số", "Ngày", "Văn bản")
WIDTHS = (14, 36, 24, 20, 50, 20, 20, 36, 12, 12, 60)
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": "text/csv; charset=utf-8", "docx": DOCX_CONTENT_TYPE}
WORD_MAX_LATE = 300          # late units listed in the Word report
WORD_MAX_GROUPS = 8          # free-text groups quoted per question
WORD_MAX_BOTTLENECKS = 500
DOC_KINDS = {"QĐ": "Quyết định", "KH": "Kế hoạch", "CT": "Chỉ thị", "TB": "Thông báo", "NQ": "Nghị quyết",
             "HD": "Hướng dẫn", "CV": "Công văn", "UBND": "Công văn"}


# ------------------------------------------------------------------------------ raw answers


def _number_text(value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def raw_rows(view: results.Viewer):
    """Yield the rows of :data:`COLUMNS` (number as int/Decimal, date as "dd/mm/yyyy")."""
    questions = {q.pk: q for q in Question.objects.filter(section__in=view.section_ids).select_related("section")}
    labels = {(c.list_name, c.name): c.label for c in ChoiceItem.objects.filter(form=view.round.form)}
    units = {rid: (code, name) for rid, code, name in
             view.submitted.values_list("pk", "unit__code", "unit__name")}
    answers = (results.Answer.objects.filter(response__in=view.submitted.values("pk"), question__in=list(questions))
               .order_by("response__unit__path", "response_id", "question__section__order", "question__order",
                         "question_id", "row", "id")
               .values_list("response_id", "question_id", "row", "choice", "number", "date", "text", "file_name"))
    current, bucket = None, []
    for a in answers.iterator(chunk_size=5000):
        key = a[:3]
        if key != current and bucket:
            yield _raw_row(bucket, questions, labels, units)
            bucket = []
        current = key
        bucket.append(a)
    if bucket:
        yield _raw_row(bucket, questions, labels, units)


def _raw_row(bucket, questions, labels, units) -> list:
    rid, qid, row = bucket[0][:3]
    q = questions[qid]
    code, name = units[rid]
    row_label = ""
    if row:
        row_label = next((r.get("label") or row for r in q.rows or [] if r.get("name") == row), row)
    codes = [a[3] for a in bucket if a[3]]
    first = bucket[0]
    return [code, name, q.section.label if q.section else "", q.name, q.label, row_label, "; ".join(codes),
            "; ".join(labels.get((q.list_name, c), c) for c in codes), _number_text(first[4]),
            first[5].strftime("%d/%m/%Y") if first[5] else "", first[6] or first[7] or ""]


def _subtitle(user, view) -> str:
    scope = "các nhóm: " + ", ".join(s.label for s in view.sections)
    if not view.across_units:
        scope += " (phiếu của đơn vị)"
    return (f"Các phiếu đã gửi; {scope}. Xuất ngày {timezone.localdate():%d/%m/%Y} bởi "
            f"{user.get_full_name() or user.username}.")


def build_xlsx(user, view: results.Viewer) -> bytes:
    return write_sheet("Câu trả lời", f"Kết quả {view.round.name}", _subtitle(user, view), COLUMNS, WIDTHS,
                       raw_rows(view), freeze_col=2)


FORMULA_START = ("=", "+", "@", "\t", "\r")


def _csv_value(v) -> str:
    """Numbers with a decimal comma; a text a spreadsheet would read as a formula ("=…", "+…",
    "@…", "-x…") gets a leading apostrophe."""
    if v is None:
        return ""
    if isinstance(v, (int, Decimal)):
        return str(v).replace(".", ",")
    if v.startswith(FORMULA_START) or (v.startswith("-") and len(v) > 1 and not v[1].isspace()):
        return "'" + v
    return v


def build_csv(user, view: results.Viewer) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in raw_rows(view):
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


# ------------------------------------------------------------------------------ Word


def _pct(part, whole) -> str:
    return f"{format_number(Decimal(part * 100) / Decimal(whole), 1)}%" if whole else "—"


def basis_sentence(rnd) -> str:
    """"Thực hiện Công văn số 1470/UBND-NC ngày 20/05/2024 về việc …" ("" without a basis)."""
    number = (rnd.basis_number or "").strip()
    if not number:
        return ""
    tail = number.rsplit("/", 1)[-1]
    kind = DOC_KINDS.get(tail.split("-")[0].upper(), "Văn bản")
    text = f"Thực hiện {kind} số {number}"
    if rnd.basis_date:
        text += f" ngày {rnd.basis_date:%d/%m/%Y}"
    title = re.sub(r"^(v/v|về việc)\s+", "", (rnd.basis_title or "").strip().rstrip(".;"), flags=re.IGNORECASE)
    if title:
        text += f" về việc {title[0].lower()}{title[1:]}"
    return text


def _issuer(rnd, section, sections):
    if section is not None:
        lead = next((s.lead for s in sections if s.section.pk == section.pk and s.lead), None)
        if lead is not None:
            return lead.lead_unit
    return rnd.coordinator


def _header(rnd, issuer, section) -> DocumentHeader:
    root = rnd.root_unit
    subject = f"Kết quả {rnd.name}" + (f" - nhóm {section.label}" if section is not None else "")
    return DocumentHeader(
        parent_body=None if issuer.pk == root.pk else parent_body(root), issuer=issuer.name,
        issuer_name=issuer.name, symbol=f"BC-{unit_abbreviation(issuer)}", number=None, place=place_name(root),
        date=timezone.localdate(), doc_type_name="BÁO CÁO", subject=subject,
        addressees=[] if issuer.pk == root.pk else [root.name])


def _chart(labels, values, title) -> bytes | None:
    try:
        return charts.bar_chart(labels, values, title=title, horizontal=True, ylabel="Số đơn vị")
    except Exception:  # a chart must never cost the whole report
        log.exception("survey chart failed")
        return None


def _progress(doc, rnd, view):
    counts = selectors.round_counts([rnd.pk]).get(rnd.pk, selectors.RoundCounts())
    doc.heading("Tình hình thực hiện")
    doc.paragraph(f"Đợt khảo sát “{rnd.name}” được gửi tới {format_number(counts.units)} đơn vị, hạn gửi ngày "
                  f"{rnd.deadline:%d/%m/%Y}.")
    late_done = rnd.responses.filter(status=ResponseStatus.SUBMITTED, is_late=True).count()
    doc.bullet(f"Đã gửi phiếu: {format_number(counts.submitted)}/{format_number(counts.units)} đơn vị "
               f"({_pct(counts.submitted, counts.units)}), trong đó gửi muộn {format_number(late_done)};")
    doc.bullet(f"Chưa gửi phiếu: {format_number(counts.units - counts.submitted)} đơn vị.")
    if not view.across_units:
        doc.paragraph("Kết quả trong báo cáo này chỉ gồm phiếu của đơn vị.", italic=True)
    late = list(selectors.late_responses(rnd).order_by("unit__path")[:WORD_MAX_LATE])
    if late:
        rows = [[i, r.unit.name, "Gửi muộn" if r.status == ResponseStatus.SUBMITTED else "Quá hạn, chưa gửi",
                 f"{timezone.localtime(r.submitted_at):%d/%m/%Y}" if r.submitted_at else ""]
                for i, r in enumerate(late, 1)]
        doc.table(["STT", "Đơn vị", "Tình trạng", "Ngày gửi"], rows, widths=[1, 8, 4, 3],
                  title="Các đơn vị gửi phiếu muộn hoặc quá hạn chưa gửi")


def _question(doc, res: results.QuestionResult, figure: list):
    q = res.question
    doc.paragraph([(f"{q.label}", "b"), f" ({format_number(res.answered)} đơn vị trả lời)."], before=6)
    if res.bars and q.type != QuestionType.MATRIX:
        doc.table(["Trả lời", "Số đơn vị", "Tỷ lệ"], [[b.label, b.count, _pct(b.count, b.total)] for b in res.bars],
                  widths=[8, 3, 3])
        png = _chart([b.label for b in res.bars], [b.count for b in res.bars], "")
        if png:
            figure[0] += 1
            doc.image(png, width_cm=14, caption=f"Hình {figure[0]}. {q.label}")
    if res.rows:
        labels = [label for _, bars in res.rows[:1] for label in (b.label for b in bars)]
        doc.table(["Nội dung", *labels], [[row, *[b.count for b in bars]] for row, bars in res.rows],
                  widths=[6, *[3] * len(labels)])
    if res.shown_stats and q.type != QuestionType.SCALE:
        doc.bullet("; ".join(f"{label} {value}" for label, value in res.shown_stats) + ".")
    if q.type == QuestionType.TEXT and res.texts:
        doc.bullet(f"{format_number(res.texts)} ý kiến, gộp thành {format_number(len(res.groups))} nhóm nội dung "
                   f"gần nhau; các nhóm nhiều ý kiến nhất:")
        for g in res.groups[:WORD_MAX_GROUPS]:
            doc.bullet(f"“{g.headline}” ({format_number(g.size)} đơn vị)", level=2)


def _sections(doc, sections: list[results.SectionResult]):
    doc.heading("Kết quả khảo sát theo nhóm")
    figure = [0]
    for s in sections:
        doc.heading(s.section.label, level=2)
        if s.lead is not None:
            doc.paragraph(f"Cơ quan chủ trì tổng hợp: {s.lead.lead_unit.name}"
                          + (f"; cơ quan phối hợp: {s.lead.co_unit.name}." if s.lead.co_unit else "."), italic=True)
        for res in s.questions:
            _question(doc, res, figure)
        if s.lead is not None and s.lead.summary.strip():
            doc.paragraph([("Ý kiến tổng hợp của cơ quan chủ trì: ", "b")])
            for para in s.lead.summary.split("\n"):
                if para.strip():
                    doc.paragraph(para.strip())


def _bottlenecks(user, view, section):
    qs = Bottleneck.objects.filter(round=view.round)
    if view.across_units:
        groups = {s.group for s in ([section] if section is not None else view.sections)}
        if section is not None or len(groups) < len(GroupKind.values):
            qs = qs.filter(group__in=groups)
    else:
        qs = scope_bottlenecks(user, qs)
    return list(qs.select_related("unit", "responsible_unit", "directive_task")
                .order_by("group", "unit__path", "pk")[:WORD_MAX_BOTTLENECKS])


def _bottleneck_section(doc, items):
    doc.heading("Điểm nghẽn, khó khăn và việc tháo gỡ")
    if not items:
        doc.paragraph("Chưa có điểm nghẽn, khó khăn nào được ghi nhận từ đợt khảo sát.")
        return
    rows = []
    for i, b in enumerate(items, 1):
        task = b.directive_task
        rows.append([i, b.title, b.unit.name, b.responsible_unit.name, b.get_status_display(),
                     str(task) if task is not None else ""])
    doc.table(["STT", "Điểm nghẽn, khó khăn", "Đơn vị phản ánh", "Cơ quan xử lý", "Tình trạng",
               "Nhiệm vụ được giao"], rows, widths=[1, 6, 4, 4, 3, 5])


def build_docx(user, view: results.Viewer, section=None) -> bytes:
    """The report on ``section`` (one group) or on every section of ``view``."""
    rnd = view.round
    sections = results.distributions(view, [section] if section is not None else None)
    issuer = _issuer(rnd, section, sections)
    doc = Nd30Document(_header(rnd, issuer, section))
    basis = basis_sentence(rnd)
    opening = f"{basis}, {issuer.name}" if basis else issuer.name
    doc.paragraph(f"{opening} báo cáo kết quả {rnd.name[0].lower()}{rnd.name[1:]}"
                  + (f", nhóm {section.label.lower()}" if section is not None else "") + " như sau:", before=12)
    _progress(doc, rnd, view)
    _sections(doc, sections)
    _bottleneck_section(doc, _bottlenecks(user, view, section))
    doc.closing(Signer(signer_title(issuer), ""),
                recipients=["Như trên", "Các đơn vị được khảo sát", "Lãnh đạo đơn vị"],
                archive=f"VT, {unit_abbreviation(issuer)}")
    return doc.to_bytes()


# ------------------------------------------------------------------------------ export


def filename(rnd, fmt: str, section=None) -> str:
    tail = f"-nhom-{section.pk}" if section is not None else ""
    stem = "bao-cao-khao-sat" if fmt == "docx" else "ket-qua-khao-sat"
    return f"{stem}-{rnd.pk}{tail}.{fmt}"


def export(user, view: results.Viewer, fmt: str, section=None) -> tuple[bytes, str, str]:
    """Build ``fmt`` ("xlsx", "csv" or "docx") and record the audit event; returns (content,
    content type, file name)."""
    started = timezone.now()
    if fmt == "xlsx":
        content = build_xlsx(user, view)
    elif fmt == "csv":
        content = build_csv(user, view)
    elif fmt == "docx":
        content = build_docx(user, view, section)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    record_event(user, "survey.results_exported", view.round, data={
        "name": view.round.name, "format": fmt, "sections": [s.label for s in
                                                           ([section] if section is not None else view.sections)],
        "bytes": len(content), "seconds": round((timezone.now() - started).total_seconds(), 2)})
    return content, CONTENT_TYPES[fmt], filename(view.round, fmt, section)

