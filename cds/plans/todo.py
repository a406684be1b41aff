"""What the yearly plan hands out on the home page (:mod:`cds.core.todo`): each item is one list
of :data:`cds.plans.waiting.WAITING`, shown at ``/ke-hoach/?todo=<key>`` and counted with the same
:func:`~cds.plans.waiting.waiting`."""
from cds.accounts.models import Role
from cds.core.todo import Todo

from .waiting import WAITING, waiting


def _item(key: str, roles, order: int, hint: str = "", **kwargs) -> Todo:
    return Todo(f"plans.{key}", WAITING[key][0], frozenset(roles),
                lambda user, today: waiting(user, key).count(), "plans:list", {"todo": key},
                fragment="todo-list", hint=hint, order=order, **kwargs)


WORK_ITEMS = [
    _item("to_complete", [Role.UNIT_STAFF], 25,
          "Đợt lập kế hoạch đang nhận đề xuất; đề xuất bị trả lại hiện trước, hoàn thiện trước hạn gửi"),
    _item("to_submit", [Role.UNIT_HEAD], 25,
          "Đã có kinh phí theo năm và nguồn; lãnh đạo đơn vị xem kết quả kiểm tra rồi gửi trước hạn"),
    _item("to_score", [Role.CDS_APPRAISER], 25, "Đơn vị đã gửi; mỗi người chấm độc lập theo bộ tiêu chí của đợt"),
    _item("draft_plan", [Role.CDS_APPRAISER], 26, "Hoàn thiện dự thảo rồi trình lãnh đạo phê duyệt"),
    _item("to_approve", [Role.LEADER], 25, "Cơ quan chuyên trách CĐS đã tổng hợp, chấm điểm và trình"),
]
