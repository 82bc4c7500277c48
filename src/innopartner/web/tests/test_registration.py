"""A company signs itself up at /registreren/: operator and first supplier user in one
transaction (parties.services.supplier_register). A company already registered is refused
(otherwise anyone could act for a competitor); weak passwords, a filled honeypot and too many
sign-ups from one address store nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from innopartner.audit.models import AuditRecord
from innopartner.parties import services as parties
from innopartner.parties.models import Membership, Organisation
from innopartner.web.views.registration import REGISTRATIONS_PER_HOUR

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
URL = "/registreren/"
FORM = {
    "company_name": "Nieuw Idee B.V.",
    "country": "NL",
    "kvk_number": "1234 5678",
    "foreign_registration": "",
    "is_sme": "on",
    "full_name": "Sanne de Vries",
    "email": "sanne@nieuwidee.nl",
    "username": "sanne",
    "password1": "paarse-olifant-93",
    "password2": "paarse-olifant-93",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def counts():
    return (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        AuditRecord.objects.count(),
    )


def test_every_input_has_a_label(client):
    body = client.get(URL).content.decode()
    for name in FORM:
        assert f'for="id_{name}"' in body, name
    assert body.index("<h1>") < body.index("<legend>")


def test_a_company_signs_up_and_is_signed_in(client, db):
    response = client.post(URL, FORM)
    assert response.status_code == 302
    assert response["Location"] == "/overzicht/"
    operator = Organisation.objects.get(kvk_number="12345678")
    assert (operator.kind, operator.is_sme, operator.name) == ("operator", True, "Nieuw Idee B.V.")
    user = get_user_model().objects.get(username="sanne")
    assert user.check_password("paarse-olifant-93")
    assert (user.first_name, user.last_name, user.email) == ("Sanne", "de Vries", FORM["email"])
    assert Membership.objects.filter(user=user, organisation=operator, role="supplier").exists()
    assert AuditRecord.objects.filter(action="supplier.registered", actor=user).exists()
    assert AuditRecord.objects.filter(action="operator.registered").exists()
    # signed in, acting for the new company, without a second factor (supplier role)
    dashboard = client.get("/overzicht/")
    assert dashboard.status_code == 200
    assert "Nieuw Idee B.V." in dashboard.content.decode()


def test_a_foreign_company_signs_up_with_its_own_registration(client, db):
    data = {**FORM, "country": "be", "kvk_number": "", "foreign_registration": "BE0123456789"}
    assert client.post(URL, data).status_code == 302
    operator = Organisation.objects.get(foreign_registration="BE0123456789")
    assert operator.country == "BE"


def test_a_company_already_registered_is_refused(client, db):
    parties.operator_create(name="Bestaand B.V.", kvk_number="12345678", now=NOW)
    before = counts()
    response = client.post(URL, FORM)
    assert response.status_code == 400
    body = response.content.decode()
    assert "operator-already-registered" in body
    assert "Medewerkers" in body
    assert counts() == before
    assert not client.session.get("_auth_user_id")


def test_a_foreign_registration_already_known_is_refused(client, db):
    parties.operator_create(
        name="Belg N.V.", country="BE", foreign_registration="BE0123456789", now=NOW
    )
    before = counts()
    data = {**FORM, "country": "BE", "kvk_number": "", "foreign_registration": "be0123456789"}
    response = client.post(URL, data)
    assert "operator-already-registered" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "password-weak"),
        ({"password1": "sanne@nieuwidee", "password2": "sanne@nieuwidee"}, "password-weak"),
        ({"password2": "iets-anders-77"}, "niet gelijk"),
        ({"kvk_number": "1234"}, "kvk-number-invalid"),
        ({"kvk_number": ""}, "kvk-number-missing"),
        ({"country": "B"}, "country-invalid"),
        ({"username": "officer"}, "username-taken"),
        ({"email": "geen-adres"}, "id_email"),
    ],
)
def test_bad_input_stores_nothing(client, db, changes, shown):
    company = parties.operator_create(name="Ander B.V.", kvk_number="99999999", now=NOW)
    parties.person_add(username="officer", organisation=company, role="supplier", now=NOW)
    before = counts()
    response = client.post(URL, {**FORM, **changes})
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert counts() == before


def test_a_filled_honeypot_stores_nothing(client, db):
    before = counts()
    response = client.post(URL, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert counts() == before
    assert not client.session.get("_auth_user_id")


def test_too_many_sign_ups_from_one_address_are_refused(client, db):
    for _ in range(REGISTRATIONS_PER_HOUR):
        client.post(URL, {**FORM, "kvk_number": "1234"})  # refused, but counted
    before = counts()
    response = client.post(URL, FORM)
    assert response.status_code == 429
    assert "registration-rate-limited" in response.content.decode()
    assert counts() == before


def test_the_new_supplier_adds_a_colleague_of_the_own_company(client, db):
    client.post(URL, FORM)
    response = client.post(
        "/organisatie/medewerkers/",
        {"full_name": "Piet", "email": "piet@nieuwidee.nl", "username": "piet", "role": "supplier"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__username="piet", organisation__kvk_number="12345678", role="supplier"
    ).exists()
