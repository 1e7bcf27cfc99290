"""Procedure volumes: billing codes and how often a specialist billed them."""

from django.db import models

from providers.models.listings import Procedure, Specialist


class BillingCode(models.Model):
    """A HCPCS/CPT code that bills a procedure (22513 bills kyphoplasty)."""

    code = models.CharField("HCPCS code", max_length=5, unique=True)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="billing_codes"
    )
    label = models.CharField(
        max_length=200,
        help_text="Our own short words for the code, never the AMA's CPT text.",
    )
    add_on = models.BooleanField(
        default=False,
        help_text="An add-on code (another level) is not a separate procedure.",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.label}"


class ServiceVolume(models.Model):
    """Medicare Part B services of one procedure by one specialist in one year.

    CMS leaves out rows with 10 or fewer beneficiaries: no row means
    "not shown", never zero.
    """

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="service_volumes"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="service_volumes"
    )
    year = models.PositiveSmallIntegerField()
    services = models.PositiveIntegerField(
        help_text="Tot_Srvcs of the procedure's codes (add-ons left out)."
    )
    beneficiaries = models.PositiveIntegerField(
        help_text="At least this many patients: the largest Tot_Benes of one of "
        "the procedure's codes (a patient billed under two codes is one patient, "
        "so counts are never added)."
    )

    class Meta:
        ordering = ["-year", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "procedure", "year"],
                name="one_volume_per_year",
            )
        ]
        indexes = [models.Index(fields=["procedure", "year", "specialist"])]

    def __str__(self):
        return f"{self.specialist_id} {self.procedure_id} {self.year}: {self.services}"
