"""Mail owners of stale listings a reminder; meant for a daily cron job."""

from django.core.management.base import BaseCommand

from providers.models import Specialist
from providers.services import send_stale_reminders


class Command(BaseCommand):
    help = (
        "List published listings not verified for LISTING_STALE_AFTER_DAYS days "
        "and mail each owner a reminder, at most one a week per listing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for the link in the mail, such as "
            "https://finder.example.org",
        )
        parser.add_argument(
            "--list",
            dest="show",
            action="store_true",
            help="Print each stale listing too.",
        )

    def handle(self, *args, base_url, show, **options):
        if show:
            for specialist in Specialist.objects.stale().select_related("owner"):
                owner = specialist.owner.email if specialist.owner else "no owner"
                verified = specialist.last_verified or "never"
                self.stdout.write(
                    f"{specialist.npi}  {specialist}  verified {verified}  {owner}"
                )
        stale, sent = send_stale_reminders(base_url=base_url.rstrip("/"))
        self.stdout.write(f"{stale} stale listing(s); {sent} reminder(s) sent.")
