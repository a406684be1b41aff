"""What the directives register hands out on the home page (:mod:`cds.core.todo`): a unit's
overdue and nearly due tasks (its page ``/chi-dao/?status=…`` lists them through
:func:`~cds.directives.selectors.unit_lead_tasks`), the extension requests waiting for the
leaders and the units with overdue tasks (the overview and the results by unit, through the
same reads)."""
from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo

from . import selectors
from .selectors import TaskFilter

UNIT = frozenset({Role.UNIT_STAFF, Role.UNIT_HEAD})


def _lead(status: str):
    return lambda user, today: selectors.unit_lead_tasks(user, status, today).count()


WORK_ITEMS = [
    Todo("directives.overdue", "Nhiệm vụ được giao đã quá hạn", UNIT, _lead("overdue"), "directives:home",
         {"status": "overdue"}, fragment="lead", hint="Đơn vị chủ trì; báo cáo kết quả hoặc đề nghị gia hạn",
         danger=True, order=30),
    Todo("directives.due_soon", "Nhiệm vụ được giao đến hạn trong 7 ngày", UNIT, _lead("due_soon"),
         "directives:home", {"status": "due_soon"}, fragment="lead", hint="Đơn vị chủ trì", order=31),
    Todo("directives.extension", "Đề nghị gia hạn nhiệm vụ chờ quyết định", frozenset({Role.LEADER}),
         lambda user, today: selectors.filter_tasks(user, TaskFilter(status="extension"), today).count(),
         "directives:home", {"status": "extension"}, fragment="tasks",
         hint="Đơn vị chủ trì đề nghị lùi thời hạn nhiệm vụ được giao", order=30),
    Todo("directives.reassign", "Nhiệm vụ cần giao lại cho đơn vị khác", frozenset({Role.CDS_APPRAISER, Role.ADMIN}),
         lambda user, today: selectors.filter_tasks(user, TaskFilter(status="reassign"), today).count(),
         "directives:home", {"status": "reassign"}, fragment="tasks",
         hint="Đơn vị chủ trì đã kết thúc, chưa có đơn vị nhận", danger=True, order=32),
    Todo("directives.tree_overdue", "Nhiệm vụ được giao quá hạn", frozenset({Role.LEADER, Role.CDS_APPRAISER}),
         lambda user, today: selectors.filter_tasks(user, TaskFilter(status="overdue"), today).count(),
         "directives:home", {"status": "overdue"}, fragment="tasks", hint="Quá hạn lâu nhất trước",
         kind=WATCH, danger=True, order=70),
    Todo("directives.late_units", "Đơn vị có nhiệm vụ được giao quá hạn",
         frozenset({Role.LEADER, Role.SUPERVISOR, Role.INSPECTOR}),
         lambda user, today: selectors.late_units(user, today).count(), "directives:performance",
         {"nam": "tat-ca", "overdue": "1"}, fragment="performance", hint="Theo đơn vị chủ trì, mọi năm",
         kind=WATCH, danger=True, order=71),
]
