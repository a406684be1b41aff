from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.rules"
    label = "rules"
