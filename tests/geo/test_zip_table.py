"""The ZIP centroid table that bulk importers join in SQL."""

import pytest
from django.contrib.gis.measure import D

from geo.models import ZipCentroid
from geo.points import make_point
from geo.zip_table import ensure_zip_centroids

pytestmark = pytest.mark.django_db


def test_the_table_holds_every_gazetteer_zip_at_its_centroid():
    ZipCentroid.objects.all().delete()

    added = ensure_zip_centroids()

    assert added > 40_000
    oakland = make_point(latitude=40.444, longitude=-79.9552)
    assert ZipCentroid.objects.filter(
        zip_code="15213", city__iexact="Pittsburgh", state="PA",
        point__dwithin=(oakland, D(mi=0.1)),
    ).exists()  # fmt: skip
    assert ensure_zip_centroids() == 0  # filled once
