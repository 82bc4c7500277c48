from django.apps import AppConfig


class NegotiationConfig(AppConfig):
    name = "innopartner.negotiation"
    label = "negotiation"
