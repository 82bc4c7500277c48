"""A company is registered once: the database holds it (organisation_kvk_once,
organisation_foreign_registration_once), and operator_create turns a sign-up that lost the race
into the same clear refusal as its own check, with nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import RuleViolation
from innopartner.parties import services as parties
from innopartner.parties.models import Organisation

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _org(**fields) -> Organisation:
    return Organisation.objects.create(created_at=NOW, **{"kind": "operator", **fields})


def test_the_database_refuses_a_kvk_number_twice_whatever_the_kind(db):
    _org(name="Eerste B.V.", kvk_number="12345678")
    for kind in ("operator", "authority"):
        with pytest.raises(IntegrityError), transaction.atomic():
            _org(name="Tweede", kind=kind, kvk_number="12345678")
    assert Organisation.objects.filter(kvk_number="12345678").count() == 1


def test_the_database_refuses_a_foreign_registration_twice_whatever_its_case(db):
    _org(name="Belg N.V.", country="BE", foreign_registration="BE0123456789")
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(name="Ander N.V.", country="BE", foreign_registration="be0123456789")
    # The same number in another country's register is another company.
    _org(name="Lux S.A.", country="LU", foreign_registration="be0123456789")
    assert Organisation.objects.filter(country="BE").count() == 1


def test_organisations_without_registration_are_not_limited(db):
    # Consortia and other bodies have neither a KvK number nor a foreign registration.
    _org(name="Combinatie 1", kind="consortium")
    _org(name="Combinatie 2", kind="consortium")
    _org(name="Auditdienst", kind="other")
    assert Organisation.objects.filter(kvk_number="", foreign_registration="").count() == 3


@pytest.fixture
def lost_race(monkeypatch):
    """The other sign-up stored the company (in its own transaction) while this one's check
    still found it free: the check is made to miss it, so that only the database stands in
    the way."""
    checks = []

    def check_missed_the_competitor(**registration):
        checks.append(registration)
        return False

    monkeypatch.setattr(parties, "_registered_operator_exists", check_missed_the_competitor)
    return checks


def _competitor(**registration) -> Organisation:
    return _org(name="Snelste B.V.", **registration)


@pytest.mark.parametrize(
    "registration",
    [
        {"kvk_number": "1234 5678"},
        {"country": "BE", "foreign_registration": " BE0123456789 "},
    ],
    ids=["kvk", "foreign"],
)
def test_a_sign_up_that_lost_the_race_is_refused_and_stores_nothing(db, lost_race, registration):
    _competitor(
        country=registration.get("country", "NL"),
        kvk_number=registration.get("kvk_number", "").replace(" ", ""),
        foreign_registration=registration.get("foreign_registration", "").strip().lower(),
    )
    with pytest.raises(RuleViolation) as refused:
        parties.operator_create(name="Trage B.V.", now=NOW, **registration)
    assert refused.value.code == "operator-already-registered"
    assert len(lost_race) == 1  # the check ran, and let it through
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Snelste B.V."]
    assert not AuditRecord.objects.filter(action="operator.registered").exists()


def test_the_whole_self_sign_up_is_refused_when_it_lost_the_race(db, lost_race):
    _competitor(kvk_number="12345678")
    with pytest.raises(RuleViolation) as refused:
        parties.supplier_register(
            company_name="Trage B.V.",
            full_name="Piet Traag",
            email="piet@traag.example",
            username="piet",
            password="een-lang-en-sterk-wachtwoord-42",
            kvk_number="12345678",
            now=NOW,
        )
    assert refused.value.code == "operator-already-registered"
    assert len(lost_race) == 1
    assert not get_user_model().objects.filter(username="piet").exists()
    assert not AuditRecord.objects.exists()
    assert Organisation.objects.get().name == "Snelste B.V."


def test_the_friendly_check_still_refuses_before_the_insert(db):
    parties.operator_create(name="Eerste B.V.", kvk_number="12345678", now=NOW)
    parties.operator_create(
        name="Belg N.V.", country="BE", foreign_registration="BE0123456789", now=NOW
    )
    for registration in (
        {"kvk_number": "12.34.56.78"},
        {"country": "BE", "foreign_registration": "be0123456789"},
    ):
        with pytest.raises(RuleViolation) as refused:
            parties.operator_create(name="Tweede B.V.", now=NOW, **registration)
        assert refused.value.code == "operator-already-registered"
    assert Organisation.objects.count() == 2
    assert AuditRecord.objects.filter(action="operator.registered").count() == 2


@pytest.mark.django_db
def test_an_authority_with_a_kvk_number_already_registered_is_refused_clearly():
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    parties.operator_create(name="Bedrijf", kvk_number="12345678", now=now)
    with pytest.raises(RuleViolation) as refused:
        parties.authority_create(
            name="Gemeente Dubbel", authority_type="municipality", kvk_number="12345678", now=now
        )
    assert refused.value.code == "kvk-number-taken"
    assert not Organisation.objects.filter(name="Gemeente Dubbel").exists()
