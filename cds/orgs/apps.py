from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.orgs"
    label = "orgs"
    verbose_name = "Đơn vị"
