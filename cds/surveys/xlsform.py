"""Questionnaires in and out as XLSForm (the convention of KoboToolbox and ODK).

A workbook has the sheets ``survey`` (type, name, label, hint, required, relevant, constraint,
constraint_message, appearance, parameters), ``choices`` (list_name, name, label) and
``settings`` (form_title, form_id, version). A top-level ``begin_group`` … ``end_group`` is a
section; its kind of bottleneck comes from the extra column ``cds_group`` (written on export)
or from the section's name when it is one of the five groups. A matrix is written the way
Kobo builds one: a ``begin_group`` with appearance ``table-list`` holding one ``select_one``
per row, named ``QUESTION__ROW``; such a group is read back as one matrix question.

:func:`read_xlsform` refuses, before reading everything, a file over :data:`MAX_BYTES` or a
sheet with more than :data:`MAX_SURVEY_ROWS` / :data:`MAX_CHOICE_ROWS` rows, and stops a sheet
after :data:`BLANK_RUN` blank rows in a row (pyxform's own rule, so row numbers agree). Every
problem names the sheet and the Excel row; all of them are gathered and raised together
(:class:`XLSFormError`) — nothing is half read. When our own checks pass, pyxform converts the
rows to an XForm as the spec's final word; whatever it still refuses is reported in Vietnamese
with its sheet and row.
"""
from __future__ import annotations

import io
import logging
import re
import time
import zipfile
import zlib

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.uploads import MAX_XLSX_RATIO
from cds.text.chars import scrub
from cds.text.format import num

from . import expr
from .models import CHOICE_TYPES, FormVersion, GroupKind, QuestionType
from .permissions import can_manage
from .services.forms import NAME_RE, definition_of, definition_problems, save_definition, update_version

log = logging.getLogger("cds.surveys")

MAX_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED = 16 * 1024 * 1024   # a form of 2.000 rows is well under 1 MB unpacked
MAX_SURVEY_ROWS = 2000
MAX_CHOICE_ROWS = 5000
MAX_SETTINGS_ROWS = 20
MAX_COLUMNS = 60
BLANK_RUN = 60
MAX_SECONDS = 20
MAX_CELL = 5000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                  "appearance", "parameters", "cds_group"]
CHOICE_COLUMNS = ["list_name", "name", "label"]
SECTION_GROUPS = {"phap_ly": GroupKind.LEGAL, "ha_tang": GroupKind.INFRASTRUCTURE, "du_lieu": GroupKind.DATA,
                  "an_ninh": GroupKind.SECURITY, "nguon_luc": GroupKind.RESOURCES}
SIMPLE_TYPES = {"integer": QuestionType.INTEGER, "int": QuestionType.INTEGER, "decimal": QuestionType.DECIMAL,
                "date": QuestionType.DATE, "text": QuestionType.TEXT, "string": QuestionType.TEXT,
                "file": QuestionType.FILE, "note": QuestionType.NOTE}
# Rows that collect nothing from the person answering (Kobo adds some to every form): skipped.
META_TYPES = {"start", "end", "today", "deviceid", "phonenumber", "username", "email", "simserial",
              "subscriberid", "audit", "start-geopoint", "background-audio"}
OTHER_XLSFORM_TYPES = {"begin_repeat", "end_repeat", "begin repeat", "end repeat", "calculate", "hidden",
                       "select_one_from_file", "select_multiple_from_file", "rank", "trigger", "acknowledge",
                       "xml-external", "csv-external", "geopoint", "geotrace", "geoshape", "image", "audio",
                       "video", "barcode", "time", "datetime", "begin_loop", "end_loop"}
TRUE_WORDS = {"yes", "true", "1", "true()", "có", "co"}
FALSE_WORDS = {"", "no", "false", "0", "false()", "không", "khong"}
RANGE_DEFAULTS = {"start": 1, "end": 10, "step": 1}


class XLSFormError(ServiceError):
    """The workbook was refused; ``messages`` lists every problem (sheet, row, what)."""

    def __init__(self, messages):
        super().__init__(list(messages) if isinstance(messages, (list, tuple)) else [messages])


