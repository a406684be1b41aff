"""Writes to estimates. Each function: one transaction, the acting user explicit, the permission
and maker ≠ checker checks, an audit event. The investor unit prepares an estimate in versions
(from its Excel sheet or line by line) and submits it; the checker — the CĐS appraiser or the
supervisor, never someone who prepared it — comments line by line and concludes. A conclusion
"suitable" adds the estimate's prices to the province's market history."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cds.audit.services import record_event
from cds.core.errors import MakerCheckerError, ServiceError, check_version
from cds.core.uploads import store_document
from cds.core.validation import BadInput, check_text, parse_money, sentence

from . import checks
from .calc import ucp as ucp_calc
from .calc.constants import method_constants
from .keys import item_key
from .models import (
    Basis,
    Conclusion,
    CostStructure,
    Estimate,
    EstimateLine,
    EstimateVersion,
    Flag,
    LineReview,
    Method,
    MethodKind,
    PricePoint,
    PriceSource,
    Source,
    Status,
)
from .permissions import can_check_estimate, can_prepare_estimate
from .selectors import checked_amounts, checked_total
from .sheet import groups_from_structure, parse

MAX_LINES = 5000
# Digits 0–9 only: int() would also read "٣" and fail on "²" or "--5".
LINE_FIELDS = ("group_code", "stt", "name", "unit", "quantity", "unit_price", "amount", "vat_rate", "vat_amount",
               "basis", "note", "norm_key")


class SheetRejected(ServiceError):
    """An uploaded sheet with row errors: nothing was written; ``rows`` lists them."""

    def __init__(self, rows: list):
        self.rows = rows
        super().__init__(f"Bảng dự toán có {len(rows)} lỗi; chưa có gì được ghi. Sửa các dòng dưới đây rồi tải lên lại.")


# ------------------------------------------------------------------ structure

def structure_for(project) -> CostStructure:
    """The cost structure the project's regime prescribes for its kind."""
    for structure in CostStructure.objects.filter(regimes=project.regime_id).order_by("sort_order"):
        if project.kind in structure.kind_list:
            return structure
    raise ServiceError(f"Chưa có cơ cấu dự toán cho loại nhiệm vụ/dự án này theo {project.regime}. "
                       "Quản trị viên bổ sung tại mục Cơ cấu dự toán.")


# ------------------------------------------------------------------ makers

def makers(estimate: Estimate) -> set[int]:
    """Everyone who prepared the estimate: its author, whoever added a version or submitted it."""
    ids = {estimate.prepared_by_id, estimate.submitted_by_id}
    ids |= set(estimate.versions.values_list("created_by_id", flat=True))
    # whoever submitted an earlier round too (a resubmission replaces ``submitted_by``)
    ids |= set(estimate.history.values_list("submitted_by_id", flat=True))
    return {i for i in ids if i}


def _ensure_checker(actor, estimate: Estimate) -> None:
    if not can_check_estimate(actor, estimate):
        raise PermissionDenied("Chỉ chuyên viên cơ quan chuyên trách CĐS hoặc giám sát độc lập kiểm tra dự toán.")
    if actor.pk in makers(estimate):
        raise MakerCheckerError("Bạn đã lập dự toán này nên không được kiểm tra nó "
                                "(nguyên tắc có người làm, có người giám sát độc lập).")


def _ensure_maker(actor, estimate: Estimate) -> None:
    if not can_prepare_estimate(actor, estimate.project):
        raise PermissionDenied("Chỉ đơn vị chủ đầu tư lập, sửa dự toán của mình.")



def _lock(estimate: Estimate) -> Estimate:
    return Estimate.objects.select_for_update().select_related("project__investor_unit", "structure").get(
        pk=estimate.pk)


def _editable(estimate: Estimate) -> None:
    if estimate.status == Status.SUBMITTED:
        raise ServiceError("Dự toán đang chờ kiểm tra: không sửa được cho đến khi có kết luận.")
    if estimate.status == Status.CONCLUDED and estimate.conclusion == Conclusion.SUITABLE:
        raise ServiceError("Dự toán đã được kết luận phù hợp: không sửa được.")


# ------------------------------------------------------------------ lines

def _text(value, label: str, limit: int, *, required=False, multiline=False) -> str:
    try:
        text = check_text(value, multiline=multiline)
    except BadInput as exc:
        raise ServiceError(sentence(label, exc)) from None
    if required and not text:
        raise ServiceError(f"{label} không được để trống.")
    if len(text) > limit:
        raise ServiceError(f"{label} dài quá {limit} ký tự.")
    return text


