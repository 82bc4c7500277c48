from django.apps import AppConfig


class AwardConfig(AppConfig):
    name = "innopartner.award"
    label = "award"
