"""The bad-input catalogue: nasty values × every entry point that takes them.

Each value — a NUL, an escape sequence, a C1 control, a lone surrogate, a bidi override, a name
of zero-width spaces or of spaces, 100 kB of text; superscript, full-width and Arabic-Indic
digits, an exponent, a negative and a number beyond BigInteger for money; the years 1, 1899 and
9999 for dates — is sent to the project create and edit pages, the budget form, the API's
project create, update and transition, an Excel import cell, the review form, the directive
form, the appraisal dossier form, the overlap check API and the directive extraction API. Every
one answers 400 with a Vietnamese message, never 500, stores nothing, and the Excel export still
works afterwards. Then the same defence one layer down: a service called without a form, a model
saved directly, and exports of values stored before any of this was refused."""
from __future__ import annotations

import datetime as dt
import html
import importlib.util
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django import forms as django_forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import cds
from cds.appraisal.models import Dossier
from cds.audit.models import AuditEvent
from cds.core.errors import ServiceError
from cds.core.forms import MoneyField, TextField
from cds.directives.models import Directive
from cds.projects import services as project_services
from cds.projects.models import BudgetEntry, Project, ProjectEvent
from cds.reviews import services as review_services
from cds.reviews.models import IndicatorValue, Review, ReviewIssue
from tests.api.conftest import api_as  # noqa: F401 - fixture
from tests.appraisal.conftest import new_project as appraisal_project
from tests.conftest import login
from tests.factories import project_data, regime, source
from tests.projects.test_import import HEADERS, row
from tests.reviews.conftest import campaign_setup  # noqa: F401 - fixture
from tests.xlsx_raw import raw_xlsx

# ----------------------------------------------------------------- catalogue ----

MISSING = r"Chưa nhập|không được để trống|Hãy nhập|chưa nhập"
TOO_LONG = r"quá dài|tối đa|vượt giới hạn"

# (id, value, what the user is told)
TEXT = [
    ("NUL", "Kho dữ liệu\x00 dùng chung", r"chứa ký tự điều khiển \(U\+0000\)"),
    ("escape", "Kho dữ liệu \x1b[31m dùng chung", r"chứa ký tự điều khiển \(U\+001B\)"),
    ("C1 control", "Kho dữ liệu \x9b dùng chung", r"chứa ký tự điều khiển \(U\+009B\)"),
    ("lone surrogate", "Kho dữ liệu \udc80 dùng chung", r"chứa ký tự không mã hóa được \(U\+DC80\)"),
    ("bidi override", "Kho dữ liệu \u202egnuhc gnùd", r"chứa ký tự đảo chiều hiển thị văn bản \(U\+202E\)"),
    ("zero-width only", "\u200b\u200b", MISSING),
    ("spaces only", "     ", MISSING),
    ("100 kB", "Kho dữ liệu " + "a" * 100_000, TOO_LONG),
]
BLANK_IDS = {"zero-width only", "spaces only"}
# A browser's form post cannot carry a lone surrogate: its bytes are not UTF-8 and Django reads
# them as U+FFFD. The pages are sent every other value; the API and the import all of them.
FORM_TEXT = [t for t in TEXT if t[0] != "lone surrogate"]

INVALID_MONEY = r"phải là số nguyên đồng"
MONEY = [
    ("superscript", "¹²³", INVALID_MONEY),
    ("full-width", "１２３", INVALID_MONEY),
    ("Arabic-Indic", "١٢٣", INVALID_MONEY),
    ("exponent", "1e9", INVALID_MONEY),
    ("negative", "-5", r"không được âm"),
    ("beyond BigInteger", "99999999999999999999", r"quá lớn"),
]

DATE_RANGE = r"phải trong khoảng 01/01/1900–31/12/2100"
# (id, dd/mm/yyyy as a page takes it, YYYY-MM-DD as the API takes it)
DATES = [
    ("year 1", "01/01/0001", "0001-01-01"),
    ("1899", "31/12/1899", "1899-12-31"),
    ("year 9999", "31/12/9999", "9999-12-31"),
]


def body(resp) -> str:
    if resp.get("Content-Type", "").startswith("application/json"):
        return json.dumps(resp.json(), ensure_ascii=False)
    return html.unescape(resp.content.decode("utf-8", "replace"))


