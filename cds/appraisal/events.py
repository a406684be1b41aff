"""Audit verbs of appraisal dossiers, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import choice, clip, day, join
from cds.orgs.handover import summary as transfer_summary

from .models import Conclusion, DocKind
from .services import DECISIONS

GROUP = "Thẩm định hồ sơ"

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

EXPORTS = {"appraisal.exported"}
LINKS = {"appraisal.dossier": "appraisal:dossier"}


EXPORTED = {"report": "báo cáo kết quả thẩm định", "decision": "dự thảo quyết định phê duyệt"}


def _details(d: dict) -> str:
    """What an event recorded before the timeline's words were kept says, in words."""
    if "document" in d and "version" in d:
        return f"{choice(DocKind, d['document'])}, bản {d['version']}"
    if "document" in d:
        return f"tải {EXPORTED.get(d['document'], 'văn bản')}"
    if "late" in d:
        return f"{d.get('unit', 'đơn vị')} trả lời {'quá hạn' if d['late'] else 'đúng hạn'}"
    if "late_working_days" in d:
        text = f"ý kiến của {d.get('unit', 'đơn vị')} quá hạn {d['late_working_days']} ngày làm việc"
        return text + ("; hệ thống tự động báo cáo lãnh đạo" if d.get("automatic") else "")
    if "unit" in d:
        return f"xin ý kiến {d['unit']}, hạn {day(d.get('due'))}"
    if "due" in d:
        return f"hạn thẩm định {day(d['due'])}"
    if "changed" in d:
        return f"cập nhật {d['changed']} mục kiểm tra"
    if "conclusion" in d:
        return choice(Conclusion, d["conclusion"])
    if "decision" in d:
        return DECISIONS.get(d["decision"], d["decision"])
    return ""


def _dossier(d: dict) -> str:
    head = f"Hồ sơ {d['dossier']}" if d.get("dossier") else ""
    if d.get("note"):
        body = clip(d["note"], 300)
    else:
        body = _details(d)
    return join(head, body, sep=": ") if body else head


TRANSFERS = ("appraisal.opinion_transferred", "appraisal.opinion_unowned")
SUMMARIES = {verb: transfer_summary if verb in TRANSFERS else _dossier for verb in VERBS}
