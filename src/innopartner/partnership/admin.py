from innopartner.core.admin import register_read_only

from .models import (
    CallOff,
    GateDecision,
    InstalmentPayment,
    Partner,
    PartnerPhase,
    PurchaseStart,
    TargetResult,
)

register_read_only(
    Partner, list_display=["procedure", "operator", "status", "joined_at", "left_at"]
)
register_read_only(PartnerPhase, TargetResult, InstalmentPayment, GateDecision, PurchaseStart)
register_read_only(
    CallOff, list_display=["procedure", "buyer", "item", "quantity", "unit_price", "ordered_at"]
)
