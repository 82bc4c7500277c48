from innopartner.core.admin import register_read_only

from .models import Interest, Invitation, RequestToParticipate

register_read_only(Interest, Invitation)
register_read_only(
    RequestToParticipate, list_display=["procedure", "operator", "submitted_at", "status"]
)
