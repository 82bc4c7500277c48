from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "innopartner.evaluation"
    label = "evaluation"
