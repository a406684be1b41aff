from django.contrib import admin
from django.urls import include, path

from cds.projects.urls import unit_urls

admin.site.site_header = "CĐS Portfolio — Quản trị"
admin.site.site_title = "CĐS Portfolio"
admin.site.index_title = "Danh mục, đơn vị, người dùng"

urlpatterns = [
    path("", include("cds.dashboard.urls")),
    path("tai-khoan/", include("cds.accounts.urls")),
    path("du-an/", include("cds.projects.urls")),
    path("don-vi/", include((unit_urls, "orgs"))),
    path("danh-gia/", include("cds.reviews.urls")),
    path("trung-lap/", include("cds.overlap.urls")),
    path("lich-lam-viec/", include("cds.workdays.urls")),
    path("tham-dinh/", include("cds.appraisal.urls")),
    path("chi-dao/", include("cds.directives.urls")),
    path("du-toan/", include("cds.estimates.urls")),
    path("he-thong/", include("cds.systems.urls")),
    path("ke-hoach/", include("cds.plans.urls")),
    path("dau-thau/", include("cds.procurement.urls")),
    path("khao-sat/", include("cds.surveys.urls")),
    path("xep-hang/", include("cds.rankings.urls")),
    path("thu-vien/", include("cds.library.urls")),
    path("", include("cds.public.urls")),
    path("nhat-ky/", include("cds.audit.urls")),
    path("thong-bao/", include("cds.notifications.urls")),
    path("api/v1/", include("cds.api.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "cds.core.views.bad_request"
handler403 = "cds.core.views.forbidden"
handler404 = "cds.core.views.not_found"
handler500 = "cds.core.views.server_error"
