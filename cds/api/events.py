"""Audit verbs of the API. Collected by ``cds.audit.registry``."""
from cds.audit.readings import moment

GROUP = "API"

VERBS = {
    "auth.token": "Cấp mã truy cập API",
}

READS = {"auth.token"}


def _token(d: dict) -> str:
    parts = [f"Mã bắt đầu bằng {d['prefix']}…" if d.get("prefix") else "Mã truy cập mới"]
    if d.get("expires_at"):
        parts.append(f"hiệu lực đến {moment(d['expires_at'])}")
    return ", ".join(parts)


SUMMARIES = {"auth.token": _token}
