from innopartner.core.admin import register_read_only

from .models import Mitigation, Risk

register_read_only(
    Risk, list_display=("procedure", "number", "title", "category", "owner", "probability")
)
register_read_only(Mitigation, list_display=("risk", "description", "cost"))
