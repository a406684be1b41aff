"""/api/v1/ — the django-ninja API (see cds.api.api); OpenAPI at /api/v1/openapi.json."""
from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
