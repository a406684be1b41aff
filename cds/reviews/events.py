"""Audit verbs of effectiveness reviews. Collected by ``cds.audit.registry``."""
from cds.orgs.handover import summary as transfer_summary

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

SUMMARIES = {verb: transfer_summary for verb in ("review.transferred", "review.follow_up_transferred", "review.unowned")}
