"""A challenge page with a few responses, an information meeting and a finding that changed
the budget, for the demo procedure that is open for requests: built through the services in
the 40 days before its notice, so that demo-officer sees a complete market consultation."""

from __future__ import annotations

import datetime as dt

from innopartner.core.timeutil import local_date

from . import services


def challenge_for_demo(world, procedure) -> None:
    officer = world.officer
    start = world.now
    page = services.challenge_page_save(
        procedure=procedure,
        now=start,
        actor=officer,
        title="Blussen met minder water en minder schade",
        need=(
            "Bij natuurbranden en branden in gebouwen gebruiken korpsen veel water. Dat is niet "
            "altijd beschikbaar en veroorzaakt schade. Wij zoeken blusmiddelen die met minder "
            "water even snel blussen, veilig zijn voor brandweermensen en geen schadelijke "
            "stoffen in bodem en water achterlaten."
        ),
        known="Schuimblusmiddelen met PFAS zijn geen optie meer. Korpsen hebben weinig tijd "
        "voor oefenen met nieuwe middelen.",
        unknown="Of één middel past bij zowel natuurbrand als gebouwbrand; wat een veldproef kost.",
        timeline="Reageren tot eind volgende maand; informatiebijeenkomst daarna; aankondiging "
        "van het innovatiepartnerschap in het voorjaar.",
        how_to_respond="Vul het formulier in: belangstelling, een idee, een vraag, of vraag een "
        "gesprek aan.",
        contact_name="Demo Inkoper",
        contact_email="inkoop@ifv.example",
    )
    services.challenge_page_publish(page=page, now=start, actor=officer)
    for days, name, kind, idea, summary in (
        (2, "Aqua Mist Start-up", "idea", "Fijne waternevel met een additief op plantenbasis.", ""),
        (
            3,
            "BlusLab B.V.",
            "talk",
            "Wij testen een gel die hout tegen ontbranding beschermt.",
            "Een beschermende gel die vegetatie vóór het vuur nat houdt.",
        ),
        (5, "Brand & Bodem", "question", "Telt een middel mee dat alleen voor natuurbrand is?", ""),
    ):
        services.response_submit(
            page=page,
            organisation_name=name,
            contact_person="Contact " + name.split()[0],
            email=f"info@{name.split()[0].lower()}.example",
            kind=kind,
            idea=idea,
            public_summary=summary,
            summary_consent=bool(summary),
            now=start + dt.timedelta(days=days),
        )
    held = start + dt.timedelta(days=20)
    activity = services.activity_record(
        procedure=procedure,
        kind="information_meeting",
        held_on=local_date(held),
        title="Informatiebijeenkomst blusmiddelen",
        participants=23,
        attendees="23 deelnemers van 17 organisaties (lijst intern)",
        minutes="Presentatie van de uitdaging; vragen over veldproeven en budget.",
        learned="Een veldproef is voor kleine bedrijven alleen haalbaar als die wordt betaald.",
        now=held,
        actor=officer,
    )
    services.finding_decide(
        entry=activity.entry,
        finding="Kleine bedrijven kunnen een veldproef niet zelf betalen.",
        topic="budget",
        value="450000",
        decision="Budget verhoogd zodat de veldproef in fase 2 betaald is.",
        now=held + dt.timedelta(days=1),
        actor=officer,
    )
    services.report_publish(page=page, now=held + dt.timedelta(days=2), actor=officer)
    world.now = start + dt.timedelta(days=40)  # the notice follows the consultation
