from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "innopartner.scenarios"
    label = "scenarios"
