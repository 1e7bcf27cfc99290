"""Sign-in: allauth's, told the real client address and answering 429 when locked."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import LoginView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms.forms import NON_FIELD_ERRORS
from django.shortcuts import redirect

from directory.ratelimit import client_address

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


def admin_login(request, extra_context=None):
    """The admin's sign-in, replaced: staff sign in on the site's page (throttled
    and verified), never on an unthrottled form of the admin's own."""
    if request.user.is_authenticated and request.user.is_staff:
        return redirect("admin:index")
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in, but not staff
    # allauth checks that `next` stays on this site.
    return redirect_to_login(request.GET.get("next") or "/admin/", "account_login")