def assert_refused(resp, expected: str, what: str) -> None:
    text = body(resp)
    assert resp.status_code == 400, f"{what}: {resp.status_code} {text[:300]}"
    assert re.search(expected, text), f"{what}: no “{expected}” in {text[:2000]}"


def assert_export_works(user) -> None:
    """The registry's Excel export — which one stored NUL used to break for everyone — opens."""
    resp = login(user).get(reverse("projects:export"))
    assert resp.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)), read_only=True)
    assert wb.sheetnames == ["Danh mục dự án"]


def project_form(p=None, **changes):
    data = {"name": "Kho dữ liệu dùng chung của tỉnh", "kind": "investment", "group": "C",
            "regime": regime().pk, "start_year": 2025, "end_year": 2026, "objectives": "", "scope": ""}
    if p is not None:
        data.update(name=p.name, kind=p.kind, group=p.group, regime=p.regime_id, investor_unit=p.investor_unit_id,
                    start_year=p.start_year, end_year=p.end_year or "", version=p.version,
                    objectives=p.objectives, scope=p.scope)
    data.update(changes)
    return data


def project_state(p):
    p = Project.objects.get(pk=p.pk)
    return p.name, p.objectives, p.version, BudgetEntry.objects.filter(project=p).count()


# ------------------------------------------------------------------- pages ----

def test_project_create_and_edit_pages(cast, units, projects, subtests):
    client = login(cast.staff_a)
    p = projects.a
    before, count = project_state(p), Project.objects.count()
    for what, value, expected in FORM_TEXT:
        with subtests.test(page="create", value=what):
            resp = client.post(reverse("projects:create"), project_form(name=value, investor_unit=units.skhcn.pk))
            assert_refused(resp, expected, f"create {what}")
        with subtests.test(page="edit", value=what):
            resp = client.post(reverse("projects:edit", args=[p.pk]), project_form(p, name=value))
            assert_refused(resp, expected, f"edit name {what}")
            if what not in BLANK_IDS:  # the objectives may be empty
                resp = client.post(reverse("projects:edit", args=[p.pk]), project_form(p, objectives=value))
                assert_refused(resp, expected, f"edit objectives {what}")
    assert Project.objects.count() == count and project_state(p) == before
    assert_export_works(cast.staff_a)


def test_budget_form_money_and_dates(cast, projects, subtests):
    client = login(cast.staff_a)
    url = reverse("projects:budget_add", args=[projects.a.pk])
    entry = {"stage": "estimate", "year": 2025, "funding_source": source().pk, "amount": "1.000.000"}
    before = project_state(projects.a)
    for what, value, expected in MONEY:
        with subtests.test(field="amount", value=what):
            assert_refused(client.post(url, entry | {"amount": value}), expected, f"amount {what}")
    for what, typed, _iso in DATES:
        with subtests.test(field="decision_date", value=what):
            resp = client.post(url, entry | {"decision_number": "1/QĐ-UBND", "decision_date": typed})
            assert_refused(resp, DATE_RANGE, f"decision date {what}")
    for what, value, expected in FORM_TEXT:
        if what in BLANK_IDS:
            continue
        with subtests.test(field="note", value=what):
            assert_refused(client.post(url, entry | {"note": value}), expected, f"note {what}")
    assert project_state(projects.a) == before
    assert_export_works(cast.staff_a)


