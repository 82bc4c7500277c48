from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "innopartner.tendering"
    label = "tendering"
