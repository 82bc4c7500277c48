from django.conf import settings
from django.db import models

from innopartner.core.models import Entity

from .choice import RECOMMENDATIONS
from .tco import CATEGORIES


class ProcedureChoiceAssessment(Entity):
    """The answers to the procedure-choice questions, the advice they led to with its reasons
    (citing the articles), and which answers would change it. Part of the preparation record;
    the latest one counts, earlier ones stay as history."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="choice_assessments"
    )
    answers = models.JSONField()
    recommendation = models.CharField(max_length=30, choices=[(r, r) for r in RECOMMENDATIONS])
    reasons = models.JSONField(default=list)
    sensitivities = models.JSONField(default=list)  # what would change the advice
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"{self.procedure}: {self.recommendation}"


class TcoOption(Entity):
    """An option (a design alternative, or one tender) whose total cost of ownership is compared
    with the others of the procedure over its horizon."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="tco_options"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    operator = models.ForeignKey(
        "parties.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    horizon_years = models.PositiveSmallIntegerField()
    assumed = models.BooleanField(default=False)  # figures assumed where the sources are silent
    source = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "name"], name="tco_option_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class TcoCostLine(models.Model):
    """quantity x unit_price in every year from first_year to last_year, every ``every`` years
    (energy: quantity x energy price; CO2: tonnes x shadow price per tonne)."""

    option = models.ForeignKey(TcoOption, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=20, choices=[(c, c) for c in CATEGORIES])
    description = models.CharField(max_length=300, blank=True)
    quantity = models.DecimalField(max_digits=16, decimal_places=4, default=1)
    unit_price = models.DecimalField(max_digits=16, decimal_places=4)
    first_year = models.PositiveSmallIntegerField(default=0)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    every = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.category}: {self.quantity} x {self.unit_price}"
