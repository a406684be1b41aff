"""Audit verbs of overlap detection, with the reading of a decision. Collected by ``cds.audit.registry``."""
from .models import PairStatus

VERBS = {
    "overlap.decided": "Kết luận về cặp nghi trùng lặp",
    "overlap.scanned": "Quét trùng lặp toàn bộ danh mục",
}


def _decided(d: dict) -> str:
    labels = dict(PairStatus.choices)
    other = d.get("other") or "một nhiệm vụ/dự án của tỉnh, bộ khác"
    return f"Với {other}: {labels.get(d.get('from'), d.get('from'))} → {labels.get(d.get('to'), d.get('to'))}"


SUMMARIES = {"overlap.decided": _decided}
