#!/usr/bin/env python
"""``make load``: a production-shaped load test — gunicorn as deployed, N concurrent signed-in users.

    .venv/bin/python bench/load.py [--db sqlite|postgres|all] [--users 50] [--duration 120]
                                   [--workers 3] [--urls FILE] [--database-url URL] [--smoke]

For each database the script:

1. prepares the server as the README's deployment does: ``collectstatic`` (the manifest storage
   of production), ``build_overlap_index`` (kept per database under ``bench/out``, rebuilt when
   the data set changes);
2. starts ``gunicorn config.wsgi --workers N --timeout 120`` on a free loopback port, with the
   production settings — a random ``SECRET_KEY``, ``DEMO_MODE`` and ``DEBUG`` unset, the HTTPS
   redirect and secure cookies on; the client sends ``X-Forwarded-Proto: https`` as the nginx in
   front of gunicorn does, and keeps the (secure) cookies itself. Two limits are lifted for the
   run only, through the environment: ``PUBLIC_RATE_LIMIT=0`` (every virtual user comes from
   127.0.0.1, so the per-address limit of the public pages would answer 429) and the login
   lockout thresholds (``AXES_FAILURE_LIMIT``, ``AXES_IP_FAILURE_LIMIT``; successful logins never
   count, a failing one is reported as a login error rather than locking the other users out);
3. signs every virtual user in with a real login (GET the form, POST it with the CSRF token),
   one session per user, the users cycling over the accounts of the URL mix;
4. runs the users in a closed loop without think time for ``--warmup`` seconds (not counted), then
   for ``--duration`` seconds: each picks an entry of its account's mix (weighted) and GETs it;
5. reports requests, requests per second, p50/p95/p99, errors (a status ≥ 400, a connection
   error, or a redirect to the login page: a lost session), per URL group, and the CPU used by
   gunicorn, by this load generator (which competes for the same cores) and by the rest of the
   machine (the database server, other work), into ``bench/out/load-<db>.json`` / ``.md``.

The URL mix (``--urls``) is a JSON list of ``{"url": "/du-an/", "user": "bench_leader"}``, with
optional ``"group"`` (the line of the breakdown; default: the URL with its numeric path segments
as ``<id>``) and ``"weight"`` (default 1). Without it the default mix is built from the data set
of ``bench/run.py``: the registry list, the search “dat dai”, a project page (a random project of
the account's scope) and the home page, for ``bench_admin``, ``bench_leader`` and ``bench_staff``
(password ``Bench@2026``). ``--write-urls FILE`` writes that mix and stops.

The load generator is asyncio + httpx (bench/README.md says why not Locust).
"""
from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.util import OUT, ROOT, machine_info  # noqa: E402

SQLITE_FILE = Path(os.environ.get("BENCH_SQLITE_FILE") or OUT / "bench.sqlite3")
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "cds_bench")
DB_LABEL = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
ACCOUNTS = ("bench_admin", "bench_leader", "bench_staff")
PASSWORD = "Bench@2026"
LOGIN_PATH = "/tai-khoan/dang-nhap/"  # settings.LOGIN_URL
DEFAULT_WORKERS = 3  # README, "Production on PostgreSQL"
TIMEOUT_S = 120      # gunicorn --timeout of the README; the client waits as long
DETAIL_SAMPLE = 200  # projects of each account's scope the default mix's project page draws from
CLK_TCK = os.sysconf("SC_CLK_TCK")


def db_url(db: str) -> str:
    return f"sqlite:///{SQLITE_FILE}" if db == "sqlite" else f"{PG_SERVER}/{PG_DB}"


# ============================================================== the URL mix ====

def group_of(entry: dict) -> str:
    """The breakdown line of an entry: its ``group``, else its URL with numeric path segments
    written ``<id>`` (every project page is one line)."""
    return entry.get("group") or re.sub(r"/\d+(?=[/?#]|$)", "/<id>", entry["url"])


