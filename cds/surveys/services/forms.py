"""Questionnaires and their versions.

A version is written whole from a *definition* — the plain structure the XLSForm reader
(:mod:`cds.surveys.xlsform`), the API and the default bank produce::

    {"title", "form_id", "version_label",
     "sections": [{"name", "label", "group", "relevant"}],
     "questions": [{"name", "type", "label", "hint", "required", "relevant", "constraint",
                    "constraint_message", "list_name", "rows": [{"name", "label"}],
                    "scale_min", "scale_max", "section": section name or None}],
     "choices": [{"list_name", "name", "label"}]}

:func:`definition_problems` checks it (the reader adds sheet and row); a published version never
changes: a change is a new draft version (:func:`new_version`).
"""
from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cds.accounts import access
from cds.audit.services import record_event
from cds.core.errors import ServiceError, check_version
from cds.core.history import saved

from .. import expr
from ..models import (
    CHOICE_TYPES,
    ChoiceItem,
    FormVersion,
    GroupKind,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    VersionStatus,
)
from ..permissions import can_manage
from .common import root_of

__all__ = ["definition_problems", "save_definition", "update_version", "publish_version", "new_version",
           "definition_of", "default_definition", "DEFAULT_SECTIONS", "MAX_QUESTIONS", "NAME_RE"]

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,99}$")
MAX_QUESTIONS = 400
MAX_CHOICES = 2000
MAX_ROWS = 60

# The five groups of a bottleneck survey (the sections of a new questionnaire, editable).
DEFAULT_SECTIONS = [
    {"name": "phap_ly", "label": "Pháp lý", "group": GroupKind.LEGAL},
    {"name": "ha_tang", "label": "Hạ tầng công nghệ", "group": GroupKind.INFRASTRUCTURE},
    {"name": "du_lieu", "label": "Dữ liệu", "group": GroupKind.DATA},
    {"name": "an_ninh", "label": "An ninh, an toàn, bảo mật", "group": GroupKind.SECURITY},
    {"name": "nguon_luc", "label": "Nguồn lực triển khai", "group": GroupKind.RESOURCES},
]


def default_definition(title: str = "Khảo sát điểm nghẽn chuyển đổi số") -> dict:
    """A new questionnaire: the five groups, each with one open question to start from."""
    sections = [dict(s, relevant="") for s in DEFAULT_SECTIONS]
    questions = [{"name": f"{s['name']}_kho_khan", "type": QuestionType.TEXT,
                  "label": f"Khó khăn, vướng mắc về {s['label'].lower()}", "hint": "", "required": False,
                  "relevant": "", "constraint": "", "constraint_message": "", "list_name": "", "rows": [],
                  "scale_min": None, "scale_max": None, "section": s["name"]} for s in DEFAULT_SECTIONS]
    return {"title": title, "form_id": "khao_sat_diem_nghen", "version_label": "", "sections": sections,
            "questions": questions, "choices": []}


def _name_problem(name: str, names: set, what: str) -> str | None:
    if not NAME_RE.match(name):
        return f"Tên {what} “{name}” không hợp lệ (chữ không dấu, số, gạch dưới; bắt đầu bằng chữ)."
    if name in names:
        return f"Tên “{name}” bị trùng."
    return None


def _section_problems(sections, names: set) -> list[str]:
    problems = []
    for s in sections:
        name = s.get("name") or ""
        problem = _name_problem(name, names, "nhóm")
        if problem:
            problems.append(problem)
        names.add(name)
        if s.get("group") and s["group"] not in GroupKind.values:
            problems.append(f"Nhóm “{name}”: loại nhóm “{s['group']}” không có trong danh mục.")
    return problems


def _choice_lists(choices, problems: list) -> dict[str, set[str]]:
    lists: dict[str, set[str]] = {}
    for c in choices:
        items = lists.setdefault(c.get("list_name") or "", set())
        if not (c.get("name") or "").strip():
            problems.append(f"Danh sách “{c.get('list_name')}”: có lựa chọn thiếu tên (name).")
        elif c["name"] in items:
            problems.append(f"Danh sách “{c.get('list_name')}”: lựa chọn “{c['name']}” bị trùng.")
        items.add(c.get("name") or "")
    return lists


