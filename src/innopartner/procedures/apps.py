from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "innopartner.procedures"
    label = "procedures"
