"""Sign-in: allauth's, told the real client address and answering 429 when locked."""

import time
from functools import wraps

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import LoginView
from django.conf import settings
from django.core.cache import cache
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.crypto import salted_hmac

from web.errors import too_many_requests
from web.ratelimit import client_address, hit

# allauth counts failures for one account over five minutes.
LOCKED_RETRY_AFTER = 300


HOUR = 60 * 60


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in locks one account from one client: after
    SIGNIN_FAILURES_PER_ACCOUNT failures in 5 minutes from a client, that
    client may not try the account again for a while, and anyone else still
    may; so a stranger typing wrong passwords cannot lock a moderator out.
    Above it, a slower ceiling for the account from everywhere
    (SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR) bounds guessing from many addresses.
    """

    def get_client_ip(self, request) -> str:
        """The address the limits count by, trusting only TRUSTED_PROXIES."""
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys its per-account count ("/key" in ACCOUNT_RATE_LIMITS)
        # by the account alone; this makes it the account and the client.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        client = salted_hmac("signin", client_address(request)).hexdigest()[:32]
        return f"{account}:{client}"

    def pre_authenticate(self, request, **credentials) -> None:
        ceiling = settings.SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR
        if cache.get(_account_key(credentials), 0) >= ceiling:
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        key = _account_key(credentials)
        cache.add(key, 0, HOUR)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, HOUR)


def _account_key(credentials: dict) -> str:
    """The cache key of an account's failures this hour, from every client."""
    login = credentials.get("email", credentials.get("username", "")).lower()
    hour = int(time.time() // HOUR)
    return f"signin-failures:{hour}:{salted_hmac('signin', login).hexdigest()[:32]}"


class SignInView(LoginView):
    """allauth's sign-in page; a sign-in refused because of too many failed
    attempts answers 429 with Retry-After, not 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            response.status_code = 429
            response["Retry-After"] = str(LOCKED_RETRY_AFTER)
        return response


def throttled_admin_login(login):
    """The admin's own sign-in, limited like the site's: past
    SIGNIN_ATTEMPTS_PER_MINUTE attempts a minute from one client, 429."""

    @wraps(login)
    def wrapped(request, extra_context=None):
        if request.method == "POST":
            retry_after = hit(
                request, "admin-login", limit=settings.SIGNIN_ATTEMPTS_PER_MINUTE
            )
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return login(request, extra_context)

    return wrapped
