"""What the bottleneck register hands out on the home page (:mod:`cds.core.todo`): for the CĐS
authority, the difficulties still waiting for an answer — the register's page
``/khao-sat/diem-nghen/?todo=unanswered`` lists them, overdue first, through the same
:func:`~cds.surveys.bottleneck_selectors.filter_bottlenecks`."""
from cds.accounts.models import Role
from cds.core.todo import ACT, Todo

from .bottleneck_selectors import UNANSWERED, BottleneckFilter, filter_bottlenecks

WORK_ITEMS = [
    Todo("surveys.bottlenecks_unanswered", "Điểm nghẽn, khó khăn chờ trả lời", frozenset({Role.CDS_APPRAISER}),
         lambda user, today: filter_bottlenecks(user, BottleneckFilter(todo=UNANSWERED), today).count(),
         "surveys:bottlenecks", {"todo": UNANSWERED}, fragment="bottleneck-list",
         hint="Đơn vị phản ánh chờ trả lời; quá hạn trước", kind=ACT, order=40),
]
