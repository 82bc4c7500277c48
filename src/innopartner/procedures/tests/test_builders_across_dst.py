"""The test builders count the period for requests in Amsterdam calendar days, as the time-limit
rule does (Art. 31(1), Aw 2012 art. 2.71(3)): a world whose 30 days cross the change to winter
time publishes with the shortest allowed period."""

from __future__ import annotations

import datetime as dt

import pytest

from innopartner.core.timeutil import AMSTERDAM
from innopartner.testing import draft_procedure, make_world, publish


@pytest.mark.django_db
def test_publish_with_the_shortest_period_across_the_autumn_dst_change():
    world = make_world(operators=1, now=dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC))

    procedure = publish(world, draft_procedure(world))

    deadline = procedure.requests_deadline.astimezone(AMSTERDAM)
    assert (deadline.date(), deadline.hour) == (dt.date(2026, 10, 31), 12)
