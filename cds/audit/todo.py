"""What the audit log shows an inspector on the home page (:mod:`cds.core.todo`): the data changed
in the last days and the data taken out, counted with the log's own filter (``/nhat-ky/``)."""
import datetime as dt

from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo
from cds.text.format import vndate

from .selectors import audit_log

CHANGES_DAYS, EXPORTS_DAYS = 7, 30


def _params(kind: str, days: int):
    def params(today: dt.date) -> dict:
        return {"kind": kind, "date_from": vndate(today - dt.timedelta(days=days - 1))}
    return params


def _item(key, label, kind, days, hint, order) -> Todo:
    params = _params(kind, days)
    return Todo(f"audit.{key}", label, frozenset({Role.INSPECTOR}),
                lambda user, today: audit_log(user, params(today)).count(), "audit:log", params,
                fragment="events", hint=hint, kind=WATCH, order=order)


WORK_ITEMS = [
    _item("changes", f"Thay đổi dữ liệu trong {CHANGES_DAYS} ngày qua", "changes", CHANGES_DAYS,
          "Đăng ký, sửa, chuyển trạng thái, ghi sổ ngân sách, thẩm định, đánh giá, giao nhiệm vụ…", 60),
    _item("exports", f"Lượt xuất, tải dữ liệu trong {EXPORTS_DAYS} ngày qua", "exports", EXPORTS_DAYS,
          "Xuất danh mục, nhật ký ra Excel; tải báo cáo, văn bản thẩm định", 61),
]
