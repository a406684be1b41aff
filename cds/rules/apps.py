from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.rules"
    label = "rules"
    verbose_name = "Quy tắc thủ tục theo chế độ pháp lý"
