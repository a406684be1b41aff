"""Benchmark of procurement oversight at national scale: 300,000 packages (gói thầu) of the
registry's projects in 34 provinces and 20 ministries, with their plans, results, contractors,
contracts and payments. Not part of `make test`.

    .venv/bin/python bench/procurement.py [--db sqlite|postgres] [--packages 300000] [--projects 100000]
        [--runs 20] [--refresh-runs 10] [--fresh] [--tag NAME]

Targets: the warnings of one unit (:func:`cds.procurement.signals.refresh_units` for the unit
with the most packages) <= 1 s; the procurement page (``procurement:index``) <= 300 ms p95 — as
a national administrator, a province inspector and the staff of that unit, unfiltered and
filtered, page 1 and a later page.

Data (cached; ``--fresh`` rebuilds): the registry of :mod:`bench.generate` (``--projects``
projects), then, bulk-written with explicit keys in chunks (not through the services): one
selection plan per project that buys (mã KHLCNT ``PL`` + 10 digits), ``--packages`` packages
spread over those projects (so over their investor units) with their field, price (by field,
log-uniform), method as the limits of the package's law would have it (direct appointment and
chào hàng cạnh tranh within their limits, open bidding above; 1.5 % direct above the limit),
online from 2023 for the competitive methods, selection start 2019–2026 within the project's
years, mã TBMT ``IB`` + 10 digits; 85 % awarded (contractors: 120 local firms per province or
ministry and 400 national ones, a few winning much), awarded price 85–99.5 % of the package
price, bidders; 80 % of the awards with a contract (some late), a third of those with a payment
from a disbursement line of the project's ledger. Then the warnings of every unit are built by
:func:`refresh_units` (timed). A province inspector (``bench_inspector``, Thanh tra of province
1) is added to the cast.

Measured with ``django.test.Client`` (DEBUG off; a fresh connection per request on SQLite):
p50/p95 by nearest rank after a warm-up, and the statements of one more request. A page whose
view is not on this branch (404 / placeholder) is reported as such. Results:
``bench/out/procurement-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.util import (  # noqa: E402
    QueryCounter,
    bench_db_url,
    measure_get,
    reset_bench_db,
    setup_bench_django,
    timing_stats,
    write_results,
)

DATA_VERSION = 3   # 3: the units' rollups by method and year
PG_DB = "cds_bench_procurement"
SQLITE_FILE = OUT / "procurement.sqlite3"
MEDIA = OUT / "procurement-media"
TARGETS = {"refresh_s": 1.0, "page_s": 0.3}
BATCH = 5000
TY, TRIEU = 1_000_000_000, 1_000_000
LOCAL_CONTRACTORS, NATIONAL_CONTRACTORS = 120, 400

FIELDS = [("goods", 30), ("non_consulting", 30), ("consulting", 20), ("it_service", 10), ("works", 5),
          ("mixed", 5)]
PRICE = {"goods": (150 * TRIEU, 40 * TY), "non_consulting": (200 * TRIEU, 60 * TY),
         "consulting": (60 * TRIEU, 4 * TY), "it_service": (150 * TRIEU, 20 * TY), "works": (500 * TRIEU, 30 * TY),
         "mixed": (2 * TY, 80 * TY)}
WHAT = {
    "goods": ["Mua sắm máy chủ, thiết bị lưu trữ", "Mua sắm thiết bị mạng, thiết bị bảo mật",
              "Mua sắm máy tính, máy quét, thiết bị ngoại vi", "Mua sắm bản quyền phần mềm thương mại",
              "Cung cấp, lắp đặt camera giám sát", "Mua sắm thiết bị hội nghị truyền hình"],
    "non_consulting": ["Xây dựng phần mềm", "Nâng cấp phần mềm", "Số hóa, chỉnh lý hồ sơ, tài liệu",
                       "Xây dựng cơ sở dữ liệu", "Chuẩn hóa, chuyển đổi dữ liệu"],
    "consulting": ["Tư vấn lập báo cáo kinh tế - kỹ thuật", "Tư vấn lập báo cáo nghiên cứu khả thi",
                   "Tư vấn giám sát thi công, triển khai", "Tư vấn thẩm tra thiết kế, dự toán",
                   "Tư vấn đánh giá an toàn thông tin"],
    "it_service": ["Thuê dịch vụ công nghệ thông tin", "Thuê dịch vụ điện toán đám mây",
                   "Thuê dịch vụ giám sát an toàn thông tin (SOC)", "Thuê phần mềm theo dịch vụ"],
    "works": ["Cải tạo phòng máy chủ", "Xây lắp hạ tầng cáp quang, mạng LAN"],
    "mixed": ["Thiết kế, cung cấp hàng hóa và xây lắp (EPC) trung tâm dữ liệu",
              "Cung cấp, lắp đặt và triển khai hệ thống điều hành thông minh"],
}
SUFFIXES = ["", " (đợt 1)", " (đợt 2)", " giai đoạn 2", " năm {y}", " cho các đơn vị trực thuộc"]
FIRMS = ["Công ty Cổ phần Công nghệ", "Công ty TNHH Giải pháp phần mềm", "Công ty Cổ phần Tích hợp hệ thống",
         "Công ty TNHH Tư vấn CNTT", "Công ty Cổ phần Dữ liệu số", "Công ty TNHH Thiết bị tin học",
         "Công ty Cổ phần Viễn thông", "Công ty Cổ phần An ninh mạng"]
PLACES = ["Sao Mai", "Hồng Hà", "Phương Đông", "Tân Việt", "Bình Minh", "Trường Sơn", "Hưng Thịnh", "Nam Việt",
          "Đông Á", "Thái Bình Dương", "An Phát", "Minh Khang", "Thành Công", "Việt Tín", "Hoàng Long", "Sông Hàn"]


def stamp_path(db: str) -> Path:
    return OUT / f"procurement-data-{db}.json"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "packages": args.packages, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def _limits(day: dt.date, budget: str) -> tuple[int, int, int]:
    """(direct consulting, direct other, competitive) of the law in force on ``day`` — the
    generator's approximation of the rule rows, so the data is mostly compliant."""
    if budget == "recurrent":
        direct = 500 * TRIEU if day >= dt.date(2025, 8, 4) else (300 * TRIEU if day >= dt.date(2025, 1, 15)
                                                                 else 100 * TRIEU)
        return direct, direct, (10 if day >= dt.date(2025, 8, 4) else 5) * TY
    if day >= dt.date(2025, 8, 4):
        return 800 * TRIEU, 2 * TY, 10 * TY
    return 500 * TRIEU, 1 * TY, 5 * TY


