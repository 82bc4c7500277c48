"""One error shape for the whole API: RFC 9457 problem details (``application/problem+json``).

Every refusal renders the same way, whether the engine refused (a :class:`DomainError` with its
stable ``code`` and the ``article`` it rests on) or the request itself was wrong (malformed
JSON, a wrong type, an unknown id). The status tells the caller what kind of refusal it was:

=====  ===============================================================================
400    the input is wrong (``InvalidInput``, validation of the request, malformed JSON)
401    no or bad credentials
403    the person may not do this for this procedure (``NotAllowed``: role, organisation)
404    no such procedure, tender, round ... or not one the caller may see (``NotFound``)
405    the method is not offered at this address
409    a rule of the procedure refused the action in its current state (``RuleViolation``)
415    the body is not in a media type the endpoint accepts
=====  ===============================================================================

A bad request never becomes a 500: values the database cannot hold (numbers or dates out of
range) are turned into a 400 here as a last line of defence; the serializers catch them first.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError, IntegrityError
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from innopartner.core.exceptions import (
    DomainError,
    InvalidInput,
    NotAllowed,
    NotFound,
    RuleViolation,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:innopartner:problem:"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Niet toegestaan",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Geweigerd door een regel van de procedure",
    413: "Te groot",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
}

DRF_CODES = {
    exceptions.ParseError: "malformed-request",
    exceptions.NotAuthenticated: "not-authenticated",
    exceptions.AuthenticationFailed: "authentication-failed",
    exceptions.PermissionDenied: "not-allowed",
    exceptions.NotFound: "not-found",
    exceptions.MethodNotAllowed: "method-not-allowed",
    exceptions.NotAcceptable: "not-acceptable",
    exceptions.UnsupportedMediaType: "unsupported-media-type",
    exceptions.Throttled: "throttled",
}


def domain_status(error: DomainError) -> int:
    if isinstance(error, RuleViolation):
        return 409
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, NotFound):
        return 404
    return 400  # InvalidInput and any other deliberate refusal of the input


def problem(
    *, status: int, code: str, detail: str, article: str = "", errors: list | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
        "code": code,
        "article": article,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=body["status"], headers=headers, content_type=PROBLEM_MEDIA_TYPE)


def _flatten(detail: Any, field: str = "") -> list[dict[str, str]]:
    """DRF validation details (nested dicts and lists) as one flat list of field errors."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in _flatten(value, _join(field, key))]
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return [e for item in detail for e in _flatten(item, field)]
        return [e for i, item in enumerate(detail) for e in _flatten(item, _join(field, i))]
    code = getattr(detail, "code", "invalid")
    return [{"field": field or "non_field_errors", "message": str(detail), "code": str(code)}]


def _join(field: str, key: Any) -> str:
    return f"{field}.{key}" if field else str(key)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The single DRF exception handler (settings: REST_FRAMEWORK['EXCEPTION_HANDLER'])."""
    if isinstance(exc, DomainError):
        body = problem(
            status=domain_status(exc), code=exc.code, detail=exc.message, article=exc.article
        )
        if exc.extra.get("problems"):
            # Publication refused: every rule that blocks it, the first being the refusal's own
            # code (procedures.services.ensure_publishable).
            body["problems"] = [
                {"code": p.code, "detail": p.message, "article": p.article}
                for p in exc.extra["problems"]
            ]
        return problem_response(body)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, OverflowError | DataError):
        return problem_response(
            problem(
                status=400,
                code="value-out-of-range",
                detail="Een waarde valt buiten het bereik dat kan worden opgeslagen.",
            )
        )
    elif isinstance(exc, IntegrityError):
        return problem_response(
            problem(
                status=409,
                code="conflict",
                detail="De wijziging botst met een gelijktijdige wijziging; probeer het opnieuw.",
            )
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let it be a 500 and be seen
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = "; ".join(
            f"{e['field']}: {e['message']}" if e["field"] != "non_field_errors" else e["message"]
            for e in errors
        )
        body = problem(status=400, code=InvalidInput.code, detail=detail, errors=errors)
        return problem_response(body, headers)
    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem_response(problem(status=exc.status_code, code=code, detail=detail), headers)


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The field, dotted for nested input (`targets.0.text`)."
    )
    message = serializers.CharField()
    code = serializers.CharField(
        help_text="DRF's code for the check that failed (`required`, ...)."
    )


class BlockingProblemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code of the rule that refuses.")
    detail = serializers.CharField(help_text="What the rule refuses, in words (Dutch).")
    article = serializers.CharField(allow_blank=True, help_text="Where the rule comes from.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: every error of this API has this shape."""

    type = serializers.CharField(
        help_text="URI of the problem type: `urn:innopartner:problem:` followed by `code`."
    )
    title = serializers.CharField(help_text="Short summary of the kind of problem (Dutch).")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in words (Dutch first).")
    code = serializers.CharField(
        help_text="Stable, machine-readable code of the rule that refused (see docs/rules.md); "
        "`invalid-input` for validation errors."
    )
    article = serializers.CharField(
        allow_blank=True,
        help_text="Where the rule comes from in law, e.g. `Art. 31(4) Richtlijn 2014/24/EU`; "
        "empty when the refusal is not a rule of law.",
    )
    errors = FieldErrorSerializer(
        many=True, required=False, help_text="Per field, for validation errors only."
    )
    problems = BlockingProblemSerializer(
        many=True,
        required=False,
        help_text="When publication is refused: every rule that blocks it, in the order a buyer "
        "would fix them; the first is the problem's own `code`.",
    )


EXAMPLES = {
    400: problem(
        status=400,
        code="invalid-input",
        detail="deadline: Geef een tijdstip met tijdzone.",
        errors=[
            {"field": "deadline", "message": "Geef een tijdstip met tijdzone.", "code": "naive"}
        ],
    ),
    401: problem(
        status=401, code="not-authenticated", detail="Authentication credentials were not provided."
    ),
    403: problem(
        status=403,
        code="not-buyer-staff",
        detail="supplier-a handelt niet namens een aanbestedende dienst van deze procedure.",
    ),
    404: problem(
        status=404, code="procedure-not-found", detail="Geen procedure met id of code 'x'."
    ),
    405: problem(status=405, code="method-not-allowed", detail='Method "PUT" not allowed.'),
    409: problem(
        status=409,
        code="tender-opening-too-early",
        detail="De inschrijvingen worden pas na de termijn geopend.",
        article="Art. 22(3) Richtlijn 2014/24/EU",
    ),
    415: problem(
        status=415, code="unsupported-media-type", detail='Unsupported media type "text/plain".'
    ),
}

DESCRIPTIONS = {
    400: "Invalid input: malformed body, wrong types, values out of range, naive date-times, "
    "unknown ids in the body (`InvalidInput`).",
    401: "No or invalid credentials (token or session).",
    403: "Not allowed for this person: role or organisation (`NotAllowed`).",
    404: "No such procedure (or sub-resource), or not one the caller may see.",
    405: "Method not offered here.",
    409: "A rule of the procedure refused the action in the current state (`RuleViolation`).",
    415: "The body's media type is not accepted here.",
}


def problem_responses(*statuses: int) -> dict:
    """The documented error responses of an endpoint, all with the problem schema."""
    return {
        (status, PROBLEM_MEDIA_TYPE): OpenApiResponse(
            response=ProblemSerializer,
            description=DESCRIPTIONS[status],
            examples=[
                OpenApiExample(
                    f"problem-{status}",
                    value=EXAMPLES[status],
                    response_only=True,
                    status_codes=[str(status)],
                )
            ],
        )
        for status in statuses
    }
