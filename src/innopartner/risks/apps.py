from django.apps import AppConfig


class RisksConfig(AppConfig):
    """The risk register of a procedure and its quantification by Monte Carlo simulation."""

    name = "innopartner.risks"
    label = "risks"