def _shape_problems(q: dict, lists: dict) -> list[str]:
    """Choice list, matrix rows and scale ends of one question."""
    name, problems = q.get("name"), []
    if q["type"] in CHOICE_TYPES:
        if not q.get("list_name"):
            problems.append(f"Câu hỏi “{name}”: chưa nêu danh sách lựa chọn.")
        elif q["list_name"] not in lists:
            problems.append(f"Câu hỏi “{name}”: danh sách lựa chọn “{q['list_name']}” không có trong sheet choices.")
    if q["type"] == QuestionType.MATRIX:
        rows = q.get("rows") or []
        if not rows:
            problems.append(f"Câu hỏi “{name}”: câu hỏi dạng bảng chưa có hàng nào.")
        if len(rows) > MAX_ROWS:
            problems.append(f"Câu hỏi “{name}”: quá {MAX_ROWS} hàng.")
        row_names = [r.get("name") for r in rows]
        if len(set(row_names)) != len(row_names) or not all(NAME_RE.match(r or "") for r in row_names):
            problems.append(f"Câu hỏi “{name}”: tên các hàng phải hợp lệ và không trùng.")
    if q["type"] == QuestionType.SCALE:
        lo, hi = q.get("scale_min"), q.get("scale_max")
        if lo is None or hi is None or lo >= hi or hi - lo > 100:
            problems.append(f"Câu hỏi “{name}”: thang điểm cần điểm đầu nhỏ hơn điểm cuối (tối đa 100 bậc).")
    return problems


def _question_problems(questions, sections, lists, names: set) -> list[str]:
    problems = []
    section_names = {s.get("name") for s in sections}
    for q in questions:
        name = q.get("name") or ""
        problem = _name_problem(name, names, "câu hỏi")
        if problem:
            problems.append(problem)
        names.add(name)
        if q.get("type") not in QuestionType.values:
            problems.append(f"Câu hỏi “{name}”: loại “{q.get('type')}” không được hỗ trợ.")
            continue
        if not (q.get("label") or "").strip():
            problems.append(f"Câu hỏi “{name}”: chưa có nội dung câu hỏi (label).")
        if q.get("section") and q["section"] not in section_names:
            problems.append(f"Câu hỏi “{name}”: nhóm “{q['section']}” không có trong biểu mẫu.")
        problems += _shape_problems(q, lists)
    return problems


def _expression_problems(questions, sections) -> list[str]:
    problems = []
    known = {q.get("name") for q in questions}
    for item, kind in [(q, "Câu hỏi") for q in questions] + [(s, "Nhóm") for s in sections]:
        for field, label in (("relevant", "điều kiện hiển thị (relevant)"), ("constraint", "ràng buộc (constraint)")):
            for problem in expr.check(item.get(field) or "", known):
                problems.append(f"{kind} “{item.get('name')}”: {label} lỗi — {problem}.")
    return problems


def definition_problems(definition: dict) -> list[str]:
    """Every structural problem of ``definition`` (Vietnamese; empty when it can be saved)."""
    problems: list[str] = []
    if not (definition.get("title") or "").strip():
        problems.append("Chưa có tiêu đề biểu mẫu.")
    sections = definition.get("sections") or []
    questions = definition.get("questions") or []
    choices = definition.get("choices") or []
    if not questions:
        problems.append("Biểu mẫu chưa có câu hỏi nào.")
    if len(questions) > MAX_QUESTIONS:
        problems.append(f"Biểu mẫu có {len(questions)} câu hỏi, vượt giới hạn {MAX_QUESTIONS}.")
    if len(choices) > MAX_CHOICES:
        problems.append(f"Biểu mẫu có {len(choices)} lựa chọn, vượt giới hạn {MAX_CHOICES}.")
    names: set[str] = set()
    problems += _section_problems(sections, names)
    lists = _choice_lists(choices, problems)
    problems += _question_problems(questions, sections, lists, names)
    problems += _expression_problems(questions, sections)
    return problems


def _write(fv: FormVersion, definition: dict) -> None:
    sections = {}
    for i, s in enumerate(definition.get("sections") or []):
        sections[s["name"]] = Section.objects.create(
            form=fv, name=s["name"], label=(s.get("label") or s["name"])[:300], group=s.get("group") or GroupKind.OTHER,
            relevant=s.get("relevant") or "", order=i)
    ChoiceItem.objects.bulk_create([
        ChoiceItem(form=fv, list_name=c["list_name"], name=c["name"], label=(c.get("label") or c["name"])[:300], order=i)
        for i, c in enumerate(definition.get("choices") or [])])
    Question.objects.bulk_create([
        Question(form=fv, section=sections.get(q.get("section")), name=q["name"], type=q["type"], label=q["label"],
                 hint=q.get("hint") or "", required=bool(q.get("required")), relevant=q.get("relevant") or "",
                 constraint=q.get("constraint") or "", constraint_message=(q.get("constraint_message") or "")[:300],
                 list_name=q.get("list_name") or "", rows=list(q.get("rows") or []), scale_min=q.get("scale_min"),
                 scale_max=q.get("scale_max"), order=i)
        for i, q in enumerate(definition.get("questions") or [])])


