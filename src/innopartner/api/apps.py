from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: one thin view per action, each calling a service."""

    name = "innopartner.api"
    label = "api"
