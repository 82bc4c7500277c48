"""Decision support: the choice of procedure, the risk register and its Monte Carlo
quantification, total cost of ownership, the number of partners to fund, and the ranking of a
round with its sensitivity (docs/decision-support.md, docs/risks-and-scoring.md).

The same services, selectors and pure functions as ``innopartner analyse ...``; the JSON is the
CLI's ``--json``. The buyer's staff act; auditors read; the analyses of a procedure are internal
to the buyer, so everyone else is refused."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from innopartner.core.exceptions import NotAllowed, NotFound, RuleViolation
from innopartner.decisions import partners
from innopartner.decisions import services as decisions
from innopartner.decisions.models import TcoCostLine, TcoOption
from innopartner.decisions.selectors import (
    latest_procedure_choice,
    procedure_choice_report,
    tco_report,
)
from innopartner.evaluation import services as evaluation
from innopartner.evaluation.models import LotDrawing
from innopartner.evaluation.selectors import scoring_report
from innopartner.procedures.selectors import may_read_internals
from innopartner.risks import services as risks
from innopartner.risks import simulation
from innopartner.risks.models import Mitigation, Risk
from innopartner.risks.selectors import analysis_dict, risk_analysis, risk_register

from .. import serializers as out
from ..fields import DateInRangeField, TextField
from ..selectors import organisation, round_in
from .base import READ_ERRORS, Endpoint, ReadEndpoint, combine

MAX_ITERATIONS = 200_000
INTERNAL_READ_ERRORS = (*READ_ERRORS, 403)
TAG = "analysis"


def ensure_may_read_internals(*, user, procedure, what: str) -> None:
    """The analyses of a procedure are internal to the buyer: its staff and auditors read them
    (procedures.selectors.may_read_internals)."""
    if not may_read_internals(user=user, procedure=procedure):
        raise NotAllowed(
            f"{what} is er voor de aanbestedende dienst en de auditor.",
            code="analysis-not-allowed",
        )


# Choice of procedure -----------------------------------------------------------------------


class ProcedureChoiceOut(serializers.Serializer):
    procedure = serializers.CharField(help_text="UUID of the procedure.")
    case = serializers.CharField(allow_null=True, help_text="Case code, if any.")
    procedure_type = serializers.CharField(help_text="The procedure type chosen so far.")
    recommendation = serializers.CharField(
        help_text="innovation_partnership, pcp, competitive_negotiation, competitive_dialogue "
        "or open_or_restricted."
    )
    matches_procedure_type = serializers.BooleanField()
    reasons = serializers.JSONField(help_text="Why, citing the articles.")
    what_would_change = serializers.JSONField(
        help_text="Each single answer that, answered otherwise, changes the advice."
    )
    answers = serializers.JSONField()
    assessed_at = serializers.CharField()
    assessed_by = serializers.CharField(allow_null=True)


class ProcedureChoiceAssessApi(Endpoint):
    """Answer the procedure-choice questions and store the advice

    The advice, its reasons and what would change it are stored with the preparation record
    and the audit trail. Every question must be answered (docs/decision-support.md)."""

    tag = TAG
    example = {
        "answers": {
            "rd_needed": True,
            "solution_on_market": "none",
            "functional_only": True,
            "purchase_at_scale": True,
            "risk_appetite": "medium",
            "market_appetite": "high",
            "acceptance_issue": False,
            "cofunding": False,
            "means_definable": False,
        }
    }

    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(
            child=serializers.JSONField(),
            help_text="Question key: answer (rd_needed, solution_on_market, functional_only, "
            "purchase_at_scale, risk_appetite, market_appetite, acceptance_issue, cofunding, "
            "means_definable).",
        )

    OutputSerializer = ProcedureChoiceOut

    def perform(self, *, request, procedure, data, now, **path):
        decisions.procedure_choice_assess(
            procedure=procedure, answers=data["answers"], now=now, actor=request.user
        )
        # As stored (and as the GET and the CLI render it).
        return procedure_choice_report(procedure, latest_procedure_choice(procedure))


class ProcedureChoiceReadApi(ReadEndpoint):
    """Read the latest procedure-choice advice of a procedure

    For the buyer's staff of the procedure and for auditors."""

    tag = TAG
    errors = INTERNAL_READ_ERRORS
    OutputSerializer = ProcedureChoiceOut

    def perform(self, *, request, procedure, data, now, **path):
        ensure_may_read_internals(user=request.user, procedure=procedure, what="Het advies")
        assessment = latest_procedure_choice(procedure)
        if assessment is None:
            raise NotFound(
                "Deze procedure heeft nog geen beantwoorde procedurekeuzevragen.",
                code="no-procedure-choice-assessment",
            )
        return procedure_choice_report(procedure, assessment)


