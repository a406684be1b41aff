"""Writing notifications. ``notify`` is idempotent on (user, key) and sends its e-mail only
after the surrounding transaction commits, so a rolled-back change never mails anyone."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)
KEY_MAX = Notification._meta.get_field("dedupe_key").max_length
SUBJECT_MAX = 120


def notify(user, text: str, url: str = "", *, key: str, kind: str = "", subject: str = "",
           email: bool = True) -> bool:
    """Create the notification ``key`` for ``user`` unless it exists; True if it was new.

    A new notification is also e-mailed (``settings.DEFAULT_FROM_EMAIL``) when ``email`` is set
    and the user has an address — on commit of the current transaction, at most once.
    """
    if not key:
        raise ValueError("notify() cần khóa chống gửi trùng (key).")
    text = (text or "").strip()
    with transaction.atomic():
        _, created = Notification.objects.get_or_create(
            user=user, dedupe_key=key[:KEY_MAX], defaults={"kind": kind[:40], "text": text, "url": url[:500]},
        )
        if created and email and getattr(user, "email", ""):
            transaction.on_commit(partial(_send, user.email, subject or _subject(text), text, url), robust=True)
    return created


def _subject(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    if len(first) > SUBJECT_MAX:
        first = first[: SUBJECT_MAX - 1].rstrip() + "…"
    return f"[{settings.SITE_NAME}] {first}"


def _send(address: str, subject: str, text: str, url: str) -> None:
    body = text
    if url:
        base = settings.SITE_URL.rstrip("/")
        body += f"\n\nXem chi tiết: {base}{url}"
    body += f"\n\n— {settings.SITE_NAME} (thư gửi tự động, xin không trả lời thư này)"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


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
