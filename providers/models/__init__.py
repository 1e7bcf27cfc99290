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

__all__ = [
    "Article",
    "ArticleReferral",
    "Language",
    "ListingStatus",
    "Location",
    "Practice",
    "Procedure",
    "ProcedureSynonym",
    "Specialist",
    "Specialty",
]
