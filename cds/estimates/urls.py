from django.urls import path

from .views import calculators

app_name = "estimates"
urlpatterns = [
    path("tinh/ucp/", calculators.calc_ucp, name="calc_ucp"),
    path("tinh/dinh-muc-ty-le/", calculators.calc_rates, name="calc_rates"),
    path("tinh/tao-lap-du-lieu/", calculators.calc_data, name="calc_data"),
]
