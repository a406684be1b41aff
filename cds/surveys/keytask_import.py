"""The Đề án 06 catalogue read from a sheet (.xlsx or .csv) the province keeps: one row per task,
all rows or none. A row whose number is already in the catalogue changes that task; the others
are added. Every row goes through :func:`cds.surveys.services.save_key_task`, so the file is
held to the same rules as the form; any row's error cancels the whole file and every error is
reported with its row number, in Vietnamese.

Columns (the header row's names, diacritics and case ignored): Số thứ tự, Tên nhiệm vụ, Nhóm,
Nguyên tắc/phương châm, Mô tả/yêu cầu, Đơn vị chủ trì (code, name, short name or another name
of the unit), Thời hạn (dd/mm/yyyy), Căn cứ.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from openpyxl import load_workbook

from cds.core.errors import ServiceError
from cds.orgs.selectors import match_unit
from cds.text.normalize import fold

from .models import KeyTask
from .permissions import can_manage_key_tasks
from .services.common import root_of
from .services.keytasks import MAX_KEY_TASK_NUMBER, save_key_task

COLUMNS = {
    "number": ("so thu tu", "so", "stt", "so tt"),
    "name": ("ten nhiem vu", "nhiem vu", "nhiem vu trong tam"),
    "group": ("nhom", "nhom nhiem vu"),
    "principles": ("nguyen tac", "phuong cham", "nguyen tac phuong cham"),
    "description": ("mo ta", "yeu cau", "mo ta yeu cau"),
    "lead_unit": ("don vi chu tri", "chu tri", "co quan chu tri"),
    "deadline": ("thoi han", "han"),
    "basis": ("can cu", "van ban"),
}
REQUIRED = ("number", "name", "lead_unit")
NO_LEAD = "Chưa chọn đơn vị chủ trì."


def _rows_of(content: bytes, file_name: str) -> list[list]:
    if file_name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError("Tệp CSV phải mã hóa UTF-8.") from None
        return [list(r) for r in csv.reader(io.StringIO(text))]
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ServiceError("Không đọc được tệp Excel (.xlsx).") from None
    ws = wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _header(row: list) -> dict[str, int]:
    where = {}
    for idx, cell in enumerate(row):
        key = fold(str(cell or ""))
        for field, names in COLUMNS.items():
            if key in names and field not in where:
                where[field] = idx
    missing = [f for f in REQUIRED if f not in where]
    if missing:
        labels = {"number": "Số thứ tự", "name": "Tên nhiệm vụ", "lead_unit": "Đơn vị chủ trì"}
        raise ServiceError("Dòng tiêu đề thiếu cột: " + ", ".join(labels[m] for m in missing) + ".")
    return where


def _cell(row: list, idx: int | None):
    if idx is None or idx >= len(row):
        return None
    value = row[idx]
    return value.strip() if isinstance(value, str) else value


def _row_data(row: list, where: dict, root) -> tuple[dict, list[str]]:
    problems = []
    data = {field: _cell(row, idx) for field, idx in where.items()}
    number = data.get("number")
    if isinstance(number, float) and number.is_integer():
        data["number"] = int(number)
    elif isinstance(number, str) and number.isascii() and number.isdigit():
        data["number"] = int(number)
    for field in ("name", "group", "principles", "description", "basis"):
        value = data.get(field)
        data[field] = "" if value is None else str(value)
    deadline = data.get("deadline")
    if isinstance(deadline, dt.datetime):
        data["deadline"] = deadline.date()
    unit_text = str(data.get("lead_unit") or "")
    data["lead_unit"] = None
    if unit_text:
        unit = match_unit(unit_text, within=None)
        if unit is None or not unit.path.startswith(root.tree_prefix):
            problems.append(f"không tìm thấy đơn vị chủ trì “{unit_text}” trong tỉnh/bộ (hoặc tên trùng nhiều đơn vị)")
        else:
            data["lead_unit"] = unit
    return data, problems


def _messages(exc: ServiceError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return exc.messages


def import_key_tasks(actor, content: bytes, file_name: str) -> tuple[int, int]:
    """Read the catalogue; (added, changed). Any error → ServiceError listing every row's
    problems ("Dòng 5: …"), nothing written."""
    root = root_of(actor)
    if root is None or not can_manage_key_tasks(actor, root):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được nhập danh mục nhiệm vụ Đề án 06.")
    rows = [r for r in _rows_of(content, file_name) if any(c not in (None, "") for c in r)]
    if not rows:
        raise ServiceError("Tệp không có dữ liệu.")
    where = _header(rows[0])
    if len(rows) - 1 > MAX_KEY_TASK_NUMBER:
        raise ServiceError(f"Tệp có quá {MAX_KEY_TASK_NUMBER} dòng nhiệm vụ.")
    existing = {t.number: t for t in KeyTask.objects.filter(root_unit=root)}
    errors, added, changed, seen = [], 0, 0, set()
    with transaction.atomic():
        for line, row in enumerate(rows[1:], start=2):
            data, problems = _row_data(row, where, root)
            duplicate = data.get("number") in seen
            seen.add(data.get("number"))
            task = existing.get(data.get("number"))
            if task is not None:   # the links set on the page stay as they are
                data["projects"] = list(task.projects.all())
                data["directive_tasks"] = list(task.directive_tasks.all())
            if duplicate:
                problems.append(f"số thứ tự {data['number']} lặp lại trong tệp")
            else:
                try:
                    with transaction.atomic():
                        save_key_task(actor, data, task=task)
                except ServiceError as exc:
                    # an unknown unit is already said; the service's "not chosen" would repeat it
                    problems.extend(m for m in _messages(exc) if not (problems and m == NO_LEAD))
                else:
                    added, changed = (added + 1, changed) if task is None else (added, changed + 1)
            if problems:
                errors.append(f"Dòng {line}: " + "; ".join(p.rstrip(".") for p in problems) + ".")
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ServiceError(errors)
    return added, changed
