"""Writes that take more than one step: listings, claims, moderation, reminders.

Every decision runs in a transaction that locks the request and the listing
(`select_for_update`), so two moderators deciding at once end with one decision
and a clear error for the other. History (django-simple-history) records every
save with the acting user.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from geo.points import make_point
from providers.listing_values import (
    LOCATION_FIELDS,
    RELATED_FIELDS,
    SCALAR_FIELDS,
    changed_fields,
    snapshot,
)
from providers.models import (
    ChangeRequest,
    Claim,
    Decision,
    Location,
    Practice,
    Report,
    Specialist,
    VerificationReminder,
)
from providers.slugs import unique_slug

PUBLIC_STATUSES = (Specialist.Status.PUBLISHED, Specialist.Status.SUSPENDED)


class ModerationError(Exception):
    """A request that cannot be carried out; the message is for the user."""


class AlreadyDecided(ModerationError):
    def __init__(self, item):
        who = item.decided_by or "Someone"
        when = timezone.localtime(item.decided_at).strftime("%b %d, %Y %H:%M")
        super().__init__(
            f"{who} already {item.get_status_display().lower()} this on {when}. "
            "Nothing was changed."
        )


class ListingChanged(ModerationError):
    """The live listing changed, in the fields a request edits, after it was made."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__(
            "The live listing has changed since this request was made, in: "
            f"{', '.join(fields)}. Review the highlighted rows, then approve again "
            "with 'apply anyway' ticked, or reject the request."
        )


class EditConflict(ModerationError):
    """A provider's edit was based on an older state of their pending request."""

    def __init__(self, pending: ChangeRequest):
        self.pending = pending
        super().__init__(
            "Another change to your listing was sent while you had this page "
            "open. Your text is still in the form below: compare it with the "
            "waiting request, then send it again."
        )


def _record_decision(item, *, status: str, moderator, reason: str = "") -> None:
    item.status = status
    item.decided_by = moderator
    item.decided_at = timezone.now()
    item.reason = reason
    item.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _locked_pending(model, pk: int):
    item = model.objects.select_for_update().get(pk=pk)
    if item.status != Decision.PENDING:
        raise AlreadyDecided(item)
    return item


