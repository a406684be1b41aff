"""Audit verbs of the registry, with their Vietnamese labels and one-line readings. Collected by ``cds.audit.registry``."""
from cds.text.format import vnd

from .models import Stage, State

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
    "budget.rebaseline": "Điều chỉnh tổng mức đầu tư/dự toán",
    "import.previewed": "Xem trước nhập Excel",
    "import.applied": "Nhập danh mục từ Excel",
    "import.rejected": "Nhập Excel bị từ chối",
    "export.projects_xlsx": "Xuất danh mục ra Excel",
}


def _transition(d: dict) -> str:
    states = dict(State.choices)
    text = f"{states.get(d.get('from'), d.get('from'))} → {states.get(d.get('to'), d.get('to'))}"
    if d.get("decision"):
        text += f" theo văn bản {d['decision']}"
    return text + (f". Lý do: {d['reason']}" if d.get("reason") else "")


def _budget(d: dict) -> str:
    stages = dict(Stage.choices)
    text = f"{stages.get(d.get('stage'), d.get('stage'))} năm {d.get('year')}: {vnd(d.get('amount'))}"
    return text + (f" ({d['decision']})" if d.get("decision") else "")


def _rebaseline(d: dict) -> str:
    return f"Từ {vnd(d.get('old'))} thành {vnd(d.get('new'))} theo {d.get('decision')}"


def _updated(d: dict) -> str:
    return "Sửa: " + ", ".join(d["fields"]) if d.get("fields") else ""


def _file(d: dict) -> str:
    parts = []
    if "file_name" in d:
        parts.append(f"tệp “{d['file_name']}”")
    for key, label in (("count", "số dòng"), ("rows", "số dòng"), ("errors", "số lỗi"), ("sha256", "SHA-256")):
        if key in d:
            parts.append(f"{label}: {d[key]}")
    return ", ".join(parts) or ", ".join(f"{k}: {v}" for k, v in d.items())


SUMMARIES = {
    "project.transition": _transition,
    "budget.recorded": _budget,
    "budget.rebaseline": _rebaseline,
    "project.updated": _updated,
    "import.applied": _file,
    "import.previewed": _file,
    "import.rejected": _file,
    "export.projects_xlsx": _file,
}
