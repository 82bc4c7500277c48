"""Who acts, for which organisation, in this session; and the second factor for buyer roles.

``request.membership`` is the membership chosen for this session (a person may act for one
organisation per session); ``request.organisation`` and ``request.role`` follow from it.
Outside demo mode, everyone who may read more than their own company's data signs in with a
second factor (TOTP, django-otp): the buyer's staff, evaluators, auditors and the staff of the
Django admin.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation

from innopartner.core.exceptions import NotAllowed, NotFound
from innopartner.parties.models import Membership

SESSION_KEY = "web_membership_id"

#: The URL namespaces of the human interface. Their pages get the checks below (second factor,
#: a chosen organisation) and a refusal that reaches the top becomes a friendly 403/404 naming
#: the rule; the API (its own namespace) authenticates and renders problems itself.
INTERFACE_NAMESPACES = frozenset({"web", "documents", "guidance", "consultation"})

#: Where the second factor is asked: the human interface and the Django admin (which has its
#: own sign-in page and no organisation to choose).
SECOND_FACTOR_NAMESPACES = INTERFACE_NAMESPACES | {"admin"}

#: Roles that sign in with a second factor. The procurement officer and project leader act
#: for the buyer; the evaluator reads tenders after the opening and scores them; the auditor
#: reads every procedure. A supplier user sees only its own company's data.
SECOND_FACTOR_ROLES = Membership.BUYER_ROLES | {
    Membership.Role.EVALUATOR,
    Membership.Role.AUDITOR,
}

#: Pages a signed-in person may reach before choosing an organisation or passing 2FA: the
#: sign-in steps and the public pages of the market consultation (readable without account).
OPEN_VIEWS = frozenset(
    {
        "web:login",
        "web:logout",
        "web:otp_setup",
        "web:otp_verify",
        "web:organisation_choose",
        "web:home",
        "web:password_reset",
        "web:password_reset_done",
        "web:password_reset_confirm",
        "web:password_reset_complete",
        "web:register",
        "admin:login",
        "admin:logout",
        "consultation:challenges",
        "consultation:challenge",
        "consultation:respond",
        "consultation:thanks",
        "consultation:report",
        "consultation:report_download",
    }
)


def second_factor_required(user) -> bool:
    """Outside demo mode: the roles of SECOND_FACTOR_ROLES and the Django admin's staff sign in
    with a second factor; the web, the admin, API sessions and API token creation all ask
    this."""
    if settings.INNOPARTNER_DEMO or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=SECOND_FACTOR_ROLES).exists()


def needs_second_factor(user) -> bool:
    """Required, and not yet passed in this session (``is_verified`` comes from django-otp's
    middleware)."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False  # passed already: no need to look at the roles
    return second_factor_required(user)


class ActiveOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Dutch first: only a language the person chose (cookie) overrides Dutch, not the
        # browser's Accept-Language.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        request.membership = None
        request.organisation = None
        request.role = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=user).select_related("organisation").order_by("id")
            )
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.pk == chosen), None)
            if membership is None and len(memberships) == 1:
                membership = memberships[0]
            if membership is not None:
                request.membership = membership
                request.organisation = membership.organisation
                request.role = membership.role
        else:
            request.memberships = []
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or match.namespace not in SECOND_FACTOR_NAMESPACES
            or match.view_name in OPEN_VIEWS
        ):
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # the view's login_required sends the person to the login page
        if needs_second_factor(user):
            from django_otp import devices_for_user

            confirmed = any(True for _ in devices_for_user(user, confirmed=True))
            target = "web:otp_verify" if confirmed else "web:otp_setup"
            return redirect(f"{_reverse(target)}?next={request.get_full_path()}")
        if match.namespace not in INTERFACE_NAMESPACES:
            return None  # the admin: no organisation to choose
        if request.membership is None and request.memberships:
            return redirect(f"{_reverse('web:organisation_choose')}?next={request.get_full_path()}")
        return None

    def process_exception(self, request, exception):
        """A refusal that reaches the top (not caught by a form) becomes a friendly 403/404
        that names the rule."""
        from innopartner.web.views.errors import render_error

        match = getattr(request, "resolver_match", None)
        if match is None or match.namespace not in INTERFACE_NAMESPACES:
            return None  # the API renders its own errors
        if isinstance(exception, NotAllowed):
            return render_error(request, 403, exception)
        if isinstance(exception, NotFound):
            return render_error(request, 404, exception)
        return None


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