def _price(rng, field: str) -> int:
    lo, hi = PRICE[field]
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi)))) // 1000 * 1000


def _method(rng, field: str, price: int, day: dt.date, budget: str) -> str:
    direct_cs, direct, competitive = _limits(day, budget)
    limit = direct_cs if field == "consulting" else direct
    if rng.random() < 0.015:
        return "direct"                      # whatever the price: the warnings have something to find
    if price <= limit:
        return rng.choices(["direct", "direct_short", "competitive", "open"], [55, 10, 20, 15])[0] \
            if field != "consulting" else rng.choices(["direct", "open"], [75, 25])[0]
    if price <= competitive and field not in ("consulting", "mixed"):
        return rng.choices(["competitive", "open"], [65, 35])[0]
    return "open"


class Writer:
    """Bulk rows in chunks, explicit keys."""

    def __init__(self, rng, today):
        from bench.generate import _Ids
        from cds.procurement.models import Contract, Contractor, ContractPayment, Package, SelectionPlan

        self.rng, self.today = rng, today
        self.models = (Contractor, SelectionPlan, Package, Contract, ContractPayment)
        self.ids = {m: _Ids(m) for m in self.models}
        self.rows = {m: [] for m in self.models}
        self.counts = {m.__name__: 0 for m in self.models}
        self.seq = {"PL": 0, "IB": 0}

    def add(self, obj):
        model = type(obj)
        obj.pk = self.ids[model]()
        self.rows[model].append(obj)
        if len(self.rows[model]) >= BATCH:
            self.flush()        # every model, in order: a row's parents are written first
        return obj

    def flush(self, *models):
        for model in models or self.models:
            if self.rows[model]:
                model.objects.bulk_create(self.rows[model], batch_size=1000)
                self.counts[model.__name__] += len(self.rows[model])
                self.rows[model] = []

    def code(self, prefix: str, year: int) -> str:
        self.seq[prefix] += 1
        return f"{prefix}{year % 100:02d}{self.seq[prefix]:08d}"


