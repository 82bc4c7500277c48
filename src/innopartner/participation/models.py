from django.conf import settings
from django.db import models

from innopartner.core.models import Entity


class Interest(models.Model):
    """An operator registered interest in a published procedure (IFV: eight parties)."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="interests"
    )
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "operator"], name="interest_once")
        ]

    def __str__(self) -> str:
        return str(self.operator)


class RequestToParticipate(Entity):
    """A candidate's request to participate (verzoek tot deelneming) with its selection
    information, and the buyer's assessment of it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "ingediend"
        QUALIFIED = "qualified", "geschikt"
        NOT_QUALIFIED = "not_qualified", "niet geschikt"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="requests"
    )
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The statement (selection information) is sealed in the file store like a tender: never in
    # clear in the database; read only through ``participation.selectors.request_statement``
    # after the time limit for requests (Art. 22(3)). Empty names: no statement was given.
    statement_blob = models.CharField(max_length=200, blank=True)
    statement_sealed_sha256 = models.CharField(max_length=64, blank=True)
    statement_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    assessment = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "operator"], name="request_once")
        ]


class Invitation(models.Model):
    """An invitation to tender. Only invited candidates may tender (Art. 31(1) and (6)); the
    record also tells whether the candidate was later eliminated in a negotiation round."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="invitations"
    )
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(RequestToParticipate, on_delete=models.PROTECT)
    invited_at = models.DateTimeField()
    eliminated_at = models.DateTimeField(null=True, blank=True)
    eliminated_after_round = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "operator"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return str(self.operator)
