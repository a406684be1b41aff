"""Audit verbs of appraisal dossiers. Collected by ``cds.audit.registry``."""
from cds.orgs.handover import summary as transfer_summary

VERBS = {
    "appraisal.created": "Lập hồ sơ thẩm định",
    "appraisal.document": "Tải lên tài liệu hồ sơ thẩm định",
    "appraisal.submitted": "Trình thẩm định",
    "appraisal.supplement_requested": "Yêu cầu bổ sung hồ sơ",
    "appraisal.supplemented": "Nộp hồ sơ bổ sung",
    "appraisal.opinion_requested": "Xin ý kiến đơn vị",
    "appraisal.opinion_answered": "Trả lời ý kiến thẩm định",
    "appraisal.opinion_escalated": "Báo cáo lãnh đạo ý kiến quá hạn",
    "appraisal.checked": "Cập nhật kết quả kiểm tra hồ sơ",
    "appraisal.concluded": "Kết luận thẩm định",
    "appraisal.countersigned": "Giám sát xác nhận kết luận thẩm định",
    "appraisal.countersign_refused": "Giám sát không xác nhận kết luận thẩm định",
    "appraisal.returned": "Trả hồ sơ thẩm định",
    "appraisal.approved": "Phê duyệt hồ sơ thẩm định",
    "appraisal.rejected": "Không phê duyệt hồ sơ thẩm định",
    "appraisal.exported": "Tải văn bản thẩm định (Word)",
    "appraisal.opinion_transferred": "Chuyển xin ý kiến thẩm định cho đơn vị kế thừa",
    "appraisal.opinion_unowned": "Ý kiến thẩm định của đơn vị đã kết thúc hoạt động cần xin lại",
}

SUMMARIES = {verb: transfer_summary for verb in ("appraisal.opinion_transferred", "appraisal.opinion_unowned")}
