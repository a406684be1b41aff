"""The open-data feeds (/mo/v1/<dataset>.json, .csv) and their dictionary (/mo/v1/): without an
account, only the published snapshots; a masked field is in no record, no column and no cell; a
withheld project, a proposal, a draft or rejected snapshot and every internal note stay out;
trees stay apart; pages, conditional requests, CSV that a spreadsheet opens safely, the request
limit; and the API still refuses anonymous requests."""
from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from cds.accounts.models import Role
from cds.core import throttle
from cds.library.models import DocKind, PracticeDocument, PracticeResult
from cds.library.models import Status as PracticeStatus
from cds.projects.models import BudgetEntry, Project, Stage, State
from cds.public import dictionary, services
from cds.public.models import Dataset, PublishedRecord
from cds.reviews import services as review_services
from cds.reviews.models import Review, ReviewStatus
from cds.systems import services as system_services
from cds.systems.models import Category, Hosting, InformationSystem

from ..factories import UserFactory, make_project, source
from ..library.conftest import make_practice
from .conftest import publish

pytestmark = pytest.mark.django_db

DATASETS = [d.value for d in Dataset]

# Texts put into fields the feeds must never carry (none is in the data dictionary).
INTERNAL = {
    "scope": "PHAMVI-NOIBO-zq1",
    "withhold_reason": "LYDO-KHONGCONGBO-zq2",
    "file_name": "TEPNOIBO-zq3.pdf",
    "doc_title": "TAILIEU-NOIBO-zq4",
    "username": "nhaplieu_zq5",
    "reviewer_comment": "YKIEN-THAMTRA-zq6",
    "budget_note": "GHICHU-BUTTOAN-zq7",
    "check_note": "YKIEN-KIEMTRA-zq8",
    "keywords": "TUKHOA-NOIBO-zq9",
    "result_note": "NGUON-SOLIEU-zq10",
    "vendor": "NHACUNGCAP-zq11",
    "security": "CAPDO-ANTOAN-zq12",
    "proposal": "DEXUAT-CHUADUYET-zq13",
    "draft_practice": "MOHINH-DUTHAO-zq14",
}

# Distinct values of maskable fields: once masked, the value is nowhere in the body either.
DISTINCT = {
    ("projects", "objectives"): "MUCTIEU-zqA",
    ("projects", "total_estimate"): 901234567,
    ("projects", "total_approved"): 802345678,
    ("projects", "total_allocated"): 703456789,
    ("projects", "total_disbursed"): 604567891,
    ("projects", "total_settled"): 505678912,
    ("systems", "description"): "MOTA-zqB",
    ("systems", "user_count"): 43219,
    ("library", "problem"): "VANDE-zqC",
    ("library", "solution"): "GIAIPHAP-zqD",
    ("library", "results_summary"): "KETQUA-zqE",
    ("library", "lessons"): "BAIHOC-zqF",
    ("library", "reuse_conditions"): "DIEUKIEN-zqG",
}
MONEY_LINE = 406080123


def anon() -> Client:
    return Client()


def feed(dataset: str, fmt: str = "json", client=None, **params):
    return (client or anon()).get(f"/mo/v1/{dataset}.{fmt}", params)


