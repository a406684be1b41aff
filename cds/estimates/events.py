"""Audit verbs of estimates, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import amount, choice, clip, join, quoted

from .models import Conclusion, Source

GROUP = "Dự toán"

VERBS = {
    "estimate.created": "Lập dự toán",
    "estimate.version_added": "Thêm phiên bản dự toán",
    "estimate.import_rejected": "Nhập bảng dự toán bị từ chối",
    "estimate.evidence": "Đính kèm căn cứ đơn giá",
    "estimate.ucp_attached": "Gắn bảng tính chi phí phần mềm",
    "estimate.submitted": "Gửi dự toán kiểm tra",
    "estimate.reviewed": "Ghi ý kiến kiểm tra khoản mục",
    "estimate.concluded": "Kết luận kiểm tra dự toán",
    "estimate.exported": "Xuất dự toán (Excel, Word)",
}

EXPORTS = {"estimate.exported"}
READS = {"estimate.import_rejected"}
LINKS = {"estimates.estimate": "estimates:detail"}

EXPORTED = {"xlsx": "bảng dự toán (Excel)", "docx": "phụ lục thẩm định dự toán (Word)",
            "template": "mẫu bảng dự toán (Excel)"}


def _version(d: dict) -> str:
    return f"phiên bản {d['version']}" if d.get("version") else ""


def _added(d: dict) -> str:
    lines = f"{d['lines']} khoản mục" if d.get("lines") is not None else ""
    return join(_version(d), choice(Source, d.get("source")), lines,
                f"tổng {amount(d['total'])}" if d.get("total") is not None else "",
                f"tệp {quoted(d['file'], 120)}" if d.get("file") else "")


def _reviewed(d: dict) -> str:
    accepted = f"chấp nhận {amount(d['checked_amount'])}" if d.get("checked_amount") is not None else ""
    return join(_version(d), quoted(d["line"], 120) if d.get("line") else "toàn bộ dự toán", accepted,
                clip(d.get("note", ""), 300))


def _concluded(d: dict) -> str:
    return join(_version(d), choice(Conclusion, d.get("conclusion")),
                f"đề nghị {amount(d['requested_total'])}" if d.get("requested_total") is not None else "",
                f"sau kiểm tra {amount(d['checked_total'])}" if d.get("checked_total") is not None else "")


SUMMARIES = {
    "estimate.created": lambda d: f"nhiệm vụ/dự án {d['project']}" if d.get("project") else "",
    "estimate.version_added": _added,
    "estimate.import_rejected": lambda d: f"{d.get('errors', 0)} lỗi, không có gì được ghi",
    "estimate.evidence": lambda d: join(_version(d), quoted(d.get("line", ""), 120), quoted(d.get("file", ""), 120)),
    "estimate.ucp_attached": lambda d: join(_version(d), d.get("method", ""), amount(d.get("total"))),
    "estimate.submitted": _version,
    "estimate.reviewed": _reviewed,
    "estimate.concluded": _concluded,
    "estimate.exported": lambda d: join(EXPORTED.get(d.get("document"), "dự toán"), _version(d)),
}
