from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "innopartner.parties"
    label = "parties"
