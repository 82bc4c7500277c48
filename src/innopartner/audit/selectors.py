from django.db.models import QuerySet

from .models import AuditRecord


def audit_trail(*, procedure=None) -> QuerySet[AuditRecord]:
    records = AuditRecord.objects.select_related("actor")
    if procedure is not None:
        records = records.filter(procedure=procedure)
    return records.order_by("id")
