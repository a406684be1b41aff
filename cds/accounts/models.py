"""Users carry one role and one unit; what they may see follows from both (see access.py)."""
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", "Chuyên viên đơn vị (chủ đầu tư)"
    UNIT_HEAD = "unit_head", "Lãnh đạo đơn vị"
    CDS_APPRAISER = "cds_appraiser", "Chuyên viên cơ quan chuyên trách CĐS"
    SUPERVISOR = "supervisor", "Giám sát độc lập"
    LEADER = "leader", "Lãnh đạo UBND tỉnh"
    INSPECTOR = "inspector", "Thanh tra, kiểm toán"
    ADMIN = "admin", "Quản trị hệ thống"


# The role in a word or two, for the menu bar beside the user's name (the full label is in the
# menu it opens and its tooltip).
SHORT_ROLES = {
    Role.UNIT_STAFF: "Chuyên viên",
    Role.UNIT_HEAD: "Lãnh đạo đơn vị",
    Role.CDS_APPRAISER: "Chuyên viên CĐS",
    Role.SUPERVISOR: "Giám sát",
    Role.LEADER: "Lãnh đạo",
    Role.INSPECTOR: "Thanh tra",
    Role.ADMIN: "Quản trị",
}


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.UNIT_STAFF)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    job_title = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @property
    def short_role(self) -> str:
        return SHORT_ROLES.get(self.role, self.get_role_display())


class ApiToken(models.Model):
    """Bearer token for the API. Only a SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, days=30):
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, digest=cls.hash(key), prefix=key[:8],
            expires_at=timezone.now() + timezone.timedelta(days=days),
        )
        return token, key
