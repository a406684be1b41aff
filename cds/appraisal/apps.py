from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định hồ sơ"
