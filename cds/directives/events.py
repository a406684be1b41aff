"""Audit verbs of directives and their tasks, with their readings and pages. Collected by
``cds.audit.registry``."""
from django.urls import reverse

from cds.audit.readings import day, join, quoted
from cds.orgs.handover import summary as transfer_summary

GROUP = "Văn bản chỉ đạo, nhiệm vụ được giao"

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

READS = {"directive.extracted"}


def _directive(d: dict) -> str:
    return f"Văn bản số {d['number']}" if d.get("number") else ""


def _task_created(d: dict) -> str:
    return join(f"theo văn bản số {d['directive']}" if d.get("directive") else "",
                f"đơn vị chủ trì: {d['lead']}" if d.get("lead") else "",
                f"hạn {day(d['deadline'])}" if d.get("deadline") else "không có hạn cụ thể")


def _task_updated(d: dict) -> str:
    old, new = (d.get("deadline") or [None, None])[:2]
    if old == new:
        return "Thời hạn không đổi" if old else ""
    return f"Thời hạn: {day(old) or 'chưa có'} → {day(new) or 'không có hạn cụ thể'}"


def _task_deleted(d: dict) -> str:
    return f"Nội dung: {quoted(d['content'], 200)}" if d.get("content") else ""


def _progress(d: dict) -> str:
    return join(f"đã thực hiện {d.get('percent', 0)}%",
                "báo cáo hoàn thành" if d.get("completes") else "",
                f"kỳ báo cáo hạn {day(d['period_due'])}" if d.get("period_due") else "")


def _extension_requested(d: dict) -> str:
    return f"Đề nghị gia hạn từ {day(d.get('from'))} đến {day(d.get('to'))}"


def _extension_decided(d: dict) -> str:
    verdict = "Đồng ý" if d.get("approved") else "Không đồng ý"
    return f"{verdict} gia hạn đến {day(d.get('to'))}"


def _extracted(d: dict) -> str:
    return f"Đề xuất {d.get('proposed', 0)} nhiệm vụ"


SUMMARIES = {
    "directive.created": _directive,
    "directive.updated": _directive,
    "directive.task_created": _task_created,
    "directive.task_updated": _task_updated,
    "directive.task_deleted": _task_deleted,
    "directive.progress": _progress,
    "directive.extension_requested": _extension_requested,
    "directive.extension_decided": _extension_decided,
    "directive.extracted": _extracted,
    "directive.task_transferred": transfer_summary,
    "directive.task_unowned": transfer_summary,
}


def _task_page(event) -> str:
    """A task's page, but not for the event that deleted it."""
    return "" if event.verb == "directive.task_deleted" else reverse("directives:task", args=[event.target_id])


LINKS = {
    "directives.directive": "directives:directive",
    "directives.task": _task_page,
}
