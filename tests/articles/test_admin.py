"""Referral counts in the admin: read-only, staff only."""

import pytest
from django.urls import reverse

from articles.models import ArticleReferral
from articles.services import record_referral

pytestmark = pytest.mark.django_db


def test_counts_are_shown_read_only_to_admins(staff_client, article, kyphoplasty):
    record_referral(article_slug="cement", procedure=kyphoplasty)
    changelist = staff_client.get(reverse("admin:articles_articlereferral_changelist"))
    assert changelist.status_code == 200
    assert "Cement for a broken vertebra" in changelist.content.decode()
    assert (
        staff_client.get(reverse("admin:articles_articlereferral_add")).status_code
        == 403
    )
    referral = ArticleReferral.objects.get()
    change_url = reverse("admin:articles_articlereferral_change", args=[referral.pk])
    staff_client.post(change_url, {"count": "999"})
    referral.refresh_from_db()
    assert referral.count == 1


def test_anonymous_visitors_cannot_see_the_counts(client):
    response = client.get(reverse("admin:articles_articlereferral_changelist"))
    assert response.status_code == 302
