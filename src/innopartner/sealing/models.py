from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureKey(models.Model):
    """A procedure's data key, only ever stored wrapped by the master key (``master_key_id``
    names which one). Without the master key from the environment, a copy of the database and
    the file store reveals no tender."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="sealing_key"
    )
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField()
    rewrapped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gegevenssleutel van een procedure")
        verbose_name_plural = _("gegevenssleutels van procedures")

    def __str__(self) -> str:
        return f"{self.procedure_id} ({self.master_key_id})"
