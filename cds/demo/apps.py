from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional province Sơn Lâm: built by ``manage.py load_demo``; nothing imports this app."""

    name = "cds.demo"
    verbose_name = "Tỉnh trình diễn"
