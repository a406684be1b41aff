from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
    default = True

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="cds.accounts.idle_clock")


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) under a Vietnamese title in the admin; its model names are
    translated in cds/core/locale."""

    verbose_name = "Đăng nhập sai, khóa tài khoản"
    default = False
