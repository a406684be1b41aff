"""The two Word documents of an appraisal, laid out per NĐ 30/2020 by
:class:`cds.reports.nd30.Nd30Document`:

* :func:`appraisal_report` — "BÁO CÁO Kết quả thẩm định …" issued by the appraising unit (the
  unit of the appraiser who concluded, else the province): general information with the legal
  clock, the dossier's documents, the other units' opinions, the checklist results and the
  automatic findings recorded at the conclusion, the conclusion and its countersignature;
* :func:`draft_decision` — "QUYẾT ĐỊNH Phê duyệt …" of the Chủ tịch UBND tỉnh: a draft (marked
  "DỰ THẢO", number and date left blank) until the dossier is approved, then the decision with
  its number and date.

Every text comes from the dossier, its project and the rules table, and cites the legal text as
the rules table cites it (số/ký hiệu, Điều, khoản) — whether a rule has been checked against its
text is an administrator's matter and never printed. The decision cites the appraisal result of
the body that appraises: the unit of the appraiser who concluded (or worked on) the dossier, else
the province's CĐS authority (the unit of its CĐS appraisers). Both builders are pure (no
writes); the views record the download.
"""
from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.estimates import documents as estimate_documents
from cds.estimates import selectors as estimate_selectors
from cds.orgs.models import Unit, UnitKind
from cds.projects.models import DocType, Group, Kind
from cds.reports.letterhead import (
    head_of,
    is_local_body,
    parent_body,
    place_name,
    signer_title,
    symbol_abbreviation,
)
from cds.reports.nd30 import DocumentHeader, Nd30Document, Signer, format_vnd
from cds.rules.models import CheckKind, ItemKind, Step
from cds.text.format import ascii_stem, cell_text

from . import services
from .models import DocKind, Dossier, Result, Status

__all__ = ["appraisal_report", "draft_decision", "report_filename", "vnd_in_words"]

RESULT_LABELS = dict(Result.choices)
CHECK_LABELS = dict(CheckKind.choices)
LEVEL_LABELS = {"warning": "Cảnh báo", "info": "Lưu ý"}


# ------------------------------------------------------------------ amounts in words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 10**9


