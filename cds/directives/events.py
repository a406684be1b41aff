"""Audit verbs of directives and their tasks. Collected by ``cds.audit.registry``."""
from cds.orgs.handover import summary as transfer_summary

from .selectors import STATUS_FILTERS

VERBS = {
    "directive.created": "Nhập văn bản chỉ đạo",
    "directive.updated": "Sửa văn bản chỉ đạo",
    "directive.task_created": "Giao nhiệm vụ",
    "directive.task_updated": "Sửa nhiệm vụ được giao",
    "directive.task_deleted": "Xóa nhiệm vụ được giao",
    "directive.progress": "Báo cáo tiến độ nhiệm vụ",
    "directive.extension_requested": "Đề nghị gia hạn nhiệm vụ",
    "directive.extension_decided": "Quyết định gia hạn nhiệm vụ",
    "directive.extracted": "Trích xuất nhiệm vụ từ văn bản",
    "directive.task_transferred": "Chuyển giao nhiệm vụ của đơn vị đã kết thúc hoạt động",
    "directive.task_unowned": "Nhiệm vụ của đơn vị đã kết thúc hoạt động cần giao lại",
    "export.directive_tasks_xlsx": "Xuất danh sách nhiệm vụ được giao ra Excel",
}


def _export(d: dict) -> str:
    filters = d.get("filters") or {}
    words = [f"{d.get('count', 0)} nhiệm vụ"]
    if filters.get("status"):
        words.append(f"trạng thái {STATUS_FILTERS.get(filters['status'], filters['status'])}")
    if filters.get("year"):
        words.append(f"thời hạn trong năm {filters['year']}")
    if filters.get("q"):
        words.append(f"tìm “{filters['q']}”")
    if filters.get("unit"):
        words.append("theo một đơn vị chủ trì")
    if filters.get("directive"):
        words.append("theo một văn bản")
    return ", ".join(words)


SUMMARIES = {
    "directive.task_transferred": transfer_summary,
    "directive.task_unowned": transfer_summary,
    "export.directive_tasks_xlsx": _export,
}
