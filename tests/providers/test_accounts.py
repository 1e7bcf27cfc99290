"""Provider accounts through django-allauth: sign up, verify, sign in, reset."""

import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import REPO, database_url
from tests.providers.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_mails_a_link_that_verifies_the_address_and_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
        },
        follow=True,
    )
    assert "Verify Your Email Address" in response.text
    assert mail.outbox[0].to == ["new@example.com"]
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    # Not verified yet: signing in sends another mail instead of signing in.
    client.logout()
    sign_in(client, "new@example.com", "a-long-new-password")
    assert client.get(reverse("providers:dashboard")).status_code == 302

    client.post(link)
    page = client.get(reverse("providers:dashboard"))
    assert page.status_code == 200
    assert "Claim your existing listing" in page.text


def test_sign_in_and_out(client, provider):
    response = sign_in(client, "provider@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("providers:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("providers:dashboard")).status_code == 302


def test_a_wrong_password_is_a_form_error(client, provider):
    response = sign_in(client, "provider@example.com", "wrong-password")
    assert response.status_code == 200
    assert "not correct" in response.text


def test_repeated_failed_sign_ins_are_throttled_with_429(client, provider):
    for _ in range(5):
        sign_in(client, "provider@example.com", "wrong-password")
    response = sign_in(client, "provider@example.com", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert "Too many failed login attempts" in response.text
    assert client.get(reverse("providers:dashboard")).status_code == 302


def test_failures_from_another_client_never_lock_the_owner_out(client, provider):
    """A stranger typing wrong passwords locks only themselves out."""
    stranger = {"REMOTE_ADDR": "203.0.113.66"}
    for _ in range(6):
        response = client.post(
            reverse("account_login"),
            {"login": "provider@example.com", "password": "guess"},
            **stranger,
        )
    assert response.status_code == 429
    client.cookies.clear()
    response = client.post(
        reverse("account_login"),
        {"login": "provider@example.com", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302  # signed in


def test_failures_from_many_clients_meet_a_ceiling_for_the_account(
    client, settings, provider
):
    settings.SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR = 8
    for n in range(8):
        sign_in_from(client, f"203.0.113.{n}", "provider@example.com", "guess")
    response = sign_in_from(client, "198.51.100.7", "provider@example.com", PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("providers:dashboard")).status_code == 302


def sign_in_from(client, address, email, password):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_sign_in_attempts_from_one_address_are_limited(client, settings, provider):
    # allauth reads its limits when asked, so a changed setting counts at once.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    answers = [sign_in(client, f"guess{n}@example.com", "x") for n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1]["Retry-After"] == "60"
    assert "Too many requests" in answers[-1].text


def test_the_admins_sign_in_is_limited_too(client, settings, moderator):
    settings.SIGNIN_ATTEMPTS_PER_MINUTE = 2
    url = "/admin/login/?next=/admin/"
    answers = [
        client.post(url, {"username": moderator.username, "password": "guess"})
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1


def test_password_reset_mails_a_link(client, provider):
    client.post(reverse("account_reset_password"), {"email": "provider@example.com"})
    assert mail.outbox[0].to == ["provider@example.com"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_account_pages_use_the_site_layout_without_inline_script(client):
    page = client.get(reverse("account_login")).text
    assert 'class="site-header"' in page
    assert "<script>" not in page and "style=" not in page
    assert '<label for="id_login">' in page


def test_create_moderator_makes_a_verified_moderator(client):
    call_command("create_moderator", "mod@example.com", "--password", PASSWORD)
    user = get_user_model().objects.get(email="mod@example.com")
    assert user.is_staff and user.has_perm("providers.moderate")
    sign_in(client, "mod@example.com", PASSWORD)
    assert client.get(reverse("providers:moderation_queue")).status_code == 200


@pytest.mark.system
def test_create_moderator_without_a_terminal_says_to_give_a_password():
    result = subprocess.run(
        [sys.executable, "manage.py", "create_moderator", "new-mod@example.com"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": database_url()},
        timeout=120,
    )
    assert result.returncode == 1
    assert "no terminal to ask for its password: give one with --password" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
