"""Verbs the audit log records itself (it listens to authentication). Collected by ``cds.audit.registry``."""
VERBS = {
    "auth.login": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.login_failed": "Đăng nhập sai",
    "auth.locked": "Khóa tài khoản do đăng nhập sai nhiều lần",
}
