"""Tokens: each user creates, rotates and revokes its own."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from innopartner.audit.models import AuditRecord

from .conftest import assert_problem

TOKENS = "/api/v1/tokens/"


def _with_password(world):
    user = world.officer
    user.set_password("geheim-wachtwoord")
    user.save()
    return user


def test_a_user_gets_a_token_with_username_and_password_and_uses_it(api, world, published):
    _with_password(world)

    device = TOTPDevice.objects.create(user=world.officer, name="app", confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()

    response = APIClient().post(
        TOKENS,
        {"username": "officer", "password": "geheim-wachtwoord", "otp_token": f"{code:06d}"},
        format="json",
    )

    assert response.status_code == 201
    key = response.json()["key"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/procedures/").status_code == 200
    assert AuditRecord.objects.filter(action="api_token.created", actor=world.officer).exists()


def test_a_wrong_password_or_no_credentials_is_401(world):
    _with_password(world)

    bad = APIClient().post(TOKENS, {"username": "officer", "password": "fout"}, format="json")
    assert_problem(bad, 401, "authentication-failed")
    assert_problem(APIClient().post(TOKENS, {}, format="json"), 401, "not-authenticated")


def test_a_buyer_side_password_without_the_second_factor_gets_no_token(world):
    """Outside demo mode an officer's token needs the TOTP code too: a token never skips the
    web's second factor. A supplier's password alone suffices (no second factor asked)."""
    _with_password(world)
    TOTPDevice.objects.create(user=world.officer, name="app", confirmed=True)
    body = {"username": "officer", "password": "geheim-wachtwoord"}

    assert_problem(APIClient().post(TOKENS, body, format="json"), 401, "authentication-failed")
    wrong = {**body, "otp_token": "000000"}
    assert_problem(APIClient().post(TOKENS, wrong, format="json"), 401, "authentication-failed")
    assert not Token.objects.filter(user=world.officer).exists()

    supplier = world.supplier(world.operators[0])
    supplier.set_password("ander-wachtwoord")
    supplier.save()
    response = APIClient().post(
        TOKENS, {"username": supplier.username, "password": "ander-wachtwoord"}, format="json"
    )
    assert response.status_code == 201


def test_a_new_token_replaces_the_old_one_and_revoking_ends_it(api, world):
    first = api.post(world.officer, TOKENS).json()["key"]
    second = api.post(world.officer, TOKENS).json()["key"]

    assert first != second
    assert list(Token.objects.filter(user=world.officer).values_list("key", flat=True)) == [second]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {second}")
    assert client.delete(TOKENS).status_code == 204
    assert_problem(client.get("/api/v1/procedures/"), 401, "authentication-failed")


def test_revoking_touches_only_your_own_token(api, world):
    other = Token.objects.create(user=world.evaluator)

    assert api.delete(world.officer, TOKENS).status_code == 204

    assert Token.objects.filter(pk=other.pk).exists()
    assert_problem(api.delete(None, TOKENS), 401, "not-authenticated")
