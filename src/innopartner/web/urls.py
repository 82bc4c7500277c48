from django.urls import path

from .views import (
    accounts,
    auditor,
    buyer,
    charts,
    colleagues,
    common,
    consortium,
    decisions,
    evaluator,
    partnership,
    registration,
    supplier,
    wizard,
)
from .views import rounds as round_views

app_name = "web"

urlpatterns = [
    path("", common.home, name="home"),
    path("aanmelden/", accounts.LoginView.as_view(), name="login"),
    path("afmelden/", accounts.LogoutView.as_view(), name="logout"),
    path("tweestapsverificatie/instellen/", accounts.otp_setup, name="otp_setup"),
    path("tweestapsverificatie/", accounts.otp_verify, name="otp_verify"),
    path("organisatie/", accounts.organisation_choose, name="organisation_choose"),
    path("overzicht/", common.dashboard, name="dashboard"),
    path("procedures/", common.procedure_list, name="procedures"),
    path("procedures/<uuid:pk>/", common.procedure_detail, name="procedure"),
    path("procedures/<uuid:pk>/nota-van-inlichtingen/", common.nota, name="nota"),
    path("procedures/<uuid:pk>/audittrail/", auditor.procedure_audit_trail, name="audit_trail"),
    # buyer: step-by-step procedure creation
    path("procedures/nieuw/", wizard.start, name="wizard_start"),
    path("procedures/<uuid:pk>/opstellen/<slug:step>/", wizard.step, name="wizard_step"),
    # buyer
    path("procedures/<uuid:pk>/publiceren/", buyer.notice_publish, name="notice_publish"),
    path("procedures/<uuid:pk>/vragen/", buyer.questions, name="questions"),
    path(
        "procedures/<uuid:pk>/vragen/<uuid:question_pk>/antwoord/",
        buyer.question_answer,
        name="question_answer",
    ),
    path("procedures/<uuid:pk>/vragen/publiceren/", buyer.answers_publish, name="answers_publish"),
    path(
        "procedures/<uuid:pk>/vragen/goedkeuring/",
        buyer.answer_approval_set,
        name="answer_approval_set",
    ),
    path(
        "procedures/<uuid:pk>/vragen/<uuid:question_pk>/goedkeuren/",
        buyer.answer_approve,
        name="answer_approve",
    ),
    path(
        "procedures/<uuid:pk>/vragen/<uuid:question_pk>/terugsturen/",
        buyer.answer_return,
        name="answer_return",
    ),
    path("procedures/<uuid:pk>/rondes/<uuid:round_pk>/opening/", buyer.opening, name="opening"),
    path("procedures/<uuid:pk>/rondes/", round_views.rounds, name="rounds"),
    path("procedures/<uuid:pk>/rondes/openen/", round_views.round_open, name="round_open"),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/onderhandelen/",
        round_views.round_negotiate,
        name="round_negotiate",
    ),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/reductie/",
        round_views.tenders_reduce,
        name="tenders_reduce",
    ),
    path("procedures/<uuid:pk>/selectie/", buyer.selection, name="selection"),
    path(
        "procedures/<uuid:pk>/selectie/<uuid:request_pk>/",
        buyer.request_assess,
        name="request_assess",
    ),
    path("procedures/<uuid:pk>/gunning/", buyer.award_decide, name="award"),
    path("procedures/<uuid:pk>/beslismoment/", buyer.gate_decide, name="gate"),
    path("procedures/<uuid:pk>/bijeenkomsten/", buyer.meetings, name="meetings"),
    # decision support (buyer staff; auditors read)
    path("procedures/<uuid:pk>/beslisondersteuning/", decisions.index, name="decisions"),
    path(
        "procedures/<uuid:pk>/beslisondersteuning/procedurekeuze/",
        decisions.procedure_choice,
        name="decisions_choice",
    ),
    path(
        "procedures/<uuid:pk>/beslisondersteuning/risicos/",
        decisions.risk_register_page,
        name="decisions_risks",
    ),
    path("procedures/<uuid:pk>/beslisondersteuning/tco/", decisions.tco_page, name="decisions_tco"),
    path(
        "procedures/<uuid:pk>/beslisondersteuning/partners/",
        decisions.partners_page,
        name="decisions_partners",
    ),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/rangorde/",
        decisions.ranking,
        name="decisions_ranking",
    ),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/scoregrafiek/",
        charts.round_chart,
        name="round_chart",
    ),
    # partnership (buyer staff act, auditors read, partners see their own)
    path("procedures/<uuid:pk>/partnerschap/", partnership.overview, name="partnership"),
    path(
        "procedures/<uuid:pk>/partnerschap/tussendoelen/",
        partnership.targets_assess,
        name="partnership_targets",
    ),
    path(
        "procedures/<uuid:pk>/partnerschap/termijn/",
        partnership.instalment_pay,
        name="partnership_instalment",
    ),
    path(
        "procedures/<uuid:pk>/partnerschap/afname/",
        partnership.purchase_start,
        name="partnership_purchase",
    ),
    path(
        "procedures/<uuid:pk>/partnerschap/afroep/",
        partnership.call_off_place,
        name="partnership_call_off",
    ),
    path(
        "procedures/<uuid:pk>/partnerschap/afronden/",
        partnership.procedure_complete,
        name="partnership_complete",
    ),
    path(
        "procedures/<uuid:pk>/partnerschap/voortgang/",
        partnership.progress_report,
        name="partnership_progress",
    ),
    # evaluation
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/beoordeling/",
        evaluator.round_scores,
        name="round_scores",
    ),
    path("inschrijvingen/<uuid:pk>/beoordelen/", evaluator.tender_score, name="tender_score"),
    # supplier
    path(
        "procedures/<uuid:pk>/belangstelling/", supplier.interest_register, name="interest_register"
    ),
    path("procedures/<uuid:pk>/verzoek/", supplier.request_submit, name="request_submit"),
    path("procedures/<uuid:pk>/vraag/", supplier.question_ask, name="question_ask"),
    path(
        "procedures/<uuid:pk>/bijeenkomsten/voor-u/",
        supplier.meetings,
        name="supplier_meetings",
    ),
    path(
        "procedures/<uuid:pk>/rondes/<uuid:round_pk>/inschrijven/",
        supplier.tender_submit,
        name="tender_submit",
    ),
    path("inschrijvingen/<uuid:pk>/", common.tender_detail, name="tender"),
    path("inschrijvingen/<uuid:pk>/vervangen/", supplier.tender_replace, name="tender_replace"),
    path("inschrijvingen/<uuid:pk>/intrekken/", supplier.tender_withdraw, name="tender_withdraw"),
    path("ontvangstbewijzen/<uuid:pk>/", common.receipt_detail, name="receipt"),
    path("combinaties/", consortium.consortia, name="consortia"),
    path("brieven/", common.letters, name="letters"),
    path("brieven/<uuid:pk>/", common.letter_detail, name="letter"),
    # onboarding: colleagues, forgotten password, a company signing up
    path("organisatie/medewerkers/", colleagues.colleagues, name="colleagues"),
    path("wachtwoord-vergeten/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-kiezen/gereed/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("registreren/", registration.register, name="register"),
]
