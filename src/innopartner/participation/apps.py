from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "innopartner.participation"
    label = "participation"
