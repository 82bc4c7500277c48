"""The wizard summary lists every rule that still blocks publication, each with its message,
code and article, in the order to fix them (``procedures.services.publication_problems``)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from innopartner.procedures.models import Procedure
from innopartner.testing import draft_procedure, make_world

from .conftest import sign_in


@pytest.fixture
def world(db):
    return make_world(operators=0)


def summary(procedure):
    return reverse("web:wizard_step", args=[procedure.pk, "samenvatting"])


def broken_three_ways(world) -> Procedure:
    """No award criteria, no R&D selection criterion, no proportionality justification."""
    procedure = draft_procedure(world)
    procedure.award_criteria.all().delete()
    procedure.selection_criteria.update(covers_rd_capacity=False)
    Procedure.objects.filter(pk=procedure.pk).update(proportionality_justification="")
    return procedure


def test_the_summary_lists_every_blocking_rule_with_code_and_article_in_order(client, world):
    sign_in(client, "officer")
    procedure = broken_three_ways(world)
    body = client.get(summary(procedure)).content.decode()
    listing = body[body.index('<ol class="publication-problems">') :]
    listing = listing[: listing.index("</ol>")]
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", listing)
    assert codes == [
        "documents-incomplete",
        "award-criteria-missing",
        "rd-selection-criterion-missing",
        "proportionality-not-justified",
    ]
    assert listing.count("<li>") == 4
    assert "Er zijn geen gunningscriteria." in listing
    assert "Art. 31(6) Richtlijn 2014/24/EU" in listing
    assert "Art. 31(7) Richtlijn 2014/24/EU" in listing
    assert "4 regels blokkeren de publicatie" in body
    assert 'aria-labelledby="blokkeert"' in body and 'id="blokkeert"' in body
    assert "De stukken voldoen aan alle regels voor publicatie." not in body


def test_after_a_fix_the_rest_remain_and_a_complete_draft_has_none(client, world):
    sign_in(client, "officer")
    procedure = broken_three_ways(world)
    procedure.selection_criteria.update(covers_rd_capacity=True)
    body = client.get(summary(procedure)).content.decode()
    assert "rd-selection-criterion-missing" not in body
    assert "award-criteria-missing" in body and "proportionality-not-justified" in body
    complete = draft_procedure(world)
    body = client.get(summary(complete)).content.decode()
    assert "publication-problems" not in body
    assert "De stukken voldoen aan alle regels voor publicatie." in body


def test_the_count_is_in_english_in_the_english_interface(client, world):
    sign_in(client, "officer")
    procedure = draft_procedure(world)
    procedure.selection_criteria.update(covers_rd_capacity=False)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(summary(procedure)).content.decode()
    assert "rd-selection-criterion-missing" in body
    assert "One rule blocks publication." in body


def test_a_refused_publication_names_every_blocking_rule_and_publishes_nothing(client, world):
    sign_in(client, "officer")
    procedure = broken_three_ways(world)
    response = client.post(
        reverse("web:notice_publish", args=[procedure.pk]),
        {"requests_deadline": "2031-05-04T12:00", "channel": "tenderned"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    refusal = body[body.index('class="refusal"') :]
    refusal = refusal[: refusal.index("</div>")]
    assert re.findall(r"<code>([a-z0-9-]+)</code>", refusal) == [
        "documents-incomplete",
        "award-criteria-missing",
        "rd-selection-criterion-missing",
        "proportionality-not-justified",
    ]
    assert "Ook deze regels blokkeren nog" in refusal
    assert Procedure.objects.get(pk=procedure.pk).notice_dispatched_at is None
