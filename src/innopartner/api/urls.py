"""The REST API, mounted under /api/v1/ by innopartner.config.urls."""

urlpatterns: list = []
