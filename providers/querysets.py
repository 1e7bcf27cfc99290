"""Reads of the directory. Public pages start from `Specialist.objects.published()`."""

from django.db import models


class SpecialistQuerySet(models.QuerySet):
    def published(self) -> "SpecialistQuerySet":
        """Listings the public may see. One query, filtered on the status index."""
        return self.filter(status="published")
