"""Audit verbs of directives and their tasks. Collected by ``cds.audit.registry``."""
from cds.orgs.handover import summary as transfer_summary

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
}


SUMMARIES = {
    "directive.task_transferred": transfer_summary,
    "directive.task_unowned": transfer_summary,
}
