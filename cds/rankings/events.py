"""Audit verbs of the ranking and of the follow-up items, with their readings. Collected by
``cds.audit.registry``."""
from cds.audit.readings import clip, day, join, quoted

GROUP = "Xếp hạng, cảnh báo theo dõi"

VERBS = {
    "ranking.method_drafted": "Soạn phương pháp xếp hạng",
    "ranking.method_updated": "Sửa dự thảo phương pháp xếp hạng",
    "ranking.method_submitted": "Trình phê duyệt phương pháp xếp hạng",
    "ranking.method_approved": "Phê duyệt, công bố phương pháp xếp hạng",
    "ranking.method_returned": "Trả lại dự thảo phương pháp xếp hạng",
    "ranking.period_opened": "Mở kỳ xếp hạng",
    "ranking.period_updated": "Đổi phương pháp của kỳ xếp hạng",
    "ranking.period_computed": "Tính kết quả xếp hạng",
    "ranking.period_published": "Công bố kết quả xếp hạng",
    "ranking.exported": "Tải báo cáo xếp hạng",
    "dashboard.exported": "Tải báo cáo bảng điều hành",
    "alert.opened": "Mở việc theo dõi dự án",
    "alert.assigned": "Phân công theo dõi dự án",
    "alert.closed": "Kết luận việc theo dõi dự án",
}

EXPORTS = {"ranking.exported", "dashboard.exported"}
READS: set[str] = set()
LINKS = {"rankings.method": "rankings:method", "rankings.period": "rankings:period",
         "rankings.alert": "rankings:alert"}


def _version(d: dict) -> str:
    return f"phiên bản {d['number']}" if d.get("number") else ""


SUMMARIES = {
    "ranking.method_drafted": lambda d: join(quoted(d.get("title", ""), 120), _version(d),
                                             f"{d['criteria']} tiêu chí" if d.get("criteria") else ""),
    "ranking.method_updated": lambda d: join(quoted(d.get("title", ""), 120), _version(d),
                                             f"{d['criteria']} tiêu chí" if d.get("criteria") else ""),
    "ranking.method_submitted": lambda d: join(quoted(d.get("title", ""), 120), _version(d)),
    "ranking.method_approved": lambda d: join(quoted(d.get("title", ""), 120), _version(d),
                                              clip(d.get("note", ""), 200)),
    "ranking.method_returned": lambda d: join(quoted(d.get("title", ""), 120), _version(d),
                                              clip(d.get("note", ""), 200)),
    "ranking.period_opened": lambda d: join(quoted(d.get("name", ""), 120), _version(d)),
    "ranking.period_updated": lambda d: join(quoted(d.get("name", ""), 120), _version(d)),
    "ranking.period_computed": lambda d: join(quoted(d.get("name", ""), 120), _version(d),
                                              f"{d['units']} đơn vị" if d.get("units") is not None else ""),
    "ranking.period_published": lambda d: join(quoted(d.get("name", ""), 120), _version(d)),
    "ranking.exported": lambda d: join(quoted(d.get("name", ""), 120), d.get("format", "")),
    "dashboard.exported": lambda d: d.get("format", ""),
    "alert.opened": lambda d: join(quoted(d.get("project", ""), 120), clip(d.get("reason", ""), 200),
                                   f"hạn {day(d['due_on'])}" if d.get("due_on") else ""),
    "alert.assigned": lambda d: join(quoted(d.get("project", ""), 120), d.get("owner", ""),
                                     f"hạn {day(d['due_on'])}" if d.get("due_on") else ""),
    "alert.closed": lambda d: join(quoted(d.get("project", ""), 120), d.get("outcome", ""),
                                   clip(d.get("note", ""), 200)),
}
