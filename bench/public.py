"""Benchmark of publication and open data at national scale: the registry of :mod:`bench.generate`
(100,000 projects, ≈3,000 units in 34 provinces and 20 ministries). Not part of `make test`.

    .venv/bin/python bench/public.py [--db sqlite|postgres] [--projects 100000] [--runs 30]
        [--csv-runs 3] [--page-size 1000] [--fresh] [--tag NAME]

Measured:

* **preparing and approving a snapshot for every tree** — :func:`cds.public.services.prepare` by
  the national administrator (``bench_admin``), then :func:`cds.public.services.decide` (approve)
  by a national leader (``bench_leader_vn``), root after root: the time of each step per tree,
  the slowest tree and the total, and the records written;
* anonymous requests (no account, the full middleware stack, DEBUG off, a fresh connection per
  request on SQLite), p50/p95 by nearest rank over ``--runs`` timed requests after a warm-up:
  the public portfolio page ``public:portfolio`` of the province with the most projects; a
  1,000-record page of ``/mo/v1/projects.json`` (``?trang=1&so_ban_ghi=1000`` and the last page);
  the same first page again with the ``ETag`` of the first answer (``If-None-Match``, a 304
  expected); targets p95 ≤ 200 ms;
* the full ``/mo/v1/projects.csv`` download (every published project record), ``--csv-runs``
  times: seconds, bytes and lines; target ≤ 30 s.

A page answering anything but 200 (304 for the conditional request) is reported with its status
code and not timed: the bench runs against whatever views the branch has.

Data (cached; ``--fresh`` rebuilds): the registry of the generator and the national leader. The
snapshots are not cached: every run deletes the bench database's snapshots and prepares them
again (that is the first measure). Results: ``bench/out/public-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
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
    percentile,
    reset_bench_db,
    setup_bench_django,
    timing_stats,
    write_results,
)

DATA_VERSION = 1
PG_DB = "cds_bench_public"
SQLITE_FILE = OUT / "public.sqlite3"
MEDIA = OUT / "public-media"
TARGETS = {"page_s": 0.2, "feed_page_s": 0.2, "csv_s": 30.0}


def stamp_path(db: str) -> Path:
    return OUT / f"public-data-{db}.json"


def prepare_db(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def build(args) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import BENCH_PASSWORD, generate
    from cds.accounts.models import Role, User

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    timings = {"registry_s": round(time.perf_counter() - t0, 1)}
    User.objects.create(username="bench_leader_vn", password=make_password(BENCH_PASSWORD), role=Role.LEADER,
                        unit=None, first_name="Bench", last_name="bench_leader_vn")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"projects": args.projects, "version": DATA_VERSION,
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"), "registry": registry,
            "timings": timings}


# ------------------------------------------------------------------ measures ----

def publish_every_tree() -> dict:
    """Delete the bench's earlier snapshots, then prepare and approve one for every root."""
    from django.db import connection

    from cds.accounts.models import User
    from cds.orgs.models import Unit
    from cds.public import services
    from cds.public.models import PublishedRecord, Snapshot

    PublishedRecord.objects.all().delete()
    Snapshot.objects.all().delete()
    admin, leader = User.objects.get(username="bench_admin"), User.objects.get(username="bench_leader_vn")
    trees, t0 = [], time.perf_counter()
    for root in Unit.objects.filter(parent__isnull=True).order_by("pk"):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            snapshot = services.prepare(admin, root)
            prepared = time.perf_counter() - t
            t = time.perf_counter()
            services.decide(leader, snapshot, True, "Đồng ý công bố.", expected_version=snapshot.version)
            approved = time.perf_counter() - t
        trees.append({"root": root.code, "name": root.name, "prepare_s": round(prepared, 3),
                      "approve_s": round(approved, 3), "queries": counter.n, "counts": snapshot.counts})
    total = time.perf_counter() - t0
    with connection.cursor() as cur:   # as the nightly autovacuum would after a publication
        cur.execute("ANALYZE")
    prepares = [t["prepare_s"] for t in trees]
    slowest = max(trees, key=lambda t: t["prepare_s"])
    return {"trees": trees, "total_s": round(total, 1), "prepare_p50_s": round(percentile(prepares, 50), 3),
            "prepare_max_s": slowest["prepare_s"], "slowest": slowest["name"],
            "approve_max_s": max(t["approve_s"] for t in trees),
            "records": sum(sum(v for k, v in t["counts"].items() if k != "withheld") for t in trees)}


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure(client, url: str, runs: int, *, warmup: int = 2, expect: int = 200, headers=None) -> dict:
    """``GET url`` anonymously: a first request (a status other than ``expect`` is reported, not
    timed), warm-ups, ``runs`` timed requests reading the whole body, and one more counting its
    statements."""
    from django.db import close_old_connections, connection

    headers = headers or {}

    def get():
        response = client.get(url, headers=headers)
        body = _body(response)
        close_old_connections()
        return response, body

    first, _ = get()
    if first.status_code != expect:
        return {"available": False, "status": first.status_code, "url": url}
    for _ in range(warmup - 1):
        get()
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        response, body = get()
        times.append(time.perf_counter() - t)
        if response.status_code != expect:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        size = len(body)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        get()
    return {"available": True, "status": expect, "url": url, **timing_stats(times), "queries": counter.n,
            "bytes": size}


