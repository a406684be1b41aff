"""In-app notifications (thông báo), each optionally mirrored by one e-mail.

``dedupe_key`` is unique per user: recurring jobs (deadline reminders run daily by cron) build
the key from what they remind about and the day, e.g. ``review-due:12:2026-11-20``, so running a
job twice sends nothing new.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("loại", max_length=40, blank=True)
    text = models.TextField("nội dung")
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField("thời điểm", default=timezone.now)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    dedupe_key = models.CharField("khóa chống gửi trùng", max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_user_key_unique")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self):
        return self.text[:80]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_url(self) -> str:
        """Only links inside this site are rendered (a stored URL never sends a user elsewhere)."""
        url = self.url or ""
        return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else ""
