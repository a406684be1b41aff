"""Writes to estimates: who may prepare and who may check (never the same person), versions
and their refusals (nothing written), evidence, the use-case-point calculation, submission,
line reviews and the conclusion that feeds the province's price history; every write leaves an
audit event that reads in Vietnamese."""
from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.accounts.models import Role
from cds.audit import registry
from cds.audit.models import AuditEvent
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.estimates import selectors, services
from cds.estimates.models import (
    Conclusion,
    Estimate,
    EstimateLine,
    EstimateVersion,
    Flag,
    LineReview,
    PricePoint,
    Source,
    Status,
)

from .conftest import basic_lines, line, prepared, submitted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TECHNICAL = [2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1]
ENVIRONMENT = [5, 5, 3, 5, 5, 5, 0, 5]


def ucp_inputs(hourly_rate=55677):
    return {"actors": {"simple": 0, "average": 0, "complex": 3},
            "use_cases": {"B": {"simple": 11, "average": 9}, "M": {"simple": 1}, "T": {"average": 1}},
            "technical_factors": TECHNICAL, "environment_factors": ENVIRONMENT, "hourly_rate": hourly_rate}


def events(estimate, verb=None):
    qs = AuditEvent.objects.filter(target_type="estimates.estimate", target_id=estimate.pk).order_by("id")
    return list(qs.filter(verb=verb) if verb else qs)


def snapshot(estimate):
    """What a refused write must leave as it was."""
    estimate.refresh_from_db()
    return (estimate.version, estimate.current_version, estimate.status, EstimateVersion.objects.count(),
            EstimateLine.objects.count(), Flag.objects.count(), LineReview.objects.count(), PricePoint.objects.count(),
            AuditEvent.objects.count())


def become(user, role):
    """The same person in another role (moved to the CĐS office, made a supervisor …)."""
    user.role = role
    user.save()
    user.__dict__.pop("_cds_scope", None)
    return user


# ------------------------------------------------------------------ create

@pytest.mark.parametrize("who", ["staff_a", "head_a"])
def test_staff_and_head_of_the_investor_unit_create(est, who):
    user = getattr(est.cast, who)
    estimate = services.create_estimate(user, est.inv, title="Dự toán chi tiết")
    assert estimate.structure.code == "nd73_tt04" and estimate.status == Status.DRAFT
    assert estimate.prepared_by == user and estimate.current_version == 0
    [event] = events(estimate, "estimate.created")
    assert event.actor == user and event.data == {"project": est.inv.code}


@pytest.mark.parametrize("who", ["staff_b", "head_b", "appraiser", "supervisor", "leader", "inspector", "admin",
                                 "outsider", "outsider_staff"])
def test_nobody_else_creates(est, who):
    with pytest.raises(PermissionDenied):
        services.create_estimate(getattr(est.cast, who), est.inv, title="Dự toán")
    assert not Estimate.objects.exists()


@pytest.mark.parametrize(("name", "structure"), [("inv", "nd73_tt04"), ("recurrent", "tt03_de_cuong"),
                                                 ("nd224", "nd224_49"), ("rental", "nd73_rental")])
def test_structure_follows_regime_and_kind(est, name, structure):
    project = getattr(est, name)
    actor = est.cast.staff_b if name == "recurrent" else est.cast.staff_a
    assert services.create_estimate(actor, project, title="Dự toán").structure.code == structure


@pytest.mark.parametrize("title", ["", "   ", "Dự toán\u202e", "x" * 501])
def test_bad_title_refused(est, title):
    with pytest.raises(ServiceError):
        services.create_estimate(est.cast.staff_a, est.inv, title=title)
    assert not Estimate.objects.exists()


# ------------------------------------------------------------------ versions

