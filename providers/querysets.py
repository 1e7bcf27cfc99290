"""Reads of the directory. Public pages start from `Specialist.objects.published()`."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.db import models
from django.db.models import (
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Lower
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

    def by_experience(self, procedure=None) -> "SpecialistQuerySet":
        """Most Medicare services of the latest data year first (of `procedure`,
        or of every procedure), annotated as `services`; specialists without
        a volume last, then nearest (after `near`) or by name. One query."""
        from providers.models import ServiceVolume

        year = ServiceVolume.objects.aggregate(year=Max("year"))["year"]
        volumes = ServiceVolume.objects.filter(specialist=OuterRef("pk"), year=year)
        if procedure is not None:
            volumes = volumes.filter(procedure=procedure)
        total = volumes.values("specialist").annotate(total=Sum("services"))
        ordered = self.annotate(services=Subquery(total.values("total")))
        then = ["distance"] if "distance" in self.query.annotations else []
        return ordered.order_by(
            F("services").desc(nulls_last=True),
            *then,
            Lower("last_name"),
            Lower("first_name"),
            "pk",
        )

    def practicing(self, specialty) -> "SpecialistQuerySet":
        """Specialists with `specialty` (a Specialty)."""
        return self.filter(specialties=specialty)

    def named(self, text: str) -> "SpecialistQuerySet":
        """Every word of `text` in the first or last name, ignoring case and accents."""
        for word in text.split():
            self = self.filter(
                Q(first_name__unaccent__icontains=word)
                | Q(last_name__unaccent__icontains=word)
            )
        return self

    def speaking(self, language: str) -> "SpecialistQuerySet":
        """Specialists whose office speaks `language` (an ISO 639 code)."""
        return self.filter(languages__contains=[language])

    def by_name(self) -> "SpecialistQuerySet":
        """Ordered by last name, then first name, ignoring case: the order of the
        `name_idx` index, so a page is an index walk, not a sort of every match."""
        return self.order_by(Lower("last_name"), Lower("first_name"), "pk")

    def for_listing(self, point: Point | None = None) -> "SpecialistQuerySet":
        """Prefetch what a result shows: specialties, procedures and locations,
        the locations nearest `point` first when one is given. Three queries
        per page, whatever its length."""
        locations = Prefetch(
            "locations",
            queryset=self._locations_by_distance(point),
            to_attr="ordered_locations",
        )
        return self.prefetch_related("specialties", "procedures", locations)

    @staticmethod
    def _locations_by_distance(point: Point | None):
        from providers.models import Location

        if point is None:
            return Location.objects.order_by("name", "pk")
        return Location.objects.annotate(distance=Distance("point", point)).order_by(
            "distance", "pk"
        )


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
