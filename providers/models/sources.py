"""What outside sources say about a listing, kept apart from people's corrections.

A listing is derived from its source record (NPPES) and the approved change
requests (providers' and moderators' corrections). Re-importing a source
rewrites the source record and the fields no one corrected, never a correction.
"""

from django.db import models

from providers.models.listings import Location, Specialist


class Source(models.TextChoices):
    NPPES = "nppes", "NPPES (CMS NPI registry)"
    MEDICARE = "medicare", "Medicare Physician & Other Practitioners"
    CLINICIANS = "clinicians", "Medicare Doctors and Clinicians national file"
    AFFILIATIONS = "affiliations", "Medicare Facility Affiliation file"
    HOSPITALS = "hospitals", "Hospital General Information"


class DeactivationReason(models.TextChoices):
    """NPPES deactivation reason codes."""

    DEATH = "DT", "Death"
    DISBANDMENT = "DB", "Disbandment"
    FRAUD = "FR", "Fraud"
    OTHER = "OT", "Other"


class SourceRecord(models.Model):
    """One NPI as the registry last gave it: the values, the file, the row hash."""

    specialist = models.OneToOneField(
        Specialist,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="source_record",
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    file_date = models.DateField(
        null=True, blank=True, help_text="The date the file's name gives."
    )
    last_update = models.DateField(
        null=True, blank=True, help_text="The registry's Last Update Date."
    )
    row_hash = models.CharField(
        max_length=32, help_text="MD5 of the values used; unchanged rows are skipped."
    )
    values = models.JSONField(help_text="The values as the registry gave them.")
    deactivated_on = models.DateField(null=True, blank=True)
    deactivation_reason = models.CharField(
        max_length=2, choices=DeactivationReason.choices, blank=True
    )
    reactivated_on = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = "source record"
        indexes = [
            # The few deactivated NPIs, found without reading every record
            # (their values make the table wide: a gigabyte at national size).
            models.Index(
                fields=["specialist"],
                include=["deactivated_on", "reactivated_on"],
                condition=models.Q(deactivated_on__isnull=False),
                name="sourcerecord_deactivated_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} record of {self.specialist_id}"

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_on is not None and (
            self.reactivated_on is None or self.reactivated_on < self.deactivated_on
        )


class SourceLocation(models.Model):
    """A practice location that came from a source, by the hash of its address,
    so a re-import finds the Location it made before."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary practice location"
        SECONDARY = "secondary", "Secondary practice location"

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="source_locations"
    )
    location = models.OneToOneField(
        Location, on_delete=models.CASCADE, related_name="source_location"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    address_hash = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["specialist"],
                condition=models.Q(kind="primary"),
                name="one_primary_source_location",
            ),
            models.UniqueConstraint(
                fields=["specialist", "address_hash"],
                name="unique_source_address",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.specialist_id}"


class ImportRun(models.Model):
    """One run of an importer: which file, when, and what it did."""

    source = models.CharField(max_length=12, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started"]

    def __str__(self):
        return f"{self.file_name} ({self.started:%Y-%m-%d %H:%M})"
