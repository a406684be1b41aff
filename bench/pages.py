#!/usr/bin/env python
"""Every page of every app at national scale, timed against its own SQL. Not part of `make test`.

    .venv/bin/python bench/pages.py [--db sqlite|postgres|all] [--projects 100000] [--runs 15]
        [--warmup 2] [--fresh] [--recrawl] [--only REGEX] [--tag NAME] [--code DIR]
    .venv/bin/python bench/pages.py --compare before after      # the before/after table of two tagged runs
    .venv/bin/python bench/pages.py --db sqlite --profile /du-an/ --user bench_admin

**One data set for every app** (cached per database, ``--fresh`` rebuilds): the national registry of
:mod:`bench.generate` (34 provinces + 20 ministries, 100,000 projects, 500,000 ledger lines), then, on
that same registry, what the other benches of this folder write in proportion — a closed review
campaign and a directive with one task per unit in every tree, ranking methods and periods
(:mod:`bench.rankings`); 3,000 systems and 10,000 integrations in province 1 (:mod:`bench.systems`);
300,000 procurement packages in every tree (:mod:`bench.procurement`); 20,000 plan proposals and an
approved plan in province 1 (:mod:`bench.plans`); 20,000 concluded estimates of earlier prices and a
2,000-line estimate (:mod:`bench.estimates`); a survey round over 1,000 units (:mod:`bench.surveys`);
a published snapshot of every tree (:mod:`bench.public`); then the demo province of ``load_demo``
on top, so that every kind of record (appraisal dossiers, directives with reports, library entries,
bottlenecks …) exists at least once for the national administrator.

**The pages**: not a hand-written list — a crawler follows the links of the pages, from the home page,
as each user sees them: ``bench_admin`` (national administrator, no unit), ``bench_leader`` (leader of
province 1, Hà Nội), ``bench_staff`` (a unit user of province 1's Sở KH&CN) and an anonymous citizen
(from the public pages). One URL per URL name (and per set of query parameters, at most three), plus
the registry searches that were slow before. Downloads (Word, Excel, CSV, files) are not pages and
are not timed here: their own benches time them. The catalogue is written to
``bench/out/pages-catalogue-<db>.json`` and reused, so two runs time the same URLs; the report lists
every GET page name of the access matrix that no user reached.

**Each page**: ``--warmup`` requests, then ``--runs`` timed ones through ``django.test.Client`` with the
whole middleware stack and DEBUG off (a fresh connection per request on SQLite, as in production),
each timed with its SQL (a ``connection.execute_wrapper`` adds up the statements' own time).
Reported: p50/p95 of the page, the number of queries, the SQL time (median), and **page ÷ SQL**.
Targets: p95 ≤ 100 ms; list and detail pages p50 ≤ 3 × SQL + 15 ms.

``--code DIR`` times another checkout of the application (e.g. a ``git worktree`` of the commit before
a change) on the same data and catalogue; with ``--tag`` the results of the two runs are kept apart
and ``--compare`` prints them side by side.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.util import (  # noqa: E402
    OUT,
    bench_db_url,
    machine_info,
    percentile,
    reset_bench_db,
    setup_bench_django,
)

DATA_VERSION = 1
PG_DB = "cds_bench_pages"
SQLITE_FILE = OUT / "pages.sqlite3"
MEDIA = OUT / "pages-media"
TARGET_P95_MS = 100.0
RATIO_SLACK_MS = 15.0
USERS = {"admin": "bench_admin", "leader": "bench_leader", "staff": "bench_staff", "citizen": ""}
DB_LABEL = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# URL names that answer a file, not a page (their own benches time them), or leave the session.
NOT_PAGES = re.compile(r"docx|xlsx|csv|export|download|_file$|template|xlsform|openapi|logout|decision_draft"
                       r"|document|evidence$|answer_file|version_file")
MAX_VARIANTS = 3          # query-string variants of one URL name
MAX_FETCHES = 600         # per user, while crawling
EXTRA = {                 # pages worth timing that the crawler would reach only by typing
    ("admin", "leader", "staff"): [
        "/du-an/?q=dat+dai", "/du-an/?q=CSDL+dat+dai", "/du-an/?page=200",
        "/du-an/?state=implementing&kind=investment&year=2024",
        # what the forms ask while one types a project's name (the overlap and reuse hints)
        "/trung-lap/kiem-tra/?name=X%C3%A2y+d%E1%BB%B1ng+c%C6%A1+s%E1%BB%9F+d%E1%BB%AF+li%E1%BB%87u+%C4%91%E1%BA%A5t+%C4%91ai",
        "/thu-vien/goi-y/?name=xay+dung+co+so+du+lieu+dat+dai",
        "/he-thong/ban-do/du-lieu/"],
    ("citizen",): ["/cong-khai/", "/mo/v1/projects.json", "/mo/v1/projects.json?trang=2", "/tai-khoan/dang-nhap/"],
}


# ---------------------------------------------------------------------- data ----

def stamp_path(db: str) -> Path:
    return OUT / f"pages-data-{db}.json"


def catalogue_path(db: str) -> Path:
    return OUT / f"pages-catalogue-{db}.json"


def prepare_db(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = (not args.fresh and stamp is not None and stamp.get("projects") == args.projects
              and stamp.get("version") == DATA_VERSION)
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


def build(args) -> dict:
    """The registry once, then each bench's own records on it (their ``build`` with the registry
    generator replaced by the one already written), then the demo province."""
    from django.core.management import call_command
    from django.db import connection

    import bench.generate as generator
    from bench import estimates, plans, procurement, public, rankings, surveys, systems
    from cds.demo import builder as demo_builder

    call_command("migrate", verbosity=0, interactive=False)
    timings = {}
    t = time.perf_counter()
    registry = generator.generate(projects=args.projects, log=print)
    timings["registry_s"] = round(time.perf_counter() - t, 1)
    real_generate = generator.generate
    generator.generate = lambda **kw: registry
    ns = argparse.Namespace
    steps = [
        ("rankings", lambda: rankings.build(ns(projects=args.projects))),
        ("systems", lambda: systems.build(ns(projects=args.projects, systems=3_000, links=10_000))),
        ("procurement", lambda: procurement.build(ns(projects=args.projects, packages=args.projects * 3))),
        ("plans", lambda: plans.build(ns(projects=args.projects, proposals=args.projects // 5))),
        ("estimates", lambda: estimates.build(ns(projects=args.projects, history=args.projects // 5, lines=2_000))),
        ("surveys", lambda: surveys.build(ns(units=1_000))),
    ]
    try:
        for name, step in steps:
            print(f"— {name} …", flush=True)
            t = time.perf_counter()
            step()
            timings[f"{name}_s"] = round(time.perf_counter() - t, 1)
    finally:
        generator.generate = real_generate
    print("— demo province …", flush=True)
    t = time.perf_counter()
    # The demo ends with the daily overlap scan over the whole registry: over 100,000 generated
    # names built from a few fragments it finds pairs by the hundred million (more memory than
    # this machine has). The demo's own pairs are left out; bench/overlap.py measures the scan.
    demo_builder.build_overlaps = lambda builder: {"pairs": 0, "decided": 0}
    call_command("load_demo", verbosity=0)
    call_command("build_overlap_index", verbosity=0)
    timings["demo_s"] = round(time.perf_counter() - t, 1)
    print("— publication of every tree …", flush=True)
    t = time.perf_counter()
    public.publish_every_tree()
    timings["publish_s"] = round(time.perf_counter() - t, 1)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"projects": args.projects, "version": DATA_VERSION, "counts": data_counts(), "timings": timings,
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def data_counts() -> dict:
    """Rows of the main tables: what "in proportion" means in this data set."""
    from django.apps import apps

    tables = ["orgs.Unit", "accounts.User", "projects.Project", "projects.BudgetEntry", "reviews.Review",
              "appraisal.Dossier", "directives.Directive", "directives.Task", "systems.InformationSystem",
              "systems.Integration", "procurement.Package", "plans.Proposal", "estimates.Estimate",
              "surveys.Response", "rankings.Result", "library.Practice", "public.PublishedRecord",
              "audit.AuditEvent", "notifications.Notification"]
    counts = {}
    for label in tables:
        try:
            counts[label] = apps.get_model(label).objects.count()
        except LookupError:
            continue
    return counts


# -------------------------------------------------------------------- crawl ----

def client_for(username: str):
    from django.test import Client

    from cds.accounts.models import User

    client = Client(raise_request_exception=False)   # a server error is reported, not raised
    if username:
        client.force_login(User.objects.get(username=username),
                           backend="django.contrib.auth.backends.ModelBackend")
    return client


HREF = re.compile(r'href="(/[^"#]*)')


def _kind(response) -> str:
    ctype = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or response.get("Content-Disposition", "").startswith("attachment"):
        return "file"
    if "text/html" in ctype:
        return "page"
    if "json" in ctype or "svg" in ctype:
        return "data"
    return "file"


def crawl(role: str, username: str) -> list[dict]:
    """One URL per URL name (and per set of query parameters, up to MAX_VARIANTS) that ``username``
    reaches by following links from the home page, with what each answered."""
    from django.db import close_old_connections
    from django.urls import Resolver404, resolve

    client = client_for(username)
    seeds = ["/"] + [u for roles, urls in EXTRA.items() if role in roles for u in urls]
    queue, seen_keys, variants, found, fetches = list(seeds), set(), {}, [], 0
    while queue and fetches < MAX_FETCHES:
        url = queue.pop(0)
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name or ""
        if not name or name.startswith("admin:") or NOT_PAGES.search(name):
            continue
        params = tuple(sorted({k for k, _ in parse_qsl(parts.query)}))
        key = (name, params)
        if key in seen_keys or (params and variants.get(name, 0) >= MAX_VARIANTS and url not in seeds):
            continue
        seen_keys.add(key)
        if params:
            variants[name] = variants.get(name, 0) + 1
        response = client.get(url)
        close_old_connections()
        fetches += 1
        kind = _kind(response)
        found.append({"role": role, "user": username, "name": name, "url": url,
                      "status": response.status_code, "kind": kind})
        if response.status_code != 200 or kind != "page":
            continue
        for href in HREF.findall(response.content.decode("utf-8", "replace")):
            href = html.unescape(href)
            if href.startswith(("/static/", "/media/", "/admin/", "//")):
                continue
            p = urlsplit(href)
            query = urlencode([(k, v) for k, v in parse_qsl(p.query) if k != "next"])
            queue.append(p.path + (f"?{query}" if query else ""))
    return found


def build_catalogue(db: str) -> dict:
    catalogue = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "pages": []}
    for role, username in USERS.items():
        t = time.perf_counter()
        found = crawl(role, username)
        catalogue["pages"] += found
        print(f"  crawl {role}: {len(found)} URLs ({sum(f['kind'] == 'page' and f['status'] == 200 for f in found)} "
              f"pages) in {time.perf_counter() - t:.0f} s", flush=True)
    catalogue["unreached"] = unreached(catalogue["pages"])
    catalogue["errors"] = [f for f in catalogue["pages"] if f["status"] >= 500]
    for f in catalogue["errors"]:
        print(f"  SERVER ERROR {f['status']}: {f['role']} {f['url']}", flush=True)
    catalogue_path(db).write_text(json.dumps(catalogue, indent=1, ensure_ascii=False))
    return catalogue


def unreached(found: list[dict]) -> list[str]:
    """GET pages of the access matrix (some role reads them with 200) that the crawl never timed."""
    try:
        from tests.test_access_matrix import MATRIX
    except Exception:  # noqa: BLE001 — the matrix is a test module; without it the check is skipped
        return []
    readable = set()
    for name, probes in MATRIX.items():
        if name.startswith(("admin:", "api:")) or NOT_PAGES.search(name):
            continue
        if any(p.method == "get" and not p.api and 200 in p.expected.values() for p in probes):
            readable.add(name)
    reached = {f["name"] for f in found if f["status"] == 200}
    return sorted(readable - reached)


# -------------------------------------------------------------------- measure ----

class SqlTimer:
    """Adds up the statements' own time without the query log."""

    def __init__(self):
        self.n, self.s = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.s += time.perf_counter() - t
            self.n += 1


