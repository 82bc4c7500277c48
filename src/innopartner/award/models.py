from django.conf import settings
from django.db import models

from innopartner.core.models import Entity


class AwardDecision(Entity):
    """The intended award decision (gunningsbeslissing) with the ranking and reasons per
    tenderer; the standstill period runs from the day after it is sent (Aw 2012 art. 2.127)."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="award_decision"
    )
    tender_round = models.ForeignKey(
        "tendering.TenderRound", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    standstill_ends = models.DateField()
    earliest_signing = models.DateField()
    reasons = models.TextField()
    standstill_exception = models.CharField(max_length=30, blank=True)
    standstill_exception_reason = models.TextField(blank=True)


class AwardDecisionLine(models.Model):
    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="lines")
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()
    total = models.DecimalField(max_digits=7, decimal_places=2)
    points = models.JSONField(default=dict)
    awarded = models.BooleanField()

    class Meta:
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.operator}"


class Agreement(Entity):
    """The partnership agreement (or, without R&D phases, the contract) as concluded."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="agreement"
    )
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    award_notice_due = models.DateTimeField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    duration_years = models.PositiveSmallIntegerField(null=True, blank=True)
