"""Benchmark of the compliance ranking, the leadership dashboard and the project signals at national
scale: the registry of :mod:`bench.generate` (100,000 projects, ≈3,000 units in 34 provinces and 20
ministries). Not part of `make test`.

    .venv/bin/python bench/rankings.py [--db sqlite|postgres] [--projects 100000] [--runs 20]
        [--compute-runs 3] [--fresh] [--tag NAME]

Measured:

* computing a ranking period (:func:`cds.rankings.services.compute_period`, every registered
  criterion at its default weight) for the province with the most projects, and for the
  national tree — every root (34 provinces, 20 ministries) one period each, in turn; target
  ≤ 10 s for a period;
* the signals job (:func:`cds.rankings.signals.refresh`: the quarters' cost and schedule
  variance of every project, and the follow-up items it opens), a first run and a rerun;
* the leadership dashboard ``dashboard:leadership`` (``/dieu-hanh/``) for that province's leader
  and for a national leader, and its drill-down (``?unit=`` a province, a department), the
  period page ``rankings:period`` and a unit's result page ``rankings:result``; target p95 ≤ 300 ms.

Data (cached; ``--fresh`` rebuilds): the registry (projects, ledger lines) of the generator; the
bench cast plus a leader of the largest province (``bench_leader_top``) and a national leader
(``bench_leader_vn``, no unit); for every root a method drafted by ``bench_admin``, submitted and
approved by the national leader (maker ≠ checker), and an open 2025 period. For the two
heaviest families of criteria, records of 2025 are bulk-written per tree (explicit keys, not
through the services): a closed review campaign on 2024 with its deadline on 15/01/2025 and one
report per project in its scope (85 % sent on time and rated — a third rating themselves above
the appraiser —, 8 % sent late, 7 % never sent), and a 2025 directive with one task per unit that
has projects (70 % done on time, 15 % late, 15 % not done). The other criteria's records
(surveys, plans, estimates, appraisal, procurement) are not generated: those criteria find none
and give every unit the full weight; the report lists how many records each criterion read.

Measured with ``django.test.Client`` (DEBUG off; a fresh connection per request on SQLite):
p50/p95 by nearest rank after a warm-up, and the statements of one more request. A page or a
function not on this branch is reported as such. Results: ``bench/out/rankings-<db>[-tag].json``
and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
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
    percentile,
    reset_bench_db,
    setup_bench_django,
    timing_stats,
    write_results,
)

DATA_VERSION = 2   # 2: a review campaign on 2024 and a 2025 directive per tree
PG_DB = "cds_bench_rankings"
SQLITE_FILE = OUT / "rankings.sqlite3"
MEDIA = OUT / "rankings-media"
TARGETS = {"compute_s": 10.0, "page_s": 0.3}
YEAR = 2025
TITLE = "Phương pháp xếp hạng mức độ tuân thủ quản lý đầu tư ứng dụng CNTT, CĐS"


def stamp_path(db: str) -> Path:
    return OUT / f"rankings-data-{db}.json"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def build(args) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from bench.generate import BENCH_PASSWORD, generate
    from cds.accounts.models import Role, User
    from cds.orgs.models import Unit
    from cds.projects.models import Project
    from cds.rankings import services

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    timings = {"registry_s": round(time.perf_counter() - t0, 1)}
    roots = list(Unit.objects.filter(parent__isnull=True).order_by("pk"))
    per_root = {}
    for root in roots:
        per_root[root.pk] = Project.objects.filter(investor_unit__path__startswith=root.path).count()
    top = max((r for r in roots if r.kind == "province"), key=lambda r: (per_root[r.pk], -r.pk))
    pwd = make_password(BENCH_PASSWORD)
    with transaction.atomic():
        User.objects.create(username="bench_leader_top", password=pwd, role=Role.LEADER, unit=top,
                            first_name="Bench", last_name="bench_leader_top")
        User.objects.create(username="bench_leader_vn", password=pwd, role=Role.LEADER, unit=None,
                            first_name="Bench", last_name="bench_leader_vn")
    admin, leader = User.objects.get(username="bench_admin"), User.objects.get(username="bench_leader_vn")
    t1 = time.perf_counter()
    with transaction.atomic():
        records = bulk_reviews_and_tasks(random.Random(2025), roots, admin)
    timings["reviews_tasks_s"] = round(time.perf_counter() - t1, 1)
    t1 = time.perf_counter()
    periods = {}
    for root in roots:
        with transaction.atomic():
            method = services.draft_method(admin, root, title=TITLE, description="Tổng điểm là tổng điểm các tiêu chí.")
            method = services.submit_method(admin, method, version=method.version)
            method = services.decide_method(leader, method, version=method.version, approve=True, note="Đồng ý.")
            periods[root.pk] = services.open_period(admin, root, year=YEAR, method=method).pk
    timings["methods_periods_s"] = round(time.perf_counter() - t1, 1)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    biggest_dept = (Project.objects.filter(investor_unit__path__startswith=top.path).exclude(investor_unit=top)
                    .values("investor_unit_id").annotate(n=Count("id")).order_by("-n", "investor_unit_id").first())
    return {"projects": args.projects, "version": DATA_VERSION,
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"), "registry": registry,
            "top": {"id": top.pk, "name": top.name, "projects": per_root[top.pk],
                    "units": Unit.objects.filter(path__startswith=top.path).count(),
                    "period": periods[top.pk], "department": biggest_dept["investor_unit_id"]},
            "periods": {str(k): v for k, v in periods.items()}, "roots": len(roots), "records": records,
            "timings": timings}


def bulk_reviews_and_tasks(rng, roots, admin) -> dict:
    """One closed review campaign (on 2024, deadline 15/01/2025) and one 2025 directive per tree,
    with their reports and tasks, bulk-written."""
    from django.utils import timezone

    from cds.directives.models import Directive, Task
    from cds.projects.models import Project, State
    from cds.reviews.models import Campaign, Rating, Review, ScoringMethod

    method = ScoringMethod.objects.filter(published_on__isnull=False).order_by("-published_on", "-version").first()
    ratings = [Rating.EFFECTIVE, Rating.PARTLY, Rating.NOT_YET, Rating.INEFFECTIVE]
    deadline = dt.date(2025, 1, 15)

    def moment(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9, rng.randint(0, 59))))

    scope = [State.IMPLEMENTING, State.IN_OPERATION, State.SETTLED, State.PAUSED]
    reviews = tasks = 0
    for n, root in enumerate(roots, start=1):
        campaign = Campaign.objects.create(
            name="Báo cáo kết quả thực hiện và hiệu quả các nhiệm vụ, dự án chuyển đổi số năm 2024", root_unit=root,
            basis_number=f"{4100 + n}/UBND-KTTH", basis_date=dt.date(2024, 12, 16), basis_issuer=root.name,
            scope_states=scope, started_until=dt.date(2024, 12, 31), period_year=2024, deadline=deadline,
            receiving_unit=root, method=method, status="closed", opened_at=moment(dt.date(2024, 12, 18)),
            opened_by=admin, closed_at=moment(dt.date(2025, 3, 14)), created_by=admin)
        rows = []
        for pk, unit_id in (Project.objects.filter(investor_unit__path__startswith=root.path, state__in=scope,
                                                   start_year__lte=2024).values_list("pk", "investor_unit_id")):
            roll = rng.random()
            review = Review(campaign=campaign, project_id=pk, unit_id=unit_id, summary="Báo cáo năm 2024.")
            if roll < 0.93:
                late = roll >= 0.85
                sent = deadline + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 12))
                rating = rng.choices(ratings, [50, 35, 10, 5])[0]
                own = ratings[max(0, ratings.index(rating) - 1)] if rng.random() < 0.33 else rating
                review.status, review.self_rating, review.reviewer_rating = "accepted", own, rating
                review.submitted_at = moment(sent)
                review.reviewed_at = moment(sent + dt.timedelta(days=rng.randint(3, 25)))
            rows.append(review)
        Review.objects.bulk_create(rows, batch_size=2000)
        reviews += len(rows)
        directive = Directive.objects.create(
            kind="ke_hoach", number=f"{60 + n}/KH-UBND", issued_on=dt.date(2025, 3, 10), issuer=root,
            title="Kế hoạch chuyển đổi số năm 2025", created_by=admin)
        units = list(Project.objects.filter(investor_unit__path__startswith=root.path)
                     .order_by().values_list("investor_unit_id", flat=True).distinct())
        rows = []
        for order, unit_id in enumerate(sorted(units), start=1):
            due = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randint(0, 270))
            roll = rng.random()
            task = Task(directive=directive, order=order, content="Triển khai nhiệm vụ chuyển đổi số năm 2025 của đơn vị",
                        lead_unit_id=unit_id, deadline_kind="date", deadline=due, due_on=due,
                        deadline_text=f"trước ngày {due:%d/%m/%Y}", created_by=admin, progress="in_progress",
                        percent=50)
            if roll < 0.85:
                task.progress, task.percent = "done", 100
                task.completed_on = due + dt.timedelta(days=rng.randint(1, 40) if roll >= 0.7 else -rng.randint(0, 10))
            rows.append(task)
        Task.objects.bulk_create(rows, batch_size=2000)
        tasks += len(rows)
    return {"reviews": reviews, "tasks": tasks}


# ------------------------------------------------------------------ measures ----

def measure_compute(period_id: int, runs: int) -> dict:
    """One province's period computed ``runs`` times (each replaces the previous results)."""
    from django.db import connection

    from cds.accounts.models import User
    from cds.rankings import services
    from cds.rankings.models import Period, Score

    admin = User.objects.get(username="bench_admin")
    times, queries, results = [], 0, []
    for _ in range(runs):
        period = Period.objects.get(pk=period_id)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            results = services.compute_period(admin, period)
            times.append(time.perf_counter() - t)
        queries = counter.n
    scores = Score.objects.filter(result__period_id=period_id)
    with_records = {}
    for code, denominator in scores.values_list("criterion__code", "denominator"):
        with_records[code] = with_records.get(code, 0) + denominator
    return {**timing_stats(times), "queries": queries, "units": len(results), "records": with_records}


