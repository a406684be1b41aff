"""Test settings: the real settings with a fast password hasher (PBKDF2 with hundreds of
thousands of iterations would dominate the suite's run time)."""
from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
