from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data and exchange formats: OCDS, eForms notices, iCalendar feeds, score sheets."""

    name = "innopartner.opendata"
    label = "opendata"
