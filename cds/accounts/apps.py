from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.accounts"
    label = "accounts"
    verbose_name = "Người dùng"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="cds.accounts.idle_clock")
