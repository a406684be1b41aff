"""Audit verbs of the yearly plan, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import amount, changed_fields, choice, clip, day, join, quoted

from .models import Funding, Proposal, Round

GROUP = "Kế hoạch CĐS"

VERBS = {
    "plan.rubric_drafted": "Tạo phiên bản bộ tiêu chí chấm điểm đề xuất",
    "plan.rubric_published": "Công bố bộ tiêu chí chấm điểm đề xuất",
    "plan.round_created": "Lập đợt lập kế hoạch",
    "plan.round_updated": "Sửa đợt lập kế hoạch",
    "plan.envelopes_set": "Ghi hạn mức kinh phí của đợt lập kế hoạch",
    "plan.round_opened": "Mở đợt nhận đề xuất",
    "plan.round_reviewing": "Chuyển đợt lập kế hoạch sang tổng hợp",
    "plan.round_closed": "Kết thúc đợt lập kế hoạch",
    "plan.proposal_created": "Lập đề xuất nhiệm vụ",
    "plan.proposal_updated": "Sửa đề xuất nhiệm vụ",
    "plan.proposal_submitted": "Gửi đề xuất nhiệm vụ",
    "plan.proposal_returned": "Trả lại đề xuất",
    "plan.proposal_merged": "Gộp đề xuất trùng lặp",
    "plan.proposal_rejected": "Không đưa đề xuất vào kế hoạch",
    "plan.proposal_scored": "Chấm điểm đề xuất",
    "plan.funding_recommended": "Đề xuất bố trí kinh phí theo hạn mức",
    "plan.funding_set": "Quyết định bố trí kinh phí cho đề xuất",
    "plan.drafted": "Lập dự thảo kế hoạch",
    "plan.item_updated": "Sửa nhiệm vụ trong dự thảo kế hoạch",
    "plan.item_added": "Thêm nhiệm vụ vào dự thảo kế hoạch",
    "plan.item_removed": "Bỏ nhiệm vụ khỏi dự thảo kế hoạch",
    "plan.submitted": "Trình phê duyệt kế hoạch",
    "plan.returned": "Trả lại dự thảo kế hoạch",
    "plan.approved": "Phê duyệt kế hoạch",
    "plan.registered": "Đưa kế hoạch vào danh mục nhiệm vụ/dự án",
    "plan.proposals_imported": "Nhập đề xuất nhiệm vụ từ Excel",
    "plan.import_rejected": "Từ chối tệp Excel đề xuất nhiệm vụ",
    "plan.exported": "Tải kế hoạch (Word) hoặc phụ lục (Excel)",
}

EXPORTS = {"plan.exported"}
READS: set[str] = set()
LINKS = {"plans.round": "plans:round", "plans.proposal": "plans:proposal", "plans.planversion": "plans:plan"}

EXPORTED = {"docx": "kế hoạch (Word)", "xlsx": "phụ lục kế hoạch (Excel)"}


def _n(d: dict, key: str, label: str) -> str:
    return f"{d[key]} {label}" if d.get(key) is not None else ""


SUMMARIES = {
    "plan.rubric_drafted": lambda d: join(d.get("code", ""), _n(d, "version", "(phiên bản)")),
    "plan.rubric_published": lambda d: join(d.get("code", ""), _n(d, "version", "(phiên bản)")),
    "plan.round_created": lambda d: join(quoted(d.get("name", ""), 120), d.get("period", "")),
    "plan.round_updated": lambda d: changed_fields(Round, d),
    "plan.envelopes_set": lambda d: join(_n(d, "count", "dòng hạn mức"), f"tổng {amount(d.get('total'))}"
                                         if d.get("total") is not None else ""),
    "plan.round_opened": lambda d: _n(d, "units", "đơn vị được đề nghị"),
    "plan.round_reviewing": lambda d: "",
    "plan.round_closed": lambda d: "",
    "plan.proposal_created": lambda d: join(d.get("code", ""), quoted(d.get("name", ""), 120),
                                            "chuyển tiếp" if d.get("basis") == "carried" else "",
                                            amount(d.get("total")) if d.get("total") is not None else ""),
    "plan.proposal_updated": lambda d: join(changed_fields(Proposal, d),
                                            f"tổng {amount(d.get('total'))}" if d.get("total") is not None else ""),
    "plan.proposal_submitted": lambda d: join(d.get("code", ""), _n(d, "warnings", "cảnh báo")),
    "plan.proposal_returned": lambda d: clip(d.get("comment", ""), 200),
    "plan.proposal_merged": lambda d: join(f"{d.get('code', '')} gộp vào {d.get('into', '')}",
                                           clip(d.get("reason", ""), 200)),
    "plan.proposal_rejected": lambda d: join(d.get("code", ""), clip(d.get("reason", ""), 200)),
    "plan.proposal_scored": lambda d: join(d.get("code", ""), f"{d['total']} điểm" if d.get("total") else ""),
    "plan.funding_recommended": lambda d: join(_n(d, "funded", "đề nghị bố trí"),
                                               _n(d, "unfunded", "chưa bố trí được")),
    "plan.funding_set": lambda d: join(d.get("code", ""), choice(Funding, d.get("funding")),
                                       "vượt hạn mức" if d.get("over") else "", clip(d.get("note", ""), 200)),
    "plan.drafted": lambda d: join(f"lần {d['number']}" if d.get("number") else "", _n(d, "items", "nhiệm vụ")),
    "plan.item_updated": lambda d: join(quoted(d.get("item", ""), 120), amount(d.get("total"))
                                        if d.get("total") is not None else ""),
    "plan.item_added": lambda d: join(quoted(d.get("item", ""), 120), amount(d.get("total"))
                                      if d.get("total") is not None else ""),
    "plan.item_removed": lambda d: quoted(d.get("item", ""), 120),
    "plan.submitted": lambda d: join(f"lần {d['number']}" if d.get("number") else "",
                                     "vượt hạn mức: " + clip(d.get("over_reason", ""), 200) if d.get("over") else ""),
    "plan.returned": lambda d: clip(d.get("comment", ""), 200),
    "plan.approved": lambda d: join(d.get("decision", ""), day(d.get("decision_date"))),
    "plan.registered": lambda d: join(_n(d, "created", "nhiệm vụ mới vào danh mục"),
                                      _n(d, "voided", "dòng dự toán hủy do điều chỉnh")),
    "plan.proposals_imported": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "count", "đề xuất"),
                                              f"tổng {amount(d.get('total'))}" if d.get("total") is not None else "",
                                              f"{d['first_code']}…{d['last_code']}" if d.get("first_code") else ""),
    "plan.import_rejected": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "errors", "lỗi"),
                                           clip("; ".join(d.get("first_errors") or []), 300)),
    "plan.exported": lambda d: join(EXPORTED.get(d.get("document"), "kế hoạch"),
                                    f"lần {d['number']}" if d.get("number") else "", _n(d, "items", "nhiệm vụ")),
}
