"""The colleagues page: everyone sees the people of the session's organisation; buyer staff add
buyer staff and evaluators, a supplier user adds supplier colleagues, evaluators and auditors
add nobody (parties.rules.ensure_may_grant). A new colleague gets a set-password mail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import NotAllowed
from innopartner.parties import services as parties
from innopartner.parties.models import Membership

from .conftest import sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
URL = "/organisatie/medewerkers/"


@pytest.fixture
def world(db):
    buyer = parties.authority_create(name="Gemeente Proef", authority_type="municipality", now=NOW)
    other = parties.authority_create(name="Provincie Elders", authority_type="province", now=NOW)
    company = parties.operator_create(name="Slim B.V.", kvk_number="12345678", now=NOW)
    rival = parties.operator_create(name="Rivaal B.V.", kvk_number="87654321", now=NOW)
    people = {}
    for username, org, role in [
        ("officer", buyer, "procurement_officer"),
        ("leader", buyer, "project_leader"),
        ("evaluator", buyer, "evaluator"),
        ("auditor", other, "auditor"),
        ("elders", other, "procurement_officer"),
        ("supplier", company, "supplier"),
        ("rival", rival, "supplier"),
    ]:
        people[username] = parties.person_add(
            username=username,
            organisation=org,
            role=role,
            now=NOW,
            full_name=f"{username.title()} Persoon",
            email=f"{username}@example.nl",
        )
    return {"buyer": buyer, "other": other, "company": company, "rival": rival, **people}


def counts():
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        AuditRecord.objects.count(),
        len(mail.outbox),
    )


def add(client, **data):
    form = {"full_name": "Nieuwe Collega", "email": "nieuw@example.nl", "username": "nieuw"}
    return client.post(URL, {**form, **data})


def test_the_page_is_reachable_by_name():
    assert reverse("web:colleagues") == URL


@pytest.mark.parametrize("username", ["officer", "evaluator", "supplier", "auditor"])
def test_every_member_sees_only_the_people_of_the_own_organisation(client, world, username):
    sign_in(client, username)
    body = client.get(URL).content.decode()
    own = Membership.objects.get(user=world[username]).organisation
    for membership in Membership.objects.select_related("user", "organisation"):
        shown = membership.user.username in body
        assert shown == (membership.organisation == own), membership
    assert "<h1>" in body and body.index("<h1>") < body.index("<h2")


def test_an_officer_adds_an_evaluator_who_gets_a_set_password_mail(client, world):
    sign_in(client, "officer")
    response = add(client, role="evaluator")
    assert response.status_code == 302
    user = get_user_model().objects.get(username="nieuw")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=world["buyer"], role="evaluator")
    assert AuditRecord.objects.filter(action="colleague.added", actor=world["officer"]).exists()
    assert AuditRecord.objects.filter(action="membership.granted", actor=world["officer"]).exists()
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.nl"]
    assert message.body.index("Gemeente Proef") < message.body.index("-- English --")
    assert "A colleague has added you to Gemeente Proef" in message.body
    link = re.search(r"https?://\S+/wachtwoord-kiezen/\S+/", message.body).group(0)
    # the link sets the password, then the colleague signs in as usual
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    client.logout()
    form_page = client.get("/" + path, follow=True)
    assert "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "blauwe-reiger-7", "new_password2": "blauwe-reiger-7"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("blauwe-reiger-7")
    signed_in = client.post(
        reverse("web:login"), {"username": "nieuw", "password": "blauwe-reiger-7"}, follow=True
    )
    # an evaluator sets up the second factor first
    assert signed_in.redirect_chain[-1][0].startswith(reverse("web:otp_setup"))


def test_a_supplier_adds_a_supplier_colleague(client, world):
    sign_in(client, "supplier", verified=False)
    response = add(client, role="supplier")
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__username="nieuw", organisation=world["company"], role="supplier"
    ).exists()
    assert "Slim B.V." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("username", "role", "code"),
    [
        ("officer", "supplier", "role-not-grantable"),
        ("supplier", "procurement_officer", "role-not-grantable"),
        ("supplier", "evaluator", "role-not-grantable"),
        ("evaluator", "evaluator", "colleague-add-not-allowed"),
        ("auditor", "procurement_officer", "colleague-add-not-allowed"),
        ("leader", "auditor", "role-not-grantable"),
    ],
)
def test_refusals_store_nothing_and_show_the_code(client, world, username, role, code):
    sign_in(client, username, verified=username != "supplier")
    before = counts()
    # the service refuses, whatever the form offers
    with pytest.raises(NotAllowed) as refused:
        parties.colleague_add(
            actor=world[username],
            organisation=Membership.objects.get(user=world[username]).organisation,
            username="nieuw",
            email="nieuw@example.nl",
            role=role,
            now=NOW,
        )
    assert refused.value.code == code
    response = add(client, role=role)
    assert response.status_code == 400
    assert counts() == before
    assert not get_user_model().objects.filter(username="nieuw").exists()


def test_an_officer_is_refused_with_the_code_on_the_page(client, world):
    """The form offers only grantable roles; the service's own refusal shows its code."""
    sign_in(client, "officer")
    before = counts()
    response = add(client, role="officer", username="supplier", email="ander@example.nl")
    assert response.status_code == 400  # not a role choice at all
    response = add(client, role="evaluator", username="rival", email="ander@example.nl")
    assert response.status_code == 400
    assert "username-taken" in response.content.decode()
    assert counts() == before


def test_an_existing_account_with_its_own_address_gets_the_role_without_a_mail(client, world):
    world["elders"].set_password("eigen-wachtwoord-9")
    world["elders"].save()
    sign_in(client, "officer")
    response = add(client, role="evaluator", username="elders", email="Elders@Example.nl")
    assert response.status_code == 302
    assert Membership.objects.filter(user=world["elders"], organisation=world["buyer"]).exists()
    assert mail.outbox == []
    again = add(client, role="evaluator", username="elders", email="elders@example.nl")
    assert "colleague-already-member" in again.content.decode()


def test_the_rule_allows_only_its_table():
    from innopartner.parties.rules import ensure_may_grant, roles_grantable

    assert roles_grantable(["procurement_officer"]) == {
        "procurement_officer",
        "project_leader",
        "evaluator",
    }
    assert roles_grantable(["supplier"]) == {"supplier"}
    assert roles_grantable(["evaluator", "auditor"]) == frozenset()
    ensure_may_grant(granter_roles=["project_leader"], role="evaluator")
    with pytest.raises(NotAllowed):
        ensure_may_grant(granter_roles=["project_leader"], role="supplier")


def test_members_see_the_link_in_the_header(client, world):
    sign_in(client, "supplier", verified=False)
    assert f'href="{URL}"' in client.get(reverse("web:dashboard")).content.decode()
