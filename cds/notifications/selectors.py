"""Reads: a user only ever sees their own notifications."""
from .models import Notification


def for_user(user):
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return for_user(user).filter(read_at__isnull=True).count()
