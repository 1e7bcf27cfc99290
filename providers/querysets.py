"""Reads of the directory. Public pages start from `Specialist.objects.published()`."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Lower
from django.utils import timezone

from providers.choices import Decision, ListingStatus, RequestKind

# A search near a place considers at most this many of the nearest practice
# locations. Walking the GiST index in distance order for a bounded number of
# rows costs about the same whatever the radius; "everything within the radius,
# then sort" costs in proportion to a city's size (see bench/RESULTS.md).
NEAREST_LOCATIONS_WINDOW = 1000


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

    def near(self, point: Point, *, radius_mi: float) -> "SpecialistQuerySet":
        """Specialists with a location within `radius_mi` miles of `point`,
        nearest first, each once, annotated with `distance` (a Distance measure,
        `.mi` for miles) to their nearest location, and with `matches`, how many
        specialists the whole search found (at most the window's), so that a page
        carries its own count (see CappedPaginator).

        One query. The database walks the location GiST index in distance order
        (`<->`) to the nearest NEAREST_LOCATIONS_WINDOW locations of the
        specialists in this queryset, then keeps those inside the radius
        (ST_DWithin on geography); distances are spheroid distances.

        The radius filters the window; it must not bound it. Inside the window,
        PostgreSQL guesses a couple of hundred locations within any radius (or
        its bounding box) where a dense city has 100,000, and so sorts all of
        them instead of walking the index: seconds at national scale
        (bench/RESULTS.md). Walking the index costs about the same anywhere.
        """
        from providers.models import Location

        window = (
            Location.objects.filter(practices__specialist__in=self.values("pk"))
            .order_by(GeometryDistance("point", point))
            .values("pk")[:NEAREST_LOCATIONS_WINDOW]
        )
        return (
            self.filter(
                locations__in=window,
                locations__point__dwithin=(point, D(mi=radius_mi)),
            )
            .annotate(
                distance=Min(Distance("locations__point", point)),
                matches=Window(Count("pk")),
            )
            .order_by("distance", "pk")
        )

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

    def near(self, point: Point, *, radius_mi: float) -> "LocationQuerySet":
        """Locations within `radius_mi` miles of `point`, nearest first, annotated
        with `distance` (a Distance measure, `.mi` for miles) and `matches`, how
        many locations the whole search found (at most the window's).

        One query, the same plan as `SpecialistQuerySet.near`: a walk of the
        GiST index in distance order (`<->`) bounded by NEAREST_LOCATIONS_WINDOW,
        then ST_DWithin on geography for the radius; spheroid distances.
        """
        window = self.order_by(GeometryDistance("point", point)).values("pk")[
            :NEAREST_LOCATIONS_WINDOW
        ]
        return (
            self.filter(pk__in=window, point__dwithin=(point, D(mi=radius_mi)))
            .annotate(distance=Distance("point", point), matches=Window(Count("pk")))
            .order_by("distance", "pk")
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
