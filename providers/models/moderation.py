"""Moderation: what providers and the public ask for, and what moderators decide."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from providers.choices import Decision, RequestKind
from providers.models.listings import Specialist
from providers.querysets import ClaimQuerySet, ReportQuerySet, RequestQuerySet

# The group `create_moderator` puts moderators in; it holds the permission.
MODERATOR_GROUP = "moderator"
MODERATE_PERMISSION = "providers.moderate"


class Decided(models.Model):
    """Who decided, when, and why: shared by every kind of request."""

    status = models.CharField(
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator who approved or rejected it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        blank=True,
        help_text="Why it was rejected (shown to the provider), or a moderator's note.",
    )

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == Decision.PENDING


class ChangeRequest(Decided):
    """A provider's new listing or proposed edit, waiting for a moderator.

    `proposed` and `base` hold listing values as `providers.listing_values`
    builds them: `base` is the live listing when the request was made, so that a
    moderator approving it later learns what changed meanwhile.
    """

    Kind = RequestKind

    kind = models.CharField(max_length=10, choices=Kind.choices)
    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="change_requests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    proposed = models.JSONField(default=dict, blank=True)
    base = models.JSONField(default=dict, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="The later request that carries this one's text forward.",
    )
    reverts = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
        help_text="The approved change that this one undid.",
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist"],
                condition=models.Q(status=Decision.PENDING),
                name="one_pending_request_per_listing",
                violation_error_message="This listing already has a request "
                "waiting for review.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Decision.REJECTED) | ~models.Q(reason=""),
                name="change_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.specialist}"

    def get_absolute_url(self):
        return reverse("providers:moderate_change", kwargs={"pk": self.pk})


class Claim(Decided):
    """A provider asking to become the owner of an existing listing."""

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    npi = models.CharField("NPI given", max_length=10)
    phone = models.CharField("practice phone given", max_length=30, blank=True)
    email = models.EmailField("practice email given", blank=True)
    note = models.TextField(blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status=Decision.PENDING),
                name="one_pending_claim_per_user",
                violation_error_message="You already have a claim waiting for review.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Decision.REJECTED) | ~models.Q(reason=""),
                name="claim_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"Claim of {self.specialist} by {self.user}"

    def get_absolute_url(self):
        return reverse("providers:moderate_claim", kwargs={"pk": self.pk})


class Report(Decided):
    """A member of the public saying that something on a profile is wrong.

    Approved means acted on (the listing was corrected), rejected means
    dismissed; either way a moderator writes what they did in `reason`.
    """

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="reports"
    )
    what_is_wrong = models.TextField(max_length=2000)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"Report on {self.specialist}"

    def get_absolute_url(self):
        return reverse("providers:moderate_report", kwargs={"pk": self.pk})


class VerificationReminder(models.Model):
    """A reminder mailed to a listing's owner to confirm it is still accurate."""

    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Reminder to {self.sent_to} on {self.sent_at:%Y-%m-%d}"
