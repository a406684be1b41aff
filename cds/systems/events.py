"""Audit verbs of the systems map, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import join
from cds.text.format import num

GROUP = "Hệ thống thông tin"

VERBS = {
    "system.exported": "Xuất danh mục hệ thống thông tin (Word, Excel)",
}

EXPORTS = {"system.exported"}

EXPORTED = {"docx": "danh mục hệ thống thông tin (Word)", "xlsx": "danh mục hệ thống thông tin (Excel)"}


def _exported(d: dict) -> str:
    text = d.get("filters_text")
    return join(EXPORTED.get(d.get("document"), ""), f"{num(d.get('systems', 0))} hệ thống",
                f"{num(d.get('links', 0))} kết nối", f"điều kiện lọc: {text}" if text else "không lọc")


SUMMARIES = {
    "system.exported": _exported,
}
