"""Benchmark of a bottleneck-survey round at province scale: 3,000 units × 60 questions. Not part
of `make test`.

    .venv/bin/python bench/surveys.py [--db sqlite|postgres] [--units 3000] [--runs 10] [--fresh] [--tag NAME]

Targets: the results page (``surveys:results``) ≤ 1 s, the raw answers in Excel
(``surveys:export_xlsx``) ≤ 30 s, the Word report of the province (``surveys:report_docx``) ≤ 60 s.

Data (cached; ``--fresh`` rebuilds): a province and ``--units`` units under it (departments and
districts, explicit keys), a questionnaire of five sections × 12 questions — per section three
single choices, two multiple choices, two 1–5 scales, an integer, a decimal, a date, a free text
and a matrix of three rows — saved and published through the services, a round opened through
the services to every unit (one response each), then the answers bulk-inserted (not through the
services): 92 % of the units submitted (6 % of those late), 3 % still drafting, the rest not
started; multiple choices pick 1–3 items, the free texts are drawn from a pool of difficulties
with variations (so the grouping has work to do). A lead agency per section, the coordinator's
and a lead agency's users are added.

Measured with ``django.test.Client`` (DEBUG off; a fresh connection per request on SQLite): the
results page as the coordinator (every section readable: first section, the data section, a
later page of the per-unit table, another cross-tab) and as the data section's lead agency,
p50/p95 by nearest rank after a warm-up, and the statements of one more request (on PostgreSQL after ``ANALYZE``, as autovacuum would have run
after the bulk insert: without statistics the planner picked a 0.5 s plan); the Excel,
CSV and Word downloads timed over a few runs. Results: ``bench/out/surveys-<db>[-tag].json`` and
``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.util import (  # noqa: E402
    QueryCounter,
    bench_db_url,
    percentile,
    reset_bench_db,
    setup_bench_django,
    write_results,
)

DATA_VERSION = 1
PG_DB = "cds_bench_surveys"
SQLITE_FILE = OUT / "surveys.sqlite3"
MEDIA = OUT / "surveys-media"
TARGETS = {"page_s": 1.0, "xlsx_s": 30.0, "docx_s": 60.0}
BATCH = 5000
ROOT_PK = 900_000

SECTIONS = [("phap_ly", "Pháp lý", "legal"), ("ha_tang", "Hạ tầng công nghệ", "infrastructure"),
            ("du_lieu", "Dữ liệu", "data"), ("an_ninh", "An ninh, an toàn, bảo mật", "security"),
            ("nguon_luc", "Nguồn lực triển khai", "resources")]
CHOICES = {
    "co_khong": [("co", "Có"), ("khong", "Không")],
    "muc_do": [("tot", "Tốt"), ("kha", "Khá"), ("trung_binh", "Trung bình"), ("yeu", "Yếu")],
    "thieu": [("may_chu", "Máy chủ"), ("mang", "Thiết bị mạng"), ("may_tram", "Máy trạm"),
              ("phan_mem", "Bản quyền phần mềm"), ("nhan_luc", "Nhân lực"), ("kinh_phi", "Kinh phí")],
    "san_sang": [("san_sang", "Sẵn sàng"), ("dang_xay_dung", "Đang xây dựng"), ("chua_co", "Chưa có")],
}
DIFFICULTIES = [
    "Chưa kết nối được cơ sở dữ liệu quốc gia về dân cư", "Thiếu cán bộ chuyên trách công nghệ thông tin",
    "Kinh phí duy trì hệ thống còn hạn chế", "Đường truyền mạng chậm, thường xuyên mất kết nối",
    "Chưa có hướng dẫn về chia sẻ dữ liệu giữa các ngành", "Hồ sơ cấp độ an toàn thông tin chưa được phê duyệt",
    "Thiết bị máy chủ đã cũ, hết khấu hao", "Dữ liệu đất đai chưa được số hóa đầy đủ",
    "Văn bản hướng dẫn thủ tục còn chồng chéo", "Người dân chưa quen sử dụng dịch vụ công trực tuyến",
    "Chưa bố trí được phòng máy chủ đạt chuẩn", "Phần mềm một cửa chưa liên thông với hệ thống của tỉnh",
]
TAILS = ["", " tại đơn vị", ", cần tỉnh hỗ trợ", " trong năm nay", " ở cấp xã", " do thiếu kinh phí"]


def stamp_path(db: str) -> Path:
    return OUT / f"surveys-data-{db}.json"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"units": args.units, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def _q(name, type_, label, section, **kw):
    base = {"name": name, "type": type_, "label": label, "hint": "", "required": False, "relevant": "",
            "constraint": "", "constraint_message": "", "list_name": "", "rows": [], "scale_min": None,
            "scale_max": None, "section": section}
    base.update(kw)
    return base


def definition() -> dict:
    questions = []
    for sec, label, _group in SECTIONS:
        low = label.lower()
        questions += [
            _q(f"{sec}_nghen", "select_one", f"Đơn vị có điểm nghẽn về {low} không?", sec, list_name="co_khong"),
            _q(f"{sec}_muc", "select_one", f"Mức đáp ứng về {low}", sec, list_name="muc_do"),
            _q(f"{sec}_kien_nghi", "select_one", f"Đơn vị có kiến nghị về {low} không?", sec, list_name="co_khong"),
            _q(f"{sec}_thieu", "select_multiple", f"Những gì còn thiếu ({low})", sec, list_name="thieu"),
            _q(f"{sec}_uu_tien", "select_multiple", f"Ưu tiên đầu tư ({low})", sec, list_name="thieu"),
            _q(f"{sec}_diem", "scale", f"Tự đánh giá về {low} (1–5)", sec, scale_min=1, scale_max=5),
            _q(f"{sec}_hai_long", "scale", f"Mức hài lòng về {low} (1–5)", sec, scale_min=1, scale_max=5),
            _q(f"{sec}_so", "integer", f"Số hệ thống, nhiệm vụ liên quan {low}", sec),
            _q(f"{sec}_ty_le", "decimal", f"Tỷ lệ hoàn thành ({low}, %)", sec),
            _q(f"{sec}_ngay", "date", f"Ngày rà soát gần nhất ({low})", sec),
            _q(f"{sec}_mo_ta", "text", f"Mô tả khó khăn, vướng mắc về {low}", sec),
            _q(f"{sec}_bang", "matrix", f"Mức sẵn sàng ({low})", sec, list_name="san_sang",
               rows=[{"name": "he_thong", "label": "Hệ thống"}, {"name": "du_lieu", "label": "Dữ liệu"},
                     {"name": "quy_trinh", "label": "Quy trình"}]),
        ]
    return {"title": "Khảo sát điểm nghẽn chuyển đổi số", "form_id": "bench_diem_nghen", "version_label": "1",
            "sections": [{"name": s, "label": label, "group": g, "relevant": ""} for s, label, g in SECTIONS],
            "questions": questions,
            "choices": [{"list_name": ln, "name": n, "label": label}
                        for ln, items in CHOICES.items() for n, label in items]}


def _units(n):
    from cds.orgs.models import Unit, UnitKind

    root = Unit(pk=ROOT_PK, code="BS", name="Ủy ban nhân dân tỉnh Bền Sức", short_name="UBND tỉnh",
                kind=UnitKind.PROVINCE, path=f"/{ROOT_PK}/", depth=0)
    units = [root]
    for i in range(1, n + 1):
        pk = ROOT_PK + i
        kind = UnitKind.DEPARTMENT if i <= 60 else UnitKind.COMMUNE if i > 200 else UnitKind.DISTRICT
        name = {UnitKind.DEPARTMENT: f"Sở, ngành số {i}", UnitKind.DISTRICT: f"UBND huyện số {i}",
                UnitKind.COMMUNE: f"UBND xã số {i}"}[kind]
        units.append(Unit(pk=pk, code=f"BS-{i:05d}", name=name, kind=kind, parent_id=ROOT_PK,
                          path=f"/{ROOT_PK}/{pk}/", depth=1))
    Unit.objects.bulk_create(units, batch_size=BATCH)
    return root


def _users(root):
    from cds.accounts.models import Role, User

    spec = [("bs_appraiser", Role.CDS_APPRAISER, ROOT_PK + 1), ("bs_coordinator", Role.UNIT_STAFF, ROOT_PK + 2),
            ("bs_lead_data", Role.UNIT_STAFF, ROOT_PK + 3)]
    for username, role, unit in spec:
        u = User(username=username, role=role, unit_id=unit, first_name=username)
        u.set_unusable_password()
        u.save()
    return {u.username: u for u in User.objects.filter(username__startswith="bs_")}


def _value(rng, q, choices):
    """Answer rows (dicts of the Answer columns) of one question."""
    t = q.type
    if t == "select_one":
        return [{"choice": rng.choice(choices[q.list_name])}]
    if t == "select_multiple":
        return [{"choice": c} for c in rng.sample(choices[q.list_name], rng.randint(1, 3))]
    if t == "scale":
        return [{"number": Decimal(rng.choices(range(1, 6), weights=(1, 2, 4, 3, 1))[0])}]
    if t == "integer":
        return [{"number": Decimal(rng.randint(0, 40))}]
    if t == "decimal":
        return [{"number": Decimal(rng.randint(0, 1000)) / 10}]
    if t == "date":
        return [{"date": dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 365))}]
    if t == "text":
        return [{"text": rng.choice(DIFFICULTIES) + rng.choice(TAILS)}] if rng.random() < 0.6 else []
    if t == "matrix":
        return [{"row": r["name"], "choice": rng.choice(choices[q.list_name])} for r in q.rows]
    return []


def _answers(rng, rnd, responses):
    from cds.surveys.models import Answer

    questions = list(rnd.form.questions.order_by("order", "id"))
    choices = {ln: [n for n, _ in items] for ln, items in CHOICES.items()}
    buf, n = [], 0
    for rid in responses:
        for q in questions:
            for v in _value(rng, q, choices):
                buf.append(Answer(response_id=rid, question_id=q.pk, **v))
        if len(buf) >= BATCH:
            Answer.objects.bulk_create(buf, batch_size=BATCH)
            n += len(buf)
            buf = []
    Answer.objects.bulk_create(buf, batch_size=BATCH)
    return n + len(buf)


def build(args) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from cds.orgs.models import Unit
    from cds.surveys import services
    from cds.surveys.models import Response, ResponseStatus

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(2026)
    t0 = time.perf_counter()
    with transaction.atomic():
        root = _units(args.units)
        users = _users(root)
        appraiser = users["bs_appraiser"]
        form = services.publish_version(appraiser, services.save_definition(appraiser, definition(), root_unit=root))
        sections = {s.name: s for s in form.sections.all()}
        # the lead agencies: units 1–5 in the order of the sections (unit 3 leads "du_lieu")
        leads = {s.pk: (Unit.objects.get(pk=ROOT_PK + 1 + i), None) for i, s in enumerate(sections.values())}
        rnd = services.create_round(appraiser, {
            "name": "Khảo sát điểm nghẽn chuyển đổi số năm 2024", "form": form, "root_unit": root,
            "deadline": dt.date.today() + dt.timedelta(days=20), "coordinator": Unit.objects.get(pk=ROOT_PK + 2),
            "basis_number": "1470/UBND-NC", "basis_date": dt.date(2024, 5, 20),
            "basis_title": "khảo sát, đánh giá điểm nghẽn trong chuyển đổi số", "leads": leads})
        rnd = services.open_round(appraiser, rnd)
    t1 = time.perf_counter()
    ids = list(Response.objects.filter(round=rnd).order_by("pk").values_list("pk", flat=True))
    rng.shuffle(ids)
    n_submitted, n_draft = int(len(ids) * 0.92), int(len(ids) * 0.03)
    submitted, draft = ids[:n_submitted], ids[n_submitted:n_submitted + n_draft]
    with transaction.atomic():
        answers = _answers(rng, rnd, submitted + draft)
        now = timezone.now()
        late = set(submitted[: int(len(submitted) * 0.06)])
        for chunk in range(0, len(submitted), BATCH):
            part = submitted[chunk:chunk + BATCH]
            Response.objects.filter(pk__in=[p for p in part if p not in late]).update(
                status=ResponseStatus.SUBMITTED, submitted_at=now, is_late=False)
            Response.objects.filter(pk__in=[p for p in part if p in late]).update(
                status=ResponseStatus.SUBMITTED, submitted_at=now, is_late=True)
        Response.objects.filter(pk__in=draft).update(status=ResponseStatus.DRAFT)
    if connection.vendor == "postgresql":   # the statistics autovacuum would have gathered by then
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return {"units": args.units, "version": DATA_VERSION, "round": rnd.pk, "questions": form.questions.count(),
            "answers": answers, "submitted": len(submitted), "draft": len(draft),
            "data_section": sections["du_lieu"].pk, "timings": {"setup_s": round(t1 - t0, 1),
                                                                "answers_s": round(time.perf_counter() - t1, 1)},
            "generated_at": dt.datetime.now().isoformat(timespec="seconds")}


# ------------------------------------------------------------------ measures ----

def _stats(times: list[float]) -> dict:
    return {"p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
            "max_s": round(max(times), 3), "runs": len(times)}


def measure(client, url: str, runs: int, warmup: int = 1) -> dict:
    from django.db import close_old_connections, connection

    def get():
        response = client.get(url)
        close_old_connections()
        return response

    for _ in range(warmup):
        first = get()
        if first.status_code != 200:
            return {"available": False, "status": first.status_code, "url": url}
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        response = get()
        times.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        size = len(response.content)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        get()
    return {"available": True, "url": url, **_stats(times), "queries": counter.n, "bytes": size}


def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, d = r["machine"], r["data"]
    lines = [f"## Survey benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['units']:,} units × {d['questions']} questions; {d['submitted']:,} responses submitted, "
             f"{d['draft']:,} drafting; {d['answers']:,} answer rows. Machine: {m['cpu']}, {m['nproc']} CPUs, "
             f"{m.get('ram_mb') or '?'} MB; load average {r['loadavg_before'][0]} before, "
             f"{r['loadavg_after'][0]} after.", "",
             "| Measure | p50 s | p95 s | queries | size | target |", "|---|---:|---:|---:|---:|---|"]
    for key, x in r["measures"].items():
        target = TARGETS[x["target"]]
        if not x["available"]:
            lines.append(f"| {key} | — | — | — | — | GET answered {x['status']} |")
            continue
        lines.append(f"| {key} | {x['p50_s']:.3f} | {x['p95_s']:.3f} | {x['queries']} | {x['bytes'] / 1024:,.0f} KB | "
                     f"≤ {target:g} s {_ok(x['p95_s'], target)} |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.db import connection
    from django.urls import reverse

    from bench.util import data_set, login_client
    from bench.util import server_version as db_version

    stamp = data_set(must_build, lambda: build(args), stamp_path(args.db), f"a round of {args.units:,} units into {args.db}")
    server_version = db_version()
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version, "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()], "measures": {}}
    rnd, data = stamp["round"], stamp["data_section"]
    page = reverse("surveys:results", args=[rnd])
    coordinator, lead = login_client("bs_coordinator"), login_client("bs_lead_data")
    plan = [
        ("results page — coordinator, first section", coordinator, page, args.runs, "page_s"),
        ("results page — coordinator, data section", coordinator, f"{page}?nhom={data}", args.runs, "page_s"),
        ("results page — coordinator, per-unit table page 40", coordinator, f"{page}?nhom={data}&page=40",
         args.runs, "page_s"),
        ("results page — lead agency of the data section", lead, page, args.runs, "page_s"),
        ("Excel, raw answers — coordinator (every section)", coordinator,
         reverse("surveys:export_xlsx", args=[rnd]), args.export_runs, "xlsx_s"),
        ("CSV, raw answers — coordinator (every section)", coordinator,
         reverse("surveys:export_csv", args=[rnd]), args.export_runs, "xlsx_s"),
        ("Word report of the province — coordinator", coordinator,
         reverse("surveys:report_docx", args=[rnd]), args.export_runs, "docx_s"),
        ("Word report of the data section — lead agency", lead,
         f"{reverse('surveys:report_docx', args=[rnd])}?section={data}", args.export_runs, "docx_s"),
    ]
    for key, client, url, runs, target in plan:
        print(f"{key} …", flush=True)
        result["measures"][key] = {**measure(client, url, runs), "target": target}
        print(f"    {result['measures'][key]}", flush=True)
    write_results(result, OUT, "surveys", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--units", type=int, default=int(os.environ.get("BENCH_SURVEY_UNITS", 3000)))
    parser.add_argument("--runs", type=int, default=10, help="timed requests per page")
    parser.add_argument("--export-runs", type=int, default=2, help="timed downloads of each file")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
