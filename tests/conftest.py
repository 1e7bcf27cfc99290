"""Fixtures shared by every test."""

import os

import pytest
from django.conf import settings
from django.test import override_settings

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made in the same browser tests are safe there. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-gpu",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    """Pages name static files through the plain storage, which needs no
    manifest: plain `pytest` works before `collectstatic` has run."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "a-long-test-password"
    )
    client.force_login(admin)
    return client
