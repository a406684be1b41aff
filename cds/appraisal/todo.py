"""What appraisal hands out on the home page (:mod:`cds.core.todo`): dossiers waiting on the
investor unit, its head, the appraiser, the supervisor and the leader, and the opinions asked of
a unit — each counted with the reads of the tracking page (``/tham-dinh/``) that lists them."""
from cds.accounts.models import Role
from cds.core.todo import WATCH, Todo

from . import tracking
from .models import Status

UNIT = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def _dossiers(key, label, roles, order, *, status="", mine=False, overdue=False, hint="", **kwargs) -> Todo:
    params = {k: v for k, v in (("status", status), ("mine", "1" if mine else ""),
                                ("overdue", "1" if overdue else "")) if v}
    return Todo(f"appraisal.{key}", label, frozenset(roles),
                lambda user, today: tracking.dossiers(user, status, mine, overdue, today).count(),
                "appraisal:tracking", params, fragment="dossiers", hint=hint, order=order, **kwargs)


WORK_ITEMS = [
    _dossiers("supplement", "Hồ sơ thẩm định cần bổ sung", [Role.UNIT_STAFF], 10, status=Status.SUPPLEMENT,
              mine=True, hint="Thời hạn thẩm định tạm dừng đến khi đơn vị nộp hồ sơ bổ sung", danger=True),
    _dossiers("returned", "Hồ sơ thẩm định bị trả lại để hoàn thiện", UNIT, 11, status=Status.RETURNED, mine=True),
    _dossiers("draft", "Hồ sơ thẩm định chờ lãnh đạo đơn vị trình", [Role.UNIT_HEAD], 10, status=Status.DRAFT,
              mine=True, hint="Đủ tài liệu theo danh mục thì trình; thời hạn thẩm định tính từ ngày trình"),
    _dossiers("in_appraisal", "Hồ sơ đang thẩm định", [Role.CDS_APPRAISER], 10, status=Status.IN_APPRAISAL,
              hint="Hạn gần nhất trước"),
    _dossiers("overdue", "Hồ sơ quá hạn", [Role.CDS_APPRAISER], 11, overdue=True,
              hint="Quá thời hạn của bước đang thực hiện", danger=True),
    _dossiers("concluded", "Hồ sơ chờ giám sát xác nhận", [Role.SUPERVISOR], 10, status=Status.CONCLUDED,
              hint="Chuyên viên đã kết luận thẩm định"),
    _dossiers("countersigned", "Hồ sơ thẩm định chờ phê duyệt", [Role.LEADER], 10, status=Status.COUNTERSIGNED,
              hint="Đã thẩm định và được giám sát độc lập xác nhận"),
    Todo("appraisal.opinions", "Ý kiến phối hợp chờ đơn vị trả lời", frozenset(UNIT),
         lambda user, today: tracking.opinions_for_my_unit(user, pending_only=True).count(),
         "appraisal:tracking", {"opinions": "pending"}, fragment="my-opinions",
         hint="Cơ quan chuyên trách CĐS đề nghị cho ý kiến về hồ sơ thẩm định", order=40),
    Todo("appraisal.late_opinions", "Ý kiến phối hợp quá hạn", frozenset({Role.CDS_APPRAISER}),
         lambda user, today: tracking.late_opinions(user, today).count(), "appraisal:tracking",
         fragment="late-opinions", hint="Đơn vị được hỏi chưa trả lời sau hạn", kind=WATCH, danger=True, order=60),
]
