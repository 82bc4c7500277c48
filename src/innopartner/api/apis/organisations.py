"""An organisation's own contact data, which eForms notices need (BT-503, 506, 507, 512, 513)."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.core.exceptions import NotFound as DomainNotFound
from innopartner.opendata import services
from innopartner.parties.models import Organisation

from ..selectors import parse_uuid
from .base import Endpoint


class OrganisationContactSetApi(Endpoint):
    """Set the address and contact of an organisation you act for

    Needed before an eForms notice can be made: city, postal code and NUTS-3 code; for a
    buyer also telephone and e-mail."""

    tag = "organisations"
    needs_procedure = False
    example = {
        "city": "Tiel",
        "postal_code": "4001 DX",
        "nuts_code": "NL224",
        "email": "inkoop@example.nl",
        "telephone": "+31 344 649 090",
    }

    class InputSerializer(serializers.Serializer):
        city = serializers.CharField(max_length=100)
        postal_code = serializers.CharField(max_length=20)
        nuts_code = serializers.CharField(max_length=5)
        email = serializers.EmailField(required=False, allow_blank=True, default="")
        telephone = serializers.CharField(
            max_length=40, required=False, allow_blank=True, default=""
        )
        registration = serializers.CharField(
            max_length=60, required=False, allow_blank=True, default=""
        )

    class OutputSerializer(serializers.Serializer):
        organisation = serializers.UUIDField(source="organisation_id")
        city = serializers.CharField()
        postal_code = serializers.CharField()
        nuts_code = serializers.CharField()
        email = serializers.CharField()
        telephone = serializers.CharField()
        registration = serializers.CharField()

    def perform(self, *, request, procedure, data, now, org, **path):
        pk = parse_uuid(org, what="organisatie", code="organisation-not-found")
        organisation = Organisation.objects.filter(pk=pk).first()
        if organisation is None:
            raise DomainNotFound("Onbekende organisatie.", code="organisation-not-found")
        return services.organisation_contact_set(
            organisation=organisation, now=now, actor=request.user, **data
        )
