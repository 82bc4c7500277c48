"""`innopartner organisation ...` and `innopartner person ...` (run in-process on the test
database): the IT staff register organisations and people through the parties services, every
refusal is `FOUT <code>: ...` with exit 1 and nothing stored, every change is in the audit
trail, and a second-factor reset makes the web ask for a new device."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from innopartner.audit.models import AuditRecord
from innopartner.cli import main
from innopartner.core.exceptions import InvalidInput
from innopartner.parties import cli as parties_cli
from innopartner.parties import rules
from innopartner.parties import services as parties
from innopartner.parties.models import Membership, Organisation
from innopartner.testing import draft_procedure, make_world, pass_second_factor

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "Waterkering-2026-sterk"


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def stored() -> tuple[int, int, int, int]:
    """What a refusal must leave unchanged."""
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditRecord.objects.count(),
    )


@pytest.fixture
def buyer(capsys):
    code, out, err = run(
        capsys, "organisation", "add", "authority", "Waterschap Voorbeeld", "--type", "water_board"
    )
    assert code == 0, err
    assert out.startswith("organisatie aangemaakt: Waterschap Voorbeeld (authority)")
    return Organisation.objects.get(name="Waterschap Voorbeeld")


@pytest.fixture
def company(capsys):
    code, _, err = run(
        capsys, "organisation", "add", "operator", "Dijkdata B.V.", "--kvk", "1234 56.78", "--sme"
    )
    assert code == 0, err
    return Organisation.objects.get(name="Dijkdata B.V.")


# --- the rule and the parser's choices ------------------------------------------------------


def test_the_name_rule_refuses_an_empty_or_taken_name_and_passes_a_free_one():
    rules.ensure_organisation_name_free(name="Gemeente X", kind="authority", taken=False)
    with pytest.raises(InvalidInput) as taken:
        rules.ensure_organisation_name_free(name="Gemeente X", kind="authority", taken=True)
    assert taken.value.code == "organisation-exists"
    with pytest.raises(InvalidInput) as empty:
        rules.ensure_organisation_name_free(name="  ", kind="authority", taken=False)
    assert empty.value.code == "organisation-name-missing"


def test_the_parser_offers_exactly_the_models_authority_types_and_roles():
    assert parties_cli.AUTHORITY_TYPES == list(Organisation.AuthorityType.values)
    assert set(parties_cli.ROLES) == set(Membership.Role.values)


def test_a_password_is_never_taken_from_the_command_line(capsys):
    with pytest.raises(SystemExit) as exited:
        main(
            ["person", "add", "x", "--organisation", "X", "--role", "evaluator", "--password", "p"]
        )
    assert exited.value.code == 2


# --- organisation ---------------------------------------------------------------------------


def test_an_authority_is_created_through_the_service_and_recorded_by_the_system(buyer):
    assert buyer.kind == "authority" and buyer.authority_type == "water_board"
    assert buyer.country == "NL" and buyer.kvk_number == ""
    record = AuditRecord.objects.get(action="organisation.created", subject_id=str(buyer.pk))
    assert record.actor is None and record.actor_label == "system"


def test_dutch_and_foreign_operators_are_registered_with_their_numbers(company, capsys):
    assert company.kvk_number == "12345678" and company.is_sme  # normalised by the service
    code, _, err = run(
        capsys,
        "organisation",
        "add",
        "operator",
        "Deichdaten GmbH",
        "--country",
        "DE",
        "--registration",
        "HRB 12345",
    )
    assert code == 0, err
    foreign = Organisation.objects.get(name="Deichdaten GmbH")
    assert (foreign.country, foreign.foreign_registration, foreign.is_sme) == (
        "DE",
        "HRB 12345",
        False,
    )
    assert AuditRecord.objects.filter(action="operator.registered").count() == 2


@pytest.mark.parametrize(
    "args, code",
    [
        (["operator", "Kort B.V.", "--kvk", "1234"], "kvk-number-invalid"),
        (["operator", "Letters B.V.", "--kvk", "1234567a"], "kvk-number-invalid"),
        (["operator", "Zonder B.V."], "kvk-number-missing"),
        (["operator", "Ohne GmbH", "--country", "DE"], "foreign-registration-missing"),
        (["operator", "Klein B.V.", "--country", "nl", "--kvk", "12345678"], "country-invalid"),
        (
            ["authority", "Gemeente Fout", "--type", "municipality", "--kvk", "12"],
            "kvk-number-invalid",
        ),
        (["authority", "   ", "--type", "municipality"], "organisation-name-missing"),
    ],
)
def test_a_refused_organisation_prints_the_rule_and_stores_nothing(capsys, args, code):
    before = stored()
    exit_code, out, err = run(capsys, "organisation", "add", *args)
    assert exit_code == 1 and out == ""
    assert err.startswith(f"FOUT {code}: ")
    assert stored() == before


def test_a_second_authority_of_the_same_name_or_a_company_registered_twice_is_refused(
    buyer, company, capsys
):
    before = stored()
    code, _, err = run(
        capsys, "organisation", "add", "authority", "Waterschap Voorbeeld", "--type", "municipality"
    )
    assert code == 1 and err.startswith("FOUT organisation-exists: ")
    # A company is known by its registration: the same KvK number again is refused ...
    code, _, err = run(capsys, "organisation", "add", "operator", "Dijkdata", "--kvk", "12345678")
    assert code == 1 and err.startswith("FOUT operator-already-registered: ")
    assert stored() == before
    # ... while another company may trade under the same name (nobody reserves a name).
    code, _, err = run(
        capsys, "organisation", "add", "operator", "Dijkdata B.V.", "--kvk", "87654321"
    )
    assert code == 0, err
    assert Organisation.objects.filter(name="Dijkdata B.V.").count() == 2
    # The services refuse it too (the web and the scenarios use them).
    with pytest.raises(InvalidInput) as refused:
        parties.authority_create(
            name="Waterschap Voorbeeld", authority_type="water_board", now=buyer.created_at
        )
    assert refused.value.code == "organisation-exists"


def test_the_same_name_for_another_kind_is_allowed_and_then_needs_the_id(
    buyer, capsys, monkeypatch
):
    code, _, err = run(
        capsys, "organisation", "add", "operator", "Waterschap Voorbeeld", "--kvk", "11223344"
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        "person",
        "add",
        "p.pieters",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "evaluator",
    )
    assert code == 1 and err.startswith("FOUT organisation-ambiguous: ") and str(buyer.pk) in err
    code, _, err = run(
        capsys, "person", "add", "p.pieters", "--organisation", str(buyer.pk), "--role", "evaluator"
    )
    assert code == 0, err
    assert Membership.objects.get(user__username="p.pieters").organisation == buyer


def test_the_organisation_list_shows_kind_numbers_and_members(buyer, company, capsys):
    parties.person_add(
        username="a", organisation=buyer, role="procurement_officer", now=buyer.created_at
    )
    parties.person_add(username="a", organisation=buyer, role="evaluator", now=buyer.created_at)
    parties.person_add(username="b", organisation=buyer, role="evaluator", now=buyer.created_at)
    code, out, _ = run(capsys, "organisation", "list", "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["Waterschap Voorbeeld"]["members"] == 2  # people, not roles
    assert rows["Waterschap Voorbeeld"]["id"] == str(buyer.pk)
    assert rows["Dijkdata B.V."] | {"id": None} == {
        "id": None,
        "name": "Dijkdata B.V.",
        "kind": "operator",
        "authority_type": "",
        "country": "NL",
        "kvk_number": "12345678",
        "foreign_registration": "",
        "is_sme": True,
        "members": 0,
    }
    code, out, _ = run(capsys, "organisation", "list")
    assert code == 0
    line = next(x for x in out.splitlines() if "Dijkdata" in x)
    assert "operator" in line and "KvK 12345678" in line and "0 personen" in line
    assert "authority (water_board)" in next(x for x in out.splitlines() if "Waterschap" in x)


# --- person ---------------------------------------------------------------------------------


def test_a_person_without_password_gets_an_unusable_one_and_the_instruction(buyer, capsys):
    code, out, err = run(
        capsys,
        "person",
        "add",
        "j.jansen",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "procurement_officer",
        "--name",
        "Jan de Jansen",
        "--email",
        "j.jansen@example.nl",
    )
    assert code == 0, err
    assert "j.jansen handelt namens Waterschap Voorbeeld als procurement_officer" in out
    assert "innopartner manage changepassword j.jansen" in out
    user = User.objects.get(username="j.jansen")
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == (
        "Jan",
        "de Jansen",
        "j.jansen@example.nl",
    )
    record = AuditRecord.objects.get(action="membership.granted")
    assert record.actor_label == "system"
    assert record.after == {
        "user": "j.jansen",
        "organisation": "Waterschap Voorbeeld",
        "role": "procurement_officer",
    }


def test_a_password_from_stdin_is_set_after_the_validators(company, capsys, monkeypatch):
    code, out, err = run(
        capsys,
        "person",
        "add",
        "s.smit",
        "--organisation",
        "Dijkdata B.V.",
        "--role",
        "supplier",
        "--password-stdin",
        stdin=GOOD_PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert "changepassword" not in out
    assert User.objects.get(username="s.smit").check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    "password, code",
    [
        ("kort", "password-invalid"),
        ("12345678901", "password-invalid"),
        ("s.smit@dijkdata.example", "password-invalid"),  # too like the person's address
        ("", "password-missing"),
    ],
)
def test_a_weak_or_missing_password_from_stdin_is_refused(
    company, capsys, monkeypatch, password, code
):
    before = stored()
    exit_code, _, err = run(
        capsys,
        "person",
        "add",
        "s.smit",
        "--organisation",
        "Dijkdata B.V.",
        "--role",
        "supplier",
        "--email",
        "s.smit@dijkdata.example",
        "--password-stdin",
        stdin=password + "\n",
        monkeypatch=monkeypatch,
    )
    assert exit_code == 1 and err.startswith(f"FOUT {code}: ")
    assert stored() == before


@pytest.mark.parametrize(
    "args, code",
    [
        (["x.y", "--organisation", "Nergens", "--role", "evaluator"], "organisation-not-found"),
        (
            ["x.y", "--organisation", "Dijkdata B.V.", "--role", "evaluator"],
            "role-does-not-fit-organisation",
        ),
        (
            ["x.y", "--organisation", "Waterschap Voorbeeld", "--role", "supplier"],
            "role-does-not-fit-organisation",
        ),
        (
            ["x y", "--organisation", "Waterschap Voorbeeld", "--role", "evaluator"],
            "username-invalid",
        ),
        (
            [
                "x.y",
                "--organisation",
                "Waterschap Voorbeeld",
                "--role",
                "evaluator",
                "--email",
                "geen-adres",
            ],
            "email-invalid",
        ),
    ],
)
def test_a_refused_person_prints_the_rule_and_stores_nothing(buyer, company, capsys, args, code):
    before = stored()
    exit_code, out, err = run(capsys, "person", "add", *args)
    assert exit_code == 1 and out == ""
    assert err.startswith(f"FOUT {code}: ")
    assert stored() == before


def test_an_existing_person_gets_another_role_but_no_new_password(buyer, capsys, monkeypatch):
    parties.person_add(
        username="j.jansen",
        organisation=buyer,
        role="procurement_officer",
        now=buyer.created_at,
        password=GOOD_PASSWORD,
    )
    code, out, _ = run(
        capsys,
        "person",
        "add",
        "j.jansen",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "evaluator",
    )
    assert code == 0 and "(bestaand account)" in out and "changepassword" not in out
    assert set(
        Membership.objects.filter(user__username="j.jansen").values_list("role", flat=True)
    ) == {
        "procurement_officer",
        "evaluator",
    }
    before = stored()
    code, _, err = run(
        capsys,
        "person",
        "add",
        "j.jansen",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "auditor",
        "--password-stdin",
        stdin="Een-ander-wachtwoord-99\n",
        monkeypatch=monkeypatch,
    )
    assert code == 1 and err.startswith("FOUT person-exists: ") and "changepassword" in err
    assert stored() == before
    assert User.objects.get(username="j.jansen").check_password(GOOD_PASSWORD)


def test_the_person_list_shows_roles_and_second_factor(buyer, company, capsys):
    now = buyer.created_at
    officer = parties.person_add(
        username="j.jansen", organisation=buyer, role="procurement_officer", now=now
    )
    parties.person_add(username="s.smit", organisation=company, role="supplier", now=now)
    TOTPDevice.objects.create(user=officer, name="telefoon", confirmed=True)
    code, out, _ = run(capsys, "person", "list", "--organisation", "Waterschap Voorbeeld", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["username"] for r in rows] == ["j.jansen"]
    assert rows[0]["second_factor"] is True and rows[0]["password_set"] is False
    assert rows[0]["roles"] == [
        {
            "organisation": "Waterschap Voorbeeld",
            "organisation_id": str(buyer.pk),
            "role": "procurement_officer",
        }
    ]
    code, out, _ = run(capsys, "person", "list")
    assert code == 0
    assert "supplier @ Dijkdata B.V." in out and "procurement_officer @ Waterschap Voorbeeld" in out
    code, _, err = run(capsys, "person", "list", "--organisation", "Nergens")
    assert code == 1 and err.startswith("FOUT organisation-not-found: ")


def test_a_role_ends_with_an_audit_record_and_the_account_keeps_its_other_roles(buyer, capsys):
    now = buyer.created_at
    parties.person_add(username="j.jansen", organisation=buyer, role="procurement_officer", now=now)
    parties.person_add(username="j.jansen", organisation=buyer, role="evaluator", now=now)
    args = ["person", "remove-role", "j.jansen", "--organisation", "Waterschap Voorbeeld"]
    code, out, err = run(capsys, *args, "--role", "evaluator")
    assert code == 0, err
    assert "j.jansen handelt niet meer namens Waterschap Voorbeeld als evaluator" in out
    assert list(
        Membership.objects.filter(user__username="j.jansen").values_list("role", flat=True)
    ) == ["procurement_officer"]
    record = AuditRecord.objects.get(action="membership.ended")
    assert record.actor_label == "system" and "opdrachtregel" in record.note
    assert record.before == {
        "user": "j.jansen",
        "organisation": "Waterschap Voorbeeld",
        "role": "evaluator",
    }
    before = stored()
    code, _, err = run(capsys, *args, "--role", "evaluator")
    assert code == 1 and err.startswith("FOUT membership-not-found: ")
    code, _, err = run(
        capsys,
        "person",
        "remove-role",
        "niemand",
        "--organisation",
        str(buyer.pk),
        "--role",
        "auditor",
    )
    assert code == 1 and err.startswith("FOUT person-not-found: ")
    assert stored() == before


# --- second factor --------------------------------------------------------------------------


@override_settings(INNOPARTNER_DEMO=False)
def test_a_second_factor_reset_removes_the_devices_and_the_web_asks_for_a_new_one(client, capsys):
    world = make_world(operators=0)
    procedure = draft_procedure(world)
    page = reverse("web:procedure", args=[procedure.pk])
    officer = pass_second_factor(client, world.officer)  # signed in with a TOTP device
    TOTPDevice.objects.create(user=officer, name="reserve", confirmed=True)
    assert client.get(page).status_code == 200
    other = world.second_officer
    TOTPDevice.objects.create(user=other, name="telefoon", confirmed=True)

    code, out, err = run(capsys, "person", "second-factor-reset", officer.username)
    assert code == 0, err
    assert f"{officer.username}: 2 apparaat/apparaten" in out
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert TOTPDevice.objects.filter(user=other).count() == 1  # only that person's
    record = AuditRecord.objects.get(action="person.second_factor_reset")
    assert record.actor_label == "system" and record.subject_id == str(officer.pk)
    assert sorted(record.before["devices"]) == [
        "otp_totp.TOTPDevice:reserve",
        "otp_totp.TOTPDevice:test",
    ]

    # The session verified with the removed device is no longer verified: set up a new one.
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_setup"))
    # A fresh sign-in too (with a device it would be the code page, not the setup page).
    client.logout()
    client.force_login(officer)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_setup"))

    before = stored()
    code, out, _ = run(capsys, "person", "second-factor-reset", officer.username)
    assert code == 0 and "niets veranderd" in out
    code, _, err = run(capsys, "person", "second-factor-reset", "niemand")
    assert code == 1 and err.startswith("FOUT person-not-found: ")
    assert stored() == before  # nothing to reset: no audit record


@override_settings(INNOPARTNER_DEMO=False)
def test_before_the_reset_a_person_with_a_device_is_asked_for_a_code_not_a_setup(client):
    world = make_world(operators=0)
    TOTPDevice.objects.create(user=world.officer, name="telefoon", confirmed=True)
    client.force_login(world.officer)
    response = client.get(reverse("web:procedures"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp_verify") + "?")


# --- a link to choose a password ------------------------------------------------------------


def test_the_instruction_names_the_web_page_for_a_person_with_an_e_mail_address(buyer, capsys):
    code, out, _ = run(
        capsys,
        "person",
        "add",
        "p.pieters",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "evaluator",
        "--email",
        "p.pieters@example.nl",
    )
    assert code == 0
    assert "innopartner manage changepassword p.pieters" in out
    assert "/wachtwoord-vergeten/ met p.pieters@example.nl" in out


def test_send_link_mails_a_one_time_link_to_choose_a_password(buyer, capsys, client, mailoutbox):
    code, out, err = run(
        capsys,
        "person",
        "add",
        "p.pieters",
        "--organisation",
        "Waterschap Voorbeeld",
        "--role",
        "evaluator",
        "--email",
        "p.pieters@example.nl",
        "--send-link",
    )
    assert code == 0, err
    assert "verstuurd naar p.pieters@example.nl" in out and "changepassword" not in out
    [mail] = mailoutbox
    assert mail.to == ["p.pieters@example.nl"]
    path = re.search(r"https?://[^/\s]+(/wachtwoord-kiezen/[^\s]+/)", mail.body).group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b'name="new_password1"' in form.content


def test_send_link_needs_an_address_and_a_mail_that_fails_stores_nothing(
    buyer, capsys, monkeypatch
):
    args = ["person", "add", "p.pieters", "--organisation", "Waterschap Voorbeeld"]
    before = stored()
    code, _, err = run(capsys, *args, "--role", "evaluator", "--send-link")
    assert code == 1 and err.startswith("FOUT email-missing: ")
    assert stored() == before

    def refused(*args, **kwargs):
        raise ConnectionRefusedError("smtp.example.nl:587 weigert")

    monkeypatch.setattr(parties, "set_password_mail_send", refused)
    code, _, err = run(
        capsys, *args, "--role", "evaluator", "--email", "p@example.nl", "--send-link"
    )
    assert code == 1 and err.startswith("FOUT mail-failed: ") and "weigert" in err
    assert stored() == before
    with pytest.raises(SystemExit) as exited:
        main([*args, "--role", "evaluator", "--send-link", "--password-stdin"])
    assert exited.value.code == 2
