"""Path converters of the API. They accept any segment, so that a malformed id reaches the
view and is refused there as a problem-details 404, not as Django's HTML 404; the OpenAPI
document still describes the real type (SPECTACULAR_SETTINGS['PATH_CONVERTER_OVERRIDES'])."""

from __future__ import annotations

from django.urls import register_converter


class _AnySegment:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class ProcedureRef(_AnySegment):
    """A procedure's UUID or its case slug (`ifv`)."""


class Uid(_AnySegment):
    """The UUID of a record inside the procedure (tender, question, request ...)."""


class Key(_AnySegment):
    """The public UUID (``public_id``) of a record of the documents (requirement, award
    criterion); their integer keys stay internal."""


class Num(_AnySegment):
    """A number inside the procedure: round or phase."""


register_converter(ProcedureRef, "ref")
register_converter(Uid, "uid")
register_converter(Key, "key")
register_converter(Num, "num")

DESCRIPTIONS = {
    "ref": "The procedure: its UUID or, for a loaded case, its case code (`ifv`).",
    "tid": "UUID of the tender.",
    "rid": "UUID of the request to participate.",
    "qid": "UUID of the question.",
    "cid": "UUID of the confidential item.",
    "req": "UUID of the requirement (its `id`).",
    "crit": "UUID of the award criterion (its `id`).",
    "op": "UUID of the partner's organisation (economic operator or consortium).",
    "n": "Number of the round (1, 2, ...) or of the phase, as in the procedure documents.",
    "id": "UUID of the organisation.",
    "org": "UUID of an organisation you act for.",
}


def describe_path_parameters(result, generator, request, public):
    """Postprocessing hook: give every path parameter its description."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and not parameter.get("description"):
                    parameter["description"] = DESCRIPTIONS.get(parameter["name"], "")
                if parameter.get("in") == "path" and parameter["name"] == "ref":
                    parameter["example"] = "ifv"  # a case of the demo, see README
    return result
