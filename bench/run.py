#!/usr/bin/env python
"""``make bench``: page latency, queries per page and the Excel import, on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py [--db sqlite|postgres|all] [--projects 100000] [--fresh]
                                  [--requests 30] [--warmup 3] [--import-rows 10000] [--no-import]

The parent process prepares each database (SQLite file ``bench/out/bench.sqlite3``;
PostgreSQL database ``cds_bench`` on ``postgres://postgres@127.0.0.1:5432``, created when
missing) and runs itself as a child per database with ``DATABASE_URL`` and
``DJANGO_SETTINGS_MODULE=config.settings`` set:

* ``--child pages``: migrate + generate when the cached data set does not match (size,
  generator version), then time the pages with ``django.test.Client`` and count their SQL;
* ``--child import``: on a throw-away *copy* of the database, build a 10,000-row .xlsx in the
  import template's columns and time ``importer.parse``, ``importer.preview`` and
  ``importer.apply`` (which commits for real — hence the copy).

Results: ``bench/out/results-<db>.md`` / ``.json`` per database and ``bench/out/results.md``
/ ``.json`` side by side; the Markdown is also printed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.util import (  # noqa: E402
    OUT,
    ROOT,
    fmt_ms,
    machine_info,
    percentile,
    setup_django,
)

GENERATOR_VERSION = 3  # bump when bench/generate.py changes what it writes
TARGET_MS = 150
IMPORT_TARGET_S = 60
SQLITE_FILE = Path(os.environ.get("BENCH_SQLITE_FILE") or OUT / "bench.sqlite3")
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "cds_bench")
DB_LABEL = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


# =========================================================== parent process ====

def db_url(db: str, name: str | None = None) -> str:
    if db == "sqlite":
        return f"sqlite:///{name or SQLITE_FILE}"
    return f"{PG_SERVER}/{name or PG_DB}"


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)


def _stamp_path(db: str) -> Path:
    return OUT / f"data-{db}.json"


def _read_stamp(db: str) -> dict | None:
    try:
        return json.loads(_stamp_path(db).read_text())
    except (OSError, ValueError):
        return None


def _count_projects(db: str) -> int | None:
    try:
        if db == "sqlite":
            if not SQLITE_FILE.exists():
                return None
            with sqlite3.connect(SQLITE_FILE) as conn:
                return conn.execute("SELECT COUNT(*) FROM projects_project").fetchone()[0]
        import psycopg

        with psycopg.connect(db_url("postgres"), connect_timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM projects_project").fetchone()[0]
    except Exception:  # noqa: BLE001 — missing file/database/table all mean "not generated"
        return None


def prepare_database(db: str, projects: int, fresh: bool) -> bool:
    """Make sure the database exists; wipe it when its data set is not the one asked for.
    Returns True when the child must migrate and generate."""
    stamp = _read_stamp(db)
    cached = (
        not fresh and stamp is not None and stamp.get("projects") == projects
        and stamp.get("generator_version") == GENERATOR_VERSION and _count_projects(db) == projects
    )
    if db == "postgres":
        with _pg_admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone()
            if exists and not cached:
                conn.execute(f'DROP DATABASE "{PG_DB}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
    elif not cached:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    if not cached:
        _stamp_path(db).unlink(missing_ok=True)
    return not cached


def copy_database(db: str) -> str:
    """A throw-away copy for the import (apply commits): returns its URL."""
    if db == "sqlite":
        target = OUT / "bench-import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(SQLITE_FILE) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return db_url("sqlite", str(target))
    name = f"{PG_DB}_import"
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{PG_DB}"')
    return db_url("postgres", name)


def drop_copy(db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'bench-import.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}_import" WITH (FORCE)')


def child_env(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", DEMO_MODE="1")
    # DEBUG off as in production; demo mode serves static files from the apps (no manifest
    # needed). The child also switches settings.DEBUG off before the first request (child_setup).
    env.pop("DEBUG", None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _sfx(args) -> str:
    return f"-{args.tag}" if getattr(args, "tag", "") else ""


def run_child(mode: str, db: str, url: str, args, extra=()) -> None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--db", db,
           "--projects", str(args.projects), "--requests", str(args.requests), "--warmup", str(args.warmup),
           "--import-rows", str(args.import_rows), *extra]
    if args.tag:
        cmd += ["--tag", args.tag]
    if args.pages:
        cmd += ["--pages", args.pages]
    print(f"\n=== {DB_LABEL[db]}: {mode} ({url}) ===", flush=True)
    subprocess.run(cmd, env=child_env(url), cwd=ROOT, check=True)


def orchestrate(args) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    print(machine_markdown(machine))
    dbs = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    merged = {}
    for db in dbs:
        t0 = time.perf_counter()
        if db == "postgres":
            try:
                _pg_admin().close()
            except Exception as exc:  # noqa: BLE001
                print(f"\n!!! PostgreSQL not reachable at {PG_SERVER} ({exc}); skipped.")
                continue
        generate = prepare_database(db, args.projects, args.fresh)
        run_child("pages", db, db_url(db), args, ["--generate"] if generate else [])
        result = json.loads((OUT / f"pages-{db}{_sfx(args)}.json").read_text())
        if args.no_import:
            result["import"] = {"skipped": "--no-import"}
        else:
            url = copy_database(db)
            try:
                run_child("import", db, url, args)
                result["import"] = json.loads((OUT / f"import-{db}{_sfx(args)}.json").read_text())
            except subprocess.CalledProcessError as exc:
                result["import"] = {"error": f"import child failed ({exc.returncode}); see output above"}
            finally:
                drop_copy(db)
        result["machine"] = machine
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        md = db_markdown(result)
        (OUT / f"results-{db}{_sfx(args)}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        (OUT / f"results-{db}{_sfx(args)}.md").write_text(md)
        print("\n" + md, flush=True)
        merged[db] = result
    if merged:
        summary = combined_markdown(merged, machine)
        (OUT / f"results{_sfx(args)}.md").write_text(summary)
        (OUT / f"results{_sfx(args)}.json").write_text(json.dumps(merged, indent=2, ensure_ascii=False))
        print("\n" + summary)
        print(f"Written: {OUT}/results{_sfx(args)}.md, .json and results-<db>{_sfx(args)}.md/.json")


# ============================================================== child: pages ====

def child_setup():
    setup_django()
    from django.conf import settings

    # Production runs with DEBUG off: no query log, no template debug info.
    settings.DEBUG = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    experiment = os.environ.get("BENCH_EXPERIMENT")
    if experiment:  # try a change without editing the application: the file's apply() patches it
        import runpy

        runpy.run_path(experiment)["apply"]()
        print(f"experiment applied: {experiment}", flush=True)


def child_pages(args) -> None:
    child_setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate, verify

    stamp = _read_stamp(args.db)
    # Always migrate: a cached data set must carry the current schema and indexes.
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t
    if args.generate:
        print(f"migrate: {migrate_s:.1f}s; generating {args.projects:,} projects …", flush=True)
        stats = generate(args.projects)
        checks = verify()
        stamp = {"projects": args.projects, "generator_version": GENERATOR_VERSION, "migrate_s": round(migrate_s, 1),
                 "generated_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "stats": stats, "verified": checks}
        _stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"generated in {stats['seconds']}s: {stats}", flush=True)
    if stamp is None:
        raise SystemExit("No data stamp: run with --fresh.")
    result = {
        "db": args.db, "vendor": connection.vendor, "server_version": _server_version(),
        "projects": args.projects, "requests": args.requests, "warmup": args.warmup,
        "generation": stamp, "data": _data_counts(),
    }
    load_before = os.getloadavg()
    result.update(measure_pages(args, stamp["stats"]))
    result["loadavg"] = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    (OUT / f"pages-{args.db}{_sfx(args)}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        return cur.fetchone()[0]


def _data_counts() -> dict:
    from cds.accounts.models import User
    from cds.audit.models import AuditEvent
    from cds.orgs.models import Unit
    from cds.projects.models import BudgetEntry, Project, ProjectEvent

    return {
        "units": Unit.objects.count(), "projects": Project.objects.count(),
        "budget_entries": BudgetEntry.objects.count(), "project_events": ProjectEvent.objects.count(),
        "audit_events": AuditEvent.objects.count(), "users": User.objects.count(),
    }


RESULT_COUNT_RE = re.compile(r'data-testid="result-count">([\d.]+)<')


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _get(client, url):
    from django.db import close_old_connections

    response = client.get(url)
    # What the request handler does at request_finished: with SQLite's CONN_MAX_AGE=0 the
    # connection is closed after every request (the test client skips this on its own).
    close_old_connections()
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def _capture(client, url) -> dict:
    """Queries of one request: count, total SQL time and the slowest statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = _get(client, url)
    queries = [{"sql": q["sql"], "ms": float(q["time"]) * 1000} for q in ctx.captured_queries]
    match = RESULT_COUNT_RE.search(response.content.decode("utf-8", "replace"))
    return {
        "queries": len(queries), "sql_ms": round(sum(q["ms"] for q in queries), 1),
        "slowest": sorted(queries, key=lambda q: -q["ms"])[:2],
        "matches": int(match.group(1).replace(".", "")) if match else None,
        "bytes": len(response.content),
    }


