from django.apps import AppConfig


class Config(AppConfig):
    name = "cds.reviews"
    label = "reviews"
    verbose_name = "Đánh giá hiệu quả"
