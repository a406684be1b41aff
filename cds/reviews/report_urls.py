"""Consolidated report downloads (kept apart from the workflow pages)."""
urlpatterns = []
