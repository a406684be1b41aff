"""Test settings: the real settings with a fast password hasher (PBKDF2 with hundreds of
thousands of iterations would dominate the suite's run time)."""
from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No persistent connections in tests: a live-server thread holding one would keep the
# PostgreSQL test database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