def test_review_form(cast, campaign_setup, subtests):  # noqa: F811 - fixture
    campaign, a, *_ = campaign_setup
    review_services.open_campaign(cast.appraiser, campaign)
    review = campaign.reviews.get(project=a)
    client = login(cast.staff_a)

    def fill(**changes):
        return {"version": str(Review.objects.get(pk=review.pk).version), "summary": "Vận hành ổn định.",
                "self_rating": "effective"} | changes

    def state():
        r = Review.objects.get(pk=review.pk)
        return r.version, r.summary, IndicatorValue.objects.filter(review=r).count(), r.issues.count()

    before = state()
    save, add_issue = reverse("reviews:save", args=[review.pk]), reverse("reviews:add_issue", args=[review.pk])
    for what, value, expected in FORM_TEXT:
        if what not in BLANK_IDS:  # the summary may be empty
            with subtests.test(field="summary", value=what):
                assert_refused(client.post(save, fill(summary=value)), expected, f"summary {what}")
        with subtests.test(field="issue", value=what):
            assert_refused(client.post(add_issue, {"kind": "difficulty", "text": value}), expected, f"issue {what}")
    for what, value, _expected in MONEY:
        with subtests.test(field="indicator", value=what):
            resp = client.post(save, fill(ind_USE_ACTIVE_actual=value))
            assert_refused(resp, r"phải là số|số không hợp lệ|không được âm", f"indicator {what}")
    assert state() == before and not ReviewIssue.objects.exists()
    resp = login(cast.appraiser).get(reverse("reviews:report_xlsx", args=[campaign.pk]))
    assert resp.status_code == 200
    assert_export_works(cast.staff_a)


def test_directive_form(cast, units, subtests):
    client = login(cast.appraiser)
    data = {"kind": "ket_luan", "number": "61/TB-UBND", "issued_on": "06/03/2023", "issuer": units.tinh.pk,
            "signer": "Phó Chủ tịch UBND tỉnh", "title": "Kết luận tại cuộc họp", "full_text": ""}
    url = reverse("directives:directive_create")
    for what, value, expected in FORM_TEXT:
        with subtests.test(field="title", value=what):
            assert_refused(client.post(url, data | {"title": value}), expected, f"title {what}")
        if what not in BLANK_IDS and what != "100 kB":  # a full text may be that long
            with subtests.test(field="full_text", value=what):
                assert_refused(client.post(url, data | {"full_text": value}), expected, f"full text {what}")
    for what, typed, _iso in DATES:
        with subtests.test(field="issued_on", value=what):
            assert_refused(client.post(url, data | {"issued_on": typed}), DATE_RANGE, f"issued on {what}")
    assert not Directive.objects.exists()
    assert_export_works(cast.appraiser)


def test_appraisal_dossier_form(cast, units, subtests):
    project = appraisal_project(cast, units)
    client = login(cast.staff_a)
    url = reverse("appraisal:create", args=[project.pk])
    for what, value, expected in MONEY:
        with subtests.test(field="amount", value=what):
            assert_refused(client.post(url, {"amount": value}), expected, f"amount {what}")
    for what, value, expected in FORM_TEXT:
        if what in BLANK_IDS:  # an empty title is the default one
            continue
        with subtests.test(field="title", value=what):
            assert_refused(client.post(url, {"amount": "1.000.000.000", "title": value}), expected, f"title {what}")
    assert not Dossier.objects.exists()
    assert_export_works(cast.staff_a)


# --------------------------------------------------------------------- API ----

def test_a_nul_sent_through_the_api_never_breaks_the_export(cast, units, projects, api_as):  # noqa: F811
    """One stored NUL in a project's name makes openpyxl refuse the whole export, for everyone who
    can see the project: the API refuses the NUL, and the export opens for every role."""
    resp = api_as("staff_a").post("/projects", {"name": "Kho dữ liệu\x00", "kind": "investment", "group": "C",
                                                "regime_code": "ND73_2019", "investor_unit": units.skhcn.pk,
                                                "start_year": 2025})
    assert_refused(resp, r"chứa ký tự điều khiển \(U\+0000\)", "NUL")
    for user in (cast.staff_a, cast.head_a, cast.appraiser, cast.leader, cast.inspector):
        assert_export_works(user)


