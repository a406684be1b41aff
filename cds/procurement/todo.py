"""What procurement hands out on the home page (:mod:`cds.core.todo`): each item is one list of
:data:`cds.procurement.waiting.WAITING`, shown at ``/dau-thau/?todo=<key>`` and counted with the
same :func:`~cds.procurement.waiting.waiting`."""
from cds.accounts.models import Role
from cds.core.todo import ACT, Todo

from .waiting import WAITING, waiting


def _item(key: str, roles, order: int, hint: str, kind: str = ACT) -> Todo:
    return Todo(f"procurement.{key}", WAITING[key], frozenset(roles),
                lambda user, today: waiting(user, key).count(), "procurement:index", {"todo": key},
                fragment="todo-list", hint=hint, order=order, kind=kind)


WORK_ITEMS = [
    _item("to_confirm", [Role.UNIT_HEAD, Role.CDS_APPRAISER], 30,
          "Người khác đã ghi, sửa; kiểm tra rồi xác nhận (người ghi không tự xác nhận)"),
    _item("no_contract", [Role.UNIT_STAFF], 30, "Ghi hợp đồng khi đã ký để theo dõi tiến độ và thanh toán"),
]
