from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.api"
    label = "api"
    verbose_name = "Giao diện lập trình (API)"
