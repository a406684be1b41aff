"""What estimates hand out on the home page (:mod:`cds.core.todo`): the checker's worklist
(``/du-toan/kiem-tra/``, counted with :func:`cds.estimates.selectors.worklist`) and the investor
unit's estimates being prepared or sent back for adjustment (``/du-toan/?trang-thai=…&cua-don-vi=1``,
counted with :func:`cds.estimates.tracking.estimates`)."""
from cds.accounts.models import Role
from cds.core.todo import Todo

from . import selectors, tracking

UNIT = frozenset({Role.UNIT_STAFF, Role.UNIT_HEAD})


def _unit(key: str, status: str, label: str, hint: str, order: int, **kwargs) -> Todo:
    return Todo(f"estimates.{key}", label, UNIT,
                lambda user, today: tracking.estimates(user, status, mine=True).count(),
                "estimates:list", {"trang-thai": status, "cua-don-vi": "1"}, fragment="estimates", hint=hint,
                order=order, **kwargs)


WORK_ITEMS = [
    Todo("estimates.to_check", "Dự toán chờ kiểm tra", frozenset({Role.CDS_APPRAISER, Role.SUPERVISOR}),
         lambda user, today: selectors.worklist(user).count(), "estimates:worklist", fragment="worklist",
         hint="Đơn vị chủ đầu tư đã gửi; gửi trước kiểm tra trước", order=20),
    _unit("drafting", "dang-lap", "Dự toán đang lập", "Nhập bảng dự toán, xử lý các lỗi rồi gửi kiểm tra", 20),
    _unit("adjust", "can-dieu-chinh", "Dự toán cần điều chỉnh", "Điều chỉnh theo ý kiến kiểm tra rồi gửi lại", 21),
]
