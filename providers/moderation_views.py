"""Moderation pages, for superusers and members of the "moderator" group."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from providers import services
from providers.forms import DecisionForm, ReasonForm
from providers.listing_values import diff, snapshot
from providers.models import (
    MODERATE_PERMISSION,
    ChangeRequest,
    Claim,
    Report,
    Specialist,
)
from providers.out_of_date import out_of_date_reasons
from providers.querysets import UNCONFIRMED_AFTER_MONTHS

QUEUE_LIMIT = 200


def is_moderator(user) -> bool:
    return user.has_perm(MODERATE_PERMISSION)


def moderator_required(view):
    """Anonymous visitors go to sign in; other accounts get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied("Moderators only.")
        return view(request, *args, **kwargs)

    return wrapper


def _queue_items() -> list:
    """Every pending item, oldest first. Three queries, at most QUEUE_LIMIT each."""
    items = [
        *ChangeRequest.objects.for_queue()[:QUEUE_LIMIT],
        *Claim.objects.for_queue()[:QUEUE_LIMIT],
        *Report.objects.for_queue()[:QUEUE_LIMIT],
    ]
    return sorted(items, key=lambda item: item.created)


def _item_key(item) -> str:
    return f"{type(item).__name__.lower()}-{item.pk}"


# Claims are decided one at a time, on their page: it tells the moderator to
# call the practice before approving.
BULK_MODELS = {"changerequest": ChangeRequest, "report": Report}


@moderator_required
def queue(request):
    if request.method == "POST":
        return _bulk(request)
    items = [
        (item, _item_key(item) if type(item) in BULK_MODELS.values() else None)
        for item in _queue_items()
    ]
    return render(
        request,
        "providers/moderation/queue.html",
        {
            "items": items,
            "stale_count": Specialist.objects.stale().count(),
            "out_of_date_count": Specialist.objects.possibly_out_of_date().count(),
            "reason_form": ReasonForm(),
        },
    )


def _bulk(request):
    """Approve or reject the ticked items, one transaction each.

    Edits that conflict with the live listing are left pending with a message:
    those need the diff page, not a bulk decision.
    """
    action = request.POST.get("action")
    reason = request.POST.get("reason", "").strip()
    keys = request.POST.getlist("items")
    if action not in ("approve", "reject") or not keys:
        messages.error(request, "Tick at least one item and choose an action.")
        return redirect("providers:moderation_queue")
    if action == "reject" and not reason:
        messages.error(request, "Give a reason to reject: providers will see it.")
        return redirect("providers:moderation_queue")
    done, problems = 0, []
    for key in keys:
        kind, _, pk = key.partition("-")
        model = BULK_MODELS.get(kind)
        item = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if item is None:
            continue
        try:
            services.decide(item, action, moderator=request.user, reason=reason)
            done += 1
        except services.ModerationError as error:
            problems.append(f"{item}: {error}")
    verb = "approved" if action == "approve" else "rejected"
    messages.success(request, f"{done} item(s) {verb}.")
    for problem in problems:
        messages.error(request, problem)
    return redirect("providers:moderation_queue")


def _decision_page(request, item, template: str, context: dict):
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                item,
                form.cleaned_data["decision"],
                moderator=request.user,
                reason=form.cleaned_data["reason"].strip(),
                force=form.cleaned_data["force"],
            )
        except services.ListingChanged as error:
            form.add_error(None, str(error))
            context["conflict"] = True
        except services.ModerationError as error:
            messages.error(request, str(error))
            return redirect(item.get_absolute_url())
        else:
            messages.success(request, f"Decision recorded: {item}.")
            return redirect("providers:moderation_queue")
    item.refresh_from_db()
    return render(request, template, {"item": item, "form": form, **context})


@moderator_required
def change_detail(request, pk):
    change = get_object_or_404(
        ChangeRequest.objects.select_related("specialist", "submitted_by"), pk=pk
    )
    live = snapshot(change.specialist)
    if change.kind == ChangeRequest.Kind.EDIT:
        rows = diff(live, change.proposed, base=change.base)
    else:
        rows = diff({}, live)
    context = {"rows": rows, "conflict": any(row.conflict for row in rows)}
    return _decision_page(
        request, change, "providers/moderation/change_detail.html", context
    )


@moderator_required
def claim_detail(request, pk):
    claim = get_object_or_404(Claim.objects.select_related("specialist", "user"), pk=pk)
    phones = [location.phone for location in claim.specialist.locations.all()]
    digits = "".join(c for c in claim.phone if c.isdigit())[-10:]
    context = {
        "npi_matches": claim.npi == claim.specialist.npi,
        "phone_matches": bool(digits)
        and any(digits == "".join(c for c in p if c.isdigit())[-10:] for p in phones),
        "listed_phones": phones,
    }
    return _decision_page(
        request, claim, "providers/moderation/claim_detail.html", context
    )


@moderator_required
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.select_related("specialist"), pk=pk)
    return _decision_page(
        request, report, "providers/moderation/report_detail.html", {}
    )


@moderator_required
def listing_detail(request, pk):
    specialist = get_object_or_404(Specialist, pk=pk)
    return render(
        request,
        "providers/moderation/listing_detail.html",
        {
            "specialist": specialist,
            "changes": [
                (change, diff(change.base, change.proposed))
                for change in specialist.change_requests.approved_changes()
            ],
            "history": specialist.history.select_related("history_user")[:50],
            "reports": specialist.reports.order_by("-created")[:20],
            "reason_form": ReasonForm(),
        },
    )


@moderator_required
@require_POST
def suspend(request, pk):
    specialist = get_object_or_404(Specialist, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for suspending the listing.")
        return redirect("providers:moderate_listing", pk=pk)
    try:
        services.suspend_listing(
            specialist, moderator=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{specialist} is suspended and hidden from the site."
        )
    return redirect("providers:moderate_listing", pk=pk)


@moderator_required
@require_POST
def restore(request, pk):
    specialist = get_object_or_404(Specialist, pk=pk)
    try:
        services.restore_listing(specialist, moderator=request.user)
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{specialist} is public again.")
    return redirect("providers:moderate_listing", pk=pk)


@moderator_required
@require_POST
def revert(request, pk):
    change = get_object_or_404(ChangeRequest, pk=pk)
    try:
        services.revert_change(
            change, moderator=request.user, force=request.POST.get("force") == "on"
        )
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The change was reverted; the revert is in history.")
    return redirect("providers:moderate_listing", pk=change.specialist_id)


@moderator_required
def stale_listings(request):
    stale = (
        Specialist.objects.stale()
        .select_related("owner")
        .order_by("last_verified", "pk")
    )
    return render(
        request,
        "providers/moderation/stale.html",
        {"listings": stale[:QUEUE_LIMIT], "count": stale.count()},
    )


@moderator_required
def out_of_date_listings(request):
    """Listings no source has confirmed for 24 months, or gone from every
    public file, with why: a moderator checks them (and may suspend one)."""
    listings = (
        Specialist.objects.possibly_out_of_date()
        .select_related("owner")
        .order_by(F("confirmed_on").asc(nulls_first=True), "pk")
    )
    return render(
        request,
        "providers/moderation/out_of_date.html",
        {
            "rows": [
                (specialist, out_of_date_reasons(specialist))
                for specialist in listings[:QUEUE_LIMIT]
            ],
            "count": listings.count(),
            "months": UNCONFIRMED_AFTER_MONTHS,
        },
    )
