"""Routes of publication, in the "public" namespace, included at the site root:

* /cong-khai/ — the public transparency pages (no account; counted against the public request
  limit, :mod:`cds.core.throttle`, like the feeds);
* /mo/v1/ — the open-data feeds and their data dictionary (no account);
* /cong-bo/ — preparing and approving snapshots, withheld projects, the masking policy (staff).
"""
from django.urls import path

from cds.core.throttle import throttle

from .views import feeds, manage, pages

app_name = "public"

public_urls = [
    path("cong-khai/", throttle(pages.index), name="index"),
    path("cong-khai/<slug:code>/", throttle(pages.portfolio), name="portfolio"),
    path("cong-khai/<slug:code>/du-an/", throttle(pages.projects), name="projects"),
    path("cong-khai/<slug:code>/mo-hinh/", throttle(pages.library), name="library"),
    path("cong-khai/<slug:code>/mo-hinh/<int:key>/", throttle(pages.practice), name="practice"),
]

feed_urls = [
    path("mo/v1/", feeds.dictionary, name="dictionary"),
    path("mo/v1/<slug:dataset>.json", feeds.feed_json, name="feed_json"),
    path("mo/v1/<slug:dataset>.csv", feeds.feed_csv, name="feed_csv"),
]

manage_urls = [
    path("cong-bo/", manage.overview, name="manage"),
    path("cong-bo/lap/", manage.prepare, name="prepare"),
    path("cong-bo/ban/<int:pk>/", manage.snapshot, name="snapshot"),
    path("cong-bo/ban/<int:pk>/duyet/", manage.decide, name="decide"),
    path("cong-bo/an-truong/", manage.policy, name="policy"),
    path("cong-bo/khong-cong-bo/", manage.withholdings, name="withholdings"),
    path("cong-bo/khong-cong-bo/<int:pk>/bo/", manage.lift, name="lift"),
]

urlpatterns = public_urls + feed_urls + manage_urls