def validate_mix(data) -> list[dict]:
    """The entries of a URL file, checked; SystemExit with the reason when the file is unusable.
    The catalogue ``bench/pages.py`` writes (``{"pages": [{"url", "user", "name", "kind", "status"}]}``)
    is read too: its signed-in pages that answered 200, grouped by URL name."""
    if isinstance(data, dict) and isinstance(data.get("pages"), list):
        data = [{"url": p.get("url"), "user": p.get("user"), "group": p.get("name")} for p in data["pages"]
                if isinstance(p, dict) and p.get("user") and p.get("kind", "page") == "page"
                and p.get("status", 200) == 200]
    if not isinstance(data, list) or not data:
        raise SystemExit("URL file: expected a non-empty JSON list of {\"url\": …, \"user\": …}")
    out = []
    for i, entry in enumerate(data):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or not entry["url"].startswith("/"):
            raise SystemExit(f"URL file, entry {i}: needs \"url\" starting with / — {entry!r}")
        if not isinstance(entry.get("user"), str) or not entry["user"]:
            raise SystemExit(f"URL file, entry {i}: needs \"user\" (a user name) — {entry!r}")
        weight = entry.get("weight", 1)
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise SystemExit(f"URL file, entry {i}: \"weight\" must be a positive number — {entry!r}")
        out.append({"url": entry["url"], "user": entry["user"], "group": group_of(entry), "weight": float(weight)})
    return out


def accounts_of(mix: list[dict]) -> list[str]:
    """The accounts the virtual users sign in as, in a stable order (user i takes account i mod n)."""
    return sorted({e["user"] for e in mix})


def child_write_mix(path: str) -> None:
    """In a child with ``DATABASE_URL`` set: the default mix, from the bench data set."""
    from bench.util import setup_django

    setup_django()
    from cds.accounts.models import User
    from cds.projects.permissions import scope_projects

    rng = random.Random(7)
    mix = []
    for name in ACCOUNTS:
        try:
            user = User.objects.get(username=name)
        except User.DoesNotExist:
            raise SystemExit(f"No user {name} in the database: generate the bench data first "
                             "(bench/run.py --db <db> --no-import --pages NONE).") from None
        ids = list(scope_projects(user).order_by().values_list("pk", flat=True))
        sample = rng.sample(ids, min(len(ids), DETAIL_SAMPLE))
        mix += [{"url": "/du-an/", "user": name, "group": "Danh sách dự án"},
                {"url": "/du-an/?q=dat+dai", "user": name, "group": "Tìm “dat dai”"},
                {"url": "/", "user": name, "group": "Trang chủ"}]
        # the project page weighs as much as each other page: its sample shares one weight
        mix += [{"url": f"/du-an/{pk}/", "user": name, "group": "Trang dự án", "weight": round(1 / len(sample), 6)}
                for pk in sample]
    Path(path).write_text(json.dumps(mix, ensure_ascii=False, indent=1))


def default_mix(url: str, path: Path) -> list[dict]:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", DEMO_MODE="1")
    env.pop("DEBUG", None)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child-mix", str(path)],
                   env=env, cwd=ROOT, check=True)
    return validate_mix(json.loads(path.read_text()))


