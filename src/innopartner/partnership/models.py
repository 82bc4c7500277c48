from django.conf import settings
from django.db import models

from innopartner.core.models import Entity

MONEY = {"max_digits": 14, "decimal_places": 2}


class Partner(Entity):
    class Status(models.TextChoices):
        ACTIVE = "active", "actief"
        DROPPED = "dropped", "afgevallen bij een beslismoment"
        ENDED = "ended", "partnerschap beëindigd"
        PURCHASE = "purchase", "afnamefase"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="partners"
    )
    operator = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    cofunding_share = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "operator"], name="partner_once")
        ]

    def __str__(self) -> str:
        return str(self.operator)


class PartnerPhase(models.Model):
    """One partner's run through one phase, with the assessment against its targets."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="phases")
    phase = models.ForeignKey("procedures.PhasePlan", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment = models.TextField(blank=True)
    targets_met = models.BooleanField(null=True)
    gate_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(max_length=10, blank=True)  # continue / stop / end

    class Meta:
        ordering = ["phase__number"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "phase"], name="partner_phase_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.phase}"


class TargetResult(models.Model):
    partner_phase = models.ForeignKey(
        PartnerPhase, on_delete=models.CASCADE, related_name="results"
    )
    target = models.ForeignKey(
        "procedures.IntermediateTarget", on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField()
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.target.description}: {self.met}"


class InstalmentPayment(models.Model):
    """Remuneration in instalments (Art. 31(2))."""

    partner_phase = models.ForeignKey(
        PartnerPhase, on_delete=models.PROTECT, related_name="payments"
    )
    instalment = models.ForeignKey(
        "procedures.PlannedInstalment", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**MONEY)
    paid_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner_phase", "instalment"], name="instalment_paid_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instalment.description}: {self.amount}"


class GateDecision(Entity):
    """The decision at a phase end: who continues, who is dropped, or the end of it all."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="gate_decisions"
    )
    phase = models.ForeignKey("procedures.PhasePlan", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_partnership = models.BooleanField(default=False)
    reasons = models.TextField()
    continuing = models.ManyToManyField("parties.Organisation", related_name="+", blank=True)
    stopped = models.ManyToManyField("parties.Organisation", related_name="+", blank=True)

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "phase"], name="one_gate_per_phase")
        ]


class PurchaseStart(models.Model):
    """The move to the purchase phase, with the performance measured and the prices agreed."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="purchase_start"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    measured = models.JSONField(default=dict)
    agreed_prices = models.JSONField(default=dict)  # purchase item id -> unit price
    agreed_total = models.DecimalField(**MONEY)

    def __str__(self) -> str:
        return f"afname bij {self.partner}"


class CallOff(Entity):
    """One purchase under the agreed terms, by one of the joint buyers."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="call_offs"
    )
    buyer = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="call_offs")
    item = models.ForeignKey("procedures.PurchaseItem", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=14, decimal_places=2)
    unit_price = models.DecimalField(**MONEY)
    ordered_at = models.DateTimeField()
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ordered_at"]

    @property
    def amount(self):
        return self.quantity * self.unit_price


class ProgressReport(Entity):
    """A partner's report on its progress towards one intermediate target of its running phase
    (Art. 31(2): the buyer assesses the partners' performance against the intermediate
    targets). Only the partner itself and the buyer side read it; never another partner
    (Art. 31(6))."""

    partner_phase = models.ForeignKey(
        PartnerPhase, on_delete=models.CASCADE, related_name="progress_reports"
    )
    target = models.ForeignKey(
        "procedures.IntermediateTarget", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["reported_at"]

    def __str__(self) -> str:
        return f"{self.partner_phase}: {self.target.description[:40]}"
