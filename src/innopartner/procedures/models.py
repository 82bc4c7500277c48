import uuid

from django.conf import settings
from django.db import models

from innopartner.core.models import Entity

from .types import PROCEDURE_TYPES, Stage, procedure_type

MONEY = {"max_digits": 14, "decimal_places": 2}


def public_id_field() -> models.UUIDField:
    """The name of a record of the documents outside the database (API, open data). The
    integer key stays internal: sequential ids in a URL would tell any company how many
    requirements and criteria exist across every procedure (security.md, identifiers)."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


class Procedure(Entity):
    """One procurement procedure with its preparation record and procurement documents."""

    class Directive(models.TextChoices):
        PUBLIC_SECTOR = "2014/24", "Richtlijn 2014/24/EU (klassieke sectoren)"
        UTILITIES = "2014/25", "Richtlijn 2014/25/EU (speciale sectoren)"

    class PartnerStructure(models.TextChoices):
        ONE = "one", "één partner"
        SEVERAL = "several", "meerdere partners"

    class IpArrangement(models.TextChoices):
        BUYER_OWNS = "buyer_owns", "IE bij de opdrachtgever"
        LICENCE_NAMED_USES = "licence_named_uses", "licentie voor benoemde toepassingen"
        SUPPLIER_OWNS_WITH_LICENCE = (
            "supplier_owns_with_licence",
            "IE bij de ondernemer, licentie voor de opdrachtgever",
        )
        SPLIT_BY_COFUNDING = "split_by_cofunding", "verdeeld naar aandeel in de financiering"

    class Channel(models.TextChoices):
        TENDERNED = "tenderned", "TenderNed"
        TSENDER = "tsender", "Tsender via TenderNed"
        TED = "ted", "TED (buitenlandse aanbestedende dienst)"
        NONE = "none", "geen publicatieplicht"

    slug = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    reference = models.CharField("kenmerk", max_length=60, blank=True)
    title = models.CharField(max_length=300)
    procedure_type = models.CharField(
        max_length=40, choices=[(c, t.label_nl) for c, t in PROCEDURE_TYPES.items()]
    )
    stage = models.CharField(
        max_length=20, choices=[(s.value, s.value) for s in Stage], default=Stage.PREPARATION
    )
    directive = models.CharField(
        max_length=10, choices=Directive.choices, default=Directive.PUBLIC_SECTOR
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Preparation record (PIANOo step 1, vraagarticulatie)
    need_description = models.TextField("ambitie / behoeftebeschrijving (één A4)", blank=True)
    subject_kind = models.CharField(
        max_length=10,
        choices=[("supplies", "leveringen"), ("services", "diensten"), ("works", "werken")],
        default="supplies",
    )
    budget = models.DecimalField(**MONEY, null=True, blank=True)
    estimated_rd_value = models.DecimalField(**MONEY, null=True, blank=True)
    estimated_purchase_value = models.DecimalField(**MONEY, null=True, blank=True)
    proportionality_justification = models.TextField(blank=True)
    intended_partners = models.PositiveSmallIntegerField(null=True, blank=True)
    partner_structure = models.CharField(
        max_length=10, choices=PartnerStructure.choices, blank=True
    )
    ip_arrangement = models.CharField(max_length=30, choices=IpArrangement.choices, blank=True)
    ip_details = models.TextField(blank=True)
    ip_cofunding_share = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    procedure_choice_reasons = models.TextField(blank=True)
    alternatives_considered = models.JSONField(default=list, blank=True)
    horizon_years = models.PositiveSmallIntegerField(null=True, blank=True)

    # Procurement documents fixed in the notice
    candidates_min = models.PositiveSmallIntegerField(null=True, blank=True)
    candidates_max = models.PositiveSmallIntegerField(null=True, blank=True)
    successive_reduction = models.BooleanField(default=False)  # Art. 31(5), BT-52
    termination_option = models.BooleanField(default=False)  # Art. 31(2)
    termination_conditions = models.TextField(blank=True)
    purchase_max_cost = models.DecimalField(**MONEY, null=True, blank=True)
    publication_channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    notice_dispatched_at = models.DateTimeField(null=True, blank=True)
    requests_deadline = models.DateTimeField(null=True, blank=True)
    fewer_candidates_reason = models.TextField(blank=True)
    # How tenders are scored and ranked, fixed by the notice (Art. 67(5)); see
    # innopartner.evaluation.rules and docs/risks-and-scoring.md.
    scoring_method = models.CharField(
        max_length=20,
        choices=[
            ("weighted_sum", "gewogen som van scores"),
            ("value_for_money", "gunnen op waarde (fictieve prijs)"),
        ],
        default="weighted_sum",
    )
    price_scoring = models.CharField(
        max_length=30,
        choices=[
            ("relative_to_lowest", "ten opzichte van de laagste prijs"),
            ("linear_between_bounds", "lineair tussen twee grenzen"),
        ],
        default="relative_to_lowest",
    )
    price_bound_low = models.DecimalField(**MONEY, null=True, blank=True)
    price_bound_high = models.DecimalField(**MONEY, null=True, blank=True)
    quality_point_value = models.DecimalField(**MONEY, null=True, blank=True)
    tie_break_rule = models.CharField(
        max_length=30,
        choices=[
            ("quality_price_lot", "hoogste kwaliteit, dan laagste prijs, dan loting"),
            ("price_quality_lot", "laagste prijs, dan hoogste kwaliteit, dan loting"),
            ("shared", "gedeelde plaats; de dienst beslist"),
        ],
        default="quality_price_lot",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def type(self):
        return procedure_type(self.procedure_type)

    @property
    def lead_buyer(self):
        link = self.buyers.filter(is_lead=True).select_related("authority").first()
        return link.authority if link else None

    @property
    def is_published(self) -> bool:
        return self.notice_dispatched_at is not None


class ProcedureBuyer(models.Model):
    """A contracting authority in the procedure; several for joint procurement, one of them
    the lead (penvoerder) that runs it (Art. 38, 39 Dir. 2014/24/EU)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="buyers")
    authority = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(default=False)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "authority"], name="buyer_once")
        ]

    def __str__(self) -> str:
        return str(self.authority)


