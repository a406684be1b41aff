from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.workdays"
    label = "workdays"
    verbose_name = "Lịch ngày làm việc"
