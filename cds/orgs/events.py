"""Audit verbs of the unit forest, with their readings. Collected by ``cds.audit.registry``
(the audit app sits above this one: these readings use only the formatter)."""
import datetime as dt

from cds.text.format import vndate

GROUP = "Đơn vị"

VERBS = {
    "unit.created": "Tạo đơn vị",
    "unit.updated": "Sửa đơn vị",
    "unit.reorganised": "Sắp xếp lại đơn vị",
}


def _reorganised(d: dict) -> str:
    names = d.get("successor_names")
    if names:
        text = "Đơn vị kế thừa: " + ", ".join(names)
    elif d.get("successors"):
        text = f"{len(d['successors'])} đơn vị kế thừa"
    else:
        text = "Không có đơn vị kế thừa"
    if d.get("valid_to"):
        text += f"; hoạt động đến {vndate(dt.date.fromisoformat(d['valid_to']))}"
    return text


SUMMARIES = {"unit.reorganised": _reorganised}
