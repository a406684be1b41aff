"""Writes of an entry's content beside its text: the measured results (all rows at once), its
documents, and the nomination of an entry from an effectiveness review rated "Hiệu quả"."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import ServiceError, check_version
from cds.core.history import saved
from cds.core.uploads import store_document
from cds.core.validation import clean_text, parse_date
from cds.reviews.models import Rating, Review, ReviewStatus

from . import services
from .models import DocKind, Origin, Practice, PracticeDocument, PracticeResult
from .permissions import can_check, can_edit_content

MAX_RESULTS = 10
NAME_LIMIT = 255
MEASURE_LIMIT = 30
NOTE_LIMIT = 500
DOC_TITLE_LIMIT = 300
REASON_LIMIT = 1000
MAX_VALUE = Decimal(10) ** 16
NOMINABLE = (ReviewStatus.ACCEPTED, ReviewStatus.DECIDED)
CONTENT_ONLY = ("Chỉ đơn vị đề xuất (khi mô hình đang dự thảo hoặc bị trả lại) và cơ quan chuyên trách CĐS "
                "cập nhật kết quả, tài liệu của mô hình.")

_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
_PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")   # ASCII digits only


def read_number(raw) -> Decimal | None:
    """A number as Vietnamese users type it: "1.250" (thousands), "98,5" or "98.5", "1.250,5";
    None for empty. :class:`ValueError` for anything else."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        value = Decimal(raw)
    else:
        text = str(raw).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        if not _PLAIN_NUMBER.fullmatch(text):
            raise ValueError(text)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise ValueError(str(raw))
    return value.quantize(Decimal("0.01"))


def _row(n: int, raw: dict, errors: list[str]) -> dict | None:
    """One result row checked; its problems appended to ``errors`` as "Dòng n: …"."""
    def text(key, label, limit, required=False):
        try:
            return clean_text(raw.get(key) or "", label, required=required, limit=limit, multiline=False)
        except ServiceError as exc:
            errors.append(f"Dòng {n}: {exc.messages[0]}")
            return ""

    name = text("indicator_name", "tên chỉ tiêu", NAME_LIMIT, required=True)
    row = {"indicator_name": name, "measure_unit": text("measure_unit", "đơn vị tính", MEASURE_LIMIT),
           "note": text("note", "nguồn số liệu, ghi chú", NOTE_LIMIT)}
    for key, label in (("before", "giá trị trước"), ("after", "giá trị sau")):
        try:
            row[key] = read_number(raw.get(key))
        except ValueError:
            errors.append(f"Dòng {n}: {label} phải là số, ví dụ 12,5 hoặc 1.250.")
            row[key] = None
    try:
        row["measured_on"] = parse_date(raw.get("measured_on"), "thời điểm đo")
    except ServiceError as exc:
        errors.append(f"Dòng {n}: {exc.messages[0]}")
        row["measured_on"] = None
    for key in ("indicator", "source_review"):
        row[key] = raw.get(key)
    return row


def _check_content(actor, practice: Practice) -> None:
    if not can_edit_content(actor, practice):
        raise PermissionDenied(CONTENT_ONLY)


def _entry(practice: Practice) -> dict:
    return {"code": practice.code, "title": practice.title}


def _touch(actor, practice: Practice) -> Practice:
    practice.version += 1
    practice.updated_at = timezone.now()
    return saved(practice, actor)


@transaction.atomic
def set_results(actor, practice: Practice, rows: list[dict], *, expected_version) -> Practice:
    """Replace the entry's measured results by ``rows`` (dicts: indicator_name, measure_unit,
    before, after, measured_on, note; optionally row_id, the id of a row it replaces, and
    indicator and source_review) — all of them or
    none: a row with a problem refuses the whole set, each problem named by its row number.
    Blank rows are skipped."""
    practice = Practice.objects.select_for_update().select_related("unit").get(pk=practice.pk)
    check_version(practice, expected_version)
    _check_content(actor, practice)
    rows = [r for r in rows if any(str(v or "").strip() for k, v in r.items()
                                   if k not in ("indicator", "source_review", "row_id"))]
    if len(rows) > MAX_RESULTS:
        raise ServiceError(f"Một mô hình ghi tối đa {MAX_RESULTS} chỉ tiêu kết quả.")
    kept = {r.pk: r for r in practice.results.all()}
    for raw in rows:   # a row kept from before keeps the review indicator it was taken from
        before = kept.get(raw.get("row_id"))
        if before is not None:
            raw.setdefault("indicator", before.indicator)
            raw.setdefault("source_review", before.source_review)
    errors: list[str] = []
    clean = [_row(n, raw, errors) for n, raw in enumerate(rows, 1)]
    if errors:
        raise ServiceError(errors)
    practice.results.all().delete()
    PracticeResult.objects.bulk_create([PracticeResult(practice=practice, position=i, **row)
                                        for i, row in enumerate(clean)])
    _touch(actor, practice)
    record_event(actor, "library.results_set", practice, data={**_entry(practice), "count": len(clean)})
    return practice


