"""The status values of listings and of moderation decisions.

Here rather than beside the models so that querysets, services and forms
compare against the enum instead of string literals, without importing models.
"""

from django.db import models


class ListingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_REVIEW = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    SUSPENDED = "suspended", "Suspended"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SUPERSEDED = "superseded", "Replaced by a later request"


class RequestKind(models.TextChoices):
    NEW_LISTING = "new", "New listing"
    EDIT = "edit", "Change to a listing"
    REVERT = "revert", "Revert by a moderator"


class Assignment(models.TextChoices):
    """What the Doctors and Clinicians file's ind_assgn says: whether the
    clinician takes Medicare's approved amount as full payment. Empty (no
    choice) is "not known"."""

    ACCEPTS = "Y", "Accepts Medicare assignment"
    MAY_ACCEPT = "M", "May accept Medicare assignment"
