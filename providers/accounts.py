"""Sign-in: allauth's, told the real client address and answering 429 when locked."""

from functools import wraps

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import LoginView
from django.conf import settings
from django.forms.forms import NON_FIELD_ERRORS

from web.errors import too_many_requests
from web.ratelimit import client_address, hit

# allauth counts failures for one account over five minutes.
LOCKED_RETRY_AFTER = 300


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The address the limits count by, trusting only TRUSTED_PROXIES."""
        return client_address(request)


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
