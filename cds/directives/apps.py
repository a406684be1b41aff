from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo, nhiệm vụ được giao"