# Risk register ------------------------------------------------------------------------------


def _three(*, digits: int, places: int, what: str, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.DecimalField(max_digits=digits, decimal_places=places),
        max_length=3,
        help_text=f"{what}: minimum, most likely, maximum.",
        **kwargs,
    )


class MitigationIn(serializers.Serializer):
    description = TextField()
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="EUR.")
    probability_after = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, allow_null=True, default=None
    )
    cost_after = _three(
        digits=14, places=2, what="EUR", required=False, allow_null=True, default=None
    )
    delay_after = _three(
        digits=8, places=1, what="Days", required=False, allow_null=True, default=None
    )


class MitigationOut(serializers.ModelSerializer):
    class Meta:
        model = Mitigation
        # No id, here or on the risk (named by its number): the integer keys count the risks
        # of every buyer in the installation (docs/security.md, identifiers).
        fields = [
            "description",
            "cost",
            "probability_after",
            "cost_min_after",
            "cost_likely_after",
            "cost_max_after",
            "delay_min_after",
            "delay_likely_after",
            "delay_max_after",
            "added_at",
        ]


class RiskOut(serializers.ModelSerializer):
    mitigations = MitigationOut(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "number",
            "title",
            "description",
            "category",
            "owner",
            "probability",
            "cost_min",
            "cost_likely",
            "cost_max",
            "delay_min",
            "delay_likely",
            "delay_max",
            "status",
            "review_date",
            "source",
            "recorded_at",
            "mitigations",
        ]


class RiskRecordApi(Endpoint):
    """Record a risk in the register, with its mitigations

    Category, owner (buyer, partner, shared), probability and the impact on cost (EUR) and time
    (days) as three-point estimates; each mitigation states its cost and the residual values
    with it in place. All or nothing."""

    tag = TAG
    example = {
        "title": "Sensor haalt de nauwkeurigheid niet",
        "category": "technical",
        "owner": "partner",
        "probability": "0.3",
        "cost": ["10000", "50000", "150000"],
        "delay": ["0", "30", "90"],
        "mitigations": [
            {"description": "Tweede meetprincipe", "cost": "20000", "probability_after": "0.1"}
        ],
    }

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=300)
        description = TextField(required=False, allow_blank=True, default="")
        category = serializers.CharField(
            max_length=30,
            help_text="technical, commercial, contractual, reputational, financial or planning.",
        )
        owner = serializers.CharField(max_length=30, help_text="buyer, partner or shared.")
        probability = serializers.DecimalField(
            max_digits=4, decimal_places=3, help_text="Between 0 and 1."
        )
        cost = _three(digits=14, places=2, what="EUR")
        delay = _three(digits=8, places=1, what="Days")
        review_date = DateInRangeField(required=False, allow_null=True, default=None)
        source = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        mitigations = serializers.ListField(
            child=MitigationIn(), max_length=50, required=False, default=list
        )

    OutputSerializer = RiskOut

    def perform(self, *, request, procedure, data, now, **path):
        mitigations = data.pop("mitigations")
        with transaction.atomic():
            risk = risks.risk_record(procedure=procedure, now=now, actor=request.user, **data)
            for mitigation in mitigations:
                risks.mitigation_add(risk=risk, now=now, actor=request.user, **mitigation)
        return Risk.objects.prefetch_related("mitigations").get(pk=risk.pk)


