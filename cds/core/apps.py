from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.core"
    label = "core"
