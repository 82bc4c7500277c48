"""The buyer's state of each checklist item of a procedure, and the lessons a buyer records
itself. The checklists and the publication's lessons are data (``checklists.yaml``,
``lessons.yaml``); only what people decide is stored here."""

from django.conf import settings
from django.db import models


class ChecklistEntry(models.Model):
    """Where one advisory checklist item of one procedure stands: ticked, skipped with a
    reason, or not applicable. Every change is also an audit record (``checklist.item_set``),
    so the history is part of the procedure's record; this row holds the latest state."""

    class State(models.TextChoices):
        OPEN = "open", "open"
        DONE = "done", "afgevinkt"
        SKIPPED = "skipped", "overgeslagen"
        NOT_APPLICABLE = "not_applicable", "niet van toepassing"

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="checklist_entries"
    )
    item_id = models.CharField(max_length=80)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "item_id"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.state}"


class OwnLesson(models.Model):
    """A lesson a buyer learned in one of its procedures. Shown in the organisation's other
    procedures at the same stage; to other organisations only if ``shared``."""

    organisation = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="own_lessons"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="own_lessons"
    )
    stage = models.CharField(max_length=20)
    topic = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    text = models.TextField()
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
