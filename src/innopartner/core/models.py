import uuid

from django.db import models


class Entity(models.Model):
    """Base of domain records: a random UUID as key, so that identifiers in URLs reveal
    nothing about how many procedures or tenders exist."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
