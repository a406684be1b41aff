"""Writing a packages file through the services (:func:`~cds.procurement.services.create_plan`,
:func:`~cds.procurement.services.create_package`, :func:`~cds.procurement.services.record_result`),
so every rule of the package pages holds for a row (who may record on which project, identifiers,
values, audit events). One transaction: each row in its own savepoint so that every refusal is
reported with its row; any refusal, or a preview, rolls everything back. Once written, the
warnings of the units concerned are rebuilt once."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.text.chars import scrub

from .. import services, signals
from ..models import ColumnMapping, SelectionPlan
from ..permissions import can_import
from .checking import PLAN_ERRORS, Checker, parse
from .reading import check_upload
from .result import ImportRejected, ImportResult

NOT_ALLOWED = "Bạn không có quyền nhập gói thầu."
NO_ROWS = "Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề."
CLASH = ("Không ghi được do trùng mã hoặc dữ liệu thay đổi trong lúc nhập; chưa ghi gói thầu nào. Hãy thử lại.")


class _Rollback(Exception):
    pass


def ensure_can_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(NOT_ALLOWED)


def write(user, mapping: ColumnMapping, result: ImportResult, *, commit: bool) -> ImportResult:
    """Create every row of ``result`` in one transaction; kept only when ``commit`` and no row
    was refused."""
    if result.error_count or not result.rows:
        return result
    checker = Checker(None, result, {}, {})
    source = mapping.source
    try:
        with transaction.atomic():
            plans: dict[tuple, SelectionPlan] = {}
            units: set[int] = set()
            for r in result.rows:
                plan = plans.get(r.plan_key)
                if plan is None:
                    try:
                        with transaction.atomic():
                            if r.plan.get("id"):
                                plan = SelectionPlan.objects.get(pk=r.plan["id"])
                            else:
                                plan = services.create_plan(user, r.project, r.plan, source=source)
                                result.plans_created += 1
                    except (ServiceError, PermissionDenied) as exc:
                        _report(checker, r.row, exc, PLAN_ERRORS)
                        continue
                    plans[r.plan_key] = plan
                try:
                    with transaction.atomic():
                        package = services.create_package(user, plan, r.package, source=source, refresh=False)
                        if r.result is not None:
                            services.record_result(user, package, r.result, package.version, refresh=False)
                            result.results += 1
                except (ServiceError, PermissionDenied) as exc:
                    _report(checker, r.row, exc)
                    continue
                units.add(package.unit_id)
                result.created += 1
            if not commit or result.error_count:
                raise _Rollback()
            signals.refresh_units(units)
            record_event(user, "procurement.packages_imported", data={
                "file_name": result.file_name, "count": result.created, "mapping": mapping.code})
    except _Rollback:
        pass
    except IntegrityError:
        result.file_error(CLASH)
    if commit and result.error_count:
        result.created = result.results = result.plans_created = 0
    return result


def _report(checker: Checker, row: int, exc, names=None) -> None:
    if isinstance(exc, PermissionDenied):
        checker.err(row, "", str(exc) or NOT_ALLOWED)
    else:
        checker.service_errors(row, exc, names)


def check(user, mapping: ColumnMapping, kind: str, data: bytes, file_name: str = "", project=None) -> ImportResult:
    """Read the file and try every row through the services, writing nothing."""
    ensure_can_import(user)
    return write(user, mapping, parse(user, mapping, kind, data, file_name, project), commit=False)


def rejected(user, result: ImportResult) -> None:
    """Record the refusal of a file (the audit event of a file that changed nothing)."""
    if not result.error_count:
        result.file_error(NO_ROWS)
    record_event(user, "procurement.import_rejected", data=result.summary())


def preview(user, mapping: ColumnMapping, upload, project=None) -> tuple[ImportResult, str, bytes | None]:
    """The upload checks (content, size, type) and :func:`check`; records the refusal of a file
    that cannot be imported. Returns the result, the file's kind and its bytes (None when the
    upload itself was refused)."""
    ensure_can_import(user)
    name = scrub((getattr(upload, "name", "") or "")[-255:])
    try:
        kind, data = check_upload(upload)
    except ServiceError as exc:
        result = ImportResult(file_name=name, mapping=mapping.code)
        for message in exc.messages:
            result.file_error(message)
        rejected(user, result)
        return result, "", None
    result = check(user, mapping, kind, data, name, project)
    if not result.ok:
        rejected(user, result)
    return result, kind, data


def apply(user, mapping: ColumnMapping, kind: str, data: bytes, file_name: str = "", project=None) -> ImportResult:
    """Read ``data`` again (never trusting the preview) and create every package, or none:
    raises :class:`ImportRejected` with all the errors when any row is refused."""
    ensure_can_import(user)
    result = write(user, mapping, parse(user, mapping, kind, data, file_name, project), commit=True)
    if not result.ok:
        rejected(user, result)
        raise ImportRejected(result)
    return result
