"""Audit verbs of publication, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import clip, join, quoted

GROUP = "Công khai, dữ liệu mở"

VERBS = {
    "publication.policy_set": "Đặt chính sách ẩn trường công khai",
    "publication.withheld": "Ghi nhận dự án không công bố",
    "publication.withhold_lifted": "Bỏ ghi nhận không công bố",
    "publication.prepared": "Lập bản công bố",
    "publication.approved": "Duyệt công bố",
    "publication.rejected": "Không duyệt bản công bố",
}

EXPORTS: set[str] = set()
READS: set[str] = set()
LINKS = {"public.snapshot": "public:snapshot"}


def _counts(d: dict) -> str:
    c = d.get("counts") or {}
    if not c:
        return ""
    return f"{c.get('projects', 0)} dự án, {c.get('systems', 0)} hệ thống, {c.get('library', 0)} mô hình"


SUMMARIES = {
    "publication.policy_set": lambda d: join(d.get("dataset", ""),
                                             "ẩn: " + ", ".join(d.get("masked") or []) if d.get("masked")
                                             else "không ẩn trường nào"),
    "publication.withheld": lambda d: join(quoted(d.get("project", ""), 120), clip(d.get("reason", ""), 200)),
    "publication.withhold_lifted": lambda d: join(quoted(d.get("project", ""), 120), clip(d.get("reason", ""), 200)),
    "publication.prepared": lambda d: join(f"bản số {d['number']}" if d.get("number") else "", _counts(d)),
    "publication.approved": lambda d: join(f"bản số {d['number']}" if d.get("number") else "",
                                           clip(d.get("note", ""), 200)),
    "publication.rejected": lambda d: join(f"bản số {d['number']}" if d.get("number") else "",
                                           clip(d.get("note", ""), 200)),
}
