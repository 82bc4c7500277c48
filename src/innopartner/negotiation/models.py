from django.conf import settings
from django.db import models

from innopartner.core.models import Entity


class Question(Entity):
    """A candidate's question. Only the buyer (and the asker) see it until the answer is
    published; published answers go to all at once and never name the asker (Art. 31(4))."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    asked_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_all = models.BooleanField(default=True)
    private_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)  # in the nota van inlichtingen
    recipients = models.ManyToManyField("parties.Organisation", related_name="+", blank=True)
    # The approval step (four eyes): a colleague approves the draft, or returns it for rework.
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(blank=True)

    class Meta:
        ordering = ["asked_at"]


class AnswerPolicy(models.Model):
    """The buyer's choice, per procedure, to have every answer approved by a colleague before
    it is published. Four eyes on answers is good practice, not law (Art. 31(4) asks only that
    answers reach all at once): without a policy row no approval is required."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="answer_policy"
    )
    approval_required = models.BooleanField(default=False)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.procedure}: approval {'on' if self.approval_required else 'off'}"


class Meeting(Entity):
    class Kind(models.TextChoices):
        INFORMATION = "information", "informatiebijeenkomst"
        DIALOGUE = "dialogue", "dialooggesprek (één op één)"
        NEGOTIATION = "negotiation", "onderhandelingsgesprek"
        PITCH = "pitch", "pitch"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_at = models.DateTimeField()
    operator = models.ForeignKey(
        "parties.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        "tendering.TenderRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    agenda = models.TextField(blank=True)
    minutes = models.TextField()
    attendees = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["held_at"]


class ConfidentialItem(Entity):
    """Something a participant told the buyer in confidence: its solution, a document."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="confidential_items"
    )
    owner = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    registered_at = models.DateTimeField()


class DisclosureConsent(Entity):
    """A participant's consent to one specific, intended disclosure of one specific item
    (Art. 31(4) and (6)); a general waiver is not a consent."""

    item = models.ForeignKey(ConfidentialItem, on_delete=models.PROTECT, related_name="consents")
    disclosure = models.TextField()
    recipients = models.ManyToManyField("parties.Organisation", related_name="+")
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)


class Disclosure(models.Model):
    item = models.ForeignKey(ConfidentialItem, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.OneToOneField(DisclosureConsent, on_delete=models.PROTECT, related_name="use")
    recipients = models.ManyToManyField("parties.Organisation", related_name="+")
    disclosed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.item} ({self.disclosed_at:%Y-%m-%d})"
