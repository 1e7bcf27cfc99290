"""Accounts for provider and moderation tests: each role a fixture."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from providers import services
from providers.listing_values import snapshot
from providers.management.commands.create_moderator import moderate_permission
from providers.models import Claim, Report
from tests.factories import make_specialist

PASSWORD = "a-long-test-password"


def make_user(email: str, *, moderator=False, superuser=False):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if moderator:
        user.is_staff = True
        user.save()
        user.user_permissions.add(moderate_permission())
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The real hasher takes about half a second a password, by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits count in the cache (a database table); each test that uses
    the database starts from nothing."""
    uses_db = request.node.get_closest_marker("django_db") is not None
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()


@pytest.fixture
def provider(db):
    return make_user("provider@example.com")


@pytest.fixture
def other_provider(db):
    return make_user("other@example.com")


@pytest.fixture
def moderator(db):
    return make_user("moderator@example.com", moderator=True)


@pytest.fixture
def superuser(db):
    return make_user("root@example.com", superuser=True)


@pytest.fixture
def listing(provider):
    """A published listing that `provider` owns."""
    return make_specialist(owner=provider, bio="Original bio.", slug="dr-owned")


@pytest.fixture
def other_listing(other_provider):
    return make_specialist(owner=other_provider, bio="Other bio.", slug="dr-other")


def login(client, user):
    client.force_login(user)
    return client


# The roles every permission test runs as, and what a page can answer them.
ROLES = ["anonymous", "provider", "other_provider", "moderator", "superuser"]


SIGN_IN = "sign in"


OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


@pytest.fixture
def world(listing, provider, other_provider, moderator, superuser):
    """One of everything: a pending change, claim and report on the listing."""
    change = services.submit_edit(
        listing,
        snapshot(listing) | {"bio": "Private draft text."},
        user=provider,
        based_on=None,
    )
    unowned = make_specialist(slug="dr-unowned")
    claim = Claim.objects.create(specialist=unowned, user=provider, npi=unowned.npi)
    report = Report.objects.create(specialist=listing, what_is_wrong="Wrong phone.")
    return {
        "anonymous": None,
        "provider": provider,
        "other_provider": other_provider,
        "moderator": moderator,
        "superuser": superuser,
        "listing": listing,
        "change": change,
        "claim": claim,
        "report": report,
        "unowned": unowned,
    }


def as_role(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    return client


def outcome(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return SIGN_IN
    return response.status_code


def admin_form_data(response, **changes) -> dict:
    """What an admin change page posts back as it stands (the main form, then
    every inline with its management form), with `changes` by field name
    ("practices-0-DELETE": "on" for an inline's field)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)
    return data | changes
