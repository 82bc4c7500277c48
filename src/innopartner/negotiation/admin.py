from innopartner.core.admin import register_read_only

from .models import ConfidentialItem, Disclosure, DisclosureConsent, Meeting, Question

register_read_only(Question, list_display=["procedure", "number", "asked_at", "published_at"])
register_read_only(Meeting, list_display=["procedure", "kind", "held_at", "operator"])
register_read_only(ConfidentialItem, DisclosureConsent, Disclosure)
