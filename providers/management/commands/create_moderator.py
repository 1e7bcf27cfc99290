"""Make an account a moderator (creating it when it does not exist)."""

import getpass
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from providers.models import MODERATE_PERMISSION, MODERATOR_GROUP


def moderate_permission() -> Permission:
    app_label, codename = MODERATE_PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class Command(BaseCommand):
    help = (
        "Give the account with this email the moderate permission (through the "
        "'moderator' group) and let it use the admin. Without an account, "
        "create one (with --password, or a password asked for on the terminal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", help="For a new account only.")

    @transaction.atomic
    def handle(self, *args, email, password, **options):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            if password is None:
                password = self._ask_password(email)
            if not password:
                raise CommandError("A new account needs a password.")
            user = User.objects.create_user(
                username=email[:150], email=email, password=password
            )
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
            self.stdout.write(f"Created the account {email}.")
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
        group.permissions.add(moderate_permission())
        user.groups.add(group)
        self.stdout.write(f"{email} is a moderator.")

    def _ask_password(self, email: str) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                f"There is no account for {email}, and no terminal to ask for its "
                "password: give one with --password."
            )
        try:
            return getpass.getpass(f"Password for {email}: ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("No password given; nothing was changed.") from None
