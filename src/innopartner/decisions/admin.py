from innopartner.core.admin import register_read_only

from . import models

register_read_only(
    models.ProcedureChoiceAssessment,
    list_display=["procedure", "recommendation", "assessed_at", "assessed_by"],
)
register_read_only(models.TcoOption, list_display=["procedure", "name", "horizon_years", "assumed"])
register_read_only(models.TcoCostLine)
