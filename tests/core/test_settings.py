"""The settings fail closed: outside demo mode they are secure and refuse to start without a strong
secret key; demo mode is only ever set explicitly, and DEBUG only by ``DEBUG=1``.

Each case imports ``config.settings`` in a fresh interpreter with its own environment."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(64)
MISSING = "Chưa đặt biến môi trường SECRET_KEY"
WEAK = "SECRET_KEY không an toàn"


def run_settings(env_extra, code="import config.settings"):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEMO_MODE", "DEBUG")}
    env.update(env_extra, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8")


def refusal(res) -> str:
    """The ImproperlyConfigured line the interpreter died with."""
    assert res.returncode != 0, "the settings should have refused to start"
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), res.stderr
    return last


@pytest.mark.parametrize("env", [{}, {"DEMO_MODE": "0"}, {"DEBUG": "1"}, {"SECRET_KEY": ""}],
                         ids=["nothing set", "DEMO_MODE=0", "DEBUG=1 is not demo mode", "empty key"])
def test_refuses_to_start_without_a_secret_key(env):
    message = refusal(run_settings(env))
    assert MISSING in message
    assert "DEMO_MODE=1" in message and "secrets.token_urlsafe" in message  # says how to fix it


@pytest.mark.parametrize("key, why", [
    ("k3y-" + "a1b2c3d4e5" * 4, "khóa chỉ dài 44 ký tự, cần ít nhất 50"),
    ("demo-only-insecure-key-do-not-use-in-production", "khóa mẫu"),
    ("django-insecure-" + GOOD_KEY, "khóa mẫu"),
    ("x" * 64, "ít nhất 5 ký tự khác nhau"),
], ids=["short", "the demo key", "django-insecure", "one character repeated"])
def test_refuses_a_weak_or_known_key_outside_demo_mode(key, why):
    message = refusal(run_settings({"SECRET_KEY": key}))
    assert WEAK in message and why in message


def test_production_settings_are_secure():
    code = ("import config.settings as s; print(s.DEMO_MODE, s.DEBUG, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.X_FRAME_OPTIONS, "
            "s.STORAGES['staticfiles']['BACKEND'].startswith('whitenoise.'))")
    res = run_settings({"SECRET_KEY": GOOD_KEY}, code)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["False", "False", "True", "True", "True", "True", "DENY", "True"]


def test_debug_only_when_asked_for():
    res = run_settings({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "import config.settings as s; print(s.DEBUG)")
    assert res.returncode == 0 and res.stdout.split() == ["True"], res.stderr


def test_demo_mode_starts_without_a_key_and_without_debug():
    code = ("import config.settings as s; print(s.DEMO_MODE, s.DEBUG, bool(s.SECRET_KEY), "
            "getattr(s, 'SECURE_SSL_REDIRECT', False), s.WHITENOISE_USE_FINDERS)")
    res = run_settings({"DEMO_MODE": "1"}, code)
    assert res.returncode == 0, res.stderr
    # DEBUG stays off; plain HTTP; static files from the apps, so the demo needs no collectstatic.
    assert res.stdout.split() == ["True", "False", "True", "False", "True"]


def test_demo_mode_with_debug():
    res = run_settings({"DEMO_MODE": "1", "DEBUG": "1"}, "import config.settings as s; print(s.DEMO_MODE, s.DEBUG)")
    assert res.returncode == 0 and res.stdout.split() == ["True", "True"], res.stderr


def test_demo_mode_accepts_any_key():
    res = run_settings({"DEMO_MODE": "1", "SECRET_KEY": "short"}, "import config.settings as s; print(s.SECRET_KEY)")
    assert res.returncode == 0 and res.stdout.split() == ["short"], res.stderr
