"""What effectiveness reviews hand out on the home page (:mod:`cds.core.todo`): each item is one
of :data:`cds.reviews.selectors.WAITING_FILTERS`, listed at ``/danh-gia/?todo=<key>`` and counted
with the same :func:`~cds.reviews.selectors.todo_reviews`."""
from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo

from .selectors import WAITING_FILTERS, todo_reviews


def _item(key: str, roles, order: int, hint: str = "", **kwargs) -> Todo:
    return Todo(f"reviews.{key}", WAITING_FILTERS[key][0], frozenset(roles),
                lambda user, today: todo_reviews(user, key).count(), "reviews:list", {"todo": key},
                fragment="todo-reviews", hint=hint, order=order, **kwargs)


WORK_ITEMS = [
    _item("to_fill", [Role.UNIT_STAFF], 20, "Đợt đánh giá đang thu thập; đơn vị nhập chỉ tiêu, vấn đề và tự đánh giá"),
    _item("returned", [Role.UNIT_STAFF], 21, "Cơ quan chuyên trách CĐS yêu cầu bổ sung, chỉnh sửa"),
    _item("to_submit", [Role.UNIT_HEAD], 20, "Đã nhập hoặc đã sửa theo yêu cầu; lãnh đạo đơn vị xác nhận và gửi"),
    _item("to_assess", [Role.CDS_APPRAISER], 20, "Đơn vị đã gửi; thẩm tra, đánh giá và đề xuất xử lý"),
    _item("to_decide", [Role.LEADER], 20, "Cơ quan chuyên trách CĐS đã thẩm tra và đề xuất"),
    _item("ineffective", [Role.LEADER, Role.CDS_APPRAISER], 70, "Theo kết quả thẩm tra", kind=WATCH, danger=True),
]