class RiskRegisterApi(ReadEndpoint):
    """Read the risk register of a procedure, with the mitigations

    Internal to the buyer: for its staff and for auditors."""

    tag = TAG
    many = True
    errors = INTERNAL_READ_ERRORS
    OutputSerializer = RiskOut

    def perform(self, *, request, procedure, data, now, **path):
        ensure_may_read_internals(user=request.user, procedure=procedure, what="Het risicoregister")
        return risk_register(procedure)


class RiskSimulationApi(ReadEndpoint):
    """Quantify the risk register by Monte Carlo simulation

    Cost overrun (EUR) and delay (days): P50, P80 and P95 before and after mitigation, the
    risks that drive them most (drop in P80 without the risk) and the heat map. Reproducible
    with a seed. Internal to the buyer: for its staff and for auditors."""

    tag = TAG
    errors = INTERNAL_READ_ERRORS

    class InputSerializer(serializers.Serializer):
        iterations = serializers.IntegerField(
            min_value=1,
            max_value=MAX_ITERATIONS,
            default=10_000,
            help_text=f"Number of iterations (1 to {MAX_ITERATIONS:,}; default 10,000).",
        )
        seed = serializers.IntegerField(
            min_value=0,
            max_value=2**63 - 1,
            required=False,
            allow_null=True,
            default=None,
            help_text="Seed of the random generator, for a reproducible result.",
        )
        distribution = serializers.ChoiceField(
            choices=simulation.DISTRIBUTIONS,
            default="triangular",
            help_text="Distribution of a three-point estimate.",
        )
        top = serializers.IntegerField(
            min_value=1, max_value=50, default=5, help_text="Number of drivers shown."
        )

    class OutputSerializer(serializers.Serializer):
        procedure = serializers.CharField(help_text="Case code or UUID of the procedure.")
        iterations = serializers.IntegerField()
        seed = serializers.IntegerField(allow_null=True)
        distribution = serializers.CharField()
        cost_overrun = serializers.JSONField(
            help_text="unit, before and after: mean, p50, p80, p95 and drivers."
        )
        delay = serializers.JSONField(help_text="As cost_overrun, in days.")
        p50 = serializers.JSONField(help_text="Before mitigation: cost_overrun and delay.")
        p80 = serializers.JSONField(help_text="Before mitigation: cost_overrun and delay.")
        p95 = serializers.JSONField(help_text="Before mitigation: cost_overrun and delay.")
        top_drivers = serializers.JSONField(help_text="Before mitigation, largest first.")
        mitigation_cost = serializers.FloatField()
        heat_map = serializers.JSONField(
            help_text="5x5 counts, probability class (rows) against impact class (columns)."
        )

    def perform(self, *, request, procedure, data, now, **path):
        ensure_may_read_internals(user=request.user, procedure=procedure, what="De risicoanalyse")
        analysis = risk_analysis(
            procedure,
            iterations=data["iterations"],
            seed=data["seed"],
            distribution=data["distribution"],
        )
        return analysis_dict(
            analysis, procedure=procedure.slug or str(procedure.pk), top=data["top"]
        )


# Total cost of ownership ----------------------------------------------------------------------

_YEAR = {"min_value": 0, "max_value": 32767, "required": False}
_AMOUNT = {"max_value": 999_999_999_999.0, "required": False}

TcoLineIn = type(
    "TcoLineIn",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "A cost line: `amount`, or `quantity` x `unit_price`, in `year`, or every "
        "`every` years from `from` to `to`.",
        "category": serializers.CharField(
            max_length=30,
            help_text="acquisition, development, operation, maintenance, energy, co2 or "
            "end_of_life (see docs/decision-support.md).",
        ),
        "amount": serializers.FloatField(**_AMOUNT, help_text="EUR, constant prices."),
        "quantity": serializers.FloatField(**_AMOUNT),
        "unit_price": serializers.FloatField(**_AMOUNT, help_text="EUR per unit."),
        "year": serializers.IntegerField(**_YEAR, help_text="Year 0 is the start."),
        "from": serializers.IntegerField(**_YEAR),
        "to": serializers.IntegerField(**_YEAR),
        "every": serializers.IntegerField(**_YEAR),
        "description": serializers.CharField(max_length=300, required=False, allow_blank=True),
    },
)


