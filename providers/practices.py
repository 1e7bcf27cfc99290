"""What a profile shows of each practice location (its groups, Medicare
assignment, telehealth, and which sources confirm it, when), and of the
specialist's hospitals and education, each with where it comes from.

A location is confirmed by NPPES (the specialist's practice address there,
with the registry's last update), by Medicare enrollment (the Doctors and
Clinicians file of that month lists them there), by Medicare claims (the
latest data year with a volume for them) and by the provider (their last
verification). A location no source confirms for 24 months is "possibly out
of date" (see `providers.querysets.SpecialistQuerySet.possibly_out_of_date`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.db.models import Max

from providers.choices import Assignment
from providers.models import (
    Affiliation,
    EnrollmentLine,
    Location,
    Practice,
    ServiceVolume,
    SourceLocation,
    Specialist,
)

CLINICIANS_FILE = "Medicare's Doctors and Clinicians file"
AFFILIATIONS_FILE = "Medicare's Facility Affiliation file"


@dataclass(frozen=True)
class Confirmation:
    source: str
    when: str

    def __str__(self):
        return f"{self.source} ({self.when})" if self.when else self.source


@dataclass
class PracticeDetail:
    location: Location
    assignment: str = ""
    assignment_label: str = ""
    groups: list = field(default_factory=list)
    telehealth: bool = False
    medicare_month: date | None = None
    confirmations: list[Confirmation] = field(default_factory=list)
    distance_mi: float | None = None

    @property
    def confirmed_by(self) -> str:
        """One line: 'NPPES (updated March 2024) · Medicare enrollment
        (November 2026) · ...'; empty when no source confirms it."""
        return " · ".join(str(c) for c in self.confirmations)

    @property
    def source_line(self) -> str:
        if self.medicare_month is None:
            return ""
        return f"{CLINICIANS_FILE}, {self.medicare_month:%B %Y}"


def practice_details(
    specialist: Specialist, *, near: Point | None = None
) -> list[PracticeDetail]:
    """The specialist's practice locations, nearest `near` first (else by
    name), each with what the sources say of it. Five queries."""
    practices = Practice.objects.filter(specialist=specialist).select_related(
        "location"
    )
    if near is not None:
        practices = practices.annotate(
            distance=Distance("location__point", near)
        ).order_by("distance", "location__pk")
    else:
        practices = practices.order_by("location__name", "location__pk")
    lines: dict[int, list[EnrollmentLine]] = {}
    for line in EnrollmentLine.objects.filter(specialist=specialist).select_related(
        "group"
    ):
        lines.setdefault(line.location_id, []).append(line)
    nppes = set(
        SourceLocation.objects.filter(specialist=specialist).values_list(
            "location_id", flat=True
        )
    )
    record = getattr(specialist, "source_record", None)
    claims = ServiceVolume.objects.filter(specialist=specialist).aggregate(
        year=Max("year")
    )["year"]
    details = []
    for practice in practices:
        here = lines.get(practice.location_id, [])
        groups = sorted(
            {line.group for line in here if line.group is not None},
            key=lambda group: group.name,
        )
        confirmations = []
        if practice.location_id in nppes:
            when = ""
            if record is not None and record.last_update:
                when = f"updated {record.last_update:%B %Y}"
            confirmations.append(Confirmation("NPPES practice address", when))
        if practice.medicare_confirmed:
            confirmations.append(
                Confirmation(
                    "Medicare enrollment", f"{practice.medicare_confirmed:%B %Y}"
                )
            )
        if claims:
            confirmations.append(Confirmation("Medicare claims", str(claims)))
        if specialist.last_verified:
            confirmations.append(
                Confirmation(
                    "the provider", f"verified {specialist.last_verified:%B %Y}"
                )
            )
        distance = getattr(practice, "distance", None)
        details.append(
            PracticeDetail(
                location=practice.location,
                assignment=practice.medicare_assignment,
                assignment_label=(
                    Assignment(practice.medicare_assignment).label
                    if practice.medicare_assignment
                    else ""
                ),
                groups=groups,
                telehealth=any(line.telehealth for line in here),
                medicare_month=practice.medicare_confirmed,
                confirmations=confirmations,
                distance_mi=None if distance is None else distance.mi,
            )
        )
    return details


@dataclass(frozen=True)
class HospitalDetail:
    name: str
    city: str
    state: str
    ccn: str
    source: str
    month: date | None  # of the Facility Affiliation file that lists it


def hospital_details(specialist: Specialist) -> list[HospitalDetail]:
    """The specialist's hospital affiliations, by name, with their source.
    One query."""
    return [
        HospitalDetail(
            name=a.hospital.name.title(),
            city=a.hospital.city.title(),
            state=a.hospital.state,
            ccn=a.hospital.ccn,
            source=(
                f"{AFFILIATIONS_FILE}, {a.file_date:%B %Y}"
                if a.file_date
                else AFFILIATIONS_FILE
            ),
            month=a.file_date,
        )
        for a in Affiliation.objects.filter(specialist=specialist)
        .select_related("hospital")
        .order_by("hospital__name")
    ]


@dataclass(frozen=True)
class Education:
    text: str
    source: str


def education(specialist: Specialist) -> Education | None:
    """'<school>, <year>' from the national file; None when it names no
    school (OTHER or blank)."""
    enrollment = getattr(specialist, "enrollment", None)
    if enrollment is None or not enrollment.education:
        return None
    month = f", {enrollment.file_date:%B %Y}" if enrollment.file_date else ""
    return Education(enrollment.education, f"{CLINICIANS_FILE}{month}")
