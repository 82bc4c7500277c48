"""The REST API, mounted under /api/v1/ by innopartner.config.urls.

Procedures are named by UUID or case code (`ref`); records inside a procedure by UUID, rounds
and phases by number. Every endpoint calls one service or selector of the engine."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import converters  # noqa: F401  (registers the ref, uid and num path converters)
from .apis import (
    analysis,
    answer_approval,
    award,
    consultation,
    evaluation,
    guidance,
    negotiation,
    organisations,
    participation,
    partnership,
    procedures,
    reads,
    round_actions,
    tendering,
    tokens,
)
from .apis.base import combine

app_name = "api"

router = SimpleRouter()
router.register("organisations", reads.OrganisationViewSet, basename="organisation")

P = "procedures/<ref:ref>/"

urlpatterns = [
    path(
        "tokens/",
        combine("TokensApi", tokens.TokenCreateApi, tokens.TokenRevokeApi).as_view(),
        name="tokens",
    ),
    path("letters/", reads.MyLetterListApi.as_view(), name="my-letters"),
    path(
        "organisations/<uid:org>/contact/",
        organisations.OrganisationContactSetApi.as_view(),
        name="organisation-contact",
    ),
    path(
        "procedures/",
        combine(
            "ProceduresApi", procedures.ProcedureListApi, procedures.ProcedureCreateApi
        ).as_view(),
        name="procedures",
    ),
    path(P, procedures.ProcedureDetailApi.as_view(), name="procedure"),
    # Preparation and publication
    path(P + "preparation/", procedures.PreparationUpdateApi.as_view(), name="preparation"),
    path(P + "buyers/", procedures.ProcedureBuyerAddApi.as_view(), name="buyers"),
    path(P + "choice/", procedures.ProcedureChoiceRecordApi.as_view(), name="choice"),
    path(P + "consultations/", procedures.ConsultationRecordApi.as_view(), name="consultations"),
    path(P + "requirements/", procedures.RequirementAddApi.as_view(), name="requirements"),
    path(
        P + "requirements/<key:req>/",
        procedures.RequirementChangeApi.as_view(),
        name="requirement",
    ),
    path(
        P + "selection-criteria/",
        procedures.SelectionCriterionAddApi.as_view(),
        name="selection-criteria",
    ),
    path(P + "award-criteria/", procedures.AwardCriterionAddApi.as_view(), name="award-criteria"),
    path(
        P + "award-criteria/<key:crit>/",
        procedures.AwardCriterionChangeApi.as_view(),
        name="award-criterion",
    ),
    path(P + "phases/", procedures.PhasePlanAddApi.as_view(), name="phases"),
    path(
        P + "performance-levels/",
        procedures.PerformanceLevelAddApi.as_view(),
        name="performance-levels",
    ),
    path(P + "purchase-items/", procedures.PurchaseItemAddApi.as_view(), name="purchase-items"),
    path(
        P + "prior-information-notice/",
        procedures.NoticePinPublishApi.as_view(),
        name="prior-information-notice",
    ),
    path(P + "publish/", procedures.NoticePublishApi.as_view(), name="publish"),
    path(P + "cancel/", procedures.ProcedureCancelApi.as_view(), name="cancel"),
    path(P + "complete/", procedures.ProcedureCompleteApi.as_view(), name="complete"),
    # Requests and selection
    path(P + "interest/", participation.InterestRegisterApi.as_view(), name="interest"),
    path(
        P + "requests/",
        combine(
            "RequestsApi", participation.RequestListApi, participation.RequestSubmitApi
        ).as_view(),
        name="requests",
    ),
    path(
        P + "requests/<uid:rid>/assessment/",
        participation.RequestAssessApi.as_view(),
        name="request-assessment",
    ),
    path(P + "invitations/", participation.CandidatesInviteApi.as_view(), name="invitations"),
    # Questions, meetings, negotiation, confidential information
    path(
        P + "questions/",
        combine("QuestionsApi", negotiation.QuestionListApi, negotiation.QuestionAskApi).as_view(),
        name="questions",
    ),
    path(
        P + "questions/<uid:qid>/answer/",
        negotiation.QuestionAnswerApi.as_view(),
        name="question-answer",
    ),
    path(P + "answers/publish/", negotiation.AnswersPublishApi.as_view(), name="answers-publish"),
    path(P + "meetings/", negotiation.MeetingRecordApi.as_view(), name="meetings"),
    path(
        P + "confidential-items/",
        negotiation.ConfidentialItemRegisterApi.as_view(),
        name="confidential-items",
    ),
    path(
        P + "confidential-items/<uid:cid>/consents/",
        negotiation.ConsentGiveApi.as_view(),
        name="consents",
    ),
    path(
        P + "confidential-items/<uid:cid>/disclosures/",
        negotiation.ConfidentialDiscloseApi.as_view(),
        name="disclosures",
    ),
    # Rounds and sealed tenders
    path(P + "rounds/", tendering.RoundOpenApi.as_view(), name="rounds"),
    path(P + "rounds/<num:n>/tenders/", tendering.TenderSubmitApi.as_view(), name="round-tenders"),
    path(
        P + "rounds/<num:n>/opening/",
        tendering.TendersOpeningStartApi.as_view(),
        name="opening",
    ),
    path(
        P + "rounds/<num:n>/opening/confirm/",
        tendering.TendersOpeningConfirmApi.as_view(),
        name="opening-confirm",
    ),
    path(
        P + "rounds/<num:n>/negotiation/",
        negotiation.RoundNegotiateApi.as_view(),
        name="negotiation",
    ),
    path(P + "rounds/<num:n>/reduction/", negotiation.TendersReduceApi.as_view(), name="reduction"),
    path(P + "tenders/", tendering.TenderListApi.as_view(), name="tenders"),
    path(
        P + "tenders/<uid:tid>/content/",
        tendering.TenderContentApi.as_view(),
        name="tender-content",
    ),
    path(
        P + "tenders/<uid:tid>/replace/",
        tendering.TenderReplaceApi.as_view(),
        name="tender-replace",
    ),
    path(
        P + "tenders/<uid:tid>/withdraw/",
        tendering.TenderWithdrawApi.as_view(),
        name="tender-withdraw",
    ),
    # Evaluation
    path(
        P + "tenders/<uid:tid>/scores/",
        combine("ScoresApi", evaluation.ScoreListApi, evaluation.ScoreSubmitApi).as_view(),
        name="scores",
    ),
    path(
        P + "tenders/<uid:tid>/consensus/",
        evaluation.ConsensusRecordApi.as_view(),
        name="consensus",
    ),
    path(
        P + "tenders/<uid:tid>/compliance/",
        evaluation.TenderComplianceRecordApi.as_view(),
        name="compliance",
    ),
    # Award
    path(P + "award/", award.AwardDecideApi.as_view(), name="award"),
    path(P + "agreement/", award.AgreementSignApi.as_view(), name="agreement"),
    path(P + "award-notice/", award.AwardNoticePublishApi.as_view(), name="award-notice"),
    # Partnership
    path(
        P + "partners/<uid:op>/phases/<num:n>/assessment/",
        partnership.TargetsAssessApi.as_view(),
        name="targets-assessment",
    ),
    path(
        P + "partners/<uid:op>/phases/<num:n>/instalments/",
        partnership.InstalmentPayApi.as_view(),
        name="instalments",
    ),
    path(P + "gates/<num:n>/", partnership.GateDecideApi.as_view(), name="gate"),
    path(P + "purchase/", partnership.PurchaseStartApi.as_view(), name="purchase"),
    path(P + "call-offs/", partnership.CallOffPlaceApi.as_view(), name="call-offs"),
    # Reads
    path(P + "letters/", reads.LetterListApi.as_view(), name="letters"),
    path(P + "audit-trail/", reads.AuditTrailApi.as_view(), name="audit-trail"),
    # Decision support
    path("analysis/partners/", analysis.PartnersCompareApi.as_view(), name="analysis-partners"),
    path(P + "procedure-choice/", analysis.ProcedureChoiceApi.as_view(), name="procedure-choice"),
    path(P + "risks/", analysis.RisksApi.as_view(), name="risks"),
    path(P + "risks/simulation/", analysis.RiskSimulationApi.as_view(), name="risk-simulation"),
    path(P + "tco-options/", analysis.TcoOptionRecordApi.as_view(), name="tco-options"),
    path(P + "tco/", analysis.TcoAnalysisApi.as_view(), name="tco"),
    path(P + "rounds/<num:n>/ranking/", analysis.RoundRankingApi.as_view(), name="round-ranking"),
    path(P + "rounds/<num:n>/lot-drawing/", analysis.LotDrawApi.as_view(), name="lot-drawing"),
    # The approval step for answers (four eyes)
    path(
        P + "answers/approval/",
        combine(
            "AnswerApprovalApi",
            answer_approval.AnswerApprovalReadApi,
            answer_approval.AnswerApprovalSetApi,
        ).as_view(),
        name="answer-approval",
    ),
    path(
        P + "questions/<uid:qid>/approval/",
        answer_approval.AnswerApproveApi.as_view(),
        name="answer-approve",
    ),
    path(
        P + "questions/<uid:qid>/return/",
        answer_approval.AnswerReturnApi.as_view(),
        name="answer-return",
    ),
    # Guidance: the checklist per stage
    path(
        P + "checklist/",
        combine("ChecklistItemsApi", guidance.ChecklistApi, guidance.ChecklistItemSetApi).as_view(),
        name="checklist",
    ),
    # Market consultation (read-only)
    path(
        P + "consultation/responses/",
        consultation.ConsultationResponseListApi.as_view(),
        name="consultation-responses",
    ),
    # What the buyer can do now with its rounds (as the web's rounds page)
    path(
        P + "rounds/actions/",
        round_actions.RoundNextActionsApi.as_view(),
        name="round-next-actions",
    ),
    path(
        P + "rounds/<num:n>/actions/",
        round_actions.RoundActionsApi.as_view(),
        name="round-actions",
    ),
    *router.urls,
]
