"""The demo articles: their texts are the Markdown files beside this module."""

from datetime import date
from pathlib import Path

from django.db import transaction

from articles.models import Article
from providers.demo.loader import analyze
from providers.models import Procedure

TEXTS = Path(__file__).parent

ARTICLES = [
    {
        "slug": "vertebroplasty-and-kyphoplasty",
        "title": "Vertebroplasty and kyphoplasty: cement for a broken vertebra",
        "summary": "How two procedures treat painful compression fractures caused "
        "by osteoporosis, who may benefit, and what the risks are.",
        "procedures": ["vertebroplasty", "kyphoplasty"],
        "published": date(2026, 10, 6),
        "medically_reviewed": date(2026, 10, 20),
    },
    {
        "slug": "microdiscectomy",
        "title": "Microdiscectomy: surgery for a herniated disc and sciatica",
        "summary": "When a slipped disc presses on a nerve in the lower back: why most "
        "get better on their own, and when a small operation to remove the bulge "
        "may help.",
        "procedures": ["microdiscectomy"],
        "published": date(2026, 10, 13),
        "medically_reviewed": date(2026, 10, 27),
    },
    {
        "slug": "epidural-steroid-injections",
        "title": "Epidural steroid injections for arm and leg pain from the spine",
        "summary": "How an injection beside an irritated nerve root works, who may "
        "benefit, how long relief tends to last, and the risks.",
        "procedures": ["epidural-steroid-injection"],
        "published": date(2026, 10, 20),
        "medically_reviewed": date(2026, 10, 29),
    },
    {
        "slug": "spinal-cord-stimulation",
        "title": "Spinal cord stimulation for long-term nerve pain",
        "summary": "An implanted device that changes how pain signals reach the "
        "brain: how the trial works, who may be a candidate, and what can go wrong.",
        "procedures": ["spinal-cord-stimulation"],
        "published": date(2026, 10, 27),
        "medically_reviewed": None,
    },
]


def load_demo_articles() -> int:
    """Create the demo articles that are missing; returns how many were created.

    Needs the demo procedures (`providers.demo.loader.load_demo_data`) first."""
    created = _create_missing()
    if created:
        analyze(Article)
    return created


@transaction.atomic
def _create_missing() -> int:
    created = 0
    procedures = {p.slug: p for p in Procedure.objects.all()}
    for spec in ARTICLES:
        article, new = Article.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "body": (TEXTS / f"{spec['slug']}.md").read_text(),
                "published": spec["published"],
                "medically_reviewed": spec["medically_reviewed"],
            },
        )
        if new:
            article.procedures.set([procedures[slug] for slug in spec["procedures"]])
            created += 1
    return created
