from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Name search ignores accents: "Jose" finds "José"."""

    dependencies = [("providers", "0001_initial")]

    operations = [UnaccentExtension()]
