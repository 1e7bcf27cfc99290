"""What the geo app stores: answers from a network geocoder, kept to spare it."""

from django.contrib.gis.db import models as gis_models
from django.db import models


class GeocodeCache(models.Model):
    """One answer (or a known miss) from a network geocoder, by normalized query."""

    geocoder = models.CharField(max_length=100)
    query = models.CharField(max_length=300)
    found = models.BooleanField(default=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    label = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cached geocode"
        constraints = [
            models.UniqueConstraint(
                fields=["geocoder", "query"], name="unique_geocode_per_query"
            )
        ]

    def __str__(self):
        return f"{self.query} ({self.geocoder})"


class ZipCentroid(models.Model):
    """A US ZIP code's centroid, from the offline gazetteer, for importers to
    join against in SQL (`geo.zip_table.ensure_zip_centroids` fills it)."""

    zip_code = models.CharField("ZIP code", max_length=5, primary_key=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    point = gis_models.PointField(geography=True, srid=4326)

    class Meta:
        verbose_name = "ZIP centroid"

    def __str__(self):
        return f"{self.zip_code} {self.city}, {self.state}"