def measure(client, url: str, runs: int, warmup: int) -> dict:
    from django.db import close_old_connections, connection

    def get():
        timer = SqlTimer()
        t = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(url)
            _ = response.content if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
        elapsed = time.perf_counter() - t
        close_old_connections()
        return response, elapsed, timer

    first, _, _ = get()
    if first.status_code != 200:
        return {"status": first.status_code}
    for _ in range(warmup - 1):
        get()
    times, sql, queries = [], [], set()
    for _ in range(runs):
        response, elapsed, timer = get()
        if response.status_code != 200:
            return {"status": response.status_code}
        times.append(elapsed * 1000)
        sql.append(timer.s * 1000)
        queries.add(timer.n)
    p50, sql50 = percentile(times, 50), percentile(sql, 50)
    return {"status": 200, "p50": round(p50, 1), "p95": round(percentile(times, 95), 1),
            "sql": round(sql50, 1), "ratio": round(p50 / sql50, 1) if sql50 else None,
            "queries": f"{min(queries)}" if len(queries) == 1 else f"{min(queries)}–{max(queries)}",
            "bytes": len(first.content) if not getattr(first, "streaming", False) else None}


def is_list_or_detail(name: str) -> bool:
    """Pages the SQL-ratio target applies to: lists and record pages (not forms, maps, dashboards)."""
    return not re.search(r"create|edit|new|import|add|assistant|calc_|ucp|home|leadership|map|preview"
                         r"|dictionary|index$|rules|scan|check$", name)


