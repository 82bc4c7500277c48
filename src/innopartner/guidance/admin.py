from innopartner.core.admin import register_read_only

from .models import ChecklistEntry, OwnLesson

register_read_only(
    ChecklistEntry, list_display=("procedure", "item_id", "state", "changed_by", "changed_at")
)
register_read_only(
    OwnLesson, list_display=("title", "organisation", "procedure", "stage", "topic", "shared")
)
