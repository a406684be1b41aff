"""What the systems map hands out on the home page (:mod:`cds.core.todo`), each counted through the
very lists it links to (:mod:`cds.systems.tracking`, :func:`cds.systems.selectors.listed_findings`):

* the head of a unit: the unit's systems whose record has no valid seal (never attested, broken
  by another person's edit, or older than twelve months) — ``/he-thong/?xac-nhan=chua``;
* the unit's staff: the unit's systems whose record is less than 60 % complete or has a finding
  — ``/he-thong/?bo-sung=1``;
* the CĐS authority: the findings of the province's systems — ``/he-thong/phat-hien/``."""
from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo

from . import selectors, tracking


def _work(user, today) -> int:
    rows = selectors.system_list(user, tracking.own_systems(user))
    return len(tracking.needs_work(rows, selectors.findings_for(user, [s.pk for s in rows])))


def _findings(user, today) -> int:
    return len(selectors.listed_findings(user))


WORK_ITEMS = [
    Todo("systems.to_attest", "Hồ sơ hệ thống chưa được xác nhận", frozenset({Role.UNIT_HEAD}),
         lambda user, today: tracking.needs_seal(user).count(), "systems:list",
         {tracking.SEAL: tracking.SEAL_MISSING}, fragment="systems",
         hint="Xem hồ sơ hệ thống của đơn vị rồi bấm “Xác nhận hồ sơ”; xác nhận hết hiệu lực sau 12 tháng "
              "hoặc khi người khác sửa", order=40),
    Todo("systems.to_complete", "Hồ sơ hệ thống cần bổ sung", frozenset({Role.UNIT_STAFF}), _work, "systems:list",
         {tracking.WORK: "1"}, fragment="systems",
         hint=f"Hồ sơ đầy đủ dưới {tracking.LOW_COMPLETENESS}% hoặc có phát hiện (không kết nối, dữ liệu hai chủ …)",
         order=40),
    Todo("systems.findings", "Phát hiện trên bản đồ hệ thống", frozenset({Role.CDS_APPRAISER}), _findings,
         "systems:findings", fragment="findings", hint="Mỗi phát hiện nêu lý do; đơn vị chủ quản sửa hồ sơ",
         kind=WATCH, order=75),
]
