from django.conf import settings
from django.db import models


class Score(models.Model):
    """One evaluator's independent score of one tender on one award criterion."""

    tender = models.ForeignKey("tendering.Tender", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "procedures.AwardCriterion", on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(max_digits=6, decimal_places=2)
    justification = models.TextField()
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tender", "criterion", "evaluator"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} {self.criterion}: {self.score}"


class ConsensusScore(models.Model):
    """The committee's agreed score of a tender on a criterion."""

    tender = models.ForeignKey(
        "tendering.Tender", on_delete=models.CASCADE, related_name="consensus_scores"
    )
    criterion = models.ForeignKey(
        "procedures.AwardCriterion", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(max_digits=6, decimal_places=2)
    justification = models.TextField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tender", "criterion"], name="consensus_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class LotDrawing(models.Model):
    """The drawing of lots that the declared tie-break rule ends with, recorded once per round:
    the tied tenders in the order drawn, who drew, who witnessed."""

    tender_round = models.OneToOneField(
        "tendering.TenderRound", on_delete=models.CASCADE, related_name="lot_drawing"
    )
    order = models.JSONField()  # tender ids (str) in the order drawn
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    witness = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"loting {self.tender_round}"
