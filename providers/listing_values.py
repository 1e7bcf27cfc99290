"""A listing's editable values as plain data: what a change request carries.

A change request stores two of these dictionaries: the values the provider
proposes and the live values when they proposed them. Comparing them says which
fields the provider changed; comparing the live listing with the stored live
values says whether someone else changed those fields since.
"""

from dataclasses import dataclass

from geo.geocoding import Precision
from providers.models import Language, Location, Procedure, Specialist, Specialty

# The one list of a listing's editable values, in the order moderators read
# them, with their labels. The provider's form, the services that write them
# and the moderation pages all follow it.
LABELS = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "credentials": "Credentials",
    "bio": "About (bio)",
    "languages": "Languages",
    "accepting_new_patients": "Accepting new patients",
    "telehealth": "Offers telehealth",
    "specialties": "Specialties",
    "procedures": "Procedures",
    "locations": "Locations",
}
FIELDS = list(LABELS)
# Many-to-many values, stored as sorted primary keys.
RELATED_FIELDS = ["specialties", "procedures"]
# Values written straight to the specialist's own columns.
SCALAR_FIELDS = [f for f in FIELDS if f not in (*RELATED_FIELDS, "locations")]
LOCATION_FIELDS = [
    "name",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "zip_code",
    "phone",
    "hours",
]


def location_values(location: Location) -> dict:
    """One location as a change request stores it, with its point and precision."""
    return {
        "id": location.pk,
        **{field: getattr(location, field) for field in LOCATION_FIELDS},
        "latitude": round(location.point.y, 6),
        "longitude": round(location.point.x, 6),
        "precision": location.precision,
    }


def snapshot(specialist: Specialist) -> dict:
    """The live values of every editable field. Three queries."""
    return {
        **{field: getattr(specialist, field) for field in SCALAR_FIELDS},
        **{
            field: sorted(getattr(specialist, field).values_list("pk", flat=True))
            for field in RELATED_FIELDS
        },
        "locations": [
            location_values(location)
            for location in specialist.locations.order_by("pk")
        ],
    }


def changed_fields(before: dict, after: dict) -> list[str]:
    """The fields present in `after` whose value differs from `before`."""
    return [f for f in FIELDS if f in after and before.get(f) != after[f]]


@dataclass
class DiffRow:
    field: str
    label: str
    before: str
    after: str
    changed: bool
    conflict: bool = False


def describe_location(entry: dict) -> str:
    precision = dict(Precision.choices).get(entry.get("precision"), "")
    street = (entry.get("address_line1"), entry.get("address_line2"))
    city = (entry.get("city", ""), entry.get("state", ""), entry.get("zip_code", ""))
    lines = [
        entry.get("name", ""),
        ", ".join(part for part in street if part),
        "{}, {} {}".format(*city),
    ]
    if entry.get("phone"):
        lines.append(f"Phone: {entry['phone']}")
    if entry.get("hours"):
        lines.append(f"Hours: {entry['hours']}")
    if entry.get("latitude") is not None:
        lines.append(
            f"Map point: {entry['latitude']:.4f}, {entry['longitude']:.4f} "
            f"({precision})"
        )
    return "\n".join(line for line in lines if line.strip(", "))


def describe(field: str, value, names: dict) -> str:
    """A value as a moderator or provider reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "languages":
        labels = dict(Language.choices)
        return ", ".join(labels.get(code, code) for code in value) or "(none)"
    if field in ("specialties", "procedures"):
        return ", ".join(names[field].get(pk, f"#{pk}") for pk in value) or "(none)"
    if field == "locations":
        return "\n\n".join(describe_location(entry) for entry in value) or "(none)"
    return value or "(empty)"


def diff(before: dict, after: dict, *, base: dict | None = None) -> list[DiffRow]:
    """Field-by-field rows comparing `before` (usually live) with `after`.

    With `base`, a row is a conflict when the field was changed in `after`
    relative to `base` and `before` no longer equals `base`: someone changed the
    live listing after the request was made. Two queries for names.
    """
    names = {
        "specialties": dict(Specialty.objects.values_list("pk", "name")),
        "procedures": dict(Procedure.objects.values_list("pk", "name")),
    }
    rows = []
    for field in FIELDS:
        if field not in after:
            continue
        changed = before.get(field) != after[field]
        conflict = (
            base is not None
            and base.get(field) != after[field]
            and before.get(field) != base.get(field)
        )
        rows.append(
            DiffRow(
                field=field,
                label=LABELS[field],
                before=describe(field, before.get(field), names),
                after=describe(field, after[field], names),
                changed=changed,
                conflict=conflict,
            )
        )
    return rows
