from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innopartner.core"
    label = "core"
