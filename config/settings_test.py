"""Test settings: the real settings with a fast password hasher (PBKDF2 with hundreds of
thousands of iterations would dominate the suite's run time), and uploads kept out of the
repository."""
import atexit
import shutil
import tempfile
from pathlib import Path

from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No persistent connections in tests: a live-server thread holding one would keep the
# PostgreSQL test database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Uploads of this test process (each xdist worker imports the settings itself) go to a
# temporary directory removed at exit, never to the repository's media/; tests/conftest.py
# further gives each test a directory of its own.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cds-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
