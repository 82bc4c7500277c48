"""Signal receivers that defer a notification until the deciding transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def decision_letter_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    letter_id = instance.pk

    def send() -> None:
        from .services import notify_decision_letter

        notify_decision_letter(letter_id=letter_id)

    transaction.on_commit(send)
