"""Audit verbs of the library of good practices, with their readings. Collected by
``cds.audit.registry``."""
from cds.audit.readings import clip, join, quoted

GROUP = "Thư viện mô hình, thiết kế điển hình"

VERBS = {
    "library.proposed": "Đề xuất mô hình",
    "library.nominated": "Đề cử mô hình từ báo cáo đánh giá",
    "library.updated": "Sửa mô hình",
    "library.submitted": "Gửi kiểm tra mô hình",
    "library.published": "Công bố mô hình",
    "library.returned": "Trả lại mô hình",
    "library.withdrawn": "Thu hồi mô hình",
    "library.results_set": "Cập nhật kết quả đo được của mô hình",
    "library.document_added": "Thêm tài liệu mô hình",
    "library.document_removed": "Gỡ tài liệu mô hình",
    "library.document_downloaded": "Tải tài liệu mô hình",
    "library.reused": "Tái sử dụng mô hình cho đề xuất mới",
    "library.exported": "Xuất danh sách mô hình",
}

EXPORTS = {"library.document_downloaded", "library.exported"}
READS: set[str] = set()
LINKS = {"library.practice": "library:detail"}


def _entry(d: dict) -> str:
    return join(d.get("code", ""), quoted(d.get("title", ""), 120))


SUMMARIES = {
    "library.proposed": lambda d: join(_entry(d), d.get("unit", "")),
    "library.nominated": lambda d: join(_entry(d), d.get("unit", ""), d.get("review", "")),
    "library.updated": _entry,
    "library.submitted": _entry,
    "library.published": lambda d: join(_entry(d), clip(d.get("note", ""), 200)),
    "library.returned": lambda d: join(_entry(d), clip(d.get("note", ""), 200)),
    "library.withdrawn": lambda d: join(_entry(d), clip(d.get("note", ""), 200)),
    "library.results_set": lambda d: join(_entry(d), f"{d['count']} chỉ tiêu" if d.get("count") is not None else ""),
    "library.document_added": lambda d: join(_entry(d), quoted(d.get("document", ""), 120)),
    "library.document_removed": lambda d: join(_entry(d), quoted(d.get("document", ""), 120)),
    "library.document_downloaded": lambda d: join(_entry(d), quoted(d.get("document", ""), 120)),
    "library.reused": lambda d: join(_entry(d), d.get("project", "")),
    "library.exported": lambda d: f"{d['count']} mô hình" if d.get("count") is not None else "",
}
