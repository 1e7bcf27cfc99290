import pytest

from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db


def test_home_page_lists_procedures_and_carries_the_notice(client):
    make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    make_specialist()
    page = client.get("/").content.decode()
    assert "Kyphoplasty" in page
    assert "do not endorse" in page


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
