from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditRecord(models.Model):
    """One state change: who, when, what, before and after.

    Written by services only, in the same transaction as the change itself, so that a change
    without its record (or a record without its change) cannot exist. Each record is a link of
    a hash chain (``audit.chain``): ``record_hash`` is the SHA-256 of its content, which holds
    ``prev_hash`` (the record before it in the whole trail) and ``procedure_prev_hash`` (the
    record before it of the same procedure).
    """

    at = models.DateTimeField(db_index=True)
    # Set by audit.services when appending (not auto_now_add), so that it is known, and hashed,
    # before the row is written.
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_records",
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    # The chain: place and links (see audit.chain).
    seq = models.PositiveBigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    procedure_seq = models.PositiveBigIntegerField(null=True, blank=True)
    procedure_prev_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class AuditChainHead(models.Model):
    """The end of a chain: the whole trail (scope ``*``) or one procedure's (its id).

    The row of the whole trail is locked (``select_for_update``) by every append, so that on
    PostgreSQL concurrent transactions append one after the other and the chain never forks;
    SQLite has one writer at a time anyway. It also shows when records were cut off the end.
    """

    WHOLE_TRAIL = "*"

    scope = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    record_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.scope} #{self.seq} {self.record_hash[:16]}"
