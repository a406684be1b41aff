from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.estimates"
    label = "estimates"
    verbose_name = "Dự toán"
