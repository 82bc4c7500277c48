"""Market consultation before the notice (Art. 40-41 Dir. 2014/24/EU): the public challenge
page, the responses to it, the activities held (on top of
``procedures.MarketConsultationEntry``) and the trail from a finding to a decision in the
preparation record."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from innopartner.core.models import Entity

# Length limits of the public form: an idea is a short note, not a proposal (anti-abuse too).
LIMITS = {
    "organisation_name": 200,
    "kvk_number": 20,
    "contact_person": 120,
    "email": 254,
    "idea": 3000,
    "public_summary": 600,
}


class ChallengePage(Entity):
    """The buyer's public challenge page: the need in plain words before the notice."""

    class Status(models.TextChoices):
        DRAFT = "draft", "concept"
        PUBLISHED = "published", "gepubliceerd"
        WITHDRAWN = "withdrawn", "ingetrokken"

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="challenge_page"
    )
    # The public address; a random UUID so that it reveals nothing and cannot be guessed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    need = models.TextField("behoefte en ambitie (één A4)")
    known = models.TextField("wat we weten", blank=True)
    unknown = models.TextField("wat we nog niet weten", blank=True)
    timeline = models.TextField("planning", blank=True)
    how_to_respond = models.TextField("hoe u kunt reageren", blank=True)
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    report_published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ChallengeResponse(Entity):
    """A response to the challenge page. The idea is confidential to the buyer (Art. 21):
    only the consented summary may ever be published."""

    class Kind(models.TextChoices):
        INTEREST = "interest", "belangstelling"
        IDEA = "idea", "idee"
        QUESTION = "question", "vraag"
        TALK = "talk", "wil graag een gesprek"

    page = models.ForeignKey(ChallengePage, on_delete=models.CASCADE, related_name="responses")
    organisation_name = models.CharField(max_length=LIMITS["organisation_name"])
    kvk_number = models.CharField(max_length=8, blank=True)
    contact_person = models.CharField(max_length=LIMITS["contact_person"])
    email = models.EmailField(max_length=LIMITS["email"])
    kind = models.CharField(max_length=10, choices=Kind.choices)
    idea = models.TextField(blank=True)
    public_summary = models.TextField(blank=True)
    summary_consent = models.BooleanField(default=False)
    received_at = models.DateTimeField()
    # A keyed hash of the sender's address, kept only to limit the number of responses
    # per hour; never the address itself.
    client_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_kind_display()})"


class ConsultationActivity(Entity):
    """What the buyer held: an information meeting, a one-to-one talk, a demo, a written
    round. Extends the procedure's ``MarketConsultationEntry`` (kind, date, with whom,
    participants, what was learned) with the minutes and the list of attendees, which stay
    internal."""

    entry = models.OneToOneField(
        "procedures.MarketConsultationEntry", on_delete=models.CASCADE, related_name="activity"
    )
    title = models.CharField(max_length=200, blank=True)
    attendees = models.TextField("aanwezigen", blank=True)
    minutes = models.TextField("verslag", blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.title or str(self.entry)


class FindingDecision(Entity):
    """A finding of the consultation that led to a change in the preparation record: the
    visible trail "finding -> decision"."""

    class Topic(models.TextChoices):
        SCOPE = "scope", "scope en ambitie"
        MINIMUM_REQUIREMENT = "minimum_requirement", "minimumeis"
        PARTNERS = "partners", "aantal partners"
        BUDGET = "budget", "budget"
        IP = "ip", "intellectueel eigendom"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="finding_decisions"
    )
    number = models.PositiveIntegerField()  # 1, 2, ... per procedure: the trail's order
    entry = models.ForeignKey(
        "procedures.MarketConsultationEntry", on_delete=models.PROTECT, related_name="decisions"
    )
    finding = models.TextField("bevinding")
    topic = models.CharField(max_length=30, choices=Topic.choices)
    decision = models.TextField("besluit")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="finding_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.decision[:60]}"
