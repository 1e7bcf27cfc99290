"""Provider self-service, and the public form to report an inaccuracy.

A provider's pages never take a listing from the URL: they act on the listing
the signed-in account owns, so there is no address that reaches another's.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from providers import services
from providers.forms import (
    ClaimForm,
    ListingForm,
    LocationFormSet,
    NewListingForm,
    ReportForm,
    location_initial,
    locations_from_formset,
)
from providers.listing_values import diff, snapshot
from providers.models import ChangeRequest, Claim, Specialist
from web.ratelimit import hit


def _own_listing(user) -> Specialist | None:
    return Specialist.objects.filter(owner=user).first()


def _pending_request(specialist: Specialist) -> ChangeRequest | None:
    return specialist.change_requests.pending().first()


@login_required
def dashboard(request):
    specialist = _own_listing(request.user)
    context = {
        "specialist": specialist,
        "claims": Claim.objects.filter(user=request.user).select_related("specialist"),
    }
    if specialist is not None:
        context |= {
            "requests": specialist.change_requests.exclude(
                kind=ChangeRequest.Kind.REVERT
            ).order_by("-created"),
            "is_stale": Specialist.objects.stale().filter(pk=specialist.pk).exists(),
        }
    return render(request, "providers/dashboard.html", context)


@login_required
def edit_listing(request):
    specialist = _own_listing(request.user)
    if specialist is None:
        raise Http404("Your account does not keep a listing yet.")
    pending = _pending_request(specialist)
    live = snapshot(specialist)
    # The form starts from what is waiting for review, so that sending it again
    # carries the earlier request's text forward rather than dropping it.
    start = live | (pending.proposed if pending else {})
    based_on = pending.pk if pending else None
    own_ids = [location["id"] for location in live["locations"]]
    if request.method == "POST":
        based_on = _int_or_none(request.POST.get("based_on"))
        form = ListingForm(request.POST, initial=start)
        formset = LocationFormSet(
            request.POST,
            prefix="locations",
            initial=location_initial(start["locations"]),
            form_kwargs={"own_ids": own_ids},
        )
        if form.is_valid() and formset.is_valid():
            values = form.values() | {
                "locations": locations_from_formset(
                    formset, list(specialist.locations.all())
                )
            }
            try:
                change = services.submit_edit(
                    specialist, values, user=request.user, based_on=based_on
                )
            except services.EditConflict as conflict:
                messages.error(request, str(conflict))
                pending = conflict.pending
                based_on = pending.pk
            else:
                messages.success(request, _edit_message(specialist, change, pending))
                return redirect("providers:dashboard")
    else:
        form = ListingForm(initial=start)
        formset = LocationFormSet(
            prefix="locations",
            initial=location_initial(start["locations"]),
            form_kwargs={"own_ids": own_ids},
        )
    return render(
        request,
        "providers/listing_form.html",
        {
            "specialist": specialist,
            "form": form,
            "formset": formset,
            "pending": pending,
            "based_on": based_on or "",
            "locations": start["locations"],
        },
    )


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _edit_message(specialist, change, pending) -> str:
    if change is None and specialist.status in services.PUBLIC_STATUSES:
        if pending is not None:
            return (
                "Your listing is back to its live version; the change that was "
                "waiting for review was withdrawn."
            )
        return "You changed nothing, so nothing was sent for review."
    if change is None:
        return "Your listing was saved. It is still waiting for review."
    if change.kind == ChangeRequest.Kind.NEW_LISTING:
        return "Your listing was saved and sent for review."
    return (
        "Your change was sent for review. Your public listing stays as it is until "
        "a moderator approves it."
    )


@login_required
def new_listing(request):
    if _own_listing(request.user) is not None:
        messages.info(request, "Your account already keeps a listing.")
        return redirect("providers:dashboard")
    if request.method == "POST":
        form = NewListingForm(request.POST)
        formset = LocationFormSet(request.POST, prefix="locations")
        if form.is_valid() and formset.is_valid():
            services.create_listing(
                request.user,
                identity=form.identity(),
                values=form.values()
                | {"locations": locations_from_formset(formset, [])},
            )
            messages.success(
                request,
                "Your listing was created and sent for review. It becomes public "
                "once a moderator approves it.",
            )
            return redirect("providers:dashboard")
    else:
        form = NewListingForm(initial={"accepting_new_patients": True})
        formset = LocationFormSet(prefix="locations")
    return render(
        request, "providers/new_listing.html", {"form": form, "formset": formset}
    )


@login_required
@require_POST
def confirm_listing(request):
    specialist = _own_listing(request.user)
    if specialist is None:
        raise Http404("Your account does not keep a listing yet.")
    services.confirm_accurate(specialist, user=request.user)
    messages.success(request, "Thank you: your listing is marked as checked today.")
    return redirect("providers:dashboard")


@login_required
def request_detail(request, pk):
    change = get_object_or_404(
        ChangeRequest.objects.select_related("specialist"),
        pk=pk,
        specialist__owner=request.user,
    )
    return render(
        request,
        "providers/request_detail.html",
        {"change": change, "rows": diff(change.base, change.proposed)},
    )


@login_required
def find_listing(request):
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = Specialist.objects.claimable().filter(
            Q(npi=query) | Q(last_name__unaccent__iexact=query)
        )[:25]
    return render(
        request,
        "providers/find_listing.html",
        {
            "query": query,
            "results": results,
            "owns_listing": _own_listing(request.user) is not None,
        },
    )


@login_required
def claim_listing(request, slug):
    specialist = get_object_or_404(Specialist.objects.claimable(), slug=slug)
    blocked = ""
    if _own_listing(request.user) is not None:
        blocked = "Your account already keeps a listing."
    elif Claim.objects.filter(user=request.user).pending().exists():
        blocked = "You already have a claim waiting for review."
    data = request.POST if request.method == "POST" else None
    form = ClaimForm(data, specialist=specialist)
    if request.method == "POST" and not blocked and form.is_valid():
        form.instance.specialist = specialist
        form.instance.user = request.user
        form.save()
        messages.success(
            request,
            "Your claim was sent. A moderator will check it, usually within two "
            "working days; you will see the decision here.",
        )
        return redirect("providers:dashboard")
    return render(
        request,
        "providers/claim_form.html",
        {"specialist": specialist, "form": form, "blocked": blocked},
    )


def report(request, slug):
    specialist = get_object_or_404(Specialist.objects.published(), slug=slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status, retry_after = 200, None
    if request.method == "POST" and form.is_valid():
        retry_after = hit(
            request, "report", limit=settings.REPORTS_PER_HOUR, window=60 * 60
        )
        if retry_after is not None:
            minutes = max(1, round(retry_after / 60))
            form.add_error(
                None,
                "We have had several reports from your connection in the last hour. "
                f"Please try again in {minutes} minutes; what you wrote is still "
                "below.",
            )
            status = 429
        else:
            form.instance.specialist = specialist
            form.save()
            return redirect("providers:report_thanks", slug=specialist.slug)
    response = render(
        request,
        "providers/report_form.html",
        {"specialist": specialist, "form": form},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def report_thanks(request, slug):
    specialist = get_object_or_404(Specialist.objects.published(), slug=slug)
    return render(request, "providers/report_thanks.html", {"specialist": specialist})
