from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web interface for buyers, evaluators, suppliers and auditors. Every change goes
    through the engine's services; every read of confidential data through its selectors."""

    name = "innopartner.web"
    label = "web"
    verbose_name = "Webinterface"