class TcoCostLineOut(serializers.ModelSerializer):
    class Meta:
        model = TcoCostLine
        fields = [
            "category",
            "description",
            "quantity",
            "unit_price",
            "first_year",
            "last_year",
            "every",
        ]


class TcoOptionOut(serializers.ModelSerializer):
    operator = out.OrganisationRef(allow_null=True, read_only=True)
    lines = TcoCostLineOut(many=True, read_only=True)

    class Meta:
        model = TcoOption
        fields = [
            "id",
            "name",
            "description",
            "operator",
            "horizon_years",
            "assumed",
            "source",
            "recorded_at",
            "lines",
        ]


class TcoOptionRecordApi(Endpoint):
    """Record an option (or a tender) with its cost lines, for the TCO comparison"""

    tag = TAG
    example = {
        "name": "Warmtepomp",
        "horizon_years": 25,
        "lines": [
            {"category": "acquisition", "amount": 250000, "year": 0},
            {"category": "energy", "quantity": 40000, "unit_price": 0.3, "from": 1, "to": 25},
        ],
    }

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        description = TextField(required=False, allow_blank=True, default="")
        horizon_years = serializers.IntegerField(
            min_value=0, max_value=32767, help_text="Years (Hof van Twente: 25)."
        )
        lines = serializers.ListField(child=TcoLineIn(), max_length=200)
        operator = serializers.UUIDField(
            required=False, allow_null=True, default=None, help_text="If the option is a tender."
        )
        assumed = serializers.BooleanField(
            required=False, default=False, help_text="Figures assumed where sources are silent."
        )
        source = TextField(required=False, allow_blank=True, default="")

    OutputSerializer = TcoOptionOut

    def perform(self, *, request, procedure, data, now, **path):
        operator = data.pop("operator")
        option = decisions.tco_option_record(
            procedure=procedure,
            operator=None if operator is None else organisation(operator),
            now=now,
            actor=request.user,
            **data,
        )
        return (
            TcoOption.objects.select_related("operator").prefetch_related("lines").get(pk=option.pk)
        )


class TcoAnalysisApi(ReadEndpoint):
    """Compare the TCO options of a procedure

    Net present value, cost per year, break-even between options and the sensitivity of the
    ranking to the discount rate and the energy price. Internal to the buyer: for its staff
    and for auditors."""

    tag = TAG
    errors = INTERNAL_READ_ERRORS

    class InputSerializer(serializers.Serializer):
        rate = serializers.FloatField(
            min_value=-0.05,
            max_value=0.5,
            required=False,
            allow_null=True,
            default=None,
            help_text="Real discount rate as a fraction (default: INNOPARTNER_DISCOUNT_RATE).",
        )

    class OutputSerializer(serializers.Serializer):
        procedure = serializers.CharField(help_text="UUID of the procedure.")
        case = serializers.CharField(allow_null=True)
        discount_rate = serializers.FloatField()
        horizon_years = serializers.IntegerField()
        options = serializers.JSONField(
            help_text="Per option: npv, equivalent_annual_cost, undiscounted_total, ..."
        )
        ranking = serializers.JSONField(help_text="Option names, cheapest first.")
        cheapest = serializers.JSONField()
        break_even = serializers.JSONField()
        sensitivity = serializers.JSONField()

    def perform(self, *, request, procedure, data, now, **path):
        ensure_may_read_internals(user=request.user, procedure=procedure, what="De TCO-analyse")
        return tco_report(procedure, rate=data["rate"])


# Partners and development budget ------------------------------------------------------------

_DEFAULT_MODEL = partners.PartnerModel()
_LARGE = 1e15


