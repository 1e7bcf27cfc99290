# Article and ArticleReferral now belong to the articles app, on the same
# tables (see articles/migrations/0001_initial.py). Their content types move
# with them, so permissions granted on articles are kept.

from django.db import migrations


def move_content_types(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label=source, model__in=["article", "articlereferral"]
    ).update(app_label=target)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="providers", target="articles")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="articles", target="providers")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("providers", "0005_merge_moderation_referrals"),
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ArticleReferral"),
                migrations.DeleteModel(name="Article"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
