"""Time helpers. Procurement deadlines are legal times in the Netherlands: they are kept as
aware datetimes and calendar days are counted in Europe/Amsterdam."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of an aware moment in Europe/Amsterdam."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the engine only works with aware datetimes")
    return moment.astimezone(AMSTERDAM).date()


def ensure_aware(moment: dt.datetime, *, name: str = "moment") -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")
    return moment


def parse_moment(value: str | dt.date | dt.datetime) -> dt.datetime:
    """Parse '2017-12-01', '2017-12-01 12:00' or an ISO datetime as Amsterdam time (a date alone
    means noon, so that day arithmetic never lands on a DST edge)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(12, 0), tzinfo=AMSTERDAM)
    text = str(value).strip()
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day, dt.time(12, 0), tzinfo=AMSTERDAM)
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)
