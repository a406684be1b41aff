"""Audit verbs of the registry, with their Vietnamese labels, one-line readings and the pages of
their objects. Collected by ``cds.audit.registry``."""
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from cds.audit.readings import amount, choice, day, join, quoted
from cds.text.format import num

from .models import EventKind, Group, Kind, Project, Stage, State

GROUP = "Nhiệm vụ/dự án, sổ ngân sách"

VERBS = {
    "project.created": "Tạo nhiệm vụ/dự án",
    "project.updated": "Sửa nhiệm vụ/dự án",
    "project.transition": "Chuyển trạng thái",
    "project.adjusted": "Điều chỉnh (giảm quy mô)",
    "project.checked": "Giám sát xác nhận",
    "project.document_added": "Thêm văn bản",
    "project.document_removed": "Gỡ văn bản",
    "budget.recorded": "Ghi sổ ngân sách",
    "budget.voided": "Hủy bút toán ngân sách",
    "budget.rebaseline": "Điều chỉnh tổng mức/dự toán",
    "import.previewed": "Xem trước nhập Excel",
    "import.applied": "Nhập danh mục từ Excel",
    "import.rejected": "Nhập Excel bị từ chối",
    "export.projects_xlsx": "Xuất danh mục ra Excel",
}

EXPORTS = {"export.projects_xlsx"}
READS = {"import.previewed", "import.rejected"}


def _decision(number, date=None) -> str:
    if not number:
        return ""
    return f"theo văn bản {number}" + (f" ngày {day(date)}" if date else "")


def _reason(text) -> str:
    return f"lý do: {quoted(text, 300)}" if text else ""


def _transition(d: dict) -> str:
    step = f"{choice(State, d.get('from'))} → {choice(State, d.get('to'))}"
    return join(" ".join(p for p in (step, _decision(d.get("decision"))) if p), _reason(d.get("reason")))


def _adjusted(d: dict) -> str:
    return join(_decision(d.get("decision")), _reason(d.get("reason")))


def _checked(d: dict) -> str:
    if d.get("kind") == EventKind.TRANSITION:
        step = f"bước {choice(State, d.get('from'))} → {choice(State, d.get('to'))}"
    elif d.get("kind"):
        step = f"bước “{choice(EventKind, d['kind'])}”"
    else:
        step = "một bước của tiến trình"
    if d.get("occurred_on"):
        step += f" ngày {day(d['occurred_on'])}"
    return join(f"xác nhận {step}", f"ghi chú: {quoted(d['note'], 300)}" if d.get("note") else "")


def _source(d: dict) -> str:
    return f"nguồn {d['source_name']}" if d.get("source_name") else ""


def _stage_year(stage, year) -> str:
    """"Giải ngân năm 2025", "Kế hoạch vốn năm 2025" (whose label already ends in "năm")."""
    label = choice(Stage, stage)
    return f"{label} {year}" if label.endswith(" năm") else f"{label} năm {year}"


def _budget(d: dict) -> str:
    line = f"{_stage_year(d.get('stage'), d.get('year'))}: {amount(d.get('amount'))}"
    return join(line, _source(d), _decision(d.get("decision"), d.get("decision_date")))


def _voided(d: dict) -> str:
    if d.get("stage"):
        line = f"hủy bút toán {_stage_year(d['stage'], d.get('year'))}: {amount(d.get('amount'))}"
    else:
        line = "hủy một bút toán"
    return join(line, _source(d), _decision(d.get("decision")), _reason(d.get("reason")))


def _rebaseline(d: dict) -> str:
    return join(f"từ {amount(d.get('old'))} thành {amount(d.get('new'))}", _source(d),
                _decision(d.get("decision"), d.get("decision_date")))


def _field_label(name: str) -> str:
    try:
        return str(Project._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _updated(d: dict) -> str:
    return "Sửa: " + ", ".join(_field_label(f) for f in d["fields"]) if d.get("fields") else ""


def _document(d: dict) -> str:
    return join(d.get("document", ""), _reason(d.get("reason")))


def _import(d: dict) -> str:
    parts = [f"tệp “{d['file_name']}”" if d.get("file_name") else ""]
    if "rows" in d:
        parts.append(f"{num(d['rows'])} dòng")
    if d.get("ok_rows") is not None and "rows" in d:
        parts.append(f"{num(d['ok_rows'])} dòng hợp lệ")
    if d.get("errors"):
        parts.append(f"{num(d['errors'])} lỗi")
    if "count" in d:
        parts.append(f"đã nhập {num(d['count'])} nhiệm vụ/dự án")
    if d.get("first_code"):
        parts.append(f"mã từ {d['first_code']} đến {d['last_code']}")
    if d.get("first_errors"):
        parts.append(f"lỗi đầu tiên: {quoted(d['first_errors'][0], 200)}")
    if d.get("sha256"):
        parts.append(f"mã băm SHA-256 {d['sha256'][:12]}…")
    return join(*parts)


# The list's filters as the audit log names them (ids are named at export time, in "filters_text").
FILTER_READINGS = {
    "search": lambda v: f"tìm “{v}”",
    "kind": lambda v: f"loại {choice(Kind, v)}",
    "state": lambda v: f"trạng thái {choice(State, v)}",
    "group": lambda v: choice(Group, v),
    "year": lambda v: f"năm {v}",
    "unit": lambda v: "theo đơn vị",
    "programme": lambda v: "theo chương trình",
    "funding_source": lambda v: "theo nguồn vốn",
    "regime": lambda v: "theo chế độ pháp lý",
}


def _export(d: dict) -> str:
    text = d.get("filters_text")
    if text is None:
        text = ", ".join(FILTER_READINGS[k](v) for k, v in (d.get("filters") or {}).items()
                         if k in FILTER_READINGS and v not in (None, ""))
    return join(f"{num(d.get('count', 0))} dòng", f"điều kiện lọc: {text}" if text else "không lọc")


SUMMARIES = {
    "project.transition": _transition,
    "project.adjusted": _adjusted,
    "project.checked": _checked,
    "project.document_added": _document,
    "project.document_removed": _document,
    "budget.recorded": _budget,
    "budget.voided": _voided,
    "budget.rebaseline": _rebaseline,
    "project.updated": _updated,
    "import.applied": _import,
    "import.previewed": _import,
    "import.rejected": _import,
    "export.projects_xlsx": _export,
}


def _project_page(event) -> str:
    """A project's page; a ledger event opens its trace of amounts."""
    url = reverse("projects:detail", args=[event.target_id])
    return url + "?tab=trace" if (event.verb or "").startswith("budget.") else url


LINKS = {
    "projects.project": _project_page,
    "orgs.unit": "orgs:detail",
}