def _three(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000. ``full``: a group after a higher one, read with its hundreds
    even when zero ("không trăm linh năm") — as in "một triệu không trăm linh năm"."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = []
    if hundreds or full:
        out += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if out:
                out.append("linh")
            out.append(_DIGITS[units])
    else:
        out += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
        if units == 1 and tens > 1:
            out.append("mốt")  # hai mươi mốt, but mười một
        elif units == 5:
            out.append("lăm")  # mười lăm, hai mươi lăm
        elif units:
            out.append(_DIGITS[units])
    return out


def _words(n: int, full: bool = False) -> list[str]:
    if n >= BILLION:
        high, low = divmod(n, BILLION)
        return _words(high, full) + ["tỷ"] + (_words(low, True) if low else [])
    out = []
    for value, scale in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            out += _three(value, full or bool(out))
            if scale:
                out.append(scale)
    return out


def vnd_in_words(n: int) -> str:
    """A whole amount of đồng in Vietnamese words, as written after "Bằng chữ:":
    1250000000 → "Một tỷ hai trăm năm mươi triệu đồng"; 105 → "Một trăm linh năm đồng";
    1000005 → "Một triệu không trăm linh năm đồng"; 2000000000000 → "Hai nghìn tỷ đồng"."""
    n = int(n)
    words = ["âm"] if n < 0 else []
    words += _words(abs(n)) or ["không"]
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


# ------------------------------------------------------------------------------ naming


def report_filename(dossier: Dossier, kind: str) -> str:
    """ASCII file name of a download: "BC-tham-dinh-HS-2026-0001.docx" (kind "report"),
    "Du-thao-QD-HS-2026-0001.docx" (kind "decision"; "QD-phe-duyet-…" once approved)."""
    prefixes = {"report": "BC-tham-dinh", "decision": "QD-phe-duyet" if _is_decided(dossier) else "Du-thao-QD"}
    if kind not in prefixes:
        raise ValueError(f"unknown document kind: {kind!r}")
    code = ascii_stem(dossier.code) or str(dossier.pk)
    return f"{prefixes[kind]}-{code}.docx"


def _is_decided(dossier: Dossier) -> bool:
    return dossier.status == Status.APPROVED and bool(dossier.decision_number or dossier.decision_date)


def _day(value) -> str:
    """dd/mm/yyyy of a date or (local) datetime; "" for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def _money(amount: int) -> str:
    return f"{format_vnd(amount)} đồng"


def _lower(text: str) -> str:
    return (text or "").strip().lower()


def _cite(citation: str) -> str:
    return (citation or "").strip()


def _province(unit: Unit) -> Unit:
    return unit.root()


def _load(dossier: Dossier) -> Dossier:
    """The dossier with everything the documents read, in a fixed number of queries."""
    return (Dossier.objects
            .select_related("project__investor_unit", "project__regime", "procedure__regime", "concluded_by__unit",
                            "countersigned_by", "submitted_by")
            .prefetch_related("documents", "pauses", "opinions__unit", "results", "procedure__checklist",
                              "procedure__time_limits", "project__documents", "project__funding_sources")
            .get(pk=dossier.pk))


def _appraising_unit(dossier: Dossier, root: Unit, *, authority: bool = False) -> Unit:
    """The unit that appraises ``dossier``: the concluding appraiser's, else that of the CĐS
    appraiser who last acted on it (asked for opinions, a supplement …); with ``authority``, else
    the province's CĐS authority — the unit most of its active CĐS appraisers belong to. The
    province itself only when none is known."""
    user = dossier.concluded_by
    if user is not None and user.unit_id and user.unit_id != root.pk:
        return user.unit
    event = (dossier.events.filter(actor__role=Role.CDS_APPRAISER, actor__unit__isnull=False)
             .exclude(actor__unit=root).select_related("actor__unit").order_by("-at", "-id").first())
    if event is not None:
        return event.actor.unit
    if user is not None and user.unit_id:
        return user.unit
    if authority:
        unit_id = (User.objects.filter(role=Role.CDS_APPRAISER, is_active=True, unit__path__startswith=root.path)
                   .exclude(unit=root).values("unit").annotate(n=Count("id")).order_by("-n", "unit")
                   .values_list("unit", flat=True).first())
        if unit_id is not None:
            return Unit.objects.get(pk=unit_id)
    return root


def _subject(dossier: Dossier) -> str:
    return services.approval_subject(dossier)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ------------------------------------------------------------------------- the report


def _report_header(dossier: Dossier, issuer: Unit, root: Unit) -> DocumentHeader:
    is_root = issuer.pk == root.pk
    concluded = timezone.localdate(dossier.concluded_at) if dossier.concluded_at else None
    return DocumentHeader(
        parent_body=None if is_root else parent_body(root),
        issuer=issuer.name,
        issuer_name=issuer.name,
        symbol=f"BC-{symbol_abbreviation(issuer)}",
        number=None,
        place=place_name(root),
        date=concluded,
        draft_year=timezone.localdate().year,
        doc_type_name="BÁO CÁO",
        subject=f"Kết quả thẩm định {_subject(dossier)}",
        addressees=[] if is_root else [root.name],
    )


def _item(doc: Nd30Document, label: str, value) -> None:
    doc.bullet([(f"{label}: ", "b"), str(value)])


def _pause_days(pause, today: dt.date) -> int:
    """Calendar days the clock stood still (the days after the request up to the supplement)."""
    return ((pause.ended_on or today) - pause.started_on).days


def _timeliness(dossier: Dossier, today: dt.date) -> str:
    due = dossier.due_date
    if dossier.concluded_at:
        done = timezone.localdate(dossier.concluded_at)
        if due is None:
            return f"Kết luận thẩm định ngày {_day(done)}."
        if done <= due:
            return f"Kết luận thẩm định ngày {_day(done)}, đúng hạn (hạn {_day(due)})."
        return f"Kết luận thẩm định ngày {_day(done)}, chậm {(done - due).days} ngày so với hạn {_day(due)}."
    if dossier.status == Status.SUPPLEMENT:
        return "Đang tạm dừng tính thời hạn, chờ đơn vị bổ sung hồ sơ."
    if dossier.clock_start is None:
        return "Hồ sơ chưa được trình thẩm định."
    state = services.clock_state(dossier, today)
    if state is None or state.due is None:
        return "Chưa kết luận thẩm định."
    if state.overdue(today):
        return f"Chưa kết luận thẩm định; đã quá hạn {_day(state.due)}."
    return f"Chưa kết luận thẩm định; còn {max(state.left, 0)} {_unit_label(state.unit)} (hạn {_day(state.due)})."


def _unit_label(unit: str) -> str:
    return "ngày làm việc" if unit == "working" else "ngày"


def _section_general(doc: Nd30Document, dossier: Dossier, today: dt.date) -> None:
    project, procedure = dossier.project, dossier.procedure
    regime = procedure.regime
    doc.heading("Thông tin chung")
    _item(doc, "Mã nhiệm vụ/dự án", project.code)
    _item(doc, "Tên nhiệm vụ/dự án", project.name)
    _item(doc, "Chủ đầu tư/đơn vị sử dụng ngân sách", project.investor_unit.name)
    _item(doc, "Loại", project.get_kind_display())
    if project.group and project.group != Group.NONE:
        _item(doc, "Nhóm dự án", project.get_group_display())
    _item(doc, "Chế độ pháp lý áp dụng", regime.short_name)
    _item(doc, "Thủ tục", f"{procedure.name} ({_cite(procedure.citation)})")
    _item(doc, "Kinh phí đề nghị", _money(dossier.amount))
    _item(doc, "Số hồ sơ", dossier.code)
    _item(doc, "Lần trình", dossier.round)
    if dossier.submitted_at:
        _item(doc, "Ngày trình", _day(dossier.submitted_at))
    if dossier.clock_start:
        _item(doc, "Ngày nhận đủ hồ sơ hợp lệ (bắt đầu tính thời hạn)", _day(dossier.clock_start))
    limit = services.limit_of(dossier, Step.APPRAISAL)
    if limit is not None:
        _item(doc, "Thời hạn thẩm định", f"{limit.text} ({_cite(limit.citation)})")
    if dossier.due_date:
        _item(doc, "Hạn thẩm định", _day(dossier.due_date))
    pauses = [p for p in dossier.pauses.all() if p.round == dossier.round]
    if pauses:
        total = sum(_pause_days(p, today) for p in pauses)
        _item(doc, "Tạm dừng tính thời hạn để bổ sung hồ sơ", f"{total} ngày, không tính vào thời hạn thẩm định")
        for p in pauses:
            until = f"nhận hồ sơ bổ sung ngày {_day(p.ended_on)}" if p.ended_on else "chưa nhận hồ sơ bổ sung"
            doc.bullet(f"Yêu cầu bổ sung ngày {_day(p.started_on)}, {until} ({_pause_days(p, today)} ngày): "
                       f"{cell_text(p.request)}", level=2)
    _item(doc, "Tình trạng thời hạn", _timeliness(dossier, today))


def _section_documents(doc: Nd30Document, dossier: Dossier) -> None:
    doc.heading("Thành phần hồ sơ")
    current = services.current_documents(dossier)
    if not current:
        doc.paragraph("Hồ sơ chưa có tài liệu.")
        return
    order = {kind: i for i, kind in enumerate(DocKind.values)}
    rows = [[n, d.get_kind_display(), d.version, cell_text(d.file_name), _day(d.uploaded_at)]
            for n, d in enumerate(sorted(current.values(), key=lambda d: order.get(d.kind, 99)), 1)]
    doc.table(["STT", "Tài liệu", "Phiên bản", "Tên tệp", "Ngày tải lên"], rows, widths=[13, 58, 18, 49, 27],
              align=["center", "left", "center", "left", "center"])
    older = sum(1 for d in dossier.documents.all()) - len(current)
    if older:
        doc.paragraph(f"Ngoài ra hệ thống lưu {older} phiên bản cũ hơn của các tài liệu trên.", italic=True)


def _opinion_answer(o) -> str:
    if not o.answered_on:
        return ""
    stance = {True: "Thống nhất. ", False: "Không thống nhất. "}.get(o.agrees, "")
    text = stance + (o.answer or "").strip()
    if o.answer_file_name:
        text += f"\n(Tệp đính kèm: {cell_text(o.answer_file_name)})"
    return text


def _section_opinions(doc: Nd30Document, dossier: Dossier, today: dt.date) -> None:
    doc.heading("Ý kiến của các cơ quan, đơn vị")
    opinions = list(dossier.opinions.all())
    if not opinions:
        doc.paragraph("Trong quá trình thẩm định không xin ý kiến cơ quan, đơn vị khác.")
        return
    rows = []
    for n, o in enumerate(opinions, 1):
        status = "Quá hạn" if o.is_late(today) else ("Đúng hạn" if o.answered_on else "Chưa đến hạn")
        rows.append([n, o.unit.name, o.question.strip(), _day(o.due_date), _day(o.answered_on) or "Chưa trả lời",
                     status, _opinion_answer(o)])
    doc.table(["STT", "Cơ quan, đơn vị", "Nội dung xin ý kiến", "Hạn trả lời", "Ngày trả lời", "Tình trạng",
               "Ý kiến trả lời"], rows, widths=[13, 26, 32, 25, 25, 17, 35],
              align=["center", "left", "left", "center", "center", "center", "left"])


def _section_results(doc: Nd30Document, dossier: Dossier) -> None:
    doc.heading("Kết quả thẩm định")
    results = {r.item_id: r for r in dossier.results.all()}
    items = [i for i in dossier.procedure.checklist.all() if i.kind == ItemKind.CONTENT]
    findings = [f for f in (dossier.findings_snapshot or [])
                if isinstance(f, dict) and f.get("level") in LEVEL_LABELS and str(f.get("text") or "").strip()]
    doc.heading("Kết quả kiểm tra từng nội dung", level=2)
    rows = []
    for n, item in enumerate(items, 1):
        r = results.get(item.pk)
        rows.append([n, item.text, _cite(item.citation),
                     RESULT_LABELS.get(r.result, "") if r and r.result else "Chưa đánh giá",
                     (r.comment or "").strip() if r else ""])
    if rows:
        doc.table(["STT", "Nội dung thẩm định", "Căn cứ", "Kết quả", "Nhận xét"], rows, widths=[13, 56, 38, 19, 46],
                  align=["center", "left", "left", "center", "left"])
    else:
        doc.paragraph("Thủ tục này không có danh mục nội dung thẩm định.")
    if findings:
        doc.heading("Phát hiện tự động", level=2)
        doc.paragraph("Các phát hiện do hệ thống đối chiếu tự động tại thời điểm kết luận, để tham khảo; "
                      "kết quả thẩm định do chuyên viên thẩm định quyết định.", italic=True)
        for f in findings:
            label = CHECK_LABELS.get(f.get("check") or "", "") or str(f.get("check") or "")
            head = f"{LEVEL_LABELS[f['level']]}" + (f" ({label.lower()})" if label and label != "—" else "")
            detail = cell_text(f.get("detail") or "")
            doc.bullet([(f"{head}: ", "i"), cell_text(f["text"]) + (f" ({detail})" if detail else "")])


def _section_conclusion(doc: Nd30Document, dossier: Dossier) -> None:
    doc.heading("Kết luận")
    if not dossier.conclusion:
        doc.paragraph("Chưa có kết luận thẩm định.")
        return
    doc.paragraph([("Kết luận: ", "b"), f"{dossier.get_conclusion_display()}."])
    for line in _lines(dossier.conclusion_text):
        doc.paragraph(line)
    if dossier.concluded_by:
        doc.paragraph(f"Người thẩm định: {dossier.concluded_by.display_name}, ngày {_day(dossier.concluded_at)}.",
                      italic=True)
    if dossier.countersigned_by and dossier.countersigned_at:
        line = f"Giám sát độc lập: {dossier.countersigned_by.display_name}, ngày {_day(dossier.countersigned_at)}"
        note = cell_text(dossier.countersign_note)
        doc.paragraph(f"{line} — {note}" if note else f"{line}.", italic=True)


def appraisal_report(dossier: Dossier) -> bytes:
    """The báo cáo kết quả thẩm định (Word, NĐ 30/2020) of ``dossier``."""
    dossier = _load(dossier)
    today = timezone.localdate()
    project, procedure = dossier.project, dossier.procedure
    root = _province(project.investor_unit)
    issuer = _appraising_unit(dossier, root)
    doc = Nd30Document(_report_header(dossier, issuer, root))
    if dossier.submitted_at:
        opening = (f"Ngày {_day(dossier.submitted_at)}, {project.investor_unit.name} trình hồ sơ số {dossier.code} "
                   f"đề nghị thẩm định {_subject(dossier)} (lần trình thứ {dossier.round}). ")
    else:
        opening = f"Hồ sơ số {dossier.code} đề nghị thẩm định {_subject(dossier)} chưa được trình. "
    opening += (f"Căn cứ {_cite(procedure.citation)}, {issuer.name} báo cáo kết quả "
                "thẩm định như sau:")
    doc.paragraph(opening, before=12)
    _section_general(doc, dossier, today)
    _section_documents(doc, dossier)
    _section_opinions(doc, dossier, today)
    _section_results(doc, dossier)
    _section_conclusion(doc, dossier)
    recipients = [] if issuer.pk == root.pk else [f"{root.name} (báo cáo)"]
    if project.investor_unit_id != issuer.pk:
        recipients.append(project.investor_unit.name)
    archive = "VT" if issuer.pk == root.pk else f"VT, {symbol_abbreviation(issuer)}"
    doc.closing(Signer(signer_title(issuer), ""), recipients=recipients, archive=archive)
    estimate = estimate_selectors.for_dossier(project)
    if estimate is not None:
        # The report belongs to the project's tree: the appendix names no estimate of another
        # reader's scope (no reader is passed, so the sources of market prices are counted only).
        estimate_documents.add_appendix(doc, None, estimate)
    return doc.to_bytes()


# ----------------------------------------------------------------------- the decision


def _decision_number(dossier: Dossier, symbol: str) -> tuple[str | None, str]:
    """(số, ký hiệu) of the decision: "123/QĐ-UBND" → ("123", "QĐ-UBND"); none on a draft."""
    number = (dossier.decision_number or "").strip() if _is_decided(dossier) else ""
    if not number:
        return None, symbol
    if "/" in number:
        num, sym = number.split("/", 1)
        return num.strip() or None, sym.strip() or symbol
    return number, symbol


def _authority(root: Unit) -> str:
    """"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" — who decides on the province's behalf."""
    if is_local_body(root):
        return f"Chủ tịch {root.name}"
    if root.kind == UnitKind.MINISTRY:
        return f"Bộ trưởng {root.name}"
    return f"Thủ trưởng {root.name}"


# The kind of a document filed as "Văn bản khác", read from its symbol: "224/2026/NĐ-CP" is a Nghị định.
_KIND_BY_SYMBOL = [("/NĐ-CP", "Nghị định"), ("/NQ-", "Nghị quyết"), ("/QH", "Luật"), ("/TT-", "Thông tư"),
                   ("/QĐ-", "Quyết định"), ("/CT-", "Chỉ thị"), ("/KH-", "Kế hoạch"), ("/TB-", "Thông báo")]
# A title that, once its kind is dropped, says what the document does: no "về" before it.
_TITLE_VERBS = ("quy định", "hướng dẫn", "sửa đổi", "ban hành", "phê duyệt", "bãi bỏ", "thay thế")


def _document_kind(doc) -> str:
    """"Nghị định" for a "Văn bản khác" numbered …/NĐ-CP; the document's own kind otherwise."""
    if doc.doc_type == DocType.OTHER:
        return next((k for mark, k in _KIND_BY_SYMBOL if mark in doc.number), doc.get_doc_type_display())
    return doc.get_doc_type_display()


def _basis_document(doc) -> str:
    """"Căn cứ Kế hoạch số 412/KH-UBND ngày 16/01/2026 của UBND tỉnh … về chuyển đổi số …" — the
    title follows "về việc"; "về" where the title starts with the document's kind ("Kế hoạch chuyển
    đổi số …"); nothing where it then says what the document does ("Nghị định quy định chi tiết …")
    or starts with "Về"."""
    kind = _document_kind(doc)
    text = f"Căn cứ {kind} số {doc.number}" + (f" ngày {_day(doc.issued_on)}" if doc.issued_on else "")
    if doc.issuer.strip():
        text += f" của {doc.issuer.strip()}"
    title = re.sub(r"^(v/v|về việc)\s+", "", doc.title.strip().rstrip(".;"), flags=re.IGNORECASE)
    subject = re.sub(rf"^{re.escape(kind)}\s+", "", title, flags=re.IGNORECASE)
    if subject:
        named = subject != title  # "Kế hoạch chuyển đổi số …": the title names its subject
        subject = subject[0].lower() + subject[1:]
        if subject.startswith("về ") or (named and subject.startswith(_TITLE_VERBS)):
            joiner = ""  # "… của Chính phủ quy định chi tiết …", "… về nghiên cứu …"
        else:
            joiner = "về " if named else "về việc "
        text += f" {joiner}{subject}"
    return text


def _legal_bases(dossier: Dossier, root: Unit, appraising: Unit) -> list[str]:
    project, procedure = dossier.project, dossier.procedure
    regime = procedure.regime
    bases = []
    if is_local_body(root):
        bases.append("Căn cứ Luật Tổ chức chính quyền địa phương")
    bases.append(f"Căn cứ {_cite(regime.name)}")
    bases.append(f"Căn cứ quy định tại {_cite(procedure.citation)}")
    own = (dossier.decision_number or "").strip() if _is_decided(dossier) else ""
    documents = [d for d in project.documents.all() if d.is_legal_basis and not d.is_removed]
    submission = None
    for d in documents:
        if own and d.number.strip() == own:
            continue  # the decision itself, filed on the project when it was approved
        if d.number.strip() and d.number.strip() in regime.name:
            continue  # the decree of the regime, already cited
        if d.doc_type == DocType.SUBMISSION:
            submission = d  # the latest tờ trình is quoted in "Xét đề nghị …"
            continue
        bases.append(_basis_document(d))
    if submission is not None:
        request = f"tại Tờ trình số {submission.number} ngày {_day(submission.issued_on)}"
    elif dossier.submitted_at:
        request = f"tại Tờ trình đề nghị thẩm định (hồ sơ số {dossier.code} trình ngày {_day(dossier.submitted_at)})"
    else:
        request = f"tại hồ sơ số {dossier.code}"
    result = f"kết quả thẩm định của {appraising.name}"
    if dossier.concluded_at:
        result += f" tại Báo cáo kết quả thẩm định ngày {_day(dossier.concluded_at)}"
    bases.append(f"Xét đề nghị của {project.investor_unit.name} {request} và {result}")
    return bases


def _years(project) -> str:
    if not project.end_year or project.end_year == project.start_year:
        return f"năm {project.start_year}" if project.end_year else f"từ năm {project.start_year}"
    return f"năm {project.start_year}–{project.end_year}"


def _article_one(doc: Nd30Document, dossier: Dossier) -> None:
    project = dossier.project
    investor_label = "Chủ đầu tư" if project.kind == Kind.INVESTMENT else "Đơn vị sử dụng ngân sách (chủ trì thực hiện)"
    amount_label = "Tổng mức đầu tư" if project.kind == Kind.INVESTMENT else "Tổng kinh phí"
    doc.article(f"Phê duyệt {_subject(dossier)} với các nội dung chủ yếu sau:")
    items = [("Tên nhiệm vụ/dự án", project.name), (investor_label, project.investor_unit.name)]
    if project.kind == Kind.INVESTMENT and project.group and project.group != Group.NONE:
        items.append(("Nhóm dự án", project.get_group_display()))
    items += [("Mục tiêu", project.objectives), ("Quy mô, phạm vi", project.scope),
              (amount_label, f"{_money(dossier.amount)} (Bằng chữ: {vnd_in_words(dossier.amount)})"),
              ("Nguồn vốn", ", ".join(s.name for s in project.funding_sources.all())),
              ("Thời gian thực hiện", _years(project))]
    n = 0
    for label, value in items:
        lines = _lines(value)
        if not lines:
            continue
        n += 1
        doc.paragraph(f"{n}. {label}: {lines[0].rstrip('.')}.")
        for line in lines[1:]:
            doc.paragraph(line)


def _decision_units(dossier: Dossier, root: Unit, appraising: Unit) -> list[Unit]:
    units, seen = [], {root.pk}
    for unit in [appraising, dossier.project.investor_unit] + [o.unit for o in dossier.opinions.all()]:
        if unit.pk not in seen:
            seen.add(unit.pk)
            units.append(unit)
    return units


def draft_decision(dossier: Dossier) -> bytes:
    """The quyết định phê duyệt (Word, NĐ 30/2020) of ``dossier``: a draft for the Chủ tịch UBND
    tỉnh to sign, or — once approved — the decision with its number and date."""
    dossier = _load(dossier)
    project = dossier.project
    root = _province(project.investor_unit)
    appraising = _appraising_unit(dossier, root, authority=True)
    decided = _is_decided(dossier)
    number, symbol = _decision_number(dossier, f"QĐ-{symbol_abbreviation(root)}")
    office = f"Văn phòng {root.short_name}" if root.short_name else f"Văn phòng {root.name}"
    doc = Nd30Document(DocumentHeader(
        issuer=root.name,
        issuer_name=root.name,
        symbol=symbol,
        number=number,
        place=place_name(root),
        date=dossier.decision_date if decided else None,
        draft_year=timezone.localdate().year,
        doc_type_name="QUYẾT ĐỊNH",
        subject=f"Phê duyệt {_subject(dossier)}",
        authority=_authority(root),
        legal_bases=_legal_bases(dossier, root, appraising),
    ))
    if not decided:
        mark = doc.paragraph("DỰ THẢO", bold=True, align="right", indent=False, before=0)
        body = doc.docx.element.body
        body.remove(mark._p)
        body.insert(0, mark._p)
    doc.centered("QUYẾT ĐỊNH:", before=12)
    _article_one(doc, dossier)
    investor = project.investor_unit
    doc.article(title="Tổ chức thực hiện.")
    doc.paragraph(f"1. {investor.name} có trách nhiệm tổ chức thực hiện {project.name} theo đúng nội dung được "
                  f"phê duyệt tại Điều 1 Quyết định này và quy định của {dossier.procedure.regime.short_name}; "
                  "quản lý, sử dụng kinh phí đúng mục đích, tiết kiệm, hiệu quả; báo cáo kết quả thực hiện theo "
                  "quy định.")
    if appraising.pk not in (root.pk, investor.pk):
        doc.paragraph(f"2. {appraising.name} theo dõi, hướng dẫn, kiểm tra việc triển khai thực hiện; tổng hợp, "
                      f"báo cáo {root.name} theo quy định.")
    doc.article("Quyết định này có hiệu lực kể từ ngày ký.")
    heads = [f"Chánh {office}"] + [head_of(u) for u in _decision_units(dossier, root, appraising)]
    doc.paragraph("; ".join(heads) + " và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
                  "Quyết định này./.")
    lead = "Chủ tịch, các Phó Chủ tịch" if is_local_body(root) else "Lãnh đạo"
    archive = "VT" if appraising.pk == root.pk else f"VT, {symbol_abbreviation(appraising)}"
    doc.closing(Signer(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if is_local_body(root) else signer_title(root)[-2:], ""),
                recipients=["Như Điều 3", f"{lead} {root.short_name or root.name}"], archive=archive)
    return doc.to_bytes()
