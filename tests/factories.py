"""Small helpers that make rows for tests; each takes overrides by keyword."""

import itertools

from geo.geocoding import Precision
from geo.points import make_point
from providers.models import (
    Location,
    Practice,
    Procedure,
    ProcedureSynonym,
    Specialist,
    Specialty,
)
from providers.validators import npi_check_digit

_numbers = itertools.count(1)

# Real places with well-known separations, for distance tests.
PITTSBURGH_15213 = {"latitude": 40.444, "longitude": -79.9552}
PHILADELPHIA_19104 = {"latitude": 39.9597, "longitude": -75.1968}


def valid_npi(serial: int | None = None) -> str:
    first_nine = f"1{(serial or next(_numbers)):08d}"
    return first_nine + str(npi_check_digit(first_nine))


def make_specialty(**overrides) -> Specialty:
    n = next(_numbers)
    fields = {"code": f"{n:09d}X", "name": f"Specialty {n}", "slug": f"specialty-{n}"}
    return Specialty.objects.create(**(fields | overrides))


def make_procedure(*, synonyms=(), **overrides) -> Procedure:
    n = next(_numbers)
    fields = {"name": f"Procedure {n}", "slug": f"procedure-{n}", "summary": "A test."}
    procedure = Procedure.objects.create(**(fields | overrides))
    for name in synonyms:
        ProcedureSynonym.objects.create(procedure=procedure, name=name)
    return procedure


def make_location(*, latitude=40.444, longitude=-79.9552, **overrides) -> Location:
    n = next(_numbers)
    fields = {
        "name": f"Clinic {n}",
        "address_line1": f"{n} Main Street",
        "city": "Pittsburgh",
        "state": "PA",
        "zip_code": "15213",
        "phone": "(412) 555-0100",
        "point": make_point(latitude=latitude, longitude=longitude),
        "precision": Precision.ROOFTOP,
    }
    return Location.objects.create(**(fields | overrides))


def make_specialist(
    *, locations=None, procedures=(), specialties=(), **overrides
) -> Specialist:
    """A published specialist, by default at one new location in Pittsburgh."""
    n = next(_numbers)
    fields = {
        "npi": valid_npi(n),
        "slug": f"specialist-{n}",
        "first_name": "Test",
        "last_name": f"Person{n}",
        "credentials": "MD",
        "status": Specialist.Status.PUBLISHED,
    }
    specialist = Specialist.objects.create(**(fields | overrides))
    for location in [make_location()] if locations is None else locations:
        Practice.objects.create(specialist=specialist, location=location)
    specialist.procedures.set(procedures)
    specialist.specialties.set(specialties)
    return specialist


def make_article(*, procedures=(), **overrides):
    """A published article (dated yesterday) about `procedures`."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    n = next(_numbers)
    fields = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "summary": "A test article.",
        "body": "Some **plain** words.",
        "published": timezone.localdate() - timedelta(days=1),
    }
    article = Article.objects.create(**(fields | overrides))
    article.procedures.set(procedures)
    return article
