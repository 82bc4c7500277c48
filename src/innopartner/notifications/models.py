from django.conf import settings
from django.db import models

from innopartner.core.models import Entity


class Notification(Entity):
    """One e-mail sent to one person. The key says what it was about (a round's deadline for
    this person, a decision letter for this person); the key is unique, so whatever runs twice
    (the cron job, a retried commit) sends each notification once."""

    class Kind(models.TextChoices):
        ANSWERS_PUBLISHED = "answers_published", "antwoorden gepubliceerd"
        DECISION_LETTER = "decision_letter", "beslissing verzonden"
        DEADLINE = "deadline", "termijn nadert"
        GATE_DUE = "gate_due", "beslismoment nadert"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.kind} -> {self.email} ({self.sent_at:%Y-%m-%d %H:%M})"