def body(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def read_csv(resp) -> tuple[list[str], list[dict]]:
    raw = body(resp)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    return header, [dict(zip(header, r)) for r in rows[1:]]


def every_body(dataset: str) -> bytes:
    """Every representation of a dataset's feed: JSON pages, paged and whole CSV."""
    parts = [feed(dataset).content, feed(dataset, so_ban_ghi=1).content, body(feed(dataset, "csv")),
             body(feed(dataset, "csv", trang=1))]
    assert all(parts)
    return b"\n".join(parts)


def records(dataset: str, **params) -> list[dict]:
    resp = feed(dataset, **params)
    assert resp.status_code == 200, resp.content
    return resp.json()["records"]


# --------------------------------------------------------------------------- world

@pytest.fixture
def world(cast, units, projects):
    """Published-to-be records of the test province with every dictionary field filled and an
    internal marker in every field that is never published; a withheld project, a proposal and
    a draft library entry; the ministry's own project; and a leader of the ministry."""
    clerk = UserFactory(username=INTERNAL["username"], role=Role.UNIT_STAFF, unit=units.skhcn)
    extra = make_project(clerk, units.skhcn, name="Chính quyền số cấp xã")
    proposal = make_project(cast.staff_a, units.skhcn, name=INTERNAL["proposal"])
    hidden = make_project(cast.staff_a, units.skhcn, name="Hệ thống camera giám sát trụ sở zqW")
    live = [projects.a, projects.b, projects.old, projects.bo, extra, hidden]
    Project.objects.filter(pk__in=[p.pk for p in live]).update(state=State.IMPLEMENTING)
    Project.objects.filter(pk=projects.a.pk).update(
        objectives=DISTINCT["projects", "objectives"], scope=INTERNAL["scope"],
        **{name: DISTINCT["projects", name] for name in
           ("total_estimate", "total_approved", "total_allocated", "total_disbursed", "total_settled")})
    BudgetEntry.objects.create(project=projects.a, year=2025, funding_source=source(), stage=Stage.DISBURSED,
                               amount=MONEY_LINE, note=INTERNAL["budget_note"], created_by=cast.staff_a)
    services.withhold(cast.appraiser, hidden, INTERNAL["withhold_reason"])

    campaign = review_services.create_campaign(cast.appraiser, {
        "name": "Đánh giá hiệu quả năm 2025", "basis_number": "1/UBND-VX", "basis_date": dt.date.today(),
        "basis_issuer": "UBND tỉnh", "scope_states": ["implementing"], "period_year": 2025,
        "deadline": dt.date.today() + dt.timedelta(days=10), "receiving_unit": units.skhcn})
    Review.objects.create(campaign=campaign, project=projects.a, unit=units.skhcn, status=ReviewStatus.ACCEPTED,
                          reviewer_rating="effective", reviewer_comment=INTERNAL["reviewer_comment"])

    lgsp = system_services.create_system(cast.appraiser, {"name": "Nền tảng LGSP tỉnh", "category": Category.CORE,
                                                          "owner_unit": units.skhcn})
    InformationSystem.objects.filter(pk=lgsp.pk).update(
        description=DISTINCT["systems", "description"], user_count=DISTINCT["systems", "user_count"],
        hosting=Hosting.CLOUD, operate_on=dt.date(2023, 5, 4), vendor=INTERNAL["vendor"],
        security_decision=INTERNAL["security"], operating_unit=units.syt)
    ministry_system = system_services.create_system(cast.outsider, {
        "name": "Hệ thống văn bản nội bộ của Bộ", "category": Category.CORE, "owner_unit": units.bo_vp})

    practice = make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, title="Một cửa điện tử liên thông cấp xã",
                           problem=DISTINCT["library", "problem"], solution=DISTINCT["library", "solution"],
                           results_summary=DISTINCT["library", "results_summary"],
                           lessons=DISTINCT["library", "lessons"],
                           reuse_conditions=DISTINCT["library", "reuse_conditions"], keywords=INTERNAL["keywords"],
                           projects=[projects.a, hidden], systems=[lgsp])
    practice.__class__.objects.filter(pk=practice.pk).update(check_note=INTERNAL["check_note"])
    PracticeResult.objects.create(practice=practice, indicator_name="Tỷ lệ hồ sơ trực tuyến", measure_unit="%",
                                  before=12, after=85, note=INTERNAL["result_note"])
    PracticeDocument.objects.create(practice=practice, kind=DocKind.DESIGN, title=INTERNAL["doc_title"],
                                    file="library/2025/thiet-ke.pdf", file_name=INTERNAL["file_name"],
                                    created_by=cast.staff_a)
    draft = make_practice(cast.staff_a, units.skhcn, title=INTERNAL["draft_practice"], status=PracticeStatus.DRAFT)
    bo_leader = UserFactory(username="bo_leader", role=Role.LEADER, unit=units.bo)
    for p in live:
        p.refresh_from_db()
    return SimpleNamespace(a=projects.a, b=projects.b, old=projects.old, withheld=hidden, bo=projects.bo, extra=extra,
                           proposal=proposal, lgsp=lgsp, ministry_system=ministry_system, practice=practice,
                           draft=draft, bo_leader=bo_leader, clerk=clerk)


def unmask_all(cast, root, actor=None):
    for ds in DATASETS:
        services.set_policy(actor or cast.appraiser, root, ds, [])


