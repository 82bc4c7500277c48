from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "innopartner.guidance"
    label = "guidance"
    verbose_name = "Leidraad: checklists en lessen"
