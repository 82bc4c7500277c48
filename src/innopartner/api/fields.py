"""Serializer fields that refuse, with a 400, every value the engine or the database cannot
take: naive or out-of-range date-times, text with NUL or lone surrogates, numbers beyond the
columns' precision."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time with its offset (`2026-03-01T12:00:00+01:00`). Deadlines are legal
    moments; a time without a zone is ambiguous, so it is refused rather than guessed."""

    default_error_messages = {
        "naive": "Geef een tijdstip met tijdzone (bijv. 2026-03-01T12:00:00+01:00).",
        "range": "Een tijdstip ligt tussen 2000 en 2100.",
    }

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:
            self.fail("range")
        if not EARLIEST <= value < LATEST:
            self.fail("range")
        return value


class DateInRangeField(serializers.DateField):
    default_error_messages = {"range": "Een datum ligt tussen 2000 en 2100."}

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        if not EARLIEST.date() <= date < LATEST.date():
            self.fail("range")
        return date


class TextField(serializers.CharField):
    """Text as the database can store it: no NUL (DRF's own check) and no lone surrogates."""

    default_error_messages = {"surrogate": "Ongeldige tekens in de tekst."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10000)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            self.fail("surrogate")
        return value


def money(**kwargs) -> serializers.DecimalField:
    """An amount in euros, excluding VAT, as the money columns hold it (14 digits, 2 decimals)."""
    kwargs.setdefault("coerce_to_string", True)
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def small_int(**kwargs) -> serializers.IntegerField:
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_value", 32767)
    return serializers.IntegerField(**kwargs)
