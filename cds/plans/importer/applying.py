"""Writing a proposals sheet through :func:`cds.plans.services.create_proposal`, so every rule
of the proposal page holds for a row (who may propose for which unit while the round is open,
the carried-over task of the round's tree, codes, checks, audit events). One transaction: each
row in its own savepoint so that every refusal is reported with its row; any refusal, or a
preview, rolls everything back."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.uploads import check_xlsx_upload
from cds.text.chars import scrub

from .. import services
from ..models import Level, Round, RoundStatus
from ..permissions import can_propose
from .columns import BY_KEY
from .reading import parse
from .result import ImportRejected, ImportResult

NOT_ALLOWED = "Bạn không được nhập đề xuất cho đơn vị của mình trong đợt lập kế hoạch này."
SHOWN_FINDINGS = 3
CLOSED = "Đợt lập kế hoạch không còn nhận đề xuất mới."
NO_ROWS = "Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề."
# The service's fields, by the column a user sees them in.
FIELD_COLUMNS = {"name": "name", "objectives": "objectives", "problem": "problem", "legal_basis": "legal_basis",
                 "kind": "kind", "regime": "regime", "programme": "programme", "systems": "systems",
                 "start_year": "start_year", "end_year": "end_year", "priority": "priority", "project": "project"}


class _Rollback(Exception):
    pass


def ensure_can_import(user, round_: Round) -> None:
    if not can_propose(user, round_, user.unit):
        raise PermissionDenied(NOT_ALLOWED if round_.status == RoundStatus.OPEN else CLOSED)


def _report(result: ImportResult, row: int, exc) -> None:
    if isinstance(exc, PermissionDenied):
        result.add(row, "", str(exc) or NOT_ALLOWED)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            key = FIELD_COLUMNS.get(field)
            column = BY_KEY[key].label if key else ""
            for message in messages:
                result.add(row, column, message)
        return
    for message in exc.messages:
        result.add(row, "", message)


def write(user, round_: Round, result: ImportResult, *, commit: bool) -> ImportResult:
    """Create every row of ``result`` through the services in one transaction; kept only when
    ``commit`` and no row was refused."""
    if result.error_count or not result.rows:
        return result
    try:
        with transaction.atomic():
            for r in result.rows:
                try:
                    with transaction.atomic():
                        proposal = services.create_proposal(user, round_, dict(r.data))
                except (ServiceError, PermissionDenied) as exc:
                    _report(result, r.row, exc)
                    continue
                r.code, r.warnings = proposal.code, proposal.warnings
                if proposal.warnings:
                    r.findings = list(proposal.findings.filter(level=Level.WARNING).order_by("code", "-score")
                                      .values_list("message", flat=True)[:SHOWN_FINDINGS])
                result.created += 1
            if not commit or result.error_count:
                raise _Rollback()
            record_event(user, "plan.proposals_imported", round_, data={
                "file_name": result.file_name, "sha256": result.sha256, "count": result.created,
                "total": result.total, "first_code": result.rows[0].code, "last_code": result.rows[-1].code})
    except _Rollback:
        pass
    except IntegrityError:
        result.file_error("Không ghi được do trùng mã hoặc dữ liệu thay đổi trong lúc nhập; chưa ghi đề xuất nào. "
                          "Hãy thử lại.")
    if not commit or result.error_count:
        result.created = 0
    return result


def check(user, round_: Round, data: bytes, file_name: str = "") -> ImportResult:
    """Read the workbook and try every row through the services, writing nothing."""
    ensure_can_import(user, round_)
    return write(user, round_, parse(user, round_, data, file_name), commit=False)


def _rejected(user, round_: Round, result: ImportResult) -> None:
    if not result.error_count:
        result.file_error(NO_ROWS)
    record_event(user, "plan.import_rejected", round_, data=result.summary())


def preview(user, round_: Round, upload) -> tuple[ImportResult, bytes | None]:
    """The upload checks (content, size, zip bomb) and :func:`check`; records the audit event
    of a refused file. Returns the result and the bytes (None when the upload was refused)."""
    ensure_can_import(user, round_)
    name = scrub((getattr(upload, "name", "") or "")[-255:])
    try:
        data = check_xlsx_upload(upload)
    except ServiceError as exc:
        result = ImportResult(file_name=name)
        for message in exc.messages:
            result.file_error(message)
        _rejected(user, round_, result)
        return result, None
    result = check(user, round_, data, name)
    if not result.ok:
        _rejected(user, round_, result)
    return result, data


def apply(user, round_: Round, data: bytes, file_name: str = "") -> ImportResult:
    """Read ``data`` again (never trusting the preview) and create every proposal, or none:
    raises :class:`ImportRejected` with all the errors when any row is refused."""
    ensure_can_import(user, round_)
    result = write(user, round_, parse(user, round_, data, file_name), commit=True)
    if not result.ok:
        _rejected(user, round_, result)
        raise ImportRejected(result)
    return result
