"""API tokens: create (or rotate) and revoke your own."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django_otp import match_token
from rest_framework import permissions, serializers
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.parsers import FormParser, JSONParser

from innopartner.web.middleware import second_factor_required

from ..services import api_token_create, api_token_revoke
from .base import Endpoint


class TokenCreateApi(Endpoint):
    """Create an API token for yourself

    Signed in (session or token): a new token for you. Otherwise send your `username` and
    `password`, and for a buyer-side role (procurement officer, project leader) also the current
    six-digit code of your authenticator app as `otp_token`: a token never skips the web's
    second factor. An earlier token of yours stops working. Send it as
    `Authorization: Token <key>`."""

    tag = "tokens"
    needs_procedure = False
    errors = (400, 401, 415)
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser, FormParser]
    example = {"username": "demo-officer", "password": "demo"}

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150, required=False)
        password = serializers.CharField(max_length=4096, required=False, write_only=True)
        otp_token = serializers.CharField(
            max_length=16,
            required=False,
            write_only=True,
            help_text="TOTP code; required with a password for buyer-side roles.",
        )

    class OutputSerializer(serializers.Serializer):
        key = serializers.CharField(help_text="The token; shown once.")
        username = serializers.CharField(source="user.username")
        created = serializers.DateTimeField()

    def perform(self, *, request, procedure, data, now, **path):
        user = request.user
        if not user.is_authenticated:
            if not data.get("username") or not data.get("password"):
                raise NotAuthenticated("Meld u aan, of stuur username en password.")
            user = authenticate(
                request._request, username=data["username"], password=data["password"]
            )
            if user is None or not user.is_active:
                raise AuthenticationFailed("Onbekende gebruiker of onjuist wachtwoord.")
            # A session (VerifiedSessionAuthentication) has passed the second factor already;
            # a password alone has not.
            if second_factor_required(user) and (
                not data.get("otp_token") or match_token(user, data["otp_token"]) is None
            ):
                raise AuthenticationFailed(
                    "Voor deze rol is ook de code uit uw authenticator-app nodig (otp_token)."
                )
        return api_token_create(user=user, now=now)


class TokenRevokeApi(Endpoint):
    """Revoke your API token"""

    method = "delete"
    status_code = 204
    tag = "tokens"
    needs_procedure = False
    errors = (401,)

    def perform(self, *, request, procedure, data, now, **path):
        api_token_revoke(user=request.user, now=now)
