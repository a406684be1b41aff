"""The Word appendix of an estimate's check ("PHỤ LỤC THẨM ĐỊNH DỰ TOÁN"), laid out per NĐ 30/2020
by :class:`cds.reports.nd30.Nd30Document`:

* :func:`add_appendix` ``(doc, user, estimate)`` — appends it as an appendix of another document
  (the appraisal report): per cost group, each line's requested value, the value after the check,
  the difference and the checker's comment, the group sub-totals and the total, then the errors
  and warnings still open with the legal text each applies;
* :func:`estimate_appendix` ``(user, estimate)`` — the same as a document of its own, issued by
  the checker's unit, with the conclusion and the signer.

The version is the one concluded on (or the current one before a conclusion). Values include
VAT; the value after the check is the accepted amount with the line's VAT rate. Another
estimate is named only when ``user`` may read it (:mod:`cds.estimates.display`). Both builders
are pure: the views record the download.
"""
from __future__ import annotations

from django.utils import timezone

from cds.orgs.models import Unit
from cds.reports.letterhead import parent_body, place_name, signer_title, symbol_abbreviation
from cds.reports.nd30 import DocumentHeader, Nd30Document, Signer
from cds.text.format import ascii_stem, cell_text, format_vnd

from . import display, selectors
from .models import Estimate, Level
from .permissions import can_check_estimates

__all__ = ["add_appendix", "estimate_appendix", "filename"]

COLUMNS = ["STT", "Nội dung", "Giá trị đề nghị", "Giá trị sau kiểm tra", "Chênh lệch", "Ghi chú, ý kiến kiểm tra"]
WIDTHS = [10, 44, 31, 31, 28, 28]  # money columns wide enough for "2.046.109.900" in portrait
ALIGN = ["center", "left", "right", "right", "right", "left"]
LEVELS = {Level.ERROR: "Sai", Level.WARNING: "Cần xem xét"}


def _day(value) -> str:
    if value is None:
        return ""
    return f"{timezone.localdate(value):%d/%m/%Y}" if hasattr(value, "tzinfo") else f"{value:%d/%m/%Y}"


def _money(amount) -> str:
    return f"{format_vnd(amount)} đồng"


def filename(estimate: Estimate, ext: str, number: int | None = None) -> str:
    """ASCII file name of a download: "du-toan-DA-2026-0001-v2.xlsx", "phu-luc-tham-dinh-du-toan-….docx"."""
    code = ascii_stem(estimate.project.code) or str(estimate.pk)
    stem = "phu-luc-tham-dinh-du-toan" if ext == "docx" else "du-toan"
    return f"{stem}-{code}" + (f"-v{number}" if number else "") + f".{ext}"


def _checked_version(estimate: Estimate):
    return selectors.version_of(estimate, selectors.standing_version(estimate))


def _table(doc: Nd30Document, user, estimate: Estimate, version) -> None:
    accepted = selectors.checked_amounts(version)
    page = selectors.version_page(user, estimate, version, accepted)
    rows, bold = [], []
    requested = checked = 0
    for g in page["groups"]:
        rows.append(f"{g.group.numeral}. {g.group.name}".upper())
        for n, ln in enumerate(g.lines, 1):
            after = selectors.accepted_total(ln, ln.accepted)
            notes = [r.text.strip() for r in ln.review_list if r.text.strip()]
            rows.append([ln.stt or str(n), cell_text(ln.name), ln.total, after, after - ln.total,
                         "\n".join(cell_text(t) for t in notes)])
        bold.append(len(rows))
        rows.append(["", f"Cộng nhóm {g.group.numeral}", g.total, g.checked, g.difference, ""])
        requested += g.total
        checked += g.checked
    bold.append(len(rows))
    rows.append(["", "TỔNG CỘNG", requested, checked, checked - requested, ""])
    doc.table(COLUMNS, rows, widths=WIDTHS, align=ALIGN, bold_rows=bold,
              title=f"Giá trị dự toán đề nghị và sau kiểm tra (phiên bản {version.number})",
              unit="Đơn vị tính: đồng (đã gồm thuế GTGT)")
    general = [r.text.strip() for r in page["general_reviews"] if r.text.strip()]
    if general:
        doc.paragraph([("Ý kiến chung: ", "b"), "; ".join(cell_text(t) for t in general)])


