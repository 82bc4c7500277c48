from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "innopartner.audit"
    label = "audit"
