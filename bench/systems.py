"""Benchmark of the systems map at national scale: 3,000 information systems and 10,000
integrations in one province (plus their data holdings, national platforms shared by every tree,
and the systems of a second province the first must not see). Not part of `make test`.

    .venv/bin/python bench/systems.py [--db sqlite|postgres] [--projects 20000] [--systems 3000]
        [--links 10000] [--runs 7] [--fresh] [--tag NAME]

Targets (issue: the systems map): the list page <= 300 ms, the map data <= 1 s, the findings of a
province <= 2 s; the API list is reported with its queries (constant).

Data (cached; ``--fresh`` rebuilds): the registry of :mod:`bench.generate` (34 provinces, 20
ministries; ``--projects`` projects), then in province 1: one LGSP hub, 40 core systems, the
rest sector and unit systems owned by the province's units (a tenth of sector systems without a
core system), ``--links`` integrations (four in five through the hub, the rest direct or by
file, a few ended), one master holding per system over 300 data entities (a few entities with
two masters, a few systems keeping a national database's data locally), a yearly cost row for
half of them; 25 national platforms and databases; 500 systems with 1,500 links in province 2.
Written with ``bulk_create`` (explicit keys).

Measured for ``bench_appraiser`` (the CĐS authority of province 1: the whole tree) and, for the
list, ``bench_staff`` (a unit): (a) the list page ``systems:list`` through the test client when
that page exists, else its reads (``SystemFilterSet`` + ``selectors.system_list`` +
``selectors.findings_for``) — reported as such; (b) the map data
``cds.systems.mapdata.map_data(user, filters)`` when that module exists (else reported as not
measured); (c) ``selectors.findings_for`` over the province; (d) ``GET /api/v1/systems``
(50 and 500 a page) and ``GET /api/v1/integrations``. p50, max and the queries of the last run.
Results: ``bench/out/systems-<db>[-tag].json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import importlib
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
PG_DB = "cds_bench_systems"
SQLITE_FILE = OUT / "systems.sqlite3"
MEDIA = OUT / "systems-media"
TARGETS = {"list_s": 0.3, "map_s": 1.0, "findings_s": 2.0}
BATCH = 2000
N_CORE = 40
N_NATIONAL = 25
N_ENTITIES = 300
OTHER_SYSTEMS, OTHER_LINKS = 500, 1500
LIST_PAGE = 25

WORDS = ["quản lý", "cơ sở dữ liệu", "dịch vụ công", "một cửa", "văn bản", "hồ sơ", "đất đai", "y tế", "giáo dục",
         "giao thông", "tài nguyên", "môi trường", "nông nghiệp", "thuế", "hộ tịch", "đầu tư", "xây dựng",
         "lao động", "bảo hiểm", "văn hóa", "du lịch", "công thương", "tài chính", "nội vụ", "tư pháp", "khiếu nại"]


def stamp_path(db: str) -> Path:
    return OUT / f"systems-data-{db}.json"


def prepare(db: str, args) -> bool:
    OUT.mkdir(parents=True, exist_ok=True)
    want = {"projects": args.projects, "systems": args.systems, "links": args.links, "version": DATA_VERSION}
    stamp = json.loads(stamp_path(db).read_text()) if stamp_path(db).exists() else None
    cached = not args.fresh and stamp is not None and all(stamp.get(k) == v for k, v in want.items())
    return reset_bench_db(db, SQLITE_FILE, PG_DB, stamp_path(db), cached)


# ------------------------------------------------------------------ data -----

def _system(pk, rng, *, name, category, root, owner, core=None, hub=False, code=None):
    from cds.systems.models import InformationSystem
    from cds.text.normalize import search_document

    code = code or f"HT{pk:06d}"
    lifecycle = rng.choices(["operate", "build", "plan", "phase_out", "retired"], [80, 8, 4, 5, 3])[0]
    return InformationSystem(
        pk=pk, code=code, name=name, category=category, is_hub=hub, root_unit_id=root, owner_unit_id=owner,
        operating_unit_id=owner, core_system_id=core, lifecycle=lifecycle, user_groups="Cán bộ, công chức",
        user_count=rng.randint(10, 50_000), criticality=rng.choice(["mission", "business", "operational", ""]),
        functional_fit=rng.choice([1, 2, 3, 4, None]), technical_fit=rng.choice([1, 2, 3, 4, None]),
        hosting=rng.choice(["province_dc", "cloud", "unit", ""]),
        security_level=rng.choice([1, 2, 3, None]), vendor=rng.choice(["VNPT", "Viettel", "FPT", "CMC", ""]),
        description="Hệ thống phục vụ nghiệp vụ " + name.lower(), search_text=search_document(code, name, ""))


def _province(rng, ids, root, units, n_systems, n_links, entities, national, label) -> dict:
    """Systems, links, holdings and costs of one province tree, in memory."""
    from cds.systems.models import DataHolding, Integration, SystemCost

    sid, lid, hid, cid = ids
    systems, links, holdings, costs = [], [], [], []
    hub = _system(sid(), rng, name=f"Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) {label}", category="core", root=root,
                  owner=units[0], hub=True)
    systems.append(hub)
    cores = [hub]
    for i in range(N_CORE - 1):
        s = _system(sid(), rng, name=f"Hệ thống dùng chung {rng.choice(WORDS)} {i} {label}", category="core",
                    root=root, owner=rng.choice(units))
        cores.append(s)
        systems.append(s)
    for i in range(n_systems - N_CORE):
        sector = rng.random() < 0.6
        core = None if sector and rng.random() < 0.1 else rng.choice(cores).pk
        systems.append(_system(sid(), rng, name=f"Phần mềm {rng.choice(WORDS)} {rng.choice(WORDS)} số {i} {label}",
                               category="sector" if sector else "unit", root=root, owner=rng.choice(units),
                               core=core if sector or rng.random() < 0.5 else None))
    local = [s for s in systems if not s.is_hub]
    pairs = set()
    # Four links in five through the hub; an integration per (source, target) pair.
    while len(pairs) < n_links:
        a = rng.choice(local)
        r = rng.random()
        if r < 0.8:
            b, mechanism = hub, "hub"
        elif r < 0.85:
            b, mechanism = rng.choice(national), "hub"
        else:
            b, mechanism = rng.choice(local), rng.choice(["direct", "file"])
        if a.pk == b.pk or (a.pk, b.pk) in pairs:
            if r < 0.8:   # one link to the hub per system: the rest go elsewhere
                b, mechanism = rng.choice(local), rng.choice(["direct", "hub"])
                if a.pk == b.pk or (a.pk, b.pk) in pairs:
                    continue
            else:
                continue
        pairs.add((a.pk, b.pk))
        links.append(Integration(pk=lid(), source_id=a.pk, target_id=b.pk, mechanism=mechanism,
                                 both_ways=rng.random() < 0.3,
                                 status=rng.choices(["active", "planned", "ended"], [92, 5, 3])[0]))
    for s in local:
        entity = rng.choice(entities)
        role = "local" if rng.random() < 0.03 else "master"
        holdings.append(DataHolding(pk=hid(), system_id=s.pk, entity_id=entity.pk, role=role,
                                    sharing="default" if role == "master" else ""))
        if rng.random() < 0.5:
            costs.append(SystemCost(pk=cid(), system_id=s.pk, year=2025,
                                    operating_cost=rng.randint(50, 3000) * 1_000_000,
                                    development_cost=rng.randint(0, 2000) * 1_000_000))
    return {"systems": systems, "links": links, "holdings": holdings, "costs": costs}


def build(args) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.generate import _Ids, generate
    from cds.catalog.models import DataEntity
    from cds.orgs.models import Unit
    from cds.systems.models import DataHolding, InformationSystem, Integration, SystemCost

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry = generate(projects=args.projects, log=print)
    t_registry = time.perf_counter() - t0
    rng = random.Random(2026)
    t1 = time.perf_counter()
    with transaction.atomic():
        have = DataEntity.objects.count()
        DataEntity.objects.bulk_create([DataEntity(code=f"BENCH{i:04d}", name=f"Dữ liệu {rng.choice(WORDS)} {i}")
                                        for i in range(max(0, N_ENTITIES - have))], batch_size=BATCH)
        entities = list(DataEntity.objects.all())
        ids = (_Ids(InformationSystem), _Ids(Integration), _Ids(DataHolding), _Ids(SystemCost))
        national = [_system(ids[0](), rng, name=f"Nền tảng, CSDL quốc gia {i}", category="national", root=None,
                            owner=None, code=f"QG{i:03d}") for i in range(N_NATIONAL)]
        InformationSystem.objects.bulk_create(national, batch_size=BATCH)
        DataHolding.objects.bulk_create([DataHolding(pk=ids[2](), system_id=s.pk, entity_id=entities[i].pk,
                                                     role="master") for i, s in enumerate(national)])
        p1, p2 = registry["province1_id"], [r for r in registry["province_root_ids"] if r != registry["province1_id"]][0]
        counts = {}
        for root, n_systems, n_links, label in ((p1, args.systems, args.links, "T1"),
                                                (p2, OTHER_SYSTEMS, OTHER_LINKS, "T2")):
            root_unit = Unit.objects.get(pk=root)
            units = list(Unit.objects.filter(path__startswith=root_unit.path).exclude(pk=root)
                         .order_by("depth", "pk").values_list("pk", flat=True)[:200])
            data = _province(rng, ids, root, units, n_systems, n_links, entities, national, label)
            # Cores first: a sector system points at its core.
            InformationSystem.objects.bulk_create(data["systems"], batch_size=BATCH)
            Integration.objects.bulk_create(data["links"], batch_size=BATCH)
            DataHolding.objects.bulk_create(data["holdings"], batch_size=BATCH)
            SystemCost.objects.bulk_create(data["costs"], batch_size=BATCH)
            counts[label] = {k: len(v) for k, v in data.items()}
            print(f"  {label}: {counts[label]}", flush=True)
    reset_sequences()
    return {"projects": args.projects, "systems": args.systems, "links": args.links, "version": DATA_VERSION,
            "vendor": connection.vendor, "registry": {k: registry[k] for k in ("projects", "units", "users")},
            "counts": counts, "province1_id": p1,
            "timings": {"registry_s": round(t_registry, 1), "systems_s": round(time.perf_counter() - t1, 1)},
            "generated_at": time.strftime("%Y-%m-%d %H:%M")}


def reset_sequences():
    from django.core.management.color import no_style
    from django.db import connection

    from cds.catalog.models import DataEntity
    from cds.systems.models import DataHolding, InformationSystem, Integration, SystemCost

    sql = connection.ops.sequence_reset_sql(no_style(), [InformationSystem, Integration, DataHolding, SystemCost,
                                                         DataEntity])
    with connection.cursor() as cur:
        for statement in sql:
            cur.execute(statement)
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE")
        else:
            cur.execute("ANALYZE")


# ------------------------------------------------------------------ measures ----

def timed(fn, runs: int) -> dict:
    from django.db import connection

    fn()  # warm-up: templates compiled, caches filled
    times, queries, size = [], [], None
    for _ in range(runs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            size = fn()
            times.append(time.perf_counter() - t)
        queries.append(counter.n)
    return {"p50_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
            "runs": [round(x, 3) for x in times], "queries": queries[-1], "size": size}


def _page(client, url):
    from django.db import close_old_connections

    def once():
        response = client.get(url)
        close_old_connections()
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return len(response.content)
    return once


def measure_list(username: str, runs: int) -> dict:
    from django.urls import NoReverseMatch, reverse

    from bench.util import login_client
    from cds.accounts.models import User
    from cds.systems import selectors
    from cds.systems.filters import SystemFilterSet

    try:
        url = reverse("systems:list")
    except NoReverseMatch:
        url = None
    if url:
        out = timed(_page(login_client(username), url), runs)
        out["what"] = f"GET {url}"
        return out
    user = User.objects.select_related("unit").get(username=username)

    def reads():  # what a page of the list reads: the filtered count, one page of rows, their findings
        qs = SystemFilterSet.for_user({}, user).qs.order_by("category", "name", "pk")
        qs.count()
        ids = list(qs.values_list("pk", flat=True)[:LIST_PAGE])
        items = selectors.system_list(user, qs.model.objects.filter(pk__in=ids))
        selectors.findings_for(user, ids)
        return len(items)
    out = timed(reads, runs)
    out["what"] = (f"reads of a page of {LIST_PAGE} (SystemFilterSet, system_list, findings_for; "
                   "`systems:list` not on this branch)")
    return out


def measure_map(runs: int) -> dict | None:
    from cds.accounts.models import User

    try:
        mapdata = importlib.import_module("cds.systems.mapdata")
    except ImportError:
        return None
    user = User.objects.select_related("unit").get(username="bench_appraiser")

    def once():
        data = mapdata.map_data(user)
        return len(json.dumps(data, default=str)) if not isinstance(data, (bytes, str)) else len(data)
    return timed(once, runs)


def measure_findings(runs: int) -> dict:
    from cds.accounts.models import User
    from cds.systems import selectors

    user = User.objects.select_related("unit").get(username="bench_appraiser")
    out = timed(lambda: sum(len(v) for v in selectors.findings_for(user).values()), runs)
    out["findings"] = out["size"]
    return out


def measure_api(runs: int) -> dict:
    from django.test import Client

    from cds.accounts.models import ApiToken, User

    _token, key = ApiToken.issue(User.objects.get(username="bench_appraiser"))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    out = {}
    for label, url in (("systems_50", "/api/v1/systems?limit=50"), ("systems_500", "/api/v1/systems?limit=500"),
                       ("systems_q", "/api/v1/systems?q=dat%20dai&loai=sector"),
                       ("integrations_500", "/api/v1/integrations?limit=500")):
        out[label] = timed(_page(client, url), runs)
    return out


# ------------------------------------------------------------------ report ----

def _ok(value, target) -> str:
    return "✅" if value <= target else "❌"


def report(r: dict) -> str:
    m, t, d = r["machine"], TARGETS, r["data"]
    c = d["counts"]["T1"]
    lines = [f"## Systems map benchmark — {r['vendor']} {r['server_version']}", "",
             f"{d['registry']['projects']:,} projects, {d['registry']['units']:,} units; province 1: "
             f"{c['systems']:,} systems, {c['links']:,} integrations, {c['holdings']:,} data holdings, "
             f"{c['costs']:,} cost rows; {N_NATIONAL} national platforms; province 2: "
             f"{d['counts']['T2']['systems']:,} systems. Machine: {m['cpu']}, {m['nproc']} CPUs, "
             f"{m.get('ram_mb') or '?'} MB; load average {r['loadavg_before'][0]} before, {r['loadavg_after'][0]} after.",
             "", "| Measure | p50 s | max s | queries | target |", "|---|---:|---:|---:|---|"]
    for who, key in (("CĐS appraiser (whole province)", "list"), ("unit staff", "list_unit")):
        x = r[key]
        lines.append(f"| (a) list — {who}: {x['what']} | {x['p50_s']:.3f} | {x['max_s']:.3f} | {x['queries']} | "
                     f"≤ {t['list_s']:.1f} s {_ok(x['p50_s'], t['list_s'])} |")
    if r.get("map"):
        x = r["map"]
        lines.append(f"| (b) map data `mapdata.map_data` | {x['p50_s']:.3f} | {x['max_s']:.3f} | {x['queries']} | "
                     f"≤ {t['map_s']:.0f} s {_ok(x['p50_s'], t['map_s'])} |")
    else:
        lines.append("| (b) map data | — | — | — | not measured: `cds.systems.mapdata` is not on this branch |")
    x = r["findings"]
    lines.append(f"| (c) findings of the province `selectors.findings_for` ({x['findings']:,} findings) | "
                 f"{x['p50_s']:.3f} | {x['max_s']:.3f} | {x['queries']} | ≤ {t['findings_s']:.0f} s "
                 f"{_ok(x['p50_s'], t['findings_s'])} |")
    for label, x in r["api"].items():
        lines.append(f"| (d) API `{label}` | {x['p50_s']:.3f} | {x['max_s']:.3f} | {x['queries']} | reported |")
    return "\n".join(lines) + "\n"


def run(args) -> None:
    t0 = time.perf_counter()
    must_build = prepare(args.db, args)
    setup_bench_django(bench_db_url(args.db, SQLITE_FILE, PG_DB), MEDIA)
    from django.core.management import call_command
    from django.db import connection

    if must_build:
        print(f"Building {args.projects:,} projects, {args.systems:,} systems and {args.links:,} integrations "
              f"into {args.db} …", flush=True)
        stamp = build(args)
        stamp_path(args.db).write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built: {stamp['timings']}", flush=True)
    else:
        stamp = json.loads(stamp_path(args.db).read_text())
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Reusing the data set built {stamp['generated_at']} (--fresh to rebuild)", flush=True)
    with connection.cursor() as cur:
        cur.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        server_version = cur.fetchone()[0]
    result = {"db": args.db, "vendor": connection.vendor, "server_version": server_version, "data": stamp,
              "targets": TARGETS, "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    for key, label, fn in (("list", "(a) list, appraiser", lambda: measure_list("bench_appraiser", args.runs)),
                           ("list_unit", "(a) list, unit staff", lambda: measure_list("bench_staff", args.runs)),
                           ("map", "(b) map data", lambda: measure_map(args.runs)),
                           ("findings", "(c) findings", lambda: measure_findings(args.runs)),
                           ("api", "(d) API", lambda: measure_api(args.runs))):
        print(f"{label} …", flush=True)
        result[key] = fn()
        print(f"    {result[key]}", flush=True)
    write_results(result, OUT, "systems", args.db, args.tag, report, t0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--systems", type=int, default=3_000)
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set even if a matching one exists")
    parser.add_argument("--tag", default="", help="suffix of the result files")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
