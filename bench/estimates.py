"""Benchmark of the estimates (dự toán) module at national scale: the automatic check of a
2,000-line estimate against a market history of 300,000 earlier prices, the import of a
2,000-line sheet, and the estimate page's reads. Not part of `make test`.

    .venv/bin/python bench/estimates.py [--db sqlite|postgres] [--projects 100000] [--history 20000]
        [--lines 2000] [--runs 5] [--fresh] [--no-import] [--profile check|import|page] [--tag NAME]

Targets: the check of a stored 2,000-line version (``services.run_checks``) <= 1 s; the import
of a 2,000-line sheet (``services.import_sheet``: parse, store, check) <= 5 s; the page's reads
(``selectors.version_of`` + ``checked_amounts`` + ``version_page``) in a number of queries that
does not grow with the lines.

Data (cached; ``--fresh`` rebuilds): the registry of :mod:`bench.generate` (100,000 projects in
34 provinces and 20 ministries); H estimates concluded "phù hợp" spread over the trees (a tenth
in province 1, the one measured), each with one version of about 15 priced lines drawn from a
vocabulary of 600 items (40 kinds of equipment, licences and services in 15 configurations)
and, as ``services.conclude`` writes them, one ``PricePoint`` per priced line — ≈ 300,000 earlier
prices; written with ``bulk_create`` (explicit keys). Then ``bench_staff`` (Sở KH&CN of province 1)
creates an estimate on an investment project of its unit and stores a 2,000-line version through
``services.save_version`` (equipment 1,400 lines, 80 % of them items with earlier prices, the rest
new; xây lắp 250, chi phí khác 250, tư vấn 96, quản lý dự án, dự phòng; the unit's sub-totals).

Measured: (a) ``run_checks`` on that version, once to warm up (it builds the overlap index the
similar-projects rule reads: reported apart), then ``--runs`` times (p50, max, queries); (b)
``import_sheet`` of the 2,000-line version written back as the unit's workbook by
``sheet.export`` (openpyxl, the layout of ``sheet.template``; ``--runs`` imports, each a new
version); (c) the page's reads for the CĐS
appraiser (p50, max, queries). Results: ``bench/out/estimates-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
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
    reset_bench_db,
    setup_bench_django,
    write_results,
)

DATA_VERSION = 1
PG_DB = "cds_bench_estimates"
SQLITE_FILE = OUT / "estimates.sqlite3"
MEDIA = OUT / "estimates-media"
TARGETS = {"check_s": 1.0, "import_s": 5.0}
BATCH = 2000
P1_SHARE = 0.1            # of the history, in province 1 (the province measured)
PRICED_PER_ESTIMATE = 15

# (name, unit, price in đồng, group): what provinces buy, in 15 configurations each.
KINDS = [
    ("Máy chủ ứng dụng", "bộ", 385_000_000, "tb"), ("Máy chủ cơ sở dữ liệu", "bộ", 540_000_000, "tb"),
    ("Máy chủ phiến", "bộ", 265_000_000, "tb"), ("Thiết bị tường lửa", "bộ", 465_000_000, "tb"),
    ("Thiết bị tường lửa ứng dụng web", "bộ", 690_000_000, "tb"), ("Thiết bị chuyển mạch lõi", "bộ", 298_000_000, "tb"),
    ("Thiết bị chuyển mạch truy nhập", "bộ", 38_500_000, "tb"), ("Thiết bị định tuyến", "bộ", 210_000_000, "tb"),
    ("Thiết bị cân bằng tải", "bộ", 520_000_000, "tb"), ("Thiết bị lưu trữ SAN", "bộ", 1_150_000_000, "tb"),
    ("Thiết bị sao lưu dữ liệu", "bộ", 640_000_000, "tb"), ("Bộ lưu điện UPS", "bộ", 96_000_000, "tb"),
    ("Máy tính để bàn", "bộ", 18_900_000, "tb"), ("Máy tính xách tay", "chiếc", 24_500_000, "tb"),
    ("Máy quét tài liệu tốc độ cao", "chiếc", 148_000_000, "tb"), ("Máy in laser", "chiếc", 9_800_000, "tb"),
    ("Màn hình ghép", "bộ", 86_000_000, "tb"), ("Camera giám sát", "chiếc", 12_600_000, "tb"),
    ("Thiết bị hội nghị truyền hình", "bộ", 165_000_000, "tb"), ("Kiosk tra cứu thông tin", "bộ", 72_000_000, "tb"),
    ("Bản quyền hệ điều hành máy chủ", "bản quyền", 28_600_000, "tb"),
    ("Bản quyền hệ quản trị cơ sở dữ liệu", "bản quyền", 312_000_000, "tb"),
    ("Bản quyền phần mềm diệt virus", "bản quyền", 1_250_000, "tb"),
    ("Bản quyền phần mềm ảo hóa", "bản quyền", 145_000_000, "tb"),
    ("Bản quyền phần mềm sao lưu", "bản quyền", 98_000_000, "tb"),
    ("Bản quyền bộ phần mềm văn phòng", "bản quyền", 6_900_000, "tb"),
    ("Giải pháp giám sát an toàn thông tin", "bộ", 1_450_000_000, "tb"),
    ("Giải pháp phòng chống mã độc", "bộ", 380_000_000, "tb"),
    ("Tủ rack", "chiếc", 24_000_000, "tb"), ("Thiết bị điều hòa chính xác", "bộ", 420_000_000, "tb"),
    ("Thuê chỗ đặt máy chủ", "tháng", 9_800_000, "k"), ("Chứng thư số SSL", "chứng thư", 12_400_000, "k"),
    ("Thuê đường truyền Internet", "tháng", 14_500_000, "k"), ("Thuê máy chủ ảo", "tháng", 6_200_000, "k"),
    ("Đánh giá an toàn thông tin", "hệ thống", 85_000_000, "k"), ("Tên miền", "năm", 1_200_000, "k"),
    ("Lắp đặt mạng LAN", "điểm", 2_400_000, "xl"), ("Thi công hệ thống điện phòng máy", "hệ thống", 380_000_000, "xl"),
    ("Lắp đặt hệ thống chống sét", "hệ thống", 145_000_000, "xl"), ("Thi công tủ rack", "tủ", 8_500_000, "xl"),
]
CONFIGS = ["loại 1", "loại 2", "loại 3", "cấu hình cơ bản", "cấu hình nâng cao", "cấu hình cao", "dùng cho cấp xã",
           "dùng cho cấp tỉnh", "dùng cho trung tâm dữ liệu", "thế hệ mới", "công suất nhỏ", "công suất lớn",
           "dự phòng nóng", "mở rộng", "tiêu chuẩn"]


def vocabulary() -> list[tuple[str, str, int, str]]:
    return [(f"{name} {config}", unit, price, group) for name, unit, price, group in KINDS for config in CONFIGS]


# ------------------------------------------------------------------ setup ----

def stamp_path(db: str) -> Path:
    return OUT / f"estimates-data-{db}.json"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "history": args.history, "lines": args.lines, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def build_history(args, registry: dict, rng: random.Random) -> dict:  # noqa: C901
    """Concluded estimates with their versions, priced lines and earlier prices, in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from bench.generate import _Ids
    from cds.estimates.keys import item_key
    from cds.estimates.models import CostStructure, Estimate, EstimateLine, EstimateVersion, PricePoint
    from cds.orgs.models import Unit
    from cds.projects.models import Project

    vocab = vocabulary()
    keys = [item_key(name) for name, *_ in vocab]
    structure = CostStructure.objects.get(code="nd73_tt04")
    roots = list(Unit.objects.filter(pk__in=registry["province_root_ids"]).order_by("pk"))
    p1 = registry["province1_id"]
    staff = registry["cast"]["bench_staff"]
    checker = registry["cast"]["bench_appraiser"]
    projects_of = {r.pk: list(Project.objects.filter(investor_unit__path__startswith=r.path)
                               .values_list("pk", flat=True)[:3000]) for r in roots}
    now = timezone.now()
    est_id, ver_id, line_id, pp_id = _Ids(Estimate), _Ids(EstimateVersion), _Ids(EstimateLine), _Ids(PricePoint)
    counts = {"estimates": 0, "lines": 0, "price_points": 0, "p1_price_points": 0}
    others = [r for r in roots if r.pk != p1]
    with transaction.atomic():
        for start in range(0, args.history, 2000):
            estimates, versions, lines, points = [], [], [], []
            for _ in range(start, min(args.history, start + 2000)):
                root = next(r for r in roots if r.pk == p1) if rng.random() < P1_SHARE else rng.choice(others)
                day = dt_date(rng)
                e = Estimate(pk=est_id(), project_id=rng.choice(projects_of[root.pk]), structure=structure,
                             title="Dự toán đã kiểm tra", status="concluded", current_version=1,
                             prepared_by_id=staff, submitted_by_id=staff, submitted_at=now, conclusion="suitable",
                             conclusion_text="Dự toán phù hợp.", concluded_by_id=checker, concluded_at=now,
                             concluded_version=1, created_at=now)
                v = EstimateVersion(pk=ver_id(), estimate_id=e.pk, number=1, created_by_id=staff, created_at=now)
                total = 0
                for position, i in enumerate(rng.sample(range(len(vocab)), PRICED_PER_ESTIMATE), 1):
                    name, unit, price, group = vocab[i]
                    qty = rng.randint(1, 12)
                    unit_price = int(price * rng.uniform(0.85, 1.15) / 1000) * 1000
                    ln = EstimateLine(pk=line_id(), version_id=v.pk, group_code=group, position=position, name=name,
                                      unit=unit, quantity=qty, unit_price=unit_price, amount=qty * unit_price,
                                      vat_rate=10, vat_amount=qty * unit_price // 10, basis="quote", item_key=keys[i])
                    total += ln.amount + ln.vat_amount
                    lines.append(ln)
                    points.append(PricePoint(pk=pp_id(), tree_prefix=f"/{root.pk}/", item_key=keys[i], unit=unit,
                                             unit_price=unit_price, name=name, day=day, estimate_id=e.pk,
                                             line_id=ln.pk))
                    counts["p1_price_points"] += root.pk == p1
                v.total = v.total_before_vat = total
                e.checked_total = total
                estimates.append(e)
                versions.append(v)
            Estimate.objects.bulk_create(estimates, batch_size=BATCH)
            EstimateVersion.objects.bulk_create(versions, batch_size=BATCH)
            EstimateLine.objects.bulk_create(lines, batch_size=BATCH)
            PricePoint.objects.bulk_create(points, batch_size=BATCH)
            counts["estimates"] += len(estimates)
            counts["lines"] += len(lines)
            counts["price_points"] += len(points)
            print(f"  history: {counts['estimates']:,} estimates, {counts['price_points']:,} earlier prices",
                  flush=True)
    reset_sequences()
    return counts


def dt_date(rng):
    import datetime as dt

    return dt.date(2021, 1, 4) + dt.timedelta(days=rng.randint(0, 5 * 365))


def reset_sequences():
    from django.core.management.color import no_style
    from django.db import connection

    from cds.estimates.models import Estimate, EstimateLine, EstimateVersion, PricePoint

    sql = connection.ops.sequence_reset_sql(no_style(), [Estimate, EstimateVersion, EstimateLine, PricePoint])
    if sql:
        with connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def big_lines(n: int, rng: random.Random) -> list[dict]:
    """The lines of the measured estimate: every group, most equipment with earlier prices."""
    vocab = vocabulary()
    tb = [v for v in vocab if v[3] == "tb"]
    xl = [v for v in vocab if v[3] == "xl"]
    k = [v for v in vocab if v[3] == "k"]
    n_tb, n_xl, n_k = int(n * 0.7), int(n * 0.125), int(n * 0.125)
    n_tv = n - n_tb - n_xl - n_k - 2
    lines = []

    def priced(group, name, unit, price, factor):
        qty = rng.randint(1, 20)
        unit_price = int(price * factor / 1000) * 1000
        return {"group_code": group, "name": name, "unit": unit, "quantity": qty, "unit_price": unit_price,
                "vat_rate": 10, "basis": "quote"}

    for i in range(n_tb):
        if i % 5 == 4:   # one in five: an item the province never bought
            lines.append(priced("tb", f"Thiết bị chuyên dùng hạng mục {i} (phần mềm nhúng)", "bộ", 56_000_000, 1))
        else:
            name, unit, price, _ = tb[i % len(tb)]
            lines.append(priced("tb", name, unit, price, rng.uniform(0.9, 1.45)))
    for i in range(n_xl):
        name, unit, price, _ = xl[i % len(xl)]
        lines.append(priced("xl", f"{name} khu vực {i}", unit, price, rng.uniform(0.9, 1.1)))
    for i in range(n_k):
        name, unit, price, _ = k[i % len(k)]
        lines.append(priced("k", name, unit, price, rng.uniform(0.9, 1.4)))
    for i in range(n_tv):
        lines.append({"group_code": "tv", "name": f"Chi phí tư vấn giám sát hạng mục {i}", "amount": 18_000_000,
                      "vat_rate": 10, "basis": "rate"})
    lines.append({"group_code": "qlda", "name": "Chi phí quản lý dự án", "amount": 2_500_000_000, "basis": "rate"})
    lines.append({"group_code": "dp", "name": "Chi phí dự phòng", "amount": 4_000_000_000, "basis": "rate"})
    return lines


def subtotals(lines: list[dict]) -> dict:
    from decimal import ROUND_HALF_UP, Decimal

    out: dict[str, int] = {}
    for ln in lines:
        amount = ln.get("amount") or ln["quantity"] * ln["unit_price"]
        vat = int((Decimal(amount) * ln.get("vat_rate", 0) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        out[ln["group_code"]] = out.get(ln["group_code"], 0) + amount + vat
    return out


def build(args) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate
    from cds.accounts.models import User
    from cds.estimates import services
    from cds.projects.models import Project

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    t_registry = time.perf_counter() - t0
    rng = random.Random(1688)
    t1 = time.perf_counter()
    history = build_history(args, registry, rng)
    t_history = time.perf_counter() - t1
    staff = User.objects.get(username="bench_staff")
    # An investment project under NĐ 73 (structure nd73_tt04) of bench_staff's unit; at a small
    # size the unit may have none: one of the province is given to it.
    candidates = (Project.objects.filter(kind="investment", investor_unit__path__startswith=staff.unit.tree_prefix)
                  .exclude(regime__code="ND224_2026").order_by("pk"))
    project = candidates.filter(investor_unit=staff.unit).first()
    if project is None:
        project = candidates.first()
        Project.objects.filter(pk=project.pk).update(investor_unit=staff.unit)
        project.refresh_from_db()
    estimate = services.create_estimate(staff, project, title="Dự toán 2.000 khoản mục (bench)")
    lines = big_lines(args.lines, rng)
    t2 = time.perf_counter()
    version = services.save_version(staff, estimate, lines, declared_subtotals=subtotals(lines))
    t_save = time.perf_counter() - t2
    return {"projects": args.projects, "history": args.history, "lines": args.lines, "version": DATA_VERSION,
            "vendor": connection.vendor, "registry": {k: registry[k] for k in ("projects", "units", "users")},
            "history_rows": history, "estimate": estimate.pk, "version_pk": version.pk,
            "project": project.code, "structure": estimate.structure.code,
            "timings": {"registry_s": round(t_registry, 1), "history_s": round(t_history, 1),
                        "first_save_version_s": round(t_save, 2)},
            "generated_at": time.strftime("%Y-%m-%d %H:%M")}


# ------------------------------------------------------------------ measures ----

def timed(fn, runs: int) -> dict:
    from django.db import connection

    times, queries = [], []
    for _ in range(runs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        queries.append(counter.n)
    return {"p50_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
            "runs": [round(x, 3) for x in times], "queries": queries[-1]}


def measure_check(stamp: dict, runs: int) -> dict:
    from django.db import transaction

    from cds.accounts.models import User
    from cds.estimates import services
    from cds.estimates.models import EstimateVersion

    staff = User.objects.get(username="bench_staff")

    def once():
        with transaction.atomic():
            version = EstimateVersion.objects.select_related("estimate__project__investor_unit",
                                                             "estimate__structure").get(pk=stamp["version_pk"])
            return services.run_checks(version, staff)

    first = timed(once, 1)
    out = timed(once, runs)
    flags = once()
    out["first_s"] = first["p50_s"]
    out["flags"] = len(flags)
    out["market_flags"] = sum(1 for f in flags if f.rule == "market.price")
    return out


def sheet_bytes(estimate) -> bytes:
    """The measured estimate's first version as the unit's workbook: ``sheet.export`` writes the
    layout ``sheet.template`` hands out and ``sheet.parse`` reads (openpyxl, live formulas)."""
    from cds.estimates import sheet

    version = estimate.versions.get(number=1)
    lines = list(version.lines.all())
    return sheet.export(estimate.title, estimate.project.name, sheet.groups_from_structure(estimate.structure), lines)


def measure_import(stamp: dict, runs: int) -> dict:
    from cds.accounts.models import User
    from cds.estimates import services
    from cds.estimates.models import Estimate

    staff = User.objects.get(username="bench_staff")
    estimate = Estimate.objects.select_related("project__investor_unit", "structure").get(pk=stamp["estimate"])
    data = sheet_bytes(estimate)

    def once():
        e = Estimate.objects.select_related("project__investor_unit", "structure").get(pk=estimate.pk)
        upload = io.BytesIO(data)
        upload.name = "du-toan-2000-dong.xlsx"
        services.import_sheet(staff, e, upload)

    out = timed(once, runs)
    out["bytes"] = len(data)
    return out


def measure_page(stamp: dict, runs: int) -> dict:
    from cds.accounts.models import User
    from cds.estimates import selectors

    appraiser = User.objects.get(username="bench_appraiser")

    def once():
        estimate = selectors.estimate_queryset().get(pk=stamp["estimate"])
        version = selectors.version_of(estimate)
        accepted = selectors.checked_amounts(version)
        page = selectors.version_page(appraiser, estimate, version, accepted)
        return sum(len(g.lines) for g in page["groups"])

    return timed(once, runs)


def profile(what: str, stamp: dict, args) -> None:
    import cProfile
    import pstats

    fn = {"check": lambda: measure_check(stamp, 1), "import": lambda: measure_import(stamp, 1),
          "page": lambda: measure_page(stamp, 1)}[what]
    prof = cProfile.Profile()
    prof.runcall(fn)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, t = r["machine"], TARGETS
    d = r["data"]
    lines = [f"## Estimates benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} projects; {d['history_rows']['estimates']:,} concluded estimates, "
             f"{d['history_rows']['price_points']:,} earlier prices ({d['history_rows']['p1_price_points']:,} in the "
             f"province measured); estimate of {d['lines']:,} lines on {d['project']} ({d['structure']}). "
             f"Machine: {m['cpu']}, {m['nproc']} CPUs; load average {r['loadavg_before'][0]} before, "
             f"{r['loadavg_after'][0]} after.", "",
             "| Measure | p50 s | max s | queries | target |", "|---|---:|---:|---:|---|"]
    c = r["check"]
    lines.append(f"| (a) `run_checks`, {d['lines']:,} lines ({c['flags']} flags, {c['market_flags']} market) | "
                 f"{c['p50_s']:.3f} | {c['max_s']:.3f} | {c['queries']} | ≤ {t['check_s']:.0f} s "
                 f"{_ok(c['max_s'], t['check_s'])} |")
    lines.append(f"| — its first run (builds the overlap index) | {c['first_s']:.2f} | | | reported |")
    if r.get("import"):
        i = r["import"]
        lines.append(f"| (b) `import_sheet`, {d['lines']:,}-line workbook ({i['bytes']:,} bytes) | {i['p50_s']:.3f} | "
                     f"{i['max_s']:.3f} | {i['queries']} | ≤ {t['import_s']:.0f} s {_ok(i['max_s'], t['import_s'])} |")
    p = r["page"]
    lines.append(f"| (c) estimate page reads (`version_of`, `checked_amounts`, `version_page`) | {p['p50_s']:.3f} | "
                 f"{p['max_s']:.3f} | {p['queries']} | constant |")
    lines.append(f"| first `save_version` of the {d['lines']:,} lines (store + check) | "
                 f"{d['timings']['first_save_version_s']:.2f} | | | reported |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command
    from django.db import connection

    if must_build:
        print(f"Building {args.projects:,} projects and {args.history:,} concluded estimates into {args.db} …",
              flush=True)
        stamp = build(args)
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built: {stamp['timings']} {stamp['history_rows']}", flush=True)
    else:
        stamp = json.loads(stamp_path(args.db).read_text())
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Reusing the data set built {stamp['generated_at']} (--fresh to rebuild)", flush=True)
    if args.profile:
        profile(args.profile, stamp, args)
        return
    with connection.cursor() as cur:
        cur.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        server_version = cur.fetchone()[0]
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version, "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    print("(a) check …", flush=True)
    result["check"] = measure_check(stamp, args.runs)
    print(f"    {result['check']}", flush=True)
    print("(c) page reads …", flush=True)
    result["page"] = measure_page(stamp, args.runs)
    print(f"    {result['page']}", flush=True)
    if not args.no_import:
        print("(b) import …", flush=True)
        result["import"] = measure_import(stamp, args.runs)
        print(f"    {result['import']}", flush=True)
    write_results(result, OUT, "estimates", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=20_000, help="concluded estimates (≈15 earlier prices each)")
    parser.add_argument("--lines", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--no-import", action="store_true", help="skip the sheet import")
    parser.add_argument("--profile", choices=["check", "import", "page"], default="",
                        help="cProfile one measure on the cached data instead of the table")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
