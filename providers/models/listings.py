"""Listings: specialties, procedures, specialists, where they practice."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from geo.geocoding import Precision
from providers.choices import Assignment, ListingStatus
from providers.querysets import LocationQuerySet, SpecialistQuerySet
from providers.validators import validate_npi, validate_nucc_code


class Language(models.TextChoices):
    """Languages a specialist's office can offer, by ISO 639 code."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    TAGALOG = "tl", "Tagalog"
    ARABIC = "ar", "Arabic"
    FRENCH = "fr", "French"
    KOREAN = "ko", "Korean"
    RUSSIAN = "ru", "Russian"
    GERMAN = "de", "German"
    HAITIAN_CREOLE = "ht", "Haitian Creole"
    HINDI = "hi", "Hindi"
    PORTUGUESE = "pt", "Portuguese"
    ITALIAN = "it", "Italian"
    POLISH = "pl", "Polish"
    URDU = "ur", "Urdu"
    PERSIAN = "fa", "Persian"
    GUJARATI = "gu", "Gujarati"
    JAPANESE = "ja", "Japanese"
    AMERICAN_SIGN_LANGUAGE = "ase", "American Sign Language"


class Specialty(models.Model):
    code = models.CharField(
        "NUCC taxonomy code",
        max_length=10,
        unique=True,
        validators=[validate_nucc_code],
        help_text="The 10-character NUCC Health Care Provider Taxonomy code, "
        "such as 207X00000X for Orthopaedic Surgery.",
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class Procedure(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Used in links such as /find/?procedure=kyphoplasty. "
        "Changing it breaks links that other sites already use.",
    )
    summary = models.TextField(
        blank=True,
        help_text="Two or three plain-language sentences a patient can follow.",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:procedure", kwargs={"slug": self.slug})


class ProcedureSynonym(models.Model):
    """Another name patients or clinicians use for a procedure."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="synonyms"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unique_procedure_synonym",
                violation_error_message="Another procedure already uses this name.",
            )
        ]

    def __str__(self):
        return self.name


class Specialist(models.Model):
    Status = ListingStatus

    npi = models.CharField(
        "NPI",
        max_length=10,
        unique=True,
        validators=[validate_npi],
        help_text="The 10-digit National Provider Identifier from NPPES.",
        error_messages={"unique": "Another listing already has this NPI."},
    )
    slug = models.SlugField(
        max_length=220,
        unique=True,
        help_text="The profile's address: /specialists/<slug>/.",
    )
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    credentials = models.CharField(
        max_length=100, blank=True, help_text="As the specialist writes them: MD, DO."
    )
    bio = models.TextField(blank=True)
    languages = ArrayField(
        models.CharField(max_length=3, choices=Language.choices),
        default=list,
        blank=True,
        help_text="Languages the office can see patients in.",
    )
    # Empty means "not known": no source and not the provider has said.
    accepting_new_patients = models.BooleanField(
        null=True,
        blank=True,
        default=None,
        help_text="Leave empty unless the provider (or a source) said so.",
    )
    telehealth = models.BooleanField(
        "offers telehealth",
        null=True,
        blank=True,
        default=None,
        help_text="Leave empty unless the provider (or a source) said so.",
    )
    specialties = models.ManyToManyField(
        Specialty, related_name="specialists", blank=True
    )
    procedures = models.ManyToManyField(
        Procedure, related_name="specialists", blank=True
    )
    locations = models.ManyToManyField(
        "Location", through="Practice", related_name="specialists", blank=True
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published listings appear on the site and in the API.",
    )
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="specialist",
        help_text="The provider account that keeps this listing current.",
    )
    last_verified = models.DateField(
        null=True,
        blank=True,
        help_text="When the provider or a moderator last confirmed the listing.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[specialties, procedures])
    objects = SpecialistQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="name_idx"),
            GinIndex(fields=["languages"], name="languages_idx"),
        ]
        permissions = [
            (
                "moderate",
                "Can moderate: decide new listings, changes, claims and reports, "
                "suspend and restore listings",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ListingStatus.values),
                name="specialist_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(npi__regex=r"^[0-9]{10}$"),
                name="specialist_npi_ten_digits",
                violation_error_message="An NPI is exactly 10 digits.",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("directory:specialist", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.first_name, self.middle_name, self.last_name) if part
        )

    @property
    def display_name(self) -> str:
        if self.credentials:
            return f"{self.full_name}, {self.credentials}"
        return self.full_name

    def language_names(self) -> list[str]:
        labels = dict(Language.choices)
        return [labels.get(code, code) for code in self.languages]


class Location(models.Model):
    """A practice site: one address where one or more specialists see patients."""

    name = models.CharField("practice name", max_length=200)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, help_text="Two-letter USPS code: PA.")
    zip_code = models.CharField("ZIP code", max_length=10)
    phone = models.CharField(max_length=30, blank=True)
    hours = models.TextField(
        blank=True, help_text="Opening hours as patients should read them."
    )
    point = models.PointField(geography=True, srid=4326)
    precision = models.CharField(
        "geocode precision",
        max_length=10,
        choices=Precision.choices,
        help_text="How exactly the point matches the address.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__regex=r"^[A-Z]{2}$"),
                name="location_state_two_letters",
                violation_error_message="Use the two-letter state code, such as PA.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}, {self.state}"

    @property
    def address_lines(self) -> list[str]:
        street = ", ".join(p for p in (self.address_line1, self.address_line2) if p)
        return [street, f"{self.city}, {self.state} {self.zip_code}"]

    def clean(self):
        self.state = self.state.upper()
        if self.state and len(self.state) != 2:
            raise ValidationError(
                {"state": "Use the two-letter state code, such as PA."}
            )


class Practice(models.Model):
    """A specialist seeing patients at a location."""

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="practices"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="practices"
    )
    medicare_assignment = models.CharField(
        max_length=1,
        choices=Assignment.choices,
        blank=True,
        default="",
        # Bulk imports insert practices in SQL, without this column.
        db_default="",
        help_text="From the Doctors and Clinicians file (ind_assgn) for this "
        "location; empty is not known.",
    )
    medicare_confirmed = models.DateField(
        null=True,
        blank=True,
        help_text="The month of the Doctors and Clinicians file that last listed "
        "the specialist here; empty when none does.",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "location"], name="unique_practice"
            )
        ]

    def __str__(self):
        return f"{self.specialist} at {self.location}"
