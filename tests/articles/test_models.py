"""The article model."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_article_url_comes_from_the_model(article):
    assert article.get_absolute_url() == "/articles/cement/"
    assert reverse("articles:article", args=["cement"]) == "/articles/cement/"
