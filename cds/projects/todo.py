"""What the registry hands out on the home page (:mod:`cds.core.todo`): the projects whose
disbursement is behind this year's capital plan, counted with the list page's own filter."""
from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo

from .filters import ProjectFilterSet, behind_hint

BEHIND = {"disbursement": "behind"}

WORK_ITEMS = [
    Todo("projects.behind", "Dự án giải ngân chậm so với kế hoạch vốn năm nay",
         frozenset({Role.LEADER, Role.CDS_APPRAISER, Role.SUPERVISOR}),
         lambda user, today: ProjectFilterSet.for_user(BEHIND, user).qs.count(), "projects:list", BEHIND,
         fragment="results", hint=behind_hint, kind=WATCH, danger=True, order=72),
]