class StageChange(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20)
    to_stage = models.CharField(max_length=20)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage}"


class MarketConsultationEntry(models.Model):
    """Market exploration and consultation before the notice: who, when, what was learned."""

    class Kind(models.TextChoices):
        EXPLORATION = "exploration", "marktverkenning"
        INFORMATION_MEETING = "information_meeting", "informatiebijeenkomst"
        ONE_TO_ONE = "one_to_one", "individueel gesprek"
        DEMO = "demo", "demonstratie"
        WRITTEN = "written", "schriftelijke ronde"
        PATENT_SEARCH = "patent_search", "octrooionderzoek"
        EXPERT_INTERVIEW = "expert_interview", "expertinterview"

    public_id = public_id_field()
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    with_whom = models.TextField(blank=True)
    participants = models.PositiveIntegerField(null=True, blank=True)
    learned = models.TextField()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Requirement(models.Model):
    """An element of the description of need; ``is_minimum`` marks the minimum requirements
    that every tender must meet and that are never negotiated (Art. 31(1),(3))."""

    public_id = public_id_field()
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField()
    is_minimum = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class SelectionCriterion(models.Model):
    public_id = public_id_field()
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="selection_criteria"
    )
    text = models.TextField()
    covers_rd_capacity = models.BooleanField(default=False)  # Art. 31(6)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class AwardCriterion(models.Model):
    class Kind(models.TextChoices):
        QUALITY = "quality", "kwaliteit"
        PRICE = "price", "prijs"
        COST = "cost", "kosten (levenscyclus)"

    public_id = public_id_field()
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="award_criteria"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    weight = models.DecimalField(max_digits=6, decimal_places=2)
    scale_min = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    scale_max = models.DecimalField(max_digits=6, decimal_places=2, default=10)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PhasePlan(models.Model):
    """A phase of the partnership as announced in the documents (Art. 31(2))."""

    class GateKind(models.TextChoices):
        GO_NO_GO = "go_no_go", "go/no-go: wie de minimumeisen haalt gaat door"
        MINI_COMPETITION = "mini_competition", "mini-competitie: de beste N gaan door"
        FINAL = "final", "laatste fase: overgang naar afname"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="phase_plans")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    budget_per_partner = models.DecimalField(**MONEY, null=True, blank=True)
    gate_kind = models.CharField(max_length=20, choices=GateKind.choices)
    gate_continue_count = models.PositiveSmallIntegerField(null=True, blank=True)
    gate_criteria = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="phase_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class IntermediateTarget(models.Model):
    phase = models.ForeignKey(PhasePlan, on_delete=models.CASCADE, related_name="targets")
    description = models.TextField()
    is_minimum = models.BooleanField(default=True)  # must be met to pass a go/no-go gate

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]


