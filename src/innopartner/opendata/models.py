from django.db import models


class OrganisationContact(models.Model):
    """What an eForms notice needs of an organisation beyond its name and KvK number: the
    postal address with its NUTS code (BT-513, BT-512, BT-507) and, for a buyer, a telephone
    number and e-mail address (BT-503, BT-506). Kept here, next to the notices that need it."""

    organisation = models.OneToOneField(
        "parties.Organisation", on_delete=models.CASCADE, related_name="notice_contact"
    )
    city = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20)
    nuts_code = models.CharField("NUTS-code", max_length=5, help_text="bijv. NL332")
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    registration = models.CharField(
        max_length=60,
        blank=True,
        help_text="OIN of ander nummer als er geen KvK-nummer is (BT-501)",
    )
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.organisation}: {self.postal_code} {self.city}"
