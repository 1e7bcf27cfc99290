"""The directory's models, one module a concern."""

from providers.models.articles import ArticleReferral
from providers.models.listings import (
    Article,
    Language,
    ListingStatus,
    Location,
    Practice,
    Procedure,
    ProcedureSynonym,
    Specialist,
    Specialty,
)
from providers.models.moderation import (
    MODERATOR_GROUP,
    ChangeRequest,
    Claim,
    Decision,
    Report,
    VerificationReminder,
)
from providers.models.sources import (
    DeactivationReason,
    ImportRun,
    Source,
    SourceLocation,
    SourceRecord,
)
from providers.models.volumes import BillingCode, ServiceVolume

__all__ = [
    "BillingCode",
    "DeactivationReason",
    "ImportRun",
    "ServiceVolume",
    "Source",
    "SourceLocation",
    "SourceRecord",
    "MODERATOR_GROUP",
    "Article",
    "ArticleReferral",
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
    "Specialist",
    "Specialty",
    "VerificationReminder",
]