# ================================================================= the server ====

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str, db: str) -> dict:
    """Production settings (README, "Production on PostgreSQL") with the run's two lifted limits."""
    env = dict(os.environ)
    for name in ("DEMO_MODE", "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_IDLE_MINUTES"):
        env.pop(name, None)
    env.update({
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_RATE_LIMIT": "0", "AXES_FAILURE_LIMIT": "1000", "AXES_IP_FAILURE_LIMIT": "1000",
        "MEDIA_ROOT": str(OUT / "load-media"), "OVERLAP_INDEX_DIR": str(OUT / f"overlap-index-{db}"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
    })
    return env


def prepare_server(env: dict, db: str, stamp: dict | None) -> dict:
    """The deployment steps before gunicorn starts: collectstatic, build_overlap_index (skipped
    when the index of this data set is already built). Returns their timings."""
    timings = {}
    manage = [sys.executable, str(ROOT / "manage.py")]
    t = time.perf_counter()
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    timings["collectstatic_s"] = round(time.perf_counter() - t, 1)
    index_dir = Path(env["OVERLAP_INDEX_DIR"])
    marker = index_dir / "bench-data.json"
    key = json.dumps({"url": env["DATABASE_URL"], "generated_at": (stamp or {}).get("generated_at")})
    if not (index_dir / "current").exists() or not marker.exists() or marker.read_text() != key:
        print(f"  build_overlap_index ({DB_LABEL[db]}) …", flush=True)
        t = time.perf_counter()
        subprocess.run([*manage, "build_overlap_index"], env=env, cwd=ROOT, check=True)
        timings["build_overlap_index_s"] = round(time.perf_counter() - t, 1)
        marker.write_text(key)
    return timings


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
           "--bind", f"127.0.0.1:{port}", "--timeout", str(TIMEOUT_S), "--error-logfile", str(log), "--capture-output"]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(proc: subprocess.Popen, base: str, timeout: float = 60) -> float:
    """Seconds until the login page answers 200 (through the proxy header, as behind nginx)."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode} before answering (see its log)")
        try:
            if httpx.get(base + LOGIN_PATH, headers=PROXY_HEADERS, timeout=5).status_code == 200:
                return round(time.perf_counter() - t, 1)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {LOGIN_PATH} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ------------------------------------------------------------- CPU accounting ----

def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (gunicorn's master and workers)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(entry.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLK_TCK, sum(values[:8]) / CLK_TCK


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of every PostgreSQL process of the machine (server and backends), by pid."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    out[int(entry.name)] = cpu_seconds([int(entry.name)])
            except OSError:
                continue
    return out


def probe(server_pids: list[int]) -> dict:
    busy, total = machine_cpu()
    return {"t": time.perf_counter(), "own": own_cpu(), "busy": busy, "total": total,
            "server": cpu_seconds(server_pids), "postgres": postgres_cpu()}


def cpu_figures(start: dict, end: dict) -> dict:
    """Cores used over the window: the machine, gunicorn (master + workers), this load generator,
    PostgreSQL (all its processes, whatever database they serve) and the rest (other work)."""
    seconds = end["t"] - start["t"]
    pg = sum(v - start["postgres"].get(pid, 0.0) for pid, v in end["postgres"].items())
    busy = end["busy"] - start["busy"]
    cores = {"machine": busy, "gunicorn": end["server"] - start["server"], "load_generator": end["own"] - start["own"],
             "postgres": pg}
    cores["other"] = max(0.0, busy - cores["gunicorn"] - cores["load_generator"] - pg)
    out = {f"{k}_cores": round(v / seconds, 2) for k, v in cores.items()}
    out["machine_busy_pct"] = round(100 * busy / (end["total"] - start["total"]), 1)
    return out


# ================================================================= the client ====

PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoCookieJar(http.cookiejar.DefaultCookiePolicy):
    """httpx's own jar would neither keep one session per user on a shared client nor send the
    secure cookies over the plain-HTTP loopback: every user keeps its cookies itself."""

    def set_ok(self, cookie, request):
        return False


def update_cookies(jar: dict, set_cookie_headers: list[str]) -> None:
    """Apply ``Set-Cookie`` headers to a name → value dict (an emptied or expired cookie goes)."""
    for header in set_cookie_headers:
        pair, *attrs = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = value in ("", '""') or any(a.strip().lower() in ("max-age=0",) for a in attrs)
        if expired:
            jar.pop(name, None)
        else:
            jar[name] = value


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def classify(status: int, location: str = "") -> str | None:
    """None for a good answer, else the error's label: a status ≥ 400, or a redirect to the login
    page (the session is lost: the page the user asked for was not served)."""
    if status >= 400:
        return f"HTTP {status}"
    if 300 <= status < 400 and LOGIN_PATH in location:
        return "redirect to login"
    if status < 200:
        return f"HTTP {status}"
    return None


class LoginError(Exception):
    pass


async def login(client: httpx.AsyncClient, base: str, username: str, password: str) -> tuple[dict, float]:
    """A real login: GET the form (CSRF cookie and token), POST it. Returns the cookies and the ms."""
    jar: dict = {}
    t = time.perf_counter()
    form = await client.get(base + LOGIN_PATH, headers=PROXY_HEADERS)
    update_cookies(jar, form.headers.get_list("set-cookie"))
    match = CSRF_INPUT_RE.search(form.text)
    if form.status_code != 200 or not match:
        raise LoginError(f"{username}: the login form answered {form.status_code} without a CSRF token")
    host = base.split("://", 1)[1]
    response = await client.post(
        base + LOGIN_PATH,
        data={"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)},
        headers={**PROXY_HEADERS, "Cookie": cookie_header(jar), "Origin": f"https://{host}",
                 "Referer": f"https://{host}{LOGIN_PATH}"})
    update_cookies(jar, response.headers.get_list("set-cookie"))
    if response.status_code != 302 or LOGIN_PATH in response.headers.get("location", "") or "sessionid" not in jar:
        raise LoginError(f"{username}: login answered {response.status_code} "
                         f"(location {response.headers.get('location')!r}); wrong password or account?")
    return jar, (time.perf_counter() - t) * 1000


@dataclass
class Sample:
    group: str
    ms: float
    error: str | None
    url: str


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    warmup_requests: int = 0
    warmup_errors: int = 0
    in_flight_at_end: int = 0


async def virtual_user(client, base, jar, entries, weights, rng, warm_until, stop_at, run: Run) -> None:
    """GET entries until ``stop_at``. A request counts in the window it is answered in: before
    ``warm_until`` in the warm-up, after ``stop_at`` nowhere (in flight at the end)."""
    while time.perf_counter() < stop_at:
        entry = rng.choices(entries, weights)[0]
        t = time.perf_counter()
        try:
            response = await client.get(base + entry["url"], headers={**PROXY_HEADERS, "Cookie": cookie_header(jar)})
            update_cookies(jar, response.headers.get_list("set-cookie"))
            await response.aread()
            error = classify(response.status_code, response.headers.get("location", ""))
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}"
        done = time.perf_counter()
        ms = (done - t) * 1000
        if done < warm_until:
            run.warmup_requests += 1
            run.warmup_errors += error is not None
        elif done <= stop_at:
            run.samples.append(Sample(entry["group"], ms, error, entry["url"]))
        else:
            run.in_flight_at_end += 1


async def drive(base: str, mix: list[dict], users: int, duration: float, warmup: float, password: str,
                probe=lambda: {}, seed: int = 1) -> dict:
    """Sign ``users`` virtual users in, run them, and return the raw figures of the timed window."""
    accounts = accounts_of(mix)
    by_account = {a: [e for e in mix if e["user"] == a] for a in accounts}
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5)
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT_S + 10, follow_redirects=False,
                                 cookies=http.cookiejar.CookieJar(policy=_NoCookieJar())) as client:
        t = time.perf_counter()
        logins = await asyncio.gather(*(login(client, base, accounts[i % len(accounts)], password)
                                        for i in range(users)))
        login_s = time.perf_counter() - t
        run = Run()
        start = time.perf_counter()
        warm_until = start + warmup
        stop_at = warm_until + duration
        marks = {}

        async def mark_window():
            await asyncio.sleep(max(0.0, warm_until - time.perf_counter()))
            marks["start"] = probe()
            await asyncio.sleep(max(0.0, stop_at - time.perf_counter()))
            marks["end"] = probe()

        tasks = [virtual_user(client, base, logins[i][0], by_account[accounts[i % len(accounts)]],
                              [e["weight"] for e in by_account[accounts[i % len(accounts)]]],
                              random.Random(seed * 1000 + i), warm_until, stop_at, run)
                 for i in range(users)]
        await asyncio.gather(mark_window(), *tasks)
    login_ms = [ms for _, ms in logins]
    return {"run": run, "window": (marks["start"], marks["end"]), "login_s": round(login_s, 1),
            "login_p50_ms": round(percentile(login_ms, 50), 1), "login_max_ms": round(max(login_ms), 1)}


# ================================================================ the figures ====

def percentile(values, pct: float) -> float:
    """Nearest rank: the smallest value with at least ``pct`` % of the values at or below it."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered)))) - 1]


