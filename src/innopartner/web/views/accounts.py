"""Signing in and out, lockout (django-axes), TOTP two-factor (django-otp), and choosing the
organisation to act for in this session."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from innopartner.core.exceptions import RuleViolation
from innopartner.web import account_forms, ratelimit
from innopartner.web.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


#: Reset mails per sender's address and per e-mail address per hour: enough for a typo, too
#: few to flood someone's mailbox.
RESETS_PER_HOUR = 5
RESETS_PER_EMAIL_PER_HOUR = 3


class PasswordResetView(auth_views.PasswordResetView):
    """'Wachtwoord vergeten?': the same answer whether or not the address has an account (no
    account enumeration); rate limited per keyed hash of the sender's and the mail address."""

    template_name = "web/accounts/password_reset_form.html"
    form_class = account_forms.PasswordResetForm
    success_url = reverse_lazy("web:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.exceeded(
            "password-reset", ratelimit.client_key(self.request), limit=RESETS_PER_HOUR
        ) or ratelimit.exceeded(
            "password-reset-email", ratelimit.keyed_hash(email), limit=RESETS_PER_EMAIL_PER_HOUR
        ):
            refusal = RuleViolation(
                _("Te veel aanvragen; probeer het over een uur opnieuw."),
                code="password-reset-rate-limited",
            )
            return self.render_to_response(
                self.get_context_data(form=form, refusal=refusal), status=429
            )
        form.save()
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's one-time link; afterwards the person signs in as usual (and then sets up the
    second factor where the role needs it)."""

    template_name = "web/accounts/password_reset_confirm.html"
    form_class = account_forms.SetPasswordForm
    success_url = reverse_lazy("web:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/accounts/password_reset_complete.html"


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when an account is locked after too many failed logins."""
    from django.conf import settings

    if request.path.startswith("/api/"):
        # The API answers every refusal as a problem document, a lockout too.
        import json

        from django.http import HttpResponse

        from innopartner.api.errors import problem

        body = problem(
            status=429,
            code="login-locked-out",
            detail=(
                f"Na {settings.AXES_FAILURE_LIMIT} mislukte pogingen is aanmelden voor dit account "
                f"{settings.AXES_COOLOFF_TIME} uur geblokkeerd."
            ),
        )
        return HttpResponse(json.dumps(body), status=429, content_type="application/problem+json")
    return render(
        request,
        "web/accounts/locked_out.html",
        {"hours": settings.AXES_COOLOFF_TIME, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit uw authenticator-app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


def _next(request, default: str = "web:dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


@login_required
def otp_setup(request):
    """Enrol a TOTP device: scan the QR code, then prove it works with one code."""
    if any(True for _d in devices_for_user(request.user, confirmed=True)):
        return redirect(f"{reverse('web:otp_verify')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet. Probeer de volgende code."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "web/accounts/otp_setup.html",
        {"form": form, "qr_svg": svg, "secret": secret, "next": _next(request)},
    )


@login_required
def otp_verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('web:otp_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet. Probeer de volgende code."))
    return render(request, "web/accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def organisation_choose(request):
    """A person with several memberships picks the one to act in for this session."""
    memberships = request.memberships
    if request.method == "POST":
        chosen = request.POST.get("membership")
        match = next((m for m in memberships if str(m.pk) == chosen), None)
        if match is not None:
            request.session[SESSION_KEY] = match.pk
            return redirect(_next(request))
    return render(
        request,
        "web/accounts/organisation_choose.html",
        {"choices": memberships, "next": _next(request)},
    )