def test_api_project_create_update_and_transition(cast, units, projects, api_as, subtests):  # noqa: F811
    api = api_as("staff_a")
    p = projects.a
    before, count = project_state(p), Project.objects.count()
    good = project_data(units.skhcn)
    create = {"name": good["name"], "kind": "investment", "group": "C", "regime_code": "ND73_2019",
              "investor_unit": units.skhcn.pk, "start_year": 2025}
    for what, value, expected in TEXT:
        with subtests.test(call="create", value=what):
            assert_refused(api.post("/projects", create | {"name": value}), expected, f"API create {what}")
        with subtests.test(call="update", value=what):
            resp = api.patch(f"/projects/{p.pk}", {"name": value, "version": p.version})
            assert_refused(resp, expected, f"API update name {what}")
            if what not in BLANK_IDS:
                resp = api.patch(f"/projects/{p.pk}", {"scope": value, "version": p.version})
                assert_refused(resp, expected, f"API update scope {what}")
    for what, _typed, iso in DATES:
        with subtests.test(call="transition", value=what):
            resp = api.post(f"/projects/{p.pk}/transition", {"action": "start_dossier", "decision_date": iso,
                                                               "version": p.version})
            assert_refused(resp, DATE_RANGE, f"API transition {what}")
    # Any string of a body, not only the typed texts: a key, a code looked up in the database.
    assert_refused(api.post("/projects", create | {"regime_code": "ND73\udc80"}), r"U\+DC80", "regime code")
    assert_refused(api.post("/projects", create | {"na\x00me": "x"}), r"U\+0000", "key")
    assert_refused(api.get("/projects", {"search": "đất\x00đai"}), r"U\+0000", "query string")
    assert Project.objects.count() == count and project_state(p) == before
    assert not ProjectEvent.objects.filter(project=p, kind="transition").exists()
    assert_export_works(cast.staff_a)


def test_api_overlap_check_extraction_and_calendar(cast, units, projects, api_as, subtests):  # noqa: F811
    api = api_as("appraiser")
    events = AuditEvent.objects.count()
    for what, value, expected in TEXT:
        with subtests.test(call="overlap", value=what):
            assert_refused(api.post("/overlap/check", {"name": value}), expected, f"overlap name {what}")
            if what not in BLANK_IDS and what != "100 kB":
                resp = api.post("/overlap/check", {"name": "Kho dữ liệu", "description": value})
                assert_refused(resp, expected, f"overlap description {what}")
        with subtests.test(call="extract", value=what):
            text = value if what in BLANK_IDS else f"Giao Sở Y tế chủ trì triển khai {value}, hoàn thành trước 10/01/2024."
            assert_refused(api.post("/directives/extract", {"text": text}), expected if what != "100 kB"
                           else r"Không tìm thấy nhiệm vụ|vượt giới hạn", f"extract {what}")
    for what, _typed, iso in DATES:
        with subtests.test(call="extract date", value=what):
            resp = api.post("/directives/extract", {"text": "Giao Sở Y tế chủ trì triển khai.", "date": iso})
            assert_refused(resp, DATE_RANGE, f"extract date {what}")
        with subtests.test(call="due date", value=what):
            resp = api.get("/calendar/due-date", {"start": iso, "days": 5})
            assert_refused(resp, DATE_RANGE, f"due date {what}")
    assert AuditEvent.objects.count() == events


# ------------------------------------------------------------------ import ----

# Values XML cannot hold (C0 controls, surrogates) make the file unreadable, as a tampered one.
UNREADABLE = r"Không đọc được nội dung tệp Excel"
NOT_IN_XML = {"NUL", "escape", "lone surrogate"}
IMPORT_DATES = r"quá xa trong quá khứ|không được sau ngày hôm nay"


def test_excel_import_cell(cast, units, subtests):
    client = login(cast.appraiser)

    def upload(*rows):
        data = raw_xlsx([HEADERS, *rows])
        return client.post(reverse("projects:import"), {"file": SimpleUploadedFile("danh-muc.xlsx", data)})

    for what, value, expected in TEXT:
        with subtests.test(cell="name", value=what):
            resp = upload(row(name="Dự án tốt"), row(name=value))
            assert_refused(resp, UNREADABLE if what in NOT_IN_XML else expected, f"name {what}")
            if what not in NOT_IN_XML:
                assert "Dòng 3" in body(resp)
    for what, value, expected in MONEY:
        with subtests.test(cell="approved", value=what):
            resp = upload(row(name="Dự án tốt", approved=value, decision="1/QĐ", decision_date="01/02/2024"))
            assert_refused(resp, expected, f"approved {what}")
    for what, typed, _iso in DATES:
        with subtests.test(cell="decision_date", value=what):
            resp = upload(row(name="Dự án tốt", approved="1.000.000", decision="1/QĐ", decision_date=typed))
            assert_refused(resp, IMPORT_DATES, f"decision date {what}")
    assert not Project.objects.exists() and "projects_import" not in client.session
    assert_export_works(cast.appraiser)


