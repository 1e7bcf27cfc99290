"""Loads the demo directory: specialties, procedures, specialists.

Deterministic (a seeded generator), so every run describes the same listings;
rows that already exist are left as they are, so running it twice duplicates
nothing and never undoes an edit made since.
"""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from geo import gazetteer
from geo.geocoding import Precision
from geo.points import make_point
from providers.demo import catalog
from providers.models import (
    Affiliation,
    BillingCode,
    Enrollment,
    EnrollmentLine,
    Group,
    Hospital,
    Location,
    Practice,
    Procedure,
    ProcedureSynonym,
    Specialist,
    Specialty,
)
from providers.slugs import unique_slug
from providers.validators import npi_check_digit

SEED = 20261124
LOCATIONS_PER_METRO = 4
SPECIALISTS_PER_METRO = 10
TODAY = date(2026, 11, 1)


def make_npi(rng: random.Random) -> str:
    """A well-formed individual NPI (starts with 1, valid check digit)."""
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def load_demo_data() -> dict[str, int]:
    """Create whatever part of the demo directory is missing. Returns counts created.

    Then refreshes the planner's statistics of the tables it filled, as after any
    bulk load: until autovacuum gets to them, PostgreSQL plans the search as if
    they were empty, and such a plan runs for a minute instead of milliseconds.
    """
    created = _create_missing()
    if any(created.values()):
        analyze(Specialist, Location, Practice, Procedure, Specialty)
    return created


def analyze(*models) -> None:
    tables = {model._meta.db_table for model in models}
    for model in models:
        for field in model._meta.many_to_many:
            tables.add(field.remote_field.through._meta.db_table)
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@transaction.atomic
def _create_missing() -> dict[str, int]:
    created = {"specialties": 0, "procedures": 0, "specialists": 0, "locations": 0}

    for code, name in catalog.SPECIALTIES:
        _, new = Specialty.objects.get_or_create(
            code=code, defaults={"name": name, "slug": unique_slug(Specialty, name)}
        )
        created["specialties"] += new

    for slug, name, synonyms, summary in catalog.PROCEDURES:
        procedure, new = Procedure.objects.get_or_create(
            slug=slug, defaults={"name": name, "summary": summary}
        )
        created["procedures"] += new
        if new:
            ProcedureSynonym.objects.bulk_create(
                ProcedureSynonym(procedure=procedure, name=synonym)
                for synonym in synonyms
            )

    specialties = {s.code: s for s in Specialty.objects.all()}
    procedures = {p.slug: p for p in Procedure.objects.all()}
    for slug, code, label, add_on in catalog.BILLING_CODES:
        BillingCode.objects.get_or_create(
            code=code,
            defaults={"procedure": procedures[slug], "label": label, "add_on": add_on},
        )
    existing_npis = set(Specialist.objects.values_list("npi", flat=True))
    rng = random.Random(SEED)

    for city, state in catalog.METROS:
        zips = gazetteer.zips_in_city(city, state)
        locations = [
            _demo_location(rng, city, state, zip_entry, created)
            for zip_entry in rng.sample(zips, min(LOCATIONS_PER_METRO, len(zips)))
        ]
        for _ in range(SPECIALISTS_PER_METRO):
            specialist_data = _demo_specialist(rng)
            homes = rng.sample(
                locations, min(len(locations), 2 if rng.random() < 0.25 else 1)
            )
            if specialist_data["npi"] in existing_npis:
                continue
            specialist = _create_specialist(specialist_data, specialties, procedures)
            existing_npis.add(specialist.npi)
            for location in homes:
                Practice.objects.create(specialist=specialist, location=location)
            created["specialists"] += 1

    _demo_medicare(catalog.METROS[0])
    return created


# Demonstration identifiers: the PAC ID and CCNs are made up (a CCN's first
# two digits are the state's, 39 for Pennsylvania).
DEMO_GROUP = ("4980000001", "Demo Spine And Pain Associates", 14)
DEMO_HOSPITALS = [
    ("390901", "DEMO UNIVERSITY HOSPITAL"),
    ("390902", "DEMO MERCY HOSPITAL"),
]
DEMO_MONTH = date(2026, 11, 1)


