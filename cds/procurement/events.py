"""Audit verbs of procurement oversight, with their readings. Collected by ``cds.audit.registry``."""
from cds.audit.readings import amount, changed_fields, choice, clip, day, join, quoted

from .models import Contract, Method, Package, SelectionPlan

GROUP = "Đấu thầu"

VERBS = {
    "procurement.plan_created": "Ghi kế hoạch lựa chọn nhà thầu",
    "procurement.plan_updated": "Sửa kế hoạch lựa chọn nhà thầu",
    "procurement.package_created": "Ghi gói thầu",
    "procurement.package_updated": "Sửa gói thầu",
    "procurement.package_cancelled": "Ghi hủy thầu",
    "procurement.result_recorded": "Ghi kết quả lựa chọn nhà thầu",
    "procurement.items_set": "Ghi hàng hóa trúng thầu",
    "procurement.contract_saved": "Ghi hợp đồng",
    "procurement.payment_added": "Gắn thanh toán hợp đồng với dòng giải ngân",
    "procurement.payment_removed": "Bỏ thanh toán hợp đồng",
    "procurement.package_confirmed": "Xác nhận thông tin gói thầu",
    "procurement.packages_imported": "Nhập gói thầu từ tệp",
    "procurement.import_rejected": "Từ chối tệp gói thầu",
    "procurement.exported": "Tải danh sách gói thầu",
}

EXPORTS = {"procurement.exported"}
READS = {"procurement.import_rejected"}
LINKS = {"procurement.package": "procurement:package", "procurement.selectionplan": "procurement:plan"}


def _n(d: dict, key: str, label: str) -> str:
    return f"{d[key]} {label}" if d.get(key) is not None else ""


SUMMARIES = {
    "procurement.plan_created": lambda d: join(d.get("project", ""), quoted(d.get("name", ""), 120),
                                               d.get("plan_code", "")),
    "procurement.plan_updated": lambda d: changed_fields(SelectionPlan, d),
    "procurement.package_created": lambda d: join(d.get("project", ""), quoted(d.get("name", ""), 120),
                                                  choice(Method, d.get("method")), amount(d.get("price"))
                                                  if d.get("price") is not None else "", d.get("notice_code", "")),
    "procurement.package_updated": lambda d: changed_fields(Package, d),
    "procurement.package_cancelled": lambda d: clip(d.get("reason", ""), 200),
    "procurement.result_recorded": lambda d: join(quoted(d.get("contractor", ""), 120),
                                                  f"MST {d['tax_code']}" if d.get("tax_code") else "",
                                                  amount(d.get("price")) if d.get("price") is not None else "",
                                                  _n(d, "bidders", "nhà thầu dự thầu"), day(d.get("awarded_on"))),
    "procurement.items_set": lambda d: _n(d, "count", "hàng hóa"),
    "procurement.contract_saved": lambda d: join(f"hợp đồng số {d['number']}" if d.get("number") else "",
                                                 amount(d.get("value")) if d.get("value") is not None else "",
                                                 changed_fields(Contract, d)
                                                 if not d.get("created") else "ký mới"),
    "procurement.payment_added": lambda d: join(f"hợp đồng số {d.get('contract', '')}",
                                                amount(d.get("amount")), day(d.get("paid_on"))),
    "procurement.payment_removed": lambda d: join(f"hợp đồng số {d.get('contract', '')}",
                                                  amount(d.get("amount")), day(d.get("paid_on"))),
    "procurement.package_confirmed": lambda d: f"phiên bản {d['version']}" if d.get("version") else "",
    "procurement.packages_imported": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "count", "gói thầu"),
                                                    d.get("mapping", "")),
    "procurement.import_rejected": lambda d: join(quoted(d.get("file_name", ""), 120), _n(d, "errors", "lỗi"),
                                                  clip("; ".join(d.get("first_errors") or []), 300)),
    "procurement.exported": lambda d: join(d.get("document", ""), _n(d, "count", "gói thầu")),
}
