"""The content security policy: sent on every page, and no page needs an exception."""

import pytest

from tests.factories import make_specialist

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("url", ["/", "/find/", "/find/?location=15213"])
def test_pages_have_no_inline_scripts_or_styles(client, url):
    make_specialist()
    page = client.get(url).content.decode()
    assert "<style" not in page and " style=" not in page
    assert "<script>" not in page and " onclick" not in page
