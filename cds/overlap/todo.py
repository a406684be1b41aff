"""What overlap detection hands out on the home page (:mod:`cds.core.todo`): the pairs waiting
for the CĐS authority's conclusion, counted with the queue's own read."""
from cds.accounts.models import Role
from cds.core.todo import Todo

from .models import PairStatus
from .selectors import queue

WORK_ITEMS = [
    Todo("overlap.pending", "Cặp nghi trùng lặp chờ kết luận", frozenset({Role.CDS_APPRAISER, Role.ADMIN}),
         lambda user, today: queue(user, PairStatus.PENDING).count(), "overlap:queue",
         {"status": PairStatus.PENDING.value}, fragment="pairs",
         hint="Kết luận trùng lặp, có liên quan hoặc không liên quan, nêu lý do", order=50),
]
