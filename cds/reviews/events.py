"""Audit verbs of effectiveness reviews. Collected by ``cds.audit.registry``."""
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
}
