"""What publication hands out on the home page (:mod:`cds.core.todo`): the snapshots a leader
is to approve or reject — counted with :func:`cds.public.selectors.pending_for`, the list of the
publication page they link to."""
from cds.accounts.models import Role
from cds.core.todo import ACT, Todo

from .selectors import pending_for

WORK_ITEMS = [
    Todo("public.to_approve", "Bản công bố chờ duyệt", frozenset({Role.LEADER}),
         lambda user, today: pending_for(user).count(), "public:manage", fragment="pending",
         hint="Xem trước nội dung rồi duyệt hoặc không duyệt công bố trên trang công khai", kind=ACT, order=80),
]
