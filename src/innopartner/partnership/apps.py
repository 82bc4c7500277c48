from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "innopartner.partnership"
    label = "partnership"
