"""Recording referrals."""

import pytest

from articles.models import ArticleReferral
from articles.services import record_referral
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_referrals_to_a_draft_article_are_not_counted(kyphoplasty):
    make_article(slug="draft", published=None, procedures=[kyphoplasty])
    assert record_referral(article_slug="draft", procedure=kyphoplasty) is False
    assert not ArticleReferral.objects.exists()
