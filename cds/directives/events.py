"""Audit verbs of directives and their tasks. Collected by ``cds.audit.registry``."""
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
}