def _time(client, urls, warmup: int) -> list[float]:
    for url in urls[:warmup]:
        _get(client, url)
    times = []
    for url in urls[warmup:]:
        t = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - t) * 1000)
    return times


def measure_pages(args, stats) -> dict:
    from cds.accounts.models import User
    from cds.projects.permissions import scope_projects
    from cds.projects.views import pages as project_views

    n, warm = args.requests, args.warmup
    users = {name: User.objects.get(username=name) for name in ("bench_leader", "bench_admin", "bench_staff")}
    province1 = stats["province1_id"]
    rng = random.Random(7)

    def detail_urls(user):
        ids = list(scope_projects(user).values_list("pk", flat=True))
        return [f"/du-an/{pk}/" for pk in rng.sample(ids, min(len(ids), n + warm))]

    lists = [
        ("list", "Danh sách (mặc định)", "/du-an/"),
        ("list", "Tìm “dat dai”", "/du-an/?q=dat+dai"),
        ("list", "Tìm “CSDL dat dai”", "/du-an/?q=CSDL+dat+dai"),
        ("list", "Lọc state+kind+year", "/du-an/?state=implementing&kind=investment&year=2024"),
        ("list", "Lọc đơn vị = tỉnh 1", f"/du-an/?unit={province1}"),
        ("list", "Trang sâu ?page=200", "/du-an/?page=200"),
    ]
    plan = []
    for who in ("bench_leader", "bench_admin"):
        for kind, label, url in lists:
            plan.append((kind, label, who, [url] * (n + warm)))
        plan.append(("detail", "Trang dự án (ngẫu nhiên)", who, detail_urls(users[who])))
        plan.append(("home", "Trang chủ", who, ["/"] * (n + warm)))
    plan += [
        ("list", "Danh sách (mặc định)", "bench_staff", ["/du-an/"] * (n + warm)),
        ("list", "Tìm “CSDL dat dai”", "bench_staff", ["/du-an/?q=CSDL+dat+dai"] * (n + warm)),
        ("detail", "Trang dự án (ngẫu nhiên)", "bench_staff", detail_urls(users["bench_staff"])),
        ("home", "Trang chủ", "bench_staff", ["/"] * (n + warm)),
    ]
    clients = {who: _client(u) for who, u in users.items()}
    rows = []
    if args.pages:
        plan = [p for p in plan if re.search(args.pages, f"{p[1]} {p[2]}")]
    for kind, label, who, urls in plan:
        client = clients[who]
        times = _time(client, urls, warm)
        captured = _capture(client, urls[-1])
        if kind == "detail":  # the count must not depend on the project: look at several
            counts = [_capture(client, u)["queries"] for u in urls[:10]]
            captured["queries_range"] = [min(counts + [captured["queries"]]), max(counts + [captured["queries"]])]
        row = {
            "kind": kind, "page": label, "user": who, "url": urls[-1] if kind != "detail" else "/du-an/<id>/",
            "n": len(times), "p50": round(percentile(times, 50), 1), "p95": round(percentile(times, 95), 1),
            "mean": round(sum(times) / len(times), 1), "min": round(min(times), 1), "max": round(max(times), 1),
            **captured,
        }
        row["target_ok"] = None if kind == "home" else row["p95"] <= TARGET_MS
        rows.append(row)
        print(f"  {label:28} {who:15} p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
              f"{row['queries']:2d} queries  sql {row['sql_ms']:6.1f} ms  matches {row.get('matches')}", flush=True)

    # Queries per page do not depend on the page length.
    constancy = []
    original = project_views.PAGE_SIZE
    try:
        for who in () if args.pages else ("bench_leader", "bench_admin", "bench_staff"):
            for url in ("/du-an/", "/du-an/?q=dat+dai"):
                counts = {}
                for size in (10, 25, 100):
                    project_views.PAGE_SIZE = size
                    c = _capture(clients[who], url)
                    counts[str(size)] = {"queries": c["queries"], "rows": min(size, c["matches"] or 0)}
                project_views.PAGE_SIZE = 25
                c = _capture(clients[who], url + ("&" if "?" in url else "?") + "page=999999")
                last_rows = (c["matches"] or 0) % 25 or min(25, c["matches"] or 0)
                counts["last"] = {"queries": c["queries"], "rows": last_rows}
                constancy.append({"user": who, "url": url, "counts": counts,
                                  "constant": len({v["queries"] for v in counts.values()}) == 1})
    finally:
        project_views.PAGE_SIZE = original

    explains = explain_slowest(rows)
    return {"pages": rows, "constancy": constancy, "explain": explains}


