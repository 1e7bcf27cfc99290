"""Builds points. Every point in the project is made here, latitude and longitude
by keyword, so that GEOS's longitude-first order cannot be got wrong."""

from django.contrib.gis.geos import Point

WGS84 = 4326


def make_point(*, latitude: float, longitude: float) -> Point:
    """A WGS 84 point. Raises ValueError for coordinates off the globe."""
    latitude, longitude = float(latitude), float(longitude)
    if not -90 <= latitude <= 90:
        raise ValueError(f"Latitude {latitude} is not between -90 and 90.")
    if not -180 <= longitude <= 180:
        raise ValueError(f"Longitude {longitude} is not between -180 and 180.")
    return Point(longitude, latitude, srid=WGS84)
