# Articles moved out of the providers app. The tables stay where they are
# (providers_article, providers_article_procedures, providers_articlereferral):
# this migration only tells Django's state that the models now live here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("providers", "0005_merge_moderation_referrals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Article",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200)),
                        ("slug", models.SlugField(help_text="The page's address: /articles/<slug>/. Changing it breaks links.", max_length=200, unique=True)),
                        ("summary", models.CharField(blank=True, max_length=300)),
                        ("body", models.TextField(help_text="Markdown. Start headings at ## (the title is the page's only top heading). Scripts, event handlers and javascript: links are removed when the page is shown.")),
                        ("published", models.DateField(blank=True, help_text="The article is public from this date. Leave it empty to keep the article a draft.", null=True)),
                        ("medically_reviewed", models.DateField(blank=True, null=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("procedures", models.ManyToManyField(blank=True, help_text="Each one gets a box on the page that searches the finder for it.", related_name="articles", to="providers.procedure")),
                    ],
                    options={
                        "db_table": "providers_article",
                        "ordering": ["title"],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleReferral",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField(help_text="The day the searches were made (site time).")),
                        ("count", models.PositiveIntegerField(default=0, help_text="Searches started from the article that day.", verbose_name="searches")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="referrals", to="articles.article")),
                        ("procedure", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="referrals", to="providers.procedure")),
                    ],
                    options={
                        "verbose_name": "article referral count",
                        "db_table": "providers_articlereferral",
                        "ordering": ["-day", "article", "procedure"],
                        "constraints": [models.UniqueConstraint(fields=("article", "procedure", "day"), name="unique_article_referral")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
