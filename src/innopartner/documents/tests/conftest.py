"""Fixtures of the document tests: the IFV case run once per module through the real
services (rolled back at the end of the module), and a small world with an auditor."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ifv(django_db_setup, django_db_blocker):
    """The IFV case (scenarios/cases/ifv.yaml) with its letters and openings."""
    from django.db import transaction

    from innopartner.scenarios.format import CASES_DIR, load_scenario
    from innopartner.scenarios.runner import run_scenario

    with django_db_blocker.unblock():
        with transaction.atomic():
            result = run_scenario(load_scenario(CASES_DIR / "ifv.yaml"))
            assert result.ok, result.failure
            yield result.procedure
            transaction.set_rollback(True)


@pytest.fixture
def auditor(db):
    from innopartner.parties import services as parties
    from innopartner.testing import START

    office = parties.authority_create(
        name="Auditdienst Voorbeeld", authority_type="central", now=START
    )
    return parties.person_add(username="auditor", organisation=office, role="auditor", now=START)
