"""Audit verbs of overlap detection, with the reading of a decision. Collected by ``cds.audit.registry``."""
from .models import PairStatus

VERBS = {
    "overlap.decided": "Kết luận về cặp nghi trùng lặp",
    "overlap.scanned": "Quét trùng lặp toàn bộ danh mục",
}


def _decided(d: dict) -> str:
    labels = dict(PairStatus.choices)
    text = f"Với {d.get('other')}: {labels.get(d.get('from'), d.get('from'))} → {labels.get(d.get('to'), d.get('to'))}"
    return f"{text} (kết luận chung cho cụm {d['cluster']} cặp)" if d.get("cluster") else text


SUMMARIES = {"overlap.decided": _decided}
