from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from innopartner.core.models import Entity


class Organisation(Entity):
    """A contracting authority (aanbestedende dienst), an economic operator (ondernemer) or a
    consortium (combinatie) of operators, or another body such as an audit office."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", "aanbestedende dienst / contracting authority"
        OPERATOR = "operator", "ondernemer / economic operator"
        CONSORTIUM = "consortium", "combinatie / consortium"
        OTHER = "other", "overig / other"

    class AuthorityType(models.TextChoices):
        MUNICIPALITY = "municipality", "gemeente"
        PROVINCE = "province", "provincie"
        WATER_BOARD = "water_board", "waterschap"
        CENTRAL = "central", "rijksoverheid"
        AGENCY = "agency", "uitvoeringsorganisatie / agency"
        FOREIGN = "foreign", "buitenlandse overheid / foreign authority"
        OTHER = "other", "overig"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    authority_type = models.CharField(max_length=20, choices=AuthorityType.choices, blank=True)
    country = models.CharField(max_length=2, default="NL")
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True, db_index=True)
    foreign_registration = models.CharField(max_length=100, blank=True)
    is_sme = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            # A company is known by its registration (operator_create refuses a second sign-up
            # with code operator-already-registered). The database holds it too, so that two
            # sign-ups at the same moment cannot both pass the check. A KvK number names one
            # legal person, whatever its kind: an authority and a company never share one.
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=~models.Q(kvk_number=""),
                name="organisation_kvk_once",
            ),
            # A foreign registration is unique within its country, whatever its case
            # ("HRB 123" and "hrb 123" are the same entry of the same register).
            models.UniqueConstraint(
                "country",
                Lower("foreign_registration"),
                condition=~models.Q(foreign_registration=""),
                name="organisation_foreign_registration_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_economic_operator(self) -> bool:
        return self.kind in (self.Kind.OPERATOR, self.Kind.CONSORTIUM)


class ConsortiumMember(models.Model):
    consortium = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_links"
    )
    member = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consortium_links"
    )
    is_lead = models.BooleanField(default=False)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consortium", "member"], name="consortium_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.consortium}"


class Membership(models.Model):
    """A person acts for an organisation in a role."""

    class Role(models.TextChoices):
        PROCUREMENT_OFFICER = "procurement_officer", "inkoper / procurement officer"
        PROJECT_LEADER = "project_leader", "projectleider / project leader"
        EVALUATOR = "evaluator", "beoordelaar / evaluator"
        SUPPLIER = "supplier", "marktpartij / supplier user"
        AUDITOR = "auditor", "auditor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_once")
        ]

    BUYER_ROLES = frozenset({Role.PROCUREMENT_OFFICER, Role.PROJECT_LEADER})

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.role})"
