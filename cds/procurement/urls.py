from django.urls import path

from .views import edit, imports, pages

app_name = "procurement"
urlpatterns = [
    path("", pages.index, name="index"),
    path("xuat/", pages.export, name="export"),
    path("quy-dinh/", pages.rules, name="rules"),
    path("goi/<int:pk>/", pages.package_detail, name="package"),
    path("ke-hoach/<int:pk>/", pages.plan_detail, name="plan"),
    path("nha-thau/<int:pk>/", pages.contractor_detail, name="contractor"),
    path("du-an/<int:project_pk>/ke-hoach-moi/", edit.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/sua/", edit.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:plan_pk>/goi-moi/", edit.package_create, name="package_create"),
    path("goi/<int:pk>/sua/", edit.package_edit, name="package_edit"),
    path("goi/<int:pk>/ket-qua/", edit.result, name="result"),
    path("goi/<int:pk>/hang-hoa/", edit.items, name="items"),
    path("goi/<int:pk>/hop-dong/", edit.contract, name="contract"),
    path("goi/<int:pk>/thanh-toan/", edit.payment_add, name="payment_add"),
    path("goi/<int:pk>/thanh-toan/<int:payment_pk>/bo/", edit.payment_remove, name="payment_remove"),
    path("goi/<int:pk>/huy-thau/", edit.cancel, name="cancel"),
    path("goi/<int:pk>/xac-nhan/", edit.confirm, name="confirm"),
    path("nhap/", imports.upload, name="import"),
    path("nhap/<str:token>/", imports.preview, name="import_preview"),
    path("nhap-mau/", imports.template, name="import_template"),
]
