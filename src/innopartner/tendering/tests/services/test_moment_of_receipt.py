"""The deadline is decided by the server clock at the moment of receipt: after the upload is
sealed and stored, inside the transaction; Europe/Amsterdam, across DST (Art. 31(1);
art. 2.71 Aw 2012)."""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import AMSTERDAM
from innopartner.sealing import store
from innopartner.tendering import services
from innopartner.tendering.models import Receipt, Tender
from innopartner.testing import draft_procedure, make_world, publish, select

pytestmark = pytest.mark.django_db

US = dt.timedelta(microseconds=1)


def a_round(deadline_local: dt.datetime, start: dt.datetime):
    world = make_world(operators=3, now=start)
    procedure = select(world, publish(world, draft_procedure(world)))
    tender_round = services.round_open(
        procedure=procedure,
        kind="initial",
        deadline=deadline_local,
        now=world.now,
        actor=world.officer,
    )
    tender_round.refresh_from_db()  # the deadline as stored: an absolute moment (UTC)
    return world, tender_round


def submit(world, tender_round, *, now, clock=None, operator=0):
    operator = world.operators[operator]
    return services.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=b"inschrijving",
        filename="i.pdf",
        price=1,
        now=now,
        clock=clock,
        actor=world.supplier(operator),
    )


def nothing_stored():
    return (
        not Tender.objects.exists()
        and not Receipt.objects.exists()
        and not [n for n, _p, _a in store.files() if n.startswith("tender/")]
    )


@pytest.fixture
def spring():
    # The round opens in winter time (CET); its deadline, 31 March 2024 12:00, is summer time
    # (CEST, 10:00 UTC): the clocks went forward that night.
    return a_round(
        dt.datetime(2024, 3, 31, 12, 0, tzinfo=AMSTERDAM),
        start=dt.datetime(2024, 1, 22, 9, 0, tzinfo=AMSTERDAM),
    )


def test_one_microsecond_before_the_deadline_is_in_time(spring):
    world, tender_round = spring
    deadline = tender_round.deadline
    receipt = submit(world, tender_round, now=deadline - US)
    assert receipt.server_time == deadline - US


def test_at_and_one_microsecond_after_the_deadline_is_late_and_nothing_is_stored(spring):
    world, tender_round = spring
    for moment in (tender_round.deadline, tender_round.deadline + US):
        with pytest.raises(RuleViolation) as caught:
            submit(world, tender_round, now=moment)
        assert caught.value.code == "tender-after-deadline"
        # named in Amsterdam time with its zone: 12:00 CEST, not 10:00 UTC nor 11:00 CET
        assert "31-03-2024 12:00:00 CEST" in caught.value.message
    assert nothing_stored()


def test_the_deadline_is_an_absolute_moment_across_the_spring_dst_change(spring):
    world, tender_round = spring
    assert tender_round.deadline == dt.datetime(2024, 3, 31, 10, 0, tzinfo=dt.UTC)
    # 11:30 by a clock still on winter time would look early; it is 12:30 CEST: late.
    with pytest.raises(RuleViolation):
        submit(world, tender_round, now=dt.datetime(2024, 3, 31, 10, 30, tzinfo=dt.UTC))
    assert submit(world, tender_round, now=dt.datetime(2024, 3, 31, 9, 59, 59, tzinfo=dt.UTC))


def test_an_upload_begun_before_the_deadline_but_received_after_it_is_refused(spring):
    world, tender_round = spring
    deadline = tender_round.deadline
    with freeze_time(deadline - US) as frozen:

        def slow_store(name, data, _write=store.write):
            frozen.tick(dt.timedelta(microseconds=2))  # the upload completes after the deadline
            return _write(name, data)

        original = store.write
        store.write = slow_store
        try:
            with pytest.raises(RuleViolation) as caught:
                submit(world, tender_round, now=timezone.now(), clock=timezone.now)
        finally:
            store.write = original
    assert caught.value.code == "tender-after-deadline"
    assert "pas volledig ontvangen" in caught.value.message
    assert nothing_stored()  # no row, and its sealed file removed


def test_the_receipt_carries_the_moment_of_receipt_not_the_start_of_the_upload(spring):
    world, tender_round = spring
    deadline = tender_round.deadline
    with freeze_time(deadline - dt.timedelta(seconds=5)) as frozen:
        started = timezone.now()
        frozen.tick(dt.timedelta(seconds=3))
        receipt = submit(world, tender_round, now=started, clock=timezone.now)
    assert receipt.server_time == deadline - dt.timedelta(seconds=2)
    assert Tender.objects.get().submitted_at == receipt.server_time


def test_the_autumn_dst_change_the_repeated_hour_is_told_apart_by_the_server_clock():
    # 27 October 2024: 02:00-03:00 happens twice. The deadline is the second 02:30 (CET).
    deadline = dt.datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=AMSTERDAM)
    world, tender_round = a_round(deadline, start=dt.datetime(2024, 8, 19, 9, 0, tzinfo=AMSTERDAM))
    assert tender_round.deadline == dt.datetime(2024, 10, 27, 1, 30, tzinfo=dt.UTC)
    # the first 02:45 (CEST, 00:45 UTC) comes before the deadline on the server clock
    with freeze_time(dt.datetime(2024, 10, 27, 0, 45, tzinfo=dt.UTC)):
        assert submit(world, tender_round, now=timezone.now(), clock=timezone.now)
    with freeze_time(dt.datetime(2024, 10, 27, 1, 30, tzinfo=dt.UTC)):
        with pytest.raises(RuleViolation) as caught:
            submit(world, tender_round, now=timezone.now(), clock=timezone.now, operator=1)
    assert caught.value.code == "tender-after-deadline"
    # Named in CET, the second 02:30. (Outside freezegun: its fake datetimes drop ``fold``.)
    with pytest.raises(RuleViolation) as caught:
        submit(world, tender_round, now=tender_round.deadline, operator=1)
    assert "27-10-2024 02:30:00 CET" in caught.value.message
