"""Loads the demo directory and the demo articles; safe to run again."""

from django.core.management.base import BaseCommand

from articles.demo import load_demo_articles
from providers.demo.loader import load_demo_data


class Command(BaseCommand):
    help = "Create the demo specialties, procedures, specialists and articles, once."

    def handle(self, *args, **options):
        created = load_demo_data()
        created["articles"] = load_demo_articles()
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Demo data: created {summary}.")