class PartnersCompareApi(ReadEndpoint):
    """Compare funding 1 to N partners with a development budget (the IFV dilemma)

    The chance that at least one partner reaches a working solution, the expected cost per
    working solution and the best number of partners, with the model written out
    (docs/decision-support.md). A computation only: nothing is stored."""

    tag = TAG
    needs_procedure = False

    class InputSerializer(serializers.Serializer):
        budget = serializers.FloatField(
            max_value=_LARGE, help_text="Total development budget in EUR."
        )
        max_partners = serializers.IntegerField(
            min_value=-(2**31),
            max_value=2**31,
            default=6,
            help_text="Compare 1 to this many partners (at most 50).",
        )
        p_max = serializers.FloatField(
            max_value=_LARGE,
            default=_DEFAULT_MODEL.p_max,
            help_text="Chance of success of one partner with unlimited budget.",
        )
        b_half = serializers.FloatField(
            max_value=_LARGE,
            default=_DEFAULT_MODEL.b_half,
            help_text="Budget (EUR) at which a partner reaches half of p_max.",
        )
        fixed_cost = serializers.FloatField(
            max_value=_LARGE,
            default=_DEFAULT_MODEL.fixed_cost,
            help_text="EUR of each partner's share that buys no progress.",
        )
        common_cause = serializers.FloatField(
            max_value=_LARGE,
            default=_DEFAULT_MODEL.common_cause,
            help_text="Probability that one shared cause defeats every approach.",
        )

    class OutputSerializer(serializers.Serializer):
        budget = serializers.FloatField()
        model = serializers.JSONField(help_text="p_max, b_half, fixed_cost, common_cause.")
        formula = serializers.CharField()
        by_partners = serializers.JSONField(help_text="One row per number of partners.")
        best_partners = serializers.IntegerField()
        best = serializers.JSONField()

    def perform(self, *, request, procedure, data, now, **path):
        budget = data.pop("budget")
        max_partners = data.pop("max_partners")
        return partners.compare(
            budget=budget, max_partners=max_partners, model=partners.PartnerModel(**data)
        )


# Ranking and lot drawing ----------------------------------------------------------------------


class RoundRankingApi(ReadEndpoint):
    """Rank the tenders of an opened round by the announced scoring method

    The points per criterion, and the sensitivity check shown to the committee before the
    award decision: the smallest change of one score or one weight that changes the winner.
    For the buyer's staff and auditors, after the round's opening."""

    tag = TAG
    errors = (*INTERNAL_READ_ERRORS, 409)

    class OutputSerializer(serializers.Serializer):
        procedure = serializers.CharField(help_text="Case code or UUID of the procedure.")
        round = serializers.IntegerField()
        method = serializers.JSONField(help_text="The scoring method as the notice declares it.")
        ranking = serializers.JSONField(
            help_text="rank, tenderer, total, quality_points, price, fictitious_price, points."
        )
        sensitivity = serializers.JSONField(
            help_text="smallest, smallest_score_change, smallest_weight_change (or null)."
        )

    def perform(self, *, request, procedure, data, now, n, **path):
        ensure_may_read_internals(user=request.user, procedure=procedure, what="De rangorde")
        tender_round = round_in(procedure=procedure, n=n)
        if not tender_round.is_opened:
            raise RuleViolation(
                f"De inschrijvingen van ronde {tender_round.number} zijn nog niet geopend.",
                code="round-not-opened",
            )
        return scoring_report(procedure, round_number=tender_round.number)


class LotDrawingOut(serializers.ModelSerializer):
    round = serializers.IntegerField(source="tender_round.number")

    class Meta:
        model = LotDrawing
        fields = ["round", "order", "drawn_at", "witness"]


class LotDrawApi(Endpoint):
    """Draw lots among tenders still tied after the declared tie-break rule

    Once per round, with a witness; only if the notice declared a drawing of lots."""

    tag = TAG
    example = {"witness": "J. de Vries, notaris"}

    class InputSerializer(serializers.Serializer):
        witness = serializers.CharField(max_length=200)

    OutputSerializer = LotDrawingOut

    def perform(self, *, request, procedure, data, now, n, **path):
        return evaluation.lot_draw(
            tender_round=round_in(procedure=procedure, n=n),
            witness=data["witness"],
            now=now,
            actor=request.user,
        )


ProcedureChoiceApi = combine("ProcedureChoiceApi", ProcedureChoiceReadApi, ProcedureChoiceAssessApi)
RisksApi = combine("RisksApi", RiskRegisterApi, RiskRecordApi)
