"""Writes about articles: counting the searches that start from them."""

from datetime import date

from django.db.models import F
from django.utils import timezone

from articles.models import Article, ArticleReferral
from providers.models import Procedure


def record_referral(
    *, article_slug: str, procedure: Procedure, day: date | None = None
) -> bool:
    """Count one search for `procedure` that came from the article `article_slug`.

    Adds one to that article's count for the procedure on `day` (today by
    default). Nothing about the reader is stored. Returns False, counting
    nothing, when no published article has that slug or the article does not
    discuss `procedure` (a link from one article to another's procedure is not
    a referral of the first). Two or three queries;
    concurrent searches never lose a count: the unique (article, procedure,
    day) row is created once and then incremented in the database with F().
    """
    article = (
        Article.objects.published()
        .filter(slug=article_slug, procedures=procedure)
        .first()
    )
    if article is None:
        return False
    referral, created = ArticleReferral.objects.get_or_create(
        article=article,
        procedure=procedure,
        day=day or timezone.localdate(),
        defaults={"count": 1},
    )
    if not created:
        ArticleReferral.objects.filter(pk=referral.pk).update(count=F("count") + 1)
    return True