def measure_national(periods: dict) -> dict:
    """Every root's period computed once, in turn (the whole country)."""
    from cds.accounts.models import User
    from cds.rankings import services
    from cds.rankings.models import Period

    admin = User.objects.get(username="bench_admin")
    each, units = [], 0
    t0 = time.perf_counter()
    for period_id in periods.values():
        t = time.perf_counter()
        units += len(services.compute_period(admin, Period.objects.get(pk=period_id)))
        each.append(time.perf_counter() - t)
    return {"total_s": round(time.perf_counter() - t0, 2), "periods": len(each), "units": units,
            "max_s": round(max(each), 3), "p50_s": round(percentile(each, 50), 3)}


def measure_signals(runs: int) -> dict:
    """The daily signals job for today (first run: every quarter's rows written; reruns: rewritten)."""
    from django.db import connection

    try:
        from cds.rankings import signals
        refresh = signals.refresh
    except (ImportError, AttributeError):
        return {"available": False}
    from cds.rankings.models import Alert, ProjectSignal

    today = dt.date.today()
    times, queries = [], 0
    for _ in range(runs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            refresh(today)
            times.append(time.perf_counter() - t)
        queries = counter.n
    return {"available": True, "first_s": round(times[0], 2), "rerun_s": round(min(times[1:] or times), 2),
            "queries": queries, "signals": ProjectSignal.objects.count(),
            "latest_red": ProjectSignal.objects.filter(is_latest=True, colour="red").count(),
            "alerts": Alert.objects.count()}


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, d = r["machine"], r["data"]
    top = d["top"]
    lines = [f"## Ranking, dashboard and signals benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} projects, {d['registry']['budget_entries']:,} ledger lines, "
             f"{d['registry']['units']:,} units in {d['roots']} trees, {d['records']['reviews']:,} review reports, "
             f"{d['records']['tasks']:,} directive tasks; largest province: {top['name']} "
             f"({top['projects']:,} projects, {top['units']:,} units). Machine: {m['cpu']}, {m['nproc']} CPUs, "
             f"{m.get('ram_mb') or '?'} MB; load average {r['loadavg_before'][0]} before, "
             f"{r['loadavg_after'][0]} after.", "",
             "| Measure | p50 s | p95 s | queries | target |", "|---|---:|---:|---:|---|"]
    c = r["compute"]
    lines.append(f"| compute the 2025 period of {top['name']} ({c['units']} ranked units), "
                 f"{c['runs']} runs | {c['p50_s']:.2f} | {c['max_s']:.2f} (max) | {c['queries']} | "
                 f"≤ {TARGETS['compute_s']:.0f} s {_ok(c['max_s'], TARGETS['compute_s'])} |")
    n = r["national"]
    lines.append(f"| compute the national tree: {n['periods']} periods (every root), {n['units']:,} ranked units | "
                 f"{n['p50_s']:.2f} per period | {n['max_s']:.2f} (slowest period) | | total {n['total_s']:.1f} s; "
                 f"≤ {TARGETS['compute_s']:.0f} s a period {_ok(n['max_s'], TARGETS['compute_s'])} |")
    s = r["signals"]
    if s.get("available"):
        lines.append(f"| signals job `refresh(today)`: first run / rerun ({s['signals']:,} quarter rows, "
                     f"{s['latest_red']:,} red now, {s['alerts']:,} follow-up items) | {s['first_s']:.2f} | "
                     f"{s['rerun_s']:.2f} (rerun) | {s['queries']} | |")
    else:
        lines.append("| signals job | — | — | — | not on this branch |")
    for key, x in r["pages"].items():
        if not x["available"]:
            lines.append(f"| {key} | — | — | — | not on this branch (GET answered {x['status']}) |")
            continue
        lines.append(f"| {key} | {x['p50_s']:.3f} | {x['p95_s']:.3f} | {x['queries']} | "
                     f"≤ {TARGETS['page_s'] * 1000:.0f} ms {_ok(x['p95_s'], TARGETS['page_s'])} |")
    records = ", ".join(f"{code} {n:,}" for code, n in sorted(c["records"].items()))
    lines += ["", f"Records each criterion read for the province (sum over its units): {records or '—'}."]
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.db import connection
    from django.urls import reverse

    from bench.util import data_set, login_client
    from bench.util import server_version as db_version
    from cds.accounts.models import User
    from cds.rankings import services
    from cds.rankings.models import Period, Result

    stamp = data_set(must_build, lambda: build(args), stamp_path(args.db),
                     f"{args.projects:,} projects, methods and periods into {args.db}")
    result = {"db": args.db, "vendor": connection.vendor, "server_version": db_version(), "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    top = stamp["top"]
    # Periods published by an earlier run are reopened for the compute measures (bench data only).
    Period.objects.filter(pk__in=stamp["periods"].values()).update(status="draft", published_by=None,
                                                                   published_at=None)
    print(f"compute_period(province {top['name']}) …", flush=True)
    result["compute"] = measure_compute(top["period"], args.compute_runs)
    print(f"    {result['compute']}", flush=True)
    print("compute_period(every root) …", flush=True)
    result["national"] = measure_national(stamp["periods"])
    print(f"    {result['national']}", flush=True)
    print("signals.refresh(today) …", flush=True)
    result["signals"] = measure_signals(args.signal_runs)
    print(f"    {result['signals']}", flush=True)
    leader = User.objects.get(username="bench_leader_vn")
    for period in Period.objects.filter(pk__in=stamp["periods"].values()):
        services.publish_period(leader, period, version=period.version)
    period_id = top["period"]
    own_method = Period.objects.get(pk=period_id).method_id
    result_row = Result.objects.filter(period_id=period_id, method_id=own_method).order_by("rank", "pk").last()
    board = reverse("dashboard:leadership")
    pages = [
        ("dashboard /dieu-hanh/ — province leader", "bench_leader_top", board),
        ("dashboard /dieu-hanh/ — national leader", "bench_leader_vn", board),
        ("drill-down ?unit=province — national leader", "bench_leader_vn", f"{board}?unit={top['id']}"),
        ("drill-down ?unit=department — province leader", "bench_leader_top", f"{board}?unit={top['department']}"),
        ("drill-down ?unit=department — national leader", "bench_leader_vn", f"{board}?unit={top['department']}"),
        ("period page (published, province) — province leader", "bench_leader_top",
         reverse("rankings:period", args=[period_id])),
        ("result page (last-ranked unit) — province leader", "bench_leader_top",
         reverse("rankings:result", args=[result_row.pk]) if result_row else reverse("rankings:index")),
        ("follow-up items — national leader", "bench_leader_vn", reverse("rankings:alerts")),
    ]
    result["pages"] = {}
    for key, username, url in pages:
        print(f"{key} …", flush=True)
        result["pages"][key] = measure_get(login_client(username), url, args.runs)
        print(f"    {result['pages'][key]}", flush=True)
    write_results(result, OUT, "rankings", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=int(os.environ.get("BENCH_PROJECTS", 100_000)))
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--compute-runs", type=int, default=3, help="timed computations of the province's period")
    parser.add_argument("--signal-runs", type=int, default=2, help="runs of the signals job (the first writes)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
