"""Signing in, lockout, the second factor for buyer roles, the organisation per session,
language and time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from innopartner.core.timeutil import AMSTERDAM
from innopartner.web.templatetags.web_tags import amsterdam

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def make_user(username="anna", password="geheim-wachtwoord-1"):
    return get_user_model().objects.create_user(username=username, password=password)


def test_an_anonymous_person_is_sent_to_the_login_page(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_login_with_username_and_password_reaches_the_dashboard(client):
    make_user()
    response = client.post(
        reverse("web:login"), {"username": "anna", "password": "geheim-wachtwoord-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")


def test_a_wrong_password_shows_a_clear_message(client):
    make_user()
    response = client.post(reverse("web:login"), {"username": "anna", "password": "fout"})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client):
    make_user()
    for _ in range(5):
        client.post(reverse("web:login"), {"username": "anna", "password": "fout"})
    response = client.post(
        reverse("web:login"), {"username": "anna", "password": "geheim-wachtwoord-1"}
    )
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_logout_signs_out(client, demo):
    sign_in(client, "demo-supplier-a")
    client.post(reverse("web:logout"))
    assert client.get(reverse("web:dashboard")).status_code == 302


@override_settings(INNOPARTNER_DEMO=False)
def test_a_buyer_role_must_enrol_a_second_factor_outside_demo_mode(client, demo):
    sign_in(client, "demo-officer", verified=False)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_setup"))
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()


@override_settings(INNOPARTNER_DEMO=False)
def test_enrolment_with_a_valid_code_lets_the_buyer_in(client, demo):
    user = sign_in(client, "demo-officer", verified=False)
    client.get(reverse("web:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("web:otp_setup"), {"token": token})
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200


@override_settings(INNOPARTNER_DEMO=False)
def test_a_wrong_code_is_refused_at_enrolment(client, demo):
    sign_in(client, "demo-officer", verified=False)
    client.get(reverse("web:otp_setup"))
    response = client.post(reverse("web:otp_setup"), {"token": "12345678"})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert client.get(reverse("web:dashboard")).status_code == 302


@override_settings(INNOPARTNER_DEMO=False)
def test_a_buyer_with_a_device_is_asked_for_a_code(client, demo):
    user = sign_in(client, "demo-officer", verified=False)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.get(reverse("web:procedures"))
    assert response["Location"].startswith(reverse("web:otp_verify"))


@override_settings(INNOPARTNER_DEMO=False)
def test_suppliers_need_no_second_factor(client, demo):
    sign_in(client, "demo-supplier-a", verified=False)
    assert client.get(reverse("web:dashboard")).status_code == 200


@override_settings(INNOPARTNER_DEMO=False)
@pytest.mark.parametrize("username", ["demo-evaluator", "demo-auditor"])
def test_evaluators_and_auditors_must_enrol_a_second_factor_outside_demo_mode(
    client, demo, username
):
    # They read tenders after the opening, scores and the internal record: more than their
    # own company's data, as buyer staff do.
    # the role alone asks it (the demo auditor is also staff of the admin)
    get_user_model().objects.filter(username=username).update(is_staff=False)
    sign_in(client, username, verified=False)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_setup"))
    sign_in(client, username)  # after a code
    assert client.get(reverse("web:dashboard")).status_code == 200


@override_settings(INNOPARTNER_DEMO=False)
def test_the_admin_asks_its_staff_for_the_second_factor(client, demo):
    user = get_user_model().objects.create_superuser("beheerder", password="x-Lang-Wachtwoord-1")
    assert client.get(reverse("admin:login")).status_code == 200  # its sign-in page stays open
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:otp_setup')}?next={reverse('admin:index')}"
    assert client.get(reverse("admin:parties_organisation_changelist")).status_code == 302
    # the code, then the admin (no organisation to choose: the admin has none)
    client.get(reverse("web:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    answer = client.post(
        f"{reverse('web:otp_setup')}?next={reverse('admin:index')}", {"token": token}
    )
    assert answer["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_demo_accounts_have_addresses_of_a_reserved_domain(demo):
    from innopartner.cli import DEMO_ACCOUNTS

    addresses = dict(
        get_user_model()
        .objects.filter(username__startswith="demo-")
        .values_list("username", "email")
    )
    assert addresses["demo-supplier-a"] == "demo-supplier-a@demo.example.org"
    assert all(addresses[name].endswith("@demo.example.org") for name, *_ in DEMO_ACCOUNTS)


@override_settings(INNOPARTNER_DEMO=True)
def test_in_the_demo_only_the_auditor_reads_the_admin(client, demo):
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"demo-auditor"}
    for username in ("demo-supplier-a", "demo-officer", "demo-evaluator"):
        sign_in(client, username)
        answer = client.get(reverse("admin:tendering_tender_changelist"))
        assert answer.status_code == 302 and "/admin/login/" in answer["Location"], username


@override_settings(INNOPARTNER_DEMO=True)
def test_in_demo_mode_the_admin_asks_no_second_factor(client, demo):
    sign_in(client, "demo-auditor", verified=False)
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(INNOPARTNER_DEMO=True)
def test_in_demo_mode_buyer_roles_need_no_second_factor(client, demo):
    sign_in(client, "demo-officer", verified=False)
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_a_person_with_two_memberships_picks_the_organisation_for_the_session(client, demo):
    from innopartner.parties.models import Membership, Organisation

    user = sign_in(client, "demo-auditor")
    other = Organisation.objects.get(name="GeoMoist B.V.")
    Membership.objects.create(user=user, organisation=other, role="supplier")
    response = client.get(reverse("web:dashboard"))
    assert response["Location"].startswith(reverse("web:organisation_choose"))
    membership = Membership.objects.get(user=user, organisation=other)
    client.post(reverse("web:organisation_choose"), {"membership": membership.pk})
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "GeoMoist B.V. (marktpartij)" in page


def test_the_interface_is_dutch_first_and_english_on_request(client, demo):
    sign_in(client, "demo-supplier-a")
    assert "Wat moet ik doen" in client.get(reverse("web:dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "What do I have to do" in page
    assert 'lang="en"' in page


def test_the_browser_language_alone_does_not_switch_away_from_dutch(client, demo):
    sign_in(client, "demo-supplier-a")
    page = client.get(reverse("web:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wat moet ik doen" in page


def test_times_are_shown_in_amsterdam_with_the_zone_named():
    moment = dt.datetime(2017, 12, 1, 11, 0, tzinfo=dt.UTC)
    assert amsterdam(moment) == "1 december 2017 12:00 (Europe/Amsterdam)"
    summer = dt.datetime(2018, 7, 1, 10, 0, tzinfo=dt.UTC)
    assert amsterdam(summer) == "1 juli 2018 12:00 (Europe/Amsterdam)"
    assert amsterdam(dt.date(2018, 7, 1)) == "1 juli 2018"
    assert AMSTERDAM.key == "Europe/Amsterdam"


def test_the_procedure_page_shows_deadlines_in_amsterdam_time(client, demo):
    sign_in(client, "demo-supplier-a")
    page = client.get(reverse("web:procedure", args=[demo["demo-verzoeken"].pk])).content.decode()
    assert "(Europe/Amsterdam)" in page
    assert "nog " in page  # the countdown
