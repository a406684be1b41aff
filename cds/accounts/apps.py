from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
    default = True


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) under a Vietnamese title in the admin; its model names are
    translated in cds/core/locale."""

    verbose_name = "Đăng nhập sai, khóa tài khoản"
    default = False
