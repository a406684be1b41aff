from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.library"
    label = "library"
    verbose_name = "Thư viện mô hình, thiết kế điển hình"

    def ready(self):
        from cds.core import hints

        hints.register("library:suggest")
