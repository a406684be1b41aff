"""What the follow-up items hand out on the home page (:mod:`cds.core.todo`): the CĐS appraiser's
own open items, and the open items a leader follows — counted with
:func:`cds.rankings.alert_selectors.filter_alerts`, as the list they link to."""
from cds.accounts.models import Role
from cds.core.todo import ACT, WATCH, Todo

from .alert_selectors import filter_alerts

MINE = {"owner": "me", "state": "open"}
OPEN = {"state": "open"}

WORK_ITEMS = [
    Todo("rankings.alerts_mine", "Việc theo dõi dự án chờ kết luận", frozenset({Role.CDS_APPRAISER}),
         lambda user, today: filter_alerts(user, MINE, today).count(), "rankings:alerts", MINE,
         fragment="alert-list", hint="Dự án đỏ hai quý liên tiếp hoặc giải ngân chậm: xem xét, kết luận trong hạn",
         kind=ACT, order=45),
    Todo("rankings.alerts_open", "Việc theo dõi dự án đang xem xét", frozenset({Role.LEADER}),
         lambda user, today: filter_alerts(user, OPEN, today).count(), "rankings:alerts", OPEN,
         fragment="alert-list", hint="Cơ quan chuyên trách chuyển đổi số đang xem xét các dự án có dấu hiệu rủi ro",
         kind=WATCH, order=45),
]
