from __future__ import annotations

import datetime as dt

import pytest

from innopartner.consultation import services
from innopartner.testing import draft_procedure, make_world

SECRET_IDEA = "GEHEIM-IDEE-7f3a zonnepanelen op blusvoertuigen"
SECRET_NAME = "Verborgen Start-up 91c2"
CONSENTED_NAME = "Open Innovator B.V."
CONSENTED_SUMMARY = "Samenvatting-ok: sensoren in het bos"
CONSENTED_IDEA = "GEHEIM-DETAIL-b71e van de sensoren"
SECRET_MINUTES = "INTERN-VERSLAG-55d1"
SECRET_ATTENDEE = "INTERNE-AANWEZIGE-0c9e"


@pytest.fixture
def world(db):
    return make_world(operators=1)


@pytest.fixture
def procedure(world):
    return draft_procedure(world)


def write_page(world, procedure, **overrides):
    values = {
        "title": "Minder water bij het blussen",
        "need": "Wij zoeken blusmiddelen die met minder water werken.",
        "known": "PFAS is geen optie.",
        "unknown": "Wat een veldproef kost.",
        "timeline": "Aankondiging in het voorjaar.",
        "how_to_respond": "Via het formulier.",
        "contact_name": "Inkoper",
        "contact_email": "inkoop@example.nl",
    }
    values.update(overrides)
    return services.challenge_page_save(
        procedure=procedure, now=world.now, actor=world.officer, **values
    )


@pytest.fixture
def page(world, procedure):
    page = write_page(world, procedure)
    return services.challenge_page_publish(page=page, now=world.now, actor=world.officer)


@pytest.fixture
def seeded(world, procedure, page):
    """Two responses (one secret, one with a consented summary) and an activity with internal
    minutes: what must never leak."""
    services.response_submit(
        page=page,
        organisation_name=SECRET_NAME,
        contact_person="Geheim Persoon",
        email="geheim@example.nl",
        kind="idea",
        idea=SECRET_IDEA,
        public_summary="Niet-gepubliceerd: geen toestemming",
        now=world.now,
    )
    services.response_submit(
        page=page,
        organisation_name=CONSENTED_NAME,
        kvk_number="1234 5678",
        contact_person="Open Persoon",
        email="open@example.nl",
        kind="talk",
        idea=CONSENTED_IDEA,
        public_summary=CONSENTED_SUMMARY,
        summary_consent=True,
        now=world.now,
    )
    activity = services.activity_record(
        procedure=procedure,
        kind="information_meeting",
        held_on=world.now.date() - dt.timedelta(days=1),
        title="Informatiebijeenkomst",
        participants=50,
        attendees=SECRET_ATTENDEE,
        minutes=SECRET_MINUTES,
        learned="Bedrijven willen een betaalde veldproef.",
        now=world.now,
        actor=world.officer,
    )
    return activity


SECRETS = (
    SECRET_IDEA,
    SECRET_NAME,
    CONSENTED_IDEA,
    SECRET_MINUTES,
    SECRET_ATTENDEE,
    "geheim@example.nl",
    "Niet-gepubliceerd",
)