def maskable(dataset):
    return [f.name for f in dictionary.fields(dataset) if f.maskable]


def by_code(recs):
    return {r["code"]: r for r in recs}


# --------------------------------------------------------------------- content

def test_no_feed_before_anything_is_published(world):
    for ds in DATASETS:
        resp = feed(ds)
        assert resp.status_code == 200
        data = resp.json()
        assert (data["total"], data["records"], data["snapshots"], data["next"]) == (0, [], [], None)
        header, rows = read_csv(feed(ds, "csv"))
        assert header == ["tinh_bo"] and rows == []


def test_feeds_carry_the_published_records_without_an_account(cast, units, world, published):
    unmask_all(cast, units.tinh)
    snap = published()
    data = feed("projects").json()
    assert data["dataset"] == "projects"
    assert data["snapshots"] == [{"tinh_bo": "T01", "name": units.tinh.name, "number": snap.number,
                                  "as_of": snap.as_of.isoformat(),
                                  "published_at": snap.published_at.isoformat(timespec="seconds")}]
    assert data["generated"] == snap.published_at.isoformat(timespec="seconds")
    assert sorted(r["code"] for r in data["records"]) == sorted([world.a.code, world.b.code, world.old.code, world.extra.code])
    assert all(r["tinh_bo"] == "T01" and r["last_modified"] for r in data["records"])
    assert [r["code"] for r in records("systems")] == [world.lgsp.code]
    assert [r["code"] for r in records("library")] == [world.practice.code]


