"""API routes (django-ninja) — filled by the API work."""
urlpatterns = []
