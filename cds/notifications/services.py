"""Writing notifications. ``notify`` and ``notify_many`` are idempotent on (user, key) and send
their e-mails only after the surrounding transaction commits, so a rolled-back change never mails
anyone. ``notify_many`` writes a whole list of notices with a constant number of statements per
batch (the daily reminder jobs); ``notify`` is the one-notice case."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)
KEY_MAX = Notification._meta.get_field("dedupe_key").max_length
KIND_MAX = Notification._meta.get_field("kind").max_length
URL_MAX = Notification._meta.get_field("url").max_length
SUBJECT_MAX = 120
BATCH = 1000   # notices written per batch: one SELECT of the existing ones, one INSERT of the new ones


@dataclass(frozen=True)
class Notice:
    """One notification to write: ``key`` makes it idempotent per user; ``email`` mirrors a new one
    by e-mail (when the user has an address), ``subject`` defaults to the first line of ``text``."""

    user: Any
    text: str
    url: str = ""
    key: str = ""
    kind: str = ""
    subject: str = ""
    email: bool = True


def notify(user, text: str, url: str = "", *, key: str, kind: str = "", subject: str = "",
           email: bool = True) -> bool:
    """Create the notification ``key`` for ``user`` unless it exists; True if it was new.

    A new notification is also e-mailed (``settings.DEFAULT_FROM_EMAIL``) when ``email`` is set
    and the user has an address — on commit of the current transaction, at most once. The row is
    saved one by one (its save signals are sent); :func:`notify_many` writes many at once.
    """
    if not key:
        raise ValueError("notify() cần khóa chống gửi trùng (key).")
    notice = Notice(user, text, url, key=key, kind=kind, subject=subject, email=email)
    row = _row(notice, None)
    with transaction.atomic():
        _, created = Notification.objects.get_or_create(
            user=user, dedupe_key=row.dedupe_key, defaults={"kind": row.kind, "text": row.text, "url": row.url})
        if created and email and getattr(user, "email", ""):
            transaction.on_commit(partial(_send_all, [_message(notice)]), robust=True)
    return created


def notify_many(notices: Iterable[Notice], *, batch_size: int = BATCH) -> list[bool]:
    """Write ``notices`` as :func:`notify` would one by one; per notice, True if it was new.

    Per batch of ``batch_size``: one query reads which (user, key) already exist, one
    ``bulk_create`` writes the others, in a transaction (a savepoint inside an open one). A notice
    repeated in the list counts once (the first one is written). If a concurrent run wrote some of
    the same rows in between, that batch is written again row by row, so each notice is still new
    for exactly one of the runs. The new ones with ``email`` set and a user with an address are
    e-mailed when the outermost transaction commits, over one connection to the mail server.
    """
    notices = list(notices)
    if any(not n.key for n in notices):
        raise ValueError("notify() cần khóa chống gửi trùng (key).")
    created: list[bool] = []
    for start in range(0, len(notices), batch_size):
        created += _write_batch(notices[start:start + batch_size])
    return created


def _row(notice: Notice, now) -> Notification:
    row = Notification(user=notice.user, dedupe_key=notice.key[:KEY_MAX], kind=(notice.kind or "")[:KIND_MAX],
                       text=(notice.text or "").strip(), url=(notice.url or "")[:URL_MAX])
    if now is not None:
        row.created_at = now
    return row


def _write_batch(batch: Sequence[Notice]) -> list[bool]:
    pairs = [(n.user.pk, n.key[:KEY_MAX]) for n in batch]
    with transaction.atomic():
        existing = _existing(pairs)
        created, seen, rows = [], set(), []
        now = timezone.now()
        for notice, pair in zip(batch, pairs, strict=True):
            new = pair not in existing and pair not in seen
            seen.add(pair)
            created.append(new)
            if new:
                rows.append(_row(notice, now))
        if rows:
            try:
                with transaction.atomic():
                    Notification.objects.bulk_create(rows)
            except IntegrityError:   # a concurrent run wrote some of them meanwhile
                created = _write_one_by_one(batch, created, now)
        mails = [n for n, new in zip(batch, created, strict=True) if new and n.email and getattr(n.user, "email", "")]
        if mails:
            transaction.on_commit(partial(_send_all, [_message(n) for n in mails]), robust=True)
    return created


def _existing(pairs) -> set[tuple[int, str]]:
    """Which of the (user id, key) ``pairs`` are already written (one query)."""
    rows = Notification.objects.filter(user_id__in={u for u, _ in pairs}, dedupe_key__in={k for _, k in pairs})
    return set(rows.values_list("user_id", "dedupe_key"))


def _write_one_by_one(batch: Sequence[Notice], candidates: list[bool], now) -> list[bool]:
    created = []
    for notice, candidate in zip(batch, candidates, strict=True):
        new = False
        if candidate:
            row = _row(notice, now)
            _, new = Notification.objects.get_or_create(
                user=notice.user, dedupe_key=row.dedupe_key,
                defaults={"kind": row.kind, "text": row.text, "url": row.url, "created_at": now})
        created.append(new)
    return created


def _subject(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    if len(first) > SUBJECT_MAX:
        first = first[: SUBJECT_MAX - 1].rstrip() + "…"
    return f"[{settings.SITE_NAME}] {first}"


def _message(notice: Notice) -> EmailMessage:
    text = (notice.text or "").strip()
    body = text
    if notice.url:
        base = settings.SITE_URL.rstrip("/")
        body += f"\n\nXem chi tiết: {base}{notice.url[:URL_MAX]}"
    body += f"\n\n— {settings.SITE_NAME} (thư gửi tự động, xin không trả lời thư này)"
    return EmailMessage(notice.subject or _subject(text), body, settings.DEFAULT_FROM_EMAIL, [notice.user.email])


def _send_all(messages: list[EmailMessage]) -> None:
    """Send every message over one connection; a message that fails is logged and the others go."""
    connection = get_connection()
    try:
        connection.open()
        for message in messages:
            message.connection = connection
            try:
                connection.send_messages([message])
            except Exception:
                log.exception("Không gửi được thư thông báo tới %s", ", ".join(message.to))
    finally:
        connection.close()


def mark_read(user, pks=None) -> int:
    """Mark the user's unread notifications (all, or those in ``pks``) as read; others' are untouched."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.update(read_at=timezone.now())


@dataclass
class ReminderTally:
    """What a reminder run did: notices sent, skipped (already sent under the same key) and
    e-mails among them. Each app's reminder outcome extends it with its own counts."""

    sent: int = 0
    skipped: int = 0
    emails: int = 0

    def add(self, created: bool, user, email: bool) -> None:
        if created:
            self.sent += 1
            self.emails += bool(email and user.email)
        else:
            self.skipped += 1

    def write(self, notices: Sequence[Notice]) -> list[bool]:
        """Write ``notices`` (:func:`notify_many`) and count them; per notice, True if it was new."""
        created = notify_many(notices)
        for notice, new in zip(notices, created, strict=True):
            self.add(new, notice.user, notice.email)
        return created
