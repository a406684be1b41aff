"""Audit verbs of effectiveness reviews, with their readings and pages. Collected by
``cds.audit.registry``."""
from cds.audit.readings import choice, join, quoted
from cds.orgs.handover import summary as transfer_summary
from cds.text.format import format_number, num

from .models import Decision, Rating

GROUP = "Đánh giá hiệu quả"

VERBS = {
    "review.campaign_created": "Lập đợt đánh giá hiệu quả",
    "review.campaign_opened": "Mở đợt đánh giá hiệu quả",
    "review.campaign_closed": "Kết thúc đợt đánh giá hiệu quả",
    "review.saved": "Nhập báo cáo đánh giá",
    "review.submitted": "Gửi báo cáo đánh giá",
    "review.returned": "Trả lại báo cáo đánh giá",
    "review.assessed": "Thẩm tra, đánh giá",
    "review.decided": "Quyết định sau đánh giá",
    "review.issue_answered": "Trả lời kiến nghị",
    "review.evidence_added": "Đính kèm minh chứng",
    "review.follow_up_done": "Hoàn thành việc sau đánh giá",
    "export.review_report": "Tải báo cáo tổng hợp đánh giá hiệu quả (Word, Excel)",
    "review.transferred": "Chuyển báo cáo đánh giá của đơn vị đã kết thúc hoạt động",
    "review.follow_up_transferred": "Chuyển việc sau đánh giá của đơn vị đã kết thúc hoạt động",
    "review.unowned": "Báo cáo đánh giá của đơn vị đã kết thúc hoạt động cần giao lại",
}

EXPORTS = {"export.review_report"}


def _basis(d: dict) -> str:
    return f"Căn cứ văn bản số {d['basis']}" if d.get("basis") else ""


def _opened(d: dict) -> str:
    return f"Tạo {num(d.get('reviews', 0))} báo cáo đánh giá cho các đơn vị"


def _submitted(d: dict) -> str:
    return "Gửi quá hạn" if d.get("late") else "Gửi đúng hạn"


def _returned(d: dict) -> str:
    return f"Lý do trả lại: {quoted(d['comment'], 300)}" if d.get("comment") else ""


def _assessed(d: dict) -> str:
    return join(f"đánh giá: {choice(Rating, d.get('rating'))}" if d.get("rating") else "",
                f"đề xuất: {choice(Decision, d.get('proposal'))}" if d.get("proposal") else "")


def _decided(d: dict) -> str:
    return join(f"quyết định: {choice(Decision, d.get('decision'))}",
                f"theo văn bản số {d['number']}" if d.get("number") else "")


def _evidence(d: dict) -> str:
    return f"Tệp “{d['file']}”" if d.get("file") else ""


FORMATS = {"docx": "Word", "xlsx": "Excel"}


def _report(d: dict) -> str:
    size = d.get("bytes")
    return join(f"định dạng {FORMATS.get(d.get('format'), d.get('format') or '')}".strip(),
                f"dung lượng {format_number(size / 1024, 0)} KB" if size else "",
                f"lập trong {format_number(d['seconds'], 1)} giây" if d.get("seconds") is not None else "")


SUMMARIES = {
    "review.campaign_created": _basis,
    "review.campaign_opened": _opened,
    "review.saved": lambda d: "",
    "review.submitted": _submitted,
    "review.returned": _returned,
    "review.assessed": _assessed,
    "review.decided": _decided,
    "review.issue_answered": lambda d: "",
    "review.evidence_added": _evidence,
    "review.follow_up_done": lambda d: "",
    "export.review_report": _report,
    "review.transferred": transfer_summary,
    "review.follow_up_transferred": transfer_summary,
    "review.unowned": transfer_summary,
}

LINKS = {"reviews.campaign": "reviews:campaign", "reviews.review": "reviews:review"}