def _save(obj, user, fields: list[str], reason: str = "") -> None:
    """Save with history: who made the change, and optionally why."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save(update_fields=fields)


def _write_location(location: Location, entry: dict, user) -> Location:
    for field in LOCATION_FIELDS:
        setattr(location, field, entry.get(field, ""))
    location.point = make_point(
        latitude=entry["latitude"], longitude=entry["longitude"]
    )
    location.precision = entry["precision"]
    location._history_user = user
    location.save()
    return location


def _apply_locations(specialist: Specialist, entries: list[dict], user) -> None:
    current = {location.pk: location for location in specialist.locations.all()}
    kept = set()
    for entry in entries:
        location = current.get(entry.get("id"))
        if location is None:
            _link(specialist, _write_location(Location(), entry, user), user)
            continue
        kept.add(location.pk)
        shared = location.practices.exclude(specialist=specialist).exists()
        if shared:
            # Another listing practices here too: give this one its own copy
            # rather than changing the other listing's address.
            _unlink(specialist, location.pk, user)
            _link(specialist, _write_location(Location(), entry, user), user)
        else:
            _write_location(location, entry, user)
    for pk in current.keys() - kept:
        _unlink(specialist, pk, user)


def _link(specialist: Specialist, location: Location, user) -> None:
    practice = Practice(specialist=specialist, location=location)
    practice._history_user = user
    practice.save()


def _unlink(specialist: Specialist, location_pk: int, user) -> None:
    # The location itself stays: its history and any other listing keep it.
    for practice in Practice.objects.filter(
        specialist=specialist, location_id=location_pk
    ):
        practice._history_user = user
        practice.delete()


def apply_values(
    specialist: Specialist, values: dict, *, user, fields: list[str] | None = None
) -> None:
    """Write listing values (as `listing_values.snapshot` makes them) to the live
    listing through model saves, so that history records each change and `user`.
    Only `fields` are written when given."""
    fields = [f for f in (fields or values.keys()) if f in values]
    scalar = [f for f in SCALAR_FIELDS if f in fields]
    for field in scalar:
        setattr(specialist, field, values[field])
    _save(specialist, user, [*scalar, "updated"])
    for field in RELATED_FIELDS:
        if field in fields:
            getattr(specialist, field).set(values[field])
    if "locations" in fields:
        _apply_locations(specialist, values["locations"], user)


def record_admin_edit(
    specialist: Specialist, *, before: dict, user: AbstractBaseUser
) -> ChangeRequest | None:
    """Record an edit made in the Django admin as an approved correction, as a
    moderator's approved change is: the fields it changed (`before` is the
    listing's `snapshot` before the edit) keep their value through later
    imports, and a later change of the source to one of them goes to the
    moderation queue. None when the edit changed no listing value."""
    after = snapshot(specialist)
    fields = changed_fields(before, after)
    if not fields:
        return None
    return ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.EDIT,
        specialist=specialist,
        submitted_by=user,
        proposed={field: after[field] for field in fields},
        base=before,
        status=Decision.APPROVED,
        decided_by=user,
        decided_at=timezone.now(),
        reason="Edited in the admin.",
    )


def _apply_change(
    specialist: Specialist, request: ChangeRequest, *, undo: bool, moderator, force
) -> tuple[list[str], dict]:
    """Write the fields `request` changes (its proposed values, or with `undo`
    the values they replaced), unless the live listing no longer holds what the
    request expects there: ListingChanged, unless `force`. Returns the fields
    and the live values as they were before."""
    fields = changed_fields(request.base, request.proposed)
    expected, values = (
        (request.proposed, request.base)
        if undo
        else (
            request.base,
            request.proposed,
        )
    )
    live = snapshot(specialist)
    conflicts = [f for f in fields if live.get(f) != expected.get(f)]
    if conflicts and not force:
        raise ListingChanged(conflicts)
    apply_values(specialist, values, user=moderator, fields=fields)
    return fields, live


@transaction.atomic
def create_listing(
    user: AbstractBaseUser, *, identity: dict, values: dict
) -> ChangeRequest:
    """A new listing owned by `user`, pending review, and its review request.

    `identity` holds npi, first_name, middle_name and last_name.
    """
    if Specialist.objects.filter(owner=user).exists():
        raise ModerationError("Your account already keeps a listing.")
    name = " ".join(
        identity[f] for f in ("first_name", "middle_name", "last_name") if identity[f]
    )
    specialist = Specialist(
        **identity,
        slug=unique_slug(Specialist, name),
        status=Specialist.Status.PENDING_REVIEW,
        owner=user,
    )
    specialist._history_user = user
    specialist.save()
    apply_values(specialist, values, user=user)
    return _new_listing_request(specialist, user)


def _new_listing_request(specialist: Specialist, user) -> ChangeRequest:
    """A listing not yet public, with its values as they stand, for review."""
    return ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.NEW_LISTING,
        specialist=specialist,
        submitted_by=user,
        proposed=snapshot(specialist),
    )


@transaction.atomic
def submit_edit(
    specialist: Specialist,
    values: dict,
    *,
    user: AbstractBaseUser,
    based_on: int | None,
) -> ChangeRequest | None:
    """A provider's edit of their own listing.

    A published (or suspended) listing keeps its live values: the edit becomes a
    pending change request, replacing an earlier pending one whose values the
    provider's form started from (`based_on`). A listing not yet public is
    changed at once; a rejected new listing goes back for review. Raises
    EditConflict when another request arrived after the form was shown.
    Returns the new request, or None when nothing needs review.
    """
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    pending = specialist.change_requests.select_for_update().pending().first()
    if specialist.status not in PUBLIC_STATUSES:
        apply_values(specialist, values, user=user)
        if pending is not None:
            return None
        specialist.status = Specialist.Status.PENDING_REVIEW
        _save(specialist, user, ["status", "updated"])
        return _new_listing_request(specialist, user)
    if pending is not None and pending.pk != based_on:
        raise EditConflict(pending)
    live = snapshot(specialist)
    if pending is not None:
        pending.status = Decision.SUPERSEDED
        pending.save(update_fields=["status"])
    if not changed_fields(live, values):
        return None
    request = ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.EDIT,
        specialist=specialist,
        submitted_by=user,
        proposed={field: values[field] for field in changed_fields(live, values)},
        base=live,
    )
    if pending is not None:
        pending.superseded_by = request
        pending.save(update_fields=["superseded_by"])
    return request


@transaction.atomic
def approve_change(
    request: ChangeRequest, *, moderator: AbstractBaseUser, force: bool = False
) -> None:
    """Apply a pending request to the live listing, recording who and when.

    Raises AlreadyDecided if another moderator decided it first, and
    ListingChanged if the fields it edits changed on the live listing after it
    was made (unless `force`).
    """
    request = _locked_pending(ChangeRequest, request.pk)
    specialist = Specialist.objects.select_for_update().get(pk=request.specialist_id)
    if request.kind == ChangeRequest.Kind.NEW_LISTING:
        specialist.status = Specialist.Status.PUBLISHED
        specialist.last_verified = timezone.localdate()
        _save(specialist, moderator, ["status", "last_verified", "updated"])
    else:
        _apply_change(specialist, request, undo=False, moderator=moderator, force=force)
    _record_decision(request, status=Decision.APPROVED, moderator=moderator)


@transaction.atomic
def reject_change(
    request: ChangeRequest, *, moderator: AbstractBaseUser, reason: str
) -> None:
    """Reject a pending request with a reason the provider will see.

    A rejected new listing goes back to draft: still not public, still editable.
    """
    if not reason.strip():
        raise ModerationError("Give a reason: the provider will see it.")
    request = _locked_pending(ChangeRequest, request.pk)
    if request.kind == ChangeRequest.Kind.NEW_LISTING:
        specialist = Specialist.objects.select_for_update().get(
            pk=request.specialist_id
        )
        if specialist.status == Specialist.Status.PENDING_REVIEW:
            specialist.status = Specialist.Status.DRAFT
            _save(specialist, moderator, ["status", "updated"], reason)
    _record_decision(
        request, status=Decision.REJECTED, moderator=moderator, reason=reason
    )


@transaction.atomic
def revert_change(
    request: ChangeRequest, *, moderator: AbstractBaseUser, force: bool = False
) -> ChangeRequest:
    """Put back the values an approved change replaced, as a new approved change.

    Raises ListingChanged if those fields changed again since (unless `force`).
    """
    request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    approved = request.status == Decision.APPROVED
    if not approved or request.kind == ChangeRequest.Kind.NEW_LISTING:
        raise ModerationError("Only an approved change can be reverted.")
    specialist = Specialist.objects.select_for_update().get(pk=request.specialist_id)
    fields, live = _apply_change(
        specialist, request, undo=True, moderator=moderator, force=force
    )
    return ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.REVERT,
        specialist=specialist,
        submitted_by=moderator,
        proposed={field: request.base[field] for field in fields},
        base=live,
        reverts=request,
        status=Decision.APPROVED,
        decided_by=moderator,
        decided_at=timezone.now(),
    )


@transaction.atomic
def approve_claim(claim: Claim, *, moderator: AbstractBaseUser) -> None:
    """Make the claimant the listing's owner; other pending claims on it are
    rejected with a reason. Raises ModerationError if either side is taken."""
    claim = _locked_pending(Claim, claim.pk)
    specialist = Specialist.objects.select_for_update().get(pk=claim.specialist_id)
    if specialist.owner_id is not None:
        raise ModerationError("This listing already has an owner.")
    if Specialist.objects.filter(owner_id=claim.user_id).exists():
        raise ModerationError("This account already keeps another listing.")
    specialist.owner_id = claim.user_id
    _save(specialist, moderator, ["owner", "updated"])
    _record_decision(claim, status=Decision.APPROVED, moderator=moderator)
    for other in specialist.claims.select_for_update().pending():
        _record_decision(
            other,
            status=Decision.REJECTED,
            moderator=moderator,
            reason="Another account's claim to this listing was approved.",
        )


@transaction.atomic
def reject_claim(claim: Claim, *, moderator: AbstractBaseUser, reason: str) -> None:
    if not reason.strip():
        raise ModerationError("Give a reason: the provider will see it.")
    claim = _locked_pending(Claim, claim.pk)
    _record_decision(
        claim, status=Decision.REJECTED, moderator=moderator, reason=reason
    )


@transaction.atomic
def close_report(
    report: Report, *, moderator: AbstractBaseUser, acted_on: bool, note: str = ""
) -> None:
    """Close a public report: acted on (approved) or dismissed (rejected)."""
    report = _locked_pending(Report, report.pk)
    status = Decision.APPROVED if acted_on else Decision.REJECTED
    _record_decision(report, status=status, moderator=moderator, reason=note)


@transaction.atomic
def suspend_listing(
    specialist: Specialist, *, moderator: AbstractBaseUser, reason: str
) -> None:
    """Hide a listing from search, profiles and the API at once."""
    if not reason.strip():
        raise ModerationError("Give a reason for suspending the listing.")
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if specialist.status == Specialist.Status.SUSPENDED:
        raise ModerationError("This listing is already suspended.")
    specialist.status = Specialist.Status.SUSPENDED
    _save(specialist, moderator, ["status", "updated"], reason)


@transaction.atomic
def publish_listing(specialist: Specialist, *, moderator: AbstractBaseUser) -> None:
    """Make a listing public through the door its state calls for: a listing
    waiting for review has its new-listing request approved (so that request
    cannot be rejected later while the listing stays public), a suspended one
    is restored, a draft without a request is published. Raises
    ModerationError when the listing is already published or has an edit
    waiting (that needs the request's own page)."""
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    pending = specialist.change_requests.pending().first()
    if pending is not None and pending.kind == ChangeRequest.Kind.NEW_LISTING:
        approve_change(pending, moderator=moderator)
    elif specialist.status == Specialist.Status.SUSPENDED:
        restore_listing(specialist, moderator=moderator)
    elif specialist.status == Specialist.Status.PUBLISHED:
        raise ModerationError("This listing is already published.")
    else:
        specialist.status = Specialist.Status.PUBLISHED
        specialist.last_verified = timezone.localdate()
        _save(specialist, moderator, ["status", "last_verified", "updated"])


@transaction.atomic
def restore_listing(specialist: Specialist, *, moderator: AbstractBaseUser) -> None:
    """Publish a suspended listing again."""
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if specialist.status != Specialist.Status.SUSPENDED:
        raise ModerationError("Only a suspended listing can be restored.")
    specialist.status = Specialist.Status.PUBLISHED
    _save(specialist, moderator, ["status", "updated"], "Restored")


def confirm_accurate(specialist: Specialist, *, user: AbstractBaseUser) -> None:
    """The owner says the listing is still right: today becomes last verified."""
    specialist.last_verified = timezone.localdate()
    _save(specialist, user, ["last_verified", "updated"])


def send_stale_reminders(*, base_url: str = "") -> tuple[int, int]:
    """Mail the owner of each stale listing, at most once in 7 days.

    Returns (stale listings, reminders sent). One query to find them, one mail
    and one insert a reminder.
    """
    now = timezone.now()
    stale = Specialist.objects.stale()
    due = (
        stale.filter(owner__isnull=False)
        .exclude(owner__email="")
        .not_reminded_since(now - timedelta(days=7))
        .select_related("owner")
    )
    sent = 0
    for specialist in due:
        context = {
            "specialist": specialist,
            "dashboard_url": base_url + reverse("providers:dashboard"),
            "days": settings.LISTING_STALE_AFTER_DAYS,
        }
        send_mail(
            subject="Please confirm your listing is still accurate",
            message=render_to_string("providers/email/stale_reminder.txt", context),
            from_email=None,
            recipient_list=[specialist.owner.email],
        )
        VerificationReminder.objects.create(
            specialist=specialist, sent_to=specialist.owner.email
        )
        sent += 1
    return stale.count(), sent


def decide(item, action: str, *, moderator, reason: str = "", force=False) -> None:
    """A moderator's decision on a queued item (a change request, a claim or a
    report): `action` is "approve" or "reject" (for a report: acted on, or
    closed without action). Raises ModerationError (or ListingChanged) as the
    service it calls does."""
    if isinstance(item, ChangeRequest):
        if action == "approve":
            approve_change(item, moderator=moderator, force=force)
        else:
            reject_change(item, moderator=moderator, reason=reason)
    elif isinstance(item, Claim):
        if action == "approve":
            approve_claim(item, moderator=moderator)
        else:
            reject_claim(item, moderator=moderator, reason=reason)
    else:
        close_report(
            item, moderator=moderator, acted_on=action == "approve", note=reason
        )
