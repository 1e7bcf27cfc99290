"""Reads of articles. Public pages start from `Article.objects.published()`."""

from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Articles the public may see: a publication date that has come. One query."""
        return self.filter(published__lte=timezone.localdate())

    def discussing(self, procedure) -> "ArticleQuerySet":
        """Articles about `procedure` (a Procedure)."""
        return self.filter(procedures=procedure)

    def about_procedures_of(self, specialist) -> "ArticleQuerySet":
        """Articles about any procedure `specialist` performs, each once. One query."""
        return self.filter(procedures__specialists=specialist).distinct()
