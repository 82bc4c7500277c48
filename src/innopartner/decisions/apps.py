from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Decision support in preparation: choice of procedure, total cost of ownership, number
    of partners and development budget."""

    name = "innopartner.decisions"
    label = "decisions"