def _flags(doc: Nd30Document, user, estimate: Estimate) -> None:
    flags = selectors.open_flag_summary(estimate)
    doc.heading("Các lỗi, nội dung cần xem xét do hệ thống phát hiện", level=2, number="")
    if not flags:
        doc.paragraph("Hệ thống không phát hiện lỗi hoặc nội dung cần xem xét.")
        return
    readable = selectors.source_estimates(user, flags)
    for f in flags:
        where = f"“{cell_text(f.line.name)}”: " if f.line_id else ""
        text = f"{where}{cell_text(f.message)}"
        facts = display.facts(f)
        if facts:
            text += f" ({'; '.join(facts)})"
        names = sorted({s.label for s in display.sources(f, readable, links=False)})
        if names:
            text += f" Nguồn giá: {'; '.join(names)}."
        if f.citation:
            text += f" Căn cứ: {f.citation.strip().rstrip('.')}."
        doc.bullet([(f"{LEVELS.get(f.level, f.get_level_display())}: ", "b"), text])


def _body(doc: Nd30Document, user, estimate: Estimate) -> None:
    version = _checked_version(estimate)
    if version is None:
        doc.paragraph("Dự toán chưa có phiên bản nào.")
        return
    _table(doc, user, estimate, version)
    _flags(doc, user, estimate)


def add_appendix(doc: Nd30Document, user, estimate: Estimate) -> None:
    """Append the check of ``estimate`` to ``doc`` as an appendix of its own (a new landscape
    section titled "Thẩm định dự toán …")."""
    doc.appendix(f"Thẩm định dự toán {estimate.title}", landscape=True)
    p = estimate.project
    doc.paragraph(f"Nhiệm vụ/dự án: {p.code} — {p.name}. Cơ cấu dự toán: {estimate.structure.name} "
                  f"({estimate.structure.citation.strip().rstrip('.')}).", indent=False, italic=True)
    _body(doc, user, estimate)


def _issuer(user, estimate: Estimate, root: Unit) -> Unit:
    """The checker's unit: whoever concluded, else the reader when they check estimates, else the
    province."""
    if estimate.concluded_by_id and estimate.concluded_by.unit_id:
        return estimate.concluded_by.unit
    if can_check_estimates(user) and user.unit_id:
        return user.unit
    return root


def estimate_appendix(user, estimate: Estimate) -> bytes:
    """The "PHỤ LỤC THẨM ĐỊNH DỰ TOÁN" of ``estimate`` as a Word document of its own."""
    estimate = (Estimate.objects.select_related("project__investor_unit", "structure", "concluded_by__unit",
                                                "submitted_by", "prepared_by").get(pk=estimate.pk))
    p = estimate.project
    root = p.investor_unit.root()
    issuer = _issuer(user, estimate, root)
    is_root = issuer.pk == root.pk
    header = DocumentHeader(
        parent_body=None if is_root else parent_body(root), issuer=issuer.name, issuer_name=issuer.name,
        symbol=f"PL-{symbol_abbreviation(issuer)}", number=None, place=place_name(root),
        date=timezone.localdate(estimate.concluded_at) if estimate.concluded_at else None,
        draft_year=timezone.localdate().year, doc_type_name="PHỤ LỤC THẨM ĐỊNH DỰ TOÁN",
        subject=f"{estimate.title} — {p.name}")
    doc = Nd30Document(header)
    doc.heading("Thông tin chung")
    version = _checked_version(estimate)
    items = [("Nhiệm vụ/dự án", f"{p.code} — {p.name}"), ("Chủ đầu tư", p.investor_unit.name),
             ("Cơ cấu dự toán", f"{estimate.structure.name} ({estimate.structure.citation.strip().rstrip('.')})")]
    if version is not None:
        items.append(("Phiên bản được kiểm tra", f"{version.number}, lập ngày {_day(version.created_at)}"))
        items.append(("Giá trị đề nghị", _money(version.total)))
    if estimate.submitted_at:
        items.append(("Ngày gửi kiểm tra", _day(estimate.submitted_at)))
    if estimate.checked_total is not None:
        items.append(("Giá trị sau kiểm tra", _money(estimate.checked_total)))
    for label, value in items:
        doc.bullet([(f"{label}: ", "b"), value])
    doc.heading("Kết quả kiểm tra từng khoản mục")
    _body(doc, user, estimate)
    doc.heading("Kết luận")
    if estimate.conclusion:
        doc.paragraph([("Kết luận: ", "b"), f"{estimate.get_conclusion_display()}."])
        for line in (estimate.conclusion_text or "").splitlines():
            if line.strip():
                doc.paragraph(cell_text(line))
        if estimate.concluded_by:
            doc.paragraph(f"Người kiểm tra: {estimate.concluded_by.display_name}, ngày {_day(estimate.concluded_at)}.",
                          italic=True)
    else:
        doc.paragraph("Chưa có kết luận kiểm tra.")
    recipients = [] if p.investor_unit_id == issuer.pk else [p.investor_unit.name]
    archive = "VT" if is_root else f"VT, {symbol_abbreviation(issuer)}"
    doc.closing(Signer(signer_title(issuer), ""), recipients=recipients, archive=archive)
    return doc.to_bytes()
