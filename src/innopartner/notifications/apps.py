from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innopartner.notifications"
    label = "notifications"
    verbose_name = "e-mailberichten"

    def ready(self) -> None:
        # The small hook for decision letters: decision_letter_send (procedures) is called
        # inside many deciding services; rather than touch each, a created letter schedules
        # its notification for after the commit, so a rolled-back decision mails nobody.
        from django.db.models.signals import post_save

        from innopartner.procedures.models import DecisionLetter

        from .hooks import decision_letter_saved

        post_save.connect(
            decision_letter_saved, sender=DecisionLetter, dispatch_uid="notify-decision-letter"
        )