def explain_slowest(rows, limit: int = 6) -> list[dict]:
    """EXPLAIN the slowest statement of the slowest pages (plans for the report)."""
    from django.db import connection

    seen, out = set(), []
    for row in sorted(rows, key=lambda r: -r["p95"]):
        if len(out) >= limit:
            break
        for q in row["slowest"][:1]:
            key = re.sub(r"\d+", "#", q["sql"])[:400]
            if key in seen or not q["sql"].lstrip().upper().startswith("SELECT"):
                continue
            seen.add(key)
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plan = "\n".join(r[0] for r in cur.fetchall())
                else:
                    cur.execute("EXPLAIN QUERY PLAN " + q["sql"])
                    plan = "\n".join(str(r[-1]) for r in cur.fetchall())
            out.append({"page": row["page"], "user": row["user"], "ms": round(q["ms"], 1),
                        "sql": q["sql"], "plan": plan})
    return out


# ============================================================= child: import ====

def build_import_file(user, rows: int, seed: int = 11) -> bytes:
    """A workbook in the import template's columns, every row valid for ``user``."""
    import datetime as dt
    import io

    from openpyxl import Workbook

    from bench.generate import OBJECTIVES, OBJECTS, VERBS
    from cds.accounts import access
    from cds.catalog.models import FundingSource, Programme
    from cds.orgs.models import Unit
    from cds.projects import importer
    from cds.projects.models import State
    from cds.projects.permissions import can_create_project_for
    from cds.rules.models import LegalRegime

    rng = random.Random(seed)
    today = dt.date.today()
    units = [u for u in access.scope_units(user, Unit.objects.filter(valid_to__isnull=True)).prefetch_related("aliases")
             if can_create_project_for(user, u)]
    regimes = list(LegalRegime.objects.all())
    programmes = list(Programme.objects.filter(is_active=True))
    sources = list(FundingSource.objects.filter(is_active=True))
    kinds = list(importer.KIND_SHORT_LABELS.items())
    states = [(s, State(s).label) for s in importer.IMPORT_STATES]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(importer.DATA_SHEET)
    ws.append([c.label + ("*" if c.required else "") for c in importer.COLUMNS])
    for i in range(rows):
        unit = rng.choice(units)
        unit_ref = rng.choice([unit.code, unit.name] + [a.alias for a in unit.aliases.all()])
        kind, kind_label = rng.choice(kinds)
        start = rng.randint(2018, today.year)
        end = start + rng.randint(0, 3)
        obj = rng.choice(OBJECTS)[0]
        state, state_label = rng.choice(states)
        src = rng.sample(sources, rng.choice([1, 1, 2]))
        approved = rng.randint(300, 50_000) * 1_000_000 if rng.random() < 0.7 else None
        values = {
            "name": f"{rng.choice(VERBS[kind])} {obj} – hạng mục {i + 1:05d} (danh mục cũ)",
            "kind": kind_label,
            "group": rng.choice(["C", "B", "-", ""]) if kind == "investment" else "-",
            "regime": rng.choice(regimes).short_name,
            "unit": unit_ref,
            "programme": rng.choice(programmes).name if rng.random() < 0.6 else None,
            "start_year": start, "end_year": end if end <= 2100 else None,
            "carried_over": rng.choice(["Có", "Không", None]),
            "state": state_label,
            "objectives": "; ".join(rng.sample(OBJECTIVES, 2)) + ".",
            "scope": "Toàn tỉnh",
            "funding_sources": "; ".join(s.code if rng.random() < 0.5 else s.name for s in src),
            "approved": approved,
            "decision_number": f"{rng.randint(100, 9999)}/QĐ-UBND" if approved else None,
            "decision_date": dt.datetime(start, rng.randint(1, 12), rng.randint(1, 28)) if approved and
            dt.date(start, 12, 28) <= today else (dt.datetime(start, 1, 5) if approved else None),
            "disbursed": approved * rng.randint(0, 100) // 100 if approved and rng.random() < 0.6 else None,
        }
        ws.append([values[c.key] for c in importer.COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def child_import(args) -> None:
    child_setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cds.accounts.models import User
    from cds.projects.models import Project

    out = {"rows": args.import_rows, "user": "bench_appraiser"}
    try:
        from cds.projects import importer
    except ImportError as exc:
        out["error"] = f"cds.projects.importer not importable: {exc}"
        (OUT / f"import-{args.db}{_sfx(args)}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
        return
    user = User.objects.get(username="bench_appraiser")
    t = time.perf_counter()
    data = build_import_file(user, args.import_rows)
    out["build_s"] = round(time.perf_counter() - t, 2)
    out["file_bytes"] = len(data)
    print(f"  built {args.import_rows:,}-row .xlsx ({len(data) / 1e6:.1f} MB) in {out['build_s']}s", flush=True)

    t = time.perf_counter()
    result = importer.parse(user, data, "bench.xlsx")
    out["parse_s"] = round(time.perf_counter() - t, 2)
    out["parse_ok_rows"], out["parse_errors"] = result.ok_count, result.error_count
    out["first_errors"] = result.messages[:5]
    print(f"  parse: {out['parse_s']}s ({result.ok_count:,} rows ok, {result.error_count} errors)", flush=True)

    upload = SimpleUploadedFile("bench.xlsx", data, content_type=importer.XLSX_CONTENT_TYPE)
    t = time.perf_counter()
    result, _data = importer.preview(user, upload)
    out["preview_s"] = round(time.perf_counter() - t, 2)
    print(f"  preview (upload checks + parse + audit): {out['preview_s']}s", flush=True)

    before = Project.objects.count()
    t = time.perf_counter()
    try:
        count = importer.apply(user, data, "bench.xlsx")
        out["apply_s"] = round(time.perf_counter() - t, 2)
        out["created"] = count
        out["created_check"] = Project.objects.count() - before
        print(f"  apply (re-parse + write, committed): {out['apply_s']}s, {count:,} projects", flush=True)
    except Exception as exc:  # noqa: BLE001 — reported, not hidden
        out["apply_s"] = round(time.perf_counter() - t, 2)
        out["error"] = f"apply failed: {type(exc).__name__}: {exc}"[:2000]
        print(f"  {out['error']}", flush=True)
    out["target_ok"] = out.get("apply_s") is not None and "error" not in out and \
        out["preview_s"] + out["apply_s"] <= IMPORT_TARGET_S
    (OUT / f"import-{args.db}{_sfx(args)}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))


# ============================================================ child: profile ====

def child_profile(args) -> None:
    """cProfile one page (``--profile URL --user NAME``) on the cached data set."""
    import cProfile
    import pstats

    child_setup()
    from cds.accounts.models import User

    client = _client(User.objects.get(username=args.user))
    for _ in range(3):
        _get(client, args.profile)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for _ in range(5):
        _get(client, args.profile)
    prof.disable()
    print(f"{args.profile} as {args.user}: {(time.perf_counter() - t) * 200:.1f} ms per request (profiled)")
    stats = pstats.Stats(prof).sort_stats("cumulative")
    stats.print_stats(35)
    stats.sort_stats("tottime").print_stats(15)


# ================================================================= reports ====

def machine_markdown(m: dict) -> str:
    ram = f"{m['ram_mb']:,} MB" if m.get("ram_mb") else "?"
    return (
        "## Machine\n\n"
        f"- CPU: {m['cpu']} — {m['nproc']} logical CPUs (`nproc`), RAM {ram}\n"
        f"- {m['os']}; Python {m['python']}; SQLite {m['sqlite']}; PostgreSQL {m['postgresql']}\n"
    )


def _num(value) -> str:
    return "" if value is None else f"{value:,}"


def _ok(flag) -> str:
    return "—" if flag is None else ("✅" if flag else "❌")


def db_markdown(r: dict) -> str:
    label = DB_LABEL[r["db"]]
    gen = r["generation"]
    st = gen["stats"]
    d = r["data"]
    lines = [
        f"# Benchmark — {label} {r['server_version']}, {d['projects']:,} projects\n",
        machine_markdown(r["machine"]),
        "## Data set\n",
        f"- {d['units']:,} units ({st['roots']} roots: 34 provinces + 20 ministries), {d['users']:,} users, "
        f"{d['projects']:,} projects, {d['budget_entries']:,} ledger lines, {d['project_events']:,} project events, "
        f"{d['audit_events']:,} audit events",
        f"- Generated {gen['generated_at']} in **{st['seconds']} s** (bulk_create; migrate {gen['migrate_s']} s"
        f" before it; phases {st['timings']}); sample verified against the services: {gen['verified']}",
        f"- Scoped user: `bench_leader` (leader, {st['province1']}); unscoped: `bench_admin` (national admin); "
        f"unit user: `bench_staff` (unit_staff, Sở KH&CN of province 1)\n",
        f"## Pages — {r['requests']} timed requests each after {r['warmup']} warm-ups "
        f"(django.test.Client, force_login, DEBUG off)\n",
        f"Load average (1/5/15 min) before: {r.get('loadavg', {}).get('before')}, after: "
        f"{r.get('loadavg', {}).get('after')} — other work on this shared 2-CPU machine shows up as p95 noise.\n",
        f"| Page | User | p50 ms | p95 ms | max ms | SQL queries | SQL ms¹ | matches | p95 ≤ {TARGET_MS} ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for p in r["pages"]:
        q = p["queries"] if "queries_range" not in p else f"{p['queries_range'][0]}–{p['queries_range'][1]}"
        lines.append(f"| {p['page']} | {p['user'].replace('bench_', '')} | {fmt_ms(p['p50'])} | {fmt_ms(p['p95'])} | "
                     f"{fmt_ms(p['max'])} | {q} | {fmt_ms(p['sql_ms'])} | "
                     f"{_num(p.get('matches'))} | {_ok(p['target_ok'])} |")
    lines += [
        "",
        "¹ total time of the page's SQL statements in one captured request (the rest is Python: "
        "middleware, template rendering).\n",
        "## Queries per list page by page length\n",
        "| User | URL | 10 rows | 25 rows | 100 rows | last (partial) page | constant |",
        "|---|---|---:|---:|---:|---:|:---:|",
    ]
    for c in r["constancy"]:
        cs = c["counts"]
        cell = lambda k, cs=cs: f"{cs[k]['queries']} ({cs[k]['rows']} rows)"  # noqa: E731
        lines.append(f"| {c['user'].replace('bench_', '')} | `{c['url']}` | {cell('10')} | {cell('25')} | "
                     f"{cell('100')} | {cell('last')} | {_ok(c['constant'])} |")
    imp = r.get("import", {})
    lines += ["", f"## Import of a {imp.get('rows', 0):,}-row .xlsx (user `{imp.get('user', '?')}`)\n"]
    if "skipped" in imp:
        lines.append(f"Skipped ({imp['skipped']}).")
    elif "parse_s" not in imp:
        lines.append(f"**Not measured**: {imp.get('error', 'unknown error')}")
    else:
        lines += [
            f"File: {imp['file_bytes'] / 1e6:.1f} MB, built with openpyxl in {imp['build_s']} s.\n",
            "| Step | seconds |", "|---|---:|",
            f"| parse (read + validate, no writes) | {imp['parse_s']} |",
            f"| preview (upload checks + parse + audit event) | {imp['preview_s']} |",
            f"| apply (re-parse + bulk write + commit) | {imp.get('apply_s', '—')} |",
            f"| **preview + apply** | **{round(imp['preview_s'] + (imp.get('apply_s') or 0), 2)}** |",
            "",
            f"Rows: {imp['parse_ok_rows']:,} valid, {imp['parse_errors']} errors; created {imp.get('created', 0):,}. "
            f"Target ≤ {IMPORT_TARGET_S} s: {_ok(imp.get('target_ok'))}"
            + (f"\n\n**Error**: {imp['error']}" if imp.get("error") else "")
            + (f"\n\nFirst errors: {imp['first_errors']}" if imp.get("first_errors") else ""),
        ]
    if r.get("explain"):
        lines += ["", "## Plans of the slowest statements\n"]
        for e in r["explain"]:
            lines += [f"**{e['page']}** ({e['user'].replace('bench_', '')}), {e['ms']} ms:\n",
                      "```sql", e["sql"][:1500], "```", "```", e["plan"], "```", ""]
    return "\n".join(lines) + "\n"


def combined_markdown(merged: dict, machine: dict) -> str:
    dbs = list(merged)
    head = " | ".join(f"{DB_LABEL[d]} p50 | {DB_LABEL[d]} p95" for d in dbs)
    lines = [
        "# CĐS Portfolio benchmark — summary\n", machine_markdown(machine),
        "| Page | User | " + head + " | queries |",
        "|---|---|" + "---:|---:|" * len(dbs) + "---:|",
    ]
    first = merged[dbs[0]]["pages"]
    for i, p in enumerate(first):
        cells = []
        for d in dbs:
            q = merged[d]["pages"][i]
            mark = "" if q["target_ok"] is None else (" ✅" if q["target_ok"] else " ❌")
            cells.append(f"{fmt_ms(q['p50'])} | {fmt_ms(q['p95'])}{mark}")
        queries = p["queries"] if "queries_range" not in p else f"{p['queries_range'][0]}–{p['queries_range'][1]}"
        lines.append(f"| {p['page']} | {p['user'].replace('bench_', '')} | " + " | ".join(cells) + f" | {queries} |")
    lines += ["", "| | " + " | ".join(DB_LABEL[d] for d in dbs) + " |", "|---|" + "---:|" * len(dbs)]
    lines.append("| data set generated in (s) | " + " | ".join(
        str(merged[d]["generation"]["stats"]["seconds"]) for d in dbs) + " |")
    for key, label in (("parse_s", "import parse (s)"), ("preview_s", "import preview (s)"),
                       ("apply_s", "import apply (s)")):
        lines.append(f"| {label} | " + " | ".join(str(merged[d].get("import", {}).get(key, "—")) for d in dbs) + " |")
    lines.append("| queries constant per page length | " + " | ".join(
        _ok(all(c["constant"] for c in merged[d]["constancy"]) if merged[d]["constancy"] else None)
        for d in dbs) + " |")
    return "\n".join(lines) + "\n"


# ==================================================================== main ====

def main(argv=None):
    parser = argparse.ArgumentParser(description="CĐS Portfolio benchmarks (see bench/README.md)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="regenerate the data set even if cached")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--experiment", metavar="FILE",
                        help="Python file whose apply() monkeypatches the app in the child (try a fix without editing)")
    parser.add_argument("--tag", default="", help="suffix for the result files (experiments)")
    parser.add_argument("--pages", default="", help="only pages whose 'label user' matches this regex")
    parser.add_argument("--profile", metavar="URL", help="cProfile one page on the cached data (with --db, --user)")
    parser.add_argument("--user", default="bench_admin", help="user for --profile (bench_admin, bench_leader, …)")
    parser.add_argument("--child", choices=["pages", "import", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.experiment:
        os.environ["BENCH_EXPERIMENT"] = str(Path(args.experiment).resolve())
    if args.child and args.db == "all":
        parser.error("--child needs --db")
    if args.profile and not args.child:
        if args.db == "all":
            parser.error("--profile needs --db sqlite or --db postgres")
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "profile", "--db", args.db,
                        "--profile", args.profile, "--user", args.user], env=child_env(db_url(args.db)), cwd=ROOT,
                       check=True)
    elif args.child == "profile":
        child_profile(args)
    elif args.child == "pages":
        child_pages(args)
    elif args.child == "import":
        child_import(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
