"""The browser session counts for the API only after the second factor where the web asks
for one: otherwise a buyer-side person who typed only a password could reach through the API
what the web keeps behind TOTP (see ``web.middleware.second_factor_required``)."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed

from innopartner.web.middleware import needs_second_factor


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0]):
            raise AuthenticationFailed(
                "Deze sessie heeft de tweestapsverificatie nog niet doorlopen; doe dat eerst in "
                "de webinterface (second factor required)."
            )
        return result


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI document names it as the session cookie it is."""

    target_class = "innopartner.api.authentication.VerifiedSessionAuthentication"
