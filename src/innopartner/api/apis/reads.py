"""Reads across the procedure: decision letters, the audit trail, and organisations as
read-only reference data."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from innopartner.audit.selectors import audit_trail
from innopartner.core.exceptions import NotAllowed
from innopartner.parties.models import Organisation
from innopartner.procedures.selectors import letters_visible_to, may_read_internals

from .. import serializers as out
from ..errors import problem_responses
from ..pagination import ApiPagination
from ..selectors import parse_uuid
from .base import READ_ERRORS, ReadEndpoint


class LetterListApi(ReadEndpoint):
    """List the decision letters of a procedure you may see

    A supplier sees those addressed to its company (or its consortia); the buyer's staff and
    auditors every letter."""

    paginated = True
    OutputSerializer = out.LetterOut

    def perform(self, *, request, procedure, data, now, **path):
        return letters_visible_to(user=request.user, procedure=procedure).order_by("sent_at", "id")


class MyLetterListApi(ReadEndpoint):
    """List the decision letters addressed to your organisation, in every procedure"""

    paginated = True
    needs_procedure = False
    OutputSerializer = out.LetterOut

    def perform(self, *, request, procedure, data, now, **path):
        return letters_visible_to(user=request.user).order_by("sent_at", "id")


class AuditTrailApi(ReadEndpoint):
    """Read the audit trail of a procedure: who did what, when, before and after

    For the buyer's staff of the procedure and for auditors."""

    paginated = True
    errors = (*READ_ERRORS, 403)

    class InputSerializer(serializers.Serializer):
        action = serializers.CharField(
            max_length=100, required=False, help_text="Only records of this action."
        )

    OutputSerializer = out.AuditRecordOut

    def perform(self, *, request, procedure, data, now, **path):
        if not may_read_internals(user=request.user, procedure=procedure):
            raise NotAllowed(
                "De audittrail is er voor de aanbestedende dienst en de auditor.",
                code="audit-trail-not-allowed",
            )
        records = audit_trail(procedure=procedure)
        if data.get("action"):
            records = records.filter(action=data["action"])
        return records


class OrganisationFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Organisation.Kind.values, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="List organisations (reference data)",
        description="Buyers, economic operators and consortia, for the ids that actions take.",
        parameters=[OrganisationFilter],
        responses={200: out.OrganisationOut(many=True), **problem_responses(400, 401)},
        tags=["reference"],
    ),
    retrieve=extend_schema(
        summary="Read an organisation",
        responses={200: out.OrganisationOut, **problem_responses(401, 404)},
        tags=["reference"],
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = out.OrganisationOut
    pagination_class = ApiPagination
    lookup_value_regex = "[^/]+"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return Organisation.objects.order_by("name", "id")

    def filter_queryset(self, queryset):
        if getattr(self, "action", None) != "list":
            return queryset
        filters = OrganisationFilter(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        if "kind" in filters.validated_data:
            queryset = queryset.filter(kind=filters.validated_data["kind"])
        return queryset

    def get_object(self):
        pk = parse_uuid(self.kwargs["id"], what="organisatie", code="organisation-not-found")
        self.kwargs["id"] = str(pk)
        self.lookup_field = "pk"
        return super().get_object()