# ------------------------------------------------------------------------------ reading the file


def _bytes_of(fileobj) -> bytes:
    if isinstance(fileobj, (bytes, bytearray)):
        data = bytes(fileobj)
    else:
        size = getattr(fileobj, "size", None)
        if size is not None and size > MAX_BYTES:
            raise XLSFormError(_too_big())
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        data = fileobj.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise XLSFormError(_too_big())
    if not data:
        raise XLSFormError("Tệp rỗng.")
    return data


def _too_big() -> str:
    return f"Tệp XLSForm quá lớn; dung lượng tối đa là {MAX_BYTES // 1024 // 1024} MB."


NOT_XLSX = "Tệp “{name}” không phải bảng tính Excel .xlsx hợp lệ (XLSForm cần định dạng .xlsx)."


def _check_package(data: bytes, file_name: str) -> None:
    """A real .xlsx package, its parts of sane declared sizes (no zip bomb), before openpyxl."""
    name = file_name or "tải lên"
    if file_name and not file_name.lower().endswith(".xlsx"):
        raise XLSFormError(NOT_XLSX.format(name=name))
    if not data.startswith(b"PK\x03\x04"):
        raise XLSFormError(NOT_XLSX.format(name=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        raise XLSFormError(f"Tệp “{name}” bị hỏng, không đọc được.") from None
    names = {i.filename for i in infos}
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise XLSFormError(NOT_XLSX.format(name=name))
    if total > MAX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise XLSFormError(f"Tệp “{name}” có dung lượng giải nén bất thường (nghi ngờ tệp nén độc hại), đã từ chối.")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:MAX_CELL]


class _Sheet:
    """One sheet read row by row: ``header`` (column → index) and ``rows`` [(Excel row, {column: text})]
    with blank rows kept as empty dicts (pyxform counts them too)."""

    def __init__(self, title: str, header: list[str], rows: list[tuple[int, dict]]):
        self.title, self.header, self.rows = title, header, rows

    def data_rows(self):
        return [(n, r) for n, r in self.rows if r]


def _header_names(values) -> list[str]:
    return [_cell(v) for v in values]


def _pick(header: list[str], column: str) -> int | None:
    """Index of ``column`` (or its first ``column::language`` variant) in the header."""
    lowered = [h.lower() for h in header]
    if column in lowered:
        return lowered.index(column)
    for i, h in enumerate(lowered):
        if h.startswith(column + "::"):
            return i
    return None


def _read_sheet(ws, title: str, columns: list[str], limit: int, deadline: float) -> _Sheet:
    rows_iter = ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    try:
        header = _header_names(next(rows_iter, ()) or ())
    except Exception as exc:  # noqa: BLE001 - lxml/zip/openpyxl failures alike
        raise XLSFormError(f"Sheet “{title}”: không đọc được nội dung (tệp bị hỏng).") from exc
    where = {c: _pick(header, c) for c in columns}
    if title == CHOICES and where.get("list_name") is None:
        where["list_name"] = _pick(header, "list name")
    rows, blank, counted, number = [], 0, 0, 1
    while True:
        if time.monotonic() > deadline:
            raise XLSFormError(f"Đọc tệp mất quá {MAX_SECONDS} giây nên đã dừng; hãy xóa các dòng, sheet thừa.")
        try:
            values = next(rows_iter)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001
            raise XLSFormError(f"Sheet “{title}”, dòng {number + 1}: không đọc được nội dung (tệp bị hỏng).") from exc
        number += 1
        row = {c: _cell(values[i]) for c, i in where.items() if i is not None and i < len(values)}
        row = {c: v for c, v in row.items() if v}
        if not row:
            blank += 1
            if blank > BLANK_RUN:
                break
            rows.append((number, {}))
            continue
        blank = 0
        counted += 1
        if counted > limit:
            raise XLSFormError(f"Sheet “{title}” có hơn {num(limit)} dòng; biểu mẫu quá lớn để nhập một lần.")
        rows.append((number, row))
    while rows and not rows[-1][1]:
        rows.pop()
    return _Sheet(title, header, rows)


def _open(data: bytes, file_name: str):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the same to the user
        raise XLSFormError(f"Không đọc được tệp “{file_name or 'tải lên'}” (tệp bị hỏng hoặc không phải .xlsx).") \
            from exc


def _sheets(data: bytes, file_name: str) -> dict[str, _Sheet]:
    deadline = time.monotonic() + MAX_SECONDS
    wb = _open(data, file_name)
    try:
        by_title = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        if SURVEY not in by_title:
            raise XLSFormError("Tệp thiếu sheet “survey” (danh sách câu hỏi theo quy chuẩn XLSForm).")
        out = {SURVEY: _read_sheet(by_title[SURVEY], SURVEY, SURVEY_COLUMNS, MAX_SURVEY_ROWS, deadline)}
        if CHOICES in by_title:
            out[CHOICES] = _read_sheet(by_title[CHOICES], CHOICES, CHOICE_COLUMNS, MAX_CHOICE_ROWS, deadline)
        if SETTINGS in by_title:
            out[SETTINGS] = _read_sheet(by_title[SETTINGS], SETTINGS, ["form_title", "form_id", "version"],
                                        MAX_SETTINGS_ROWS, deadline)
        return out
    finally:
        wb.close()


# ------------------------------------------------------------------------------ rows → definition


def _where(sheet: str, row: int) -> str:
    return f"Sheet “{sheet}”, dòng {row}"


def _is_true(value: str) -> bool | None:
    v = value.strip().lower()
    if v in TRUE_WORDS:
        return True
    if v in FALSE_WORDS:
        return False
    return None


def _range_ends(parameters: str) -> tuple[int, int, str | None]:
    values = dict(RANGE_DEFAULTS)
    for part in re.split(r"[\s;,]+", parameters.strip()):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = key.strip().lower()
        if key not in values:
            return 0, 0, f"tham số “{part}” của range không hợp lệ (dùng start=… end=… step=1)"
        try:
            values[key] = int(float(value))
        except ValueError:
            return 0, 0, f"tham số {key} của range phải là số nguyên"
    if values["step"] != 1:
        return 0, 0, "thang điểm chỉ hỗ trợ bước 1 (step=1)"
    if values["start"] >= values["end"] or values["end"] - values["start"] > 100:
        return 0, 0, "range cần start nhỏ hơn end (tối đa 100 bậc)"
    return values["start"], values["end"], None


class _Reader:
    """Turns the rows of the three sheets into a definition, gathering every problem."""

    def __init__(self, sheets: dict[str, _Sheet]):
        self.sheets = sheets
        self.errors: list[str] = []
        self.sections: list[dict] = []
        self.questions: list[dict] = []
        self.rows_of: dict[str, int] = {}      # question/section name → its Excel row
        self.expressions: list[tuple[int, str, str, str]] = []  # (row, field label, text, owner)
        self.list_uses: list[tuple[int, str, str]] = []         # (row, question name, list name)

    def error(self, row: int, message: str, sheet: str = SURVEY) -> None:
        self.errors.append(f"{_where(sheet, row)}: {message}")

    # --- names, types
    def _name(self, row: int, name: str, what: str) -> bool:
        if not name:
            self.error(row, f"{what} thiếu tên (cột name).")
            return False
        if not NAME_RE.match(name):
            self.error(row, f"tên “{name}” không hợp lệ (chữ không dấu, số, gạch dưới; bắt đầu bằng chữ).")
            return False
        if name in self.rows_of:
            self.error(row, f"tên “{name}” bị trùng với dòng {self.rows_of[name]}.")
            return False
        self.rows_of[name] = row
        return True

    def _type(self, row: int, raw: str) -> tuple[str | None, str]:
        """(our type or a structure word, list name) of a type cell; None after reporting."""
        text = " ".join(raw.split())
        lowered = text.lower()
        if lowered in ("begin_group", "begin group"):
            return "begin_group", ""
        if lowered in ("end_group", "end group"):
            return "end_group", ""
        parts = text.split(" ")
        base = parts[0].lower()
        if base in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            if len(parts) < 2 or len(parts) > 3 or (len(parts) == 3 and parts[2].lower() != "or_other"):
                self.error(row, f"loại “{text}” cần đúng một tên danh sách lựa chọn (ví dụ: {base} co_khong).")
                return None, ""
            return base, parts[1]
        if lowered == "range":
            return QuestionType.SCALE, ""
        if lowered in SIMPLE_TYPES:
            return SIMPLE_TYPES[lowered], ""
        if lowered in META_TYPES:
            return "meta", ""
        if lowered in OTHER_XLSFORM_TYPES or _pyxform_knows(lowered):
            self.error(row, f"loại câu hỏi “{text}” không được hỗ trợ.")
        else:
            self.error(row, f"loại câu hỏi “{text}” không có trong quy chuẩn XLSForm.")
        return None, ""

    # --- one question row
    def _question(self, row: int, cells: dict, qtype: str, list_name: str, section: str | None) -> dict | None:
        name = cells.get("name", "")
        ok = self._name(row, name, "Câu hỏi")
        label = cells.get("label", "")
        if not label:
            self.error(row, f"câu hỏi “{name}” chưa có nội dung (cột label).")
        required = _is_true(cells.get("required", ""))
        if required is None:
            self.error(row, f"giá trị required “{cells['required']}” không hợp lệ (dùng yes hoặc no).")
        q = {"name": name, "type": qtype, "label": label, "hint": cells.get("hint", ""), "required": bool(required),
             "relevant": cells.get("relevant", ""), "constraint": cells.get("constraint", ""),
             "constraint_message": cells.get("constraint_message", ""), "list_name": list_name, "rows": [],
             "scale_min": None, "scale_max": None, "section": section}
        if qtype == QuestionType.SCALE:
            lo, hi, problem = _range_ends(cells.get("parameters", ""))
            if problem:
                self.error(row, f"câu hỏi “{name}”: {problem}.")
            q["scale_min"], q["scale_max"] = lo, hi
        if list_name:
            self.list_uses.append((row, name, list_name))
        self._expressions(row, cells, name)
        return q if ok else None

    def _expressions(self, row: int, cells: dict, owner: str) -> None:
        for field, label in (("relevant", "điều kiện hiển thị (relevant)"), ("constraint", "ràng buộc (constraint)")):
            if cells.get(field):
                self.expressions.append((row, label, cells[field], owner))

    # --- groups
    def _matrix(self, row: int, cells: dict, children: list[tuple[int, dict, str, str]],
                section: str | None) -> dict | None:
        """A table-list group of select_one rows of one list, as one matrix question."""
        name = cells.get("name", "")
        list_names = {ln for _, _, _, ln in children}
        ok = self._name(row, name, "Bảng")
        if not cells.get("label"):
            self.error(row, f"bảng “{name}” chưa có nội dung câu hỏi (cột label).")
        rows_out, required = [], False
        for child_row, child, _, _ in children:
            child_name = child.get("name", "")
            row_name = child_name[len(name) + 2:] if child_name.startswith(name + "__") else child_name
            if not row_name or not NAME_RE.match(row_name) or row_name in {r["name"] for r in rows_out}:
                self.error(child_row, f"hàng “{child_name}” của bảng “{name}” thiếu tên, tên không hợp lệ hoặc bị trùng.")
            if not child.get("label"):
                self.error(child_row, f"hàng “{child_name}” của bảng “{name}” chưa có nhãn (cột label).")
            required = required or bool(_is_true(child.get("required", "")))
            rows_out.append({"name": row_name, "label": child.get("label", "")})
        list_name = next(iter(list_names))
        self.list_uses.append((row, name, list_name))
        self._expressions(row, cells, name)
        q = {"name": name, "type": QuestionType.MATRIX, "label": cells.get("label", ""), "hint": cells.get("hint", ""),
             "required": required, "relevant": cells.get("relevant", ""), "constraint": "", "constraint_message": "",
             "list_name": list_name, "rows": rows_out, "scale_min": None, "scale_max": None, "section": section}
        return q if ok else None

    def _section(self, row: int, cells: dict) -> str | None:
        name = cells.get("name", "")
        if not self._name(row, name, "Nhóm"):
            return name or None
        group = (cells.get("cds_group") or "").strip().lower()
        if group and group not in GroupKind.values:
            self.error(row, f"giá trị cds_group “{group}” không hợp lệ (dùng: {', '.join(GroupKind.values)}).")
        kind = group if group in GroupKind.values else SECTION_GROUPS.get(name, GroupKind.OTHER)
        self._expressions(row, {"relevant": cells.get("relevant", "")}, name)
        self.sections.append({"name": name, "label": cells.get("label") or name, "group": kind,
                              "relevant": cells.get("relevant", "")})
        return name

    # --- the survey sheet
    def survey(self) -> None:
        items = self._items()
        stack: list[tuple[int, dict, list]] = []   # open groups: (row, cells, children)
        top: list = []
        for item in items:
            row, cells, kind, _ = item
            if kind == "begin_group":
                stack.append((row, cells, []))
                continue
            if kind == "end_group":
                if not stack:
                    self.error(row, "end_group thừa (không có nhóm nào đang mở).")
                    continue
                group = stack.pop()
                (stack[-1][2] if stack else top).append(("group", group))
                continue
            (stack[-1][2] if stack else top).append(("item", item))
        for row, cells, _ in stack:
            self.error(row, f"nhóm “{cells.get('name', '')}” mở ở dòng này chưa được đóng (thiếu end_group).")
        self._place(top, None, depth=0)

    def _items(self) -> list[tuple[int, dict, str, str]]:
        out = []
        for row, cells in self.sheets[SURVEY].data_rows():
            raw = cells.get("type", "")
            if not raw:
                if cells.get("name") or cells.get("label"):
                    self.error(row, "thiếu loại câu hỏi (cột type).")
                continue
            kind, list_name = self._type(row, raw)
            if kind and kind != "meta":
                out.append((row, cells, kind, list_name))
        return out

    @staticmethod
    def _is_matrix(cells: dict, children: list) -> bool:
        if "table-list" not in (cells.get("appearance") or "").lower().split():
            return False
        items = [c for kind, c in children if kind == "item"]
        return (bool(items) and len(items) == len(children)
                and all(c[2] == QuestionType.SELECT_ONE for c in items) and len({c[3] for c in items}) == 1)

    def _place(self, entries: list, section: str | None, depth: int) -> None:
        for kind, entry in entries:
            if kind == "item":
                row, cells, qtype, list_name = entry
                q = self._question(row, cells, qtype, list_name, section)
                if q:
                    self.questions.append(q)
                continue
            row, cells, children = entry
            if self._is_matrix(cells, children):
                q = self._matrix(row, cells, [c for _, c in children], section)
                if q:
                    self.questions.append(q)
            elif depth == 0:
                self._place(children, self._section(row, cells), depth + 1)
            else:
                self.error(row, f"nhóm “{cells.get('name', '')}” lồng trong một nhóm khác: chỉ hỗ trợ nhóm lồng là "
                                "bảng (appearance table-list gồm các câu select_one cùng một danh sách).")

    # --- choices, references, settings
    def choices(self) -> list[dict]:
        sheet = self.sheets.get(CHOICES)
        if sheet is None:
            if self.list_uses:
                row, name, list_name = self.list_uses[0]
                self.errors.append(f"Tệp thiếu sheet “choices”: câu hỏi “{name}” ({_where(SURVEY, row).lower()}) "
                                   f"dùng danh sách lựa chọn “{list_name}”.")
            return []
        out, seen = [], {}
        for row, cells in sheet.data_rows():
            list_name, name = cells.get("list_name", ""), cells.get("name", "")
            if not list_name:
                self.error(row, "thiếu tên danh sách (cột list_name).", CHOICES)
                continue
            if not name:
                self.error(row, f"lựa chọn của danh sách “{list_name}” thiếu mã (cột name).", CHOICES)
                continue
            if (list_name, name) in seen:
                self.error(row, f"lựa chọn “{name}” của danh sách “{list_name}” bị trùng với dòng "
                                f"{seen[(list_name, name)]}.", CHOICES)
                continue
            if not cells.get("label"):
                self.error(row, f"lựa chọn “{name}” của danh sách “{list_name}” chưa có nhãn (cột label).", CHOICES)
            seen[(list_name, name)] = row
            out.append({"list_name": list_name, "name": name, "label": cells.get("label", "")})
        lists = {c["list_name"] for c in out}
        for row, name, list_name in self.list_uses:
            if list_name not in lists:
                self.error(row, f"câu hỏi “{name}” dùng danh sách lựa chọn “{list_name}” không có trong sheet choices.")
        return out

    def references(self) -> None:
        known = {q["name"] for q in self.questions}
        for row, label, text, owner in self.expressions:
            for problem in expr.check(text, known):
                self.error(row, f"{label} của “{owner}” lỗi — {problem}.")

    def settings(self) -> dict:
        sheet = self.sheets.get(SETTINGS)
        cells = sheet.data_rows()[0][1] if sheet and sheet.data_rows() else {}
        return {"title": cells.get("form_title", ""), "form_id": cells.get("form_id", ""),
                "version_label": cells.get("version", "")}


def _pyxform_knows(type_name: str) -> bool:
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    return type_name in QUESTION_TYPE_DICT


# ------------------------------------------------------------------------------ pyxform


_PYX_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_PYX_SHEET = re.compile(r"'(survey|choices|settings)' sheet", re.IGNORECASE)


def _pyxform_rows(sheet: _Sheet | None) -> tuple[list[dict], list[dict]]:
    if sheet is None:
        return [], []
    header = [h for h in sheet.header if h]
    # pyxform numbers rows from the header (row 1) like Excel; the rows keep the blank ones.
    rows = []
    expected = 2
    for number, cells in sheet.rows:
        rows.extend({} for _ in range(number - expected))
        expected = number + 1
        rows.append({_raw_column(sheet, c): v for c, v in cells.items()})
    return rows, ([{h: None for h in header}] if header else [])


def _raw_column(sheet: _Sheet, column: str) -> str:
    i = _pick(sheet.header, column)
    if i is None and column == "list_name":
        i = _pick(sheet.header, "list name")
    return sheet.header[i] if i is not None else column


def _pyxform_problems(sheets: dict[str, _Sheet], file_name: str) -> list[str]:
    """What pyxform (the reference XLSForm converter) still refuses, in Vietnamese with sheet and row."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    data = {}
    for key in (SURVEY, CHOICES, SETTINGS):
        rows, header = _pyxform_rows(sheets.get(key))
        if rows or header:
            data[key], data[f"{key}_header"] = rows, header
    data["sheet_names"] = list(data_key for data_key in (SURVEY, CHOICES, SETTINGS) if data_key in data)
    data["fallback_form_name"] = "data"
    try:
        convert(xlsform=data, warnings=[])
    except PyXFormError as exc:
        text = str(exc)
        log.info("pyxform refused %s: %s", file_name, text)
        row = _PYX_ROW.search(text)
        sheet = _PYX_SHEET.search(text)
        where = f"Sheet “{(sheet.group(1).lower() if sheet else SURVEY)}”" + (f", dòng {row.group(1)}" if row else "")
        return [f"{where}: nội dung không đúng quy chuẩn XLSForm (bộ kiểm tra pyxform từ chối: "
                f"{_pyxform_reason(text)})."]
    except Exception:  # noqa: BLE001 - the converter's own failure must not refuse a form we read
        log.exception("pyxform failed on %s", file_name)
    return []


_PYX_REASONS = [
    (re.compile(r"label", re.I), "thiếu hoặc sai nhãn"),
    (re.compile(r"name", re.I), "tên không hợp lệ"),
    (re.compile(r"choice|list", re.I), "danh sách lựa chọn không hợp lệ"),
    (re.compile(r"group|repeat", re.I), "cấu trúc nhóm không hợp lệ"),
    (re.compile(r"parameter", re.I), "tham số không hợp lệ"),
]


def _pyxform_reason(text: str) -> str:
    for pattern, reason in _PYX_REASONS:
        if pattern.search(text):
            return reason
    return "cấu trúc biểu mẫu không hợp lệ"


# ------------------------------------------------------------------------------ public


_POSITION = re.compile(r"^Sheet “(\w+)”, dòng (\d+):")


def _position(message: str) -> tuple[int, int]:
    """Messages in the order of the workbook: survey, then choices, each by row."""
    m = _POSITION.match(message)
    if not m:
        return (9, 0)
    return ((SURVEY, CHOICES, SETTINGS).index(m.group(1)) if m.group(1) in (SURVEY, CHOICES, SETTINGS) else 9,
            int(m.group(2)))


def read_xlsform(fileobj, file_name: str = "") -> dict:
    """The definition (see :mod:`cds.surveys.services.forms`) of an XLSForm workbook; raises
    :class:`XLSFormError` with every problem, each naming sheet and row."""
    data = _bytes_of(fileobj)
    _check_package(data, file_name)
    sheets = _sheets(data, file_name)
    header = [h.lower() for h in sheets[SURVEY].header]
    missing = [c for c in ("type", "name") if c not in header]
    if _pick(sheets[SURVEY].header, "label") is None:
        missing.append("label")
    if missing:
        raise XLSFormError(f"{_where(SURVEY, 1)}: thiếu cột {', '.join(missing)} trong dòng tiêu đề.")
    reader = _Reader(sheets)
    reader.survey()
    choices = reader.choices()
    reader.references()
    definition = dict(reader.settings(), sections=reader.sections, questions=reader.questions, choices=choices)
    if not definition["title"]:
        definition["title"] = (file_name.rsplit(".", 1)[0] if file_name else "") or "Bộ câu hỏi khảo sát"
    if not definition["form_id"] or not NAME_RE.match(definition["form_id"]):
        definition["form_id"] = "khao_sat"
    if reader.errors:
        raise XLSFormError(sorted(reader.errors, key=_position))
    problems = definition_problems(definition)
    if problems:
        raise XLSFormError([f"Sheet “survey”: {p}" for p in problems])
    problems = _pyxform_problems(sheets, file_name)
    if problems:
        raise XLSFormError(problems)
    return definition


# ------------------------------------------------------------------------------ writing


def _type_cell(q: dict) -> str:
    if q["type"] in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
        return f"{q['type']} {q['list_name']}"
    if q["type"] == QuestionType.SCALE:
        return "range"
    return str(q["type"])


def _question_rows(q: dict) -> list[dict]:
    required = "yes" if q.get("required") else ""
    if q["type"] == QuestionType.MATRIX:
        rows = [{"type": "begin_group", "name": q["name"], "label": q["label"], "hint": q.get("hint") or "",
                 "relevant": q.get("relevant") or "", "appearance": "table-list"}]
        rows += [{"type": f"select_one {q['list_name']}", "name": f"{q['name']}__{r['name']}", "label": r["label"],
                  "required": required} for r in q.get("rows") or []]
        return rows + [{"type": "end_group", "name": q["name"]}]
    row = {"type": _type_cell(q), "name": q["name"], "label": q["label"], "hint": q.get("hint") or "",
           "required": required, "relevant": q.get("relevant") or "", "constraint": q.get("constraint") or "",
           "constraint_message": q.get("constraint_message") or ""}
    if q["type"] == QuestionType.SCALE:
        row["parameters"] = f"start={q['scale_min']} end={q['scale_max']} step=1"
    return [row]


def _survey_rows(definition: dict) -> list[dict]:
    """Questions without a section first, then each section with its questions, in order."""
    rows = []
    by_section: dict[str | None, list[dict]] = {}
    for q in definition.get("questions") or []:
        by_section.setdefault(q.get("section"), []).append(q)
    for q in by_section.get(None, []):
        rows += _question_rows(q)
    for s in definition.get("sections") or []:
        rows.append({"type": "begin_group", "name": s["name"], "label": s.get("label") or s["name"],
                     "relevant": s.get("relevant") or "", "cds_group": s.get("group") or GroupKind.OTHER})
        for q in by_section.get(s["name"], []):
            rows += _question_rows(q)
        rows.append({"type": "end_group", "name": s["name"]})
    return rows


def write_definition(definition: dict) -> io.BytesIO:
    """An .xlsx XLSForm workbook of ``definition``."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=False)
    survey = wb.active
    survey.title = SURVEY
    sheets = [(survey, SURVEY_COLUMNS, _survey_rows(definition)),
              (wb.create_sheet(CHOICES), CHOICE_COLUMNS, definition.get("choices") or []),
              (wb.create_sheet(SETTINGS), ["form_title", "form_id", "version"],
               [{"form_title": definition.get("title") or "", "form_id": definition.get("form_id") or "",
                 "version": definition.get("version_label") or ""}])]
    for ws, columns, rows in sheets:
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([row.get(c) or None for c in columns])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":   # a text beginning with "=" stays text, never a formula
                    cell.data_type = "s"
        for i, column in enumerate(columns):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = 40 if column == "label" else 18
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def write_xlsform(form_version: FormVersion) -> io.BytesIO:
    """The XLSForm workbook of a stored version (sections, questions, choices, settings)."""
    return write_definition(definition_of(form_version))


def file_name_of(form_version: FormVersion) -> str:
    stem = form_version.form_id or "khao_sat"
    return f"{stem}-v{form_version.number}.xlsx"


# ------------------------------------------------------------------------------ entry points


def _reject(actor, file_name: str, exc: XLSFormError, target=None) -> None:
    record_event(actor, "survey.form_rejected", target,
                 data={"file_name": file_name[-255:], "errors": len(exc.messages), "first_errors": exc.messages[:3]})


def import_form(actor, fileobj, file_name: str = "", *, root_unit=None) -> FormVersion:
    """A new questionnaire (draft version 1) from an XLSForm upload. Refused whole, with every
    problem, when the workbook is not a valid form (the refusal is recorded, nothing else)."""
    if not can_manage(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được nhập bộ câu hỏi khảo sát.")
    file_name = scrub(file_name or "")
    try:
        definition = read_xlsform(fileobj, file_name)
    except XLSFormError as exc:
        _reject(actor, file_name, exc)
        raise
    with transaction.atomic():
        fv = save_definition(actor, definition, root_unit=root_unit, source_name=file_name)
        record_event(actor, "survey.form_imported", fv,
                     data={"file_name": file_name[-255:], "questions": len(definition["questions"])})
    return fv


def replace_form(actor, fv: FormVersion, fileobj, file_name: str = "", *, version=None) -> FormVersion:
    """A draft version's content replaced by an XLSForm upload (refused once published)."""
    if not can_manage(actor):
        raise PermissionDenied("Chỉ cơ quan chuyên trách CĐS được sửa bộ câu hỏi khảo sát.")
    if fv.is_published:
        raise ServiceError("Phiên bản đã ban hành không được sửa; hãy tạo phiên bản mới.")
    file_name = scrub(file_name or "")
    try:
        definition = read_xlsform(fileobj, file_name)
    except XLSFormError as exc:
        _reject(actor, file_name, exc, fv)
        raise
    with transaction.atomic():
        fv = update_version(actor, fv, definition, version=version, source_name=file_name)
        record_event(actor, "survey.form_imported", fv,
                     data={"file_name": file_name[-255:], "questions": len(definition["questions"])})
    return fv


def export_form(actor, fv: FormVersion) -> io.BytesIO:
    """The XLSForm of a version the caller has already fetched through its scope; recorded."""
    stream = write_xlsform(fv)
    record_event(actor, "survey.form_exported", fv, data={"title": fv.title, "number": fv.number})
    return stream


__all__ = ["read_xlsform", "write_xlsform", "write_definition", "file_name_of", "import_form", "replace_form",
           "export_form", "XLSFormError", "MAX_BYTES", "MAX_SURVEY_ROWS", "MAX_CHOICE_ROWS", "XLSX_CONTENT_TYPE",
           "CHOICE_TYPES"]
