"""The uploaded bytes kept between preview and confirmation: ``MEDIA_ROOT/imports/<random
token>.xlsx``, claimed exactly once, purged after a day."""
from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

STASH_DIR = "imports"
STASH_MAX_AGE = 24 * 3600
_TOKEN_RE = re.compile(r"[A-Za-z0-9_\-]{20,64}")


def _stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / STASH_DIR


def _stash_path(token: str) -> Path | None:
    if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
        return None
    return _stash_dir() / f"{token}.xlsx"


def stash(data: bytes) -> str:
    """Keep uploaded bytes until the user confirms; return the random token naming them."""
    folder = _stash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _purge_old(folder)
    token = secrets.token_urlsafe(32)
    path = folder / f"{token}.xlsx"
    with open(path, "xb") as fh:
        fh.write(data)
    return token


def load_stash(token: str) -> bytes | None:
    path = _stash_path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def claim_stash(token: str) -> bytes | None:
    """Take the stashed bytes for applying, exactly once: the file is renamed away atomically,
    so two simultaneous confirmations of one preview cannot both apply it."""
    path = _stash_path(token)
    if path is None:
        return None
    claimed = path.with_suffix(f".claimed-{secrets.token_hex(4)}")
    try:
        os.replace(path, claimed)
    except OSError:  # already claimed by a concurrent confirmation, or expired
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def discard(token: str) -> None:
    path = _stash_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _purge_old(folder: Path) -> None:
    limit = time.time() - STASH_MAX_AGE
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            pass
