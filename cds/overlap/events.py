"""Audit verbs of overlap detection, with the reading of a decision. Collected by ``cds.audit.registry``."""
from cds.audit.readings import choice, join
from cds.text.format import format_number, num

from .models import PairStatus

GROUP = "Trùng lặp, tái sử dụng"

VERBS = {
    "overlap.decided": "Kết luận về cặp nghi trùng lặp",
    "overlap.scanned": "Quét trùng lặp toàn bộ danh mục",
}

SYSTEM_LABEL = "system:"  # the other side of a pair with a system of the map: "system:<its code>"
PLATFORM_LABEL = "platform:"  # the same, in events recorded before the platforms joined the systems map


def _other(code) -> str:
    """The other side of a decided pair; "" when it belongs to a tree the event's readers may not
    see (cds.overlap.services._other_for_log)."""
    code = str(code or "")
    if not code:
        return "một nhiệm vụ/dự án của tỉnh, bộ khác"
    if code.startswith(SYSTEM_LABEL):
        return f"hệ thống {code[len(SYSTEM_LABEL):]}"
    return f"nền tảng {code[len(PLATFORM_LABEL):]}" if code.startswith(PLATFORM_LABEL) else code


def _decided(d: dict) -> str:
    text = f"Với {_other(d.get('other'))}: {choice(PairStatus, d.get('from'))} → {choice(PairStatus, d.get('to'))}"
    return f"{text} (kết luận chung cho cụm {num(d['cluster'])} cặp)" if d.get("cluster") else text


def _scanned(d: dict) -> str:
    return join(f"xét {num(d.get('pairs', 0))} cặp", f"thêm {num(d.get('added', 0))} cặp mới vào hàng chờ",
                f"ngưỡng {format_number(d['threshold'], 2)}" if d.get("threshold") is not None else "")


SUMMARIES = {"overlap.decided": _decided, "overlap.scanned": _scanned}