# ------------------------------------------------------- below the entry points ----

def test_a_service_called_without_a_form_refuses(cast, units, projects):
    for what, value, expected in TEXT:
        with pytest.raises(ServiceError, match=expected):
            project_services.create_project(cast.staff_a, project_data(units.skhcn, name=value))
        with pytest.raises(ServiceError) as exc:
            project_services.update_project(cast.staff_a, projects.a, {"objectives": value} if what not in BLANK_IDS
                                            else {"name": value}, expected_version=projects.a.version)
        assert re.search(expected, " ".join(exc.value.messages)), what
    assert Project.objects.count() == 4


def test_a_model_saved_directly_refuses(cast, projects):
    p = Project.objects.get(pk=projects.a.pk)
    for value, expected in (("Tên\x00", r"Tên nhiệm vụ/dự án chứa ký tự điều khiển \(U\+0000\)"),
                            ("Tên \u2066ẩn", r"đảo chiều hiển thị văn bản \(U\+2066\)"),
                            ("\u200b\ufeff", r"Chưa nhập tên nhiệm vụ/dự án")):
        p.name = value
        with pytest.raises(ServiceError, match=expected):
            p.save()
    with pytest.raises(ServiceError, match=DATE_RANGE):
        BudgetEntry(project=p, year=2025, funding_source=source(), stage="estimate", amount=1,
                    decision_date=dt.date(1, 1, 1), created_by=cast.staff_a).save()
    assert Project.objects.get(pk=p.pk).name == projects.a.name


def test_exports_survive_values_stored_before_they_were_refused(cast, units, projects, campaign_setup):  # noqa: F811
    """Defence in depth: values written past every check (a bulk update, an old database) are
    replaced by "�" in the workbook and the documents instead of making the export fail. (Control
    characters PostgreSQL can store; a NUL it refuses itself.)"""
    campaign, a, *_ = campaign_setup
    review_services.open_campaign(cast.appraiser, campaign)
    Project.objects.filter(pk=a.pk).update(name="Tên có SOH\x01 và ESC\x1b")
    Review.objects.filter(project=a).update(summary="Tóm tắt\x01 có ký tự lạ\x0b")
    resp = login(cast.staff_a).get(reverse("projects:export"))
    assert resp.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    names = [r[1] for r in wb.active.iter_rows(min_row=4, values_only=True)]
    assert "Tên có SOH\ufffd và ESC\ufffd" in names
    client = login(cast.appraiser)
    for name in ("reviews:report_xlsx", "reviews:report_docx"):
        resp = client.get(reverse(name, args=[campaign.pk]))
        assert resp.status_code == 200, name
    assert client.get(reverse("projects:detail", args=[a.pk])).status_code == 200


# ----------------------------------------------------------------- the class ----

def test_every_text_field_of_every_form_is_checked():
    """The pages read text only through :class:`cds.core.forms.TextField` (or the money field):
    no form or filter of the application declares Django's plain CharField."""
    importlib.import_module("cds.accounts.views")   # the login form, whose fields are Django's
    root = Path(cds.__file__).parent
    plain = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py") if path.parent.name != "migrations"
             and path.relative_to(root).as_posix() != "core/forms.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bforms\.CharField\(|django_filters\.CharFilter\(", line)]
    assert plain == []
    for app in apps.get_app_configs():
        if app.name.startswith("cds.") and importlib.util.find_spec(f"{app.name}.forms"):
            importlib.import_module(f"{app.name}.forms")
    forms_seen = 0
    pending = list(django_forms.BaseForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if not form.__module__.startswith("cds."):
            continue
        forms_seen += 1
        # Fields the application declares (not those of Django's login form it words in Vietnamese).
        inherited = {name for base in form.__mro__[1:] if not base.__module__.startswith("cds.")
                     for name in getattr(base, "declared_fields", {})}
        for name, field in getattr(form, "base_fields", {}).items():
            if name not in inherited and isinstance(field, django_forms.CharField):
                assert isinstance(field, (TextField, MoneyField)), f"{form.__module__}.{form.__name__}.{name}"
    assert forms_seen > 30
