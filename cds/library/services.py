"""Writes of the library: entries proposed by a unit (or nominated from an effectiveness review
rated "Hiệu quả"), submitted, checked by the CĐS authority — never by the one who drafted or
submitted the entry — and published, returned or later withdrawn; their measured results and
documents (:mod:`.services_content`); and reuse (:mod:`.services_reuse`).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.history import saved
from cds.core.validation import clean_text
from cds.projects.services import next_prefixed_code
from cds.text.normalize import search_document

from .models import Kind, Origin, Practice, Status
from .permissions import can_check, can_edit, can_propose_for

CODE_PREFIX = "MH"
TITLE_LIMIT = 300
TEXT_LIMIT = 10_000
KEYWORDS_LIMIT = 300
NOTE_LIMIT = 2000
TEXTS = {  # field: (label, required, limit, multiline)
    "title": ("tên mô hình", True, TITLE_LIMIT, False),
    "problem": ("vấn đề cần giải quyết", True, TEXT_LIMIT, True),
    "solution": ("giải pháp, cách làm", True, TEXT_LIMIT, True),
    "results_summary": ("kết quả đạt được", False, TEXT_LIMIT, True),
    "lessons": ("bài học kinh nghiệm", False, TEXT_LIMIT, True),
    "reuse_conditions": ("điều kiện áp dụng, nhân rộng", False, TEXT_LIMIT, True),
    "keywords": ("từ khóa", False, KEYWORDS_LIMIT, False),
}
LINKS = ("projects", "systems", "capabilities", "data_entities", "programmes")


def _require(allowed: bool, message="Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def index_text(practice: Practice) -> str:
    """The folded search document: found without diacritics ("dat dai" finds "đất đai")."""
    return search_document(practice.code, practice.title, practice.keywords, practice.problem, practice.solution,
                           practice.results_summary, practice.unit.name if practice.unit_id else "")


def _clean(data: dict) -> dict:
    out = {}
    for name, (label, required, limit, multiline) in TEXTS.items():
        if name in data:
            out[name] = clean_text(data.get(name) or "", label, required=required, limit=limit, multiline=multiline)
    if "kind" in data:
        if data["kind"] not in Kind.values:
            raise ServiceError("Loại mô hình không hợp lệ.")
        out["kind"] = data["kind"]
    return out


def _links_in_tree(actor, practice: Practice, data: dict) -> None:
    """Linked projects and systems must be records the actor may read (the forms offer only
    those; a forged id is refused here)."""
    from_scope = {"projects": "investor_unit", "systems": "owner_unit"}
    for name, unit_field in from_scope.items():
        items = data.get(name)
        if not items:
            continue
        for item in items:
            unit = getattr(item, unit_field, None)
            root = getattr(item, "root_unit", None)
            if unit is not None and not access.scope_for(actor).contains(unit):
                raise ServiceError("Chỉ liên kết nhiệm vụ/dự án, hệ thống mà bạn được xem.")
            if unit is None and root is not None and not access.scope_for(actor).contains(root):
                raise ServiceError("Chỉ liên kết nhiệm vụ/dự án, hệ thống mà bạn được xem.")


def _set_links(practice: Practice, data: dict) -> None:
    for name in LINKS:
        if name in data and data[name] is not None:
            getattr(practice, name).set(data[name])


@transaction.atomic
def create_practice(actor, data: dict, *, origin: str = Origin.PROPOSED, review=None) -> Practice:
    """A draft entry for ``data["unit"]`` (a unit the actor may propose for)."""
    unit = data.get("unit")
    _require(can_propose_for(actor, unit), "Bạn chỉ đề xuất mô hình cho đơn vị của mình.")
    fields = _clean({**{k: "" for k in TEXTS}, **data})
    practice = Practice(unit=unit, root_unit_id=unit.root_pk, origin=origin, review=review, created_by=actor,
                        kind=data.get("kind") or Kind.MODEL, **{k: v for k, v in fields.items() if k != "kind"})
    _links_in_tree(actor, practice, data)
    practice.code = next_prefixed_code(CODE_PREFIX, timezone.localdate().year)
    practice.search_text = index_text(practice)
    saved(practice, actor)
    _set_links(practice, data)
    record_event(actor, "library.proposed" if origin == Origin.PROPOSED else "library.nominated", practice,
                 data={"code": practice.code, "title": practice.title, "unit": unit.name})
    return practice


@transaction.atomic
def update_practice(actor, practice: Practice, data: dict, *, expected_version) -> Practice:
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    check_version(practice, expected_version)
    _require(can_edit(actor, practice), "Chỉ sửa mô hình đang dự thảo hoặc bị trả lại, của đơn vị mình.")
    for name, value in _clean(data).items():
        setattr(practice, name, value)
    _links_in_tree(actor, practice, data)
    practice.search_text = index_text(practice)
    practice.version += 1
    practice.updated_at = timezone.now()
    saved(practice, actor)
    _set_links(practice, data)
    record_event(actor, "library.updated", practice, data={"code": practice.code, "title": practice.title})
    return practice


def _locked(practice, expected_version) -> Practice:
    practice = Practice.objects.select_for_update().select_related("unit").get(pk=practice.pk)
    check_version(practice, expected_version)
    return practice


def _save(actor, practice: Practice) -> Practice:
    practice.version += 1
    practice.updated_at = timezone.now()
    return saved(practice, actor)


@transaction.atomic
def submit(actor, practice: Practice, *, expected_version) -> Practice:
    practice = _locked(practice, expected_version)
    _require(can_edit(actor, practice), "Chỉ gửi mô hình đang dự thảo hoặc bị trả lại, của đơn vị mình.")
    practice.status, practice.submitted_by, practice.submitted_at = Status.SUBMITTED, actor, timezone.now()
    _save(actor, practice)
    record_event(actor, "library.submitted", practice, data={"code": practice.code, "title": practice.title})
    return practice


def _check(actor, practice: Practice) -> None:
    _require(can_check(actor, practice), "Chỉ cơ quan chuyên trách CĐS kiểm tra, công bố mô hình.")
    if practice.status != Status.SUBMITTED:
        raise ServiceError("Mô hình chưa được gửi kiểm tra hoặc đã được xử lý.")
    if actor.pk in (practice.created_by_id, practice.submitted_by_id):
        raise MakerCheckerError()


@transaction.atomic
def publish(actor, practice: Practice, note: str = "", *, expected_version) -> Practice:
    practice = _locked(practice, expected_version)
    _check(actor, practice)
    note = clean_text(note, "ý kiến kiểm tra", required=False, limit=NOTE_LIMIT)
    now = timezone.now()
    practice.status, practice.checked_by, practice.checked_at, practice.check_note = Status.PUBLISHED, actor, now, note
    practice.published_at = now
    _save(actor, practice)
    record_event(actor, "library.published", practice, data={"code": practice.code, "title": practice.title,
                                                               "note": note})
    return practice


@transaction.atomic
def return_practice(actor, practice: Practice, note: str, *, expected_version) -> Practice:
    practice = _locked(practice, expected_version)
    _check(actor, practice)
    note = clean_text(note, "ý kiến khi trả lại", limit=NOTE_LIMIT)
    practice.status, practice.checked_by, practice.checked_at, practice.check_note = (
        Status.RETURNED, actor, timezone.now(), note)
    _save(actor, practice)
    record_event(actor, "library.returned", practice, data={"code": practice.code, "title": practice.title,
                                                             "note": note})
    return practice


@transaction.atomic
def withdraw(actor, practice: Practice, reason: str, *, expected_version) -> Practice:
    practice = _locked(practice, expected_version)
    _require(can_check(actor, practice), "Chỉ cơ quan chuyên trách CĐS thu hồi mô hình đã công bố.")
    if practice.status != Status.PUBLISHED:
        raise ServiceError("Chỉ thu hồi mô hình đang công bố.")
    reason = clean_text(reason, "lý do thu hồi", limit=NOTE_LIMIT)
    practice.status, practice.withdrawn_reason = Status.WITHDRAWN, reason
    _save(actor, practice)
    record_event(actor, "library.withdrawn", practice, data={"code": practice.code, "title": practice.title,
                                                              "note": reason})
    return practice
