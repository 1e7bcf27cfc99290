"""Procedures and an article that discusses both, for the article tests."""

from datetime import date

import pytest

from tests.factories import (
    make_article,
    make_procedure,
)


@pytest.fixture
def vertebroplasty():
    return make_procedure(name="Vertebroplasty", slug="vertebroplasty")


@pytest.fixture
def kyphoplasty():
    return make_procedure(name="Kyphoplasty", slug="kyphoplasty")


@pytest.fixture
def article(vertebroplasty, kyphoplasty):
    return make_article(
        title="Cement for a broken vertebra",
        slug="cement",
        summary="How two procedures treat compression fractures.",
        body="Intro paragraph.\n\n## What it is\n\n- one\n- two\n\n*Not advice.*",
        procedures=[vertebroplasty, kyphoplasty],
        published=date(2026, 10, 6),
        medically_reviewed=date(2026, 10, 20),
    )
