"""Concurrent logins on the SQLite installation answer, never "database is locked".

A real server (gunicorn, 2 processes × 8 threads, as a small installation runs it) on a SQLite
file of its own; 20 browsers each fetch the login page and then sign in at the same moment — 15
with the right password, 5 with a wrong one (each login writes the session, the last-login time,
the audit log and django-axes' records). Every answer is a redirect home or the login form
again, none a server error. Runs on any database setting: the server always uses its own SQLite
file, since it is SQLite's settings (config/settings.py: WAL, busy timeout, IMMEDIATE
transactions) that are tested."""
from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
USERS = 20
WRONG = 5  # the last WRONG users type a wrong password
PASSWORD = "Test@12345"

SETTINGS = '''
from config.settings import *  # noqa: F401,F403

# plain HTTP on the loopback, and a fast hasher: the contention tested is the database's
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# no collectstatic: the login page's static files come from the apps
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
'''

CREATE_USERS = f'''
from cds.accounts.models import User
for i in range({USERS}):
    User.objects.create_user(f"dongthoi{{i}}", password="{PASSWORD}")
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _login(url: str, username: str, password: str, barrier: threading.Barrier, out: list, i: int) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    try:
        page = opener.open(url, timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token}).encode()
        barrier.wait(timeout=60)
        started = time.perf_counter()
        try:
            resp = opener.open(urllib.request.Request(url, data=body), timeout=60)
            status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        out[i] = (status, time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 — reported by the assertion below
        out[i] = (repr(exc), 0.0)


def test_twenty_concurrent_logins_on_sqlite(tmp_path, migrated_db):
    (tmp_path / "conc_settings.py").write_text(SETTINGS, encoding="utf-8")
    database = migrated_db.copy_to(tmp_path / "db.sqlite3")  # the run's migrated database (tests/migrated.py)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "DJANGO_SETTINGS_MODULE": "conc_settings",
           "SECRET_KEY": secrets.token_urlsafe(64), "DATABASE_URL": f"sqlite:///{database}",
           "MEDIA_ROOT": str(tmp_path / "media"), "OVERLAP_INDEX_DIR": str(tmp_path / "overlap-index"),
           "LOG_LEVEL": "ERROR"}
    env.pop("DEMO_MODE", None)
    res = subprocess.run([sys.executable, "manage.py", "shell", "-c", CREATE_USERS], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--threads", "8", "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}{reverse('accounts:login')}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base, timeout=5).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        out: list = [None] * USERS
        barrier = threading.Barrier(USERS)
        threads = [threading.Thread(target=_login, args=(base, f"dongthoi{i}",
                                                         PASSWORD if i < USERS - WRONG else "sai-mat-khau",
                                                         barrier, out, i)) for i in range(USERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    statuses = [o[0] if o else "no answer" for o in out]
    slowest = max((o[1] for o in out if o), default=0)
    print(f"\n{USERS} concurrent logins: statuses {statuses}; slowest {slowest:.2f} s")
    assert "database is locked" not in errors, errors[-3000:]
    assert statuses == [302] * (USERS - WRONG) + [200] * WRONG, (statuses, errors[-3000:])
