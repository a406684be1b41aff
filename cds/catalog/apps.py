from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.catalog"
    label = "catalog"
    verbose_name = "Danh mục dùng chung"
