"""One migrated SQLite database per test run, shared by every test process.

Migrating a fresh database is the costliest set-up of the suite (Django renders the model states
of every migration: about a minute of CPU). It is done once per run, by the first process that
needs it, with the commands of ``make run``: ``manage.py migrate --noinput --verbosity 0`` in a
fresh process, with the demo's settings (``config.settings``, ``DEMO_MODE=1``) on a SQLite file.
What that command printed is kept next to the file (``Migrated.output``).

Its users:

* the tests that start the application in another process on a database of their own (the quiet
  set-up, the concurrent logins, the overlap index's background build) copy the file instead of
  migrating again;
* on SQLite, each test process's in-memory test database is a copy of it
  (``tests/conftest.py``: ``django_db_setup``), brought up to date by ``migrate`` (nothing to
  apply when the file is current).

Under pytest-xdist the file lives in the run's base temporary directory, shared by the workers;
a file lock makes the first one build it while the others wait.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIGRATE = ["migrate", "--noinput", "--verbosity", "0"]
NAME = "migrated.sqlite3"


@dataclass(frozen=True)
class Migrated:
    path: Path      # the migrated database file (journal mode DELETE: one file, safe to copy)
    output: str     # what ``manage.py migrate`` printed, standard output then standard error

    def copy_to(self, target: Path) -> Path:
        """A database of its own for one test: a copy of the migrated file at ``target``."""
        shutil.copyfile(self.path, target)
        return target


def demo_env(folder: Path, database: Path) -> dict[str, str]:
    """The environment of ``make run`` (demo mode, production settings) for a process working on
    ``database``, with its files (uploads, overlap index, e-mails) under ``folder``; no setting of
    this test process leaks into it."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "EMAIL_", "SECRET_KEY", "DEBUG", "DATABASE_URL"))}
    env.update(DEMO_MODE="1", DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=f"sqlite:///{database}",
               MEDIA_ROOT=str(folder / "media"), OVERLAP_INDEX_DIR=str(folder / "overlap-index"),
               EMAIL_FILE_PATH=str(folder / "mail"))
    return env


def shared_folder(tmp_path_factory) -> Path:
    """The run's base temporary directory, the same for every xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def migrated(tmp_path_factory) -> Migrated:
    """The run's migrated database, built here unless another process has built it."""
    folder = shared_folder(tmp_path_factory)
    path, out = folder / NAME, folder / f"{NAME}.out"
    with open(folder / f"{NAME}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _build(folder, path, out)
    return Migrated(path=path, output=out.read_text(encoding="utf-8"))


def _build(folder: Path, path: Path, out: Path) -> None:
    work = folder / "migrating"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    database = work / NAME
    done = subprocess.run([sys.executable, "manage.py", *MIGRATE], cwd=ROOT, env=demo_env(work, database),
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py migrate failed:\n{done.stderr[-3000:]}")
    con = sqlite3.connect(database)
    try:
        con.execute("PRAGMA journal_mode=DELETE")   # the write-ahead log folded in: one file to copy
    finally:
        con.close()
    out.write_text(done.stdout + done.stderr, encoding="utf-8")
    os.replace(database, path)                      # last: the file's presence means "built"
    shutil.rmtree(work, ignore_errors=True)
