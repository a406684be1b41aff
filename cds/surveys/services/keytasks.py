"""Writes of the Đề án 06 key-task catalogue and of each unit's status.

The catalogue (numbers, names, groups, principle labels such as "5 rõ") is data the province
enters; nothing here knows how many tasks there are or what they say. The CĐS authority keeps
the catalogue; each unit's staff or head reports the unit's own status (the CĐS authority does
not report for a unit); a unit reporting a difficulty ("Vướng mắc") is made known to the people
of the task's lead unit.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cds.accounts.models import Role
from cds.accounts.selectors import responsible_people
from cds.audit.services import record_event
from cds.core.errors import ServiceError, check_version
from cds.core.history import saved
from cds.core.uploads import store_document
from cds.core.validation import clean_text, parse_date
from cds.directives.models import Task
from cds.directives.permissions import scope_tasks
from cds.notifications.services import notify
from cds.orgs.models import Unit
from cds.projects.models import Project
from cds.projects.permissions import scope_projects

from ..models import KeyTask, KeyTaskProgress, KeyTaskStatus
from ..permissions import can_manage_key_tasks, can_report_key_task
from .common import root_of

__all__ = ["save_key_task", "report_key_task", "delete_key_task", "key_task_url", "key_task_report_url",
           "MAX_KEY_TASK_NUMBER", "MAX_LINKS"]

MAX_KEY_TASK_NUMBER = 999
MAX_LINKS = 100            # projects or directive tasks linked to one task or one unit's status


def key_task_url(task) -> str:
    return reverse("surveys:keytask", args=[task.pk])


def key_task_report_url(task, unit) -> str:
    return reverse("surveys:keytask_report", args=[task.pk, unit.pk])


def _text(data: dict, key: str, label: str, errors: dict, *, limit: int, required=False, multiline=True) -> str:
    try:
        return clean_text(data.get(key) or "", label, required=required, limit=limit, multiline=multiline)
    except ServiceError as exc:
        errors[key] = exc.messages[0]
        return ""


def _number(value, root, task, errors: dict):
    if value in (None, ""):
        errors["number"] = "Chưa nhập số thứ tự của nhiệm vụ."
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        number = None
    if number is None or isinstance(number, bool) or not 1 <= number <= MAX_KEY_TASK_NUMBER:
        errors["number"] = f"Số thứ tự phải là số nguyên từ 1 đến {MAX_KEY_TASK_NUMBER}."
        return None
    taken = KeyTask.objects.filter(root_unit=root, number=number)
    if task is not None:
        taken = taken.exclude(pk=task.pk)
    if taken.exists():
        errors["number"] = f"Đã có nhiệm vụ số {number} trong danh mục; chọn số thứ tự khác."
    return number


def _ids(items) -> list[int]:
    """Ids of the rows given as objects or as ids (a value that is neither is kept as -1 and so
    never matches)."""
    out = []
    for item in items or []:
        pk = getattr(item, "pk", item)
        out.append(pk if isinstance(pk, int) and not isinstance(pk, bool) else -1)
    return list(dict.fromkeys(out))


def _projects(actor, root, items, errors: dict, key: str = "projects") -> list[Project]:
    ids = _ids(items)
    if len(ids) > MAX_LINKS:
        errors[key] = f"Liên kết tối đa {MAX_LINKS} nhiệm vụ/dự án."
        return []
    found = list(scope_projects(actor, Project.objects.filter(pk__in=ids,
                                                              investor_unit__path__startswith=root.tree_prefix)))
    if len(found) != len(ids):
        errors[key] = "Có nhiệm vụ/dự án không tồn tại hoặc không thuộc phạm vi được xem của tỉnh/bộ này."
    return found


def _directive_tasks(actor, root, items, errors: dict) -> list[Task]:
    ids = _ids(items)
    if len(ids) > MAX_LINKS:
        errors["directive_tasks"] = f"Liên kết tối đa {MAX_LINKS} nhiệm vụ chỉ đạo."
        return []
    found = list(scope_tasks(actor, Task.objects.filter(pk__in=ids,
                                                         directive__issuer__path__startswith=root.tree_prefix)))
    if len(found) != len(ids):
        errors["directive_tasks"] = "Có nhiệm vụ chỉ đạo không tồn tại hoặc không thuộc tỉnh/bộ này."
    return found


def _lead_unit(value, root, errors: dict):
    if value is None or value == "":
        errors["lead_unit"] = "Chưa chọn đơn vị chủ trì."
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    unit = value if isinstance(value, Unit) else Unit.objects.filter(pk=_ids([value])[0]).first()
    if unit is None or not unit.path.startswith(root.tree_prefix):
        errors["lead_unit"] = "Đơn vị chủ trì không thuộc tỉnh/bộ của danh mục."
        return None
    if unit.has_ended(timezone.localdate()):
        errors["lead_unit"] = unit.ended_message
        return None
    return unit


def _task_values(actor, data: dict, root, task) -> tuple[dict, dict]:
    errors: dict = {}
    values = {"number": _number(data.get("number"), root, task, errors),
              "name": _text(data, "name", "tên nhiệm vụ", errors, limit=2000, required=True),
              "group": _text(data, "group", "nhóm", errors, limit=200, multiline=False),
              "principles": _text(data, "principles", "nguyên tắc, phương châm", errors, limit=300, multiline=False),
              "description": _text(data, "description", "mô tả, yêu cầu", errors, limit=10000),
              "basis": _text(data, "basis", "căn cứ", errors, limit=300, multiline=False),
              "lead_unit": _lead_unit(data.get("lead_unit"), root, errors)}
    try:
        values["deadline"] = parse_date(data.get("deadline"), "thời hạn")
    except ServiceError as exc:
        errors["deadline"] = exc.messages[0]
    links = {"projects": _projects(actor, root, data.get("projects"), errors),
             "directive_tasks": _directive_tasks(actor, root, data.get("directive_tasks"), errors)}
    return values | links, errors


@transaction.atomic
def save_key_task(actor, data: dict, *, task=None, version=None) -> KeyTask:
    """Create (``task`` None) or change a task of the catalogue. ``data``: root_unit (default the
    actor's tree; a task never moves to another tree), number, name, group, principles,
    description, lead_unit, deadline, basis, projects, directive_tasks. Bad input →
    ServiceError {field: message}; nothing is written then."""
    if task is not None:
        task = KeyTask.objects.select_for_update().select_related("root_unit").get(pk=task.pk)
        root = task.root_unit
    else:
        root = data.get("root_unit") or root_of(actor)
    if root is None or not can_manage_key_tasks(actor, root):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được lập, sửa danh mục nhiệm vụ Đề án 06.")
    if root.parent_id is not None:
        raise ServiceError("Danh mục nhiệm vụ Đề án 06 lập cho cả tỉnh/bộ.")
    if task is not None:
        check_version(task, version)
    values, errors = _task_values(actor, data, root, task)
    if errors:
        raise ServiceError(errors)
    links = {k: values.pop(k) for k in ("projects", "directive_tasks")}
    created = task is None
    if created:
        task = KeyTask(root_unit=root)
    else:
        task.version += 1
    for key, value in values.items():
        setattr(task, key, value)
    saved(task, actor)
    task.projects.set(links["projects"])
    task.directive_tasks.set(links["directive_tasks"])
    record_event(actor, "survey.keytask_saved", task,
                 data={"number": task.number, "name": task.name[:200], "created": created,
                       "lead_unit": task.lead_unit.name})
    return task


def _progress(value, errors: dict):
    try:
        return KeyTaskProgress(value)
    except ValueError:
        errors["progress"] = "Chọn tình trạng thực hiện."
        return None


def _percent(value, progress, errors: dict):
    if progress == KeyTaskProgress.DONE:
        return 100
    if value in (None, ""):
        return 0
    try:
        percent = value if isinstance(value, int) and not isinstance(value, bool) else int(str(value).strip())
    except ValueError:
        percent = None
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."
        return None
    return percent


def _notify_blocked(actor, task, status) -> None:
    people = responsible_people([task.lead_unit_id], (Role.UNIT_STAFF, Role.UNIT_HEAD)).get(task.lead_unit_id, [])
    text = f"{status.unit.name} báo vướng mắc khi thực hiện nhiệm vụ Đề án 06 số {task.number}: {task.name[:150]}"
    if status.evidence:
        text += f" — {status.evidence[:200]}"
    for user in people:
        if user.pk != actor.pk:
            notify(user, text, key_task_url(task), key=f"keytask-blocked:{status.pk}:{status.version}:{user.pk}",
                   kind="survey")


@transaction.atomic
def report_key_task(actor, task, unit, data: dict, *, version=None, upload=None) -> KeyTaskStatus:
    """The unit's staff or head reports its status on ``task``. ``data``: progress
    (:class:`KeyTaskProgress`), percent (0–100; "Hoàn thành" is 100), evidence, projects (that
    the reporter may read). ``upload``: an evidence document, checked by content."""
    task = KeyTask.objects.select_for_update().select_related("root_unit", "lead_unit").get(pk=task.pk)
    if not can_report_key_task(actor, unit):
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo của đơn vị được báo cáo tình hình thực hiện của đơn vị.")
    if not unit.path.startswith(task.root_unit.tree_prefix):
        raise PermissionDenied("Đơn vị không thuộc tỉnh/bộ của nhiệm vụ.")
    if unit.has_ended(timezone.localdate()):
        raise ServiceError(unit.ended_message)
    status = KeyTaskStatus.objects.select_for_update().filter(task=task, unit=unit).first()
    if status is not None:
        check_version(status, version)
    errors: dict = {}
    progress = _progress(data.get("progress"), errors)
    percent = _percent(data.get("percent"), progress, errors)
    evidence = _text(data, "evidence", "kết quả, minh chứng", errors, limit=10000)
    projects = _projects(actor, task.root_unit, data.get("projects"), errors)
    if errors:
        raise ServiceError(errors)
    if status is None:
        status = KeyTaskStatus(task=task, unit=unit)
    else:
        status.version += 1
    status.progress, status.percent, status.evidence = progress, percent, evidence
    status.updated_by, status.updated_at = actor, timezone.now()
    if upload is not None:
        stored = store_document(upload, status.evidence_file, f"de-an-06-{task.pk}-{unit.pk}")
        status.evidence_name = stored.name
    saved(status, actor)
    status.projects.set(projects)
    record_event(actor, "survey.keytask_reported", task,
                 data={"number": task.number, "unit": unit.name, "progress": progress.label, "percent": percent,
                       "file": status.evidence_name if upload is not None else ""})
    if progress == KeyTaskProgress.BLOCKED:
        _notify_blocked(actor, task, status)
    return status


@transaction.atomic
def delete_key_task(actor, task) -> None:
    """Remove a task of the catalogue — only while no unit has reported on it."""
    task = KeyTask.objects.select_for_update().select_related("root_unit").get(pk=task.pk)
    if not can_manage_key_tasks(actor, task.root_unit):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được xóa nhiệm vụ khỏi danh mục Đề án 06.")
    reported = task.statuses.count()
    if reported:
        raise ServiceError(f"Đã có {reported} đơn vị báo cáo tình hình thực hiện nhiệm vụ này; không xóa được. "
                           "Hãy sửa nội dung nhiệm vụ thay vì xóa.")
    record_event(actor, "survey.keytask_deleted", task, data={"number": task.number, "name": task.name[:200]})
    task._history_user = actor
    task.delete()
