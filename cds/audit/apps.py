from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.audit"
    label = "audit"