class PlannedInstalment(models.Model):
    """Remuneration in instalments tied to the phase (Art. 31(2))."""

    phase = models.ForeignKey(PhasePlan, on_delete=models.CASCADE, related_name="instalments")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class PerformanceLevel(models.Model):
    """A performance level agreed for the purchase phase (Art. 31(2))."""

    public_id = public_id_field()
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="performance_levels"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=4)
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.target} {self.unit}".strip()


class PurchaseItem(models.Model):
    """What may be bought in the purchase phase, with its maximum unit price."""

    public_id = public_id_field()
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="purchase_items"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, default="stuk")
    max_unit_price = models.DecimalField(**MONEY)
    expected_quantity = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Notice(Entity):
    """A publication: prior information notice, contract notice, corrigendum or award notice."""

    class Kind(models.TextChoices):
        PRIOR_INFORMATION = "pin", "vooraankondiging"
        CONTRACT_NOTICE = "contract_notice", "aankondiging van een opdracht"
        CORRIGENDUM = "corrigendum", "rectificatie"
        CONTRACT_AWARD = "contract_award", "aankondiging van een gegunde opdracht"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    eforms_subtype = models.CharField(max_length=4, blank=True)
    channel = models.CharField(max_length=10, choices=Procedure.Channel.choices)
    dispatched_at = models.DateTimeField()
    due_by = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["dispatched_at"]


class DocumentChange(models.Model):
    """A change to the procurement documents after publication, with the written notice sent
    to every remaining tenderer and a new resubmission deadline (Art. 31(4))."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="document_changes"
    )
    description = models.TextField()
    requirement = models.ForeignKey(Requirement, null=True, blank=True, on_delete=models.SET_NULL)
    before_text = models.TextField(blank=True)
    after_text = models.TextField(blank=True)
    notified_at = models.DateTimeField()
    resubmission_deadline = models.DateTimeField()
    recipients = models.ManyToManyField("parties.Organisation", related_name="+")

    class Meta:
        ordering = ["notified_at"]

    def __str__(self) -> str:
        return self.description[:80]


class DecisionLetter(Entity):
    """A decision addressed to one operator, with its reasons (selection, reduction, award,
    gate). Only the addressee and the buyer see it."""

    class Kind(models.TextChoices):
        SELECTED = "selected", "uitnodiging tot inschrijving"
        NOT_SELECTED = "not_selected", "afwijzing verzoek tot deelneming"
        ELIMINATED = "eliminated", "afvallen in onderhandelingsronde"
        AWARD_INTENDED = "award_intended", "voorlopige gunningsbeslissing"
        AWARD_REJECTED = "award_rejected", "afwijzing inschrijving"
        GATE_CONTINUE = "gate_continue", "door naar de volgende fase"
        GATE_STOP = "gate_stop", "beëindiging partnerschap met deze partner"
        PARTNERSHIP_ENDED = "partnership_ended", "beëindiging van het partnerschap"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="letters")
    addressee = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reasons = models.TextField()
    sent_at = models.DateTimeField()
    standstill_ends = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
