"""The names the importers' SQL writes: tables from the models' `_meta`, and
stored values from their enums, so the SQL follows a rename of either."""

from geo.geocoding import Precision
from geo.models import ZipCentroid
from providers.choices import Decision, ListingStatus, RequestKind
from providers.models import (
    Affiliation,
    BillingCode,
    ChangeRequest,
    Enrollment,
    EnrollmentLine,
    Group,
    Hospital,
    Location,
    MedicareAddress,
    Practice,
    Report,
    ServiceVolume,
    Source,
    SourceLocation,
    SourceRecord,
    Specialist,
    Specialty,
)

SPECIALIST = Specialist._meta.db_table
SPECIALIST_HISTORY = Specialist.history.model._meta.db_table
SPECIALIST_SPECIALTIES = Specialist.specialties.through._meta.db_table
SPECIALTY = Specialty._meta.db_table
LOCATION = Location._meta.db_table
PRACTICE = Practice._meta.db_table
SOURCE_RECORD = SourceRecord._meta.db_table
SOURCE_LOCATION = SourceLocation._meta.db_table
CHANGE_REQUEST = ChangeRequest._meta.db_table
REPORT = Report._meta.db_table
BILLING_CODE = BillingCode._meta.db_table
SERVICE_VOLUME = ServiceVolume._meta.db_table
ZIP_CENTROID = ZipCentroid._meta.db_table
GROUP = Group._meta.db_table
HOSPITAL = Hospital._meta.db_table
AFFILIATION = Affiliation._meta.db_table
ENROLLMENT = Enrollment._meta.db_table
ENROLLMENT_LINE = EnrollmentLine._meta.db_table
(ENROLLMENT_LINE_UNIQUE,) = (c.name for c in EnrollmentLine._meta.constraints)
MEDICARE_ADDRESS = MedicareAddress._meta.db_table


def quoted(value: str) -> str:
    """An enum's stored value as an SQL literal (the enums hold plain words)."""
    assert "'" not in value
    return f"'{value}'"


SUSPENDED = quoted(ListingStatus.SUSPENDED)
PENDING = quoted(Decision.PENDING)
APPROVED = quoted(Decision.APPROVED)
NEW_LISTING, EDIT = quoted(RequestKind.NEW_LISTING), quoted(RequestKind.EDIT)
PRIMARY = quoted(SourceLocation.Kind.PRIMARY)
SECONDARY = quoted(SourceLocation.Kind.SECONDARY)
AT_ZIP_CENTROID = quoted(Precision.ZIP)
NPPES = quoted(Source.NPPES)
