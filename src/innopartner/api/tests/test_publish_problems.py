"""The publish refusal lists every rule that blocks the contract notice (``problems``); the
problem's own code stays the first, so clients that key on it do not break."""

from innopartner.audit.models import AuditRecord
from innopartner.procedures import services
from innopartner.procedures.models import Notice, Procedure

from .conftest import assert_problem, url

BODY = {"requests_deadline": "2024-03-01T12:00:00+01:00", "channel": "tenderned"}


def test_the_publish_refusal_carries_every_blocking_rule(api, world, draft):
    criterion = draft.award_criteria.get(kind="quality")
    services.award_criterion_change(
        criterion=criterion, weight=criterion.weight + 1, now=world.now, actor=world.officer
    )
    draft.selection_criteria.update(covers_rd_capacity=False)
    services.preparation_update(
        procedure=draft, candidates_min=2, now=world.now, actor=world.officer
    )
    records = AuditRecord.objects.count()

    body = assert_problem(api.post(world.officer, url(draft, "publish/"), BODY), 409)

    assert body["code"] == "award-criteria-weights-not-100"
    assert body["detail"] == body["problems"][0]["detail"]
    assert body["problems"] == [
        {
            "code": "award-criteria-weights-not-100",
            "detail": "De gewichten van de gunningscriteria tellen op tot 101.00, niet tot 100.",
            "article": "Art. 67(5) Richtlijn 2014/24/EU",
        },
        {
            "code": "candidates-minimum-too-low",
            "detail": body["problems"][1]["detail"],
            "article": "Art. 65(2) Richtlijn 2014/24/EU",
        },
        {
            "code": "rd-selection-criterion-missing",
            "detail": body["problems"][2]["detail"],
            "article": "Art. 31(6) Richtlijn 2014/24/EU",
        },
    ]
    assert all(p["detail"] for p in body["problems"])
    assert AuditRecord.objects.count() == records
    assert Procedure.objects.get(pk=draft.pk).stage == "preparation"
    assert not Notice.objects.filter(procedure=draft).exists()


def test_a_refusal_before_the_publication_rules_has_no_problems_list(api, world, draft):
    """A time limit that is too short is the publish action's own refusal, not a defect of
    the documents: no list."""
    body = assert_problem(
        api.post(
            world.officer,
            url(draft, "publish/"),
            {"requests_deadline": "2024-01-09T12:00:00+01:00", "channel": "tenderned"},
        ),
        409,
        "request-time-limit-too-short",
    )
    assert "problems" not in body


def test_a_publishable_draft_is_published(api, world, draft):
    response = api.post(world.officer, url(draft, "publish/"), BODY)
    assert response.status_code == 201, response.content
    assert Procedure.objects.get(pk=draft.pk).stage == "requests_open"
