"""Audit verbs of the API. Collected by ``cds.audit.registry``."""
VERBS = {
    "auth.token": "Cấp mã truy cập API",
}
