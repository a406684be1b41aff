from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.dashboard"
    label = "dashboard"
    verbose_name = "Trang tổng quan"

    def ready(self):
        from cds.core import tiles, todo

        todo.autodiscover()   # every app's todo.py: the home page's "Việc cần làm"
        tiles.autodiscover()  # every app's tiles.py: the leadership dashboard
