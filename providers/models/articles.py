"""What readers do after an article: aggregated counts, never about a person."""

from django.db import models


class ArticleReferral(models.Model):
    """How many searches for a procedure started from an article's finder box,
    one row a day. Holds no IP address, session, location or anything else
    about the readers."""

    article = models.ForeignKey(
        "providers.Article", on_delete=models.CASCADE, related_name="referrals"
    )
    procedure = models.ForeignKey(
        "providers.Procedure", on_delete=models.CASCADE, related_name="referrals"
    )
    day = models.DateField(help_text="The day the searches were made (site time).")
    count = models.PositiveIntegerField(
        "searches", default=0, help_text="Searches started from the article that day."
    )

    class Meta:
        ordering = ["-day", "article", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "procedure", "day"], name="unique_article_referral"
            )
        ]
        verbose_name = "article referral count"

    def __str__(self):
        return f"{self.article} → {self.procedure} on {self.day}: {self.count}"
