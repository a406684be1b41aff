"""Outside demo mode the settings are secure, and they refuse to start without a secret key."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env_extra, code):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEMO_MODE", "DEBUG")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_requires_secret_key():
    res = run_settings({"DEMO_MODE": "0"}, "import config.settings")
    assert res.returncode != 0 and "SECRET_KEY" in res.stderr


def test_production_settings_are_secure():
    code = ("import config.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.X_FRAME_OPTIONS)")
    res = run_settings({"SECRET_KEY": "x" * 50}, code)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["False", "True", "True", "True", "True", "DENY"]


def test_demo_mode_runs_without_secret_key():
    res = run_settings({}, "import config.settings as s; print(s.DEMO_MODE, s.DEBUG)")
    assert res.returncode == 0 and res.stdout.split() == ["True", "True"]
