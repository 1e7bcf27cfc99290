"""The search index: one row per published specialist and practice location.

The table is written only by PostgreSQL: triggers on the listing tables keep it
in step, in the same transaction, whatever writes them (services, moderation,
admin, importers, raw SQL); `providers.search.rebuild.rebuild` builds it afresh
in spatial order. Django only reads it (`SearchEntry.objects`).
"""

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex, OpClass

from providers.models.listings import Location, Specialist
from providers.search.queries import SearchEntryQuerySet
from providers.search.walk import WALK_POINT


class SearchEntry(models.Model):
    """A published specialist at one of their locations, with what a search
    filters and sorts on. The primary key is the `Practice` row's."""

    id = models.BigIntegerField(primary_key=True)
    specialist = models.ForeignKey(
        Specialist,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    point = models.PointField(geography=True, srid=4326, spatial_index=False)
    # What a nearest-first walk orders by (`providers.search.walk`); `point` is where
    # the listing is, for the radius and the distance shown.
    walk_point = models.GeneratedField(
        expression=WALK_POINT,
        output_field=models.PointField(geography=True, srid=4326, spatial_index=False),
        db_persist=True,
    )
    procedure_ids = ArrayField(models.IntegerField(), default=list)
    specialty_ids = ArrayField(models.IntegerField(), default=list)
    languages = ArrayField(models.CharField(max_length=3), default=list)
    accepting_new_patients = models.BooleanField(null=True)
    telehealth = models.BooleanField(null=True)
    last_name_key = models.CharField(max_length=100)
    first_name_key = models.CharField(max_length=100)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            # Nearest-first walks that skip rows without the procedure or
            # specialty searched for (intarray's GiST operator class); also
            # the radius filter of the searches sorted by name or experience
            # (within a metre of `point`, see `SearchEntryQuerySet.near`).
            GistIndex(
                "walk_point",
                OpClass("procedure_ids", name="gist__int_ops"),
                OpClass("specialty_ids", name="gist__int_ops"),
                name="search_walk_procedures_idx",
            ),
            models.Index(
                fields=["last_name_key", "first_name_key", "specialist"],
                name="search_name_idx",
            ),
            models.Index(fields=["specialist"], name="search_specialist_idx"),
        ]

    def __str__(self):
        return f"search entry {self.pk}"
