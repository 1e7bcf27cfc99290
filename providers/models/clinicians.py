"""CMS Doctors and Clinicians: groups, hospitals, Medicare enrollment lines.

The national file's lines are kept as CMS gave them (`EnrollmentLine`), apart
from the listing; a listing's practices carry what the lines say about each
location (Medicare assignment, the month Medicare last confirmed it).
"""

from django.db import models
from django.db.models.functions import Now

from providers.choices import Assignment
from providers.models.listings import Location, Specialist


class Group(models.Model):
    """A group practice enrolled in Medicare (an organization PAC ID)."""

    pac_id = models.CharField(
        "PAC ID",
        max_length=10,
        unique=True,
        help_text="Medicare's PECOS Associate Control ID of the group (org_pac_id).",
    )
    name = models.CharField(max_length=300)
    members = models.PositiveIntegerField(
        "number of members",
        null=True,
        blank=True,
        help_text="Clinicians in the group, as the file counts them (num_org_mem).",
    )
    file_name = models.CharField(max_length=255, blank=True)
    file_date = models.DateField(
        null=True, blank=True, help_text="The month of the file that last listed it."
    )
    # Bulk imports write in SQL: the column's default and their SET say now().
    updated = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Hospital(models.Model):
    """A hospital from Hospital General Information, by its CCN."""

    ccn = models.CharField(
        "CCN",
        max_length=6,
        unique=True,
        help_text="The CMS Certification Number: 6 characters, leading zeros kept.",
    )
    name = models.CharField(max_length=300)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    county = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    hospital_type = models.CharField(max_length=100, blank=True)
    ownership = models.CharField(max_length=100, blank=True)
    emergency_services = models.BooleanField(
        null=True, blank=True, help_text="Empty when the file does not say."
    )
    row_hash = models.CharField(max_length=32, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_date = models.DateField(null=True, blank=True)
    # Bulk imports write in SQL: the column's default and their SET say now().
    updated = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ccn__regex=r"^[0-9A-Z]{6}$"),
                name="hospital_ccn_six_characters",
                violation_error_message="A CCN is 6 letters or digits.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.city}, {self.state}"


class Affiliation(models.Model):
    """A clinician's hospital affiliation, from the Facility Affiliation file."""

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="affiliations"
    )
    hospital = models.ForeignKey(
        Hospital, on_delete=models.CASCADE, related_name="affiliations"
    )
    file_name = models.CharField(max_length=255, blank=True)
    file_date = models.DateField(null=True, blank=True)
    # Bulk imports write in SQL: the column's default and their SET say now().
    updated = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        ordering = ["hospital__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "hospital"], name="unique_affiliation"
            )
        ]

    def __str__(self):
        return f"{self.specialist_id} at {self.hospital_id}"


class Enrollment(models.Model):
    """A clinician as the national file last gave them: the values of their
    lines that are the clinician's own (name, education, specialties)."""

    specialist = models.OneToOneField(
        Specialist,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="enrollment",
    )
    pac_id = models.CharField("individual PAC ID", max_length=10, blank=True)
    enrollment_id = models.CharField(max_length=15, blank=True)
    values = models.JSONField(help_text="The values as the file gave them.")
    row_hash = models.CharField(max_length=32)
    file_name = models.CharField(max_length=255)
    file_date = models.DateField(
        null=True, blank=True, help_text="The month of the file that last listed it."
    )
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = "Medicare enrollment"

    def __str__(self):
        return f"Medicare enrollment of {self.specialist_id}"

    @property
    def education(self) -> str:
        """'<school>, <year>'; empty when the file names no school (OTHER)."""
        school = (self.values.get("medical_school") or "").strip()
        if not school or school.upper() == "OTHER":
            return ""
        year = (self.values.get("graduation_year") or "").strip()
        # Only a year reads as one: blanks and "N/A" say nothing.
        if not (year.isdigit() and len(year) == 4):
            return school.title()
        return f"{school.title()}, {year}"


class EnrollmentLine(models.Model):
    """One line of the national file: a clinician at an address (`adrs_id`),
    with a group or solo, as CMS gave it."""

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="enrollment_lines"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="enrollment_lines"
    )
    address_id = models.CharField("adrs_id", max_length=40)
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
        help_text="Empty: a solo practice.",
    )
    assignment = models.CharField(max_length=1, choices=Assignment.choices, blank=True)
    telehealth = models.BooleanField(null=True, blank=True)
    file_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "address_id", "group"],
                name="unique_enrollment_line",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["location"], name="enrollmentline_loc_idx")]

    def __str__(self):
        return f"{self.specialist_id} at {self.address_id}"


class MedicareAddress(models.Model):
    """The location made for a CMS address ID, shared by every clinician
    whose lines name it (unless their NPPES address is the same place)."""

    address_id = models.CharField("adrs_id", max_length=40, unique=True)
    location = models.OneToOneField(
        Location, on_delete=models.CASCADE, related_name="medicare_address"
    )
    address_hash = models.CharField(max_length=32)

    def __str__(self):
        return self.address_id
