"""One error hierarchy for the whole engine.

Every refusal of the engine is a :class:`RuleViolation` with a stable, machine-readable
``code`` (tests, the API and the CLI assert on it), a message in words for people, and where
the rule comes from in law (``article``). Views, API and CLI render these; they never write
rules of their own.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class of all errors that the engine raises on purpose."""

    code: str = "domain-error"
    article: str = ""

    def __init__(
        self, message: str, *, code: str | None = None, article: str | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        if article is not None:
            self.article = article
        self.extra = extra

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.article:
            data["article"] = self.article
        if self.extra:
            data["extra"] = {k: _plain(v) for k, v in self.extra.items()}
        return data

    def __str__(self) -> str:
        where = f" [{self.article}]" if self.article else ""
        return f"{self.code}: {self.message}{where}"


def _plain(value: Any) -> Any:
    """Extra data as JSON-ready values: a list stays a list (of texts, or of refusals by code,
    message and article, e.g. every problem that blocks a publication), anything else text."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, DomainError):
        item = {"code": value.code, "message": value.message}
        if value.article:
            item["article"] = value.article
        return item
    return str(value)


class RuleViolation(DomainError):
    """A rule of procurement law or of the procedure's own documents forbids the action."""

    code = "rule-violation"


class InvalidInput(DomainError):
    """The input is malformed (a KvK number of the wrong shape, an unknown choice)."""

    code = "invalid-input"


class NotAllowed(DomainError):
    """The person may not do this for this procedure (role, organisation, four-eyes)."""

    code = "not-allowed"


class NotFound(DomainError):
    code = "not-found"
