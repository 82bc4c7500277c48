from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "innopartner.consultation"
    label = "consultation"
    verbose_name = "marktconsultatie"
