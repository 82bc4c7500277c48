"""Pages of the market consultation. Public: the challenge page, the response form, the
confirmation and the published report, without an account. Buyer staff: write, publish and
withdraw the page, read and export the responses, record activities, link findings to
decisions, publish the report. Each view calls one service or selector."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.core.exceptions import NotFound
from innopartner.procedures.models import MarketConsultationEntry
from innopartner.web import access, clock
from innopartner.web.ratelimit import client_key
from innopartner.web.views.base import attempt, done, refused

from . import rules, selectors, services
from .forms import ActivityForm, ChallengePageForm, DecisionForm, ResponseForm, WithdrawForm
from .models import ChallengePage

SESSION_KEY = "consultation_responses"


# --- public ---------------------------------------------------------------------------


def _public(view):
    @wraps(view)
    def wrapped(request, public_id, *args, **kwargs):
        try:
            page = selectors.page_public(public_id)
        except NotFound:
            raise Http404 from None
        return view(request, page, *args, **kwargs)

    return wrapped


def challenges(request):
    """The open challenges, for a company looking for one to respond to."""
    return render(request, "consultation/challenges.html", {"pages": selectors.pages_open()})


@_public
def challenge(request, page):
    return render(
        request,
        "consultation/public_page.html",
        {
            "page": page,
            "procedure": page.procedure,
            "report_public": bool(page.report_published_at) and page.is_public,
            "responses_open": page.is_public and not page.procedure.is_published,
        },
    )


@_public
def respond(request, page):
    form = ResponseForm(request.POST or None)
    template = "consultation/respond.html"
    context = {"page": page, "form": form}
    if request.method == "GET":
        # A closed page says why at once, rather than after the form was filled in.
        _open, closed = attempt(
            lambda: rules.ensure_responses_open(
                status=page.status, notice_dispatched=page.procedure.is_published
            )
        )
        if closed:
            return render(request, template, {**context, "refusal": closed, "closed": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled the hidden field: store nothing, say nothing useful.
            return redirect("consultation:thanks", page.public_id)
        response, refusal = attempt(
            lambda: services.response_submit(
                page=page,
                organisation_name=data["organisation_name"],
                kvk_number=data["kvk_number"],
                contact_person=data["contact_person"],
                email=data["email"],
                kind=data["kind"],
                idea=data["idea"],
                public_summary=data["public_summary"],
                summary_consent=data["summary_consent"],
                now=clock.now(),
                client_key=client_key(request),
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        mine = request.session.get(SESSION_KEY, [])
        request.session[SESSION_KEY] = [*mine[-9:], str(response.pk)]
        return redirect("consultation:thanks", page.public_id)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@_public
def thanks(request, page):
    """The confirmation shows the respondent's own last response, found through its own
    session only: the address alone shows nobody's response."""
    mine = request.session.get(SESSION_KEY, [])
    response = page.responses.filter(pk__in=mine).order_by("-received_at").first()
    return render(request, "consultation/thanks.html", {"page": page, "response": response})


def _report_page(request, page):
    if not selectors.report_visible(page, request.user):
        raise Http404
    return selectors.consultation_report(page)


@_public
def report(request, page):
    return render(
        request,
        "consultation/report.html",
        {
            "page": page,
            "report": _report_page(request, page),
            "draft": not page.report_published_at,
        },
    )