def run_measure(args) -> None:
    os.environ["PUBLIC_RATE_LIMIT"] = "100000000/m"   # one client makes every anonymous request
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command
    from django.db import connection

    import cds

    call_command("migrate", verbosity=0, interactive=False)   # the timed code's own migrations
    import config.wsgi  # noqa: F401 — as a gunicorn worker starts: the WSGI module's start-up (gc.freeze)
    from bench.util import server_version

    stamp = json.loads(stamp_path(args.db).read_text())
    catalogue = json.loads(catalogue_path(args.db).read_text())
    pages = [p for p in catalogue["pages"] if p["status"] == 200 and p["kind"] in ("page", "data")]
    if args.only:
        pages = [p for p in pages if re.search(args.only, f"{p['role']} {p['name']} {p['url']}")]
    code = str(Path(cds.__file__).resolve().parent.parent)
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version(), "data": stamp,
              "code": code, "commit": _commit(code), "runs": args.runs, "warmup": args.warmup,
              "loadavg_before": [round(x, 2) for x in os.getloadavg()], "pages": [],
              "unreached": catalogue.get("unreached", [])}
    clients = {}
    t0 = time.perf_counter()
    for i, page in enumerate(pages, 1):
        client = clients.get(page["role"]) or clients.setdefault(page["role"], client_for(page["user"]))
        m = measure(client, page["url"], args.runs, args.warmup)
        row = {**page, **m, "list_or_detail": is_list_or_detail(page["name"])}
        result["pages"].append(row)
        print(f"[{i}/{len(pages)}] {page['role']:8} {page['url'][:70]:70} "
              f"{m.get('p50', '—')} / {m.get('p95', m.get('status'))} ms  sql {m.get('sql', '—')}  "
              f"q {m.get('queries', '—')}", flush=True)
    result["measure_s"] = round(time.perf_counter() - t0, 1)
    result["machine"] = machine_info()
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    stem = f"pages-{args.db}" + (f"-{args.tag}" if args.tag else "")
    (OUT / f"{stem}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    (OUT / f"{stem}.md").write_text(report([result]))
    print(f"Written: {OUT}/{stem}.json and .md")


def _commit(code: str) -> str:
    try:
        return subprocess.run(["git", "-C", code, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except OSError:
        return ""


# -------------------------------------------------------------------- report ----

def _fails(row: dict) -> list[str]:
    bad = []
    if row.get("p95") is not None and row["p95"] > TARGET_P95_MS:
        bad.append("p95")
    if row.get("list_or_detail") and row.get("sql") is not None and row["p50"] > 3 * row["sql"] + RATIO_SLACK_MS:
        bad.append("ratio")
    return bad


def report(results: list[dict]) -> str:
    """One table: a row per (role, page), for each result (database or before/after) p50, p95,
    queries, SQL ms and page ÷ SQL; ✅/❌ on the targets."""
    keys, rows = [], {}
    for n, res in enumerate(results):
        for row in res["pages"]:
            k = (row["role"], row["url"])
            if k not in rows:
                keys.append(k)
                rows[k] = {"name": row["name"], "ld": row.get("list_or_detail")}
            rows[k][n] = row
    head = ["Trang (URL name)", "URL", "vai trò"]
    for res in results:
        label = DB_LABEL.get(res["db"], res["db"]) + (f" {res.get('tag')}" if res.get("tag") else "")
        head += [f"{label} p50", "p95", "q", "SQL", "÷SQL"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 3 + "---:|" * 5 * len(results)]
    totals = [{"pages": 0, "p95": 0, "ratio": 0} for _ in results]
    for k in keys:
        r = rows[k]
        cells = [r["name"], f"`{k[1][:60]}`", k[0]]
        for n, _ in enumerate(results):
            m = r.get(n)
            if not m or m.get("status") != 200:
                cells += [f"{m.get('status') if m else '—'}", "", "", "", ""]
                continue
            bad = _fails(m)
            totals[n]["pages"] += 1
            totals[n]["p95"] += "p95" in bad
            totals[n]["ratio"] += "ratio" in bad
            cells += [f"{m['p50']:.0f}", f"{m['p95']:.0f}" + (" ❌" if "p95" in bad else ""), m["queries"],
                      f"{m['sql']:.1f}", (f"{m['ratio']:.1f}" if m["ratio"] else "—") + (" ❌" if "ratio" in bad else "")]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    out = []
    for n, res in enumerate(results):
        t = totals[n]
        out.append(f"- {DB_LABEL.get(res['db'], res['db'])} {res.get('tag', '')} (code {res.get('commit', '')}): "
                   f"{t['pages']} pages timed, {t['p95']} over p95 {TARGET_P95_MS:.0f} ms, {t['ratio']} list/detail "
                   f"pages over 3×SQL+{RATIO_SLACK_MS:.0f} ms; load average {res.get('loadavg_before')} → "
                   f"{res.get('loadavg_after')}")
    unreached_names = results[0].get("unreached") or []
    if unreached_names:
        out.append(f"- GET pages of the access matrix no bench user reached: {', '.join(unreached_names)}")
    return "\n".join(out) + "\n\n" + "\n".join(lines) + "\n"


def compare(tags: list[str], dbs: list[str]) -> str:
    results = []
    for db in dbs:
        for tag in tags:
            path = OUT / f"pages-{db}-{tag}.json"
            if path.exists():
                res = json.loads(path.read_text())
                res["tag"] = tag
                results.append(res)
    text = report(results)
    (OUT / ("pages-compare-" + "-".join(tags) + ".md")).write_text(text)
    return text


# -------------------------------------------------------------------- profile ----

def run_profile(args) -> None:
    import cProfile
    import pstats

    os.environ["PUBLIC_RATE_LIMIT"] = "100000000/m"
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.db import close_old_connections

    client = client_for(args.user)
    for _ in range(3):
        client.get(args.profile)
        close_old_connections()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        client.get(args.profile)
        close_old_connections()
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


# -------------------------------------------------------------------- main ----

def child(db: str, argv: list[str]) -> None:
    env = {**os.environ, "DATABASE_URL": bench_db_url(db, SQLITE_FILE, PG_DB),
           "DJANGO_SETTINGS_MODULE": "config.settings", "DEMO_MODE": "1", "PYTHONHASHSEED": "0",
           "OVERLAP_INDEX_DIR": str(OUT / f"pages-overlap-index-{db}")}
    subprocess.run([sys.executable, __file__, "--db", db, *argv], check=True, env=env, cwd=ROOT)


def run_data(args) -> None:
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command

    if not stamp_path(args.db).exists():
        print(f"Building the data set on {args.db} …", flush=True)
        stamp = build(args)
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        catalogue_path(args.db).unlink(missing_ok=True)
        print(f"built: {stamp['timings']} {stamp['counts']}", flush=True)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    if args.recrawl or not catalogue_path(args.db).exists():
        os.environ["PUBLIC_RATE_LIMIT"] = "100000000/m"
        print("Crawling the pages …", flush=True)
        build_catalogue(args.db)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--projects", type=int, default=int(os.environ.get("BENCH_PROJECTS", 100_000)))
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set")
    parser.add_argument("--recrawl", action="store_true", help="crawl the pages again")
    parser.add_argument("--only", default="", help="only the pages whose 'role name url' matches")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    parser.add_argument("--code", default="", help="time the application of another checkout")
    parser.add_argument("--compare", nargs="+", default=None, help="print the tagged runs side by side")
    parser.add_argument("--profile", default="", help="cProfile this URL (5 requests)")
    parser.add_argument("--user", default="bench_admin")
    parser.add_argument("--data-only", action="store_true", help="build the data set and the catalogue, time nothing")
    parser.add_argument("--child", choices=["data", "measure"], default="")
    args = parser.parse_args(argv)
    dbs = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    if args.compare:
        print(compare(args.compare, dbs))
        return
    if args.profile:
        run_profile(args)
        return
    if args.child == "data":
        run_data(args)
        return
    if args.child == "measure":
        run_measure(args)
        return
    passthrough = ["--projects", str(args.projects), "--runs", str(args.runs), "--warmup", str(args.warmup)]
    for flag in ("only", "tag", "code"):
        if getattr(args, flag):
            passthrough += [f"--{flag}", getattr(args, flag)]
    for db in dbs:
        prepare_db(db, args)
        child(db, ["--child", "data", *passthrough] + (["--recrawl"] if args.recrawl else []))
        if not args.data_only:
            child(db, ["--child", "measure", *passthrough])
    if args.data_only:
        return
    results = []
    for db in dbs:
        stem = f"pages-{db}" + (f"-{args.tag}" if args.tag else "")
        results.append(json.loads((OUT / f"{stem}.json").read_text()))
    text = report(results)
    (OUT / ("pages" + (f"-{args.tag}" if args.tag else "") + ".md")).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