@transaction.atomic
def add_document(actor, practice: Practice, upload, kind: str, title: str) -> PracticeDocument:
    """Attach a document (checked by its content, size and type) to the entry."""
    practice = Practice.objects.select_for_update().select_related("unit").get(pk=practice.pk)
    _check_content(actor, practice)
    if kind not in DocKind.values:
        raise ServiceError("Loại tài liệu không hợp lệ.")
    title = clean_text(title, "tên tài liệu", limit=DOC_TITLE_LIMIT, multiline=False)
    if upload is None:
        raise ServiceError("Chưa chọn tệp tài liệu.")
    doc = PracticeDocument(practice=practice, kind=kind, title=title, created_by=actor)
    stored = store_document(upload, doc.file, f"{practice.code}-{kind}")
    doc.file_name, doc.file_size, doc.file_sha256 = stored.name, stored.size, stored.sha256
    doc.save()
    record_event(actor, "library.document_added", practice, data={**_entry(practice), "document": title})
    return doc


@transaction.atomic
def remove_document(actor, practice: Practice, doc: PracticeDocument, reason: str) -> PracticeDocument:
    """Take a document off the entry (the file and its row are kept for the record)."""
    practice = Practice.objects.select_for_update().select_related("unit").get(pk=practice.pk)
    _check_content(actor, practice)
    doc = PracticeDocument.objects.select_for_update().get(pk=doc.pk, practice=practice)
    if doc.is_removed:
        raise ServiceError("Tài liệu đã được gỡ.")
    reason = clean_text(reason, "lý do gỡ tài liệu", limit=REASON_LIMIT)
    doc.is_removed = True
    doc.save(update_fields=["is_removed"])
    record_event(actor, "library.document_removed", practice,
                 data={**_entry(practice), "document": doc.title, "note": reason})
    return doc


# ---------------------------------------------------------------- nomination ----

def _clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@transaction.atomic
def nominate_from_review(actor, review: Review) -> Practice:
    """A draft entry nominated from a finished review rated "Hiệu quả", for the review's unit,
    pre-filled from the project and the review and carrying the review's indicator values as
    its results (baseline → before, actual → after). Only the CĐS authority of the tree; once
    per review."""
    review = Review.objects.select_for_update().select_related("project", "unit", "campaign").get(pk=review.pk)
    if not can_check(actor) or not access.scope_for(actor).contains(review.unit):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS của tỉnh/bộ đề cử mô hình từ báo cáo đánh giá.")
    if review.reviewer_rating != Rating.EFFECTIVE or review.status not in NOMINABLE:
        raise ServiceError("Chỉ đề cử mô hình từ báo cáo đánh giá đã thẩm tra với kết luận “Hiệu quả”.")
    taken = Practice.objects.filter(review=review).first()
    if taken is not None:
        raise ServiceError(f"Báo cáo đánh giá này đã được đề cử thành mô hình {taken.code}.")
    project = review.project
    limit = services.TEXT_LIMIT
    problem = project.objectives or f"Mục tiêu của nhiệm vụ/dự án {project.name}."
    solution = review.summary or f"Cách làm của nhiệm vụ/dự án {project.name} (bổ sung mô tả giải pháp)."
    verdict = f"Báo cáo đánh giá hiệu quả năm {review.campaign.period_year}: {Rating.EFFECTIVE.label}."
    results = " ".join(x for x in (verdict, review.reviewer_comment.strip()) if x)
    practice = services.create_practice(actor, {
        "title": _clip(project.name, services.TITLE_LIMIT), "problem": _clip(problem, limit),
        "solution": _clip(solution, limit), "results_summary": _clip(results, limit), "unit": review.unit,
        "projects": [project],
    }, origin=Origin.NOMINATED, review=review)
    rows = [PracticeResult(practice=practice, position=i, indicator_name=v.indicator.name[:NAME_LIMIT],
                           measure_unit=(v.indicator.unit or "")[:MEASURE_LIMIT], before=v.baseline, after=v.actual,
                           indicator=v.indicator, source_review=review, note=(v.note or "")[:NOTE_LIMIT],
                           measured_on=timezone.localdate(review.reviewed_at) if review.reviewed_at else None)
            for i, v in enumerate(review.values.select_related("indicator")[:MAX_RESULTS])]
    PracticeResult.objects.bulk_create(rows)
    return practice