def test_unmasked_fields_are_present_with_their_values(cast, units, world, published):
    unmask_all(cast, units.tinh)
    snap = published()
    for ds in DATASETS:
        stored = {r.code: r.data for r in PublishedRecord.objects.filter(snapshot=snap, dataset=ds)}
        recs = by_code(records(ds))
        header, rows = read_csv(feed(ds, "csv"))
        assert header == ["tinh_bo"] + [f.name for f in dictionary.fields(ds)]
        assert set(recs) == set(stored) and {r["code"] for r in rows} == set(stored)
        for code, rec in recs.items():
            assert rec == {**stored[code], "tinh_bo": "T01"}
            assert set(rec) == {f.name for f in dictionary.fields(ds)} | {"tinh_bo"}
    a = by_code(records("projects"))[world.a.code]
    assert a["name"] == world.a.name and a["objectives"] == DISTINCT["projects", "objectives"]
    assert a["total_approved"] == DISTINCT["projects", "total_approved"]
    assert {"year": 2025, "stage": "Giải ngân", "amount": MONEY_LINE} in a["money_by_year"]
    assert (a["effectiveness"], a["effectiveness_year"]) == ("Hiệu quả", 2025)
    assert a["funding_sources"] == [source().name]
    row = {r["code"]: r for r in read_csv(feed("projects", "csv"))[1]}[world.a.code]
    assert row["total_approved"] == str(DISTINCT["projects", "total_approved"])
    assert f"2025|Giải ngân|{MONEY_LINE}" in row["money_by_year"].split("; ")
    assert row["funding_sources"] == source().name and row["objectives"] == DISTINCT["projects", "objectives"]
    system = records("systems")[0]
    assert (system["description"], system["user_count"], system["hosting"], system["operate_on"],
            system["operating_unit"]) == (DISTINCT["systems", "description"], DISTINCT["systems", "user_count"],
                                          Hosting.CLOUD.label, "2023-05-04", units.syt.name)
    entry = records("library")[0]
    assert entry["projects"] == [world.a.code] and entry["systems"] == [world.lgsp.code]
    assert entry["results"] == [{"indicator": "Tỷ lệ hồ sơ trực tuyến", "unit": "%", "before": 12.0, "after": 85.0}]
    lib_row = read_csv(feed("library", "csv"))[1][0]
    assert lib_row["projects"] == world.a.code
    assert '"indicator":"Tỷ lệ hồ sơ trực tuyến"' in lib_row["results"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_masked_field_leaves_every_record_column_and_cell(cast, units, world, dataset):
    """One snapshot per maskable field, that field alone masked: it is in no JSON record, no CSV
    column, and its value is nowhere in any body; every other field is still there."""
    all_fields = [f.name for f in dictionary.fields(dataset)]
    for name in maskable(dataset):
        unmask_all(cast, units.tinh)
        services.set_policy(cast.appraiser, units.tinh, dataset, [name])
        publish(cast.appraiser, cast.leader, units.tinh)
        recs = records(dataset)
        assert recs, name
        for rec in recs:
            assert name not in rec, name
            assert set(rec) == (set(all_fields) - {name}) | {"tinh_bo"}, name
        header, rows = read_csv(feed(dataset, "csv"))
        assert name not in header and header == ["tinh_bo"] + [f for f in all_fields if f != name], name
        assert all(name not in row for row in rows)
        if (dataset, name) in DISTINCT:
            assert str(DISTINCT[dataset, name]).encode() not in every_body(dataset), name


def test_everything_masked_leaves_only_the_fields_always_published(cast, units, world, published):
    for ds in DATASETS:
        services.set_policy(cast.appraiser, units.tinh, ds, maskable(ds))
    published()
    for ds in DATASETS:
        always = [f.name for f in dictionary.fields(ds) if not f.maskable]
        recs = records(ds)
        assert recs and all(set(r) == set(always) | {"tinh_bo"} for r in recs)
        header, _ = read_csv(feed(ds, "csv"))
        assert header == ["tinh_bo"] + always
        raw = every_body(ds)
        for (d, _name), value in DISTINCT.items():
            if d == ds:
                assert str(value).encode() not in raw
    assert str(MONEY_LINE).encode() not in every_body("projects")


def test_withheld_projects_proposals_drafts_and_internal_notes_appear_in_no_feed(cast, units, world, published):
    unmask_all(cast, units.tinh)
    published()
    feeds = b"\n".join(every_body(ds) for ds in DATASETS)
    everything = feeds + anon().get("/mo/v1/").content
    withheld = world.withheld
    for text in (withheld.code, withheld.name, world.proposal.code, world.draft.code, *INTERNAL.values()):
        assert text.encode() not in everything, text
    for user in (cast.staff_a, cast.appraiser, cast.leader):
        assert user.username.encode() not in feeds
    assert withheld.pk not in set(PublishedRecord.objects.filter(dataset="projects").values_list("key", flat=True))
    entry = records("library")[0]
    assert withheld.code not in entry["projects"]
    # The ministry's records are in its own tree's snapshot only: nothing of it while it publishes none.
    assert world.bo.code.encode() not in everything and world.ministry_system.code.encode() not in everything


def test_draft_and_rejected_snapshots_never_feed(cast, units, world, published):
    unmask_all(cast, units.tinh)
    first = published()
    etag = feed("projects")["ETag"]
    Project.objects.filter(pk=world.b.pk).update(name="Tên mới chưa công bố zqR")
    draft = services.prepare(cast.appraiser, units.tinh)
    assert PublishedRecord.objects.filter(snapshot=draft).exists()
    data = feed("projects").json()
    assert [s["number"] for s in data["snapshots"]] == [first.number]
    assert feed("projects")["ETag"] == etag
    assert b"zqR" not in every_body("projects")
    services.decide(cast.leader, draft, False, "Chưa đủ số liệu.", expected_version=draft.version)
    assert [s["number"] for s in feed("projects").json()["snapshots"]] == [first.number]
    assert b"zqR" not in every_body("projects")


def test_each_tree_only_under_its_own_snapshot(cast, units, world, published):
    unmask_all(cast, units.tinh)
    published()
    unmask_all(cast, units.bo, actor=cast.outsider)
    services.set_policy(cast.outsider, units.bo, "projects", ["total_approved"])
    publish(cast.outsider, world.bo_leader, units.bo)
    data = feed("projects").json()
    assert {s["tinh_bo"] for s in data["snapshots"]} == {"T01", "B01"}
    recs = by_code(data["records"])
    assert recs[world.bo.code]["tinh_bo"] == "B01" and "total_approved" not in recs[world.bo.code]
    assert all(r["tinh_bo"] == "T01" for code, r in recs.items() if code != world.bo.code)
    assert recs[world.a.code]["total_approved"] == DISTINCT["projects", "total_approved"]
    # One tree asked for: the other's records are not there.
    t01 = feed("projects", don_vi="T01")
    assert world.bo.code.encode() not in t01.content and world.bo.name.encode() not in t01.content
    assert [r["code"] for r in records("projects", don_vi="B01")] == [world.bo.code]
    assert [r["code"] for r in records("systems", don_vi="B01")] == [world.ministry_system.code]
    assert world.ministry_system.code.encode() not in feed("systems", don_vi="T01").content
    # CSV: the column is there (the province publishes it); the ministry's cell is empty.
    header, rows = read_csv(feed("projects", "csv"))
    rows = {r["code"]: r for r in rows}
    assert "total_approved" in header
    assert rows[world.bo.code]["tinh_bo"] == "B01" and rows[world.bo.code]["total_approved"] == ""
    assert rows[world.a.code]["total_approved"] == str(DISTINCT["projects", "total_approved"])
    header_b01, _ = read_csv(feed("projects", "csv", don_vi="B01"))
    assert "total_approved" not in header_b01
    for code in ("XX99", "T01-SKHCN", "x" * 300):
        resp = feed("projects", don_vi=code)
        assert resp.status_code == 404 and "don_vi" in resp.json()["detail"]


# ------------------------------------------------------------------ pagination

def test_pages_next_last_and_bad_parameters(cast, units, world, published):
    unmask_all(cast, units.tinh)
    published()
    total = PublishedRecord.objects.filter(dataset="projects").count()
    assert total == 4
    seen = []
    url_params = {"so_ban_ghi": 2}
    first = feed("projects", **url_params).json()
    assert (first["page"], first["page_size"], first["total"], first["pages"]) == (1, 2, total, 2)
    assert first["previous"] is None and "trang=2" in first["next"] and "so_ban_ghi=2" in first["next"]
    assert first["next"].startswith("http://testserver/mo/v1/projects.json?")
    seen += [r["code"] for r in first["records"]]
    last = anon().get(first["next"]).json()
    assert last["page"] == 2 and last["next"] is None and "trang=1" in last["previous"]
    seen += [r["code"] for r in last["records"]]
    assert len(seen) == total and set(seen) == set(by_code(records("projects")))
    beyond = feed("projects", trang=3, so_ban_ghi=2)
    assert beyond.status_code == 404 and "2 trang" in beyond.json()["detail"]
    for bad in ({"trang": "0"}, {"trang": "abc"}, {"trang": "-1"}, {"trang": "١"}, {"trang": "9" * 40},
                {"so_ban_ghi": "1001"}, {"so_ban_ghi": "0"}, {"so_ban_ghi": "1.5"}):
        for fmt in ("json", "csv"):
            resp = feed("projects", fmt, **bad)
            assert resp.status_code == 400, (bad, fmt)
            assert resp["Content-Type"].startswith("application/json")
            assert "Tham số" in resp.json()["detail"]
    page = feed("projects", "csv", trang=2, so_ban_ghi=2)
    assert page["X-Total-Count"] == str(total) and 'rel="prev"' in page["Link"] and 'rel="next"' not in page["Link"]
    assert len(read_csv(page)[1]) == 2
    assert len(read_csv(feed("projects", "csv"))[1]) == total


def test_unknown_dataset_is_a_json_404():
    for fmt in ("json", "csv"):
        resp = feed("nguoi-dung", fmt)
        assert resp.status_code == 404
        assert "Không có bộ dữ liệu" in resp.json()["detail"]


# ---------------------------------------------------------- conditional requests

@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_conditional_requests_answer_304_until_a_new_snapshot(cast, units, world, published, fmt):
    unmask_all(cast, units.tinh)
    published()
    client = anon()
    first = feed("projects", fmt, client)
    assert first.status_code == 200 and body(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert first["Cache-Control"] == "public, max-age=300" and first["Access-Control-Allow-Origin"] == "*"
    again = client.get(f"/mo/v1/projects.{fmt}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=300"
    assert client.get(f"/mo/v1/projects.{fmt}", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another page, another dataset, another format: another validator.
    assert feed("projects", fmt, trang=1, so_ban_ghi=1)["ETag"] != etag
    assert feed("systems", fmt)["ETag"] != etag
    assert feed("projects", "csv" if fmt == "json" else "json")["ETag"] != etag
    # A new published snapshot changes the validator: the old one gets the new body.
    publish(cast.appraiser, cast.leader, units.tinh)
    fresh = client.get(f"/mo/v1/projects.{fmt}", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag and body(fresh)


# ------------------------------------------------------------------------- CSV

def test_csv_is_spreadsheet_safe(cast, units, world, published):
    unmask_all(cast, units.tinh)
    names = {world.a.pk: '=HYPERLINK("http://x","bấm")', world.b.pk: "+1-2 Hệ thống", world.extra.pk: "@SUM(A1)"}
    for pk, name in names.items():
        Project.objects.filter(pk=pk).update(name=name)
    Project.objects.filter(pk=world.a.pk).update(objectives="-2+3\x07 và\u202e ký tự lạ")
    published()
    resp = feed("projects", "csv")
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="projects.csv"' in resp["Content-Disposition"]
    header, rows = read_csv(resp)
    assert header[:3] == ["tinh_bo", "code", "name"]
    got = {r["name"] for r in rows}
    assert got == {"'" + n for n in names.values()} | {world.old.name}
    a = next(r for r in rows if r["code"] == world.a.code)
    assert a["objectives"].startswith("'-2+3") and "\x07" not in a["objectives"] and "\u202e" not in a["objectives"]
    assert "\ufffd" in a["objectives"]
    # The JSON feed gives the values as published.
    assert by_code(records("projects"))[world.a.code]["name"] == names[world.a.pk]


# ---------------------------------------------------------------------- dictionary

def test_dictionary_page_lists_every_field_and_how_to_use_the_feeds(cast, units, world, published):
    services.set_policy(cast.appraiser, units.tinh, "projects", ["objectives", "total_settled"])
    published()
    resp = anon().get("/mo/v1/")
    assert resp.status_code == 200
    html = resp.content.decode()
    for ds in DATASETS:
        assert f"/mo/v1/{ds}.json" in html and f"/mo/v1/{ds}.csv" in html
        for f in dictionary.fields(ds):
            assert f'data-field="{f.name}"' in html and escape(f.meaning) in html
    assert "luôn công khai" in html and "có thể ẩn" in html
    assert f"đang ẩn ở: {units.tinh.name} (T01)" in html
    for line in dictionary.NEVER_PUBLISHED:
        assert escape(line) in html
    assert "Dữ liệu công khai theo quy định; ghi nguồn khi sử dụng" in html
    assert "If-None-Match" in html and "304" in html and "trang=" in html and "so_ban_ghi" in html


# ----------------------------------------------------------- limits and the API

@pytest.fixture
def frozen_clock(monkeypatch):
    """The request limit's clock stands still (no window ends during the test)."""
    monkeypatch.setattr(throttle, "_clock", lambda: 1_800_000_030.0)


def test_requests_past_the_limit_get_429(settings, frozen_clock):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    cache.clear()
    client = anon()
    answers = [client.get("/mo/v1/projects.json").status_code for _ in range(2)]
    answers.append(client.get("/mo/v1/").status_code)
    assert answers == [200, 200, 200]
    refused = client.get("/mo/v1/projects.csv")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "quá nhiều yêu cầu" in refused.json()["detail"]
    page = client.get("/cong-khai/")
    assert page.status_code == 429 and "quá nhiều yêu cầu" in page.content.decode()
    # Another address has its own count; a higher limit lets the first one through again.
    assert Client(REMOTE_ADDR="10.0.0.9").get("/mo/v1/projects.json").status_code == 200
    settings.PUBLIC_RATE_LIMIT = "100/m"
    assert client.get("/mo/v1/projects.json").status_code == 200
    cache.clear()


def test_rate_setting_is_read_strictly():
    assert throttle.parse_rate("120/m") == (120, 60)
    assert throttle.parse_rate("5/s") == (5, 1)
    assert throttle.parse_rate("") is None and throttle.parse_rate("0/m") is None
    with pytest.raises(ValueError):
        throttle.parse_rate("nhiều")


def test_the_api_still_refuses_anonymous_requests(world):
    client = anon()
    for path in ("/api/v1/projects", "/api/v1/systems", f"/api/v1/projects/{world.a.pk}", "/api/v1/campaigns"):
        resp = client.get(path)
        assert resp.status_code in (401, 403), path
        assert world.a.name.encode() not in resp.content
