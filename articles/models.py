"""Articles, and what readers do after one: aggregated counts, never about a person.

The tables keep the names they had when articles lived in `providers`.
"""

from django.db import models
from django.urls import reverse

from articles.querysets import ArticleQuerySet


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page's address: /articles/<slug>/. Changing it breaks links.",
    )
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(
        help_text="Markdown. Start headings at ## (the title is the page's only "
        "top heading). Scripts, event handlers and javascript: links are removed "
        "when the page is shown."
    )
    procedures = models.ManyToManyField(
        "providers.Procedure",
        related_name="articles",
        blank=True,
        help_text="Each one gets a box on the page that searches the finder for it.",
    )
    published = models.DateField(
        null=True,
        blank=True,
        help_text="The article is public from this date. Leave it empty to keep "
        "the article a draft.",
    )
    medically_reviewed = models.DateField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        db_table = "providers_article"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.slug})


class ArticleReferral(models.Model):
    """How many searches for a procedure started from an article's finder box,
    one row a day. Holds no IP address, session, location or anything else
    about the readers."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="referrals"
    )
    procedure = models.ForeignKey(
        "providers.Procedure", on_delete=models.CASCADE, related_name="referrals"
    )
    day = models.DateField(help_text="The day the searches were made (site time).")
    count = models.PositiveIntegerField(
        "searches", default=0, help_text="Searches started from the article that day."
    )

    class Meta:
        db_table = "providers_articlereferral"
        ordering = ["-day", "article", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "procedure", "day"], name="unique_article_referral"
            )
        ]
        verbose_name = "article referral count"

    def __str__(self):
        return f"{self.article} → {self.procedure} on {self.day}: {self.count}"
