"""Audit verbs of the systems map, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import amount, choice, clip, day, join, quoted

from .models import EquipmentStatus, HoldingRole, IntegrationStatus, Mechanism, ProjectRole, SharingClass

GROUP = "Hệ thống thông tin"

VERBS = {
    "system.created": "Khai báo hệ thống thông tin",
    "system.updated": "Sửa thông tin hệ thống",
    "system.attested": "Xác nhận hồ sơ hệ thống",
    "system.project_linked": "Gắn dự án với hệ thống",
    "system.project_unlinked": "Bỏ gắn dự án khỏi hệ thống",
    "system.cost_saved": "Ghi chi phí hằng năm của hệ thống",
    "system.holding_saved": "Ghi dữ liệu hệ thống nắm giữ",
    "system.holding_removed": "Bỏ dữ liệu khỏi hệ thống",
    "integration.saved": "Ghi kết nối, tích hợp",
    "integration.removed": "Xóa kết nối, tích hợp",
    "equipment.added": "Khai báo thiết bị",
    "equipment.updated": "Sửa thông tin thiết bị",
    "equipment.status": "Báo tình trạng thiết bị",
    "system.exported": "Xuất danh mục hệ thống (Word, Excel, ảnh)",
    "system.imported": "Nhập danh mục hệ thống từ Excel",
    "system.import_rejected": "Từ chối tệp nhập danh mục hệ thống",
}

EXPORTS = {"system.exported"}
READS: set[str] = set()
LINKS = {"systems.informationsystem": "systems:detail"}

EXPORTED = {"docx": "danh mục hệ thống thông tin (Word)", "xlsx": "danh mục hệ thống thông tin (Excel)",
            "svg": "sơ đồ hệ thống (SVG)", "png": "sơ đồ hệ thống (PNG)", "template": "mẫu bảng kê hệ thống (Excel)"}


def _fields(d: dict) -> str:
    fields = d.get("fields") or []
    text = f"sửa {', '.join(fields)}" if fields else ""
    return join(text, "mất dấu xác nhận" if d.get("seal_broken") else "")


SUMMARIES = {
    "system.created": lambda d: join(d.get("code", ""), quoted(d.get("name", ""), 120)),
    "system.updated": _fields,
    "system.attested": lambda d: f"phiên bản {d['version']}" if d.get("version") else "",
    "system.project_linked": lambda d: join(d.get("project", ""), choice(ProjectRole, d.get("role"))),
    "system.project_unlinked": lambda d: join(d.get("project", ""), choice(ProjectRole, d.get("role"))),
    "system.cost_saved": lambda d: join(f"năm {d['year']}" if d.get("year") else "",
                                        f"vận hành {amount(d.get('operating_cost'))}",
                                        f"phát triển {amount(d.get('development_cost'))}"),
    "system.holding_saved": lambda d: join(quoted(d.get("entity", ""), 80), choice(HoldingRole, d.get("role")),
                                           choice(SharingClass, d.get("sharing"))),
    "system.holding_removed": lambda d: quoted(d.get("entity", ""), 80),
    "integration.saved": lambda d: join(f"{d.get('source', '')} → {d.get('target', '')}",
                                        choice(Mechanism, d.get("mechanism")),
                                        choice(IntegrationStatus, d.get("status"))),
    "integration.removed": lambda d: f"{d.get('source', '')} → {d.get('target', '')}",
    "equipment.added": lambda d: join(d.get("project", ""), quoted(d.get("kind", ""), 80),
                                      f"số lượng {d['quantity']}" if d.get("quantity") else ""),
    "equipment.updated": lambda d: f"sửa {', '.join(d.get('fields') or [])}" if d.get("fields") else "",
    "equipment.status": lambda d: join(quoted(d.get("kind", ""), 80), choice(EquipmentStatus, d.get("status")),
                                       day(d.get("on")), clip(d.get("note", ""), 200)),
    "system.exported": lambda d: join(EXPORTED.get(d.get("document"), "danh mục hệ thống"),
                                      f"{d['count']} hệ thống" if d.get("count") is not None else ""),
    "system.imported": lambda d: join(quoted(d.get("file_name", ""), 120), f"thêm {d.get('created', 0)} hệ thống",
                                      f"cập nhật {d.get('updated', 0)}", f"{d.get('links', 0)} kết nối"),
    "system.import_rejected": lambda d: join(quoted(d.get("file_name", ""), 120),
                                             f"{d['errors']} lỗi" if d.get("errors") else ""),
}