def definition_of(fv: FormVersion) -> dict:
    """The definition of a stored version (the inverse of :func:`_write`)."""
    sections = list(fv.sections.all())
    by_id = {s.pk: s.name for s in sections}
    return {
        "title": fv.title, "form_id": fv.form_id, "version_label": fv.version_label,
        "sections": [{"name": s.name, "label": s.label, "group": s.group, "relevant": s.relevant} for s in sections],
        "questions": [{"name": q.name, "type": q.type, "label": q.label, "hint": q.hint, "required": q.required,
                       "relevant": q.relevant, "constraint": q.constraint, "constraint_message": q.constraint_message,
                       "list_name": q.list_name, "rows": q.rows, "scale_min": q.scale_min, "scale_max": q.scale_max,
                       "section": by_id.get(q.section_id)} for q in fv.questions.all()],
        "choices": [{"list_name": c.list_name, "name": c.name, "label": c.label} for c in fv.choices.all()],
    }


def _refuse(actor, root) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được soạn bộ câu hỏi khảo sát.")
    if root is None or not access.scope_for(actor).contains(root):
        raise PermissionDenied("Bộ câu hỏi phải thuộc tỉnh/bộ bạn quản lý.")


@transaction.atomic
def save_definition(actor, definition: dict, *, questionnaire: Questionnaire | None = None, root_unit=None,
                    source_name: str = "") -> FormVersion:
    """A new draft version from ``definition`` — of ``questionnaire``, or of a new questionnaire
    (code = the form_id) in ``root_unit`` (default: the actor's tree)."""
    root = questionnaire.root_unit if questionnaire else (root_unit or root_of(actor))
    _refuse(actor, root)
    problems = definition_problems(definition)
    if problems:
        raise ServiceError(problems)
    title = definition["title"].strip()[:300]
    form_id = (definition.get("form_id") or "").strip()[:100] or "khao_sat"
    if questionnaire is None:
        code, n = form_id[:60], 1
        while Questionnaire.objects.filter(root_unit=root, code=code).exists():
            n += 1
            code = f"{form_id[:55]}-{n}"
        questionnaire = Questionnaire.objects.create(code=code, title=title, root_unit=root, created_by=actor)
    number = (questionnaire.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    fv = saved(FormVersion(questionnaire=questionnaire, number=number, title=title, form_id=form_id,
                           version_label=(definition.get("version_label") or "")[:60], source_name=source_name[:255],
                           created_by=actor), actor)
    _write(fv, definition)
    record_event(actor, "survey.form_saved", fv, data={"title": title, "number": number,
                                                      "questions": len(definition["questions"])})
    return fv


@transaction.atomic
def update_version(actor, fv: FormVersion, definition: dict, *, version=None,
                   source_name: str | None = None) -> FormVersion:
    """Replace a draft version's content (refused once published); ``source_name`` = the XLSForm
    file it now comes from."""
    fv = FormVersion.objects.select_for_update().get(pk=fv.pk)
    _refuse(actor, fv.questionnaire.root_unit)
    if fv.is_published:
        raise ServiceError("Phiên bản đã ban hành không được sửa; hãy tạo phiên bản mới.")
    check_version(fv, version)
    problems = definition_problems(definition)
    if problems:
        raise ServiceError(problems)
    fv.questions.all().delete()
    fv.sections.all().delete()
    fv.choices.all().delete()
    fv.title = definition["title"].strip()[:300]
    fv.form_id = (definition.get("form_id") or fv.form_id)[:100]
    fv.version_label = (definition.get("version_label") or "")[:60]
    if source_name is not None:
        fv.source_name = source_name[:255]
    fv.version += 1
    saved(fv, actor)
    _write(fv, definition)
    record_event(actor, "survey.form_saved", fv, data={"title": fv.title, "number": fv.number,
                                                      "questions": len(definition["questions"])})
    return fv


@transaction.atomic
def publish_version(actor, fv: FormVersion) -> FormVersion:
    fv = FormVersion.objects.select_for_update().get(pk=fv.pk)
    _refuse(actor, fv.questionnaire.root_unit)
    if fv.is_published:
        return fv
    problems = definition_problems(definition_of(fv))
    if problems:
        raise ServiceError(problems)
    fv.status, fv.published_at, fv.published_by = VersionStatus.PUBLISHED, timezone.now(), actor
    fv.version += 1
    saved(fv, actor)
    record_event(actor, "survey.form_published", fv, data={"title": fv.title, "number": fv.number})
    return fv


def new_version(actor, fv: FormVersion) -> FormVersion:
    """A draft copy of ``fv`` to edit (the published one stays as it was)."""
    return save_definition(actor, definition_of(fv), questionnaire=fv.questionnaire, source_name=fv.source_name)
