"""The directory's models, one module a concern."""

from providers.choices import Assignment, Decision, ListingStatus
from providers.models.clinicians import (
    Affiliation,
    Enrollment,
    EnrollmentLine,
    Group,
    Hospital,
    MedicareAddress,
)
from providers.models.listings import (
    Language,
    Location,
    Practice,
    Procedure,
    ProcedureSynonym,
    Specialist,
    Specialty,
)
from providers.models.moderation import (
    MODERATE_PERMISSION,
    MODERATOR_GROUP,
    ChangeRequest,
    Claim,
    Report,
    VerificationReminder,
)
from providers.models.search import SearchEntry
from providers.models.sources import (
    DeactivationReason,
    ImportRun,
    Source,
    SourceLocation,
    SourceRecord,
)
from providers.models.volumes import BillingCode, ServiceVolume

__all__ = [
    "Affiliation",
    "Assignment",
    "Enrollment",
    "EnrollmentLine",
    "Group",
    "Hospital",
    "MedicareAddress",
    "BillingCode",
    "DeactivationReason",
    "ImportRun",
    "ServiceVolume",
    "Source",
    "SourceLocation",
    "SourceRecord",
    "MODERATE_PERMISSION",
    "MODERATOR_GROUP",
    "ChangeRequest",
    "Claim",
    "Decision",
    "Language",
    "ListingStatus",
    "Location",
    "Practice",
    "Procedure",
    "ProcedureSynonym",
    "Report",
    "SearchEntry",
    "Specialist",
    "Specialty",
    "VerificationReminder",
]
