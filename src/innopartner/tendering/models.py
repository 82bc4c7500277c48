from django.conf import settings
from django.db import models

from innopartner.core.models import Entity


class TenderRound(Entity):
    """A round of tenders in the negotiation: initial, subsequent or final (Art. 31(3))."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "eerste inschrijving"
        SUBSEQUENT = "subsequent", "volgende inschrijving"
        FINAL = "final", "definitieve inschrijving"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    opened_for_submission_at = models.DateTimeField()
    deadline = models.DateTimeField()
    negotiated_at = models.DateTimeField(null=True, blank=True)
    price_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="round_number_once")
        ]

    def __str__(self) -> str:
        return f"ronde {self.number} ({self.kind})"

    @property
    def opening(self):
        return TenderOpening.objects.filter(round=self, confirmed_at__isnull=False).first()

    @property
    def is_opened(self) -> bool:
        return TenderOpening.objects.filter(round=self, confirmed_at__isnull=False).exists()


class Tender(Entity):
    """A sealed tender. Its content stays unreadable until the round's opening is confirmed
    by a second person (Art. 22(3))."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "ingediend"
        REPLACED = "replaced", "vervangen"
        WITHDRAWN = "withdrawn", "ingetrokken"

    round = models.ForeignKey(TenderRound, on_delete=models.CASCADE, related_name="tenders")
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    # The content is never in the database: it is sealed (AES-256-GCM) in the file store under
    # ``blob``; ``sealed_sha256`` is the digest of that sealed file, checkable without a key.
    # Only ``tendering.selectors.tender_content`` opens it (Art. 22(3)).
    blob = models.CharField(max_length=200)
    sealed_sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    compliant = models.BooleanField(default=True)  # meets every minimum requirement
    compliance_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "operator"],
                condition=models.Q(status="submitted"),
                name="one_live_tender_per_operator_per_round",
            )
        ]


class Receipt(Entity):
    """What the tenderer gets for each submission, replacement and withdrawal: the SHA-256 of
    exactly what was received and the server's time."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", "ontvangstbevestiging inschrijving"
        REPLACEMENT = "replacement", "ontvangstbevestiging vervanging"
        WITHDRAWAL = "withdrawal", "bevestiging intrekking"

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    server_time = models.DateTimeField()

    class Meta:
        ordering = ["server_time"]


class TenderOpening(Entity):
    """The recorded act of opening (four-eyes): one authorised person starts it, another
    confirms; the confirmation produces the official record (proces-verbaal)."""

    round = models.ForeignKey(TenderRound, on_delete=models.CASCADE, related_name="openings")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    official_record = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at"]
