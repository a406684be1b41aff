from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.dashboard"
    label = "dashboard"

    def ready(self):
        from cds.core import todo

        todo.autodiscover()   # every app's todo.py: the home page's "Việc cần làm"
