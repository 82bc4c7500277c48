"""The one shape of every endpoint: resolve the procedure the caller may see, validate the
input with the nested ``InputSerializer``, call one service (or selector) in ``perform``,
render the result with the nested ``OutputSerializer``. The OpenAPI description is built
here from the same declarations, so the document cannot drift from the code."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from innopartner.procedures.selectors import procedure_visible_to

from ..errors import problem_responses
from ..pagination import MAX_OFFSET, ApiPagination

READ_ERRORS = (400, 401, 404)
ACTION_ERRORS = (400, 401, 403, 404, 409, 415)


PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": ApiPagination.max_limit},
        OpenApiParameter.QUERY,
        description=f"Number of results per page (default {ApiPagination.default_limit}).",
    ),
    OpenApiParameter(
        "offset",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
        OpenApiParameter.QUERY,
        description="The index of the first result to return.",
    ),
]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Endpoint(APIView):
    """Base of the API's views; a subclass that defines ``perform`` is one endpoint."""

    method: ClassVar[str] = "post"
    status_code: ClassVar[int] = 201
    needs_procedure: ClassVar[bool] = True
    paginated: ClassVar[bool] = False
    many: ClassVar[bool] = False
    tag: ClassVar[str] = "procedures"
    errors: ClassVar[tuple[int, ...]] = ACTION_ERRORS
    example: ClassVar[dict | None] = None
    InputSerializer: ClassVar[type[serializers.Serializer] | None] = None
    OutputSerializer: ClassVar[type[serializers.Serializer] | None] = None
    parser_classes = [JSONParser]
    permission_classes = [permissions.IsAuthenticated]

    def perform(self, *, request, procedure, data, now, **path) -> Any:  # pragma: no cover
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "perform" not in cls.__dict__:
            return
        stem = cls.__name__.removesuffix("Api")
        for kind in ("Input", "Output"):
            serializer = cls.__dict__.get(f"{kind}Serializer")
            if serializer is not None and serializer.__qualname__.startswith(cls.__name__ + "."):
                extend_schema_serializer(component_name=f"{stem}{kind}")(serializer)
        owner = cls

        def handler(self, request, **path):
            return Endpoint.handle(self, owner, request, **path)

        handler.__name__ = cls.method
        handler.owner = owner
        if cls.paginated:
            cls.pagination_class = ApiPagination
        setattr(cls, cls.method, extend_schema(**cls.openapi())(handler))

    @classmethod
    def openapi(cls) -> dict[str, Any]:
        doc = (cls.__doc__ or "").strip()
        summary, _, description = doc.partition("\n")
        output = cls.OutputSerializer
        if output is not None and (cls.many or cls.paginated):
            output = output(many=True)
        responses = {cls.status_code: output, **problem_responses(*cls.errors)}
        schema: dict[str, Any] = {
            "operation_id": _snake(cls.__name__.removesuffix("Api")),
            "summary": summary.strip(),
            "description": description.strip(),
            "tags": [cls.tag],
            "responses": responses,
        }
        if cls.method == "get":
            schema["request"] = None
            schema["parameters"] = [
                *([cls.InputSerializer] if cls.InputSerializer is not None else []),
                *(PAGINATION_PARAMETERS if cls.paginated else []),
            ]
        else:
            schema["request"] = cls.InputSerializer
        if cls.example is not None:
            schema["examples"] = [
                OpenApiExample(f"{summary.strip()}", value=cls.example, request_only=True)
            ]
        return schema

    def get_permissions(self):
        handler = getattr(self, self.request.method.lower(), None)
        owner = getattr(handler, "owner", None)
        classes = owner.permission_classes if owner is not None else self.permission_classes
        return [permission() for permission in classes]

    def get_parsers(self):
        method = getattr(getattr(self, "request", None), "method", "") or ""
        owner = getattr(getattr(self, method.lower(), None), "owner", None)
        classes = owner.parser_classes if owner is not None else self.parser_classes
        return [parser() for parser in classes]

    def handle(self, owner: type[Endpoint], request, **path):
        """``owner`` is the endpoint class that declared this method; with ``combine`` one
        view class carries several, so nothing is looked up on ``self``."""
        procedure = None
        if owner.needs_procedure:
            procedure = procedure_visible_to(user=request.user, ref=path.pop("ref"))
        data: dict[str, Any] = {}
        if owner.InputSerializer is not None:
            source = request.query_params if owner.method == "get" else request.data
            serializer = owner.InputSerializer(data=source)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        result = owner.perform(
            self, request=request, procedure=procedure, data=data, now=timezone.now(), **path
        )
        if isinstance(result, HttpResponseBase):
            return result
        if owner.OutputSerializer is None:
            return Response(status=owner.status_code)
        context = {"request": request, "procedure": procedure}
        if owner.paginated:
            paginator = ApiPagination()
            page = paginator.paginate_queryset(result, request, view=self)
            rendered = owner.OutputSerializer(page, many=True, context=context).data
            return paginator.get_paginated_response(rendered)
        rendered = owner.OutputSerializer(result, many=owner.many, context=context).data
        return Response(rendered, status=owner.status_code)


class ReadEndpoint(Endpoint):
    method = "get"
    status_code = 200
    errors = READ_ERRORS
    tag = "reads"


def combine(name: str, *endpoints: type[Endpoint]) -> type[Endpoint]:
    """One URL, several methods: each keeps its own serializers, permissions and schema."""
    return type(name, endpoints, {"__module__": endpoints[0].__module__})
