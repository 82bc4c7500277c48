"""Shared pieces of the views: calling a service and showing its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from innopartner.core.exceptions import DomainError


def attempt(call: Callable[[], Any]) -> tuple[Any, DomainError | None]:
    """Run a service; return its result, or the refusal (the rule's code, message, article)."""
    try:
        return call(), None
    except DomainError as exc:
        return None, exc


def refused(request, template: str, context: dict, refusal: DomainError):
    """Show the form again, as it was filled in, with the rule that refused it."""
    context = {**context, "refusal": refusal}
    return render(request, template, context, status=400)


def refusal_text(refusal: DomainError) -> str:
    where = f" ({refusal.article})" if refusal.article else ""
    return f"{refusal.message} [{refusal.code}]{where}"


def done(request, message: str, to: str, *args):
    messages.success(request, message)
    return redirect(to, *args)