def _packages(w, args, local, national, root_of, staff_of, today) -> None:
    """The plans, packages, results, contracts and payments, spread over the projects."""
    from cds.procurement.models import Contract, ContractPayment, Package, SelectionPlan
    from cds.projects.models import BudgetEntry, Project, Stage
    from cds.text.normalize import search_document

    rng = w.rng
    # packages over the projects (a project buys 1–6 times; the units follow their projects)
    projects = list(Project.objects.values_list("pk", "investor_unit_id", "kind", "start_year", "end_year"))
    rng.shuffle(projects)
    disbursed = {}
    for entry_pk, project_pk in BudgetEntry.objects.filter(stage=Stage.DISBURSED, voided=False).values_list(
            "pk", "project_id"):
        disbursed.setdefault(project_pk, entry_pk)
    left, i = args.packages, 0
    plan_of = {}
    folded: dict[str, str] = {}   # a name → its search text (names repeat across packages)
    while left > 0:
        project_pk, unit_pk, kind, first, last = projects[i % len(projects)]
        i += 1
        n = min(left, rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6]))
        left -= n
        first, last = max(2019, min(first or 2019, 2026)), max(2019, min(last or 2026, 2026))
        first, last = min(first, last), max(first, last)
        budget = "project" if kind == "investment" else "recurrent"
        actor = staff_of.get(unit_pk)
        if project_pk not in plan_of:
            day = dt.date(first, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
            plan_of[project_pk] = w.add(SelectionPlan(
                project_id=project_pk, name=f"Kế hoạch lựa chọn nhà thầu dự án {project_pk}",
                plan_code=w.code("PL", day.year), decision_number=f"{rng.randint(1, 3000)}/QĐ-UBND",
                decision_date=day, budget=budget, source="national", created_by_id=actor)).pk
        pool = local[root_of[unit_pk]]
        favourite = rng.choice(pool)
        for _ in range(n):
            year = rng.randint(first, last)
            start = dt.date(year, 1, 10) + dt.timedelta(days=rng.randint(0, 330))
            field = rng.choices([f for f, _ in FIELDS], [wt for _, wt in FIELDS])[0]
            price = _price(rng, field)
            method = _method(rng, field, price, start, budget)
            competitive = method in ("open", "competitive")
            name = f"{rng.choice(WHAT[field])}{rng.choice(SUFFIXES).format(y=year)}"
            package = Package(
                plan_id=plan_of[project_pk], project_id=project_pk, unit_id=unit_pk,
                name=name, search_name=folded.setdefault(name, search_document(name)), field=field,
                package_price=price, budget=budget, method=method, mode="1s2e" if method == "open" else "",
                online=competitive and year >= 2023 and rng.random() < 0.97,
                contract_type="lump_sum", duration_days=rng.choice([60, 90, 120, 180, 240, 365, 540]),
                selection_start=start, notice_code=w.code("IB", year) if method != "direct_short" else "",
                source="national", created_by_id=actor, changed_by_id=actor)
            awarded_on = start + dt.timedelta(days=rng.randint(25, 60))
            if awarded_on < today and rng.random() < 0.85:
                r = rng.random()
                package.contractor_id = favourite if r < 0.25 else (
                    rng.choice(pool) if r < 0.7 else rng.choice(national))
                share = rng.uniform(0.99, 0.999) if rng.random() < 0.05 else rng.uniform(0.85, 0.99)
                package.awarded_price = int(price * share) // 1000 * 1000
                package.bidders = 1 if method in ("direct", "direct_short") else (
                    1 if rng.random() < 0.1 else rng.randint(2, 8))
                package.awarded_on = awarded_on
                package.award_decision = f"{rng.randint(1, 3000)}/QĐ"
            w.add(package)
            if package.awarded_price and rng.random() < 0.8:
                signed = awarded_on + dt.timedelta(days=rng.randint(3, 15))
                planned = signed + dt.timedelta(days=package.duration_days)
                actual = None
                if planned < today and rng.random() < 0.9:
                    actual = planned + dt.timedelta(days=rng.randint(10, 120) if rng.random() < 0.1
                                                    else -rng.randint(0, 20))
                    actual = min(max(actual, signed), today)
                contract = w.add(Contract(
                    package_id=package.pk, number=f"{rng.randint(1, 99):02d}/{signed.year}/HĐ", signed_on=signed,
                    value=package.awarded_price, planned_completion=planned, actual_completion=actual,
                    accepted_on=actual, created_by_id=actor))
                entry = disbursed.get(project_pk)
                if entry and rng.random() < 0.33:
                    w.add(ContractPayment(contract_id=contract.pk, entry_id=entry, amount=contract.value // 3,
                                          paid_on=min(signed + dt.timedelta(days=30), today),
                                          created_by_id=actor))


def build(args) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from bench.generate import BENCH_PASSWORD, generate
    from cds.accounts.models import Role, User
    from cds.orgs.models import Unit
    from cds.procurement import signals
    from cds.procurement.models import Contract, Contractor, ContractPayment, Package, SelectionPlan
    from cds.text.normalize import search_document

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    timings = {"registry_s": round(time.perf_counter() - t0, 1)}
    rng = random.Random(2026)
    today = dt.date.today()
    t1 = time.perf_counter()
    with transaction.atomic():
        w = Writer(rng, today)
        roots = list(Unit.objects.filter(parent__isnull=True).order_by("pk"))
        root_of = {}
        for root in roots:
            for pk in Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True):
                root_of[pk] = root.pk
        staff_of = dict(User.objects.filter(role=Role.UNIT_STAFF, username__startswith="nv.")
                        .values_list("unit_id", "pk"))
        # contractors: national ones and each root's local ones (10-digit tax codes)
        national, local = [], {}

        def firm(n):
            name = f"{rng.choice(FIRMS)} {rng.choice(PLACES)} {n}"
            return w.add(Contractor(tax_code=f"{(4_700_000_000 + n * 131) % 10**10:010d}", name=name,
                                    search_name=search_document(name)))
        made = 0
        for _ in range(NATIONAL_CONTRACTORS):
            made += 1
            national.append(firm(made).pk)
        for root in roots:
            local[root.pk] = []
            for _ in range(LOCAL_CONTRACTORS):
                made += 1
                local[root.pk].append(firm(made).pk)
        w.flush()
        _packages(w, args, local, national, root_of, staff_of, today)
        w.flush()
        # a province inspector
        province1 = Unit.objects.get(pk=registry["province1_id"])
        thanhtra = Unit.objects.filter(path__startswith=province1.path, code__endswith="-TTRA").first() or province1
        User.objects.create(username="bench_inspector", password=make_password(BENCH_PASSWORD), role=Role.INSPECTOR,
                            unit=thanhtra, first_name="Bench", last_name="bench_inspector")
    with connection.cursor() as cur:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Contractor, SelectionPlan, Package, Contract,
                                                                        ContractPayment, User]):
            cur.execute(statement)
    timings["packages_s"] = round(time.perf_counter() - t1, 1)
    t2 = time.perf_counter()
    units = list(Package.objects.order_by().values_list("unit_id", flat=True).distinct())
    with transaction.atomic():
        warnings = signals.refresh_units(units)
    timings["warnings_all_units_s"] = round(time.perf_counter() - t2, 1)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    from django.db.models import Count

    top = (Package.objects.values("unit_id").annotate(n=Count("id")).order_by("-n", "unit_id").first())
    return {"projects": args.projects, "packages": args.packages, "version": DATA_VERSION,
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"), "registry": registry,
            "counts": {**w.counts, "units_with_packages": len(units), "warnings": warnings},
            "top_unit": {"id": top["unit_id"], "packages": top["n"]}, "province1_id": registry["province1_id"],
            "timings": timings}


