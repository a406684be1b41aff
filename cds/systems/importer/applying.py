"""Writing an inventory workbook through the services, so every rule of a page holds for a row
(who may register for which unit, the core system's tree, the version bump and the broken seal
of an update, the audit events). One transaction: each row in its own savepoint so that every
refusal is reported with its sheet and row; any refusal, or a preview, rolls everything back."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cds.audit.services import record_event
from cds.core.errors import ServiceError
from cds.core.uploads import check_xlsx_upload
from cds.text.chars import scrub

from .. import services
from ..models import HoldingRole, InformationSystem, Integration
from ..permissions import can_create_systems
from .reading import parse
from .result import ImportRejected, ImportResult

NOT_ALLOWED = "Bạn không có quyền nhập danh mục hệ thống thông tin từ Excel."


class _Rollback(Exception):
    pass


def _message(exc) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc) or "Bạn không có quyền thực hiện thao tác này."
    return " ".join(exc.messages)


def _write_systems(user, result: ImportResult) -> dict:
    written: dict[int, InformationSystem] = {}
    cores = {s.pk: s for s in InformationSystem.objects.filter(
        pk__in=[r.core_id for r in result.systems if r.core_id])}
    for r in result.systems:
        data = dict(r.data)
        if r.core_row is not None:
            if r.core_row not in written:
                result.add(result.systems_sheet, r.row, "Hệ thống lõi",
                           f"hệ thống lõi ở dòng {r.core_row} không ghi được (xem lỗi của dòng đó)")
                continue
            data["core_system"] = written[r.core_row]
        elif r.core_id is not None:
            data["core_system"] = cores[r.core_id]
        try:
            with transaction.atomic():
                if r.is_update:
                    system = InformationSystem.objects.select_related("owner_unit").get(pk=r.existing_id)
                    system = services.update_system(user, system, data, expected_version=system.version)
                    result.updated += 1
                else:
                    system = services.create_system(user, data)
                    result.created += 1
                for entity, sharing in r.holdings:
                    services.save_holding(user, system, entity=entity, role=HoldingRole.MASTER, sharing=sharing)
                if r.cost:
                    year, operating, development = r.cost
                    services.save_cost(user, system, year=year, operating_cost=operating,
                                       development_cost=development)
        except (ServiceError, PermissionDenied) as exc:
            result.add(result.systems_sheet, r.row, "", _message(exc))
            continue
        written[r.row] = system
    return written


def _write_links(user, result: ImportResult, written: dict) -> None:
    ids = {ref[1] for link in result.links for ref in (link.source, link.target) if ref[0] == "id"}
    known = {s.pk: s for s in InformationSystem.objects.filter(pk__in=ids).select_related("owner_unit", "root_unit")}
    known.update({s.pk: s for s in written.values()})
    for link in result.links:
        ends = []
        for ref, label in ((link.source, link.source_label), (link.target, link.target_label)):
            system = written.get(ref[1]) if ref[0] == "row" else known.get(ref[1])
            if system is None:
                result.add(result.links_sheet, link.row, "Hệ thống gửi" if not ends else "Hệ thống nhận",
                           f"hệ thống “{label}” ở dòng {ref[1]} trang “{result.systems_sheet}” không ghi được")
                break
            ends.append(system)
        if len(ends) != 2:
            continue
        source, target = ends
        existing = Integration.objects.filter(source=source, target=target).first()
        try:
            with transaction.atomic():
                services.save_integration(
                    user, source=source, target=target, mechanism=link.mechanism, status=link.status,
                    both_ways=link.both_ways, since=link.since, entities=link.entities, note=link.note,
                    integration=existing, expected_version=existing.version if existing else None)
        except (ServiceError, PermissionDenied) as exc:
            result.add(result.links_sheet, link.row, "", _message(exc))
            continue
        result.links_saved += 1


def write(user, result: ImportResult, *, commit: bool) -> ImportResult:
    """Run every row of ``result`` through the services in one transaction; kept only when
    ``commit`` and no row was refused."""
    if result.error_count or not (result.systems or result.links):
        return result
    try:
        with transaction.atomic():
            written = _write_systems(user, result)
            _write_links(user, result, written)
            if not commit or result.error_count:
                raise _Rollback()
            record_event(user, "system.imported", data={
                "file_name": result.file_name, "sha256": result.sha256, "created": result.created,
                "updated": result.updated, "links": result.links_saved})
    except _Rollback:
        pass
    except IntegrityError:
        result.file_error("Không ghi được do trùng mã hoặc dữ liệu thay đổi trong lúc nhập; chưa ghi dòng nào. "
                          "Hãy thử lại.")
    return result


def check(user, data: bytes, file_name: str = "") -> ImportResult:
    """Read the workbook and try every row through the services, writing nothing."""
    if not can_create_systems(user):
        raise PermissionDenied(NOT_ALLOWED)
    return write(user, parse(user, data, file_name), commit=False)


def preview(user, upload) -> tuple[ImportResult, bytes | None]:
    """The upload checks (content, size, zip bomb) and :func:`check`; records the audit event
    of a refused file. Returns the result and the bytes (None when the upload was refused)."""
    if not can_create_systems(user):
        raise PermissionDenied(NOT_ALLOWED)
    name = scrub((getattr(upload, "name", "") or "")[-255:])
    try:
        data = check_xlsx_upload(upload)
    except ServiceError as exc:
        result = ImportResult(file_name=name)
        for message in exc.messages:
            result.file_error(message)
        record_event(user, "system.import_rejected", data=result.summary())
        return result, None
    result = check(user, data, name)
    if not result.ok:
        if not result.error_count:
            result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
        record_event(user, "system.import_rejected", data=result.summary())
    return result, data


def apply(user, data: bytes, file_name: str = "") -> ImportResult:
    """Read ``data`` again (never trusting the preview) and write every row, or nothing: raises
    :class:`ImportRejected` with all the errors when any row is refused."""
    if not can_create_systems(user):
        raise PermissionDenied(NOT_ALLOWED)
    result = write(user, parse(user, data, file_name), commit=True)
    if not result.ok:
        if not result.error_count:
            result.file_error("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
        record_event(user, "system.import_rejected", data=result.summary())
        raise ImportRejected(result)
    return result