def feed_pages(client, page_size: int, runs: int) -> dict:
    """The first and the last ``page_size``-record page of the projects feed, and the first page
    again as a conditional request with the ETag of its answer."""
    from django.urls import reverse

    from cds.public import selectors
    from cds.public.models import Dataset

    url = reverse("public:feed_json", args=["projects"])
    total = selectors.records(selectors.published(), Dataset.PROJECTS).count()
    last = max(1, math.ceil(total / page_size))
    first_url = f"{url}?trang=1&so_ban_ghi={page_size}"
    out = {"records": total, "pages": last,
           f"/mo/v1/projects.json page 1 ({page_size:,} records)": measure(client, first_url, runs),
           f"/mo/v1/projects.json last page ({last:,})": measure(client, f"{url}?trang={last}&so_ban_ghi={page_size}",
                                                                  runs)}
    answer = client.get(first_url)
    etag = answer.get("ETag") if answer.status_code == 200 else None
    key = "/mo/v1/projects.json page 1, If-None-Match (304)"
    if etag:
        out[key] = measure(client, first_url, runs, expect=304, headers={"If-None-Match": etag})
    else:
        out[key] = {"available": False, "status": answer.status_code if answer.status_code != 200 else "no ETag",
                    "url": first_url}
    return out


def full_csv(client, runs: int) -> dict:
    """The whole projects CSV, ``runs`` times (seconds, bytes, lines)."""
    from django.db import close_old_connections
    from django.urls import reverse

    url = reverse("public:feed_csv", args=["projects"])
    times, size, lines = [], 0, 0
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        body = _body(response)
        times.append(time.perf_counter() - t)
        close_old_connections()
        if response.status_code != 200:
            return {"available": False, "status": response.status_code, "url": url}
        size, lines = len(body), body.count(b"\n")
    return {"available": True, "url": url, **timing_stats(times), "bytes": size, "lines": lines}


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, d, p = r["machine"], r["data"], r["publish"]
    lines = [f"## Publication and open-data benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} projects, {d['registry']['budget_entries']:,} ledger lines, "
             f"{d['registry']['units']:,} units in {len(p['trees'])} trees; {p['records']:,} published records. "
             f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m.get('ram_mb') or '?'} MB; load average "
             f"{r['loadavg_before'][0]} before, {r['loadavg_after'][0]} after.", "",
             "| Measure | p50 | p95 / max | queries | target |", "|---|---:|---:|---:|---|",
             f"| prepare a snapshot, per tree ({len(p['trees'])} trees; slowest: {p['slowest']}) | "
             f"{p['prepare_p50_s']:.2f} s | {p['prepare_max_s']:.2f} s (max) | | |",
             f"| approve a snapshot, per tree | | {p['approve_max_s']:.2f} s (max) | | |",
             f"| prepare + approve every tree, in turn | | {p['total_s']:.1f} s (total) | | |"]
    for key, x in r["pages"].items():
        if not isinstance(x, dict) or "available" not in x:
            continue
        if not x["available"]:
            lines.append(f"| {key} | — | — | — | not measured: GET answered {x['status']} |")
            continue
        target = TARGETS["page_s"]
        lines.append(f"| {key} | {x['p50_s'] * 1000:.1f} ms | {x['p95_s'] * 1000:.1f} ms | {x['queries']} | "
                     f"≤ {target * 1000:.0f} ms {_ok(x['p95_s'], target)} |")
    c = r["csv"]
    if c["available"]:
        lines.append(f"| full /mo/v1/projects.csv ({c['lines']:,} lines, {c['bytes'] / 1e6:.1f} MB), {c['runs']} runs | "
                     f"{c['p50_s']:.2f} s | {c['max_s']:.2f} s (max) | | ≤ {TARGETS['csv_s']:.0f} s "
                     f"{_ok(c['max_s'], TARGETS['csv_s'])} |")
    else:
        lines.append(f"| full /mo/v1/projects.csv | — | — | — | not measured: GET answered {c['status']} |")
    lines += ["", f"Feed: {r['pages']['records']:,} published project records, {r['pages']['pages']:,} pages of "
                  f"{r['page_size']:,}."]
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare_db(args.db, args)
    # One client makes every request: the per-address limit of the public pages would refuse it.
    os.environ["PUBLIC_RATE_LIMIT"] = "1000000/m"
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from bench.util import data_set
    from bench.util import server_version as db_version
    from cds.orgs.models import Unit
    from cds.projects.models import Project
    from cds.public.models import PublishedRecord

    stamp = data_set(must_build, lambda: build(args), stamp_path(args.db),
                     f"{args.projects:,} projects into {args.db}")
    call_command("migrate", verbosity=0, interactive=False)   # a cached data set gets the newer migrations
    result = {"db": args.db, "vendor": connection.vendor, "server_version": db_version(), "data": stamp,
              "targets": TARGETS, "page_size": args.page_size,
              "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    print("prepare + approve a snapshot for every tree …", flush=True)
    result["publish"] = publish_every_tree()
    print(f"    total {result['publish']['total_s']} s, slowest prepare {result['publish']['prepare_max_s']} s "
          f"({result['publish']['slowest']})", flush=True)
    roots = {u.pk: u for u in Unit.objects.filter(parent__isnull=True, kind="province")}
    per_root = {pk: Project.objects.filter(investor_unit__path__startswith=u.path).count() for pk, u in roots.items()}
    top = roots[max(per_root, key=lambda pk: (per_root[pk], -pk))]
    client = Client()   # anonymous: the public page and the feeds need no account
    pages = {}
    key = f"public page /cong-khai/{top.code}/ ({top.name}, {per_root[top.pk]:,} projects)"
    print(f"{key} …", flush=True)
    pages[key] = measure(client, reverse("public:portfolio", args=[top.code]), args.runs)
    print(f"    {pages[key]}", flush=True)
    print("feed pages …", flush=True)
    pages.update(feed_pages(client, args.page_size, args.runs))
    result["pages"] = pages
    print("full CSV …", flush=True)
    result["csv"] = full_csv(client, args.csv_runs)
    print(f"    {result['csv']}", flush=True)
    result["records_by_dataset"] = dict(PublishedRecord.objects.filter(snapshot__status="published")
                                        .values("dataset").annotate(n=Count("id")).values_list("dataset", "n"))
    write_results(result, OUT, "public", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=int(os.environ.get("BENCH_PROJECTS", 100_000)))
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--csv-runs", type=int, default=3, help="timed downloads of the full CSV")
    parser.add_argument("--page-size", type=int, default=1000, help="records per feed page (so_ban_ghi)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
