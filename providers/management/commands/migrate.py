from django.core.management.commands.migrate import Command as MigrateCommand

from providers.bulk import without_statement_timeout


class Command(MigrateCommand):
    """Django's migrate, without the statement timeout meant for web requests:
    at national scale a migration that builds an index or fills the search
    index runs statements of minutes (`make production` migrates on start)."""

    def handle(self, *args, **options):
        with without_statement_timeout():
            return super().handle(*args, **options)