def summarise(samples: list[Sample], seconds: float) -> dict:
    """Requests, rps, p50/p95/p99 and errors of a set of samples over ``seconds``."""
    ms = [s.ms for s in samples]
    errors = [s for s in samples if s.error]
    kinds: dict[str, int] = {}
    for s in errors:
        kinds[s.error] = kinds.get(s.error, 0) + 1
    return {
        "requests": len(samples), "rps": round(len(samples) / seconds, 1) if seconds else None,
        "p50_ms": round(percentile(ms, 50), 1) if ms else None, "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "p99_ms": round(percentile(ms, 99), 1) if ms else None, "max_ms": round(max(ms), 1) if ms else None,
        "errors": len(errors), "error_kinds": kinds,
        "error_examples": sorted({f"{s.error} {s.url}" for s in errors})[:10],
    }


def figures(samples: list[Sample], seconds: float) -> dict:
    groups: dict[str, list[Sample]] = {}
    for s in samples:
        groups.setdefault(s.group, []).append(s)
    return {"total": summarise(samples, seconds),
            "groups": {g: summarise(v, seconds) for g, v in sorted(groups.items())}}


def run_db(db: str, args, mix_file: Path | None) -> dict:
    url = args.database_url or db_url(db)
    stamp_path = OUT / f"data-{db}.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() and not args.database_url else None
    if mix_file:
        mix = validate_mix(json.loads(mix_file.read_text()))
    else:
        mix = default_mix(url, OUT / f"load-urls-{db}.json")
    env = server_env(url, db)
    print(f"\n=== {DB_LABEL[db]}: {len(mix)} URLs, {len(accounts_of(mix))} accounts, {args.users} users, "
          f"{args.workers} workers, {args.warmup:.0f}+{args.duration:.0f} s ===", flush=True)
    prep = prepare_server(env, db, stamp)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = OUT / f"load-{db}{args.sfx}-gunicorn.log"
    log.unlink(missing_ok=True)
    load_before = [round(x, 2) for x in os.getloadavg()]
    proc = start_gunicorn(env, port, args.workers, log)
    try:
        prep["gunicorn_ready_s"] = wait_ready(proc, base)
        server_pids = process_tree(proc.pid)
        if len(server_pids) < args.workers + 1:
            time.sleep(2)
            server_pids = process_tree(proc.pid)
        raw = asyncio.run(drive(base, mix, args.users, args.duration, args.warmup, args.password,
                                probe=lambda: probe(server_pids)))
    finally:
        stop(proc)
    start, end = raw["window"]
    seconds = end["t"] - start["t"]
    run: Run = raw["run"]
    result = {
        "db": db, "database_url": url.split("@")[-1], "users": args.users, "workers": args.workers,
        "duration_s": args.duration, "warmup_s": args.warmup, "window_s": round(seconds, 1),
        "accounts": accounts_of(mix), "urls": len(mix), "url_file": str(mix_file) if mix_file else "default mix",
        "data_set": (stamp or {}).get("stats", {}).get("projects") or (stamp or {}).get("projects"),
        "prepare": prep, "login": {"users": args.users, "all_signed_in_s": raw["login_s"],
                                   "p50_ms": raw["login_p50_ms"], "max_ms": raw["login_max_ms"]},
        "warmup": {"requests": run.warmup_requests, "errors": run.warmup_errors},
        "in_flight_at_end": run.in_flight_at_end,
        **figures(run.samples, seconds),
        "cpu": cpu_figures(start, end),
        "loadavg_before": load_before, "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "server_log_errors": server_log_errors(log),
        "machine": machine_info(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    result["cpu"].update(server_cost(result))
    stem = f"load-{db}{args.sfx}"
    (OUT / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    md = markdown(result)
    (OUT / f"{stem}.md").write_text(md)
    print("\n" + md, flush=True)
    print(f"Written: {OUT}/{stem}.json and .md", flush=True)
    return result


def server_cost(r: dict) -> dict:
    """The server's CPU per request over the window (gunicorn, plus PostgreSQL on PostgreSQL) and
    the requests per second the machine's cores would serve at that cost with nothing else running:
    a figure that holds when other work shares the machine, unlike the latencies."""
    c, n = r["cpu"], r["total"]["requests"]
    cores = c["gunicorn_cores"] + (c["postgres_cores"] if r["db"] == "postgres" else 0)
    if not n:
        return {}
    ms = cores * r["window_s"] * 1000 / n
    return {"server_cpu_ms_per_request": round(ms, 1),
            "rps_if_alone": round(r["machine"]["nproc"] * 1000 / ms, 1) if ms else None}


def server_log_errors(log: Path) -> list[str]:
    """Lines of gunicorn's error log that tell of a failure (tracebacks, worker timeouts)."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [ln for ln in lines if re.search(r"Traceback|\[ERROR\]|\[CRITICAL\]|WORKER TIMEOUT", ln)][:20]


def markdown(r: dict) -> str:
    m, t, c = r["machine"], r["total"], r["cpu"]
    lines = [
        f"# Load test — {DB_LABEL[r['db']]}, gunicorn {r['workers']} workers, {r['users']} users, "
        f"{r['duration_s']:.0f} s\n",
        f"- {r['when']}; machine: {m['cpu']}, {m['nproc']} CPUs (`nproc`), Python {m['python']}, "
        f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}",
        f"- load average before {r['loadavg_before']}, after {r['loadavg_after']}",
        f"- data: {r['data_set'] or '?'} projects ({r['database_url']}); URL mix: {r['url_file']}, {r['urls']} URLs, "
        f"accounts {', '.join(r['accounts'])}",
        f"- {r['users']} users signed in (real login POST) in {r['login']['all_signed_in_s']} s "
        f"(p50 {r['login']['p50_ms']} ms, max {r['login']['max_ms']} ms); warm-up {r['warmup_s']:.0f} s "
        f"({r['warmup']['requests']} requests, {r['warmup']['errors']} errors, not counted); closed loop, no think time; "
        f"a request counts when answered within the {r['window_s']} s window ({r.get('in_flight_at_end', 0)} "
        "still in flight at its end, not counted)",
        f"- CPU over the timed window, in cores of {m['nproc']}: machine {c['machine_cores']} "
        f"({c['machine_busy_pct']} % busy) = gunicorn {c['gunicorn_cores']} + PostgreSQL {c['postgres_cores']} "
        f"+ this load generator {c['load_generator_cores']} (it competes with the server for the same cores) "
        f"+ other processes {c['other_cores']}",
        f"- server CPU per request: {c.get('server_cpu_ms_per_request')} ms (gunicorn"
        + (" + PostgreSQL" if r["db"] == "postgres" else "") + f"); at that cost the {m['nproc']} cores alone "
        f"would serve ≈ {c.get('rps_if_alone')} requests/s",
        f"- server log: {len(r['server_log_errors'])} error lines" + (
            "".join(f"\n  - `{ln[:200]}`" for ln in r["server_log_errors"][:5])),
        "",
        "| URL group | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name, s):
        return (f"| {name} | {s['requests']:,} | {s['rps']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
                f"{s['max_ms']} | {s['errors']} |")

    lines += [row(g, s) for g, s in r["groups"].items()]
    lines.append(row("**all**", t))
    if t["errors"]:
        lines += ["", f"**Errors**: {t['error_kinds']}", *[f"- `{e}`" for e in t["error_examples"]]]
    return "\n".join(lines) + "\n"


# ======================================================================= main ====

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Load test: gunicorn as deployed, N signed-in users (bench/README.md)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="timed seconds")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before the timed window")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--urls", type=Path, help="JSON list of {\"url\", \"user\"[, \"group\", \"weight\"]}, or bench/pages.py's catalogue")
    parser.add_argument("--write-urls", type=Path, help="write the default mix of --db to FILE and stop")
    parser.add_argument("--database-url", help="instead of the bench database of --db")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--tag", default="", help="suffix for the result files")
    parser.add_argument("--smoke", action="store_true", help="3 users, 5 s after 2 s of warm-up: does it all work?")
    parser.add_argument("--child-mix", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_mix:
        child_write_mix(args.child_mix)
        return 0
    if args.smoke:
        args.users, args.duration, args.warmup = 3, 5, 2
        args.tag = args.tag or "smoke"
    if args.users < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("--users, --duration and --workers must be positive")
    args.sfx = f"-{args.tag}" if args.tag else ""
    OUT.mkdir(parents=True, exist_ok=True)
    dbs = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    if args.database_url and len(dbs) > 1:
        parser.error("--database-url needs --db sqlite or --db postgres (the kind of database it names)")
    if args.write_urls:
        if len(dbs) > 1:
            parser.error("--write-urls needs one --db")
        default_mix(args.database_url or db_url(dbs[0]), args.write_urls)
        print(f"Written: {args.write_urls}")
        return 0
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("gunicorn is not installed in this environment (make install)")
    failed = False
    for db in dbs:
        result = run_db(db, args, args.urls)
        failed |= result["total"]["errors"] > 0 or result["total"]["requests"] == 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
