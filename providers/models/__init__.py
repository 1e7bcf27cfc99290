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
from providers.models.search import SearchEntry

__all__ = [
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
    "SearchEntry",
    "Specialist",
    "Specialty",
    "VerificationReminder",
]
