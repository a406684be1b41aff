from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.projects"
    label = "projects"
    verbose_name = "Nhiệm vụ, dự án"