def test_versions_are_numbered_with_totals_keys_and_flags(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    v1 = services.save_version(staff, estimate, basic_lines(), expected_version=estimate.version)
    assert v1.number == 1 and v1.source == Source.MANUAL and v1.created_by == staff
    assert v1.total_before_vat == 1_080_000_000 and v1.total_vat == 60_000_000 and v1.total == 1_140_000_000
    first = v1.lines.order_by("position").first()
    assert first.item_key == "may chu" and first.position == 1 and first.vat_amount == 60_000_000
    assert v1.flags.filter(rule="norm.contingency").exists() and v1.checked_at is not None

    lines = basic_lines()
    lines[0].update(name="- Máy chủ (bổ sung RAM)", amount=999)
    estimate.refresh_from_db()
    v2 = services.save_version(est.cast.head_a, estimate, lines, expected_version=estimate.version, note="Sửa")
    estimate.refresh_from_db()
    assert v2.number == 2 and estimate.current_version == 2 and v2.note == "Sửa"
    assert v2.lines.order_by("position").first().item_key == "may chu"   # list mark and brackets left out
    assert v2.flags.filter(rule="arithmetic.line").exists() and not v1.flags.filter(rule="arithmetic.line").exists()
    added = events(estimate, "estimate.version_added")
    assert [e.data["version"] for e in added] == [1, 2]
    assert added[0].data == {"version": 1, "source": "manual", "lines": 5, "total": 1_140_000_000}


def test_amount_computed_from_quantity_and_price_when_left_blank(est):
    estimate = prepared(est.cast.staff_a, est.inv, [line("tb", "Máy chủ", quantity="1,5", unit_price=3,
                                                         vat_rate=10)])
    ln = EstimateLine.objects.get(version__estimate=estimate)
    assert (ln.quantity, ln.amount, ln.vat_amount) == (Decimal("1.5"), 5, 1)


def test_stale_version_is_a_conflict_and_writes_nothing(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    stale = estimate.version - 1
    before = snapshot(estimate)
    with pytest.raises(ConflictError):
        services.save_version(staff, estimate, basic_lines(), expected_version=stale)
    assert snapshot(estimate) == before


BAD_LINES = [
    ({"name": ""}, "Nội dung chi phí không được để trống"),
    ({"name": "\u200b "}, "Nội dung chi phí không được để trống"),
    ({"unit_price": -5}, "Đơn giá không được âm"),
    ({"unit_price": "-5"}, "Đơn giá không được âm"),
    ({"unit_price": "năm triệu"}, "Đơn giá phải là số nguyên đồng"),
    ({"unit_price": "1.5"}, "Đơn giá phải là số nguyên đồng"),
    ({"unit_price": 1.5}, "Đơn giá phải là số nguyên đồng"),
    ({"unit_price": True}, "Đơn giá phải là số nguyên đồng"),
    ({"amount": 10**15 + 1}, "Thành tiền quá lớn"),
    ({"amount": "9" * 5000}, "Thành tiền"),
    ({"amount": "²"}, "Thành tiền phải là số nguyên đồng"),
    ({"amount": "--5"}, "Thành tiền phải là số nguyên đồng"),
    ({"amount": "٣"}, "Thành tiền phải là số nguyên đồng"),
    ({"amount": Decimal("NaN")}, "Thành tiền phải là số nguyên đồng"),
    ({"amount": Decimal("Infinity")}, "Thành tiền"),
    ({"amount": Decimal("1.5")}, "Thành tiền phải là số nguyên đồng"),
    ({"amount": None, "quantity": None}, "Cần ghi thành tiền, hoặc khối lượng và đơn giá"),
    ({"quantity": "nhiều"}, "Khối lượng phải là số"),
    ({"quantity": "-1"}, "Khối lượng phải là số không âm"),
    ({"quantity": "1e20"}, "Khối lượng quá lớn"),
    ({"vat_rate": "101"}, "Thuế GTGT (%) quá lớn"),
    ({"name": "Máy chủ\x00"}, "Nội dung chi phí"),
    ({"name": "Máy chủ\u202etxt.exe"}, "Nội dung chi phí"),
    ({"name": "Máy chủ\nthứ hai"}, "Nội dung chi phí"),
    ({"name": "x" * 501}, "Nội dung chi phí dài quá 500 ký tự"),
    ({"unit": "bộ\udc80"}, "Đơn vị tính"),
    ({"note": "ghi chú\x07"}, "Ghi chú"),
    ({"group_code": "thue"}, "Nhóm chi phí không thuộc cơ cấu dự toán"),
    ({"group_code": ""}, "Nhóm chi phí không thuộc cơ cấu dự toán"),
    ({"basis": "guessed"}, "Căn cứ đơn giá không hợp lệ"),
]


@pytest.mark.parametrize(("change", "message"), BAD_LINES)
def test_bad_line_is_refused_in_vietnamese_and_nothing_written(est, change, message):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    lines = basic_lines()
    lines[2].update(change)
    before = snapshot(estimate)
    with pytest.raises(ServiceError) as exc:
        services.save_version(staff, estimate, lines, expected_version=estimate.version)
    text = exc.value.messages[0]
    assert text.startswith("Khoản mục thứ 3: ") and message in text
    assert snapshot(estimate) == before


def test_more_than_5000_lines_refused(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    before = snapshot(estimate)
    with pytest.raises(ServiceError, match="tối đa 5000"):
        services.save_version(staff, estimate, [line("tb", "Máy chủ", 1)] * 5001)
    assert snapshot(estimate) == before


def test_only_the_investor_unit_adds_versions(est):
    estimate = prepared(est.cast.staff_a, est.inv, basic_lines())
    before = snapshot(estimate)
    for who in ("staff_b", "appraiser", "supervisor", "leader", "outsider_staff"):
        with pytest.raises(PermissionDenied):
            services.save_version(getattr(est.cast, who), estimate, basic_lines())
    assert snapshot(estimate) == before


# ------------------------------------------------------------------ evidence

def _first_line(estimate):
    return EstimateLine.objects.filter(version__estimate=estimate, version__number=estimate.current_version) \
        .order_by("position").first()


def test_pdf_evidence_attached_to_a_line(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    ln = services.attach_evidence(staff, estimate, _first_line(estimate).pk,
                                  SimpleUploadedFile("bao-gia.pdf", PDF, content_type="application/pdf"))
    ln.refresh_from_db()
    assert ln.evidence_name == "bao-gia.pdf" and ln.evidence.read() == PDF
    [event] = events(estimate, "estimate.evidence")
    assert event.data == {"version": 1, "line": "Máy chủ", "file": "bao-gia.pdf"}


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("bao-gia.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),        # a program renamed
    SimpleUploadedFile("bao-gia.pdf", bytes(range(256)) * 4),                   # random bytes
    SimpleUploadedFile("bao-gia.exe", PDF),                                       # not a document type
])
def test_fake_or_foreign_evidence_refused(est, upload):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    with pytest.raises(ServiceError):
        services.attach_evidence(staff, estimate, _first_line(estimate).pk, upload)
    assert snapshot(estimate) == before
    assert not _first_line(estimate).evidence


def test_evidence_for_a_line_of_another_estimate_refused(est):
    mine = prepared(est.cast.staff_a, est.inv, basic_lines())
    other = prepared(est.cast.staff_b, est.recurrent, basic_lines())
    with pytest.raises(ServiceError, match="Khoản mục không thuộc"):
        services.attach_evidence(est.cast.staff_a, mine, _first_line(other).pk, SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(PermissionDenied):
        services.attach_evidence(est.cast.staff_a, other, _first_line(other).pk, SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ServiceError):
        services.attach_evidence(est.cast.staff_a, mine, "abc", SimpleUploadedFile("a.pdf", PDF))


# ------------------------------------------------------------------ use-case points

def test_ucp_attached_with_inputs_and_results_as_json(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    version = services.attach_ucp(staff, estimate, "CV2589", ucp_inputs(Decimal("55677.38")),
                                  expected_version=estimate.version)
    version.refresh_from_db()
    stored = version.ucp
    json.dumps(stored)   # what the JSON column holds, as read back
    assert stored["method"] == "CV2589" and stored["total"] == 388_846_218
    assert float(stored["aucp"]) == pytest.approx(85.56625)
    assert stored["inputs"]["actors"]["complex"] == 3
    [event] = events(estimate, "estimate.ucp_attached")
    assert event.data == {"version": 1, "method": "CV2589", "total": 388_846_218}
    # a new version keeps the calculation of the current one
    estimate.refresh_from_db()
    v2 = services.save_version(staff, estimate, basic_lines())
    assert v2.ucp["total"] == 388_846_218


@pytest.mark.parametrize(("method", "change"), [
    ("CV2589", {"hourly_rate": "nhiều"}),
    ("CV2589", {"technical_factors": [1, 2]}),
    ("CV2589", {"actors": {"simple": -1}}),
    ("QD1688", {}),
    ("XYZ", {}),
])
def test_bad_ucp_input_refused_and_nothing_changed(est, method, change):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    with pytest.raises(ServiceError):
        services.attach_ucp(staff, estimate, method, {**ucp_inputs(), **change})
    assert snapshot(estimate) == before
    assert estimate.versions.get().ucp == {}


def test_ucp_needs_a_version(est):
    estimate = services.create_estimate(est.cast.staff_a, est.inv, title="Dự toán")
    with pytest.raises(ServiceError, match="chưa có phiên bản"):
        services.attach_ucp(est.cast.staff_a, estimate, "CV2589", ucp_inputs())


# ------------------------------------------------------------------ submit

def test_empty_estimate_cannot_be_submitted(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    with pytest.raises(ServiceError, match="chưa có khoản mục"):
        services.submit(staff, estimate)
    services.save_version(staff, estimate, [])
    with pytest.raises(ServiceError, match="chưa có khoản mục"):
        services.submit(staff, estimate)
    estimate.refresh_from_db()
    assert estimate.status == Status.DRAFT


def test_after_submit_nothing_is_edited(est):
    staff = est.cast.staff_a
    estimate = submitted(staff, est.inv, basic_lines())
    assert estimate.status == Status.SUBMITTED and estimate.submitted_by == staff
    before = snapshot(estimate)
    pk = _first_line(estimate).pk
    for attempt in (
        lambda: services.save_version(staff, estimate, basic_lines()),
        lambda: services.attach_evidence(staff, estimate, pk, SimpleUploadedFile("a.pdf", PDF)),
        lambda: services.attach_ucp(staff, estimate, "CV2589", ucp_inputs()),
        lambda: services.submit(staff, estimate),
    ):
        with pytest.raises(ServiceError):
            attempt()
    assert snapshot(estimate) == before


def test_submit_with_a_stale_version_is_a_conflict(est):
    estimate = prepared(est.cast.staff_a, est.inv, basic_lines())
    with pytest.raises(ConflictError):
        services.submit(est.cast.head_a, estimate, expected_version=estimate.version + 1)


# ------------------------------------------------------------------ checking: maker ≠ checker

def test_unit_users_cannot_check_at_all(est):
    estimate = submitted(est.cast.staff_a, est.inv, basic_lines())
    for who in ("staff_a", "head_a", "staff_b", "leader", "inspector", "admin", "outsider"):
        with pytest.raises(PermissionDenied):
            services.review_line(getattr(est.cast, who), estimate, text="Ý kiến")
        with pytest.raises(PermissionDenied):
            services.conclude(getattr(est.cast, who), estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp")
    assert not LineReview.objects.exists()


@pytest.mark.parametrize("how", ["prepared", "added_version", "submitted"])
@pytest.mark.parametrize("role", [Role.CDS_APPRAISER, Role.SUPERVISOR])
def test_whoever_prepared_never_checks_even_as_appraiser(est, how, role):
    """The author, whoever added a version and whoever submitted it are refused as checkers
    even after being moved to a checker's role."""
    staff, head = est.cast.staff_a, est.cast.head_a
    estimate = prepared(staff, est.inv, basic_lines())
    if how == "added_version":
        services.save_version(head, estimate, basic_lines())
    services.submit(head if how == "submitted" else staff, estimate)
    maker = staff if how == "prepared" else head
    become(maker, role)
    estimate.refresh_from_db()
    before = snapshot(estimate)
    with pytest.raises(MakerCheckerError):
        services.review_line(maker, estimate, text="Tôi thấy ổn")
    with pytest.raises(MakerCheckerError):
        services.conclude(maker, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp")
    assert snapshot(estimate) == before
    # the other unit member was not a maker of this round only if they did nothing: here the
    # independent appraiser may check
    services.review_line(est.cast.appraiser, estimate, text="Đã xem")


def test_an_earlier_submitter_stays_a_maker_after_a_resubmission(est):
    """Sở KH&CN's head submitted the first round; after the adjustment the staff member submits
    the second. The head, later moved to the CĐS office, still may not check it."""
    staff, head = est.cast.staff_a, est.cast.head_a
    estimate = prepared(staff, est.inv, basic_lines())
    services.submit(head, estimate)
    services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.ADJUST, text="Giảm đơn giá máy chủ.")
    services.save_version(staff, estimate, basic_lines())
    estimate = services.submit(staff, estimate)
    become(head, Role.CDS_APPRAISER)
    with pytest.raises(MakerCheckerError):
        services.review_line(head, estimate, text="Ổn")
    with pytest.raises(MakerCheckerError):
        services.conclude(head, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp")


def test_appraiser_of_another_tree_cannot_check(est):
    estimate = submitted(est.cast.staff_a, est.inv, basic_lines())
    with pytest.raises(PermissionDenied):
        services.conclude(est.cast.outsider, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp")


def test_review_rules(est):
    staff, appraiser = est.cast.staff_a, est.cast.appraiser
    estimate = prepared(staff, est.inv, basic_lines())
    with pytest.raises(ServiceError, match="đang chờ kiểm tra"):
        services.review_line(appraiser, estimate, text="Sớm quá")
    services.submit(staff, estimate)
    other = prepared(est.cast.staff_b, est.recurrent, basic_lines())
    with pytest.raises(ServiceError, match="không thuộc phiên bản"):
        services.review_line(appraiser, estimate, text="Sai dòng", line_id=_first_line(other).pk)
    with pytest.raises(ServiceError, match="chỉ ghi cho một khoản mục"):
        services.review_line(appraiser, estimate, text="Toàn bộ", checked_amount=1)
    with pytest.raises(ServiceError):
        services.review_line(appraiser, estimate, text="Âm", line_id=_first_line(estimate).pk, checked_amount=-1)
    with pytest.raises(ServiceError):
        services.review_line(appraiser, estimate, text="  ")
    assert not LineReview.objects.exists()
    review = services.review_line(appraiser, estimate, text="Giảm theo báo giá thứ hai",
                                  line_id=_first_line(estimate).pk, checked_amount="500000000")
    assert review.checked_amount == 500_000_000 and review.author == appraiser


def test_supervisor_concludes_suitable_and_prices_enter_the_trees_history(est):
    staff = est.cast.staff_a
    estimate = submitted(staff, est.inv, basic_lines())
    server = _first_line(estimate)   # 2 bộ × 300 triệu, VAT 10 %
    services.review_line(est.cast.appraiser, estimate, text="Giá cao", line_id=server.pk, checked_amount=500_000_000)
    services.review_line(est.cast.appraiser, estimate, text="Rà lại", line_id=server.pk, checked_amount=540_000_000)
    done = services.conclude(est.cast.supervisor, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.",
                             expected_version=Estimate.objects.get(pk=estimate.pk).version)
    assert done.status == Status.CONCLUDED and done.conclusion == Conclusion.SUITABLE
    assert done.concluded_by == est.cast.supervisor and done.concluded_version == 1
    # the accepted amount replaces the line's, with its VAT: 540 + 54 instead of 600 + 60
    assert done.checked_total == 1_140_000_000 - 66_000_000
    points = {p.name: p for p in PricePoint.objects.filter(estimate=estimate)}
    assert set(points) == {"Máy chủ", "Thiết bị tường lửa"}   # priced lines only (a quantity and a unit price)
    assert points["Máy chủ"].unit_price == 270_000_000 and points["Máy chủ"].unit == "bộ"
    assert points["Thiết bị tường lửa"].unit_price == 400_000_000
    assert {p.tree_prefix for p in points.values()} == {est.units.skhcn.tree_prefix}
    # no further change
    with pytest.raises(ServiceError):
        services.save_version(staff, estimate, basic_lines())
    with pytest.raises(ServiceError):
        services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.ADJUST, text="Lại")


def test_concluded_prices_inform_the_next_estimate(est):
    for _ in range(3):
        e = submitted(est.cast.staff_b, est.recurrent, basic_lines())
        services.conclude(est.cast.appraiser, e, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    lines = basic_lines()
    lines[0].update(unit_price=700_000_000, amount=1_400_000_000)
    version = prepared(est.cast.staff_a, est.inv, lines).versions.get()
    [flag] = version.flags.filter(rule="market.price")
    assert flag.line.name == "Máy chủ" and flag.evidence["median"] == 300_000_000 and flag.evidence["count"] == 3
    # the ministry, priced far higher, sees none of it
    version = prepared(est.cast.outsider_staff, est.bo, lines).versions.get()
    assert not version.flags.filter(rule="market.price").exists()


def test_adjust_lets_the_unit_add_a_version_back_to_draft(est):
    staff = est.cast.staff_a
    estimate = submitted(staff, est.inv, basic_lines())
    services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.ADJUST, text="Giảm dự phòng.")
    assert not PricePoint.objects.exists()
    estimate.refresh_from_db()
    v2 = services.save_version(staff, estimate, basic_lines()[:-1], expected_version=estimate.version)
    estimate.refresh_from_db()
    assert v2.number == 2 and estimate.status == Status.DRAFT and estimate.conclusion == ""
    services.submit(staff, estimate)
    done = services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Đã điều chỉnh.")
    assert done.concluded_version == 2
    assert PricePoint.objects.filter(estimate=estimate, line__version=v2).count() == 2


def test_conclusion_must_be_one_of_the_choices_with_a_text(est):
    estimate = submitted(est.cast.staff_a, est.inv, basic_lines())
    with pytest.raises(ServiceError, match="Chọn kết luận"):
        services.conclude(est.cast.appraiser, estimate, conclusion="ok", text="Phù hợp")
    with pytest.raises(ServiceError):
        services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="")
    with pytest.raises(ConflictError):
        services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp",
                          expected_version=1)
    estimate.refresh_from_db()
    assert estimate.status == Status.SUBMITTED


# ------------------------------------------------------------------ audit

def test_every_write_leaves_an_event_that_reads_in_vietnamese(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    services.attach_evidence(staff, estimate, _first_line(estimate).pk, SimpleUploadedFile("bao-gia.pdf", PDF))
    services.attach_ucp(staff, estimate, "CV2589", ucp_inputs())
    services.submit(staff, estimate)
    services.review_line(est.cast.appraiser, estimate, text="Giảm", line_id=_first_line(estimate).pk,
                         checked_amount=500_000_000)
    services.review_line(est.cast.appraiser, estimate, text="Chung")
    services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    seen = events(estimate)
    assert {e.verb for e in seen} == {"estimate.created", "estimate.version_added", "estimate.evidence",
                                      "estimate.ucp_attached", "estimate.submitted", "estimate.reviewed",
                                      "estimate.concluded"}
    for event in seen:
        text = registry.summarize(event)
        assert text and text != registry._plain(event.data or {}), event.verb
        for key in event.data:
            assert f"{key}:" not in text, (event.verb, text)
        assert registry.label(event.verb) != event.verb
    concluded = next(e for e in seen if e.verb == "estimate.concluded")
    assert "Dự toán phù hợp" in registry.summarize(concluded)


# ------------------------------------------------------------------ the sheet

HEADER = ["STT", "Nội dung chi phí", "Đơn vị tính", "Khối lượng", "Đơn giá (đồng)", "Thành tiền (đồng)",
          "Thuế GTGT (%)", "Căn cứ (giá)", "Ghi chú"]


def sheet_rows(*, subtotal_tb=660_000_000, server_amount=600_000_000):
    return [
        ["II", "Chi phí thiết bị"],
        ["1", "Máy chủ", "bộ", 2, 300_000_000, server_amount, 10, "Báo giá", ""],
        ["", "Cộng", None, None, None, subtotal_tb],
        ["III", "Chi phí quản lý dự án"],
        ["1", "Chi phí quản lý dự án", "", None, None, 10_000_000, 0, "Định mức tỷ lệ", ""],
        ["", "Cộng", None, None, None, 10_000_000],
        ["IV", "Chi phí tư vấn"],
        ["1", "Chi phí khảo sát", "gói", 1, 20_000_000, 20_000_000, 0, "Báo giá", ""],
        ["", "Cộng", None, None, None, 20_000_000],
        ["VI", "Chi phí dự phòng", None, None, None, 30_000_000],
        ["", "TỔNG CỘNG", None, None, None, 720_000_000],
    ]


def sheet(rows=None, name="du-toan.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dự toán"
    ws["A1"] = "BẢNG DỰ TOÁN CHI TIẾT"
    ws.append([])
    ws.append(HEADER)
    for row in sheet_rows() if rows is None else rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_good_sheet_becomes_a_version_with_its_declared_sums_and_flags(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    version = services.import_sheet(staff, estimate, sheet(sheet_rows(subtotal_tb=650_000_000)),
                                    expected_version=estimate.version, note="Bản gửi lần 1")
    assert version.source == Source.IMPORT and version.number == 1 and version.note == "Bản gửi lần 1"
    assert version.declared_subtotals["tb"] == 650_000_000 and version.declared_total == 720_000_000
    assert [ln.name for ln in version.lines.order_by("position")] == [
        "Máy chủ", "Chi phí quản lý dự án", "Chi phí khảo sát", "Chi phí dự phòng"]
    assert version.total_before_vat == 660_000_000 and version.total == 720_000_000
    assert version.file_name == "du-toan.xlsx" and len(version.file_sha256) == 64 and version.file
    [flag] = version.flags.filter(rule="arithmetic.subtotal")
    assert flag.group_code == "tb" and flag.evidence["stated"] == 650_000_000
    [event] = events(estimate, "estimate.version_added")
    assert event.data["source"] == "import" and event.data["file"] == "du-toan.xlsx"
    assert "Nhập từ Excel" in registry.summarize(event)


@pytest.mark.parametrize("upload", [
    lambda: sheet(sheet_rows(server_amount="sáu trăm triệu")),
    lambda: sheet(sheet_rows(server_amount=-600_000_000)),
    lambda: SimpleUploadedFile("du-toan.xlsx", b"MZ" + bytes(200)),
    lambda: sheet([]),
])
def test_broken_sheet_writes_nothing_and_the_refusal_is_recorded(est, upload):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    with pytest.raises(services.SheetRejected) as exc:
        services.import_sheet(staff, estimate, upload(), expected_version=estimate.version)
    assert exc.value.rows and all(r.message for r in exc.value.rows)
    assert "chưa có gì được ghi" in exc.value.messages[0]
    assert snapshot(estimate)[:-1] == before[:-1]     # no version, no line, no flag
    [event] = events(estimate, "estimate.import_rejected")
    assert event.data == {"errors": len(exc.value.rows)}
    assert registry.summarize(event) == f"{len(exc.value.rows)} lỗi, không có gì được ghi"


def test_broken_row_is_named_by_its_row(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    with pytest.raises(services.SheetRejected) as exc:
        services.import_sheet(staff, estimate, sheet(sheet_rows(server_amount="sáu trăm triệu")))
    assert [r.row for r in exc.value.rows] == [5]   # title, blank, header, heading, then the server
    assert not EstimateVersion.objects.exists()


def test_sheet_import_keeps_the_makers_rules(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    with pytest.raises(PermissionDenied):
        services.import_sheet(est.cast.staff_b, estimate, sheet())
    with pytest.raises(ConflictError):
        services.import_sheet(staff, estimate, sheet(), expected_version=estimate.version - 1)
    services.submit(staff, estimate)
    before = snapshot(estimate)
    with pytest.raises(ServiceError, match="đang chờ kiểm tra"):
        services.import_sheet(staff, estimate, sheet())
    assert snapshot(estimate) == before


def test_reading_a_sheet_writes_nothing(est):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    parsed, found = services.read_sheet(staff, estimate, sheet(sheet_rows(subtotal_tb=650_000_000)))
    assert len(parsed.lines) == 4 and parsed.total == 720_000_000
    assert "arithmetic.subtotal" in {f.rule for f in found}
    parsed, found = services.read_sheet(staff, estimate, sheet(sheet_rows(server_amount="x")))
    assert parsed.errors and found == []
    assert snapshot(estimate) == before
    with pytest.raises(PermissionDenied):
        services.read_sheet(est.cast.appraiser, estimate, sheet())


def test_a_line_struck_out_by_the_checker_is_no_earlier_price(est):
    staff = est.cast.staff_a
    estimate = submitted(staff, est.inv, basic_lines())
    services.review_line(est.cast.appraiser, estimate, text="Không cần tường lửa riêng",
                         line_id=EstimateLine.objects.get(version__estimate=estimate, name="Thiết bị tường lửa").pk,
                         checked_amount=0)
    services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    assert list(PricePoint.objects.values_list("name", "unit_price")) == [("Máy chủ", 300_000_000)]


def test_open_flags_follow_the_version_that_stands(est):
    """After "cần điều chỉnh" the unit corrects its arithmetic in version 2: what the appraisal
    reads are the flags of version 2, not those of the version concluded on."""
    staff = est.cast.staff_a
    lines = basic_lines()
    lines[0]["amount"] = 650_000_000
    estimate = submitted(staff, est.inv, lines)
    services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.ADJUST, text="Sửa thành tiền máy chủ.")
    assert {f.rule for f in selectors.open_flag_summary(Estimate.objects.get(pk=estimate.pk))} == {"arithmetic.line"}
    services.save_version(staff, estimate, basic_lines())
    assert selectors.open_flag_summary(Estimate.objects.get(pk=estimate.pk)) == []
    services.submit(staff, estimate)
    assert selectors.open_flag_summary(Estimate.objects.get(pk=estimate.pk)) == []
    done = services.conclude(est.cast.appraiser, estimate, conclusion=Conclusion.SUITABLE, text="Phù hợp.")
    assert done.concluded_version == 2 and selectors.open_flag_summary(done) == []


def test_evidence_by_someone_else_is_refused_whatever_the_state(est):
    """Another unit learns nothing of the estimate's state: 403, not "đang chờ kiểm tra"."""
    estimate = submitted(est.cast.staff_a, est.inv, basic_lines())
    for who in ("staff_b", "appraiser", "outsider_staff"):
        with pytest.raises(PermissionDenied):
            services.attach_evidence(getattr(est.cast, who), estimate, _first_line(estimate).pk,
                                     SimpleUploadedFile("a.pdf", PDF))


def test_the_preview_finds_what_the_import_stores(est):
    staff = est.cast.staff_a
    estimate = services.create_estimate(staff, est.inv, title="Dự toán")
    upload = sheet(sheet_rows(subtotal_tb=650_000_000, server_amount=610_000_000))
    _parsed, previewed = services.read_sheet(staff, estimate, upload)
    upload.seek(0)
    version = services.import_sheet(staff, estimate, upload)
    stored = [(f.rule, f.level, f.message, f.line.name if f.line else "") for f in version.flags.order_by("id")]
    assert stored == [(f.rule, f.level, f.message, f.line.name if f.line else "") for f in previewed]
    assert {"arithmetic.line", "arithmetic.subtotal", "arithmetic.total"} <= {r for r, *_ in stored}


@pytest.mark.parametrize("expected", ["abc", "", [1], "1.5"])
def test_a_version_field_that_is_no_number_is_a_conflict(est, expected):
    staff = est.cast.staff_a
    estimate = prepared(staff, est.inv, basic_lines())
    before = snapshot(estimate)
    with pytest.raises(ConflictError):
        services.save_version(staff, estimate, basic_lines(), expected_version=expected)
    with pytest.raises(ConflictError):
        services.submit(staff, estimate, expected_version=expected)
    assert snapshot(estimate) == before
    assert services.save_version(staff, estimate, basic_lines(), expected_version=str(estimate.version)).number == 2


def test_quantities_typed_the_vietnamese_way(est):
    """"1.000" is one thousand, "2,5" two and a half, "1.250,5" both, "2.5" a decimal point."""
    from cds.estimates.services import _decimal

    assert [_decimal(v, "Khối lượng", limit=Decimal(10**12)) for v in ("1.000", "2,5", "1.250,5", "2.5", "12")] == [
        Decimal("1000"), Decimal("2.5"), Decimal("1250.5"), Decimal("2.5"), Decimal("12")]