def _money(value, label: str) -> int | None:
    """Whole đồng (the house reading of money, :func:`cds.core.validation.parse_money`); a whole
    Decimal, as a calculation gives it, is read as its integer."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    return parse_money(value, label)


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _vietnamese_number(value) -> str:
    """A typed number as Vietnamese writes it: "1.000" is one thousand, "2,5" two and a half,
    "1.250,5" both; a lone "2.5" (a decimal point) is read as two and a half."""
    if not isinstance(value, str):
        return str(value)
    text = value.strip().replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if _THOUSANDS.match(text):
        return text.replace(".", "")
    return text


def _decimal(value, label: str, *, limit: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(_vietnamese_number(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label} phải là số.") from None
    if not number.is_finite() or number < 0:
        raise ServiceError(f"{label} phải là số không âm.")
    if number > limit:
        raise ServiceError(f"{label} quá lớn.")
    return number.quantize(Decimal("0.0001"))


def clean_line(data: dict, codes: set[str]) -> dict:
    """One line as stored; a ServiceError names what is wrong."""
    group = str(data.get("group_code") or "")
    if group not in codes:
        raise ServiceError("Nhóm chi phí không thuộc cơ cấu dự toán của nhiệm vụ/dự án.")
    out = {
        "group_code": group,
        "stt": _text(data.get("stt"), "STT", 20),
        "name": _text(data.get("name"), "Nội dung chi phí", 500, required=True),
        "unit": _text(data.get("unit"), "Đơn vị tính", 50),
        "quantity": _decimal(data.get("quantity"), "Khối lượng", limit=Decimal(10**12)),
        "unit_price": _money(data.get("unit_price"), "Đơn giá"),
        "amount": _money(data.get("amount"), "Thành tiền"),
        "vat_rate": _decimal(data.get("vat_rate"), "Thuế GTGT (%)", limit=Decimal(100)) or Decimal(0),
        "vat_amount": _money(data.get("vat_amount"), "Thuế GTGT (đồng)"),
        "basis": data.get("basis") or "",
        "note": _text(data.get("note"), "Ghi chú", 1000, multiline=True),
        "norm_key": _text(data.get("norm_key"), "Định mức áp dụng", 30),
    }
    if out["basis"] not in Basis.values:
        raise ServiceError("Căn cứ đơn giá không hợp lệ.")
    if out["amount"] is None:
        if out["quantity"] is None or out["unit_price"] is None:
            raise ServiceError("Cần ghi thành tiền, hoặc khối lượng và đơn giá.")
        out["amount"] = int((out["quantity"] * out["unit_price"]).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if out["vat_amount"] is None:
        out["vat_amount"] = int((Decimal(out["amount"]) * out["vat_rate"] / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP))
    return out


def _line_dicts(lines) -> list[dict]:
    out = []
    for ln in lines:
        if dataclasses.is_dataclass(ln):
            ln = dataclasses.asdict(ln)
        elif not isinstance(ln, dict):
            ln = {f: getattr(ln, f, None) for f in LINE_FIELDS}
        out.append(ln)
    return out


def _totals(version: EstimateVersion, lines: list[EstimateLine]) -> None:
    version.total_before_vat = sum(ln.amount for ln in lines)
    version.total_vat = sum(ln.vat_amount for ln in lines)
    version.total = version.total_before_vat + version.total_vat


def run_checks(version: EstimateVersion, actor=None) -> list[Flag]:
    """Run the registered rules on a stored version and keep what they found (replacing the
    flags of an earlier run)."""
    estimate = version.estimate
    lines = list(version.lines.all())
    ctx = checks.Context(estimate.project, estimate.structure, lines, version.declared_subtotals or {},
                         version.declared_total, version.ucp or {}, estimate.pk, actor,
                         day=timezone.localdate(version.created_at))
    found = checks.run(ctx)
    version.flags.all().delete()
    flags = Flag.objects.bulk_create([
        Flag(version=version, line=f.line if isinstance(f.line, EstimateLine) else None, group_code=f.group_code,
             rule=f.rule, level=f.level, message=f.message, evidence=f.evidence, citation=f.citation[:300])
        for f in found])
    version.checked_at = timezone.now()
    version.save(update_fields=["checked_at"])
    return flags


def _new_version(actor, estimate: Estimate, lines: list[dict], *, source: str, note: str = "",
                 declared_subtotals=None, declared_total=None, ucp=None) -> EstimateVersion:
    if len(lines) > MAX_LINES:
        raise ServiceError(f"Dự toán có {len(lines)} khoản mục; tối đa {MAX_LINES}.")
    codes = {g.code for g in estimate.structure.groups.all()}
    cleaned = []
    for i, data in enumerate(lines, 1):
        try:
            cleaned.append(clean_line(data, codes))
        except ServiceError as exc:
            raise ServiceError(f"Khoản mục thứ {i}: {exc.messages[0]}") from None
    number = (estimate.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = EstimateVersion.objects.create(
        estimate=estimate, number=number, source=source, note=_text(note, "Ghi chú", 500),
        declared_subtotals=declared_subtotals or {}, declared_total=declared_total, ucp=ucp or {},
        created_by=actor)
    rows = [EstimateLine(version=version, position=i, item_key=item_key(c["name"]), **c)
            for i, c in enumerate(cleaned, 1)]
    _carry_evidence(estimate, estimate.current_version, rows)
    EstimateLine.objects.bulk_create(rows, batch_size=500)
    _totals(version, rows)
    version.save(update_fields=["total_before_vat", "total_vat", "total"])
    estimate.current_version = number
    if estimate.status == Status.CONCLUDED:
        estimate.status, estimate.conclusion = Status.DRAFT, ""
    estimate.version += 1
    estimate.save(update_fields=["current_version", "status", "conclusion", "version"])
    return version


def _carry_evidence(estimate: Estimate, previous: int, rows: list[EstimateLine]) -> None:
    """A new version keeps the evidence attached to the same items (group and item key) of the
    version it follows: correcting one line or re-importing the sheet does not drop the
    quotations already attached to the others."""
    if previous < 1:
        return
    attached = {}
    for ln in EstimateLine.objects.filter(version__estimate=estimate, version__number=previous).exclude(evidence=""):
        attached.setdefault((ln.group_code, ln.item_key), (ln.evidence.name, ln.evidence_name))
    for row in rows:
        found = attached.get((row.group_code, row.item_key))
        if found and not row.evidence:
            row.evidence, row.evidence_name = found


# ------------------------------------------------------------------ maker's side

def create_estimate(actor, project, *, title: str) -> Estimate:
    if not can_prepare_estimate(actor, project):
        raise PermissionDenied("Chỉ đơn vị chủ đầu tư lập dự toán của nhiệm vụ/dự án.")
    title = _text(title, "Tên dự toán", 500, required=True)
    with transaction.atomic():
        estimate = Estimate.objects.create(project=project, structure=structure_for(project), title=title,
                                           prepared_by=actor)
        record_event(actor, "estimate.created", estimate, data={"project": project.code})
    return estimate


def save_version(actor, estimate: Estimate, lines, *, expected_version=None, note: str = "",
                 declared_subtotals=None, declared_total=None, source: str = Source.MANUAL) -> EstimateVersion:
    """A new version from ``lines`` (dicts, dataclasses or objects with the line's fields)."""
    _ensure_maker(actor, estimate)
    with transaction.atomic():
        estimate = _lock(estimate)
        check_version(estimate, expected_version)
        _editable(estimate)
        version = _new_version(actor, estimate, _line_dicts(lines), source=source, note=note,
                               declared_subtotals=declared_subtotals, declared_total=declared_total,
                               ucp=_current_ucp(estimate))
        run_checks(version, actor)
        record_event(actor, "estimate.version_added", estimate, data={
            "version": version.number, "source": source, "lines": len(lines), "total": version.total})
    return version


def _current_ucp(estimate) -> dict:
    current = estimate.versions.filter(number=estimate.current_version).values_list("ucp", flat=True).first()
    return current or {}


def read_sheet(actor, estimate: Estimate, upload):
    """Parse an uploaded sheet for the estimate's structure without writing anything; returns
    (parsed sheet, what the checks would find). Row errors come back in the parsed sheet."""
    _ensure_maker(actor, estimate)
    data = upload.read() if hasattr(upload, "read") else upload
    parsed = parse(data, groups_from_structure(estimate.structure))
    if parsed.errors:
        return parsed, []
    ctx = checks.Context(estimate.project, estimate.structure, parsed.lines,
                         parsed.subtotals, parsed.total, _current_ucp(estimate), estimate.pk, actor)
    return parsed, checks.run(ctx)


def import_sheet(actor, estimate: Estimate, upload, *, expected_version=None, note: str = "") -> EstimateVersion:
    """All or nothing: a sheet with any row error writes nothing (the refusal is recorded)."""
    _ensure_maker(actor, estimate)
    data = upload.read() if hasattr(upload, "read") else upload
    parsed = parse(data, groups_from_structure(estimate.structure))
    if parsed.errors:
        record_event(actor, "estimate.import_rejected", estimate, data={"errors": len(parsed.errors)})
        raise SheetRejected(parsed.errors)
    name = getattr(upload, "name", "") or "du-toan.xlsx"
    sha = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        estimate = _lock(estimate)
        check_version(estimate, expected_version)
        _editable(estimate)
        version = _new_version(actor, estimate, _line_dicts(parsed.lines), source=Source.IMPORT, note=note,
                               declared_subtotals=parsed.subtotals, declared_total=parsed.total,
                               ucp=_current_ucp(estimate))
        version.file.save(f"du-toan-{estimate.pk}-{version.number}-{sha[:12]}.xlsx", ContentFile(data), save=False)
        version.file_name, version.file_sha256 = name[-255:], sha
        version.save(update_fields=["file", "file_name", "file_sha256"])
        run_checks(version, actor)
        record_event(actor, "estimate.version_added", estimate, data={
            "version": version.number, "source": Source.IMPORT, "lines": len(parsed.lines), "total": version.total,
            "file": name[-120:]})
    return version


def _draft_line(actor, estimate: Estimate, line_id) -> EstimateLine:
    _ensure_maker(actor, estimate)
    try:
        return EstimateLine.objects.select_related("version").get(
            pk=int(line_id), version__estimate=estimate, version__number=estimate.current_version)
    except (EstimateLine.DoesNotExist, ValueError, TypeError):
        raise ServiceError("Khoản mục không thuộc phiên bản hiện hành của dự toán.") from None


def attach_evidence(actor, estimate: Estimate, line_id, upload) -> EstimateLine:
    """The document a line's price rests on (báo giá, chứng thư thẩm định giá …)."""
    _ensure_maker(actor, estimate)  # before anything is said of the estimate's state
    with transaction.atomic():
        estimate = _lock(estimate)
        _editable(estimate)
        line = _draft_line(actor, estimate, line_id)
        stored = store_document(upload, line.evidence, f"can-cu-{line.pk}")
        line.evidence_name = stored.name
        line.save(update_fields=["evidence", "evidence_name"])
        record_event(actor, "estimate.evidence", estimate, data={
            "version": estimate.current_version, "line": line.name[:120], "file": stored.name[-120:]})
    return line


def attach_ucp(actor, estimate: Estimate, method_code: str, inputs: dict, *, expected_version=None) -> EstimateVersion:
    """Attach a use-case-point calculation to the current version (its inputs and every
    intermediate value), then check again: the cost per point is compared with similar projects."""
    _ensure_maker(actor, estimate)
    if not Method.objects.filter(code=method_code, kind=MethodKind.UCP).exists():
        raise ServiceError("Phương pháp tính chi phí phần mềm không hợp lệ.")
    result = ucp_calc.compute(inputs, method_constants(method_code))
    with transaction.atomic():
        estimate = _lock(estimate)
        check_version(estimate, expected_version)
        _editable(estimate)
        version = estimate.versions.filter(number=estimate.current_version).first()
        if version is None:
            raise ServiceError("Dự toán chưa có phiên bản nào: hãy nhập bảng dự toán trước.")
        version.ucp = _json_safe({"method": method_code, "inputs": inputs, **result.as_dict()})
        version.save(update_fields=["ucp"])
        estimate.version += 1
        estimate.save(update_fields=["version"])
        run_checks(version, actor)
        record_event(actor, "estimate.ucp_attached", estimate, data={
            "version": version.number, "method": method_code, "total": result.total})
    return version


def _json_safe(value):
    """What a JSON column can hold: the calculator's decimals as numbers (whole ones as int)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def submit(actor, estimate: Estimate, *, expected_version=None) -> Estimate:
    _ensure_maker(actor, estimate)
    with transaction.atomic():
        estimate = _lock(estimate)
        check_version(estimate, expected_version)
        if estimate.status == Status.SUBMITTED:
            raise ServiceError("Dự toán đã được gửi kiểm tra.")
        _editable(estimate)
        if not estimate.current_version or not EstimateLine.objects.filter(
                version__estimate=estimate, version__number=estimate.current_version).exists():
            raise ServiceError("Dự toán chưa có khoản mục nào: hãy nhập bảng dự toán trước khi gửi kiểm tra.")
        estimate.status, estimate.submitted_by, estimate.submitted_at = Status.SUBMITTED, actor, timezone.now()
        estimate.version += 1
        estimate.save(update_fields=["status", "submitted_by", "submitted_at", "version"])
        record_event(actor, "estimate.submitted", estimate, data={"version": estimate.current_version})
    return estimate


# ------------------------------------------------------------------ checker's side

def review_line(actor, estimate: Estimate, *, text: str, line_id=None, checked_amount=None) -> LineReview:
    """The checker's comment on a line of the current version (or on the whole estimate), with
    the amount before VAT they accept."""
    _ensure_checker(actor, estimate)
    text = _text(text, "Ý kiến", 4000, required=True, multiline=True)
    amount = _money(checked_amount, "Giá trị chấp nhận")
    with transaction.atomic():
        estimate = _lock(estimate)
        if estimate.status != Status.SUBMITTED:
            raise ServiceError("Chỉ ghi ý kiến khi dự toán đang chờ kiểm tra.")
        version = estimate.versions.get(number=estimate.current_version)
        line = None
        if line_id not in (None, ""):
            try:
                line = version.lines.get(pk=int(line_id))
            except (EstimateLine.DoesNotExist, ValueError, TypeError):
                raise ServiceError("Khoản mục không thuộc phiên bản đang kiểm tra.") from None
        elif amount is not None:
            raise ServiceError("Giá trị chấp nhận chỉ ghi cho một khoản mục.")
        review = LineReview.objects.create(version=version, line=line, text=text, checked_amount=amount,
                                           author=actor)
        record_event(actor, "estimate.reviewed", estimate, data={
            "version": version.number, "line": line.name[:120] if line else "",
            "checked_amount": amount, "note": text[:300]})
    return review


def conclude(actor, estimate: Estimate, *, conclusion: str, text: str, expected_version=None) -> Estimate:
    _ensure_checker(actor, estimate)
    if conclusion not in Conclusion.values:
        raise ServiceError("Chọn kết luận kiểm tra dự toán.")
    text = _text(text, "Ý kiến kiểm tra", 8000, required=True, multiline=True)
    with transaction.atomic():
        estimate = _lock(estimate)
        check_version(estimate, expected_version)
        if estimate.status != Status.SUBMITTED:
            raise ServiceError("Chỉ kết luận dự toán đang chờ kiểm tra.")
        version = estimate.versions.prefetch_related("lines", "reviews").get(number=estimate.current_version)
        estimate.status, estimate.conclusion, estimate.conclusion_text = Status.CONCLUDED, conclusion, text
        estimate.concluded_by, estimate.concluded_at = actor, timezone.now()
        estimate.concluded_version, estimate.checked_total = version.number, checked_total(version)
        estimate.version += 1
        estimate.save()
        if conclusion == Conclusion.SUITABLE:
            _record_prices(estimate, version)
        record_event(actor, "estimate.concluded", estimate, data={
            "version": version.number, "conclusion": conclusion, "checked_total": estimate.checked_total,
            "requested_total": version.total})
    return estimate


def _record_prices(estimate: Estimate, version: EstimateVersion) -> None:
    accepted = checked_amounts(version)
    day = timezone.localdate()
    tree = estimate.project.investor_unit.tree_prefix
    points = []
    for ln in version.lines.all():
        if ln.group_code not in checks.market.PRICED_GROUPS or not ln.unit_price or not ln.quantity:
            continue
        price = ln.unit_price
        if ln.pk in accepted:
            price = int((Decimal(accepted[ln.pk]) / ln.quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if price <= 0:  # a line the checker struck out priced nothing
            continue
        points.append(PricePoint(tree_prefix=tree, item_key=ln.item_key, unit=ln.unit, unit_price=price,
                                 name=ln.name, day=day, estimate=estimate, line=ln))
    PricePoint.objects.bulk_create(points, batch_size=500)


def record_award_prices(package_id: int, tree_prefix: str, day, rows: list[dict]) -> int:
    """Replace the market prices a procurement result gives (``rows``: item_key, unit,
    unit_price, name): awarded unit prices are evidence for the market comparison beside the
    estimates concluded as suitable. Called by the procurement services inside their write."""
    PricePoint.objects.filter(source=PriceSource.AWARD, package_id=package_id).delete()
    points = [PricePoint(tree_prefix=tree_prefix, item_key=r["item_key"], unit=r.get("unit", ""),
                         unit_price=r["unit_price"], name=r["name"][:500], day=day, source=PriceSource.AWARD,
                         package_id=package_id)
              for r in rows if r.get("item_key") and r.get("unit_price")]
    PricePoint.objects.bulk_create(points, batch_size=500)
    return len(points)
