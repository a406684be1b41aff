"""Verbs the audit log records itself (it listens to authentication, and exports itself).
Collected by ``cds.audit.registry``."""
from cds.text.format import num

from .readings import join

GROUP = "Đăng nhập, nhật ký"

VERBS = {
    "auth.login": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.login_failed": "Đăng nhập sai",
    "auth.locked": "Khóa tài khoản do đăng nhập sai nhiều lần",
    "export.audit_xlsx": "Xuất nhật ký ra Excel",
}


def _username(d: dict) -> str:
    return f"Tên đăng nhập đã nhập: “{d['username']}”" if d.get("username") else ""


def _export(d: dict) -> str:
    rows = f"{num(d.get('count', 0))} dòng"
    if d.get("truncated"):
        rows += " (đã đạt giới hạn xuất)"
    return join(rows, f"điều kiện lọc: {d['filters']}" if d.get("filters") else "không lọc")


EXPORTS = {"export.audit_xlsx"}
READS = {"auth.login", "auth.logout", "auth.login_failed", "auth.locked"}

SUMMARIES = {
    "auth.login_failed": _username,
    "auth.locked": _username,
    "export.audit_xlsx": _export,
}
