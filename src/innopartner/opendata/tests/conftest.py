"""Fixtures of the open-data tests: the shared folder with the official schemas, and the six
cases loaded once per test through the real services."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


def _shared_dir() -> Path:
    return (REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``<repo>/../shared`` with the official schemas. Skips where it is absent, except in CI
    (``CI=true``), where a missing folder must fail the run instead of hiding the checks."""
    folder = _shared_dir()
    if not (folder / "schemas").is_dir():
        message = (
            f"{folder}/schemas is absent: the official OCDS and eForms schemas are needed to "
            "validate the exports (see ../shared/schemas/README.md)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def ocds_zip(shared_dir: Path) -> Path:
    path = shared_dir / "schemas" / "ocds-1.1.5" / "standard-1__1__5.zip"
    if not path.exists():
        pytest.fail(f"{path} is missing from the shared folder")
    return path


def run_case(slug: str):
    from innopartner.scenarios.format import CASES_DIR, load_scenario
    from innopartner.scenarios.runner import run_scenario

    result = run_scenario(load_scenario(CASES_DIR / f"{slug}.yaml"))
    assert result.ok, result.failure
    return result.procedure


@pytest.fixture(scope="module")
def six_cases(django_db_setup, django_db_blocker):
    """The six cases, run once per test module inside a transaction that is rolled back at the
    end of the module, so no other test sees them. Returns slug -> procedure."""
    from django.db import transaction

    from innopartner.scenarios.format import CASE_SLUGS

    with django_db_blocker.unblock():
        with transaction.atomic():
            procedures = {slug: run_case(slug) for slug in CASE_SLUGS}
            yield procedures
            transaction.set_rollback(True)


class _ZipSchemaServer:
    """Serves the standard's own schema files from the shared ZIP to ``jsonref`` in place of
    ``requests``. libcoveocds dereferences the record package schema's link to
    ``versioned-release-validation-schema.json`` by URL even with ``standard_zip`` set, which
    fails offline; this answers that one request from the same ZIP and refuses any other."""

    PREFIX = "https://standard.open-contracting.org/schema/1__1__5/"

    def __init__(self, zip_path: Path) -> None:
        self.zip_path = zip_path

    def get(self, uri: str, *args, **kwargs):
        import json
        import zipfile

        if not uri.startswith(self.PREFIX):
            raise AssertionError(f"the OCDS validation tried to go online: {uri}")
        name = "standard-1__1__5/schema/" + uri[len(self.PREFIX) :]
        with zipfile.ZipFile(self.zip_path) as archive:
            data = json.loads(archive.read(name))

        class Response:
            def raise_for_status(self):
                return None

            def json(self, **kw):
                return data

        return Response()


@pytest.fixture
def validate_ocds(ocds_zip, tmp_path, monkeypatch):
    """Validate a release or record package with libcoveocds, offline, as the schemas README
    shows; returns libcoveocds' result dictionary."""
    import json

    import jsonref
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    monkeypatch.setattr(jsonref, "requests", _ZipSchemaServer(ocds_zip))
    counter = iter(range(1000))

    def validate(package: dict) -> dict:
        folder = tmp_path / f"cove-{next(counter)}"
        folder.mkdir()
        path = folder / "package.json"
        path.write_text(json.dumps(package), encoding="utf-8")
        config = LibCoveOCDSConfig(
            {"standard_zip": "file://" + str(ocds_zip.resolve()), "context": "api"}
        )
        return ocds_json_output(
            str(folder),
            str(path),
            schema_version="1.1",
            convert=False,
            lib_cove_ocds_config=config,
        )

    return validate


SECRETS = {
    "tender_content": "GEHEIM-INHOUD-VAN-EEN-INSCHRIJVING",
    "unopened_content": "GEHEIM-NOG-NIET-GEOPEND",
    "unpublished_title": "GEHEIM-ONGEPUBLICEERDE-PROCEDURE",
    "score_justification": "GEHEIM-BEOORDELING-VAN-EEN-BEOORDELAAR",
    "question": "GEHEIM-VRAAG-VOOR-PUBLICATIE",
    "award_reasons": "GEHEIM-GUNNINGSMOTIVERING",
}


@pytest.fixture
def seeded(db):
    """A world with secrets planted where open data must never look: sealed and opened tender
    content, an evaluator's own score and justification, an unpublished procedure, a question
    not yet answered, the award reasons. Returns (world, published procedure in the
    partnership, published procedure in negotiation with an unopened round, unpublished)."""
    import datetime as dt
    from decimal import Decimal

    from innopartner.award import services as award
    from innopartner.evaluation import services as evaluation
    from innopartner.negotiation import services as negotiation
    from innopartner.parties import services as parties
    from innopartner.procedures import services as procedures
    from innopartner.procedures.models import Procedure
    from innopartner.tendering import services as tendering
    from innopartner.testing import draft_procedure, make_world, publish, run_round, select

    world = make_world(operators=4)
    hidden = procedures.procedure_create(
        title=SECRETS["unpublished_title"],
        procedure_type_code="innovation_partnership",
        lead_buyer=world.buyer,
        now=world.now,
        actor=world.officer,
    )
    # The partnership: a round whose content carries a secret, an evaluator's own score.
    partnership = publish(world, draft_procedure(world))
    negotiation.question_ask(
        procedure=partnership,
        operator=world.operators[0],
        text=SECRETS["question"],
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    partnership = select(world, partnership)
    second_evaluator = parties.person_add(
        username="evaluator-2", organisation=world.buyer, role="evaluator", now=world.now
    )
    prices = {o: 100000 + 1000 * i for i, o in enumerate(world.operators)}
    quality = {o: 9 - i for i, o in enumerate(world.operators)}
    run_round(world, partnership, kind="initial", prices=prices, quality=quality)
    final = tendering.round_open(
        procedure=partnership,
        kind="final",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    world.tick(days=13)
    for operator, price in prices.items():
        tendering.tender_submit(
            tender_round=final,
            operator=operator,
            content=SECRETS["tender_content"].encode(),
            filename="inschrijving.pdf",
            price=price,
            now=world.now,
            actor=world.supplier(operator),
        )
    world.tick(days=2)
    opening = tendering.tenders_opening_start(
        tender_round=final, now=world.now, actor=world.officer
    )
    tendering.tenders_opening_confirm(opening=opening, now=world.now, actor=world.second_officer)
    criterion = partnership.award_criteria.get(kind="quality")
    for tender in final.tenders.filter(status="submitted"):
        evaluation.score_submit(
            tender=tender,
            criterion=criterion,
            score=quality[tender.operator],
            justification="Goed.",
            now=world.now,
            actor=world.evaluator,
        )
        evaluation.score_submit(
            tender=tender,
            criterion=criterion,
            score=Decimal("3.33"),
            justification=SECRETS["score_justification"],
            now=world.now,
            actor=second_evaluator,
        )
        evaluation.consensus_record(
            tender=tender,
            criterion=criterion,
            score=quality[tender.operator],
            justification="Eens.",
            now=world.now,
            actor=world.officer,
        )
    world.tick(days=1)
    award.award_decide(
        procedure=partnership,
        winners=world.operators[:2],
        reasons=SECRETS["award_reasons"],
        now=world.now,
        actor=world.officer,
    )
    world.tick(days=21)
    award.agreement_sign(procedure=partnership, now=world.now, actor=world.officer)
    partnership = Procedure.objects.get(pk=partnership.pk)

    # A second procedure in negotiation with a round that is not opened yet.
    sealed = publish(world, draft_procedure(world))
    sealed = select(world, sealed)
    open_round = tendering.round_open(
        procedure=sealed,
        kind="initial",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    world.tick(days=1)
    tendering.tender_submit(
        tender_round=open_round,
        operator=world.operators[0],
        content=SECRETS["unopened_content"].encode(),
        filename="inschrijving.pdf",
        price=Decimal("123457.89"),
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    return world, partnership, Procedure.objects.get(pk=sealed.pk), hidden


def assert_no_secrets(text: str) -> None:
    for name, secret in SECRETS.items():
        assert secret not in text, f"{name} leaked into an export"
    assert "3.33" not in text, "an evaluator's own score leaked into an export"
    assert "123457.89" not in text, "the price of a sealed tender leaked into an export"


def give_contacts(procedure) -> None:
    """Address and contact details for every organisation of a procedure (test data: the
    cases do not record addresses)."""
    import datetime as dt

    from innopartner.opendata.models import OrganisationContact
    from innopartner.parties.models import Organisation

    ids = set(procedure.buyers.values_list("authority_id", flat=True))
    decision = getattr(procedure, "award_decision", None)
    if decision is not None:
        ids |= set(decision.lines.values_list("operator_id", flat=True))
    for org in Organisation.objects.filter(pk__in=ids):
        OrganisationContact.objects.update_or_create(
            organisation=org,
            defaults={
                "city": "Utrecht",
                "postal_code": "3511 AB",
                "nuts_code": f"{org.country}350" if org.country == "NL" else f"{org.country}1",
                "email": "inkoop@example.nl",
                "telephone": "+31 30 123 4567",
                "registration": "" if org.kvk_number else "00000001234567890000",
                "updated_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            },
        )


@pytest.fixture(scope="session")
def eforms_validator(shared_dir: Path):
    """One validator of the official eForms SDK (XSD and Schematron) per test session: it
    takes about 40 s to load (and about 50 s more the first time, to compile the rules)."""
    import importlib.util
    import sys

    path = shared_dir / "tools" / "eforms_validate.py"
    if not path.exists():
        pytest.fail(f"{path} is missing from the shared folder")
    spec = importlib.util.spec_from_file_location("innopartner_eforms_validate", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.Validator()
