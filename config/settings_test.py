"""Test settings: the real production settings (not demo mode) with a test-only secret key, plain
HTTP and a fast password hasher (PBKDF2 with hundreds of thousands of iterations would dominate
the suite's run time). Tests that need demo mode ask for it (the ``demo_mode`` fixture)."""
import os

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
