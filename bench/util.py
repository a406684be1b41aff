"""Small helpers shared by the generator and the runner (no Django import at module level)."""
from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def ensure_path() -> None:
    """Make ``import cds``/``import bench`` work when a file of bench/ is run as a script."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    ensure_path()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The bench databases are throw-away: demo mode (no secret key needed, plain HTTP for the
    # test client, static files from the apps).
    os.environ.setdefault("DEMO_MODE", "1")
    import django

    django.setup()


def percentile(values, pct: float) -> float:
    """Nearest-rank percentile (p50, p95) of a list of numbers."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_mb = int(line.split()[1]) // 1024
                break
    except OSError:
        pass
    import sqlite3

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "ram_mb": ram_mb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(),
    }


def postgres_version() -> str | None:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001 — PostgreSQL is optional for the report header
        try:
            out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=5)
            return out.stdout.strip() or None
        except Exception:  # noqa: BLE001
            return None


def fmt_ms(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f}"


# ------------------------------------------------- one module's cached bench database ----
# Used by bench/appraisal.py and bench/directives.py: each keeps its data set in its own SQLite
# file or PostgreSQL database and rebuilds it only when the stamp (what was built) changes.

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def bench_db_url(db: str, sqlite_file: Path, pg_db: str) -> str:
    return f"sqlite:///{sqlite_file}" if db == "sqlite" else f"postgres://postgres@127.0.0.1:5432/{pg_db}"


def reset_bench_db(db: str, sqlite_file: Path, pg_db: str, stamp: Path, cached: bool) -> bool:
    """Wipe the database unless ``cached`` (creating an empty PostgreSQL database when missing);
    True when the data must be (re)built."""
    if db == "sqlite":
        if not cached:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [pg_db]).fetchone()
            if exists and not cached:
                conn.execute(f'DROP DATABASE "{pg_db}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{pg_db}"')
                cached = False
    if not cached:
        stamp.unlink(missing_ok=True)
    return not cached


def setup_bench_django(url: str, media: Path) -> None:
    """Django as in production (DEBUG off) on the bench database, e-mails kept in memory."""
    ensure_path()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEMO_MODE"] = "1"
    os.environ.pop("DEBUG", None)
    os.environ["MEDIA_ROOT"] = str(media)
    # E-mails are composed as in production but kept in memory (no SMTP server here).
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.conf import settings

    settings.DEBUG = False   # production: no query log, no template debug
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


# ------------------------------------------------------------------ pages ----

def get_ok(client, url):
    from django.db import close_old_connections

    response = client.get(url)
    # What the request handler does at request_finished (the test client skips it): with
    # SQLite's CONN_MAX_AGE = 0 every request opens its own connection, as in production.
    close_old_connections()
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def login_client(username):
    from django.test import Client

    from cds.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return client


class QueryCounter:
    """Counts statements without the query log (which would slow down what is timed)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def page_queries(client, url) -> dict:
    """One request with its statements captured: count, SQL time, the three slowest, size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()   # the log keeps 9,000 statements; a capture after that sees none
    with CaptureQueriesContext(connection) as ctx:
        response = get_ok(client, url)
    qs = [{"sql": q["sql"], "ms": round(float(q["time"]) * 1000, 2)} for q in ctx.captured_queries]
    return {"queries": len(qs), "sql_ms": round(sum(q["ms"] for q in qs), 1),
            "slowest": sorted(qs, key=lambda q: -q["ms"])[:3], "bytes": len(response.content)}


def data_set(must_build: bool, build, stamp_file: Path, what: str) -> dict:
    """The bench's data stamp: ``build()`` when the data must be (re)built (the stamp is written),
    else the stamp of the data set kept from an earlier run (migrations applied)."""
    import json

    from django.core.management import call_command

    if must_build:
        print(f"Building {what} …", flush=True)
        stamp = build()
        stamp_file.write_text(json.dumps(stamp, indent=2, ensure_ascii=False))
        print(f"built: {stamp['timings']}", flush=True)
        return stamp
    stamp = json.loads(stamp_file.read_text())
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Reusing the data set built {stamp['generated_at']} (--fresh to rebuild)", flush=True)
    return stamp


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        return cur.fetchone()[0]


def write_results(result: dict, out: Path, name: str, db: str, tag: str, report, started: float) -> None:
    """Finish ``result`` (machine, load after, wall time), write ``<name>-<db>[-tag].json`` and the
    ``.md`` that ``report(result)`` renders into ``out``, and print the table."""
    import json
    import time

    result["machine"] = machine_info()
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["wall_s"] = round(time.perf_counter() - started, 1)
    stem = f"{name}-{db}" + (f"-{tag}" if tag else "")
    md = report(result)
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    (out / f"{stem}.md").write_text(md)
    print("\n" + md)
    print(f"Written: {out}/{stem}.json and .md")


def timing_stats(times: list[float]) -> dict:
    """p50 and p95 (nearest rank), the slowest and the number of timed runs, in seconds."""
    return {"p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
            "max_s": round(max(times), 3), "runs": len(times)}


def measure_get(client, url: str, runs: int, warmup: int = 2) -> dict:
    """``GET url`` with a Django test client: ``warmup`` requests, then ``runs`` timed ones (a fresh
    connection each, as a new request of a server would have), then one more counting its
    statements. A page that does not answer 200 at first is reported unavailable."""
    from django.db import close_old_connections, connection

    def get():
        response = client.get(url)
        close_old_connections()
        return response

    first = get()
    if first.status_code != 200:
        return {"available": False, "status": first.status_code, "url": url}
    for _ in range(warmup - 1):
        get()
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
    return {"available": True, "url": url, **timing_stats(times), "queries": counter.n, "bytes": size}
