"""'Wachtwoord vergeten?': Django's reset views in our layout, one answer whether or not the
address has an account, a bilingual mail with the link and nothing of any procedure, a rate
limit per keyed hash of the sender's and the mail address, a honeypot."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from innopartner.parties import services as parties
from innopartner.web.views.accounts import RESETS_PER_EMAIL_PER_HOUR, RESETS_PER_HOUR

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
URL = "/wachtwoord-vergeten/"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anna(db):
    company = parties.operator_create(name="Slim B.V.", kvk_number="12345678", now=NOW)
    user = parties.person_add(
        username="anna",
        organisation=company,
        role="supplier",
        now=NOW,
        password="oud-wachtwoord-42",
        email="anna@example.nl",
    )
    return user


def ask(client, email, **extra):
    return client.post(URL, {"email": email, **extra})


def test_the_login_page_links_to_the_reset_and_the_sign_up(client):
    body = client.get(reverse("web:login")).content.decode()
    assert f'href="{URL}"' in body
    assert 'href="/registreren/"' in body
    assert "Wachtwoord vergeten?" in body


def test_the_form_has_a_label_for_its_input(client):
    body = client.get(URL).content.decode()
    assert '<label for="id_email"' in body
    assert re.search(r"<h1>Wachtwoord vergeten</h1>", body)


def test_a_known_address_gets_a_bilingual_mail_with_the_link(client, anna):
    response = ask(client, "Anna@Example.nl")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["anna@example.nl"]
    assert "-- English --" in message.body
    assert message.body.index("Kies uw nieuwe wachtwoord") < message.body.index("-- English --")
    assert re.search(r"/wachtwoord-kiezen/[\w-]+/[\w-]+/", message.body)
    for word in ("procedure", "inschrijving", "tender", "prijs"):
        assert word not in message.body.lower()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, anna):
    known = ask(client, "anna@example.nl")
    unknown = ask(client, "niemand@example.nl")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    done_page = client.get(unknown["Location"])
    assert "Hoort het adres bij een account" in done_page.content.decode()


def test_the_link_sets_a_new_password_once(client, anna):
    ask(client, "anna@example.nl")
    path = re.search(r"/wachtwoord-kiezen/[\w-]+/[\w-]+/", mail.outbox[0].body).group(0)
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    anna.refresh_from_db()
    assert anna.check_password("oud-wachtwoord-42")
    done = client.post(
        set_url, {"new_password1": "groene-specht-81", "new_password2": "groene-specht-81"}
    )
    assert done["Location"] == reverse("web:password_reset_complete")
    anna.refresh_from_db()
    assert anna.check_password("groene-specht-81")
    # used: the link no longer works
    client.cookies.clear()
    again = client.get(path, follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_the_rate_limit_per_mail_address_sends_no_more_mails(client, anna):
    for _ in range(RESETS_PER_EMAIL_PER_HOUR):
        assert ask(client, "anna@example.nl").status_code == 302
    response = ask(client, "anna@example.nl")
    assert response.status_code == 429
    assert "password-reset-rate-limited" in response.content.decode()
    assert len(mail.outbox) == RESETS_PER_EMAIL_PER_HOUR


def test_the_rate_limit_per_sender_counts_unknown_addresses_too(client, anna):
    for n in range(RESETS_PER_HOUR):
        ask(client, f"onbekend{n}@example.nl")
    response = ask(client, "anna@example.nl")
    assert response.status_code == 429
    assert mail.outbox == []


def test_a_filled_honeypot_sends_nothing(client, anna):
    response = ask(client, "anna@example.nl", website="http://spam.example")
    assert response.status_code == 302
    assert mail.outbox == []


def test_an_inactive_account_gets_no_mail(client, anna):
    get_user_model().objects.filter(pk=anna.pk).update(is_active=False)
    assert ask(client, "anna@example.nl").status_code == 302
    assert mail.outbox == []


def test_a_colleague_whose_first_link_expired_can_ask_a_new_one(client, anna):
    officer_org = parties.authority_create(
        name="Gemeente Proef", authority_type="municipality", now=NOW
    )
    parties.person_add(
        username="bert",
        organisation=officer_org,
        role="evaluator",
        now=NOW,
        email="bert@example.nl",
    )
    assert ask(client, "bert@example.nl").status_code == 302
    (message,) = mail.outbox
    assert message.to == ["bert@example.nl"]
    assert "bert" in message.body