def _demo_medicare(metro) -> None:
    """A few specialists of the first metro with several locations, a group,
    Medicare assignment, hospitals and education, as the Doctors and
    Clinicians files would give them. Left as they are when present."""
    city, state = metro
    group, _ = Group.objects.get_or_create(
        pac_id=DEMO_GROUP[0],
        defaults={"name": DEMO_GROUP[1], "members": DEMO_GROUP[2],
                  "file_name": "demo", "file_date": DEMO_MONTH},
    )  # fmt: skip
    hospitals = [
        Hospital.objects.get_or_create(
            ccn=ccn,
            defaults={
                "name": name,
                "city": city.upper(),
                "state": state,
                "hospital_type": "Acute Care Hospitals",
                "file_name": "demo",
                "file_date": DEMO_MONTH,
            },
        )[0]  # fmt: skip
        for ccn, name in DEMO_HOSPITALS
    ]
    locations = list(
        Location.objects.filter(city__iexact=city, state=state).order_by("pk")[:3]
    )
    specialists = (
        Specialist.objects.filter(practices__location__in=locations)
        .distinct()
        .order_by("npi")[:4]
    )
    for n, specialist in enumerate(specialists):
        if Enrollment.objects.filter(specialist=specialist).exists():
            continue
        for k, location in enumerate(locations):
            practice, _ = Practice.objects.get_or_create(
                specialist=specialist, location=location
            )
            practice.medicare_assignment = "M" if k == 1 else "Y"
            practice.medicare_confirmed = DEMO_MONTH
            practice.save(update_fields=["medicare_assignment", "medicare_confirmed"])
            EnrollmentLine.objects.create(
                specialist=specialist,
                location=location,
                address_id=f"DEMO{location.pk}",
                group=group if k < 2 else None,
                assignment=practice.medicare_assignment,
                file_date=DEMO_MONTH,
            )
        Enrollment.objects.create(
            specialist=specialist,
            values={
                "medical_school": "DEMO SCHOOL OF MEDICINE",
                "graduation_year": str(1990 + n),
                "specialties": [],
            },
            row_hash="demo",
            file_name="demo",
            file_date=DEMO_MONTH,
            imported_at=timezone.now(),
        )
        for hospital in hospitals[: 1 + n % 2]:
            Affiliation.objects.get_or_create(
                specialist=specialist,
                hospital=hospital,
                defaults={"file_name": "demo", "file_date": DEMO_MONTH},
            )


def _demo_location(rng, city, state, zip_entry, created) -> Location:
    # Every random draw happens whether or not the row exists, so that the
    # sequence, and so every later listing, is the same on each run.
    area_code = rng.choice(["412", "215", "312", "713", "206", "303", "404", "617"])
    name = f"{city} {rng.choice(catalog.PRACTICE_WORDS)}"
    street = f"{rng.randrange(100, 9900)} {rng.choice(catalog.STREETS)}"
    phone = f"({area_code}) 555-01{rng.randrange(100):02d}"
    hours = rng.choice(catalog.HOURS)
    location, new = Location.objects.get_or_create(
        name=name,
        address_line1=street,
        zip_code=zip_entry.zip_code,
        defaults={
            "city": zip_entry.city.title(),
            "state": state,
            "phone": phone,
            "hours": hours,
            "point": make_point(
                latitude=zip_entry.latitude, longitude=zip_entry.longitude
            ),
            "precision": Precision.ZIP,
        },
    )
    created["locations"] += new
    return location


def _demo_specialist(rng) -> dict:
    codes, credentials, performed = rng.choice(catalog.PROFILES)
    count = rng.randint(min(3, len(performed)), len(performed))
    return {
        "npi": make_npi(rng),
        "first_name": rng.choice(catalog.FIRST_NAMES),
        "last_name": rng.choice(catalog.LAST_NAMES),
        "credentials": credentials,
        "specialty_codes": codes,
        "procedure_slugs": rng.sample(performed, count),
        "languages": rng.choice(catalog.LANGUAGE_SETS),
        "accepting_new_patients": rng.random() < 0.8,
        "telehealth": rng.random() < 0.4,
        "last_verified": TODAY - timedelta(days=rng.randrange(0, 200)),
    }


def _create_specialist(data, specialties, procedures) -> Specialist:
    name = f"{data['first_name']} {data['last_name']}"
    specialist = Specialist.objects.create(
        npi=data["npi"],
        slug=unique_slug(Specialist, f"{name} {data['credentials']}"),
        first_name=data["first_name"],
        last_name=data["last_name"],
        credentials=data["credentials"],
        bio=(
            f"Dr. {data['last_name']} is a demonstration listing: the name, NPI "
            "and address are made up to show how the directory works."
        ),
        languages=data["languages"],
        accepting_new_patients=data["accepting_new_patients"],
        telehealth=data["telehealth"],
        status=Specialist.Status.PUBLISHED,
        last_verified=data["last_verified"],
    )
    specialist.specialties.set([specialties[c] for c in data["specialty_codes"]])
    specialist.procedures.set([procedures[s] for s in data["procedure_slugs"]])
    return specialist