@_public
def report_download(request, page):
    text = render_to_string(
        "consultation/report.md", {"page": page, "report": _report_page(request, page)}
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="marktconsultatieverslag.md"'
    return response


# --- buyer staff ----------------------------------------------------------------------


def _buyer(view):
    """Signed in; the procedure visible to the organisation (404 otherwise); the services then
    refuse anyone but the buyer's staff."""

    @login_required
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        # web.middleware has already asked for the second factor and the organisation, and
        # turns a refusal into the friendly 403/404 (this namespace is one of the interface's).
        procedure = access.procedure_for(request.membership, pk)
        return view(request, procedure, *args, **kwargs)

    return wrapped


def _overview(request, procedure, **extra):
    page = selectors.page_for_buyer(procedure=procedure, user=request.user)
    entries = selectors.activities(procedure)
    return {
        "procedure": procedure,
        "page": page,
        "responses": selectors.responses_for_buyer(procedure=procedure, user=request.user),
        "entries": entries,
        "trail": selectors.trail(procedure),
        "withdraw_form": WithdrawForm(),
        "public_url": (
            request.build_absolute_uri(reverse("consultation:challenge", args=[page.public_id]))
            if page
            else ""
        ),
        **extra,
    }


@_buyer
def manage(request, procedure):
    return render(request, "consultation/manage.html", _overview(request, procedure))


@_buyer
def page_edit(request, procedure):
    page = selectors.page_for_buyer(procedure=procedure, user=request.user)
    initial = (
        {f: getattr(page, f) for f in services.PAGE_FIELDS}
        if page
        else {
            "title": procedure.title,
            "need": procedure.need_description,
            "contact_name": request.user.get_full_name() or request.user.get_username(),
            "contact_email": request.user.email,
        }
    )
    form = ChallengePageForm(request.POST or None, initial=initial)
    template = "consultation/page_form.html"
    context = {"procedure": procedure, "page": page, "form": form}
    if request.method == "POST" and form.is_valid():
        _page, refusal = attempt(
            lambda: services.challenge_page_save(
                procedure=procedure, now=clock.now(), actor=request.user, **form.cleaned_data
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request, _("De uitdagingspagina is opgeslagen."), "consultation:manage", procedure.pk
        )
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _act(request, procedure, call, message: str):
    _result, refusal = attempt(call)
    if refusal:
        return refused(request, "consultation/manage.html", _overview(request, procedure), refusal)
    return done(request, message, "consultation:manage", procedure.pk)


def _page_or_404(request, procedure) -> ChallengePage:
    page = selectors.page_for_buyer(procedure=procedure, user=request.user)
    if page is None:
        raise NotFound(_("Er is nog geen uitdagingspagina."), code="challenge-page-not-found")
    return page


@_buyer
@require_POST
def page_publish(request, procedure):
    page = _page_or_404(request, procedure)
    return _act(
        request,
        procedure,
        lambda: services.challenge_page_publish(page=page, now=clock.now(), actor=request.user),
        _("De uitdagingspagina is gepubliceerd."),
    )


@_buyer
@require_POST
def page_withdraw(request, procedure):
    page = _page_or_404(request, procedure)
    form = WithdrawForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        procedure,
        lambda: services.challenge_page_withdraw(
            page=page, reason=reason[:2000], now=clock.now(), actor=request.user
        ),
        _("De uitdagingspagina is ingetrokken."),
    )


@_buyer
@require_POST
def report_publish(request, procedure):
    page = _page_or_404(request, procedure)
    return _act(
        request,
        procedure,
        lambda: services.report_publish(page=page, now=clock.now(), actor=request.user),
        _("Het marktconsultatieverslag is gepubliceerd."),
    )


@_buyer
def export_csv(request, procedure):
    text = selectors.export_csv(procedure=procedure, user=request.user)
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reacties.csv"'
    return response


@_buyer
def export_xlsx(request, procedure):
    data = selectors.export_xlsx(procedure=procedure, user=request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="reacties.xlsx"'
    return response


@_buyer
def activity_add(request, procedure):
    selectors.page_for_buyer(procedure=procedure, user=request.user)  # buyer staff only
    form = ActivityForm(request.POST or None)
    template = "consultation/activity_form.html"
    context = {"procedure": procedure, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _activity, refusal = attempt(
            lambda: services.activity_record(
                procedure=procedure, now=clock.now(), actor=request.user, **data
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(request, _("De activiteit is vastgelegd."), "consultation:manage", procedure.pk)
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@_buyer
def decision_add(request, procedure):
    selectors.page_for_buyer(procedure=procedure, user=request.user)  # buyer staff only
    entries = selectors.activities(procedure)
    form = DecisionForm(request.POST or None, entries=entries)
    template = "consultation/decision_form.html"
    context = {"procedure": procedure, "form": form, "entries": entries}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = MarketConsultationEntry.objects.get(procedure=procedure, pk=data["entry"])
        _record, refusal = attempt(
            lambda: services.finding_decide(
                entry=entry,
                finding=data["finding"],
                topic=data["topic"],
                value=data["value"],
                decision=data["decision"],
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(
            request,
            _("De bevinding en het besluit zijn vastgelegd."),
            "consultation:manage",
            procedure.pk,
        )
    return render(request, template, context, status=400 if request.method == "POST" else 200)
