"""Reads of the directory. Public pages start from `Specialist.objects.published()`."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone

from providers.choices import Decision, ListingStatus, RequestKind


class SpecialistQuerySet(models.QuerySet):
    def published(self) -> "SpecialistQuerySet":
        """Listings the public may see. One query, filtered on the status index."""
        return self.filter(status=ListingStatus.PUBLISHED)

    def claimable(self) -> "SpecialistQuerySet":
        """Published listings that no account owns yet."""
        return self.published().filter(owner__isnull=True)

    def stale(self, *, today: date | None = None) -> "SpecialistQuerySet":
        """Published listings not verified for LISTING_STALE_AFTER_DAYS days.

        A listing never verified at all counts as stale.
        """
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=settings.LISTING_STALE_AFTER_DAYS)
        return self.published().filter(
            Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff)
        )

    def not_reminded_since(self, since) -> "SpecialistQuerySet":
        """Listings whose owner has had no reminder mailed after `since`."""
        return self.exclude(reminders__sent_at__gt=since)

    def performing(self, procedure) -> "SpecialistQuerySet":
        """Specialists who perform `procedure` (a Procedure): they declared it,
        or Medicare has a volume of it for them (any year)."""
        from providers.models import ServiceVolume, Specialist

        declared = Specialist.procedures.through.objects.filter(
            specialist=OuterRef("pk"), procedure=procedure
        )
        billed = ServiceVolume.objects.filter(
            specialist=OuterRef("pk"), procedure=procedure
        )
        return self.filter(Exists(declared) | Exists(billed))

    def for_listing(self) -> "SpecialistQuerySet":
        """Prefetch what a profile shows: specialties, procedures and locations
        (by name). Four queries, whatever the number of listings."""
        from providers.models import Location

        locations = Prefetch(
            "locations",
            queryset=Location.objects.order_by("name", "pk"),
            to_attr="ordered_locations",
        )
        return self.prefetch_related("specialties", "procedures", locations)


class LocationQuerySet(models.QuerySet):
    def public(self) -> "LocationQuerySet":
        """Locations where at least one published specialist practices: the
        only ones the public may see. One query (an EXISTS per location)."""
        from providers.models import Practice

        return self.filter(
            Exists(
                Practice.objects.filter(
                    location=OuterRef("pk"), specialist__status="published"
                )
            )
        )


class DecidedQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for a moderator, oldest first."""
        return self.filter(status=Decision.PENDING).order_by("created", "pk")


class RequestQuerySet(DecidedQuerySet):
    def for_queue(self):
        """Pending requests with what the queue shows, in one query."""
        return self.pending().select_related("specialist", "submitted_by")

    def approved_changes(self):
        """Applied edits and reverts, newest first: a listing's history."""
        return (
            self.filter(status=Decision.APPROVED)
            .exclude(kind=RequestKind.NEW_LISTING)
            .select_related("decided_by", "submitted_by", "reverts")
            .order_by("-decided_at", "-pk")
        )


class ClaimQuerySet(DecidedQuerySet):
    def for_queue(self):
        return self.pending().select_related("specialist", "user")


class ReportQuerySet(DecidedQuerySet):
    def for_queue(self):
        return self.pending().select_related("specialist")
