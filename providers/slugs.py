"""Readable, unique slugs for listings."""

from django.utils.text import slugify
from unidecode import unidecode


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """slugify(text), with -2, -3, ... added until no other row of `model` has it.

    Accents are transliterated first ("Zoë Müller" -> "zoe-muller").
    """
    base = slugify(unidecode(text))[:200] or "listing"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
