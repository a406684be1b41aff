"""A quiet set-up: ``make run`` shows the demo accounts, not the demo's e-mails (they are written
to files), and a refused request is one line of the log, without a traceback."""
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from cds.core.logging import ClientErrorsWithoutTraceback
from tests.conftest import login
from tests.migrated import demo_env

ROOT = Path(settings.BASE_DIR)


def test_load_demo_prints_the_accounts_and_no_email(tmp_path, migrated_db):
    """The commands of ``make run`` with the demo's settings, in a fresh process and database (only
    the password hasher is made fast: it prints nothing either way). The ``migrate`` of a fresh
    database is the one that built the run's migrated database (tests/migrated.py, with the same
    settings); ``load_demo`` runs on a copy of it."""
    (tmp_path / "fast_settings.py").write_text(
        "from config.settings import *  # noqa\n"
        "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n")
    database = migrated_db.copy_to(tmp_path / "db.sqlite3")
    env = demo_env(tmp_path, database)
    env.update(DJANGO_SETTINGS_MODULE="fast_settings", PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    done = subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    migrate, load = migrated_db.output, done.stdout + done.stderr
    assert migrate == ""
    assert "Tài khoản dùng thử" in load and "| thamdinh " in load and "| lanhdao " in load and "Demo@2026" in load
    for dump in ("Subject:", "From:", "To:", "Content-Type:", "Xem chi tiết:"):
        assert dump not in load, dump
    assert len(load.splitlines()) < 60, load
    # The e-mails were written, each where the line printed says.
    mails = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert mails.count("Subject:") > 10 and str(tmp_path / "mail") in load
    # The demo's overlap scan built the shared index, where the settings say (not in the repository).
    assert (tmp_path / "overlap-index" / "current").is_symlink()


def test_a_refused_request_is_one_line_without_traceback(cast, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(cast.staff_a).get(reverse("audit:log"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1 and records[0].getMessage() == "Forbidden (Permission denied): /nhat-ky/"
    assert records[0].exc_info is None and "Traceback" not in caplog.text


def test_server_errors_keep_their_traceback():
    try:
        raise ValueError("hỏng")
    except ValueError:
        exc_info = sys.exc_info()
    keep = ClientErrorsWithoutTraceback()
    for status, kept in ((500, True), (403, False), (404, False)):
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)
        record.status_code = status
        assert keep.filter(record) and (record.exc_info is not None) == kept