# ------------------------------------------------------------------ measures ----

def measure_refresh(unit_id: int, runs: int) -> dict:
    """The warnings of the unit with the most packages rebuilt, as every write of the services
    does (one transaction each; the first run warms up)."""
    from django.db import connection, transaction

    from cds.procurement import signals

    times, queries, written = [], 0, 0
    for i in range(runs + 1):
        counter = QueryCounter()
        with transaction.atomic(), connection.execute_wrapper(counter):
            t = time.perf_counter()
            written = signals.refresh_units([unit_id])
            elapsed = time.perf_counter() - t
        if i:
            times.append(elapsed)
            queries = counter.n
    return {**timing_stats(times), "queries": queries, "warnings": written, "checks": len(signals.CHECKS)}


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, d = r["machine"], r["data"]
    c = d["counts"]
    lines = [f"## Procurement benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} registry projects, {d['registry']['units']:,} units; {c['Package']:,} "
             f"packages of {c['units_with_packages']:,} units in {c['SelectionPlan']:,} plans, {c['Contractor']:,} "
             f"contractors, {c['Contract']:,} contracts, {c['ContractPayment']:,} payments, {c['warnings']:,} "
             f"warnings (all units' warnings built in {d['timings']['warnings_all_units_s']} s). Machine: {m['cpu']}, "
             f"{m['nproc']} CPUs, {m.get('ram_mb') or '?'} MB; load average {r['loadavg_before'][0]} before, "
             f"{r['loadavg_after'][0]} after.", "",
             "| Measure | p50 s | p95 s | queries | target |", "|---|---:|---:|---:|---|"]
    x = r["refresh"]
    note = "" if x["checks"] else " — no check registered on this branch"
    lines.append(f"| warnings of the unit with the most packages ({d['top_unit']['packages']:,}) "
                 f"`refresh_units([unit])`, {x['warnings']:,} warnings{note} | {x['p50_s']:.3f} | {x['p95_s']:.3f} | "
                 f"{x['queries']} | ≤ {TARGETS['refresh_s']:.0f} s {_ok(x['p95_s'], TARGETS['refresh_s'])} |")
    for key, x in r["pages"].items():
        if not x["available"]:
            lines.append(f"| procurement page — {key} | — | — | — | not on this branch (GET answered "
                         f"{x['status']}) |")
            continue
        lines.append(f"| procurement page — {key} | {x['p50_s']:.3f} | {x['p95_s']:.3f} | {x['queries']} | "
                     f"≤ {TARGETS['page_s'] * 1000:.0f} ms {_ok(x['p95_s'], TARGETS['page_s'])} |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.db import connection
    from django.urls import reverse

    from bench.util import data_set, login_client
    from bench.util import server_version as db_version
    from cds.accounts.models import Role, User

    stamp = data_set(must_build, lambda: build(args), stamp_path(args.db), f"{args.projects:,} projects and {args.packages:,} packages into {args.db}")
    server_version = db_version()
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version, "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    top = stamp["top_unit"]["id"]
    print(f"refresh_units([{top}]) …", flush=True)
    result["refresh"] = measure_refresh(top, args.refresh_runs)
    print(f"    {result['refresh']}", flush=True)
    unit_user = User.objects.filter(unit_id=top, role=Role.UNIT_STAFF).order_by("pk").first()
    index = reverse("procurement:index")
    filtered = "?year=2025&method=open"
    users = {"national administrator": "bench_admin", "province inspector": "bench_inspector",
             f"unit staff ({stamp['top_unit']['packages']:,} packages)": unit_user.username}
    result["pages"] = {}
    for who, username in users.items():
        client = login_client(username)
        for label, query in (("unfiltered, page 1", ""), ("unfiltered, page 20", "?page=20"),
                             ("filtered (2025, open bidding)", filtered),
                             ("filtered, page 5", f"{filtered}&page=5"),
                             ("warning filter (price close)", "?warning=price.close")):
            key = f"{who}, {label}"
            print(f"{key} …", flush=True)
            result["pages"][key] = measure_get(client, index + query, args.runs)
            print(f"    {result['pages'][key]}", flush=True)
    write_results(result, OUT, "procurement", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--packages", type=int, default=int(os.environ.get("BENCH_PACKAGES", 300_000)))
    parser.add_argument("--projects", type=int, default=int(os.environ.get("BENCH_PROJECTS", 100_000)))
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--refresh-runs", type=int, default=10, help="timed rebuilds of the top unit's warnings")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
