"""Test settings: the real production settings (not demo mode) with a test-only secret key, plain
HTTP, a fast password hasher (PBKDF2 with hundreds of thousands of iterations would dominate the
suite's run time), and uploads kept out of the repository. Tests that need demo mode ask for it
(the ``demo_mode`` fixture)."""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Set before the import: the settings refuse to start without a strong key.
os.environ.setdefault("SECRET_KEY", "test-only-key-never-used-outside-the-test-suite-3f9a1c7e5b2d8")

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No persistent connections in tests: a live-server thread holding one would keep the
# PostgreSQL test database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The test client and the live server speak plain HTTP: no redirect to HTTPS, no HTTPS-only cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# No collectstatic before the tests: static files come from the apps, as in the demo.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True

# Files of this test process (each xdist worker imports the settings itself) go to a temporary
# directory removed at exit, never into the repository:
# * uploads: MEDIA_ROOT (tests/conftest.py further gives each test a directory of its own);
# * the development database file: pytest-django runs the tests on a test database (in memory
#   for SQLite); anything reaching the configured file by mistake finds a throwaway one here
#   instead of creating or changing the repository's db.sqlite3.
TEST_FILES = Path(tempfile.mkdtemp(prefix="cds-test-"))
atexit.register(shutil.rmtree, TEST_FILES, ignore_errors=True)
MEDIA_ROOT = TEST_FILES / "media"
# The overlap index: built in memory by the process on first use, as the tests' data is in their
# own transaction (a background build could not see it); its files, when a test builds them, go
# to a directory of the test (tests/conftest.py).
OVERLAP_INDEX_DIR = TEST_FILES / "overlap-index"
OVERLAP_INDEX_SYNC_BUILD = True
LIBRARY_INDEX_SYNC_REFIT = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["NAME"] = str(TEST_FILES / "db.sqlite3")  # noqa: F405
# Every test client comes from 127.0.0.1 and the cache outlives a test: the public pages' limit is
# raised so that it never trips another test; the throttle's own tests lower it.
PUBLIC_RATE_LIMIT = "100000/m"
