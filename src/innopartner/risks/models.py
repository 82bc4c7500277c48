from django.conf import settings
from django.db import models

MONEY = {"max_digits": 14, "decimal_places": 2}
DAYS = {"max_digits": 8, "decimal_places": 1}


class Risk(models.Model):
    """A risk of a procedure with its gross estimate: probability, and the impact on cost (EUR)
    and on time (days of delay) as three-point estimates (min, most likely, max)."""

    class Category(models.TextChoices):
        TECHNICAL = "technical", "technisch"
        COMMERCIAL = "commercial", "commercieel"
        CONTRACTUAL = "contractual", "contractueel"
        REPUTATIONAL = "reputational", "reputatie"
        FINANCIAL = "financial", "financieel"
        PLANNING = "planning", "planning"

    class Owner(models.TextChoices):
        BUYER = "buyer", "opdrachtgever"
        PARTNER = "partner", "partner"
        SHARED = "shared", "gedeeld"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        OCCURRED = "occurred", "opgetreden"
        CLOSED = "closed", "afgesloten"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="risks"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    owner = models.CharField(max_length=10, choices=Owner.choices)
    probability = models.DecimalField(max_digits=4, decimal_places=3)
    cost_min = models.DecimalField(**MONEY)
    cost_likely = models.DecimalField(**MONEY)
    cost_max = models.DecimalField(**MONEY)
    delay_min = models.DecimalField(**DAYS)
    delay_likely = models.DecimalField(**DAYS)
    delay_max = models.DecimalField(**DAYS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    review_date = models.DateField(null=True, blank=True)
    source = models.CharField("bron of 'aangenomen'", max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="risk_number_once")
        ]

    def __str__(self) -> str:
        return f"R{self.number} {self.title}"


class Mitigation(models.Model):
    """A measure against a risk, with its cost and its effect: the residual probability and/or
    impact once this measure (and the earlier ones) are in place. Blank means unchanged."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    description = models.TextField()
    cost = models.DecimalField(**MONEY, default=0)
    probability_after = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    cost_min_after = models.DecimalField(**MONEY, null=True, blank=True)
    cost_likely_after = models.DecimalField(**MONEY, null=True, blank=True)
    cost_max_after = models.DecimalField(**MONEY, null=True, blank=True)
    delay_min_after = models.DecimalField(**DAYS, null=True, blank=True)
    delay_likely_after = models.DecimalField(**DAYS, null=True, blank=True)
    delay_max_after = models.DecimalField(**DAYS, null=True, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["risk", "added_at", "id"]

    def __str__(self) -> str:
        return self.description[:80]
