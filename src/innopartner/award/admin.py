from innopartner.core.admin import register_read_only

from .models import Agreement, AwardDecision, AwardDecisionLine

register_read_only(
    AwardDecision, list_display=["procedure", "sent_at", "standstill_ends", "earliest_signing"]
)
register_read_only(AwardDecisionLine, Agreement)
