"""Reads of the directory. Public pages start from `Specialist.objects.published()`."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from providers.choices import Decision, ListingStatus, RequestKind

# A listing no source has confirmed for this long is "possibly out of date".
UNCONFIRMED_AFTER_MONTHS = 24


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


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

    def possibly_out_of_date(
        self, *, today: date | None = None
    ) -> "SpecialistQuerySet":
        """Published listings that no source has confirmed for
        UNCONFIRMED_AFTER_MONTHS months, or that have gone from every public
        file that listed them: the moderators' "possibly out of date" queue.

        A source confirms a listing by its NPPES Last Update Date, the month
        of a Doctors and Clinicians file that lists it at one of its
        practices, a Medicare claims year (to its last day), or the provider's
        (or a moderator's) verification. The public files are NPPES (gone:
        the NPI is deactivated), the Doctors and Clinicians file (gone: not in
        the newest month imported) and the Medicare claims (gone: no volume in
        the newest year imported). Annotated with what `out_of_date_reasons`
        reads. Two queries for the newest month and year, then one
        (anti-joins); the annotations are subqueries, for the rows shown.
        """
        from providers.models import Enrollment, Practice, ServiceVolume

        today = today or timezone.localdate()
        cutoff = months_before(today, UNCONFIRMED_AFTER_MONTHS)
        newest_month = Enrollment.objects.aggregate(m=Max("file_date"))["m"]
        newest_year = ServiceVolume.objects.aggregate(y=Max("year"))["y"]
        mine = {"specialist": OuterRef("pk")}
        practices = Practice.objects.filter(**mine)
        volumes = ServiceVolume.objects.filter(**mine)
        confirmed = (
            Q(source_record__last_update__gte=cutoff)
            | Q(last_verified__gte=cutoff)
            | Exists(practices.filter(medicare_confirmed__gte=cutoff.replace(day=1)))
            | Exists(volumes.filter(year__gte=cutoff.year))
        )
        deactivated = Q(source_record__deactivated_on__isnull=False) & (
            Q(source_record__reactivated_on__isnull=True)
            | Q(source_record__reactivated_on__lt=F("source_record__deactivated_on"))
        )
        enrollments = Enrollment.objects.filter(**mine)
        listed = Q(source_record__isnull=False) | Exists(enrollments) | Exists(volumes)
        still_listed = (
            (Q(source_record__isnull=False) & ~deactivated)
            | Exists(enrollments.filter(file_date=newest_month))
            | Exists(volumes.filter(year=newest_year))
        )
        last = {
            "nppes_updated": F("source_record__last_update"),
            "medicare_month": Subquery(
                practices.values("specialist")
                .annotate(m=Max("medicare_confirmed"))
                .values("m")
            ),
            "claims_year": Subquery(
                volumes.values("specialist").annotate(y=Max("year")).values("y")
            ),
        }
        return (
            self.published()
            .filter(~confirmed | (listed & ~still_listed))
            .annotate(
                **last,
                nppes_deactivated=F("source_record__deactivated_on"),
                enrollment_month=F("enrollment__file_date"),
                unconfirmed=~confirmed,
                gone=listed & ~still_listed,
            )
            .annotate(
                confirmed_on=Greatest(
                    "nppes_updated",
                    "medicare_month",
                    Func(
                        "claims_year",
                        Value(12),
                        Value(31),
                        function="make_date",
                        output_field=DateField(),
                    ),
                    "last_verified",
                )
            )
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
