"""Audit verbs of surveys, bottlenecks and Đề án 06 tasks, with their readings. Collected by
``cds.audit.registry``."""
from cds.audit.readings import clip, day, join, quoted

GROUP = "Khảo sát, điểm nghẽn"

VERBS = {
    "survey.form_saved": "Lưu bộ câu hỏi khảo sát",
    "survey.form_published": "Ban hành bộ câu hỏi khảo sát",
    "survey.form_imported": "Nhập bộ câu hỏi từ XLSForm",
    "survey.form_rejected": "Từ chối tệp XLSForm",
    "survey.form_exported": "Tải bộ câu hỏi dạng XLSForm",
    "survey.round_created": "Lập đợt khảo sát",
    "survey.round_updated": "Sửa đợt khảo sát",
    "survey.round_opened": "Gửi đợt khảo sát",
    "survey.round_closed": "Kết thúc đợt khảo sát",
    "survey.answers_saved": "Lưu câu trả lời khảo sát",
    "survey.response_submitted": "Gửi phiếu khảo sát",
    "survey.response_returned": "Trả lại phiếu khảo sát",
    "survey.summary_saved": "Ghi ý kiến tổng hợp nhóm",
    "survey.results_exported": "Tải kết quả khảo sát",
    "survey.bottleneck_raised": "Phản ánh điểm nghẽn, khó khăn",
    "survey.bottleneck_answered": "Trả lời điểm nghẽn, khó khăn",
    "survey.bottleneck_proposed": "Đề xuất lãnh đạo quyết định tháo gỡ điểm nghẽn",
    "survey.bottleneck_assigned": "Giao nhiệm vụ tháo gỡ điểm nghẽn",
    "survey.bottleneck_resolved": "Kết thúc xử lý điểm nghẽn",
    "survey.bottlenecks_exported": "Tải danh sách điểm nghẽn, khó khăn",
    "survey.keytask_saved": "Lưu nhiệm vụ trọng tâm Đề án 06",
    "survey.keytask_deleted": "Xóa nhiệm vụ trọng tâm Đề án 06",
    "survey.keytask_reported": "Báo cáo tình hình thực hiện nhiệm vụ Đề án 06",
    "survey.keytasks_exported": "Tải bảng tiến độ nhiệm vụ Đề án 06",
}

EXPORTS = {"survey.form_exported", "survey.results_exported", "survey.bottlenecks_exported",
           "survey.keytasks_exported"}
READS = {"survey.form_rejected"}
LINKS = {"surveys.round": "surveys:round", "surveys.response": "surveys:response",
         "surveys.formversion": "surveys:form", "surveys.bottleneck": "surveys:bottleneck",
         "surveys.keytask": "surveys:keytask"}


def _n(d: dict, key: str, label: str) -> str:
    return f"{d[key]} {label}" if d.get(key) is not None else ""


SUMMARIES = {
    "survey.form_saved": lambda d: join(quoted(d.get("title", ""), 120), f"phiên bản {d['number']}"
                                        if d.get("number") else "", _n(d, "questions", "câu hỏi")),
    "survey.form_published": lambda d: join(quoted(d.get("title", ""), 120), f"phiên bản {d['number']}"
                                            if d.get("number") else ""),
    "survey.form_imported": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "questions", "câu hỏi")),
    "survey.form_rejected": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "errors", "lỗi"),
                                           clip("; ".join(d.get("first_errors") or []), 300)),
    "survey.form_exported": lambda d: quoted(d.get("title", ""), 120),
    "survey.round_created": lambda d: join(quoted(d.get("name", ""), 120), f"hạn {day(d['deadline'])}"
                                           if d.get("deadline") else ""),
    "survey.round_updated": lambda d: join(quoted(d.get("name", ""), 120), f"hạn {day(d['deadline'])}"
                                           if d.get("deadline") else ""),
    "survey.round_opened": lambda d: join(quoted(d.get("name", ""), 120), _n(d, "units", "đơn vị")),
    "survey.round_closed": lambda d: quoted(d.get("name", ""), 120),
    "survey.answers_saved": lambda d: _n(d, "answers", "câu trả lời"),
    "survey.response_submitted": lambda d: join(d.get("unit", ""), "gửi muộn" if d.get("late") else ""),
    "survey.response_returned": lambda d: join(d.get("unit", ""), d.get("section", ""),
                                               clip(d.get("comment", ""), 200)),
    "survey.summary_saved": lambda d: d.get("section", ""),
    "survey.results_exported": lambda d: join(quoted(d.get("name", ""), 120), d.get("format", "")),
    "survey.bottleneck_raised": lambda d: join(quoted(d.get("title", ""), 120), d.get("unit", ""),
                                               f"gửi {d['responsible']}" if d.get("responsible") else "",
                                               f"hạn trả lời {day(d['due'])}" if d.get("due") else ""),
    "survey.bottleneck_answered": lambda d: join(quoted(d.get("title", ""), 120), clip(d.get("answer", ""), 200)),
    "survey.bottleneck_proposed": lambda d: join(quoted(d.get("title", ""), 120), d.get("level", ""),
                                                 clip(d.get("text", ""), 200)),
    "survey.bottleneck_assigned": lambda d: join(quoted(d.get("title", ""), 120),
                                                 ("giao nhiệm vụ mới" if d.get("created") else "gắn nhiệm vụ đã có")
                                                 + (f" theo văn bản {d['directive']}" if d.get("directive") else "")),
    "survey.bottleneck_resolved": lambda d: join(quoted(d.get("title", ""), 120),
                                                 "đóng, không xử lý" if d.get("closed") else "đã tháo gỡ",
                                                 clip(d.get("note", ""), 200)),
    "survey.bottlenecks_exported": lambda d: _n(d, "rows", "dòng"),
    "survey.keytask_saved": lambda d: join(f"số {d['number']}" if d.get("number") else "",
                                           quoted(d.get("name", ""), 120),
                                           f"chủ trì: {d['lead_unit']}" if d.get("lead_unit") else "",
                                           "lập mới" if d.get("created") else ""),
    "survey.keytask_deleted": lambda d: join(f"số {d['number']}" if d.get("number") else "",
                                             quoted(d.get("name", ""), 120)),
    "survey.keytask_reported": lambda d: join(f"nhiệm vụ số {d['number']}" if d.get("number") else "",
                                              d.get("unit", ""), d.get("progress", ""),
                                              f"{d['percent']}%" if d.get("percent") is not None else "",
                                              f"tệp {quoted(d['file'], 120)}" if d.get("file") else ""),
    "survey.keytasks_exported": lambda d: join(d.get("format", ""), _n(d, "tasks", "nhiệm vụ"),
                                               _n(d, "units", "đơn vị"), d.get("filters", "")),
}
