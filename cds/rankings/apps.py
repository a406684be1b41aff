from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.rankings"
    label = "rankings"
    verbose_name = "Xếp hạng tuân thủ, cảnh báo theo dõi"

    def ready(self):
        from . import criteria

        criteria.autoload()
